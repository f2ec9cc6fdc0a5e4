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

// Adds sizes without wrapping: a value shared 64 times over is larger than any count.
std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) noexcept {
  return a > std::numeric_limits<std::uint64_t>::max() - b
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

}  // namespace

struct value::array_box {
  array_type items;
  std::size_t depth = 1;
  std::uint64_t size = 1;
};

struct value::object_box {
  object_type members;
  std::size_t depth = 1;
  std::uint64_t size = 1;
};

namespace {

// Fills a box's depth and size from its parts; refuses a depth past value::max_depth.
template <class Box>
void measure(Box& box, std::size_t depth, std::uint64_t size) {
  if (depth > value::max_depth)
    throw std::length_error("a value nested more than " + std::to_string(value::max_depth) +
                            " levels deep (arrays and objects inside each other)");
  box.depth = depth;
  box.size = size;
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
  std::size_t depth = 0;
  std::uint64_t size = 1;
  for (const value& item : items) {
    depth = std::max(depth, item.depth());
    size = saturating_add(size, item.size());
  }
  auto box = std::make_shared<array_box>();
  measure(*box, depth + 1, size);
  box->items = std::move(items);
  value v;
  v.data_.emplace<std::shared_ptr<const array_box>>(std::move(box));
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
  std::size_t depth = 0;
  std::uint64_t size = 1;
  for (const auto& [key, item] : unique) {
    depth = std::max(depth, item.depth());
    size = saturating_add(size, saturating_add(key.size(), item.size()));
  }
  auto box = std::make_shared<object_box>();
  measure(*box, depth + 1, size);
  box->members = std::move(unique);
  value v;
  v.data_.emplace<std::shared_ptr<const object_box>>(std::move(box));
  return v;
}

std::size_t value::depth() const noexcept {
  if (const auto* a = std::get_if<std::shared_ptr<const array_box>>(&data_)) return (*a)->depth;
  if (const auto* o = std::get_if<std::shared_ptr<const object_box>>(&data_)) return (*o)->depth;
  return 0;
}

std::uint64_t value::size() const noexcept {
  if (const auto* a = std::get_if<std::shared_ptr<const array_box>>(&data_)) return (*a)->size;
  if (const auto* o = std::get_if<std::shared_ptr<const object_box>>(&data_)) return (*o)->size;
  if (is_string()) return saturating_add(1, as_string().size());
  return 1;
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
  if (const auto* p = std::get_if<std::shared_ptr<const array_box>>(&data_)) return (*p)->items;
  wrong_kind("items");
}

const value::object_type& value::members() const {
  if (const auto* p = std::get_if<std::shared_ptr<const object_box>>(&data_)) return (*p)->members;
  wrong_kind("members");
}

const value* value::find(std::string_view key) const noexcept {
  const auto* p = std::get_if<std::shared_ptr<const object_box>>(&data_);
  if (p == nullptr) return nullptr;
  const object_type& m = (*p)->members;
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
      for (const value& item : std::get<std::shared_ptr<const array_box>>(data_)->items) {
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
      for (const auto& [key, item] : std::get<std::shared_ptr<const object_box>>(data_)->members) {
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
  if (const auto* a = std::get_if<std::shared_ptr<const array_box>>(&data_)) {
    const auto* b = std::get_if<std::shared_ptr<const array_box>>(&other.data_);
    return b != nullptr && *a == *b;
  }
  if (const auto* a = std::get_if<std::shared_ptr<const object_box>>(&data_)) {
    const auto* b = std::get_if<std::shared_ptr<const object_box>>(&other.data_);
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
    case value_kind::array: return a.items() == b.items();
    case value_kind::object: return a.members() == b.members();
  }
  return false;
}

}  // namespace hotdog::sim
