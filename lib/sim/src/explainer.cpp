#include "hotdog/sim/explainer.hpp"

#include <nlohmann/json.hpp>

namespace hotdog::sim {
namespace {

std::string value_text(const event& e) {
  const std::string* v = e.find("value");
  return v ? *v : "null";
}

std::string list(const std::string& chans) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = chans.find('|', start);
    if (!out.empty()) out += bar == std::string::npos ? " and " : ", ";
    out += chans.substr(start, bar - start);
    if (bar == std::string::npos) return out;
    start = bar + 1;
  }
}

}  // namespace

std::optional<std::string> explainer::explain(const event& e) {
  const std::string& p = e.proc;
  const std::string chan = e.text("chan");
  if (e.ev == "park" || e.ev == "block") {
    const std::string op = e.text("op");
    waiting_[p] = {op, chan};
    const std::string how = e.ev == "park" ? p + " parks (its go block gives its thread back)"
                                           : p + " blocks its thread";
    if (op == "put") return how + ": nobody is taking from " + chan + " yet, and it has no room";
    if (op == "take") return how + ": there is nothing to take from " + chan + " yet";
    if (op == "alts")
      return how + ": none of " + list(chan) + " is ready, so alts waits for the first that is";
    return how;
  }
  // What the process waited on, if it did: copied out, since the entry goes now.
  std::optional<wait> was;
  if (auto it = waiting_.find(p); it != waiting_.end()) {
    was = it->second;
    waiting_.erase(it);
  }
  const bool resumed = was.has_value();
  std::string prefix;
  if (resumed && e.ev != "alts") prefix = p + " wakes: ";
  if (e.ev == "put") {
    if (e.text("ok") == "false")
      return prefix + chan + " is closed, so the put returns false and the value is not delivered";
    return resumed ? prefix + "a taker arrived (or room was made) on " + chan +
                         ", so the put completes with true"
                   : std::optional<std::string>();
  }
  if (e.ev == "take") {
    if (value_text(e) == "null")
      return prefix + chan + " is closed and drained, so the take gives null";
    return resumed ? prefix + "a value arrived on " + chan : std::optional<std::string>();
  }
  if (e.ev == "alts") {
    const std::string port = e.text("port");
    if (port == "default") return "nothing was ready, so alts returns its default at once";
    std::string s =
        port == "timeout" ? "the timeout won the alts" : port + " was ready first, so alts took it";
    if (resumed) {
      // The arms that lost: every channel the alts waited on but the winning port, once.
      std::string others, chans = was->chan + "|";
      bool skipped = false;
      for (std::size_t start = 0, bar; (bar = chans.find('|', start)) != std::string::npos;
           start = bar + 1) {
        const std::string c = chans.substr(start, bar - start);
        if (c == port && !skipped) {
          skipped = true;
          continue;
        }
        others += (others.empty() ? "" : "|") + c;
      }
      if (!others.empty())
        s += ", so its operation" +
             std::string(others.find('|') == std::string::npos ? " on " : "s on ") + list(others) +
             (others.find('|') == std::string::npos ? " is" : " are") + " withdrawn";
    }
    return s;
  }
  if (e.ev == "offer") {
    const std::string ok = e.text("ok");
    if (ok == "null") return "offer! would have had to wait, so it gives up and returns null";
    if (ok == "false") return chan + " is closed, so offer! returns false";
    return "offer! could put at once, so it returns true";
  }
  if (e.ev == "poll")
    return value_text(e) == "null"
               ? "nothing could be taken from " + chan + " at once, so poll! returns null"
               : std::optional<std::string>("poll! found a value at once");
  if (e.ev == "close")
    return chan +
           " is closed: takers waiting now get null, values in it can still be taken, later puts "
           "return false";
  if (e.ev == "drop")
    return "the buffer of " + chan + " is full, so the dropping buffer discards " + value_text(e) +
           ", the new value";
  if (e.ev == "slide")
    return "the buffer of " + chan + " is full, so the sliding buffer drops " + value_text(e) +
           ", its oldest value";
  if (e.ev == "sleep")
    return p + " waits " + e.text("ms") + " ms of virtual time (a timeout channel)";
  if (e.ev == "deadlock") {
    std::string s = "nothing can run and no timer is pending, so nobody will ever wake: ";
    try {
      auto w = nlohmann::json::parse(*e.find("waiting"));
      for (std::size_t i = 0; i < w.size(); ++i) {
        const std::string op = w[i]["op"].get<std::string>();
        const std::string partner = op == "put"    ? "takes from"
                                    : op == "take" ? "puts to"
                                                   : "serves";
        s += (i ? "; " : "") + w[i]["proc"].get<std::string>() + " waits to " + op + " on " +
             list(w[i]["chan"].get<std::string>()) + ", and no process left " + partner + " it";
      }
    } catch (const nlohmann::json::exception&) {
    }
    return s;
  }
  if (e.ev == "error")
    return "a failing process is never silent here: the run stops (core.async would only print it)";
  if (e.ev == "sold_out")
    return e.text("action") == "close"
               ? "out of hot dogs, the machine closes its in channel (the book's v2)"
               : "out of hot dogs: the machine takes no payment until the chef restocks";
  if (e.ev == "leave" && e.text("reason") == "impatient")
    return "the customer's timeout won the alts, so the payment was withdrawn and no money was "
           "lost";
  return std::nullopt;
}

}  // namespace hotdog::sim
