#include "sweep_line.hpp"

#include "hotdog/sim/text/printable.hpp"

namespace hotdog::sim::detail {

bool nesting_within(std::string_view text, std::size_t depth) {
  std::size_t level = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++level > depth) return false;
    } else if ((c == ']' || c == '}') && level > 0) {
      --level;
    }
  }
  return true;
}

std::optional<sweep_line> parse_sweep_line(const std::string& text) {
  // nlohmann_json reads a NUL byte as the end of its input, and would take "{...}\0junk" for
  // "{...}": no JSON holds a raw NUL, so a line with one is not a sweep's.
  if (!nesting_within(text, max_line_depth) || has_nul(text)) return std::nullopt;
  nlohmann::ordered_json j;
  try {
    j = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::ordered_json::exception&) {
    return std::nullopt;
  }
  if (!j.is_object() || !j.contains("point") || !j["point"].is_object() || !j.contains("summary") ||
      !j["summary"].is_object() || !j.contains("seed") || !j["seed"].is_number_unsigned())
    return std::nullopt;
  sweep_line line;
  line.point = std::move(j["point"]);
  line.point_text = line.point.dump();
  line.seed = j["seed"].get<std::uint64_t>();
  line.summary = std::move(j["summary"]);
  if (j.contains("expected") && j["expected"].is_boolean())
    line.expected = j["expected"].get<bool>();
  return line;
}

std::string not_a_sweep_line(const std::string& text) {
  return "not a line of hotdog sweep's JSONL: " + printable(text.substr(0, 80));
}

void flatten(const nlohmann::ordered_json& j, const std::string& prefix,
             std::vector<std::pair<std::string, double>>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string name = prefix.empty() ? k : prefix + "." + k;
    if (v.is_number())
      out.emplace_back(name, v.get<double>());
    else if (v.is_boolean())
      out.emplace_back(name, v.get<bool>() ? 1.0 : 0.0);
    else if (v.is_object())
      flatten(v, name, out);
  }
}

void flatten_text(const nlohmann::ordered_json& j, const std::string& prefix,
                  std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& [k, v] : j.items()) {
    const std::string name = prefix.empty() ? k : prefix + "." + k;
    if (v.is_number())
      out.emplace_back(name, v.dump());
    else if (v.is_boolean())
      out.emplace_back(name, v.get<bool>() ? "1" : "0");
    else if (v.is_string())
      out.emplace_back(name, std::string());
    else if (v.is_object())
      flatten_text(v, name, out);
  }
}

std::string cell_text(const nlohmann::ordered_json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace hotdog::sim::detail
