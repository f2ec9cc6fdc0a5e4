// Values and texts with {var} and {var|filter} templates, and the variables steps bind.
#include "families.hpp"

#include "json_to_value.hpp"

#include <cctype>

namespace hotdog::sim::loading {

namespace {

// The variable `name`, used in `in` (at `ptr`): its slot, or (reported) slot 0.
variable use_var(validator& v, const std::string& name, const std::string& in,
                 const std::string& ptr) {
  if (auto it = v.script.slots.find(name); it != v.script.slots.end()) return {it->second, name};
  std::string msg = "unknown variable " + q(name) + " in " + q(in);
  if (auto m = did_you_mean(name, names(v.script.vars.begin(), v.script.vars.end())))
    msg += "; did you mean " + q(*m) + "?";
  else
    msg += ": bind it first with \"as\"";
  v.error(ptr, msg);
  return {0, name};
}

value_template literal(sim::value x) {
  return {value_template::kind::literal, std::move(x), {}, {}, {}, {}};
}

// A value with its templates parsed, `ptr` a buffer each level appends its token to and takes
// it off again, so that deep values with long keys cost memory in proportion to their size.
value_template value_in(validator& v, const json& x, std::string& ptr) {
  value_template t;
  const std::size_t ptr_size = ptr.size();
  if (x.is_array()) {
    bool is_literal = true;
    for (std::size_t i = 0; i < x.size(); ++i) {
      ptr += "/" + std::to_string(i);
      t.items.push_back(value_in(v, x[i], ptr));
      ptr.resize(ptr_size);
      is_literal &= t.items.back().type == value_template::kind::literal;
    }
    if (is_literal) return literal(to_value(x));
    t.type = value_template::kind::array;
    return t;
  }
  if (x.is_object()) {
    bool is_literal = true;
    for (const auto& [k, member] : x.items()) {
      ptr += '/';
      for (char c : k) ptr += c == '~' ? "~0" : c == '/' ? "~1" : std::string_view(&c, 1);
      t.members.push_back({k, value_in(v, member, ptr)});
      ptr.resize(ptr_size);
      is_literal &= t.members.back().second.type == value_template::kind::literal;
    }
    if (is_literal) return literal(to_value(x));
    t.type = value_template::kind::object;
    return t;
  }
  if (!x.is_string()) return literal(to_value(x));
  const std::string& s = x.get_ref<const std::string&>();
  // "{x}" is x itself, keeping its type.
  if (s.size() >= 3 && s.front() == '{' && s.back() == '}' &&
      is_identifier(std::string_view(s).substr(1, s.size() - 2))) {
    t.type = value_template::kind::variable;
    t.var = use_var(v, s.substr(1, s.size() - 2), s, ptr);
    return t;
  }
  t.text = read_text(v, s, ptr);
  if (t.text.pieces.size() == 1 && !t.text.pieces[0].var) return literal(sim::value(s));
  t.type = value_template::kind::text;
  return t;
}

// The filter after '|' in a hole; none (reported) when unknown.
text_template::filter read_filter(validator& v, const std::string& filter, const std::string& ptr) {
  if (filter == "upper") return text_template::filter::upper;
  if (filter == "lower") return text_template::filter::lower;
  if (filter == "reverse") return text_template::filter::reverse;
  std::string msg = "unknown filter " + q(filter) + " (filters: upper, lower, reverse)";
  if (auto m = did_you_mean(filter, {"upper", "lower", "reverse"}))
    msg += "; did you mean " + q(*m) + "?";
  v.error(ptr, msg);
  return text_template::filter::none;
}

}  // namespace

value_template read_value(validator& v, const json& x, const std::string& ptr) {
  if (x.is_null()) {
    v.error(ptr, "null cannot be put on a channel (core.async: \"Can't put nil on channel\")");
    return {};
  }
  std::string where = ptr;
  return value_in(v, x, where);
}

// Splits a text at its {var} and {var|filter} holes, in time linear in its length: for each
// '{', the first '}' after it closes the hole; braces around anything but a variable name are
// left as they are.
text_template read_text(validator& v, const std::string& s, const std::string& ptr) {
  text_template t;
  std::vector<std::size_t> next_close(s.size() + 1, std::string::npos);
  for (std::size_t i = s.size(); i-- > 0;) next_close[i] = s[i] == '}' ? i : next_close[i + 1];
  std::string literal;
  std::size_t i = 0;
  for (;;) {
    const std::size_t open = s.find('{', i);
    if (open == std::string::npos) break;
    const std::size_t close = next_close[open];
    if (close == std::string::npos) break;
    // The name runs to '|' or '}'; a character that cannot be in a name ends the check.
    std::size_t end = open + 1;
    while (end < close && s[end] != '|' &&
           (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_' || s[end] == '-'))
      ++end;
    const std::string_view name(s.data() + open + 1, end - open - 1);
    if ((end != close && s[end] != '|') || !is_identifier(name)) {
      literal.append(s, i, open + 1 - i);
      i = open + 1;
      continue;
    }
    literal.append(s, i, open - i);
    text_template::piece piece{std::move(literal), use_var(v, std::string(name), s, ptr),
                               text_template::filter::none};
    literal.clear();
    if (end != close) piece.how = read_filter(v, s.substr(end + 1, close - end - 1), ptr);
    t.pieces.push_back(std::move(piece));
    i = close + 1;
  }
  literal.append(s, i);
  t.pieces.push_back({std::move(literal), std::nullopt, text_template::filter::none});
  return t;
}

std::optional<variable> bound_variable(validator& v, const json& s, const std::string& ptr,
                                       const char* key) {
  if (!s.contains(key)) return std::nullopt;
  if (!s[key].is_string() || !is_identifier(s[key].get<std::string>()))
    v.error(
        pointer_append(ptr, key),
        "a variable name must be a string of letters, digits, '_' or '-', not " + describe(s[key]));
  if (!s[key].is_string()) return std::nullopt;
  const std::string name = s[key].get<std::string>();
  auto it = v.script.slots.find(name);
  if (it == v.script.slots.end()) return std::nullopt;
  return variable{it->second, name};
}

}  // namespace hotdog::sim::loading
