// libFuzzer target: the scenario loader never crashes, hangs or leaks, whatever the bytes.
// Any input either loads or is rejected with at least one located error.
#include "hotdog/sim/load/load.hpp"
#include "hotdog/sim/model/steps.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = hotdog::sim::load_scenario(text, "fuzz.json");
  if (result.has_value() != result.errors().empty()) std::abort();
  for (const auto& e : result.errors())
    if (e.to_string().empty()) std::abort();
  return 0;
}
