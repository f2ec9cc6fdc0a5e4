#pragma once
// The validator's families, one a file: each reads its part of the document into the typed
// model and reports what is wrong through the shared validator (validator.hpp). The order in
// which checks run is part of the output, so keep it when moving code: problems at one
// position are listed in the order reported, warnings are not sorted, and "did you mean"
// spends a budget shared by the whole load.

#include "hotdog/sim/model/scenario.hpp"

#include "validator.hpp"

#include <optional>
#include <string>

namespace hotdog::sim::loading {

// document.cpp: the whole scenario.
/// Validates a parsed scenario document; `file` names it in messages.
load_result validate_scenario(const located_json& doc, const std::string& file);

// channels.cpp
/// One entry of "channels"; nothing when it has no usable name.
std::optional<channel_spec> read_channel(validator& v, const json& c, const std::string& ptr);
/// Indexes every channel name: `declared`, then each machine's NAME.in and NAME.hopper.
void index_channels(validator& v, const std::vector<channel_spec>& declared);
/// The declared channel `x` names (a shared line), its index in `index`; reported when it is
/// not one, or is one no line can be (a promise, an xform). Never empty, so that a key given
/// stays given.
std::string declared_channel(validator& v, const json& x, const std::string& ptr,
                             std::size_t& index);
/// Adds each machine's own channels after the declared ones and points specs at them.
void add_machine_channels(scenario& sc);

// reserved_names.cpp
/// Reports declared names that collide with names the run makes for itself.
void check_reserved_names(validator& v, const scenario& sc);

// processes.cpp
/// One entry of "processes"; nothing when its kind is missing or unknown.
std::optional<process_spec> read_process(validator& v, const json& p, const std::string& ptr);
/// Reports every customer's and chef's "machine" that names no machine process.
void check_machine_refs(validator& v, const std::vector<process_spec>& procs);

/// A kind's `own` keys, then the keys every process has (name, kind, mode, ...).
names process_keys(names own);

// machine.cpp, customer.cpp, chef.cpp, script.cpp: each kind's own keys.
machine_spec read_machine(validator& v, const json& p, const std::string& ptr);
customer_spec read_customer(validator& v, const json& p, const std::string& ptr);
chef_spec read_chef(validator& v, const json& p, const std::string& ptr);
/// Nothing when the script has no "steps"; `proc` is the process as read so far.
std::optional<script_spec> read_script(validator& v, const json& p, const std::string& ptr,
                                       const process_spec& proc);

// script.cpp
/// A list of steps (the script's, a loop's body, an if's branch).
step_list read_steps(validator& v, const json& list, const std::string& ptr,
                     const process_spec& proc);

/// A step whose one operation has been found, being read.
struct step_site {
  const json& s;              ///< the step
  const std::string& ptr;     ///< where it is
  const std::string& op;      ///< its operation: "put", "loop", ...
  const std::string& op_ptr;  ///< where its operation's value is
  const process_spec& proc;   ///< the process it is in
  bool blocking = false;      ///< its "blocking" (put, take and sleep take it)
};

// channel_steps.cpp
/// A channel a step names, by its index among every channel (unknown ones reported).
channel_ref read_channel_ref(validator& v, const json& x, const std::string& ptr);
/// Whether `op` is one of put, take, offer, poll, close and alts.
bool is_channel_operation(const std::string& op);
/// A put, take, offer, poll, close or alts step.
step read_channel_step(validator& v, const step_site& at);

// control_steps.cpp
/// A loop, if, break, set, sleep or log step.
step read_control_step(validator& v, const step_site& at);

// values.cpp: values and their {var} templates.
/// A value to put: anything but null, its {var}s checked.
value_template read_value(validator& v, const json& x, const std::string& ptr);
/// A text's {var} and {var|filter} holes, each checked.
text_template read_text(validator& v, const std::string& s, const std::string& ptr);
/// The variable a step binds with `key`, if it names one (its name is checked).
std::optional<variable> bound_variable(validator& v, const json& s, const std::string& ptr,
                                       const char* key);

// combinators.cpp
/// What a process_spec's body holds.
using process_body_spec = decltype(process_spec::body);
/// Whether `kind` is a combinator's: pipe, mult, pub, merge, mix, split or pipeline.
bool is_combinator_kind(const std::string& kind);
/// A combinator process's own keys.
process_body_spec read_combinator(validator& v, const json& p, const std::string& ptr,
                                  const std::string& kind);
/// A channel's or a pipeline's "xform": a list of stages.
xform_spec read_xform(validator& v, const json& x, const std::string& ptr);
/// Reports a combinator (`who`: "a pipe", "an admix"...) that would take from a machine's
/// hopper: its hot dogs leave the books only when a machine or a script takes them.
void refuse_hopper_source(validator& v, std::size_t chan, const std::string& ptr,
                          const std::string& who);
/// A JSON Logic expression on a value ({"var": ""} is the value), as stages and topics hold.
logic_expression read_value_logic(validator& v, const json& e, const std::string& ptr);

// combinator_steps.cpp
/// Whether `op` is one of tap, untap, sub, unsub, admix, unmix, toggle, onto and collect.
bool is_combinator_step(const std::string& op);
/// A tap, untap, sub, unsub, admix, unmix, toggle, onto or collect step.
step read_combinator_step(validator& v, const step_site& at);

// logic.cpp
/// A JSON Logic expression, compiled against the script's variables.
logic_expression read_logic(validator& v, const json& e, const std::string& ptr);

// expect.cpp
/// "expect", checked against the processes read.
expect_spec read_expect(validator& v, const json& e, const scenario& sc);

}  // namespace hotdog::sim::loading
