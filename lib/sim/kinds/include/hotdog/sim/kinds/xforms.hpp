#pragma once
/// @file xforms.hpp
/// A scenario's transducer stages made into hotdog::xform over messages, and the channels
/// that carry them (promise channels too).

#include "hotdog/sim/kinds/messages.hpp"

#include "hotdog/runtime.hpp"
#include "hotdog/sim/model/scenario.hpp"
#include "hotdog/xform.hpp"

#include <functional>
#include <string>
#include <vector>

namespace hotdog::sim {

/// The transducer of `stages`; a stage that gives null, or an expression that fails, throws
/// std::runtime_error naming `where` (a channel, or a pipeline).
xform<message> make_xform(const xform_spec& stages, const std::string& where);

/// Runs one value through fresh `stages` and completes them (a pipeline's job): the values
/// that come out, in order.
std::vector<message> apply_xform(const xform_spec& stages, message v, const std::string& where);

/// Makes the scenario's channel `c` on rt, with its buffer, promise and transducer; its
/// discarded values are reported as `drop` and `slide` events, then given to `discarded`
/// (if any).
message_channel make_scenario_channel(runtime& rt, const channel_spec& c, std::uint32_t tag,
                                      std::function<void(const message&)> discarded = {});

}  // namespace hotdog::sim
