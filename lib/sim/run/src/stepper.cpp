#include "hotdog/sim/run/stepper.hpp"

#include "simulation_hooks.hpp"

#include "hotdog/sim/events/sim_events.hpp"
#include "hotdog/sim/analysis/channel_table.hpp"
#include "hotdog/sim/trace/trace_writer.hpp"

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
    table_.on_event(e);
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
    out_ << "  channels:\n";
    for (const auto& line : table_.lines(channel_rows(*channels_))) out_ << "    " << line << "\n";
  }

  std::istream& keys_;
  std::ostream& out_;
  std::ostringstream line_, summary_;
  text_writer text_;
  channel_table table_;
  runtime* rt_ = nullptr;
  const channel_map* channels_ = nullptr;
  bool running_on_ = false;
};

}  // namespace

std::vector<channel_row> channel_rows(const channel_map& channels) {
  std::vector<channel_row> rows;
  for (const auto& [name, ch] : channels) {
    auto snap = ch.inspect();
    channel_row row{
        name, snap.capacity, snap.policy, {}, snap.waiting_puts, snap.waiting_takes, snap.closed};
    for (const auto& v : snap.buffered) row.buffered.push_back(value_traits<message>::format(v));
    rows.push_back(std::move(row));
  }
  return rows;
}

run_result simulate_with_channel_panel(const scenario& sc, const run_options& opts, observer& out,
                                       html_writer& page) {
  if (opts.realtime) return simulate(sc, opts, out);
  return simulate_with(sc, opts, out, [&page](runtime&, const channel_map& channels) {
    page.set_channel_rows([&channels] { return channel_rows(channels); });
  });
}

run_result step_through(const scenario& sc, const run_options& opts, std::istream& keys,
                        std::ostream& out) {
  stepper s(keys, out, process_width(sc));
  return simulate_with(sc, opts, s,
                       [&s](runtime& rt, const channel_map& channels) { s.attach(rt, channels); });
}

}  // namespace hotdog::sim
