#pragma once
/// @file steps.hpp
/// A script's steps, compiled once by the loader: channels are indices into the run's
/// channels, variables are slots, and every `{var}` template is parsed into its pieces, so
/// running a step looks nothing up by name and scans no text.

#include "hotdog/sim/model/duration.hpp"
#include "hotdog/sim/lang/json_logic.hpp"
#include "hotdog/sim/lang/value.hpp"

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
/// `{"loop": [STEP...], "times": N?, "while": COND?, "index_as": I?}`: each round binds the
/// index (0, 1, ...), then stops when N rounds have run or COND is false; a take inside that
/// returns null (closed) or a `break` ends it too.
struct loop_step {
  std::vector<step> body;
  std::optional<std::uint64_t> times;
  std::optional<logic_expression> while_condition;
  std::optional<variable> index_as;
};
/// `{"if": COND, "then": [STEP...], "else": [STEP...]?}`
struct if_step {
  logic_expression condition;
  std::vector<step> then_steps;
  std::vector<step> else_steps;  ///< empty when there is no "else"
};
/// `{"set": X, "to": EXPR}`: binds X to EXPR's value (JSON Logic).
struct set_step {
  variable var;
  logic_expression to;
};
/// `{"break": true}`: leaves the innermost loop (the loader allows it only inside one).
struct break_step {};
/// A combinator process a step names: its index among the scenario's processes, and its name.
struct process_ref {
  std::size_t index = 0;
  std::string name;
};
/// `{"tap": MULT, "ch": C, "close": B?}`, or with `untap` set `{"untap": MULT, "ch": C}`.
struct tap_step {
  process_ref mult;
  channel_ref chan;
  bool close = true;
  bool untap = false;
};
/// `{"sub": PUB, "topic": V, "ch": C}`, or with `unsub` set `{"unsub": PUB, ...}`.
struct sub_step {
  process_ref pub;
  value_template topic;
  channel_ref chan;
  bool unsub = false;
};
/// `{"admix": MIX, "ch": C}`, `{"unmix": MIX, "ch": C}` or
/// `{"toggle": MIX, "ch": C, "mute"?: B, "pause"?: B, "solo"?: B}`.
struct mix_step {
  enum class kind { admix, unmix, toggle } type = kind::admix;
  process_ref mix;
  channel_ref chan;
  std::optional<bool> mute, pause, solo;  ///< toggle: the flags it sets
  /// The mix's change channel (mix_changes(mix.name)), kept here because what a process
  /// reaches is named by views that must outlive the question.
  std::string changes;
};
/// `{"onto": C, "values": [V...] or EXPR, "close": B?}`: puts each value, then closes C.
struct onto_step {
  channel_ref chan;
  std::vector<value_template> values;    ///< written as a list
  std::optional<logic_expression> expr;  ///< or an expression giving the list
  bool close = true;
};
/// `{"collect": C, "as": X}`: takes until C is closed; X is the list of values taken.
struct collect_step {
  channel_ref chan;
  std::optional<variable> as;
};
/// One step of a script.
struct step {
  std::variant<put_step, take_step, offer_step, poll_step, close_step, sleep_step, log_step,
               alts_step, loop_step, if_step, set_step, break_step, tap_step, sub_step, mix_step,
               onto_step, collect_step>
      op;
};
using step_list = std::vector<step>;

/// The step lists nested in a step (a loop's body; an if's then and else), in order; none
/// for any other step. A walk over a script's whole tree needs nothing else.
inline std::vector<const step_list*> child_lists(const step& s) {
  if (const auto* l = std::get_if<loop_step>(&s.op)) return {&l->body};
  if (const auto* i = std::get_if<if_step>(&s.op)) return {&i->then_steps, &i->else_steps};
  return {};
}

}  // namespace hotdog::sim
