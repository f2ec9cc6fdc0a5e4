#include "hotdog/event.hpp"

#include <charconv>

namespace hotdog {

std::string_view to_string(event_kind k) noexcept {
  switch (k) {
    case event_kind::start: return "start";
    case event_kind::exit: return "exit";
    case event_kind::put: return "put";
    case event_kind::take: return "take";
    case event_kind::offer: return "offer";
    case event_kind::poll: return "poll";
    case event_kind::close: return "close";
    case event_kind::park: return "park";
    case event_kind::block: return "block";
    case event_kind::drop: return "drop";
    case event_kind::slide: return "slide";
    case event_kind::alts: return "alts";
    case event_kind::sleep: return "sleep";
    case event_kind::log: return "log";
    case event_kind::error: return "error";
    case event_kind::deadlock: return "deadlock";
    case event_kind::end: return "end";
    case event_kind::custom: break;
  }
  return "custom";
}

std::string_view to_string(wait_op op) noexcept {
  switch (op) {
    case wait_op::put: return "put";
    case wait_op::take: return "take";
    case wait_op::alts: return "alts";
    case wait_op::none: break;
  }
  return "";
}

namespace {

void append_int(std::string& out, std::int64_t n) {
  char buf[24];
  out.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
}

// Where several channels are named in one field (an alts's), the trace joins them with '|'.
void append_chans(std::string& out, const event& e) {
  if (e.chans.empty()) {
    append_json_quoted(out, e.chan);
    return;
  }
  std::string joined;
  for (std::size_t i = 0; i < e.chans.size(); ++i) {
    if (i) joined += '|';
    joined += e.chans[i];
  }
  append_json_quoted(out, joined);
}

void append_deadlock(std::string& out, const deadlock_report* d) {
  out += '[';
  if (d) {
    bool first = true;
    for (const auto& w : d->waiting) {
      if (!first) out += ',';
      first = false;
      out += "{\"proc\":";
      append_json_quoted(out, w.proc);
      out += ",\"op\":";
      append_json_quoted(out, to_string(w.op));
      out += ",\"chan\":";
      std::string joined;
      for (std::size_t i = 0; i < w.chans.size(); ++i) {
        if (i) joined += '|';
        joined += w.chans[i];
      }
      append_json_quoted(out, joined);
      out += '}';
    }
  }
  out += ']';
}

}  // namespace

void append_field_json(std::string& out, const event_field::value_type& v) {
  std::visit(
      [&out](const auto& x) {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, std::int64_t>)
          append_int(out, x);
        else if constexpr (std::is_same_v<X, bool>)
          out += x ? std::string_view("true") : std::string_view("false");
        else if constexpr (std::is_same_v<X, std::string_view>)
          append_json_quoted(out, x);
        else if constexpr (std::is_same_v<X, value_ref>)
          x.append_json(out);
        else
          append_json_double(out, x);
      },
      v);
}

void append_fields(std::string& out, const event& e, field_style style) {
  const auto key = [&out, style](std::string_view k) {
    if (style == field_style::text) {
      out += ' ';
      out += k;
      out += '=';
    } else {
      append_json_member_key(out, k);
    }
  };
  const auto chan = [&] {
    key("chan");
    append_json_quoted(out, e.chan);
  };
  const auto value = [&] {
    key("value");
    e.value.append_json(out);
  };
  switch (e.kind) {
    case event_kind::start:
    case event_kind::exit: return;
    case event_kind::put:
      chan();
      value();
      key("ok");
      out += e.ok.value_or(false) ? std::string_view("true") : std::string_view("false");
      return;
    case event_kind::offer:
      chan();
      value();
      key("ok");
      out += !e.ok   ? std::string_view("null")
             : *e.ok ? std::string_view("true")
                     : std::string_view("false");
      return;
    case event_kind::take:
    case event_kind::poll:
    case event_kind::drop:
    case event_kind::slide:
      chan();
      value();
      return;
    case event_kind::close: chan(); return;
    case event_kind::park:
    case event_kind::block:
      key("op");
      append_json_quoted(out, to_string(e.op));
      key("chan");
      append_chans(out, e);
      return;
    case event_kind::alts:
      key("port");
      append_json_quoted(out, e.chan);
      value();
      return;
    case event_kind::sleep:
      key("ms");
      append_int(out, e.number);
      return;
    case event_kind::log:
    case event_kind::error:
      key("msg");
      append_json_quoted(out, e.text);
      return;
    case event_kind::deadlock:
      key("waiting");
      append_deadlock(out, e.deadlock);
      if (e.deadlock && !e.deadlock->cycle.empty()) {
        key("cycle");
        out += '[';
        for (std::size_t i = 0; i < e.deadlock->cycle.size(); ++i) {
          if (i) out += ',';
          append_json_quoted(out, e.deadlock->cycle[i]);
        }
        out += ']';
      }
      return;
    case event_kind::end:
      key("reason");
      append_json_quoted(out, e.text);
      return;
    case event_kind::custom:
      for (const auto& f : e.fields) {
        key(f.key);  // JSONL: quoted and escaped, as a layer above's keys may need
        append_field_json(out, f.value);
      }
      return;
  }
}

}  // namespace hotdog
