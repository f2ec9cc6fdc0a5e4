#pragma once
/// @file scenario.hpp
/// The scenario model: typed specs, one struct per process kind, made once by the loader
/// (load_scenario, in load/load.hpp) from a JSON file and never looked at as JSON again. Every
/// default lives here, in the structs' initializers.

#include "hotdog/buffer.hpp"
#include "hotdog/random.hpp"
#include "hotdog/runtime.hpp"
#include "hotdog/sim/model/combinators.hpp"
#include "hotdog/sim/model/duration.hpp"
#include "hotdog/sim/model/steps.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace hotdog::sim {

/// A channel of the run. Declared ones come first, then the machines' own (NAME.in,
/// NAME.hopper); steps and specs refer to channels by their index in that list.
struct channel_spec {
  std::string name;
  std::size_t buffer = 0;
  buffer_policy policy = buffer_policy::fixed;
  std::string owner;     ///< the machine that owns it; empty for a declared channel
  bool promise = false;  ///< "promise": true: the first value put goes to every take
  xform_spec xform;      ///< "xform": stages applied to each value put (needs a buffer)
};

/// A `script` process: its steps, compiled.
struct script_spec {
  step_list steps;
  std::vector<std::string> variables;  ///< every variable it binds, by slot
};

/// A `machine`: sells hot dogs from its hopper for `price`.
struct machine_spec {
  std::int64_t price = 3;
  std::int64_t stock = 0;  ///< hot dogs in the hopper at start
  bool unlimited = false;  ///< "stock": "unlimited": never sold out, takes nothing from the hopper
  std::optional<duration_spec> serve_time;  ///< from taking a payment to answering it
  std::int64_t capacity = 0;       ///< the hopper's size; the loader makes it max(stock, 10)
  bool lettuce = false;            ///< wrong money gets wilted lettuce (the book's v2)
  bool close_when_empty = false;   ///< "when_empty": "close" (v2) rather than "wait"
  std::size_t in_channel = 0;      ///< NAME.in: payments
  std::size_t hopper_channel = 0;  ///< NAME.hopper: hot dogs
};

/// A `customer`, or with `count` a crowd of them.
struct customer_spec {
  std::vector<std::string> machines;             ///< one, or several to pick from at random
  std::vector<std::size_t> machine_in_channels;  ///< each machine's NAME.in
  bool pick_at_random = false;  ///< "machine" was a list: each customer draws one (even of one)
  amount_spec amount = amount_spec::fixed(3);
  std::optional<duration_spec> patience;  ///< none: waits for ever
  std::optional<std::uint64_t> count;     ///< a crowd of this many
  duration_spec interval;                 ///< between a crowd's arrivals
};

/// A `chef`: cooks batches and fills one machine's hopper.
struct chef_spec {
  std::string machine;
  std::size_t hopper_channel = 0;  ///< the machine's NAME.hopper
  duration_spec cook_time = duration_spec::fixed(60'000);
  std::int64_t batch = 1;
  std::optional<std::uint64_t> batches;  ///< none: cooks for ever
};

struct process_spec {
  std::string name;
  process_mode mode = process_mode::go;
  bool daemon = false;
  std::int64_t start = 0;
  std::variant<script_spec, machine_spec, customer_spec, chef_spec, pipe_spec, mult_spec, pub_spec,
               merge_spec, mix_spec, split_spec, pipeline_spec>
      body;
  /// "script", "machine", "customer", "chef", or a combinator's kind ("pipe", "mult", ...).
  std::string_view kind() const noexcept;
  /// True for a combinator: pipe, mult, pub, merge, mix, split or pipeline.
  bool combinator() const noexcept { return body.index() >= 4; }
};

/// One `expect.summary` entry: the summary field `key` equals a value, or lies in [min, max].
struct summary_expectation {
  std::string key;
  std::optional<double> equals;  ///< a number (a boolean field: 1 true, 0 false)
  bool boolean = false;          ///< `equals` was written as true or false
  std::optional<double> min, max;
};

/// The fields of the `summary` event, in its order: the keys `expect.summary` may name.
inline std::span<const std::string_view> summary_fields() noexcept {
  // The order of summarize()'s summary event (simulation.cpp); a test keeps them in step.
  static constexpr std::string_view names[] = {
      "sold",     "revenue",  "change",   "refunds",        "lettuce",    "customers",
      "served",   "hungry",   "refunded", "lettuce_eaters", "present",    "wait_mean",
      "wait_p50", "wait_p95", "wait_max", "cooked",         "stock_left", "balanced"};
  return names;
}

/// The end reasons as `expect.end` spells them.
inline std::span<const std::string_view> end_reason_names() noexcept {
  static constexpr std::string_view names[] = {"done",  "until", "deadlock",
                                               "limit", "error", "stalled"};
  return names;
}

/// What every run of the scenario must show (`"expect"`), checked at its end.
struct expect_spec {
  std::optional<end_reason> end;
  /// Per process (in the file's order): its log messages, exactly and in order.
  std::vector<std::pair<std::string, std::vector<std::string>>> logs;
  std::vector<summary_expectation> summary;
};

/// A loaded, validated scenario.
struct scenario {
  std::string file;
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::optional<std::int64_t> until;
  std::vector<channel_spec> channels;  ///< declared ones, then the machines'
  std::vector<process_spec> processes;
  std::optional<expect_spec> expect;
  /// How many channels the file declares (the first ones of `channels`).
  std::size_t declared_channels() const noexcept;
};

/// The channels a machine owns: NAME.in (payments) and NAME.hopper (hot dogs).
std::string machine_in(std::string_view machine);
std::string machine_hopper(std::string_view machine);
/// A customer's own reply channel: NAME.reply.
std::string customer_reply(std::string_view customer);

}  // namespace hotdog::sim
