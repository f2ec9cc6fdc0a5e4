#include "hotdog/sim/trace_writer.hpp"

#include <cstdio>

namespace hotdog::sim {

void jsonl_writer::on_event(const event& e) {
  std::string line = "{\"seq\":" + std::to_string(e.seq) + ",\"t\":" + std::to_string(e.t);
  if (!e.proc.empty()) line += ",\"proc\":" + json_quote(e.proc);
  line += ",\"ev\":" + json_quote(e.ev);
  for (const auto& [k, v] : e.fields) line += "," + json_quote(k) + ":" + v;
  line += "}\n";
  out_ << line;
}

std::string format_time(std::int64_t ms) {
  char buf[48];
  const std::int64_t h = ms / 3'600'000, m = ms / 60'000 % 60, s = ms / 1000 % 60, f = ms % 1000;
  if (h > 0)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%02lld.%03llds", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s), static_cast<long long>(f));
  else if (m > 0)
    std::snprintf(buf, sizeof buf, "%lldm%02lld.%03llds", static_cast<long long>(m),
                  static_cast<long long>(s), static_cast<long long>(f));
  else
    std::snprintf(buf, sizeof buf, "%lld.%03llds", static_cast<long long>(s),
                  static_cast<long long>(f));
  return buf;
}

text_writer::text_writer(std::ostream& out, std::size_t process_width, bool color,
                         std::ostream& summary)
    : out_(out),
      summary_(summary),
      width_(std::max<std::size_t>(process_width, 1)),
      color_(color) {}

namespace {

const char* color_of(const std::string& ev) {
  if (ev == "park" || ev == "block") return "\x1b[33m";  // yellow: waiting
  if (ev == "error" || ev == "deadlock" || ev == "drop" || ev == "slide") return "\x1b[31m";
  if (ev == "start" || ev == "exit" || ev == "end") return "\x1b[2m";  // dim
  if (ev == "put" || ev == "take" || ev == "alts") return "\x1b[32m";  // green: a handoff
  return "";
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

void text_writer::on_event(const event& e) {
  if (e.ev == "summary") {
    auto f = [&](const char* k) { return e.find(k) ? *e.find(k) : std::string("?"); };
    auto t = [&](const char* k) { return format_time(std::stoll(f(k))); };
    summary_ << "summary: " << f("sold") << " hot dogs sold; revenue " << f("revenue")
             << ", change " << f("change") << ", refunds " << f("refunds") << ", lettuce "
             << f("lettuce") << "\n"
             << "customers: " << f("customers") << " (" << f("served") << " served, " << f("hungry")
             << " hungry, " << f("refunded") << " refunded, " << f("lettuce_eaters") << " lettuce, "
             << f("present") << " still there)\n"
             << "waiting for a hot dog: mean " << t("wait_mean") << ", p50 " << t("wait_p50")
             << ", p95 " << t("wait_p95") << ", max " << t("wait_max") << "\n"
             << "stock: " << f("cooked") << " cooked, " << f("stock_left") << " left; "
             << (f("balanced") == "true" ? "every coin and hot dog is accounted for"
                                         : "THE CONSERVATION CHECK FAILED")
             << "\n";
    return;
  }
  std::string time = format_time(e.t);
  if (time.size() < 12) time.insert(0, 12 - time.size(), ' ');
  std::string line = time + "  " + pad(e.proc.empty() ? "-" : e.proc, width_) + "  ";
  const char* c = color_ ? color_of(e.ev) : "";
  line += *c ? std::string(c) + pad(e.ev, 8) + "\x1b[0m" : pad(e.ev, 8);
  for (const auto& [k, v] : e.fields) line += " " + k + "=" + v;
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out_ << line << '\n';
}

}  // namespace hotdog::sim
