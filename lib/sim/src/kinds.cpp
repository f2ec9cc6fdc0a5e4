#include "kinds.hpp"

#include "hotdog/sim/sim_events.hpp"
#include "hotdog/timeout.hpp"

namespace hotdog::sim {

using json = nlohmann::json;

std::string machine_in(const std::string& machine) { return machine + ".in"; }
std::string machine_hopper(const std::string& machine) { return machine + ".hopper"; }

std::int64_t draw_amount(const json& v, random_source& random) {
  if (v.is_object() && v.contains("uniform"))
    return random.between(v["uniform"][0].get<std::int64_t>(), v["uniform"][1].get<std::int64_t>());
  if (v.is_object() && v.contains("choose"))
    return v["choose"][random.below(v["choose"].size())].get<std::int64_t>();
  return v.get<std::int64_t>();
}

namespace {

std::int64_t duration_or(const json& spec, const char* key, std::int64_t dflt, random_source& r) {
  return spec.contains(key) ? draw_duration(spec[key], r) : dflt;
}

}  // namespace

// The book's machine, grown up: a price, a hopper the chef fills, change and refunds, and a
// reply channel per payment so that each customer gets their own hot dog.
task<void> run_machine(process& p, channel_directory& dir, tallies& t, const json& spec) {
  const std::string name = spec["name"];
  const std::int64_t price = spec.value("price", 3);
  const bool lettuce = spec.value("lettuce", false);
  const bool close_when_empty = spec.value("when_empty", std::string("wait")) == "close";
  json_channel in = dir.get(machine_in(name));
  json_channel hopper = dir.get(machine_hopper(name));
  std::int64_t stock = spec.value("stock", 0);
  for (std::int64_t i = 0; i < stock; ++i) co_await p.put(hopper, json("hot dog"));
  {
    std::lock_guard lock(t.mutex);
    t.stocked += stock;
    t.into_hoppers += stock;
  }
  report(p, sim_event::stock, {{"count", stock}, {"price", price}});
  // The machine takes a payment only with a hot dog in hand, so while it is sold out the
  // payments wait in `in` (and impatient customers can still give up with their money).
  std::optional<json> dog;
  for (;;) {
    if (close_when_empty && stock == 0) {
      // The book's v2: out of hot dogs, it closes its channels and stops.
      report(p, sim_event::sold_out, {{"action", std::string_view("close")}});
      p.close(in);
      co_return;
    }
    if (!dog) {
      dog = co_await p.poll(hopper);
      if (!dog) {
        report(p, sim_event::sold_out, {{"action", std::string_view("wait for the chef")}});
        dog = co_await p.take(hopper);
      }
      std::lock_guard lock(t.mutex);
      ++t.out_of_hoppers;
      ++t.machine_holding;
    }
    auto payment = co_await p.take(in);
    if (!payment) co_return;  // someone closed the machine
    const std::string from = (*payment)["from"];
    const std::int64_t amount = (*payment)["amount"];
    json_channel reply = dir.get((*payment)["reply"].get<std::string>());
    {
      std::lock_guard lock(t.mutex);
      t.payments += amount;
      t.held += amount;
    }
    report(p, sim_event::pay, {{"from", std::string_view(from)}, {"amount", amount}});
    json answer;
    if (lettuce && amount != price) {
      answer = {{"item", "wilted lettuce"}, {"change", 0}};
      report(p, sim_event::lettuce, {{"to", std::string_view(from)}, {"amount", amount}});
      std::lock_guard lock(t.mutex);
      t.lettuce_takings += amount;
      t.held -= amount;
    } else if (amount < price) {
      answer = {{"refund", amount}};
      report(p, sim_event::refund,
             {{"to", std::string_view(from)},
              {"amount", amount},
              {"why", std::string_view("too little")}});
      std::lock_guard lock(t.mutex);
      t.refunds += amount;
      t.held -= amount;
    } else {
      dog.reset();
      --stock;
      const std::int64_t change = amount - price;
      answer = {{"item", "hot dog"}, {"change", change}};
      report(p, sim_event::dispense,
             {{"to", std::string_view(from)}, {"item", std::string_view("hot dog")}});
      if (change > 0)
        report(p, sim_event::change, {{"to", std::string_view(from)}, {"amount", change}});
      std::lock_guard lock(t.mutex);
      ++t.sold;
      --t.machine_holding;
      t.revenue += price;
      t.change += change;
      t.held -= amount;
    }
    // The reply channel has a buffer of one: the machine never waits on a customer.
    co_await p.put(reply, std::move(answer));
  }
}

task<void> run_customer(process& p, channel_directory& dir, tallies& t, const json& spec,
                        std::int64_t amount, std::int64_t patience) {
  const std::string machine = spec["machine"].is_array()
                                  ? spec["machine"][p.rt().random().below(spec["machine"].size())]
                                  : spec["machine"];
  const std::int64_t arrived = p.rt().now();
  {
    std::lock_guard lock(t.mutex);
    ++t.customers;
    ++t.present;
    t.purses += amount;
    t.in_hand += amount;
  }
  report(p, sim_event::arrive, {{"machine", std::string_view(machine)}, {"amount", amount}});
  const std::string reply_name = p.name() + ".reply";
  dir.add(reply_name, make_channel<json>(p.rt(), reply_name, 1));
  json_channel in = dir.get(machine_in(machine));
  json payment = {{"from", p.name()}, {"amount", amount}, {"reply", reply_name}};
  auto leave = [&](const char* reason) {
    report(p, sim_event::leave,
           {{"reason", std::string_view(reason)}, {"waited", p.rt().now() - arrived}});
    dir.remove(reply_name);
  };
  auto leave_hungry = [&](const char* reason) {
    {
      std::lock_guard lock(t.mutex);
      ++t.hungry;
      --t.present;
      t.kept += amount;
      t.in_hand -= amount;
    }
    leave(reason);
  };
  bool paid = false;
  if (patience >= 0) {
    auto r = co_await p.alts(alt_ops(alt_op<json>::put(in, payment),
                                     alt_op<json>::take(make_timeout<json>(p.rt(), patience))));
    if (r.index != 0) {
      // The timeout won: the payment was withdrawn, so the customer keeps the money.
      leave_hungry("impatient");
      co_return;
    }
    paid = r.put_ok;
  } else {
    paid = co_await p.put(in, payment);
  }
  if (!paid) {
    leave_hungry("closed");
    co_return;
  }
  {
    std::lock_guard lock(t.mutex);
    t.handed_over += amount;
    t.in_hand -= amount;
  }
  json_channel reply = dir.get(reply_name);
  auto answer = co_await p.take(reply);
  const char* reason = "served";
  {
    std::lock_guard lock(t.mutex);
    --t.present;
    if (answer->contains("refund")) {
      reason = "refunded";
      ++t.refunded;
      t.got_back += (*answer)["refund"].get<std::int64_t>();
    } else if ((*answer)["item"] == "hot dog") {
      ++t.served;
      t.got_back += (*answer)["change"].get<std::int64_t>();
      t.waits.push_back(p.rt().now() - arrived);
    } else {
      reason = "lettuce";
      ++t.lettuce_eaters;
    }
  }
  leave(reason);
}

// A crowd makes its customers as they arrive, so a million of them never exist at once.
task<void> run_crowd(process& p, channel_directory& dir, tallies& t, const json& spec) {
  const std::uint64_t count = spec["count"];
  const std::string base = spec["name"];
  for (std::uint64_t i = 1; i <= count; ++i) {
    if (i > 1) co_await p.sleep(duration_or(spec, "interval", 0, p.rt().random()));
    const std::int64_t amount = draw_amount(spec.value("amount", json(3)), p.rt().random());
    const std::int64_t patience = duration_or(spec, "patience", -1, p.rt().random());
    p.rt().spawn({base + "-" + std::to_string(i), process_mode::go, false, p.rt().now()},
                 [&dir, &t, &spec, amount, patience](process& c) {
                   return run_customer(c, dir, t, spec, amount, patience);
                 });
  }
}

task<void> run_chef(process& p, channel_directory& dir, tallies& t, const json& spec) {
  const std::string machine = spec["machine"];
  json_channel hopper = dir.get(machine_hopper(machine));
  const std::int64_t batch = spec.value("batch", 1);
  const bool counted = spec.contains("batches");
  const std::uint64_t batches = spec.value("batches", std::uint64_t{0});
  for (std::uint64_t n = 0; !counted || n < batches; ++n) {
    co_await p.sleep(duration_or(spec, "cook_time", 60'000, p.rt().random()));
    {
      std::lock_guard lock(t.mutex);
      t.cooked += batch;
      t.chef_holding += batch;
    }
    report(p, sim_event::cook, {{"count", batch}});
    for (std::int64_t i = 0; i < batch; ++i) {
      // Parks while the hopper is full: backpressure.
      co_await p.put(hopper, json("hot dog"));
      std::lock_guard lock(t.mutex);
      --t.chef_holding;
      ++t.into_hoppers;
    }
    report(p, sim_event::restock, {{"machine", std::string_view(machine)}, {"count", batch}});
  }
}

}  // namespace hotdog::sim
