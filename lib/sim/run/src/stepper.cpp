#include "hotdog/sim/run/stepper.hpp"

#include "simulation_hooks.hpp"

#include "hotdog/sim/events/sim_events.hpp"
#include "hotdog/sim/trace/trace_writer.hpp"

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace hotdog::sim {

namespace {

// The step-through view: the event, its explanation, then every channel's state.
class stepper final : public observer {
 public:
  stepper(std::istream& keys, std::ostream& out, std::size_t width)
      : keys_(keys), out_(out), text_(line_, width, false, summary_) {
    text_.set_explain(true);
  }
  void attach(runtime& rt, const channel_map& channels) {
    rt_ = &rt;
    channels_ = &channels;
  }

  void on_event(const event& e) override {
    line_.str({});
    text_.on_event(e);
    out_ << "[" << e.seq << "] " << line_.str();
    if (is(e, sim_event::summary)) out_ << summary_.str();
    if (running_on_ || e.kind == event_kind::end) return;
    show_channels();
    out_ << "  Enter: next event   c: run on to the end   q: quit\n" << std::flush;
    for (;;) {
      const int k = keys_.get();
      if (k == EOF || k == 'q') {
        rt_->stop(end_reason::quit, "quit");
        running_on_ = true;
        return;
      }
      if (k == 'c') {
        running_on_ = true;
        return;
      }
      if (k == '\n' || k == '\r' || k == ' ') return;
    }
  }

 private:
  void show_channels() {
    // Who is parked where, from the processes' own account of what they wait on.
    std::map<std::string, std::vector<std::string>> parked;
    rt_->for_each_process([&](const process& p) {
      if (auto w = p.waiting_on())
        for (const auto& c : w->chans)
          parked[c].push_back(w->proc + " (" + std::string(to_string(w->op)) + ")");
    });
    out_ << "  channels:\n";
    for (const auto& [name, ch] : *channels_) {
      const auto snap = ch.inspect();
      std::string kind = snap.capacity == 0 ? "unbuffered"
                                            : std::string(to_string(snap.policy)) + " " +
                                                  std::to_string(snap.capacity);
      std::string values = "[";
      for (const auto& v : snap.buffered)
        values += (values.size() > 1 ? "," : "") + value_traits<message>::format(v);
      values += "]";
      std::string who = "-";
      if (auto it = parked.find(name); it != parked.end()) {
        who.clear();
        for (const auto& p : it->second) who += (who.empty() ? "" : ", ") + p;
      }
      out_ << "    " << name << "  " << kind << (snap.closed ? ", closed" : "")
           << (snap.capacity ? "  holds " + values : std::string()) << "  parked: " << who << "\n";
    }
  }

  std::istream& keys_;
  std::ostream& out_;
  std::ostringstream line_, summary_;
  text_writer text_;
  runtime* rt_ = nullptr;
  const channel_map* channels_ = nullptr;
  bool running_on_ = false;
};

}  // namespace

run_result step_through(const scenario& sc, const run_options& opts, std::istream& keys,
                        std::ostream& out) {
  stepper s(keys, out, process_width(sc));
  return simulate_with(sc, opts, s,
                       [&s](runtime& rt, const channel_map& channels) { s.attach(rt, channels); });
}

}  // namespace hotdog::sim
