#include "hotdog/sim/trace_writer.hpp"

#include <charconv>
#include <cstdio>

namespace hotdog::sim {

void jsonl_writer::on_event(const event& e) {
  // One buffer, reused: this is the hot path of a busy run.
  std::string& line = line_;
  line.clear();
  const auto number = [&line](auto n) {
    char buf[24];
    line.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
  };
  line += "{\"seq\":";
  number(e.seq);
  line += ",\"t\":";
  number(e.t);
  if (!e.proc.empty()) {
    line += ",\"proc\":";
    append_json_quoted(line, e.proc);
  }
  line += ",\"ev\":";
  append_json_quoted(line, e.ev);
  for (const auto& [k, v] : e.fields) {
    line += ',';
    append_json_quoted(line, k);
    line += ':';
    line += v;
  }
  line += "}\n";
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
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
  if (explain_) {
    if (auto why = explainer_.explain(e)) {
      // Under the event column: the explanation belongs to the event, not the time.
      out_ << std::string(12 + 2 + width_ + 2, ' ') << (color_ ? "\x1b[2m" : "") << "↳ " << *why
           << (color_ ? "\x1b[0m" : "") << '\n';
    }
  }
}

namespace {

// Mermaid ends a statement at ';' and reads '#...;' as an entity: escape both.
std::string mermaid_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ';')
      out += "#59;";
    else if (c == '#')
      out += "#35;";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

}  // namespace

mermaid_writer::mermaid_writer(std::ostream& out) : out_(out) { out_ << "sequenceDiagram\n"; }

std::string mermaid_writer::participant(const std::string& proc) {
  auto it = ids_.find(proc);
  if (it != ids_.end()) return it->second;
  const std::string id = "p" + std::to_string(ids_.size());
  ids_.emplace(proc, id);
  out_ << "    participant " << id << " as " << mermaid_text(proc) << "\n";
  return id;
}

void mermaid_writer::note(const std::string& proc, const std::string& text) {
  out_ << "    Note over " << participant(proc) << ": " << mermaid_text(text) << "\n";
}

void mermaid_writer::arrow(const std::string& from, const std::string& to,
                           const std::string& text) {
  const std::string a = participant(from), b = participant(to);
  out_ << "    " << a << "->>" << b << ": " << mermaid_text(text) << "\n";
}

void mermaid_writer::on_event(const event& e) {
  const std::string chan = e.text("chan");
  const std::string* value = e.find("value");
  auto handoff_put = [&](const std::string& v) {
    auto& waiting = takes_[chan];
    if (!waiting.empty()) {
      arrow(e.proc, waiting.front().proc, chan + ": " + v);
      waiting.pop_front();
    } else {
      puts_[chan].push_back({e.proc, v});
    }
  };
  auto handoff_take = [&](const std::string& v) {
    auto& waiting = puts_[chan];
    if (!waiting.empty()) {
      arrow(waiting.front().proc, e.proc, chan + ": " + waiting.front().value);
      waiting.pop_front();
    } else {
      takes_[chan].push_back({e.proc, v});
    }
  };
  if (e.ev == "start") {
    participant(e.proc);
  } else if (e.ev == "put" || (e.ev == "offer" && e.text("ok") == "true")) {
    if (e.text("ok") == "true")
      handoff_put(value ? *value : "?");
    else
      note(e.proc, "put to closed " + chan + " returns false");
  } else if (e.ev == "take" || e.ev == "poll") {
    if (value && *value != "null")
      handoff_take(*value);
    else if (e.ev == "take")
      note(e.proc, "takes null: " + chan + " is closed");
  } else if (e.ev == "drop" || e.ev == "slide") {
    auto& q = puts_[chan];
    if (!q.empty()) {
      if (e.ev == "drop")
        q.pop_back();
      else
        q.pop_front();
    }
    out_ << "    Note over " << (ids_.empty() ? participant("-") : ids_.begin()->second) << ": "
         << mermaid_text(chan + (e.ev == "drop" ? " drops " : " slides out ") +
                         (value ? *value : ""))
         << "\n";
  } else if (e.ev == "park" || e.ev == "block") {
    note(e.proc, e.ev + "s: " + e.text("op") + " on " + chan);
  } else if (e.ev == "alts") {
    const std::string port = e.text("port");
    if (port == "timeout" || port == "default")
      note(e.proc, "alts: " + port + " wins");
    else if (value && *value == "true") {
      // An alts put does not say its value; the take that met it does.
      auto& waiting = takes_[port];
      if (!waiting.empty()) {
        arrow(e.proc, waiting.front().proc, port + ": " + waiting.front().value);
        waiting.pop_front();
      } else {
        puts_[port].push_back({e.proc, "(a value put by alts)"});
      }
    } else if (value && *value == "false")
      note(e.proc, "alts: put to closed " + port + " returns false");
    else if (value && *value != "null")
      handoff_take(*value);
    else
      note(e.proc, "alts: " + port + " is closed");
  } else if (e.ev == "close") {
    note(e.proc, "closes " + chan);
  } else if (e.ev == "sleep") {
    note(e.proc, "sleeps " + e.text("ms") + " ms");
  } else if (e.ev == "log") {
    note(e.proc, e.text("msg"));
  } else if (e.ev == "error") {
    note(e.proc.empty() ? std::string("-") : e.proc, "error: " + e.text("msg"));
  } else if (e.ev == "leave" || e.ev == "sold_out" || e.ev == "cook" || e.ev == "restock") {
    std::string text = e.ev;
    for (const auto& [k, v] : e.fields) text += " " + k + "=" + v;
    note(e.proc, text);
  } else if (e.ev == "deadlock") {
    out_ << "    Note over " << (ids_.empty() ? participant("-") : ids_.begin()->second)
         << ": deadlock\n";
  }
}

}  // namespace hotdog::sim
