#include "hotdog/sim/kinds/messages.hpp"

#include <charconv>

namespace hotdog::sim {
namespace {

void append_int(std::string& out, std::int64_t n) {
  char buf[24];
  out.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
}

}  // namespace

value to_script_value(const message& m) {
  struct visitor {
    value operator()(const value& v) const { return v; }
    value operator()(const hot_dog&) const { return "hot dog"; }
    value operator()(const payment& p) const {
      return value::object(
          {{"from", value(p.from)}, {"amount", value(p.amount)}, {"reply", value(p.reply.name())}});
    }
    value operator()(const answer& a) const {
      if (const auto* s = std::get_if<served>(&a))
        return value::object({{"item", value("hot dog")}, {"change", value(s->change)}});
      if (const auto* r = std::get_if<refunded>(&a))
        return value::object({{"refund", value(r->amount)}});
      return value::object({{"item", value("wilted lettuce")}, {"change", value(0)}});
    }
  };
  return std::visit(visitor{}, m);
}

std::string describe(const message& m) {
  if (std::holds_alternative<hot_dog>(m)) return "a hot dog";
  if (std::holds_alternative<payment>(m)) return "a payment";
  if (std::holds_alternative<answer>(m)) return "a machine's answer";
  std::string s = std::get<value>(m).to_json();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return "the value " + s;
}

}  // namespace hotdog::sim

// The same text as the objects' JSON, keys sorted: {"amount":3,"from":"ann","reply":"ann.reply"}.
void hotdog::value_traits<hotdog::sim::message>::append(std::string& out,
                                                        const hotdog::sim::message& m) {
  using namespace hotdog::sim;
  if (const auto* v = std::get_if<value>(&m)) {
    v->append_json(out);
  } else if (std::holds_alternative<hot_dog>(m)) {
    out += "\"hot dog\"";
  } else if (const auto* p = std::get_if<payment>(&m)) {
    out += "{\"amount\":";
    append_int(out, p->amount);
    out += ",\"from\":";
    append_json_quoted(out, p->from);
    out += ",\"reply\":";
    append_json_quoted(out, p->reply.name());
    out += '}';
  } else {
    const answer& a = std::get<answer>(m);
    if (const auto* s = std::get_if<served>(&a)) {
      out += "{\"change\":";
      append_int(out, s->change);
      out += ",\"item\":\"hot dog\"}";
    } else if (const auto* r = std::get_if<refunded>(&a)) {
      out += "{\"refund\":";
      append_int(out, r->amount);
      out += '}';
    } else {
      out += "{\"change\":0,\"item\":\"wilted lettuce\"}";
    }
  }
}
