#pragma once
// What travels on a scenario's channels: a script's values, and the hot dog world's typed
// messages. A payment carries its reply channel (core.async passes channels inside messages),
// so nothing is looked up by name while a run goes.

#include "hotdog/channel.hpp"
#include "hotdog/sim/lang/value.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace hotdog::sim {

/// A hot dog: what hoppers hold. Reads "hot dog" in a trace.
struct hot_dog {};

struct payment;
/// A hot dog and the change.
struct served {
  std::int64_t change = 0;
  /// The machine that answered (its process index), for a customer of a shared line; not
  /// part of the message's text.
  std::size_t machine = static_cast<std::size_t>(-1);
};
/// Wilted lettuce, for the wrong money (the book's v2).
struct lettuce_given {
  std::size_t machine = static_cast<std::size_t>(-1);  ///< as served::machine
};
/// The money back.
struct refunded {
  std::int64_t amount = 0;
  std::size_t machine = static_cast<std::size_t>(-1);  ///< as served::machine
};
/// A machine's answer to a payment.
using answer = std::variant<served, lettuce_given, refunded>;

/// Anything on a scenario's channel.
using message = std::variant<value, hot_dog, payment, answer>;
using message_channel = channel<message>;

/// Money for a machine, and where its answer goes.
struct payment {
  std::string from;
  std::int64_t amount = 0;
  message_channel reply;
  /// The index of the machine the customer arrived at (among the scenario's processes), for
  /// the machine's `pay` event; not part of the message's text.
  std::size_t queued_at = static_cast<std::size_t>(-1);
};

/// The message as a script sees it (a hot dog is "hot dog", a payment an object whose
/// reply is the channel's name).
value to_script_value(const message& m);

/// What a message is, in a few words, for errors ("a payment", "the value 3").
std::string describe(const message& m);

}  // namespace hotdog::sim

template <>
struct hotdog::value_traits<hotdog::sim::message> {
  static bool is_nil(const hotdog::sim::message& m) noexcept {
    const auto* v = std::get_if<hotdog::sim::value>(&m);
    return v && v->is_null();
  }
  static void append(std::string& out, const hotdog::sim::message& m);
  static std::string format(const hotdog::sim::message& m) {
    std::string s;
    append(s, m);
    return s;
  }
};
