#pragma once
// Many independent runs on several threads, their results consumed in run order: what sweep
// and explore share. Workers take runs in order and hand back results; the calling thread
// consumes them in order. A worker runs ahead of the consumer by at most 4 * jobs runs, so
// memory stays flat however many runs there are, and the output does not depend on `jobs`.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace hotdog::sim::detail {

/// Calls make(i) for i in [0, n) on `jobs` threads and consume(i, result) on this thread,
/// in order of i.
template <class Make, class Consume>
void run_in_order(std::size_t n, std::size_t jobs, Make make, Consume consume) {
  using result = decltype(make(std::size_t{}));
  jobs = std::max<std::size_t>(1, jobs);
  const std::size_t window = 4 * jobs;
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t next = 0, done = 0;
  std::map<std::size_t, result> ready;
  auto work = [&] {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return next >= n || next < done + window; });
        if (next >= n) return;
        i = next++;
      }
      result r = make(i);
      {
        std::lock_guard lock(mutex);
        ready.emplace(i, std::move(r));
      }
      cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  try {
    for (std::size_t j = 0; j < jobs; ++j) threads.emplace_back(work);
  } catch (const std::system_error&) {
    // The system gave fewer threads than asked (a limit on processes or address space): the
    // runs go on with those it gave, and the output is the same, as it never depends on jobs.
  }
  if (threads.empty()) {
    for (std::size_t i = 0; i < n; ++i) consume(i, make(i));
    return;
  }
  while (done < n) {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return ready.count(done) > 0; });
    result r = std::move(ready.at(done));
    ready.erase(done);
    const std::size_t i = done++;
    lock.unlock();
    cv.notify_all();
    consume(i, std::move(r));
  }
  for (auto& t : threads) t.join();
}

}  // namespace hotdog::sim::detail
