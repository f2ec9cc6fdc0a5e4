// `--set NAME.KEY=VALUE`: parsing one, and writing them into a scenario document.
#include "settings.hpp"

#include "validator.hpp"

#include "hotdog/utf8.hpp"

#include <algorithm>

namespace hotdog::sim {

result<setting> parse_setting(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    return failure("expected NAME.KEY=VALUE (or seed=N, until=DURATION), not \"" +
                   std::string(text) + "\"");
  const std::string_view lhs = text.substr(0, eq);
  setting s;
  s.value = std::string(text.substr(eq + 1));
  if (const std::size_t dot = lhs.rfind('.'); dot != std::string_view::npos) {
    s.target = std::string(lhs.substr(0, dot));
    s.key = std::string(lhs.substr(dot + 1));
  } else {
    s.key = std::string(lhs);
  }
  if (s.key.empty() || (lhs.find('.') != std::string_view::npos && s.target.empty()))
    return failure("expected NAME.KEY=VALUE, not \"" + std::string(text) + "\"");
  // Names and values end up in JSON and in messages, which hold UTF-8 only.
  if (!utf8_valid(text)) return failure("--set " + std::string(text) + " is not valid UTF-8");
  return s;
}

namespace loading {

namespace {

// "--set NAME.KEY=VALUE": where a value came from, for messages.
std::string setting_text(const setting& s) {
  return "--set " + s.target + (s.target.empty() ? "" : ".") + s.key + "=" + s.value;
}

// The first channel or process named `target`, its pointer's hash and what it is (`process
// "cust"`); `all` gets every name, for "did you mean".
struct named {
  json* entry = nullptr;
  std::uint64_t hash = 0;
  std::string owner;
};
named named_entry(json& root, const std::string& target, names& all) {
  named found;
  for (const char* list : {"channels", "processes"})
    if (root.is_object() && root.contains(list) && root[list].is_array()) {
      const std::uint64_t list_hash = pointer_hash(root_pointer_hash, list);
      std::size_t i = 0;
      for (auto& entry : root[list]) {
        if (entry.is_object() && entry.contains("name") && entry["name"].is_string()) {
          all.push_back(entry["name"].get<std::string>());
          if (entry["name"] == target && !found.entry)
            found = {&entry, pointer_hash(list_hash, std::to_string(i)),
                     std::string(list[0] == 'c' ? "channel " : "process ") + q(target)};
        }
        ++i;
      }
    }
  return found;
}

// How deeply arrays and objects nest in a JSON text (strings skipped), to apply the loader's
// depth limit before nlohmann_json parses it (which has none).
int nesting(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// JSON -0 as the scenario reader gives it: the number 0, unsigned (see json_reader.cpp), in
// every place of a --set value.
void minus_zero_is_zero(json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() == 0) {
    v = json(std::uint64_t{0});
  } else if (v.is_structured()) {
    for (auto& item : v) minus_zero_is_zero(item);
  }
}

// Applies one setting; what is wrong with it, or nothing.
std::optional<std::string> apply(located_json& doc, const setting& s) {
  json& root = doc.value;
  if (!utf8_valid(s.value))
    return std::string("the value is not valid UTF-8 (a scenario is UTF-8 text)");
  // The value lands inside the root (a top-level key) or inside a channel or process, itself
  // inside its list: those levels count towards the loader's limit too.
  const int levels = s.target.empty() ? 1 : 3;
  if (nesting(s.value) + levels > max_json_depth)
    return "the value is nested more than " + std::to_string(max_json_depth) +
           " levels deep (counting the scenario's own levels around it)";
  json v;
  try {
    v = json::parse(s.value);
    minus_zero_is_zero(v);
  } catch (const json::exception&) {
    v = s.value;  // not JSON: a plain string
  }
  if (s.target.empty()) {
    static const names top{"seed", "until", "random", "warmup"};
    if (std::find(top.begin(), top.end(), s.key) == top.end()) {
      std::string msg =
          "the top-level keys --set can change are seed, until, random and warmup, not " + q(s.key);
      if (auto m = did_you_mean(s.key, top)) msg += "; did you mean " + q(*m) + "?";
      return msg;
    }
    if (root.is_object()) {
      root[s.key] = v;
      doc.origins[pointer_hash(root_pointer_hash, s.key)] = {setting_text(s), "the scenario"};
    }
    return std::nullopt;
  }
  names all;
  const named found = named_entry(root, s.target, all);
  if (!found.entry) {
    std::string msg = "no channel or process is named " + q(s.target);
    if (auto m = did_you_mean(s.target, all)) msg += "; did you mean " + q(*m) + "?";
    return msg;
  }
  if (s.key == "name" || s.key == "kind")
    return "a process's or channel's " + s.key + " cannot be changed";
  // An unknown key is reported by the validator, with "did you mean", as from this --set.
  (*found.entry)[s.key] = v;
  doc.origins[pointer_hash(found.hash, s.key)] = {setting_text(s), found.owner};
  return std::nullopt;
}

}  // namespace

std::vector<diagnostic> apply_settings(located_json& doc, const std::vector<setting>& settings) {
  std::vector<diagnostic> errors;
  for (const auto& s : settings)
    if (auto problem = apply(doc, s)) errors.push_back({setting_text(s), {0, 0}, *problem});
  return errors;
}

}  // namespace loading

}  // namespace hotdog::sim
