#pragma once
/// @file process.hpp
/// hotdog::process — what a process body holds: its channel operations, each reported as
/// a trace event (put, take, park, block, ...), and its waiting state for deadlock reports.

#include "hotdog/alts.hpp"
#include "hotdog/channel.hpp"
#include "hotdog/runtime.hpp"
#include "hotdog/task.hpp"
#include "hotdog/value_traits.hpp"

#include <asio/use_future.hpp>

#include <atomic>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace hotdog {

/// Thrown into a process that tries to go on after its run has ended.
struct run_stopped : std::runtime_error {
  run_stopped() : std::runtime_error("the run has stopped") {}
};

/// A running process. Its operations are core.async's, and each reports its event when it
/// completes; one that has to wait first reports `park` (go) or `block` (thread, or a
/// `blocking` operation).
class process final : private wait_observer {
 public:
  process(runtime& rt, process_options opts, process_body body);

  const std::string& name() const noexcept { return opts_.name; }
  process_mode mode() const noexcept { return opts_.mode; }
  bool daemon() const noexcept { return opts_.daemon; }
  std::int64_t start_time() const noexcept { return opts_.start; }
  runtime& rt() noexcept { return rt_; }
  /// True once the process has returned or failed.
  bool finished() const noexcept { return finished_.load(std::memory_order_acquire); }

  /// `>!` / `>!!`: puts v; returns true, or false if the channel is closed.
  template <class T>
  task<bool> put(channel<T> ch, T v, bool blocking = false) {
    std::string shown = value_traits<T>::format(v);
    check_running();
    bool ok = false;
    try {
      if (blocks_a_pool_thread(blocking)) {
        std::optional<bool> done = co_await ch.async_offer(v, use_task);
        if (done) {
          ok = *done;
        } else {
          expect("put", ch.name(), true);
          waiting();
          ok = ch.async_put(std::move(v), asio::use_future).get();
        }
      } else {
        expect("put", ch.name(), blocking);
        ok = co_await ch.async_put(std::move(v), use_task[*this]);
      }
    } catch (const std::system_error& e) {
      throw_channel_error(ch.name(), e);
    }
    resumed();
    emit("put").str("chan", ch.name()).raw("value", std::move(shown)).boolean("ok", ok);
    co_return ok;
  }

  /// `<!` / `<!!`: takes a value; returns it, or an empty optional when the channel is
  /// closed and drained.
  template <class T>
  task<std::optional<T>> take(channel<T> ch, bool blocking = false) {
    check_running();
    std::optional<T> v;
    try {
      if (blocks_a_pool_thread(blocking)) {
        v = co_await ch.async_poll(use_task);
        if (!v) {
          expect("take", ch.name(), true);
          waiting();
          v = ch.async_take(asio::use_future).get();
        }
      } else {
        expect("take", ch.name(), blocking);
        v = co_await ch.async_take(use_task[*this]);
      }
    } catch (const std::system_error& e) {
      throw_channel_error(ch.name(), e);
    }
    resumed();
    emit("take").str("chan", ch.name()).raw("value", value_traits<std::optional<T>>::format(v));
    co_return v;
  }

  /// `offer!`: puts v only if it can at once; true (done), empty (would wait), false (closed).
  template <class T>
  task<std::optional<bool>> offer(channel<T> ch, T v) {
    std::string shown = value_traits<T>::format(v);
    check_running();
    std::optional<bool> r = co_await ch.async_offer(std::move(v), use_task);
    emit("offer")
        .str("chan", ch.name())
        .raw("value", std::move(shown))
        .raw("ok", r ? (*r ? "true" : "false") : "null");
    co_return r;
  }

  /// `poll!`: takes a value only if one is there at once; else an empty optional.
  template <class T>
  task<std::optional<T>> poll(channel<T> ch) {
    check_running();
    std::optional<T> v = co_await ch.async_poll(use_task);
    emit("poll").str("chan", ch.name()).raw("value", value_traits<std::optional<T>>::format(v));
    co_return v;
  }

  /// `close!`: closes the channel.
  template <class T>
  void close(channel<T> ch) {
    check_running();
    ch.close();
    emit("close").str("chan", ch.name());
  }

  /// `alts!`: completes exactly one of ops; with `default_value`, returns it at once (index
  /// default_index) when none is ready. The `alts` event names the port: the channel's name
  /// (a timeout channel is named "timeout") or "default".
  template <class T>
  task<alts_result<T>> alts(std::vector<alt_op<T>> ops, bool priority = false,
                            std::optional<std::type_identity_t<T>> default_value = std::nullopt) {
    check_running();
    std::vector<std::string> names;
    std::vector<bool> is_put;
    std::string joined;
    for (const auto& op : ops) {
      names.push_back(op.chan.name());
      is_put.push_back(op.is_put());
      if (!joined.empty()) joined += '|';
      joined += op.chan.name();
    }
    alts_options opts{priority, default_value.has_value()};
    expect("alts", joined, false);
    alts_result<T> r;
    try {
      r = co_await async_alts(std::move(ops), opts, rt_.random(), use_task[*this]);
    } catch (const std::system_error& e) {
      throw_channel_error(joined, e);
    }
    resumed();
    std::string value;
    if (r.index == default_index) {
      r.value = std::move(default_value);
      value = value_traits<std::optional<T>>::format(r.value);
    } else if (is_put[r.index]) {
      value = r.put_ok ? "true" : "false";
    } else {
      value = value_traits<std::optional<T>>::format(r.value);
    }
    emit("alts")
        .str("port", r.index == default_index ? std::string("default") : names[r.index])
        .raw("value", std::move(value));
    co_return r;
  }

  /// Waits ms (`(<! (timeout ms))`; with blocking, `Thread/sleep`); reports `sleep`.
  task<void> sleep(std::int64_t ms, bool blocking = false);

  /// Reports a `log` event (`println`).
  void log(std::string_view msg);

  /// Starts an event of this process with the given kind; it is reported when the returned
  /// builder is destroyed (at the end of the full expression).
  class event_builder {
   public:
    event_builder(runtime& rt, event e) : rt_(&rt), e_(std::move(e)) {}
    event_builder(event_builder&&) = delete;
    ~event_builder() { rt_->emit(std::move(e_)); }
    event_builder& raw(std::string k, std::string json) {
      return e_.raw(std::move(k), std::move(json)), *this;
    }
    event_builder& str(std::string k, std::string_view s) { return e_.str(std::move(k), s), *this; }
    event_builder& num(std::string k, std::int64_t n) { return e_.num(std::move(k), n), *this; }
    event_builder& boolean(std::string k, bool b) { return e_.boolean(std::move(k), b), *this; }

   private:
    runtime* rt_;
    event e_;
  };
  event_builder emit(std::string ev);

  /// What the process waits on now, if it waits on a channel.
  std::optional<waiting_entry> waiting_on() const;

 private:
  friend class runtime;
  friend class deterministic_runtime;
  friend class realtime_runtime;

  void waiting() override;
  void expect(std::string op, std::string chan, bool blocking);
  void resumed();
  void check_running() const {
    if (rt_.stopping()) throw run_stopped();
  }
  bool blocks_a_pool_thread(bool blocking) const noexcept {
    return blocking && opts_.mode == process_mode::go && !rt_.deterministic();
  }
  [[noreturn]] static void throw_channel_error(const std::string& chan, const std::system_error& e);

  runtime& rt_;
  process_options opts_;
  process_body body_;
  asio::any_io_executor executor_;  // where its coroutine resumes
  task<void> driver_;
  std::atomic<bool> finished_{false};
  // What the next wait is on; set before each operation, reported if it waits.
  std::string pending_op_;
  std::string pending_chan_;
  bool pending_blocking_ = false;
  bool is_waiting_ = false;  // guarded by the runtime's mutex for readers on other threads
};

}  // namespace hotdog

namespace hotdog {

/// Makes a channel on rt's executor whose discarded values are reported as `drop` and
/// `slide` events (`chan`, `value`).
template <class T>
channel<T> make_channel(runtime& rt, std::string name, std::size_t capacity = 0,
                        buffer_policy policy = buffer_policy::fixed) {
  channel_options<T> opts;
  opts.capacity = capacity;
  opts.policy = policy;
  opts.on_discard = [&rt, name](discard_reason why, const T& v) {
    rt.emit(event{0, 0, {}, why == discard_reason::dropped ? "drop" : "slide", {}}
                .str("chan", name)
                .raw("value", value_traits<T>::format(v)));
  };
  opts.name = std::move(name);
  return channel<T>(rt.get_executor(), std::move(opts));
}

}  // namespace hotdog
