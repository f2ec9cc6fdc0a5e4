#include "hotdog/process.hpp"

#include "hotdog/error.hpp"

namespace hotdog {

process::process(runtime& rt, process_options opts, process_body body)
    : rt_(rt), opts_(std::move(opts)), body_(std::move(body)) {}

task<void> process::sleep(std::int64_t ms, bool blocking) {
  check_running();
  event e;
  e.kind = event_kind::sleep;
  stamp(e);
  e.number = ms;
  rt_.emit(e);
  if (blocks_a_pool_thread(blocking)) {
    rt_.block_for(ms);
  } else {
    co_await rt_.async_sleep(ms, use_task);
  }
}

void process::log(std::string_view msg) {
  event e;
  e.kind = event_kind::log;
  stamp(e);
  e.text = msg;
  rt_.emit(e);
}

void process::report(std::uint16_t kind, std::string_view name,
                     std::span<const event_field> fields) {
  report_custom(kind, name, fields, nullptr);
}

void process::report(std::uint16_t kind, std::string_view name, const void* payload) {
  report_custom(kind, name, {}, payload);
}

void process::report_custom(std::uint16_t kind, std::string_view name,
                            std::span<const event_field> fields, const void* payload) {
  event e;
  e.kind = event_kind::custom;
  stamp(e);
  e.custom_kind = kind;
  e.custom_name = name;
  e.fields = fields;
  e.custom_payload = payload;
  rt_.emit(e);
}

void process::report_channel(event_kind kind, std::string_view chan, std::uint32_t tag,
                             value_ref value, std::optional<bool> ok) {
  event e;
  e.kind = kind;
  stamp(e);
  e.chan = chan;
  e.chan_tag = tag;
  e.value = value;
  e.ok = ok;
  rt_.emit(e);
}

void process::report_alts(std::string_view port, std::uint32_t tag, value_ref value, wait_op arm,
                          std::optional<bool> ok) {
  event e;
  e.kind = event_kind::alts;
  e.op = arm;
  e.ok = ok;
  stamp(e);
  e.chan = port;
  e.chan_tag = tag;
  e.value = value;
  rt_.emit(e);
}

std::string process::alts_names(const std::error_code& why) const {
  // Too many pending puts can only be on a put arm's channel, too many takes on a take
  // arm's: a customer's alts over its line and its patience names the line alone. Arms
  // past the 64th are not marked put or take, so they are always named.
  const bool puts = why == errc::too_many_pending_puts;
  const bool takes = why == errc::too_many_pending_takes;
  std::string joined;
  for (std::size_t i = 0; i < pending_alts_.size(); ++i) {
    const bool put = i < 64 && (pending_put_arms_ >> i & 1) != 0;
    if (i < 64 && ((puts && !put) || (takes && put))) continue;
    if (!joined.empty()) joined += '|';
    joined += pending_alts_[i];
  }
  return joined;
}

std::optional<waiting_entry> process::waiting_on() const {
  lock l(*this);
  if (!is_waiting_ || finished_) return std::nullopt;
  waiting_entry w{opts_.name, pending_op_, {}};
  if (pending_op_ == wait_op::alts)
    w.chans.assign(pending_alts_.begin(), pending_alts_.end());
  else
    w.chans.emplace_back(pending_chan_);
  return w;
}

void process::expect(wait_op op, std::string_view chan, std::uint32_t tag, bool blocking,
                     bool timed) {
  lock l(*this);
  pending_op_ = op;
  pending_chan_ = chan;
  pending_chan_tag_ = tag;
  pending_blocking_ = blocking;
  pending_timed_ = timed;
}

void process::waiting() {
  // Under the runtime's lock (recursive: emit takes it too), so that a handoff on another
  // thread either comes after this park or suppresses it (see handed_off).
  lock l(*this);
  if (std::exchange(completed_before_wait_, false)) return;
  is_waiting_ = true;
  // A wait no timer can end may complete a deadlock among some processes.
  if (!pending_timed_) rt_.liveness_changed();
  const bool blocks = opts_.mode == process_mode::thread || pending_blocking_;
  event e;
  e.kind = blocks ? event_kind::block : event_kind::park;
  stamp(e);
  e.op = pending_op_;
  if (pending_op_ == wait_op::alts) {
    e.chans = pending_alts_;
    e.chan_tags = pending_alt_tags_;
    e.put_arms = pending_put_arms_;
  } else {
    e.chan = pending_chan_;
    e.chan_tag = pending_chan_tag_;
  }
  rt_.emit(e);
}

void process::resumed() {
  at_handoff_ = nullptr;
  lock l(*this);
  is_waiting_ = false;
}

void process::throw_channel_error(std::string_view chan, const std::system_error& e) {
  throw std::runtime_error("channel \"" + std::string(chan) + "\": " + e.code().message());
}

}  // namespace hotdog
