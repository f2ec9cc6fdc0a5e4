#pragma once
// A resume_batch open on this thread for one channel operation of a process: in the
// real-time runtime always (the parties it wakes resume after it has reported its event);
// in the deterministic one only for a take from a buffer, which may make room (a put that
// moves in reports after it), so a rendezvous there costs nothing more.

#include "hotdog/task.hpp"

#include <optional>

namespace hotdog::detail {

/// Opens a resume_batch when `needed`; release() (or nothing, when none was needed) closes it.
class handoff_scope {
 public:
  explicit handoff_scope(bool needed) {
    if (needed) {
      batch_.emplace();
      batch_->open();
    }
  }
  void release() {
    if (batch_) batch_->release();
  }

 private:
  std::optional<resume_batch> batch_;
};

}  // namespace hotdog::detail
