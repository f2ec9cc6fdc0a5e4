#pragma once
/// @file value_traits.hpp
/// What the library needs to know about a channel's value type, as a customization point.

#include "hotdog/event.hpp"

#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace hotdog {

/// Specialize for a value type to say which values are core.async's nil (never allowed on
/// a channel) and how a value reads in a trace (as JSON text). By default no value is nil;
/// empty optionals and null pointers are.
template <class T>
struct value_traits {
  static bool is_nil(const T&) noexcept { return false; }
  static std::string format(const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
      return v ? "true" : "false";
    } else if constexpr (std::is_integral_v<T>) {
      return std::to_string(v);
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
      return json_quote(std::string_view(v));
    } else {
      return "\"<value>\"";
    }
  }
};

template <class T>
struct value_traits<std::optional<T>> {
  static bool is_nil(const std::optional<T>& v) noexcept { return !v.has_value(); }
  static std::string format(const std::optional<T>& v) {
    return v ? value_traits<T>::format(*v) : "null";
  }
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
