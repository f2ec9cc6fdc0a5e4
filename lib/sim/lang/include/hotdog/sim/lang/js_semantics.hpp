#pragma once
// JavaScript's rules for the values JSON Logic works on (ECMAScript 2023, sections 7.1 and
// 7.2): truthiness, conversion to number and to string, loose and strict equality, and the
// relational comparison. json-logic-js gets these from JavaScript itself; hotdog's JSON Logic
// evaluator gets them from here, over sim::value, so that both give the same answers.
//
// A JavaScript value is a sim::value or `undefined` (std::nullopt): JSON has no undefined,
// but an operator's missing operand, `{"and": []}` and such are undefined in json-logic-js.

#include "hotdog/sim/lang/value.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hotdog::sim::js {

/// A JavaScript value: a JSON value, or undefined (nullopt).
using jsvalue = std::optional<value>;

/// A number as JSON Logic results carry it: a whole number of magnitude at most 2^53 (and not
/// -0) becomes an integer value, so that 3 prints as `3`; anything else stays a double.
value number(double d);

/// JavaScript's `!!x`, except that an empty array is false (jsonlogic.com/truthy).
bool truthy(const jsvalue& x);

/// ToNumber: null 0, booleans 0/1, strings parsed as JavaScript does (trimmed, "" is 0, hex,
/// "Infinity"; anything else NaN), arrays through their string, objects and undefined NaN.
double to_number(const jsvalue& x);

/// parseFloat(x): the longest decimal prefix of ToString(x) after leading white space.
double parse_float(const jsvalue& x);

/// ToString: JavaScript's Number::toString for numbers, arrays joined with "," (null and
/// undefined elements empty), objects "[object Object]", "null", "undefined", "true".
std::string to_string(const jsvalue& x);

/// Number::toString(d): the shortest digits that round-trip, laid out as JavaScript does.
std::string number_to_string(double d);

/// The number of UTF-16 code units of a UTF-8 string (a JavaScript string's length).
std::size_t utf16_length(std::string_view s);

/// String.prototype.substr(start, length) on UTF-16 code units; `length` nullopt is undefined.
std::string substr(const std::string& s, const jsvalue& start, const jsvalue& length);

/// `a === b`: same type and equal; numbers by value (NaN unequal to itself, 0 === -0);
/// arrays and objects only when they are the same object (copies of one value share it).
bool strict_equals(const jsvalue& a, const jsvalue& b);

/// `a == b`, with JavaScript's coercions ("1" == 1, null == undefined, [2] == 2).
bool loose_equals(const jsvalue& a, const jsvalue& b);

/// `a < b` after ToPrimitive: strings compare by UTF-16 code units, anything else as numbers;
/// nullopt when a number is NaN (every comparison is then false).
std::optional<bool> less_than(const jsvalue& a, const jsvalue& b);

/// The JSON text JSON.stringify gives, as hotdog prints it: undefined becomes null.
value to_json_value(const jsvalue& x);

}  // namespace hotdog::sim::js
