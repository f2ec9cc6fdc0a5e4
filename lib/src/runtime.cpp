#include "hotdog/runtime.hpp"

#include "deadlock_finder.hpp"

#include "hotdog/detail/channel_registry.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/process.hpp"

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <utility>

namespace hotdog {

std::string_view to_string(end_reason r) noexcept {
  switch (r) {
    case end_reason::until: return "until";
    case end_reason::deadlock: return "deadlock";
    case end_reason::limit: return "limit";
    case end_reason::error: return "error";
    case end_reason::stalled: return "stalled";
    case end_reason::quit: return "quit";
    case end_reason::done: break;
  }
  return "done";
}

runtime::runtime(std::unique_ptr<random_source> random, bool single_threaded)
    : random_(std::move(random)), single_threaded_(single_threaded) {}

runtime::~runtime() = default;

process& runtime::spawn(process_options opts, process_body body) {
  if (!body) throw std::invalid_argument("spawn: process \"" + opts.name + "\" has no body");
  std::lock_guard lock(processes_mutex_);
  if (deterministic() && running_) {
    // A finished process's frame sits at its final suspend point: safe to free. (Only
    // here: on a thread pool it may still be running the last lines of its driver. Not
    // before the run, when none has finished: 20,000 processes spawned then would be
    // scanned 20,000 times.)
    std::erase_if(processes_, [](const std::unique_ptr<process>& q) {
      return q->finished() && q->driver_.handle() && q->driver_.handle().done();
    });
  }
  processes_.push_back(std::make_unique<process>(*this, std::move(opts), std::move(body)));
  process& p = *processes_.back();
  if (!p.daemon()) live_.fetch_add(1, std::memory_order_acq_rel);
  if (running_) launch(p);
  return p;
}

run_result runtime::run(std::optional<std::int64_t> until) {
  {
    std::lock_guard lock(processes_mutex_);
    running_ = true;
    for (auto& p : processes_) launch(*p);
  }
  // Whatever escapes the loop (a failing timer callback, say) ends the run as an error, with
  // its events reported, never an abort.
  run_result r;
  std::string escaped;
  try {
    r = loop(until);
    if (r.reason == end_reason::deadlock) {
      maybe_lock lock(*this);
      r.deadlock = found_;
    }
  } catch (const std::exception& e) {
    escaped = e.what();
  } catch (...) {
    escaped = "unknown exception";
  }
  if (!escaped.empty()) {
    stop(end_reason::error, escaped);
    r.reason = end_reason::error;
    r.message = stop_reason() == end_reason::error ? stop_message() : escaped;
    r.t = now();
  }
  // The closing events are reported even though the run is stopping.
  maybe_lock lock(*this);
  auto report = [&](event& e) {
    e.seq = ++seq_;
    e.t = r.t;
    if (observer_ && wanted_.test(static_cast<std::size_t>(e.kind))) observer_->on_event(e);
  };
  if (!escaped.empty()) {
    event e;
    e.kind = event_kind::error;
    e.text = escaped;
    report(e);
  }
  if (r.reason == end_reason::stalled) {
    // Says who repeats what while time stands still.
    event e;
    e.kind = event_kind::error;
    e.text = r.message;
    report(e);
  }
  if (finisher_) {
    try {
      finisher_(r, report);
    } catch (const std::exception& ex) {
      event e;
      e.kind = event_kind::error;
      e.text = ex.what();
      report(e);
      r.reason = end_reason::error;
      r.message = ex.what();
    }
  }
  if (r.reason == end_reason::deadlock && end_report_) {
    event e;
    e.kind = event_kind::deadlock;
    e.deadlock = &*end_report_;
    report(e);
  }
  event end;
  end.kind = event_kind::end;
  end.text = to_string(r.reason);
  report(end);
  r.events = seq_;
  return r;
}

void runtime::stop(end_reason reason, std::string message) {
  {
    maybe_lock lock(*this);
    if (stop_reason_) return;
    stop_reason_ = reason;
    stop_message_ = std::move(message);
    stopping_.store(true, std::memory_order_release);
  }
  wake();
}

end_reason runtime::stop_reason() const {
  maybe_lock lock(*this);
  return stop_reason_.value_or(end_reason::done);
}

std::string runtime::stop_message() const {
  maybe_lock lock(*this);
  return stop_message_;
}

void runtime::emit(event& e) {
  bool limit_reached = false;
  std::optional<std::string> stalled;
  {
    maybe_lock lock(*this);
    if (stopping_.load(std::memory_order_relaxed)) return;
    e.seq = ++seq_;
    if (observer_ && wanted_.test(static_cast<std::size_t>(e.kind))) {
      e.t = now();
      observer_->on_event(e);
    }
    limit_reached = event_limit_ != 0 && seq_ >= event_limit_;
    // Most events are far from a stall: counted here, inline, and only those near it are
    // remembered by what they did.
    if (stall_limit_ != 0 && e.counts_as_step && !step_far_from_stall())
      stalled = step_near_stall(e.proc, loop_step_text, &e);
  }
  if (limit_reached)
    stop(end_reason::limit, "the run reached its limit of " + std::to_string(event_limit_) +
                                (event_limit_ == 1 ? " event" : " events"));
  else if (stalled)
    stop(end_reason::stalled, std::move(*stalled));
}

std::uint64_t runtime::events_made() const {
  maybe_lock lock(*this);
  return seq_;
}

void runtime::step(const process& p, bool made_no_event) {
  if (stopping()) throw run_stopped();
  if (stall_limit_ == 0 || !made_no_event) return;
  std::optional<std::string> stalled;
  {
    maybe_lock lock(*this);
    stalled = count_step(p.name(), loop_step_text, nullptr);
  }
  if (stalled) {
    stop(end_reason::stalled, std::move(*stalled));
    throw run_stopped();
  }
}

namespace {

// What a process did, for a stall's report: "alts over cooked (closed)", "take from c".
std::string repeated(const event& e) {
  std::string chan(e.chan);
  for (std::size_t i = 0; i < e.chans.size(); ++i) (chan += i ? "|" : "") += e.chans[i];
  switch (e.kind) {
    case event_kind::put: return "put to " + chan + (e.ok.value_or(false) ? "" : " (closed)");
    case event_kind::take: return "take from " + chan + (e.value.is_null() ? " (closed)" : "");
    case event_kind::offer: return "offer to " + chan + (e.ok == false ? " (closed)" : "");
    case event_kind::poll: return "poll of " + chan;
    case event_kind::close: return "close of " + chan;
    case event_kind::park:
    case event_kind::block:
      return std::string(to_string(e.kind)) + " on " + std::string(to_string(e.op)) + " " + chan;
    case event_kind::alts:
      if (e.op == wait_op::none) return "alts with its default";
      if (e.op == wait_op::put)
        return "alts put to " + chan + (e.ok.value_or(false) ? "" : " (closed)");
      return "alts over " + chan + (e.value.is_null() && chan != "timeout" ? " (closed)" : "");
    default: return std::string(e.name());
  }
}

}  // namespace

bool runtime::step_far_from_stall() {
  // Time moves when a timer fires. The deterministic runtime's clock moves only then; the
  // wall clock of the real-time one moves all the time, so there the timers are counted.
  const std::int64_t t =
      single_threaded_ ? now()
                       : static_cast<std::int64_t>(timers_fired_.load(std::memory_order_relaxed));
  if (t != still_since_) [[unlikely]] {
    still_since_ = t;
    still_at_ = now();
    still_steps_ = 0;
    repeats_.clear();
  }
  ++still_steps_;
  // Only the last steps before the limit are remembered (at most half of them, so that what
  // came before time stood still is not): enough to say who repeats what.
  const std::uint64_t remembered = std::min<std::uint64_t>(stall_limit_ / 2, 10'000);
  return still_steps_ + remembered < stall_limit_;
}

std::optional<std::string> runtime::count_step(std::string_view proc, std::string_view loop_step,
                                               const event* e) {
  if (step_far_from_stall()) return std::nullopt;
  return step_near_stall(proc, loop_step, e);
}

std::optional<std::string> runtime::step_near_stall(std::string_view proc,
                                                    std::string_view loop_step, const event* e) {
  if (!proc.empty()) {
    auto it = repeats_.find(proc);
    if (it == repeats_.end())
      it = repeats_.emplace(std::string(proc), std::vector<std::string>{}).first;
    // Only here, near the limit, is what it did put in words.
    std::string what = e ? repeated(*e) : std::string(loop_step);
    if (std::find(it->second.begin(), it->second.end(), what) == it->second.end() &&
        it->second.size() < 8)
      it->second.push_back(std::move(what));
  }
  if (still_steps_ < stall_limit_) return std::nullopt;
  const std::string steps =
      std::to_string(still_steps_) + (still_steps_ == 1 ? " step" : " steps") + " (--stall-steps)";
  std::string msg =
      single_threaded_
          ? "virtual time stood still at " + std::to_string(still_since_) + " ms for " + steps
          : "no timer fired from " + std::to_string(still_at_) + " ms on for " + steps;
  const char* sep = ": ";
  for (const auto& [name, whats] : repeats_) {
    msg += sep + name + " repeats ";
    // A process that made events says what they were; only one that made none repeats
    // loop iterations that make no event.
    bool first = true;
    for (const auto& what : whats) {
      if (what == loop_step && whats.size() > 1) continue;
      msg += (first ? "" : ", ") + what;
      first = false;
    }
    sep = "; ";
  }
  return msg;
}

void runtime::counted_launch(process& p) {
  if (single_threaded_) return;
  maybe_lock lock(*this);
  p.counted_ = true;
  p.wait_balance_ = 0;
  ++runnable_;
}

void runtime::count_wait(process& p, int delta) {
  if (single_threaded_) return;
  maybe_lock lock(*this);
  if (!p.counted_) return;
  const bool was_waiting = p.wait_balance_ < 0;
  p.wait_balance_ += delta;
  const bool waits = p.wait_balance_ < 0;
  if (was_waiting && !waits) ++runnable_;
  if (!was_waiting && waits) --runnable_;
}

void runtime::counted_end(process& p) {
  if (single_threaded_) return;
  maybe_lock lock(*this);
  if (!p.counted_) return;
  p.counted_ = false;
  if (p.wait_balance_ >= 0) --runnable_;
}

void runtime::timer_added() {
  maybe_lock lock(*this);
  ++timers_pending_;
}

void runtime::timer_done() {
  maybe_lock lock(*this);
  --timers_pending_;
}

void runtime::time_moved() { timers_fired_.fetch_add(1, std::memory_order_relaxed); }

void runtime::failed_to_start(process& p, const std::string& why) {
  counted_end(p);
  fail(p, why);
  p.ended_.store(true, std::memory_order_release);
}

void runtime::fail(process& p, const std::string& why) {
  // core.async would print this to stderr and close the go block's channel; a run here
  // never fails silently.
  event e;
  e.kind = event_kind::error;
  p.stamp(e);
  e.text = why;
  emit(e);
  p.finished_.store(true, std::memory_order_release);
  stop(end_reason::error, p.name() + ": " + why);
}

bool runtime::nothing_can_run(std::uint64_t* activity) const {
  maybe_lock lock(*this);
  if (activity) *activity = seq_ + timers_fired_.load(std::memory_order_relaxed);
  return runnable_ == 0 && timers_pending_ == 0;
}

task<void> runtime::drive(process& p) {
  // However it ends, it no longer counts among those that can run.
  struct ending {
    runtime& rt;
    process& p;
    ~ending() {
      rt.liveness_changed();
      rt.counted_end(p);
      p.ended_.store(true, std::memory_order_release);
    }
  } end_of_drive{*this, p};
  {
    event e;
    e.kind = event_kind::start;
    p.stamp(e);
    emit(e);
  }
  std::string failure;
  try {
    co_await p.body_(p);
  } catch (const run_stopped&) {
    co_return;  // the run ended around it; nothing to report
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  if (!failure.empty()) {
    fail(p, failure);
    co_return;
  }
  event e;
  e.kind = event_kind::exit;
  p.stamp(e);
  emit(e);
  exited(p);
  if (!single_threaded_ && p.mode() == process_mode::go) {
    // Freed by the loop from here, as the deterministic runtime frees finished processes
    // (a thread process is not: its own thread still looks at it as it leaves).
    counted_end(p);
    p.ended_.store(true, std::memory_order_release);
    co_await retire{*this, p};
  }
}

void runtime::free_retired() {
  std::vector<std::unique_ptr<process>> freed;
  {
    std::lock_guard lock(processes_mutex_);
    if (retired_.empty()) return;
    std::sort(retired_.begin(), retired_.end());
    for (auto& p : processes_)
      if (std::binary_search(retired_.begin(), retired_.end(), p.get()))
        freed.push_back(std::move(p));
    std::erase(processes_, nullptr);
    retired_.clear();
  }
  // Destroyed outside the lock: a frame's last locals may take the runtime's locks.
  for (auto& p : freed) p->driver_ = task<void>();
}

void runtime::exited(process& p) {
  p.finished_.store(true, std::memory_order_release);
  if (p.daemon()) return;
  const std::size_t left = live_.fetch_sub(1, std::memory_order_acq_rel) - 1;
  if (left == 0)
    stop(end_reason::done);
  else if (left == deadlocked_.load(std::memory_order_acquire))
    stop(end_reason::deadlock);  // the rest were reported deadlocked as they were found
}

void runtime::look_for_deadlock(bool nothing_runs) {
  std::vector<const process*> stuck;
  std::optional<deadlock_report> found;
  {
    std::lock_guard list(processes_mutex_);
    maybe_lock lock(*this);
    if (nothing_runs)
      found = detail::deadlock_finder::all_waiting(*this, stuck);
    else
      found = detail::deadlock_finder::among_some(*this, stuck);
  }
  if (found) deadlock_found(std::move(*found), stuck, nothing_runs);
  // In real time the last other non-daemon may have exited just as a set was marked (each
  // then saw the other's count too early): the end is settled here, at the next look.
  const std::size_t held_up = deadlocked_.load(std::memory_order_acquire);
  if (held_up > 0 && held_up >= live()) stop(end_reason::deadlock);
}

void runtime::deadlock_found(deadlock_report r, const std::vector<const process*>& stuck,
                             bool nothing_runs) {
  bool ends = nothing_runs;
  {
    maybe_lock lock(*this);
    std::size_t counted = 0;
    for (const process* p : stuck) {
      auto& q = const_cast<process&>(*p);  // the runtime's own: only the mark changes
      if (std::exchange(q.deadlocked_, true) || q.daemon()) continue;
      ++counted;
    }
    const std::size_t now_stuck =
        deadlocked_.fetch_add(counted, std::memory_order_acq_rel) + counted;
    ends = ends || now_stuck >= live();
    found_.waiting.insert(found_.waiting.end(), r.waiting.begin(), r.waiting.end());
    found_.waits_for.insert(found_.waits_for.end(), r.waits_for.begin(), r.waits_for.end());
    if (found_.cycle.empty()) found_.cycle = r.cycle;
    found_.others_run = found_.others_run || r.others_run;
    found_.search_steps += r.search_steps;
  }
  if (ends) {
    {
      maybe_lock lock(*this);
      if (!r.waiting.empty()) end_report_ = std::move(r);
    }
    stop(end_reason::deadlock);
    return;
  }
  event e;
  e.kind = event_kind::deadlock;
  e.deadlock = &r;
  emit(e);
}

std::vector<waiting_entry> runtime::waiting_processes() const {
  std::vector<waiting_entry> out;
  for_each_process([&](const process& p) {
    if (auto w = p.waiting_on()) out.push_back(std::move(*w));
  });
  return out;
}

void runtime::teardown(asio::execution_context& ctx) {
  stopping_.store(true, std::memory_order_release);
  // Waiters first: they hold handlers that point into the frames destroyed next.
  asio::use_service<detail::channel_registry>(ctx).abandon_all();
  std::vector<std::unique_ptr<process>> doomed;
  {
    std::lock_guard lock(processes_mutex_);
    doomed.swap(processes_);
    retired_.clear();
  }
  for (auto& p : doomed) p->driver_ = task<void>();
  // Bodies too: their captures may own channels, whose strands need ctx's services alive.
  doomed.clear();
  // Then the combinators' loops still waiting (a mult whose source never closed, say).
  asio::use_service<detail::loop_registry>(ctx).destroy_all();
}

}  // namespace hotdog
