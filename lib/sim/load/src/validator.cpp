#include "validator.hpp"

#include "hotdog/sim/text/plural.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace hotdog::sim::loading {

std::string q(const std::string& s) { return "\"" + s + "\""; }

std::string type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::string describe(const json& v) {
  if (v.is_null()) return "null";  // its type and its text are one word
  std::string s = v.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return type_name(v) + " " + s;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

validator::validator(const located_json& doc, std::string file)
    : doc_(doc), file_(std::move(file)) {}

void validator::error(const std::string& ptr, std::string msg) {
  if (errors_.size() >= max_reported) {
    ++more_errors_;
    return;
  }
  errors_.push_back(located(ptr, doc_.at(ptr), std::move(msg)));
}

void validator::error_key(const std::string& ptr, std::string msg) {
  if (errors_.size() >= max_reported) {
    ++more_errors_;
    return;
  }
  errors_.push_back(located(ptr, doc_.key_at(ptr), std::move(msg)));
}

void validator::warn(const std::string& ptr, std::string msg) {
  if (warnings_.size() < max_reported)
    warnings_.push_back(located(ptr, doc_.at(ptr), std::move(msg)));
}

diagnostic validator::located(const std::string& ptr, text_position where, std::string msg) const {
  // A value a --set wrote has no place in the file: the message names the --set instead.
  if (const auto* origin = doc_.origin_of(ptr)) return {origin->setting, {0, 0}, std::move(msg)};
  return {file_, where, std::move(msg)};
}

load_result validator::finish(std::optional<scenario> sc) {
  std::stable_sort(errors_.begin(), errors_.end(), [](const diagnostic& a, const diagnostic& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  if (more_errors_ > 0)
    errors_.push_back({file_, errors_.back().where,
                       "and " + count_of(more_errors_, "more error", "more errors") +
                           " (only the first " + std::to_string(max_reported) + " are reported)"});
  if (errors_.empty() && sc) return {std::move(*sc), std::move(warnings_)};
  return {failure(std::move(errors_)), std::move(warnings_)};
}

void validator::check_keys(const json& obj, const std::string& ptr, const names& allowed,
                           const std::string& what) {
  for (const auto& [key, value] : obj.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string msg = "unknown " + what + " " + q(key);
    if (const auto* origin = doc_.origin_of(pointer_append(ptr, key)))
      msg += " of " + origin->owner;
    if (auto m = did_you_mean(key, allowed)) msg += "; did you mean " + q(*m) + "?";
    error_key(pointer_append(ptr, key), msg);
  }
}

}  // namespace hotdog::sim::loading
