// libFuzzer target: `--set` never crashes, hangs or leaks, whatever the bytes. Each line of
// the input is one `--set` text; those that parse are applied to a scenario that has a
// machine, a customer and a script (so NAME.steps, NAME.count, seed and the rest all reach
// the loader's checks). Either the scenario loads or there is at least one located error.
#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/model/steps.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view scenario = R"({
  "hotdog": 1,
  "name": "set-fuzz",
  "seed": 1,
  "channels": [{"name": "orders", "buffer": 2}],
  "processes": [
    {"name": "m1", "kind": "machine", "price": 3, "stock": 5, "serve_time": "1s"},
    {"name": "rush", "kind": "customer", "machine": "m1", "count": 3, "interval": "2s"},
    {"name": "kitchen", "kind": "script", "steps": [
      {"set": "n", "to": 0},
      {"put": "orders", "value": {"+": [{"var": "n"}, 1]}},
      {"take": "orders", "as": "order"}
    ]}
  ]
})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<hotdog::sim::setting> settings;
  while (!text.empty() && settings.size() < 16) {
    const std::size_t nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    auto parsed = hotdog::sim::parse_setting(line);
    if (!parsed) {
      if (parsed.error().message().empty()) std::abort();
      continue;
    }
    // What parses names a key, and holds everything after the first '=' as its value.
    if (parsed->key.empty() || parsed->value != line.substr(line.find('=') + 1)) std::abort();
    settings.push_back(std::move(*parsed));
  }
  const auto result = hotdog::sim::load_scenario(scenario, "fuzz.json", settings);
  if (result.has_value() != result.errors().empty()) std::abort();
  for (const auto& e : result.errors())
    if (e.to_string().empty()) std::abort();
  return 0;
}
