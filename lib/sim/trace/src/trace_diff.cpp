#include "hotdog/sim/trace/trace_diff.hpp"

#include "hotdog/sim/text/printable.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <sstream>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace hotdog::sim {

trace_format detect_format(const std::string& path, const std::string& first_line) {
  if (!first_line.empty()) return first_line[0] == '{' ? trace_format::jsonl : trace_format::text;
  const std::string ext = ".jsonl";
  if (path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
    return trace_format::jsonl;
  return trace_format::text;
}

void trace_comparer::feed(const std::optional<std::string>& expected,
                          const std::optional<std::string>& actual) {
  if (!expected && !actual) return;
  ++line_;
  if (expected) ++expected_count_;
  if (actual) ++actual_count_;
  const bool same = expected && actual && *expected == *actual;
  if (!first_) {
    if (same) {
      recent_.push_back(*expected);
      if (recent_.size() > context_) recent_.pop_front();
      return;
    }
    first_ = difference{line_, expected, actual, {recent_.begin(), recent_.end()}, {}};
    ++differences_;
    return;
  }
  if (first_->after.size() < context_) first_->after.emplace_back(expected, actual);
  if (!same) ++differences_;
}

namespace {

// The end of the JSON value (string, number, literal, array or object) that starts at s[i],
// or npos when it is not well formed enough to find one. Linear in its length.
std::size_t json_value_end(std::string_view s, std::size_t i) {
  int depth = 0;
  bool in_string = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"') {
        in_string = false;
        if (depth == 0) return i + 1;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // the enclosing object ends: a scalar ran to here
      if (--depth == 0) return i + 1;
    } else if (c == ',' && depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Splits an event line into (field, value) pairs in order, in time linear in its length.
std::vector<std::pair<std::string, std::string>> fields_of(trace_format f,
                                                           const std::string& line) {
  std::vector<std::pair<std::string, std::string>> out;
  if (f == trace_format::jsonl) {
    // A JSON object's top-level members, each value as its compact JSON. (An ordered_json
    // parse would keep the order too, but finds each key by a linear search: quadratic.)
    if (!nlohmann::json::accept(line)) return {{"line", line}};
    const std::string_view s(line);
    std::size_t i = s.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos || s[i] != '{') return {{"line", line}};
    for (++i;;) {
      i = s.find_first_not_of(" \t\r\n", i);
      if (i == std::string_view::npos || s[i] != '"') break;
      const std::size_t key_end = json_value_end(s, i);
      if (key_end == std::string_view::npos) break;
      const std::size_t colon = s.find(':', key_end);
      if (colon == std::string_view::npos) break;
      const std::size_t v = s.find_first_not_of(" \t\r\n", colon + 1);
      if (v == std::string_view::npos) break;
      std::size_t v_end = json_value_end(s, v);
      if (v_end == std::string_view::npos) break;
      std::string_view raw = s.substr(v, v_end - v);
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n'))
        raw.remove_suffix(1);
      // Scalars compactly (as the writers do); arrays and objects as written, key order kept.
      std::string value = raw.front() == '{' || raw.front() == '['
                              ? std::string(raw)
                              : nlohmann::json::parse(raw).dump();
      out.emplace_back(nlohmann::json::parse(s.substr(i, key_end - i)).get<std::string>(),
                       std::move(value));
      i = s.find_first_not_of(" \t\r\n", v_end);
      if (i == std::string_view::npos || s[i] != ',') break;
      ++i;
    }
    return out;
  }
  // Text: time, process, event, then " key=value" pairs (values may hold spaces).
  std::istringstream in(line);
  std::string time, proc, ev;
  in >> time >> proc >> ev;
  out = {{"t", time}, {"proc", proc}, {"ev", ev}};
  std::string rest;
  std::getline(in, rest);
  // Each field starts at " name=" (a name of letters and '_'); its value runs to the next.
  std::vector<std::tuple<std::size_t, std::size_t, std::string>> keys;  // at, length, name
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] != ' ') continue;
    std::size_t j = i + 1;
    while (j < rest.size() && (std::isalpha(static_cast<unsigned char>(rest[j])) || rest[j] == '_'))
      ++j;
    if (j > i + 1 && j < rest.size() && rest[j] == '=')
      keys.emplace_back(i, j + 1 - i, rest.substr(i + 1, j - i - 1));
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto [pos, len, name] = keys[i];
    const std::size_t end = i + 1 < keys.size() ? std::get<0>(keys[i + 1]) : rest.size();
    out.emplace_back(name, rest.substr(pos + len, end - pos - len));
  }
  return out;
}

}  // namespace

std::vector<std::string> trace_comparer::field_differences(const std::string& a,
                                                           const std::string& b) const {
  auto fa = fields_of(format_, a), fb = fields_of(format_, b);
  std::vector<std::string> out;
  // Fields by name, hashed (the first of a name, as a linear search would find): linear.
  using index = std::unordered_map<std::string_view, const std::string*>;
  const auto index_of = [](const auto& fs) {
    index ix;
    for (const auto& [key, v] : fs) ix.emplace(key, &v);
    return ix;
  };
  const index ia = index_of(fa), ib = index_of(fb);
  auto find = [](const index& ix, const std::string& k) -> const std::string* {
    const auto it = ix.find(k);
    return it == ix.end() ? nullptr : it->second;
  };
  for (const auto& [k, v] : fa) {
    const std::string* w = find(ib, k);
    if (!w)
      out.push_back(k + ": " + v + " -> (absent)");
    else if (*w != v)
      out.push_back(k + ": " + v + " -> " + *w);
  }
  for (const auto& [k, v] : fb)
    if (!find(ia, k)) out.push_back(k + ": (absent) -> " + v);
  return out;
}

void trace_comparer::report(std::ostream& out, const std::string& expected_name,
                            const std::string& actual_name, bool color) const {
  if (!first_) return;
  const char* red = color ? "\x1b[31m" : "";
  const char* green = color ? "\x1b[32m" : "";
  const char* bold = color ? "\x1b[1m" : "";
  const char* off = color ? "\x1b[0m" : "";
  const auto& d = *first_;
  // Everything from the files is printed escaped: a control character in a trace line cannot
  // forge report lines or reach the terminal.
  const auto p = [](const std::string& s) { return printable(s); };
  out << "hotdog: the traces differ at event " << d.line << " (line " << d.line << ")\n"
      << "  " << red << "- " << p(expected_name) << off << "\n"
      << "  " << green << "+ " << p(actual_name) << off << "\n";
  std::uint64_t n = d.line - d.before.size();
  for (const auto& l : d.before) out << "    " << n++ << "  " << p(l) << "\n";
  out << red << "  - " << d.line << "  " << (d.expected ? p(*d.expected) : "(the trace ends here)")
      << off << "\n";
  out << green << "  + " << d.line << "  " << (d.actual ? p(*d.actual) : "(the trace ends here)")
      << off << "\n";
  if (d.expected && d.actual)
    for (const auto& f : field_differences(*d.expected, *d.actual))
      out << "      " << bold << "differs: " << off << p(f) << "\n";
  n = d.line + 1;
  for (const auto& [e, a] : d.after) {
    if (e && a && *e == *a) {
      out << "    " << n << "  " << p(*e) << "\n";
    } else {
      if (e) out << red << "  - " << n << "  " << p(*e) << off << "\n";
      if (a) out << green << "  + " << n << "  " << p(*a) << off << "\n";
    }
    ++n;
  }
  out << "  " << (differences_ - 1) << " more event" << (differences_ == 2 ? "" : "s")
      << " differ after this one (" << expected_count_ << " expected, " << actual_count_
      << " actual).\n";
}

}  // namespace hotdog::sim
