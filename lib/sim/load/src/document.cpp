// The whole scenario document: its top-level keys, then its channels, processes and
// expectations, each read by its family.
#include "families.hpp"

#include <set>

namespace hotdog::sim::loading {

namespace {

// "hotdog", "$schema", "name", "description", "seed" and "until".
void read_header(validator& v, const json& root, scenario& sc) {
  // "$schema" lets an editor find the JSON Schema; hotdog only checks that it is a string.
  v.check_keys(root, "",
               {"hotdog", "$schema", "name", "description", "seed", "until", "channels",
                "processes", "expect"});
  if (root.contains("$schema") && !root["$schema"].is_string())
    v.error("/$schema", "\"$schema\" must be a string (the schema's URI or path), not " +
                            describe(root["$schema"]));
  if (!root.contains("hotdog")) {
    v.error("", "missing key \"hotdog\": the format version, 1");
  } else if (root["hotdog"] != 1) {
    v.error("/hotdog", "unsupported format version " + root["hotdog"].dump() +
                           ": this hotdog reads version 1");
  }
  sc.name = v.optional_string(root, "", "name");
  sc.description = v.optional_string(root, "", "description");
  if (root.contains("seed")) {
    if (root["seed"].is_number_unsigned() ||
        (root["seed"].is_number_integer() && root["seed"].get<std::int64_t>() >= 0))
      sc.seed = root["seed"].get<std::uint64_t>();
    else
      v.error("/seed",
              "\"seed\" must be an unsigned 64-bit integer, not " + describe(root["seed"]));
  }
  if (root.contains("until")) sc.until = v.duration_at(root["until"], "/until");
}

void read_channels(validator& v, const json& root, scenario& sc) {
  if (root.contains("channels")) {
    const json& chans = root["channels"];
    if (!chans.is_array()) {
      v.error("/channels", "\"channels\" must be an array, not " + type_name(chans));
    } else {
      for (std::size_t i = 0; i < chans.size(); ++i)
        if (auto c = read_channel(v, chans[i], pointer_append("/channels", i)))
          sc.channels.push_back(*c);
    }
  }
  index_channels(v, sc.channels);
}

void read_processes(validator& v, const json& root, scenario& sc) {
  if (!root.contains("processes")) {
    v.error("", "missing key \"processes\": a scenario needs at least one process");
    return;
  }
  const json& procs = root["processes"];
  if (!procs.is_array()) {
    v.error("/processes", "\"processes\" must be an array, not " + type_name(procs));
    return;
  }
  if (procs.empty()) {
    v.error("/processes", "\"processes\" is empty: a scenario needs at least one process");
    return;
  }
  std::set<std::string> seen;
  // Steps name combinator processes declared before or after them.
  for (std::size_t i = 0; i < procs.size(); ++i)
    if (procs[i].is_object() && procs[i].value("name", json()).is_string() &&
        procs[i].value("kind", json()).is_string())
      v.process_kinds.emplace(procs[i]["name"].get<std::string>(),
                              std::pair{i, procs[i]["kind"].get<std::string>()});
  for (std::size_t i = 0; i < procs.size(); ++i) {
    const std::string ptr = pointer_append("/processes", i);
    const json& raw = procs[i];
    // Names are checked for duplicates even when the rest of the entry is broken.
    if (raw.is_object() && raw.contains("name") && raw["name"].is_string() &&
        !seen.insert(raw["name"].get<std::string>()).second)
      v.error(ptr + "/name", "duplicate process name " + q(raw["name"].get<std::string>()));
    if (auto p = read_process(v, raw, ptr)) {
      sc.processes.push_back(std::move(*p));
      v.process_ptrs.push_back(ptr);
    }
  }
  check_machine_refs(v, sc.processes);
  check_reserved_names(v, sc);
  add_machine_channels(sc);
}

}  // namespace

load_result validate_scenario(const located_json& doc, const std::string& file) {
  validator v(doc, file);
  scenario sc;
  sc.file = file;
  const json& root = v.root();
  if (!root.is_object()) {
    v.error("", "a scenario must be a JSON object, not " + type_name(root));
    return v.finish(std::nullopt);
  }
  read_header(v, root, sc);
  read_channels(v, root, sc);
  read_processes(v, root, sc);
  if (root.contains("expect")) sc.expect = read_expect(v, root["expect"], sc);
  return v.finish(std::move(sc));
}

}  // namespace hotdog::sim::loading
