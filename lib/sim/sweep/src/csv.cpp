#include "hotdog/sim/sweep/csv.hpp"

namespace hotdog::sim {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

bool is_time_field(std::string_view field) {
  const std::size_t dot = field.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? field : field.substr(dot + 1);
  const std::string_view first = field.substr(0, field.find('.'));
  if (field == "t" || last.rfind("wait", 0) == 0) return true;  // wait_mean, wait_p95, ...
  if (first == "waits") return last == "mean" || last == "max";
  if (first == "machines") return last == "sold_out";
  if (first == "processes") return last == "parked" || last == "blocked";
  return false;
}

std::string csv_column(std::string_view field) {
  return std::string(field) + (is_time_field(field) ? "_ms" : "");
}

}  // namespace hotdog::sim
