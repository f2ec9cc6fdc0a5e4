#include "hotdog/sim/lang/json_logic.hpp"

#include "hotdog/sim/lang/js_semantics.hpp"
#include "hotdog/sim/lang/json_logic_node.hpp"
#include "hotdog/sim/lang/text_filters.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
#include <utility>

namespace hotdog::sim {
namespace {

using js::jsvalue;
using node = logic_expression::node;

// Where a `var` looks: the script's variables (data == nullptr) or a value (the element of a
// map, filter, all, none or some; reduce's {"current", "accumulator"}; or the test data).
struct scope {
  const logic_context& context;
  const jsvalue* data = nullptr;
};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

// data[key] as JavaScript reads it for JSON data: an object's own member, an array's or a
// string's element by canonical index, or its length; undefined otherwise.
jsvalue member(const value& data, const std::string& key) {
  if (data.is_object()) {
    if (const value* v = data.find(key)) return *v;
    return std::nullopt;
  }
  if (!data.is_array() && !data.is_string()) return std::nullopt;
  if (key == "length")
    return js::number(static_cast<double>(data.is_array() ? data.items().size()
                                                          : js::utf16_length(data.as_string())));
  if (key.empty() || key.size() > 15 || (key[0] == '0' && key.size() > 1)) return std::nullopt;
  std::size_t i = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    i = i * 10 + static_cast<std::size_t>(c - '0');
  }
  if (data.is_array()) {
    if (i >= data.items().size()) return std::nullopt;
    return data.items()[i];
  }
  std::string one = js::substr(data.as_string(), value(static_cast<std::int64_t>(i)), value(1));
  if (one.empty()) return std::nullopt;
  return value(std::move(one));
}

// The script's variables as one object (what `{"var": ""}` reads at the top level).
value variables_object(const logic_context& c) {
  std::vector<std::pair<std::string, value>> members;
  for (std::size_t i = 0; i < c.slots->size(); ++i)
    if ((*c.slots)[i]) members.emplace_back((*c.names)[i], *(*c.slots)[i]);
  return value::object(std::move(members));
}

jsvalue variable_named(const logic_context& c, const std::string& name) {
  for (std::size_t i = 0; i < c.names->size(); ++i)
    if ((*c.names)[i] == name) return (*c.slots)[i] ? jsvalue(*(*c.slots)[i]) : std::nullopt;
  return std::nullopt;
}

// json-logic-js's var: walks the path's parts from the data; null or undefined on the way,
// or undefined at the end, gives the default (null when none is given).
jsvalue var(const scope& s, const std::vector<std::string>& path, std::optional<std::size_t> slot,
            const jsvalue& fallback) {
  const jsvalue not_found = fallback ? *fallback : value();
  jsvalue current;
  std::size_t i = 0;
  if (s.data == nullptr && s.context.slots != nullptr) {
    // The first part names a variable.
    current = slot
                  ? ((*s.context.slots)[*slot] ? jsvalue(*(*s.context.slots)[*slot]) : std::nullopt)
                  : variable_named(s.context, path[0]);
    if (!current) return not_found;
    i = 1;
  } else {
    current = s.data ? *s.data : jsvalue(s.context.data);
  }
  for (; i < path.size(); ++i) {
    if (!current || current->is_null()) return not_found;
    current = member(*current, path[i]);
    if (!current) return not_found;
  }
  return current;
}

jsvalue whole_data(const scope& s) {
  if (s.data != nullptr) return *s.data;
  if (s.context.slots != nullptr) return variables_object(s.context);
  return s.context.data;
}

jsvalue var_of(const scope& s, const jsvalue& a, const jsvalue& b) {
  if (!a || a->is_null() || (a->is_string() && a->as_string().empty())) return whole_data(s);
  return var(s, split_path(js::to_string(a)), std::nullopt, b);
}

value element(const jsvalue& x) { return x ? *x : value(); }

// logic_work_limit: far beyond any honest expression, but a nested merge or cat that doubles
// its data at each of 200 levels would otherwise run (and grow) for ever, and a value that
// shares one array 40 times over is small to hold but 2^40 to print. Past it the evaluation
// fails, and so the process.
constexpr std::uint64_t work_limit = logic_work_limit;

// Operators that read their operands whole (printing, converting to a number or searching
// them): their operands' sizes are charged before, so the text is never built past the bound.
bool reads_whole(logic_op op) {
  switch (op) {
    case logic_op::equals:
    case logic_op::not_equals:
    case logic_op::less:
    case logic_op::less_equal:
    case logic_op::greater:
    case logic_op::greater_equal:
    case logic_op::modulo:
    case logic_op::divide:
    case logic_op::minus:
    case logic_op::plus:
    case logic_op::times:
    case logic_op::min:
    case logic_op::max:
    case logic_op::cat:
    case logic_op::upper:
    case logic_op::lower:
    case logic_op::reverse:
    case logic_op::substr:
    case logic_op::in:
    case logic_op::log:
    case logic_op::var:
    case logic_op::missing:
    case logic_op::missing_some: return true;
    default: return false;
  }
}

// Whether `needle` occurs in `haystack`, in time linear in both (Knuth-Morris-Pratt):
// std::string::find may take the product of their lengths.
bool contains(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  std::vector<std::size_t> border(needle.size(), 0);
  for (std::size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && needle[i] != needle[k]) k = border[k - 1];
    if (needle[i] == needle[k]) ++k;
    border[i] = k;
  }
  for (std::size_t i = 0, k = 0; i < haystack.size(); ++i) {
    while (k > 0 && haystack[i] != needle[k]) k = border[k - 1];
    if (haystack[i] == needle[k]) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

class evaluator {
 public:
  explicit evaluator(const logic_context& c) : context_(c) {}

  jsvalue eval(const node& n, const scope& s) const {
    charge(1);
    switch (n.op) {
      case logic_op::literal: return n.literal;
      case logic_op::array: {
        charge(n.args.size());
        std::vector<value> items;
        items.reserve(n.args.size());
        for (const node& a : n.args) items.push_back(element(eval(a, s)));
        return value::array(std::move(items));
      }
      case logic_op::if_: {
        std::size_t i = 0;
        for (; i + 1 < n.args.size(); i += 2)
          if (js::truthy(eval(n.args[i], s))) return eval(n.args[i + 1], s);
        if (i + 1 == n.args.size()) return eval(n.args[i], s);
        return value();
      }
      case logic_op::and_:
      case logic_op::or_: {
        jsvalue current;
        for (const node& a : n.args) {
          current = eval(a, s);
          if (js::truthy(current) == (n.op == logic_op::or_)) return current;
        }
        return current;
      }
      case logic_op::filter:
      case logic_op::map:
      case logic_op::all:
      case logic_op::none:
      case logic_op::some: return each(n, s);
      case logic_op::reduce: return reduce(n, s);
      case logic_op::var:
        if (n.path) {
          const jsvalue fallback = n.args.size() > 1 ? eval(n.args[1], s) : std::nullopt;
          return var(s, *n.path, n.slot, fallback);
        }
        break;
      default: break;
    }
    std::vector<jsvalue> v;
    v.reserve(n.args.size());
    for (const node& a : n.args) v.push_back(eval(a, s));
    if (reads_whole(n.op))
      for (const jsvalue& x : v)
        if (x) charge(x->size());
    return apply(n.op, v, s);
  }

 private:
  void charge(std::uint64_t units) const {
    work_ = units > work_limit ? work_limit + 1 : work_ + units;
    if (work_ > work_limit)
      throw std::runtime_error("a JSON Logic expression did more than " +
                               std::to_string(work_limit) +
                               " steps of work (nodes, elements and bytes made); it is stopped");
  }

  static const jsvalue& arg(const std::vector<jsvalue>& v, std::size_t i) {
    static const jsvalue undefined;
    return i < v.size() ? v[i] : undefined;
  }

  static jsvalue compare(bool (*op)(const jsvalue&, const jsvalue&),
                         const std::vector<jsvalue>& v) {
    return value(op(arg(v, 0), arg(v, 1)));
  }

  // a <= b is "not b < a", false when either is NaN; a < b is less_than's answer.
  static bool lt(const jsvalue& a, const jsvalue& b) { return js::less_than(a, b).value_or(false); }
  static bool le(const jsvalue& a, const jsvalue& b) {
    auto r = js::less_than(b, a);
    return r && !*r;
  }

  jsvalue apply(logic_op op, const std::vector<jsvalue>& v, const scope& s) const {
    const jsvalue& a = arg(v, 0);
    const jsvalue& b = arg(v, 1);
    switch (op) {
      case logic_op::var: return var_of(s, a, b);
      case logic_op::equals: return value(js::loose_equals(a, b));
      case logic_op::not_equals: return value(!js::loose_equals(a, b));
      case logic_op::strict_equals: return value(js::strict_equals(a, b));
      case logic_op::strict_not_equals: return value(!js::strict_equals(a, b));
      case logic_op::less:
        if (v.size() > 2 && arg(v, 2)) return value(lt(a, b) && lt(b, arg(v, 2)));
        return value(lt(a, b));
      case logic_op::less_equal:
        if (v.size() > 2 && arg(v, 2)) return value(le(a, b) && le(b, arg(v, 2)));
        return value(le(a, b));
      case logic_op::greater: return value(lt(b, a));
      case logic_op::greater_equal: return value(le(b, a));
      case logic_op::not_: return value(!js::truthy(a));
      case logic_op::not_not: return value(js::truthy(a));
      case logic_op::modulo: return js::number(std::fmod(js::to_number(a), js::to_number(b)));
      case logic_op::divide: return js::number(js::to_number(a) / js::to_number(b));
      case logic_op::minus:
        if (!b) return js::number(-js::to_number(a));
        return js::number(js::to_number(a) - js::to_number(b));
      case logic_op::plus: {
        double sum = 0;
        for (const jsvalue& x : v) sum = sum + js::parse_float(x);
        return js::number(sum);
      }
      case logic_op::times: {
        // reduce without an initial value: one operand comes back as it is.
        if (v.size() == 1) return a;
        double product = js::parse_float(a);
        for (std::size_t i = 1; i < v.size(); ++i) product = product * js::parse_float(v[i]);
        return js::number(product);
      }
      case logic_op::min:
      case logic_op::max: {
        const bool is_min = op == logic_op::min;
        double r = is_min ? std::numeric_limits<double>::infinity()
                          : -std::numeric_limits<double>::infinity();
        bool nan = false;
        for (const jsvalue& x : v) {
          const double d = js::to_number(x);
          if (std::isnan(d)) nan = true;
          // Math.min(0, -0) is -0 and Math.max(-0, 0) is 0.
          if (is_min ? (d < r || (d == 0 && r == 0 && std::signbit(d)))
                     : (d > r || (d == 0 && r == 0 && !std::signbit(d))))
            r = d;
        }
        return js::number(nan ? std::numeric_limits<double>::quiet_NaN() : r);
      }
      case logic_op::cat: {
        std::string out;
        // The operands' sizes were charged before: the text is no longer than their sum.
        for (const jsvalue& x : v)
          if (x && !x->is_null()) out += js::to_string(x);
        return value(std::move(out));
      }
      case logic_op::upper:
      case logic_op::lower:
      case logic_op::reverse: {
        // hotdog's: a template's text filters as operators.
        std::string text = js::to_string(a);
        return value(op == logic_op::upper   ? upper_ascii(std::move(text))
                     : op == logic_op::lower ? lower_ascii(std::move(text))
                                             : reverse_utf8(text));
      }
      case logic_op::substr: {
        const std::string source = js::to_string(a);
        const jsvalue& end = arg(v, 2);
        if (js::less_than(end, value(0)).value_or(false)) {
          // json-logic-js emulates PHP's negative length: drop that many from the end. A
          // negative end that is not a number makes temp.length + end a string: no length.
          const std::string temp = js::substr(source, b, std::nullopt);
          if (!end->is_number()) return value("");
          const double len = static_cast<double>(js::utf16_length(temp)) + end->as_double();
          return value(js::substr(temp, value(0), js::number(len)));
        }
        return value(js::substr(source, b, end));
      }
      case logic_op::in: {
        // JavaScript's `!b` (an empty array is true there) and b.indexOf(a).
        if (!b || b->is_null() || (b->is_bool() && !b->as_bool())) return value(false);
        if (b->is_string()) {
          if (b->as_string().empty()) return value(false);
          return value(contains(b->as_string(), js::to_string(a)));
        }
        if (!b->is_array()) return value(false);
        for (const value& item : b->items())
          if (js::strict_equals(item, a)) return value(true);
        return value(false);
      }
      case logic_op::merge: {
        std::vector<value> items;
        for (const jsvalue& x : v) {
          if (x && x->is_array()) {
            charge(x->items().size());
            items.insert(items.end(), x->items().begin(), x->items().end());
          } else {
            items.push_back(element(x));
          }
        }
        return value::array(std::move(items));
      }
      case logic_op::missing: return missing(v, s);
      case logic_op::missing_some: return missing_some(a, b, s);
      case logic_op::log:
        if (context_.log) context_.log(js::to_json_value(a));
        return a;
      default: break;
    }
    return std::nullopt;
  }

  // Each key (or each key of the one array given) that var finds null or "" for.
  jsvalue missing(const std::vector<jsvalue>& v, const scope& s) const {
    std::vector<value> out;
    const auto check = [&](const jsvalue& key) {
      const jsvalue found =
          key && key->is_array()
              ? var_of(s, key->items().empty() ? jsvalue() : key->items()[0],
                       key->items().size() > 1 ? jsvalue(key->items()[1]) : std::nullopt)
              : var_of(s, key, std::nullopt);
      if (!found || found->is_null() || (found->is_string() && found->as_string().empty()))
        out.push_back(element(key));
    };
    if (!v.empty() && v[0] && v[0]->is_array())
      for (const value& key : v[0]->items()) check(key);
    else
      for (const jsvalue& key : v) check(key);
    return value::array(std::move(out));
  }

  jsvalue missing_some(const jsvalue& need, const jsvalue& options, const scope& s) const {
    if (!options || options->is_null())
      throw std::runtime_error(
          "missing_some: its second operand is null (json-logic-js fails there too)");
    const std::vector<jsvalue> keys =
        options->is_array() ? std::vector<jsvalue>(options->items().begin(), options->items().end())
                            : std::vector<jsvalue>{options};
    const jsvalue are_missing = missing(keys, s);
    double length = std::numeric_limits<double>::quiet_NaN();
    if (options->is_array()) length = static_cast<double>(options->items().size());
    if (options->is_string()) length = static_cast<double>(js::utf16_length(options->as_string()));
    const double present = length - static_cast<double>(are_missing->items().size());
    if (le(need, value(present))) return value::array({});
    return are_missing;
  }

  jsvalue each(const node& n, const scope& s) const {
    const jsvalue data = n.args.empty() ? jsvalue() : eval(n.args[0], s);
    const bool is_array = data && data->is_array();
    if (is_array) charge(data->items().size());
    const auto logic = [&](const value& item) -> jsvalue {
      if (n.args.size() < 2) return std::nullopt;
      const jsvalue datum = item;
      return eval(n.args[1], scope{s.context, &datum});
    };
    switch (n.op) {
      case logic_op::filter: {
        std::vector<value> out;
        if (is_array)
          for (const value& item : data->items())
            if (js::truthy(logic(item))) out.push_back(item);
        return value::array(std::move(out));
      }
      case logic_op::map: {
        std::vector<value> out;
        if (is_array)
          for (const value& item : data->items()) out.push_back(element(logic(item)));
        return value::array(std::move(out));
      }
      case logic_op::all:
        if (!is_array || data->items().empty()) return value(false);
        for (const value& item : data->items())
          if (!js::truthy(logic(item))) return value(false);
        return value(true);
      case logic_op::none:
        if (!is_array || data->items().empty()) return value(true);
        for (const value& item : data->items())
          if (js::truthy(logic(item))) return value(false);
        return value(true);
      default:  // some
        if (!is_array || data->items().empty()) return value(false);
        for (const value& item : data->items())
          if (js::truthy(logic(item))) return value(true);
        return value(false);
    }
  }

  jsvalue reduce(const node& n, const scope& s) const {
    const jsvalue data = n.args.empty() ? jsvalue() : eval(n.args[0], s);
    jsvalue accumulator = n.args.size() > 2 ? eval(n.args[2], s) : jsvalue(value());
    if (!data || !data->is_array()) return accumulator;
    for (const value& current : data->items()) {
      if (n.args.size() < 2) {
        accumulator = std::nullopt;
        continue;
      }
      // An undefined accumulator is left out, so that var finds it undefined, not null.
      std::vector<std::pair<std::string, value>> members{{"current", current}};
      if (accumulator) members.emplace_back("accumulator", *accumulator);
      const jsvalue datum = value::object(std::move(members));
      accumulator = eval(n.args[1], scope{s.context, &datum});
    }
    return accumulator;
  }

  const logic_context& context_;
  mutable std::uint64_t work_ = 0;
};

}  // namespace

logic_expression::logic_expression() : root_(std::make_shared<const node>()) {}

logic_expression::logic_expression(std::shared_ptr<const node> root) : root_(std::move(root)) {}

value logic_expression::evaluate(const logic_context& context) const {
  return js::to_json_value(evaluator(context).eval(*root_, scope{context, nullptr}));
}

bool logic_expression::test(const logic_context& context) const {
  return js::truthy(evaluator(context).eval(*root_, scope{context, nullptr}));
}

}  // namespace hotdog::sim
