#pragma once
/// @file result.hpp
/// result<T>: a value, or the failure that stopped it, with the warnings found on the way
/// either way. The one shape in which the library returns what went wrong.

#include "hotdog/sim/text/diagnostic.hpp"

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hotdog::sim {

/// Why there is no value: problems found in a text, each at FILE:LINE:COLUMN, or one message
/// that no position in a text locates (a malformed command-line word, say).
class failure {
 public:
  /// An unlocated failure.
  explicit failure(std::string message) : message_(std::move(message)) {}
  /// A located failure; `errors` holds at least one problem, in the order to report them.
  explicit failure(std::vector<diagnostic> errors) : errors_(std::move(errors)) {}

  /// The located problems; empty for an unlocated failure.
  const std::vector<diagnostic>& errors() const& noexcept { return errors_; }
  std::vector<diagnostic> errors() && { return std::move(errors_); }

  /// The unlocated message, or else every located problem as its to_string(), one a line.
  std::string message() const {
    if (errors_.empty()) return message_;
    std::string text;
    for (const auto& e : errors_) text += (text.empty() ? "" : "\n") + e.to_string();
    return text;
  }

 private:
  std::string message_;
  std::vector<diagnostic> errors_;
};

/// A T, or the failure that stopped it; and warnings (problems that stop nothing) either way.
template <class T>
class result {
 public:
  result(T value, std::vector<diagnostic> warnings = {})
      : state_(std::in_place_index<0>, std::move(value)), warnings_(std::move(warnings)) {}
  result(failure why, std::vector<diagnostic> warnings = {})
      : state_(std::in_place_index<1>, std::move(why)), warnings_(std::move(warnings)) {}

  /// Whether there is a value.
  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value. Precondition: has_value() (else throws std::bad_variant_access).
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Why there is no value. Precondition: !has_value() (else throws std::bad_variant_access).
  const failure& error() const& { return std::get<1>(state_); }
  failure error() && { return std::get<1>(std::move(state_)); }

  /// The failure's located problems; empty when there is a value or the failure is unlocated.
  /// (On a temporary result they are moved out, so `for (auto& e : load(...).errors())` is safe.)
  const std::vector<diagnostic>& errors() const& noexcept {
    static const std::vector<diagnostic> none;
    return has_value() ? none : std::get_if<1>(&state_)->errors();
  }
  std::vector<diagnostic> errors() && {
    if (has_value()) return {};
    return std::move(*std::get_if<1>(&state_)).errors();
  }

  /// The warnings, in the order they were found.
  const std::vector<diagnostic>& warnings() const& noexcept { return warnings_; }
  std::vector<diagnostic> warnings() && { return std::move(warnings_); }

 private:
  std::variant<T, failure> state_;
  std::vector<diagnostic> warnings_;
};

}  // namespace hotdog::sim
