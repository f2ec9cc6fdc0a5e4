#pragma once
/// @file combinators.hpp
/// The core.async combinators in a scenario: a channel's transducer stages, and the specs of
/// the combinator process kinds (pipe, mult, pub, merge, mix, split, pipeline). Channels are
/// indices into the scenario's channels, as everywhere in the model.

#include "hotdog/sim/lang/json_logic.hpp"
#include "hotdog/sim/lang/value.hpp"
#include "hotdog/sim/model/duration.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace hotdog::sim {

/// One transducer stage: `{"map": EXPR}`, `{"filter": EXPR}`, `{"remove": EXPR}`,
/// `{"mapcat": EXPR}`, `{"take": N}`, `{"dedupe": true}` or `{"partition_all": N}`.
struct xform_stage_spec {
  enum class kind { map, filter, remove, mapcat, take, dedupe, partition_all } type = kind::map;
  logic_expression expr;  ///< map, filter, remove, mapcat: `{"var": ""}` is the value
  std::uint64_t n = 0;    ///< take, partition_all
};
/// A transducer: its stages in order (Clojure's comp).
using xform_spec = std::vector<xform_stage_spec>;

/// The key a stage is written with ("map", "partition_all", ...).
std::string_view to_string(xform_stage_spec::kind k) noexcept;

/// `pipe`: every value of `from` goes on to `to`; closes `to` when `from` closes (if close).
struct pipe_spec {
  std::size_t from = 0, to = 0;
  bool close = true;
};

/// `mult`: every value of `from` to every tap; the next is taken once every tap accepted.
struct mult_spec {
  std::size_t from = 0;
  std::vector<std::size_t> taps;  ///< tapped at start, each closed when `from` closes
};

/// `pub`: each value of `from` to the subscribers of its topic (EXPR on the value).
struct pub_spec {
  std::size_t from = 0;
  logic_expression topic;
  /// At start: each topic (a value) and its subscribers, in the file's order.
  std::vector<std::pair<value, std::vector<std::size_t>>> subs;
};

/// `merge`: the values of every `from` channel onto `to`; closes `to` once all closed.
struct merge_spec {
  std::vector<std::size_t> from;
  std::size_t to = 0;
};

/// One input of a mix and its flags.
struct mix_input_spec {
  std::size_t chan = 0;
  bool mute = false, pause = false, solo = false;
};

/// `mix`: the values of its inputs onto `to` (never closed), as their flags say.
struct mix_spec {
  std::size_t to = 0;
  std::vector<mix_input_spec> inputs;
  bool solo_pause = false;  ///< "solo_mode": "pause" (default "mute")
};

/// `split`: each value of `from` to `if_true` or `if_false` by `predicate`.
struct split_spec {
  std::size_t from = 0;
  logic_expression predicate;
  std::size_t if_true = 0, if_false = 0;
};

/// `pipeline`: n workers apply `xform` to each value of `from` (taking `work_time` each);
/// the results go to `to` in input order; closes `to` when `from` closes (if close).
struct pipeline_spec {
  std::size_t from = 0, to = 0;
  std::uint64_t n = 1;
  xform_spec xform;
  std::optional<duration_spec> work_time;
  bool close = true;
};

/// The channels a pipeline makes for itself: NAME.jobs and NAME.done.
std::string pipeline_jobs(std::string_view pipeline);
std::string pipeline_done(std::string_view pipeline);
/// The processes a pipeline makes for itself: NAME.w1 ... NAME.wN and NAME.out.
std::string pipeline_worker(std::string_view pipeline, std::uint64_t k);
std::string pipeline_out(std::string_view pipeline);
/// The channel a mix is told of changes on: NAME.changes.
std::string mix_changes(std::string_view mix);

/// Calls f on every channel index a combinator spec holds (each as a reference).
template <class Spec, class F>
void each_combinator_channel(Spec& s, const F& f) {
  using S = std::remove_const_t<Spec>;
  if constexpr (std::is_same_v<S, pipe_spec> || std::is_same_v<S, pipeline_spec>) {
    f(s.from);
    f(s.to);
  } else if constexpr (std::is_same_v<S, mult_spec>) {
    f(s.from);
    for (auto& t : s.taps) f(t);
  } else if constexpr (std::is_same_v<S, pub_spec>) {
    f(s.from);
    for (auto& [topic, chans] : s.subs)
      for (auto& c : chans) f(c);
  } else if constexpr (std::is_same_v<S, merge_spec>) {
    for (auto& c : s.from) f(c);
    f(s.to);
  } else if constexpr (std::is_same_v<S, mix_spec>) {
    f(s.to);
    for (auto& i : s.inputs) f(i.chan);
  } else if constexpr (std::is_same_v<S, split_spec>) {
    f(s.from);
    f(s.if_true);
    f(s.if_false);
  }
}

}  // namespace hotdog::sim
