#pragma once
/// @file value.hpp
/// The one dynamic type script channels carry: JSON's data model, immutable and cheap to
/// copy, printed byte for byte as nlohmann_json prints the same value (without depending on
/// nlohmann_json).

#include "hotdog/value_traits.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hotdog::sim {

/// Which of JSON's kinds a value holds (integers keep nlohmann's signed/unsigned split).
enum class value_kind { null, boolean, integer, unsigned_integer, floating, string, array, object };

/// Returns the kind's name as written above ("null", "boolean", ..., "object").
std::string_view kind_name(value_kind kind) noexcept;

/// An immutable JSON value. Copies share arrays, objects and long strings (reference counted)
/// and never allocate: strings of up to 15 bytes live inline, in std::string's small buffer.
/// Object members are kept sorted by key (byte order, as std::map<std::string, ...> sorts
/// them) and unique. Integer types other than int, int64_t and uint64_t (unsigned int, long
/// long) are ambiguous: cast them to one of those.
class value {
 public:
  /// The elements of an array.
  using array_type = std::vector<value>;
  /// One member of an object: key and value.
  using member_type = std::pair<std::string, value>;
  /// The members of an object, sorted by key, keys unique.
  using object_type = std::vector<member_type>;

  /// Makes null (core.async's nil on a channel).
  value() noexcept = default;
  /// Makes null, as value() does.
  value(std::nullptr_t) noexcept {}
  /// Makes a boolean.
  value(bool b) noexcept : data_(b) {}
  /// Makes a signed integer.
  value(int i) noexcept : data_(std::int64_t{i}) {}
  /// Makes a signed integer.
  value(std::int64_t i) noexcept : data_(i) {}
  /// Makes an unsigned integer (kind unsigned_integer even if it would fit an int64).
  value(std::uint64_t u) noexcept : data_(u) {}
  /// Makes a double. NaN and infinities are kept (kind floating) and print as null, as
  /// nlohmann_json prints them.
  value(double d) noexcept : data_(d) {}
  /// Makes a string of these bytes (not checked for UTF-8; invalid bytes print as U+FFFD).
  value(std::string s);
  /// Makes a string of these bytes, as value(std::string).
  value(std::string_view s);
  /// Makes a string of these bytes, as value(std::string); a null pointer makes null.
  value(const char* s);
  /// Deleted: any other pointer would otherwise silently become a boolean.
  value(const void*) = delete;

  /// Makes an array of these elements, in order (empty allowed).
  static value array(std::vector<value> items);
  /// Makes an object of these members, sorted by key; of members with equal keys the one
  /// given last wins, as when nlohmann_json parses a text (its initializer-list constructor
  /// keeps the first instead).
  static value object(std::vector<std::pair<std::string, value>> members);

  /// Returns which kind this value holds.
  value_kind kind() const noexcept { return static_cast<value_kind>(kind_index()); }
  /// Returns true for null.
  bool is_null() const noexcept { return kind() == value_kind::null; }
  /// Returns true for a boolean.
  bool is_bool() const noexcept { return kind() == value_kind::boolean; }
  /// Returns true for a signed integer (not for an unsigned one).
  bool is_int() const noexcept { return kind() == value_kind::integer; }
  /// Returns true for an unsigned integer (not for a signed one, even if non-negative).
  bool is_uint() const noexcept { return kind() == value_kind::unsigned_integer; }
  /// Returns true for a double (including NaN and infinities).
  bool is_double() const noexcept { return kind() == value_kind::floating; }
  /// Returns true for a signed or unsigned integer or a double.
  bool is_number() const noexcept;
  /// Returns true for a string.
  bool is_string() const noexcept { return kind() == value_kind::string; }
  /// Returns true for an array.
  bool is_array() const noexcept { return kind() == value_kind::array; }
  /// Returns true for an object.
  bool is_object() const noexcept { return kind() == value_kind::object; }

  /// Returns the boolean; throws std::logic_error for any other kind.
  bool as_bool() const;
  /// Returns a signed integer, or an unsigned one that fits int64; throws std::logic_error
  /// otherwise (an unsigned above INT64_MAX, a double, any other kind).
  std::int64_t as_int() const;
  /// Returns an unsigned integer, or a signed one that is >= 0; throws std::logic_error
  /// otherwise (a negative integer, a double, any other kind).
  std::uint64_t as_uint() const;
  /// Returns a double, or an integer converted to the nearest double (which may round above
  /// 2^53); throws std::logic_error for any non-number.
  double as_double() const;
  /// Returns the string's bytes; throws std::logic_error for any other kind.
  const std::string& as_string() const;
  /// Returns an array's elements; throws std::logic_error for any other kind.
  const array_type& items() const;
  /// Returns an object's members, sorted by key; throws std::logic_error for any other kind.
  const object_type& members() const;
  /// Returns the member named key of an object, or nullptr if it has none or this is not an
  /// object. The pointer lives as long as this value (or any copy of it).
  const value* find(std::string_view key) const noexcept;

  /// Appends the compact JSON text, as nlohmann_json's
  /// dump(-1, ' ', false, error_handler_t::replace) of the same value: invalid UTF-8 becomes
  /// U+FFFD, NaN and infinities become null, doubles print in nlohmann's layout, but with
  /// the shortest digits that read back (where its Grisu2 prints about 0.1% of them longer).
  void append_json(std::string& out) const;
  /// Returns the compact JSON text, as append_json.
  std::string to_json() const;

  /// Structural equality: same kind and equal content, except that a signed and an unsigned
  /// integer are equal when their numeric values are; integers never equal doubles (1 != 1.0),
  /// doubles compare with == (so 0.0 == -0.0 and NaN equals nothing, itself included).
  friend bool operator==(const value& a, const value& b) noexcept;

  /// How deeply arrays and objects may nest in one value: value::array and value::object
  /// throw std::length_error past it, so that nothing that walks a value (printing,
  /// comparing, destroying) recurses without bound.
  static constexpr std::size_t max_depth = 500;
  /// Returns how deeply arrays and objects nest: 0 for a scalar, 1 for `[1]` or `{}`, 2 for
  /// `[[1]]`.
  std::size_t depth() const noexcept;
  /// Returns the value's size: 1 per scalar, element and member, plus the bytes of every
  /// string and key, a part shared several times counted each time (as printing reads it);
  /// saturates at UINT64_MAX. It is known without walking the value, so work can be charged
  /// for it before the value is printed or compared.
  std::uint64_t size() const noexcept;

  /// Returns true when both are arrays, or both objects, sharing one storage: this value and
  /// its copies, but not an equal value built apart (JavaScript's identity of objects).
  bool same_object(const value& other) const noexcept;

 private:
  // Strings of up to short_string_max bytes are stored inline (in std::string's own small
  // buffer), longer ones shared. The alternatives' order matters: see kind_index().
  static constexpr std::size_t short_string_max = 15;
  // An array's or object's storage, with its depth and size (known when it is made).
  struct array_box;
  struct object_box;
  using data_type =
      std::variant<std::monostate, bool, std::int64_t, std::uint64_t, double, std::string,
                   std::shared_ptr<const std::string>, std::shared_ptr<const array_box>,
                   std::shared_ptr<const object_box>>;

  std::size_t kind_index() const noexcept {
    const std::size_t i = data_.index();
    return i <= 5 ? i : i - 1;  // both string alternatives are value_kind::string
  }
  [[noreturn]] void wrong_kind(const char* accessor) const;

  data_type data_;
};

}  // namespace hotdog::sim

/// Script channels carry sim::value: null is core.async's nil, and a value reads in a trace
/// as its compact JSON (as nlohmann_json prints it).
template <>
struct hotdog::value_traits<hotdog::sim::value> {
  /// Returns true for null.
  static bool is_nil(const hotdog::sim::value& v) noexcept { return v.is_null(); }
  /// Returns v.to_json().
  static std::string format(const hotdog::sim::value& v) { return v.to_json(); }
};
