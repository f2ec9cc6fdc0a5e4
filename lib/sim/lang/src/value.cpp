#include "hotdog/sim/lang/value.hpp"

#include "hotdog/json_text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

namespace hotdog::sim {

namespace {

template <class Int>
void append_integer(std::string& out, Int i) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, i).ptr;
  out.append(buf, end);
}

}  // namespace

std::string_view kind_name(value_kind kind) noexcept {
  switch (kind) {
    case value_kind::null: return "null";
    case value_kind::boolean: return "boolean";
    case value_kind::integer: return "integer";
    case value_kind::unsigned_integer: return "unsigned_integer";
    case value_kind::floating: return "floating";
    case value_kind::string: return "string";
    case value_kind::array: return "array";
    case value_kind::object: return "object";
  }
  return "unknown";
}

value::value(std::string s) {
  if (s.size() <= short_string_max) {
    data_.emplace<std::string>(std::move(s));
  } else {
    data_.emplace<std::shared_ptr<const std::string>>(
        std::make_shared<const std::string>(std::move(s)));
  }
}

value::value(std::string_view s) : value(std::string(s)) {}

value::value(const char* s) {
  if (s != nullptr) *this = value(std::string(s));
}

value value::array(std::vector<value> items) {
  value v;
  v.data_.emplace<std::shared_ptr<const array_type>>(
      std::make_shared<const array_type>(std::move(items)));
  return v;
}

value value::object(std::vector<std::pair<std::string, value>> members) {
  // Stable, so that of equal keys the later one stays later; then keep each run's last.
  std::stable_sort(members.begin(), members.end(),
                   [](const member_type& a, const member_type& b) { return a.first < b.first; });
  object_type unique;
  unique.reserve(members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i + 1 < members.size() && members[i + 1].first == members[i].first) continue;
    unique.push_back(std::move(members[i]));
  }
  value v;
  v.data_.emplace<std::shared_ptr<const object_type>>(
      std::make_shared<const object_type>(std::move(unique)));
  return v;
}

bool value::is_number() const noexcept {
  const value_kind k = kind();
  return k == value_kind::integer || k == value_kind::unsigned_integer || k == value_kind::floating;
}

void value::wrong_kind(const char* accessor) const {
  throw std::logic_error(std::string("hotdog::sim::value::") + accessor + " on a " +
                         std::string(kind_name(kind())) + " (" + to_json() + ")");
}

bool value::as_bool() const {
  if (const bool* b = std::get_if<bool>(&data_)) return *b;
  wrong_kind("as_bool");
}

std::int64_t value::as_int() const {
  if (const auto* i = std::get_if<std::int64_t>(&data_)) return *i;
  if (const auto* u = std::get_if<std::uint64_t>(&data_)) {
    if (*u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return static_cast<std::int64_t>(*u);
    }
  }
  wrong_kind("as_int");
}

std::uint64_t value::as_uint() const {
  if (const auto* u = std::get_if<std::uint64_t>(&data_)) return *u;
  if (const auto* i = std::get_if<std::int64_t>(&data_)) {
    if (*i >= 0) return static_cast<std::uint64_t>(*i);
  }
  wrong_kind("as_uint");
}

double value::as_double() const {
  if (const auto* d = std::get_if<double>(&data_)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&data_)) return static_cast<double>(*i);
  if (const auto* u = std::get_if<std::uint64_t>(&data_)) return static_cast<double>(*u);
  wrong_kind("as_double");
}

const std::string& value::as_string() const {
  if (const auto* s = std::get_if<std::string>(&data_)) return *s;
  if (const auto* p = std::get_if<std::shared_ptr<const std::string>>(&data_)) return **p;
  wrong_kind("as_string");
}

const value::array_type& value::items() const {
  if (const auto* p = std::get_if<std::shared_ptr<const array_type>>(&data_)) return **p;
  wrong_kind("items");
}

const value::object_type& value::members() const {
  if (const auto* p = std::get_if<std::shared_ptr<const object_type>>(&data_)) return **p;
  wrong_kind("members");
}

const value* value::find(std::string_view key) const noexcept {
  const auto* p = std::get_if<std::shared_ptr<const object_type>>(&data_);
  if (p == nullptr) return nullptr;
  const object_type& m = **p;
  const auto it = std::lower_bound(
      m.begin(), m.end(), key,
      [](const member_type& member, std::string_view k) { return member.first < k; });
  if (it == m.end() || it->first != key) return nullptr;
  return &it->second;
}

void value::append_json(std::string& out) const {
  switch (data_.index()) {
    case 0: out += "null"; return;
    case 1: out += std::get<bool>(data_) ? "true" : "false"; return;
    case 2: append_integer(out, std::get<std::int64_t>(data_)); return;
    case 3: append_integer(out, std::get<std::uint64_t>(data_)); return;
    case 4: append_json_double(out, std::get<double>(data_)); return;
    case 5: append_json_quoted(out, std::get<std::string>(data_)); return;
    case 6: append_json_quoted(out, *std::get<std::shared_ptr<const std::string>>(data_)); return;
    case 7: {
      out += '[';
      bool first = true;
      for (const value& item : *std::get<std::shared_ptr<const array_type>>(data_)) {
        if (!first) out += ',';
        first = false;
        item.append_json(out);
      }
      out += ']';
      return;
    }
    default: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : *std::get<std::shared_ptr<const object_type>>(data_)) {
        if (!first) out += ',';
        first = false;
        append_json_quoted(out, key);
        out += ':';
        item.append_json(out);
      }
      out += '}';
      return;
    }
  }
}

std::string value::to_json() const {
  std::string out;
  append_json(out);
  return out;
}

bool value::same_object(const value& other) const noexcept {
  if (const auto* a = std::get_if<std::shared_ptr<const array_type>>(&data_)) {
    const auto* b = std::get_if<std::shared_ptr<const array_type>>(&other.data_);
    return b != nullptr && *a == *b;
  }
  if (const auto* a = std::get_if<std::shared_ptr<const object_type>>(&data_)) {
    const auto* b = std::get_if<std::shared_ptr<const object_type>>(&other.data_);
    return b != nullptr && *a == *b;
  }
  return false;
}

bool operator==(const value& a, const value& b) noexcept {
  const value_kind ka = a.kind();
  const value_kind kb = b.kind();
  const auto integral = [](value_kind k) {
    return k == value_kind::integer || k == value_kind::unsigned_integer;
  };
  if (ka != kb) {
    if (!integral(ka) || !integral(kb)) return false;
    // One signed, one unsigned: equal when the signed one is >= 0 and the values match.
    const value& s = ka == value_kind::integer ? a : b;
    const value& u = ka == value_kind::integer ? b : a;
    const std::int64_t i = std::get<std::int64_t>(s.data_);
    return i >= 0 && static_cast<std::uint64_t>(i) == std::get<std::uint64_t>(u.data_);
  }
  switch (ka) {
    case value_kind::null: return true;
    case value_kind::boolean: return std::get<bool>(a.data_) == std::get<bool>(b.data_);
    case value_kind::integer:
      return std::get<std::int64_t>(a.data_) == std::get<std::int64_t>(b.data_);
    case value_kind::unsigned_integer:
      return std::get<std::uint64_t>(a.data_) == std::get<std::uint64_t>(b.data_);
    case value_kind::floating: return std::get<double>(a.data_) == std::get<double>(b.data_);
    case value_kind::string: return a.as_string() == b.as_string();
    case value_kind::array: {
      const auto& pa = std::get<std::shared_ptr<const value::array_type>>(a.data_);
      const auto& pb = std::get<std::shared_ptr<const value::array_type>>(b.data_);
      return *pa == *pb;
    }
    case value_kind::object: {
      const auto& pa = std::get<std::shared_ptr<const value::object_type>>(a.data_);
      const auto& pb = std::get<std::shared_ptr<const value::object_type>>(b.data_);
      return *pa == *pb;
    }
  }
  return false;
}

}  // namespace hotdog::sim
