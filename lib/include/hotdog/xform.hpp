#pragma once
/// @file xform.hpp
/// hotdog::xform — channel transducers: stages applied to each value put on a buffered
/// channel (core.async's `(chan n xform)`), composed with `|` as Clojure's comp does.

#include "hotdog/detail/xform_chain.hpp"
#include "hotdog/value_traits.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace hotdog {

/// A transducer over values of T: a recipe of stages; each channel made with it runs its
/// own copy. Empty: values pass unchanged (and the channel pays nothing for it).
template <class T>
class xform {
 public:
  xform() = default;
  /// One stage, made fresh for each channel by `make`.
  explicit xform(detail::xform_stage_factory<T> make) { stages_.push_back(std::move(make)); }
  /// comp: a's stages, then b's.
  friend xform operator|(xform a, const xform& b) {
    a.stages_.insert(a.stages_.end(), b.stages_.begin(), b.stages_.end());
    return a;
  }
  bool empty() const noexcept { return stages_.empty(); }
  const std::vector<detail::xform_stage_factory<T>>& stages() const noexcept { return stages_; }

 private:
  std::vector<detail::xform_stage_factory<T>> stages_;
};

namespace detail {

template <class T>
T checked(T v) {
  if (value_traits<T>::is_nil(v)) throw std::invalid_argument("a transducer stage gave nil");
  return v;
}

// Makes an xform of one stage of type S, constructed from args for each channel.
template <class T, class S, class... A>
xform<T> stage_of(A... args) {
  return xform<T>(
      [args...]() -> std::unique_ptr<xform_stage<T>> { return std::make_unique<S>(args...); });
}

template <class T, class F>
struct map_stage final : xform_stage<T> {
  F f;
  explicit map_stage(F fn) : f(std::move(fn)) {}
  bool step(T v, xform_sink<T>& next) override {
    T out = f(std::move(v));
    return next.accept(checked<T>(std::move(out)));
  }
};

template <class T, class P, bool Keep>
struct filter_stage final : xform_stage<T> {
  P p;
  explicit filter_stage(P pred) : p(std::move(pred)) {}
  bool step(T v, xform_sink<T>& next) override {
    if (static_cast<bool>(p(static_cast<const T&>(v))) != Keep) return false;
    return next.accept(std::move(v));
  }
};

template <class T, class F>
struct mapcat_stage final : xform_stage<T> {
  F f;
  explicit mapcat_stage(F fn) : f(std::move(fn)) {}
  bool step(T v, xform_sink<T>& next) override {
    for (auto& out : f(std::move(v)))
      if (next.accept(checked<T>(std::move(out)))) return true;
    return false;
  }
};

template <class T>
struct take_stage final : xform_stage<T> {
  std::ptrdiff_t left;
  explicit take_stage(std::size_t n) : left(static_cast<std::ptrdiff_t>(n)) {}
  // Clojure's take: the nth value passes and says done; take 0 is done at the first value,
  // which does not pass.
  bool step(T v, xform_sink<T>& next) override {
    const std::ptrdiff_t n = left--;
    bool done = n > 0 ? next.accept(std::move(v)) : false;
    return done || left <= 0;
  }
};

template <class T>
struct dedupe_stage final : xform_stage<T> {
  std::optional<T> last;
  bool step(T v, xform_sink<T>& next) override {
    if (last && *last == v) return false;
    last = v;
    return next.accept(std::move(v));
  }
};

template <class T, class Combine>
struct partition_all_stage final : xform_stage<T> {
  std::size_t n;
  Combine combine;
  std::vector<T> pending;
  partition_all_stage(std::size_t size, Combine c) : n(size), combine(std::move(c)) {}
  bool step(T v, xform_sink<T>& next) override {
    pending.push_back(std::move(v));
    if (pending.size() < n) return false;
    return next.accept(checked<T>(combine(std::exchange(pending, {}))));
  }
  void complete(xform_sink<T>& next) override {
    if (!pending.empty()) next.accept(checked<T>(combine(std::exchange(pending, {}))));
  }
};

}  // namespace detail

/// The stages a channel's transducer is made of (core.async's transducers of the same name).
namespace xf {

/// map: each value v becomes f(v); a nil result is an error (see channel_options::ex_handler).
template <class T, class F>
xform<T> map(F f) {
  return detail::stage_of<T, detail::map_stage<T, F>>(std::move(f));
}
/// filter: only the values for which pred is true pass.
template <class T, class P>
xform<T> filter(P pred) {
  return detail::stage_of<T, detail::filter_stage<T, P, true>>(std::move(pred));
}
/// remove: only the values for which pred is false pass.
template <class T, class P>
xform<T> remove(P pred) {
  return detail::stage_of<T, detail::filter_stage<T, P, false>>(std::move(pred));
}
/// mapcat: each value v becomes the values of f(v) (a range of T, maybe empty), in order.
template <class T, class F>
xform<T> mapcat(F f) {
  return detail::stage_of<T, detail::mapcat_stage<T, F>>(std::move(f));
}
/// take: the first n values pass; the nth (or, for 0, the first value put) closes the
/// channel, and puts waiting then complete with true, their values lost.
template <class T>
xform<T> take(std::size_t n) {
  return detail::stage_of<T, detail::take_stage<T>>(n);
}
/// dedupe: a value equal to the one before it is dropped.
template <class T>
xform<T> dedupe() {
  return detail::stage_of<T, detail::dedupe_stage<T>>();
}
/// partition_all: every n values pass as one, `combine(std::vector<T>)` (a channel carries
/// one type); the last, shorter group passes when the channel closes with no put waiting.
/// Throws std::invalid_argument when n is 0.
template <class T, class Combine>
xform<T> partition_all(std::size_t n, Combine combine) {
  if (n == 0) throw std::invalid_argument("partition_all needs n >= 1");
  return detail::stage_of<T, detail::partition_all_stage<T, Combine>>(n, std::move(combine));
}

}  // namespace xf
}  // namespace hotdog
