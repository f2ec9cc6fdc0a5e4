#include "hotdog/sim/trace_diff.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <sstream>
#include <tuple>

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

// Splits an event line into (field, value) pairs in order.
std::vector<std::pair<std::string, std::string>> fields_of(trace_format f,
                                                           const std::string& line) {
  std::vector<std::pair<std::string, std::string>> out;
  if (f == trace_format::jsonl) {
    try {
      auto j = nlohmann::ordered_json::parse(line);
      if (j.is_object())
        for (auto& [k, v] : j.items()) out.emplace_back(k, v.dump());
      return out;
    } catch (const nlohmann::json::exception&) {
      return {{"line", line}};
    }
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
  auto find = [](const auto& fs, const std::string& k) -> const std::string* {
    for (const auto& [key, v] : fs)
      if (key == k) return &v;
    return nullptr;
  };
  for (const auto& [k, v] : fa) {
    const std::string* w = find(fb, k);
    if (!w)
      out.push_back(k + ": " + v + " -> (absent)");
    else if (*w != v)
      out.push_back(k + ": " + v + " -> " + *w);
  }
  for (const auto& [k, v] : fb)
    if (!find(fa, k)) out.push_back(k + ": (absent) -> " + v);
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
  out << "hotdog: the traces differ at event " << d.line << " (line " << d.line << ")\n"
      << "  " << red << "- " << expected_name << off << "\n"
      << "  " << green << "+ " << actual_name << off << "\n";
  std::uint64_t n = d.line - d.before.size();
  for (const auto& l : d.before) out << "    " << n++ << "  " << l << "\n";
  out << red << "  - " << d.line << "  " << (d.expected ? *d.expected : "(the trace ends here)")
      << off << "\n";
  out << green << "  + " << d.line << "  " << (d.actual ? *d.actual : "(the trace ends here)")
      << off << "\n";
  if (d.expected && d.actual)
    for (const auto& f : field_differences(*d.expected, *d.actual))
      out << "      " << bold << "differs: " << off << f << "\n";
  n = d.line + 1;
  for (const auto& [e, a] : d.after) {
    if (e && a && *e == *a) {
      out << "    " << n << "  " << *e << "\n";
    } else {
      if (e) out << red << "  - " << n << "  " << *e << off << "\n";
      if (a) out << green << "  + " << n << "  " << *a << off << "\n";
    }
    ++n;
  }
  out << "  " << (differences_ - 1) << " more event" << (differences_ == 2 ? "" : "s")
      << " differ after this one (" << expected_count_ << " expected, " << actual_count_
      << " actual).\n";
}

}  // namespace hotdog::sim
