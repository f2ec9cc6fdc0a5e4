#include "hotdog/sim/sweep/sweep_writer.hpp"

#include "hotdog/json_text.hpp"

#include "aggregate.hpp"
#include "hotdog/sim/sweep/csv.hpp"
#include "hotdog/sim/sweep/sweep.hpp"
#include "hotdog/sim/text/printable.hpp"
#include "sweep_line.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace hotdog::sim {

namespace detail {

void running::add(double x) {
  ++n;
  const double d = x - mean;
  mean += d / static_cast<double>(n);
  m2 += d * (x - mean);
}

double running::sd() const { return n > 1 ? std::sqrt(m2 / static_cast<double>(n - 1)) : 0.0; }

double running::ci() const {
  return n > 1 ? t95(n - 1) * sd() / std::sqrt(static_cast<double>(n)) : 0.0;
}

}  // namespace detail

namespace {

using detail::point_result;
using detail::running;

std::string number(double d) {
  std::string s;
  append_json_double(s, d);
  return s;
}

// sd or ci95 of r, or `none` when one run cannot tell it.
std::string spread(const running& r, double value, const char* none) {
  return r.has_spread() ? number(value) : none;
}

class jsonl_writer final : public sweep_writer {
 public:
  explicit jsonl_writer(std::ostream& out) : out_(out) {}
  std::optional<std::string> add(const std::string& line) override {
    out_ << line << '\n';
    return std::nullopt;
  }
  void finish() override {}

 private:
  std::ostream& out_;
};

// A row per run: a column per swept key, seed, end, every summary field, expected. A field
// given as text (as "stock_left": "unlimited") is an empty cell but keeps its column, so the
// columns are the same whichever run comes first and whether it gave the field as a number or
// as text. They are the first run's; a later run lacking one leaves its cell empty, and one
// with a field the first had not is refused rather than dropped.
class runs_csv_writer final : public sweep_writer {
 public:
  explicit runs_csv_writer(std::ostream& out) : out_(out) {}
  std::optional<std::string> add(const std::string& text) override {
    auto line = detail::parse_sweep_line(text);
    if (!line) return detail::not_a_sweep_line(text);
    std::vector<std::pair<std::string, std::string>> fields;
    detail::flatten_text(line->summary, "", fields);
    if (!started_) {
      started_ = true;
      std::string header;
      for (const auto& [k, v] : line->point.items()) {
        keys_.push_back(k);
        header += csv_field(k) + ',';
      }
      header += "seed,end";
      for (const auto& [name, value] : fields) {
        if (name == "end") continue;  // the end reason: its own column, before the fields
        column_of_[name] = columns_.size();
        columns_.push_back(name);
        header += ',' + csv_field(csv_column(name));
      }
      out_ << header << ",expected\n";
    }
    std::string row;
    for (const auto& k : keys_) {
      const auto it = line->point.find(k);
      row += (it == line->point.end() ? std::string() : csv_field(detail::cell_text(*it))) + ',';
    }
    row += std::to_string(line->seed) + ',';
    const auto end = line->summary.find("end");
    if (end != line->summary.end() && end->is_string()) row += csv_field(end->get<std::string>());
    std::vector<std::string> cells(columns_.size());
    for (const auto& [name, value] : fields) {
      if (name == "end") continue;
      const auto it = column_of_.find(name);
      if (it == column_of_.end())
        return "run with seed " + std::to_string(line->seed) + " has a summary field \"" +
               printable(name) + "\" that the first run has not: one CSV cannot hold both";
      cells[it->second] = value;
    }
    for (const auto& c : cells) row += ',' + c;
    out_ << row << ',' << (line->expected ? 1 : 0) << '\n';
    return std::nullopt;
  }
  void finish() override {}

 private:
  std::ostream& out_;
  bool started_ = false;
  std::vector<std::string> keys_, columns_;
  std::map<std::string, std::size_t> column_of_;
};

// Per point: every field's mean, sd, 95% half-width and n, as CSV, text or a page of charts.
class aggregate_writer final : public sweep_writer {
 public:
  aggregate_writer(std::string_view format, std::string title, std::ostream& out)
      : format_(format), title_(std::move(title)), out_(out) {}
  std::optional<std::string> add(const std::string& text) override {
    auto line = detail::parse_sweep_line(text);
    if (!line) return detail::not_a_sweep_line(text);
    if (cur_ && cur_->point != line->point_text) {
      flush(*cur_);
      cur_.reset();
    }
    if (!cur_) cur_ = point_result{line->point_text, line->point, {}, 0, 0};
    ++cur_->runs;
    if (!line->expected) ++cur_->unexpected;
    std::vector<std::pair<std::string, double>> fields;
    detail::flatten(line->summary, "", fields);
    for (const auto& field : fields) {
      running* r = cur_->field(field.first);
      if (!r) r = &cur_->metrics.emplace_back(field.first, running{}).second;
      r->add(field.second);
    }
    return std::nullopt;
  }
  void finish() override {
    if (cur_) flush(*cur_);
    cur_.reset();
    if (format_ == "html") detail::write_html(points_, title_, out_);
    if (format_ == "csv" && !header_written_) out_ << "field,mean,sd,ci95,n,unexpected\n";
  }

 private:
  void flush(point_result& p) {
    if (format_ == "html") {
      points_.push_back(std::move(p));
      return;
    }
    if (format_ == "text") {
      out_ << p.point << "  runs " << p.runs << ", not as expected " << p.unexpected << '\n';
      for (const auto& [name, r] : p.metrics)
        out_ << p.point << "  " << name << "  mean " << number(r.mean) << "  sd "
             << spread(r, r.sd(), "-") << "  ±95% " << spread(r, r.ci(), "-") << "  n " << r.n
             << '\n';
      return;
    }
    // csv: long form, a row per point and field, a column per swept key.
    if (!header_written_) {
      header_written_ = true;
      for (const auto& [k, v] : p.values.items()) {
        keys_.push_back(k);
        out_ << csv_field(k) << ',';
      }
      out_ << "field,mean,sd,ci95,n,unexpected\n";
    }
    std::string cells;
    for (const auto& k : keys_) {
      const auto it = p.values.find(k);
      cells += (it == p.values.end() ? std::string() : csv_field(detail::cell_text(*it))) + ',';
    }
    for (const auto& [name, r] : p.metrics)
      out_ << cells << csv_field(csv_column(name)) << ',' << number(r.mean) << ','
           << spread(r, r.sd(), "") << ',' << spread(r, r.ci(), "") << ',' << r.n << ','
           << p.unexpected << '\n';
  }

  std::string format_, title_;
  std::ostream& out_;
  std::optional<point_result> cur_;
  std::vector<point_result> points_;  // html only: one per chart dot
  bool header_written_ = false;
  std::vector<std::string> keys_;
};

}  // namespace

const std::vector<std::string>& sweep_formats() {
  static const std::vector<std::string> formats{"jsonl", "runs-csv", "csv", "text", "html"};
  return formats;
}

std::unique_ptr<sweep_writer> make_sweep_writer(std::string_view format, const std::string& title,
                                                std::ostream& out) {
  if (format == "jsonl") return std::make_unique<jsonl_writer>(out);
  if (format == "runs-csv") return std::make_unique<runs_csv_writer>(out);
  return std::make_unique<aggregate_writer>(format, title, out);
}

}  // namespace hotdog::sim
