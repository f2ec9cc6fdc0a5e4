// A customer's keys (machine, amount, patience, count, interval), and amounts of money.
#include "families.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace hotdog::sim::loading {

namespace {

// x with each number written with a point that is whole (3.0) as that whole number, as every
// count takes it (a price of 1.0 is 1); other values as they are.
json whole_floats(const json& x) {
  if (x.is_number_float()) {
    const double d = x.get<double>();
    if (d >= 0 && d <= 9007199254740992.0 && d == std::floor(d))
      return json(static_cast<std::uint64_t>(d));
    return x;
  }
  if (!x.is_structured()) return x;
  json y = x;
  for (auto& e : y) e = whole_floats(e);
  return y;
}

// A whole number from 0 to max_money, {"uniform": [MIN, MAX]} or {"choose": [A, B, ...]} of
// such. A number past the limit is reported where it is written; it is refused, not clamped,
// so that no money total of a run can pass 2^63-1 (validator::max_money).
amount_spec read_amount(validator& v, const json& written, const std::string& ptr) {
  const json x = whole_floats(written);
  constexpr std::int64_t max = validator::max_money;
  // A whole number >= 0, up to 2^64-1 (the reader keeps one past 2^63-1 unsigned).
  auto whole = [](const json& n) {
    return n.is_number_unsigned() || (n.is_number_integer() && n.get<std::int64_t>() >= 0);
  };
  auto in_range = [&](const json& n) {
    return whole(n) && n.get<std::uint64_t>() <= static_cast<std::uint64_t>(max);
  };
  auto too_large = [&](const json& n) { return whole(n) && !in_range(n); };
  const std::string range = "an amount is a whole number from 0 to " + std::to_string(max);
  bool reported = false;
  auto check = [&](const json& n, const std::string& at) {
    if (!too_large(n)) return;
    v.error(at, range + ", not " + n.dump());
    reported = true;
  };
  if (in_range(x)) return amount_spec::fixed(x.get<std::int64_t>());
  check(x, ptr);
  if (x.is_object() && x.size() == 1 && x.contains("uniform") && x["uniform"].is_array() &&
      x["uniform"].size() == 2 && whole(x["uniform"][0]) && whole(x["uniform"][1])) {
    for (std::size_t i = 0; i < 2; ++i)
      check(x["uniform"][i], ptr + "/uniform/" + std::to_string(i));
    if (!reported && x["uniform"][0] <= x["uniform"][1]) {
      amount_spec a;
      a.type = amount_spec::kind::uniform;
      a.min = x["uniform"][0].get<std::int64_t>();
      a.max = x["uniform"][1].get<std::int64_t>();
      return a;
    }
  }
  if (x.is_object() && x.size() == 1 && x.contains("choose") && x["choose"].is_array() &&
      !x["choose"].empty() && std::all_of(x["choose"].begin(), x["choose"].end(), whole)) {
    for (std::size_t i = 0; i < x["choose"].size(); ++i)
      check(x["choose"][i], ptr + "/choose/" + std::to_string(i));
    if (!reported) {
      amount_spec a;
      a.type = amount_spec::kind::choose;
      for (const auto& n : x["choose"]) a.choices.push_back(n.get<std::int64_t>());
      return a;
    }
  }
  if (!reported)
    v.error(ptr, range + ", {\"uniform\": [MIN, MAX]} or {\"choose\": [A, B, ...]}, not " +
                     describe(written));
  return {};
}

// "choose": how a customer picks one of a list of machines.
void read_choice(validator& v, const json& p, const std::string& ptr, customer_spec& c) {
  if (!p.contains("choose")) return;
  const json& x = p["choose"];
  const std::string text = x.is_string() ? x.get<std::string>() : "";
  if (text == "random")
    c.choose = machine_choice::random;
  else if (text == "shortest")
    c.choose = machine_choice::shortest;
  else if (text == "round_robin")
    c.choose = machine_choice::round_robin;
  else {
    std::string msg =
        "\"choose\" must be \"random\", \"shortest\" or \"round_robin\", not " + describe(x);
    if (auto m = did_you_mean(text, {"random", "shortest", "round_robin"}); m && !text.empty())
      msg += "; did you mean " + q(*m) + "?";
    v.error(ptr + "/choose", msg);
  }
  if (!p.contains("machine") || !p["machine"].is_array())
    v.error(ptr + "/choose", "\"choose\" picks among a list of machines: give \"machine\": [...]");
}

}  // namespace

customer_spec read_customer(validator& v, const json& p, const std::string& ptr) {
  v.check_keys(
      p, ptr,
      process_keys({"machine", "line", "choose", "amount", "patience", "count", "interval"}));
  customer_spec c;
  if (p.contains("line")) {
    // A shared line: it pays into the channel and whichever machine takes the payment answers.
    std::size_t line = 0;
    c.line = declared_channel(v, p["line"], ptr + "/line", line);
    c.machine_in_channels.push_back(line);
    if (p.contains("machine")) v.error(ptr + "/line", "give \"machine\" or \"line\", not both");
  } else {
    v.machine_refs.push_back(
        {p.contains("machine") ? ptr + "/machine" : ptr, p.value("machine", json())});
  }
  read_choice(v, p, ptr, c);
  if (p.contains("machine") && p["machine"].is_array()) {
    c.pick_at_random = true;
    for (const auto& m : p["machine"])
      if (m.is_string()) c.machines.push_back(m.get<std::string>());
  } else if (p.contains("machine") && p["machine"].is_string()) {
    c.machines.push_back(p["machine"].get<std::string>());
  }
  if (p.contains("amount")) c.amount = read_amount(v, p["amount"], ptr + "/amount");
  if (p.contains("patience")) c.patience = v.random_duration_at(p["patience"], ptr + "/patience");
  if (p.contains("count")) c.count = static_cast<std::uint64_t>(v.whole(p, ptr, "count", 1, 1));
  if (p.contains("interval")) {
    if (!p.contains("count"))
      v.error(ptr + "/interval", "\"interval\" is for a crowd: give \"count\" too");
    c.interval = v.random_duration_at(p["interval"], ptr + "/interval");
  }
  return c;
}

}  // namespace hotdog::sim::loading
