#pragma once
/// @file pub.hpp
/// hotdog::pub — core.async's pub/sub: each value to the subscribers of its topic.

#include "hotdog/channel.hpp"
#include "hotdog/detail/pub_state.hpp"
#include "hotdog/detail/start_loop.hpp"
#include "hotdog/mult.hpp"
#include "hotdog/task.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace hotdog {
namespace detail {

template <class T, class Topic, class TopicFn>
task<void> pub_loop(std::shared_ptr<pub_state<T, Topic>> st, channel<T> source, TopicFn topic_of) {
  for (;;) {
    std::optional<T> v = co_await source.async_take(use_task);
    if (!v) {
      for (auto& m : st->all()) {
        channel<T> c = m.source();
        c.close();
      }
      co_return;
    }
    const Topic topic = topic_of(static_cast<const T&>(*v));
    std::optional<mult<T>> m = st->find(topic);
    if (!m) continue;  // nobody subscribed to its topic: the value is dropped
    channel<T> to = m->source();
    if (!co_await to.async_put(std::move(*v), use_task)) st->forget(topic, to);
  }
}

}  // namespace detail

/// core.async's pub: takes each value from a source channel and puts it to the mult of its
/// topic (`topic_of(value)`), waiting until that mult takes it; a value whose topic has no
/// subscriber is dropped. Once the source is closed and drained, closes every topic's
/// mult, which closes the subscribers subscribed with close = true. Copies are handles to
/// the same pub; thread-safe.
template <class T, class Topic>
class pub {
 public:
  /// pub: starts taking from `source`. `buffer_size(topic)` sizes the channel between the
  /// pub and a topic's mult (core.async's buf-fn; unbuffered without it).
  template <class TopicFn>
  pub(channel<T> source, TopicFn topic_of,
      std::function<std::size_t(const Topic&)> buffer_size = {})
      : state_(std::make_shared<detail::pub_state<T, Topic>>(source.get_executor(),
                                                             std::move(buffer_size))) {
    detail::start_loop(source.get_executor(),
                       detail::pub_loop<T, Topic>(state_, source, std::move(topic_of)));
  }

  /// sub: ch gets every value of `topic` taken from now on; closed when the source closes
  /// unless close is false. Returns ch.
  channel<T> sub(const Topic& topic, channel<T> ch, bool close = true) {
    return state_->ensure(topic).tap(std::move(ch), close);
  }
  /// unsub: ch gets no more values of `topic`; it is not closed.
  void unsub(const Topic& topic, const channel<T>& ch) {
    if (auto m = state_->find(topic)) m->untap(ch);
  }
  /// unsub-all: forgets `topic`: its values are dropped until someone subscribes again.
  void unsub_all(const Topic& topic) { state_->forget(topic); }
  /// unsub-all: forgets every topic.
  void unsub_all() { state_->forget_all(); }

 private:
  std::shared_ptr<detail::pub_state<T, Topic>> state_;
};

}  // namespace hotdog
