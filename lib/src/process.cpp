#include "hotdog/process.hpp"

namespace hotdog {

process::process(runtime& rt, process_options opts, process_body body)
    : rt_(rt), opts_(std::move(opts)), body_(std::move(body)) {}

task<void> process::sleep(std::int64_t ms, bool blocking) {
  check_running();
  emit("sleep").num("ms", ms);
  if (blocks_a_pool_thread(blocking)) {
    rt_.block_for(ms);
  } else {
    co_await rt_.async_sleep(ms, use_task);
  }
}

void process::log(std::string_view msg) { emit("log").str("msg", msg); }

process::event_builder process::emit(std::string ev) {
  event e{0, 0, opts_.name, std::move(ev), {}};
  e.fields.reserve(4);  // most events have at most 4 fields: one allocation, not three
  return event_builder(rt_, std::move(e));
}

std::optional<waiting_entry> process::waiting_on() const {
  std::lock_guard lock(rt_.mutex_);
  if (!is_waiting_ || finished_) return std::nullopt;
  return waiting_entry{opts_.name, pending_op_, pending_chan_};
}

void process::expect(std::string op, std::string chan, bool blocking) {
  std::lock_guard lock(rt_.mutex_);
  pending_op_ = std::move(op);
  pending_chan_ = std::move(chan);
  pending_blocking_ = blocking;
}

void process::waiting() {
  {
    std::lock_guard lock(rt_.mutex_);
    is_waiting_ = true;
  }
  const bool blocks = opts_.mode == process_mode::thread || pending_blocking_;
  emit(blocks ? "block" : "park").str("op", pending_op_).str("chan", pending_chan_);
}

void process::resumed() {
  std::lock_guard lock(rt_.mutex_);
  is_waiting_ = false;
}

void process::throw_channel_error(const std::string& chan, const std::system_error& e) {
  throw std::runtime_error("channel \"" + chan + "\": " + e.code().message());
}

}  // namespace hotdog
