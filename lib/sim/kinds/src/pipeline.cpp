// A pipeline as core.async builds one: a reader hands each value, numbered, to n workers
// through a buffered jobs channel; each worker applies the stages to its value on its own
// (after work_time) and says which job it finished on a done channel; a writer puts the
// results to `to` in input order. Every part is a process, so back-pressure shows in the
// trace: the reader parks on NAME.jobs while n values wait, a worker on NAME.done while n
// results wait for the writer.
#include "hotdog/sim/kinds/combinators.hpp"

#include "hotdog/sim/kinds/kinds.hpp"
#include "hotdog/sim/kinds/xforms.hpp"

#include "carrying.hpp"
#include "reach_guard.hpp"

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace hotdog::sim {
namespace {

namespace use = channel_uses;

// What the parts of one pipeline share (one thread at a time in a deterministic run; the
// realtime runtime runs a process's steps under its own strand, so the lock is needed).
struct pipeline_run {
  pipeline_run(world& run_world, const pipeline_spec& s, std::string w, message_channel in,
               message_channel out, message_channel jobs_chan, message_channel done_chan)
      : the_world(run_world),
        spec(s),
        where(std::move(w)),
        from(std::move(in)),
        to(std::move(out)),
        jobs(std::move(jobs_chan)),
        done(std::move(done_chan)) {}
  world& the_world;
  const pipeline_spec& spec;
  std::string where;  // "pipeline NAME", for errors
  message_channel from, to, jobs, done;
  std::mutex mutex;
  // By job number from `first` on: the jobs before it are all put out, and forgotten (a
  // payment holds its reply channel, so a pipeline that kept them grew by a kilobyte a value).
  std::deque<message> inputs;
  std::deque<std::optional<std::vector<message>>> results;  // once worked
  std::size_t first = 0;
  std::size_t written = 0;  // jobs whose results the writer has put out, all of them
  // The results the writer puts out now (of job `written`), and which of them it puts now:
  // the ones after it are still the pipeline's.
  std::vector<message> writing;
  std::size_t writing_at = 0;
  std::uint64_t workers_left = 0;

  message& input(std::size_t n) { return inputs[n - first]; }
  std::optional<std::vector<message>>& result(std::size_t n) { return results[n - first]; }
  std::size_t taken() const { return first + inputs.size(); }
  // Forgets the jobs the writer has put out (under the lock).
  void forget_written() {
    for (; first < written; ++first) {
      inputs.pop_front();
      results.pop_front();
    }
  }

  // The money in the payments the pipeline holds now: a job's input until it is worked, then
  // its results until the writer puts them out. The one the writer puts now is in `to`'s
  // waiting put, or already handed over: counted there.
  std::int64_t money_held() {
    std::lock_guard lock(mutex);
    std::int64_t sum = 0;
    for (std::size_t k = written + (writing.empty() ? 0 : 1); k < taken(); ++k) {
      if (!result(k)) {
        sum += money_of(input(k));
        continue;
      }
      for (const message& m : *result(k)) sum += money_of(m);
    }
    for (std::size_t i = writing_at + 1; i < writing.size(); ++i) sum += money_of(writing[i]);
    return sum;
  }

  // Adds the reply channels of the payments the pipeline holds (taken, their results not yet
  // all put out): any of its parts that can go on may carry them on to a machine.
  void add_carried(std::vector<channel_use>& out) {
    std::lock_guard lock(mutex);
    for (std::size_t k = written; k < taken(); ++k)
      if (const auto* pay = std::get_if<payment>(&input(k)))
        out.push_back({pay->reply.name(), use::put});
  }
};

task<void> run_worker(process& p, std::shared_ptr<pipeline_run> run) {
  reach_guard reaching(p, [run](std::vector<channel_use>& out) {
    out.push_back({run->jobs.name(), use::take});
    out.push_back({run->done.name(), use::put | use::close});
    run->add_carried(out);
    return true;
  });
  for (;;) {
    co_await p.yield_point();
    auto job = co_await p.take(run->jobs);
    if (!job) {
      // The last worker out tells the writer that no more results will come.
      bool last = false;
      {
        std::lock_guard lock(run->mutex);
        last = --run->workers_left == 0;
      }
      if (last) p.close(run->done);
      co_return;
    }
    const auto n = static_cast<std::size_t>(std::get<value>(*job).items()[0].as_int());
    message input;
    {
      std::lock_guard lock(run->mutex);
      input = run->input(n);
    }
    if (run->spec.work_time) co_await p.sleep(run->spec.work_time->draw(p.rt().random()));
    const std::int64_t paid = money_of(input);
    auto out = apply_xform(run->spec.xform, std::move(input), run->where);
    // A stage that removed a payment, or made something else of it: that money went nowhere.
    std::int64_t kept = 0;
    for (const message& m : out) kept += money_of(m);
    if (kept < paid) book_lost(run->the_world, paid - kept);
    {
      std::lock_guard lock(run->mutex);
      run->result(n) = std::move(out);
    }
    co_await p.yield_point();
    co_await p.put(run->done, message(value(static_cast<std::int64_t>(n))));
  }
}

task<void> run_writer(process& p, std::shared_ptr<pipeline_run> run) {
  reach_guard reaching(p, [run](std::vector<channel_use>& out) {
    out.push_back({run->done.name(), use::take});
    out.push_back({run->to.name(), use::put | use::close});
    run->add_carried(out);
    return true;
  });
  carrying hand(run->the_world);
  std::size_t next = 0;
  // By job number: its worker's done was taken. A result is put out only then, so that the
  // trace shows each `done` taken before the value it announced goes out (the results are
  // shared, and one may be ready before its done is taken).
  std::vector<bool> announced;
  for (;;) {
    // Every announced result, in input order.
    while (next < announced.size() && announced[next]) {
      std::size_t count = 0;
      {
        std::lock_guard lock(run->mutex);
        run->writing = std::move(*run->result(next));
        run->result(next).reset();
        run->writing_at = 0;
        count = run->writing.size();
        ++next;
      }
      for (std::size_t i = 0; i < count; ++i) {
        message v;
        {
          std::lock_guard lock(run->mutex);
          run->writing_at = i;
          v = std::move(run->writing[i]);
        }
        hand.hold(v);  // out of `writing`, not yet in `to`
        co_await p.yield_point();
        const std::int64_t money = money_of(v);
        hand.put_on(p);
        if (!co_await p.put(run->to, std::move(v))) book_lost(run->the_world, money);
      }
      {
        std::lock_guard lock(run->mutex);
        run->writing.clear();
        run->written = next;
        run->forget_written();
      }
    }
    co_await p.yield_point();
    auto done = co_await p.take(run->done);
    if (!done) break;  // every worker has finished
    const auto n = static_cast<std::size_t>(std::get<value>(*done).as_int());
    if (n >= announced.size()) announced.resize(n + 1, false);
    announced[n] = true;
  }
  if (run->spec.close) p.close(run->to);
}

}  // namespace

task<void> run_pipeline(process& p, world& w, const pipeline_spec& spec) {
  const auto tag = w.own_tag();
  auto run = std::make_shared<pipeline_run>(
      w, spec, "pipeline " + p.name(), w.channels[spec.from], w.channels[spec.to],
      make_channel<message>(p.rt(), pipeline_jobs(p.name()), spec.n, buffer_policy::fixed, tag),
      make_channel<message>(p.rt(), pipeline_done(p.name()), spec.n, buffer_policy::fixed, tag));
  run->workers_left = spec.n;
  {
    // Pipelines start on several threads in real time: the ledger's lock guards the list.
    auto hold = w.books.hold();
    w.held_by_pipelines.push_back([held = std::weak_ptr<pipeline_run>(run)] {
      const auto r = held.lock();
      return r ? r->money_held() : std::int64_t{0};
    });
  }
  for (std::uint64_t k = 1; k <= spec.n + 1; ++k) {
    const bool writer = k == spec.n + 1;
    p.rt().spawn({writer ? pipeline_out(p.name()) : pipeline_worker(p.name(), k), p.mode(),
                  p.daemon(), p.rt().now(), p.tag(), static_cast<std::uint32_t>(k)},
                 [run, writer](process& part) {
                   return writer ? run_writer(part, run) : run_worker(part, run);
                 });
  }
  reach_guard reaching(p, [run](std::vector<channel_use>& out) {
    out.push_back({run->from.name(), use::take});
    out.push_back({run->jobs.name(), use::put | use::close});
    run->add_carried(out);
    return true;
  });
  // A payment is the pipeline's once it changes hands, before the reader resumes to record
  // it among the inputs.
  carrying hand(w);
  for (std::int64_t n = 0;; ++n) {
    co_await p.yield_point();
    hand.before_take(p);
    auto v = co_await p.take(run->from);
    if (!v) break;
    {
      std::lock_guard lock(run->mutex);
      run->inputs.push_back(*v);
      run->results.emplace_back();
    }
    hand.let_go();  // counted among the inputs now (if its handoff booked it)
    co_await p.yield_point();
    // Built outside the co_await: g++ 12 cannot hold a braced list in a coroutine's frame.
    std::vector<value> job;
    job.push_back(value(n));
    job.push_back(to_script_value(*v));
    co_await p.put(run->jobs, message(value::array(std::move(job))));
  }
  p.close(run->jobs);
}

}  // namespace hotdog::sim
