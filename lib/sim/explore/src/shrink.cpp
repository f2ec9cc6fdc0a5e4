#include "hotdog/sim/explore/shrink.hpp"

#include "hotdog/sim/explore/explore.hpp"
#include "hotdog/sim/explore/shrink_candidates.hpp"
#include "hotdog/sim/load/scenario_writer.hpp"

#include <optional>
#include <utility>

namespace hotdog::sim {

result<shrink_result> shrink(const std::string& path, const std::vector<setting>& settings,
                             const schedule& s, const run_options& opts,
                             const progress_fn& progress) {
  auto loaded = load_scenario_file(path, settings);
  if (!loaded) return failure(path + " is not a valid scenario (hotdog validate says where)");
  return shrink(std::move(*loaded), path, settings, s, opts, progress);
}

result<shrink_result> shrink(scenario current, const std::string& path,
                             const std::vector<setting>& settings, const schedule& s,
                             const run_options& opts, const progress_fn& progress) {
  shrink_result r;
  // The class of a run of `sc` under `sch`, or nothing when the run ends as expected.
  auto failure_of = [&](const scenario& sc, const schedule& sch,
                        std::vector<deviation>* taken) -> std::optional<failure_class> {
    ++r.runs;
    if (progress) progress(r.runs, 0);
    run_options o = opts;
    o.deviations_taken = taken;
    // run_outcome gives the class; recording needs the options' pointer, so run it here.
    outcome_class c = run_outcome(sc, o, sch);
    if (c.expected) return std::nullopt;
    return failure_class{c.end, c.failed, c.logs, c.waiting, c.digest};
  };

  std::vector<deviation> taken;
  const auto first = failure_of(current, s, &taken);
  if (!first)
    return failure("the run under schedule " + s.text() + " ends as expected: nothing to shrink");
  r.failure = *first;
  // The schedule as deviations from the default order; dropped one by one, from the last.
  std::vector<deviation> devs = s.deviations ? *s.deviations : taken;
  auto with = [&](const std::vector<deviation>& d) {
    schedule sch;
    sch.number = s.number;
    sch.deviations = d;
    return sch;
  };
  r.deviations_before = devs.size();
  if (failure_of(current, with(devs), nullptr) != r.failure)
    return failure("internal: the deviations of schedule " + s.text() + " do not replay it");
  auto drop_deviations = [&] {
    for (std::size_t i = devs.size(); i-- > 0;) {
      // A long run has thousands of deviations, each tried with a run: the bound holds here too.
      if (r.runs >= max_shrink_runs) {
        r.gave_up = true;
        return;
      }
      std::vector<deviation> fewer = devs;
      fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
      if (failure_of(current, with(fewer), nullptr) == r.failure) devs = std::move(fewer);
    }
  };
  drop_deviations();
  const schedule shrunk_schedule = with(devs);
  // Then the scenario: the first edit that keeps the failure is kept, and the edits of the
  // smaller scenario are tried from the start, until none keeps it.
  r.size_before = scenario_size(current);
  for (bool smaller = true; smaller;) {
    smaller = false;
    std::optional<scenario> kept;
    shrink_candidates candidates(current, settings);
    while (auto c = candidates.next()) {
      if (r.runs >= max_shrink_runs) {
        r.gave_up = true;
        break;
      }
      if (failure_of(*c, shrunk_schedule, nullptr) == r.failure) {
        kept = std::move(c);
        break;
      }
    }
    if (kept) {
      current = std::move(*kept);
      smaller = true;
    }
  }
  r.size_after = scenario_size(current);
  // A smaller scenario may need fewer deviations still.
  drop_deviations();
  r.shrunk = with(devs);
  if (!current.description.empty())
    current.description = "Shrunk by hotdog shrink from " + path + " under schedule " + s.text() +
                          ": the smallest scenario found that fails as that run did.";
  r.scenario_json = scenario_json(current);
  // What is written is what is replayed (with the same --sets): it must fail the same way.
  const auto reloaded = load_scenario(r.scenario_json, path, settings);
  if (!reloaded || failure_of(*reloaded, r.shrunk, nullptr) != r.failure)
    return failure(
        "internal: the shrunk scenario, written and read again, does not fail the same way");
  return r;
}

}  // namespace hotdog::sim
