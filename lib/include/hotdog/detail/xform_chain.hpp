#pragma once
// The machinery of channel transducers: a stage steps one value into the next stage (a
// sink), as a Clojure transducer steps into its reducing function; a chain is the stages of
// one channel, each with its own state (a take's count, a partition in progress).

#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace hotdog::detail {

// Where a stage's output goes. accept() returns true when the chain is done (Clojure's
// reduced): the channel then closes.
template <class T>
class xform_sink {
 public:
  virtual bool accept(T v) = 0;

 protected:
  ~xform_sink() = default;
};

template <class T>
class xform_stage {
 public:
  virtual ~xform_stage() = default;
  // The step arity: v in, zero or more values out to next; true when done.
  virtual bool step(T v, xform_sink<T>& next) = 0;
  // The completion arity, when the channel closes: flushes what the stage holds.
  virtual void complete(xform_sink<T>&) {}
};

// Makes a fresh stage, so every channel given the same transducer has its own state.
template <class T>
using xform_stage_factory = std::function<std::unique_ptr<xform_stage<T>>()>;

template <class T>
class xform_chain {
 public:
  explicit xform_chain(const std::vector<xform_stage_factory<T>>& make) {
    for (const auto& m : make) stages_.push_back(m());
  }
  // Runs v through every stage into out; true when the chain is done.
  bool step(T v, xform_sink<T>& out) { return link(*this, 0, out).accept(std::move(v)); }
  // Flushes every stage in order, each into the stages after it.
  void complete(xform_sink<T>& out) {
    for (std::size_t i = 0; i < stages_.size(); ++i) {
      link next(*this, i + 1, out);
      stages_[i]->complete(next);
    }
  }

 private:
  class link final : public xform_sink<T> {
   public:
    link(xform_chain& c, std::size_t i, xform_sink<T>& out) : c_(c), i_(i), out_(out) {}
    bool accept(T v) override {
      if (i_ == c_.stages_.size()) return out_.accept(std::move(v));
      link next(c_, i_ + 1, out_);
      return c_.stages_[i_]->step(std::move(v), next);
    }

   private:
    xform_chain& c_;
    std::size_t i_;
    xform_sink<T>& out_;
  };

  std::vector<std::unique_ptr<xform_stage<T>>> stages_;
};

}  // namespace hotdog::detail
