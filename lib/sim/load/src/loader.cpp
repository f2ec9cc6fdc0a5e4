// The loader's entry points: a file's bytes, read with its limits; then JSON, then settings,
// then the validator.
#include "hotdog/sim/load/load.hpp"

#include "families.hpp"
#include "json_reader.hpp"
#include "settings.hpp"
#include "suggestions.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace hotdog::sim {

load_result load_scenario(std::string_view text, const std::string& file,
                          const std::vector<setting>& settings) {
  auto parsed = read_json(text);
  if (auto* err = std::get_if<json_error>(&parsed))
    return failure(std::vector<diagnostic>{{file, err->where, err->message}});
  const loading::suggestion_budget_scope budget;
  located_json& doc = std::get<located_json>(parsed);
  if (!settings.empty())
    if (auto errors = loading::apply_settings(doc, settings); !errors.empty())
      return failure(std::move(errors));
  return loading::validate_scenario(doc, file);
}

namespace {

// The file's problem, at its start: it is not a scenario's text at all.
failure file_problem(const std::string& path, std::string message) {
  return failure(std::vector<diagnostic>{{path, {1, 1}, std::move(message)}});
}

}  // namespace

result<std::string> read_scenario_text(const std::string& path) {
  constexpr std::size_t max_size = 64u << 20;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return file_problem(path, "this is a folder, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return file_problem(path, "cannot open the file: " + std::string(std::strerror(errno)));
  // Read in chunks rather than by size: a pipe or /dev/stdin has no size to ask for.
  std::string text;
  std::vector<char> chunk(1 << 16);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_size)
      return file_problem(path, "the file is larger than 64 MiB; a scenario may be at most 64 MiB");
  }
  if (in.bad())
    return file_problem(path, "cannot read the file: " + std::string(std::strerror(errno)));
  return text;
}

load_result load_scenario_file(const std::string& path, const std::vector<setting>& settings) {
  auto text = read_scenario_text(path);
  if (!text) return std::move(text).error();
  return load_scenario(*text, path, settings);
}

}  // namespace hotdog::sim
