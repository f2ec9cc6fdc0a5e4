#include "hotdog/runtime.hpp"

#include "hotdog/detail/channel_registry.hpp"
#include "hotdog/process.hpp"

#include <exception>

namespace hotdog {

std::string_view to_string(end_reason r) noexcept {
  switch (r) {
    case end_reason::until: return "until";
    case end_reason::deadlock: return "deadlock";
    case end_reason::limit: return "limit";
    case end_reason::error: return "error";
    case end_reason::done: break;
  }
  return "done";
}

runtime::runtime(std::unique_ptr<random_source> random, bool single_threaded)
    : random_(std::move(random)), single_threaded_(single_threaded) {}

runtime::~runtime() = default;

process& runtime::spawn(process_options opts, process_body body) {
  std::lock_guard lock(processes_mutex_);
  if (deterministic()) {
    // A finished process's frame sits at its final suspend point: safe to free. (Only
    // here: on a thread pool it may still be running the last lines of its driver.)
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
  run_result r = loop(until);
  // The closing events are reported even though the run is stopping.
  maybe_lock lock(*this);
  auto report = [&](event& e) {
    e.seq = ++seq_;
    e.t = r.t;
    if (observer_ && wanted_.test(static_cast<std::size_t>(e.kind))) observer_->on_event(e);
  };
  if (finisher_) finisher_(r, report);
  if (r.reason == end_reason::deadlock) {
    event e;
    e.kind = event_kind::deadlock;
    e.deadlock = &r.deadlock;
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
  {
    maybe_lock lock(*this);
    if (stopping_.load(std::memory_order_relaxed)) return;
    e.seq = ++seq_;
    if (observer_ && wanted_.test(static_cast<std::size_t>(e.kind))) {
      e.t = now();
      observer_->on_event(e);
    }
    limit_reached = event_limit_ != 0 && seq_ >= event_limit_;
  }
  if (limit_reached)
    stop(end_reason::limit,
         "the run reached its limit of " + std::to_string(event_limit_) + " events");
}

task<void> runtime::drive(process& p) {
  {
    event e;
    e.kind = event_kind::start;
    e.proc = p.name();
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
    // core.async would print this to stderr and close the go block's channel; a run
    // here never fails silently.
    event e;
    e.kind = event_kind::error;
    e.proc = p.name();
    e.text = failure;
    emit(e);
    p.finished_.store(true, std::memory_order_release);
    stop(end_reason::error, p.name() + ": " + failure);
    co_return;
  }
  event e;
  e.kind = event_kind::exit;
  e.proc = p.name();
  emit(e);
  exited(p);
}

void runtime::exited(process& p) {
  p.finished_.store(true, std::memory_order_release);
  if (!p.daemon() && live_.fetch_sub(1, std::memory_order_acq_rel) == 1) stop(end_reason::done);
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
  }
  for (auto& p : doomed) p->driver_ = task<void>();
  // Bodies too: their captures may own channels, whose strands need ctx's services alive.
  doomed.clear();
}

}  // namespace hotdog
