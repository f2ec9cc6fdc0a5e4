#pragma once
// Sets a process's reach for as long as its body runs, and clears it when the body ends:
// the state the reach reads goes then.

#include "hotdog/process.hpp"

#include <utility>

namespace hotdog::sim {

struct reach_guard {
  process& p;
  reach_guard(process& proc, reach_fn f) : p(proc) { p.set_reach(std::move(f)); }
  ~reach_guard() { p.set_reach(nullptr); }
  reach_guard(const reach_guard&) = delete;
  reach_guard& operator=(const reach_guard&) = delete;
};

}  // namespace hotdog::sim
