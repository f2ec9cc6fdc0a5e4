#pragma once
/// @file value_traits.hpp
/// What the library needs to know about a channel's value type, as a customization point.

#include "hotdog/json_text.hpp"

#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace hotdog {

/// Specialize for a value type to say which values are core.async's nil (never allowed on
/// a channel) and how a value reads in a trace (as JSON text): `append` adds it to a string
/// (a specialization may give `format`, returning the text, instead). By default no value
/// is nil; empty optionals and null pointers are.
template <class T>
struct value_traits {
  static bool is_nil(const T&) noexcept { return false; }
  static void append(std::string& out, const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      out += v ? "true" : "false";
    } else if constexpr (std::is_integral_v<T>) {
      char buf[24];
      out.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf));
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      append_json_quoted(out, std::string_view(v));
    } else {
      out += "\"<value>\"";
    }
  }
  static std::string format(const T& v) {
    std::string s;
    append(s, v);
    return s;
  }
};

/// Appends v's JSON text through its value_traits (`append`, or else `format`).
template <class T>
void append_value(std::string& out, const T& v) {
  if constexpr (requires { value_traits<T>::append(out, v); })
    value_traits<T>::append(out, v);
  else
    out += value_traits<T>::format(v);
}

template <class T>
struct value_traits<std::optional<T>> {
  static bool is_nil(const std::optional<T>& v) noexcept { return !v.has_value(); }
  static void append(std::string& out, const std::optional<T>& v) {
    if (v)
      append_value(out, *v);
    else
      out += "null";
  }
  static std::string format(const std::optional<T>& v) {
    std::string s;
    append(s, v);
    return s;
  }
};

/// A value's JSON text, written already: what a report keeps when the value it shows may be
/// gone before the report is made.
struct written_value {
  std::string json;
};

template <>
struct value_traits<written_value> {
  static bool is_nil(const written_value&) noexcept { return false; }
  static void append(std::string& out, const written_value& v) { out += v.json; }
};

template <class T>
struct value_traits<std::shared_ptr<T>> {
  static bool is_nil(const std::shared_ptr<T>& v) noexcept { return v == nullptr; }
  static std::string format(const std::shared_ptr<T>& v) {
    return v ? value_traits<T>::format(*v) : "null";
  }
};

template <class T>
struct value_traits<std::unique_ptr<T>> {
  static bool is_nil(const std::unique_ptr<T>& v) noexcept { return v == nullptr; }
  static std::string format(const std::unique_ptr<T>& v) {
    return v ? value_traits<T>::format(*v) : "null";
  }
};

}  // namespace hotdog
