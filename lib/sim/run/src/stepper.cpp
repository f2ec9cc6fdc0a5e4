#include "hotdog/sim/run/stepper.hpp"

#include "simulation_hooks.hpp"

#include "hotdog/sim/events/sim_events.hpp"
#include "hotdog/sim/analysis/channel_table.hpp"
#include "hotdog/sim/text/shorten.hpp"
#include "hotdog/sim/trace/trace_writer.hpp"

#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace hotdog::sim {

namespace {

// Words for the events --explain leaves alone, as the step-through shows them.
std::optional<std::string> plain_words(const event& e) {
  const std::string p(e.proc);
  if (is(e, sim_event::summary)) return std::nullopt;  // it is its own explanation
  switch (e.kind) {
    case event_kind::start: return p + " starts: its first step runs now";
    case event_kind::exit:
      return p + " has no steps left: it ends (a channel it used stays open unless closed)";
    case event_kind::log: return p + " writes a line (a log step); nothing else changes";
    case event_kind::end: return std::nullopt;
    case event_kind::custom:
      return "an event of the hot dog world (" + std::string(e.name()) +
             "): the reference's Trace events table says what it means";
    default: return std::nullopt;
  }
}

// The step-through view: the event, its explanation, then every channel's state.
class stepper final : public observer {
 public:
  stepper(std::istream& keys, std::ostream& out, std::size_t width)
      : keys_(keys), out_(out), text_(line_, width, false, summary_), width_(width) {
    text_.set_explain(true);
  }
  void know(const scenario& sc) { text_.know(sc); }
  void attach(runtime& rt, const channel_map& channels) {
    rt_ = &rt;
    channels_ = &channels;
  }

  void on_event(const event& e) override {
    line_.str({});
    text_.on_event(e);
    table_.on_event(e);
    out_ << "[" << e.seq << "] " << line_.str();
    // What the explainer leaves (the events that speak for themselves in a trace) still gets
    // a line here: a step-through explains every event it stops at.
    if (line_.str().find("↳") == std::string::npos)
      if (const auto why = plain_words(e))
        out_ << std::string(12 + 2 + width_ + 2, ' ') << "↳ " << *why << "\n";
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
  std::size_t width_;
  runtime* rt_ = nullptr;
  const channel_map* channels_ = nullptr;
  bool running_on_ = false;
};

}  // namespace

// How much of a buffer a channel row shows.
constexpr std::size_t shown_values = 16;
constexpr std::size_t shown_value_bytes = 80;

std::vector<channel_row> channel_rows(const channel_map& channels) {
  std::vector<channel_row> rows;
  for (const auto& [name, ch] : channels) {
    auto snap = ch.inspect();
    channel_row row{
        name, snap.capacity, snap.policy, {}, snap.waiting_puts, snap.waiting_takes, snap.closed};
    // A big buffer shows its oldest values, each shortened, and a count: printing every value
    // at every event would make output quadratic in the buffer's size.
    for (const auto& v : snap.buffered) {
      if (row.buffered.size() == shown_values) {
        row.more = snap.buffered.size() - shown_values;
        break;
      }
      row.buffered.push_back(shorten_utf8(value_traits<message>::format(v), shown_value_bytes));
    }
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
  s.know(sc);
  return simulate_with(sc, opts, s,
                       [&s](runtime& rt, const channel_map& channels) { s.attach(rt, channels); });
}

}  // namespace hotdog::sim
