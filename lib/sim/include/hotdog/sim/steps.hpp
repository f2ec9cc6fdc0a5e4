#pragma once
/// @file steps.hpp
/// A script's steps, compiled once by the loader: channels are indices into the run's
/// channels, variables are slots, and every `{var}` template is parsed into its pieces, so
/// running a step looks nothing up by name and scans no text.

#include "hotdog/sim/duration.hpp"
#include "hotdog/sim/value.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hotdog::sim {

/// A script variable: its slot among the process's variables, and its name for messages.
struct variable {
  std::size_t slot = 0;
  std::string name;
};

/// A channel a step names: its index in the scenario's channels, and its name.
struct channel_ref {
  std::size_t index = 0;
  std::string name;
};

/// A text with `{var}` and `{var|filter}` holes, split at load into literal text and
/// variables. A variable's string value is inserted as its text, any other as its JSON.
struct text_template {
  enum class filter { none, upper, lower, reverse };
  struct piece {
    std::string literal;          ///< text before the variable (or all of it, for the last)
    std::optional<variable> var;  ///< none for a trailing literal
    filter how = filter::none;
  };
  std::vector<piece> pieces;
};

/// A value written in a step: a literal, a variable itself (the string `"{x}"`, which keeps
/// x's type), a text with holes, or an array or object holding any of these.
struct value_template {
  enum class kind { literal, variable, text, array, object } type = kind::literal;
  value literal;
  variable var;
  text_template text;
  std::vector<value_template> items;  ///< kind::array
  struct member;
  std::vector<member> members;  ///< kind::object, sorted
};
struct value_template::member {
  std::string first;
  value_template second;
};

/// `{"put": C, "value": V, "as": X?, "blocking": B?}`
struct put_step {
  channel_ref chan;
  value_template value;
  std::optional<variable> as;
  bool blocking = false;
};
/// `{"take": C, "as": X?, "blocking": B?}`
struct take_step {
  channel_ref chan;
  std::optional<variable> as;
  bool blocking = false;
};
/// `{"offer": C, "value": V, "as": X?}`
struct offer_step {
  channel_ref chan;
  value_template value;
  std::optional<variable> as;
};
/// `{"poll": C, "as": X?}`
struct poll_step {
  channel_ref chan;
  std::optional<variable> as;
};
/// `{"close": C}`
struct close_step {
  channel_ref chan;
};
/// `{"sleep": DURATION, "blocking": B?}`
struct sleep_step {
  duration_spec duration;
  bool blocking = false;
};
/// `{"log": TEXT}`
struct log_step {
  text_template text;
};
/// One operation of an alts: a take, a put, or a timeout.
struct alts_arm {
  enum class kind { take, put, timeout } type = kind::take;
  channel_ref chan;       ///< take, put
  value_template value;   ///< put
  duration_spec timeout;  ///< timeout
};
/// `{"alts": [ARM...], "priority": B?, "default": V?, "as": X?, "port_as": P?}`
struct alts_step {
  std::vector<alts_arm> arms;
  bool priority = false;
  std::optional<value_template> default_value;
  std::optional<variable> as, port_as;
};
struct step;
/// `{"loop": [STEP...], "times": N?}`: N times, or until a take inside returns null.
struct loop_step {
  std::vector<step> body;
  std::optional<std::uint64_t> times;
};
/// One step of a script.
struct step {
  std::variant<put_step, take_step, offer_step, poll_step, close_step, sleep_step, log_step,
               alts_step, loop_step>
      op;
};
using step_list = std::vector<step>;

/// Calls f(const step_list&) for every step list directly inside s (a loop's body): every
/// walk over the step tree goes through here, so a new kind of compound step is added once.
template <class F>
void for_each_child_list(const step& s, F&& f) {
  if (const auto* loop = std::get_if<loop_step>(&s.op)) f(loop->body);
}

}  // namespace hotdog::sim
