// Channels: the declared ones ("channels"), the index of every channel name that steps look
// names up in, and the machines' own channels added after the declared ones.
#include "families.hpp"

namespace hotdog::sim::loading {

namespace {

// "name": whether it is usable (then the channel is declared even when the rest is wrong);
// `ok` is cleared when it is wrong.
bool read_channel_name(validator& v, const json& c, const std::string& ptr, channel_spec& spec,
                       bool& ok) {
  if (!c.contains("name") || !c["name"].is_string() || c["name"].get<std::string>().empty()) {
    v.error(c.contains("name") ? ptr + "/name" : ptr,
            "a channel needs a \"name\" (a non-empty string)");
    ok = false;
    return false;
  }
  spec.name = c["name"].get<std::string>();
  if (auto checked = check_name(spec.name); !checked) {
    v.error(ptr + "/name",
            "channel name " + q(spec.name) + " is not allowed: " + checked.error().message());
    ok = false;
  } else if (spec.name == "timeout" || spec.name == "default") {
    v.error(ptr + "/name", q(spec.name) + " is reserved: alts uses it as a port name");
    ok = false;
  }
  if (!v.channel_names_seen.insert(spec.name).second) {
    v.error(ptr + "/name", "duplicate channel name " + q(spec.name));
    ok = false;
    return false;
  }
  return ok;
}

bool read_buffer(validator& v, const json& b, const std::string& ptr, channel_spec& spec) {
  if (b.is_number_unsigned() && b.get<std::uint64_t>() <= (1u << 30)) {
    spec.buffer = b.get<std::size_t>();
    return true;
  }
  if (b.is_number_integer() && !b.is_number_unsigned())
    v.error(ptr + "/buffer", "\"buffer\" may not be negative, got " + b.dump());
  else
    v.error(ptr + "/buffer",
            "\"buffer\" must be a whole number from 0 to 1073741824, not " + describe(b));
  return false;
}

// "policy", checked against "buffer" when everything before it was right (`ok`).
bool read_policy(validator& v, const json& p, const std::string& ptr, channel_spec& spec, bool ok) {
  const std::string s = p.is_string() ? p.get<std::string>() : "";
  if (s == "fixed") {
    spec.policy = buffer_policy::fixed;
  } else if (s == "dropping") {
    spec.policy = buffer_policy::dropping;
  } else if (s == "sliding") {
    spec.policy = buffer_policy::sliding;
  } else {
    std::string msg =
        "\"policy\" must be \"fixed\", \"dropping\" or \"sliding\", not " + describe(p);
    // "drop" and "slide" are the trace's event names, so people write them here.
    std::optional<std::string> m = s == "drop"    ? "dropping"
                                   : s == "slide" ? "sliding"
                                   : s == "fix"   ? "fixed"
                                                : did_you_mean(s, {"fixed", "dropping", "sliding"});
    if (m) msg += "; did you mean " + q(*m) + "?";
    v.error(ptr + "/policy", msg);
    return false;
  }
  if (ok && spec.policy != buffer_policy::fixed && spec.buffer == 0) {
    v.error(ptr + "/policy",
            "a " + std::string(to_string(spec.policy)) + " buffer needs \"buffer\" of at least 1");
    return false;
  }
  return true;
}

// "promise" and "xform": a promise channel takes no buffer; a transducer needs one.
bool read_combinator_keys(validator& v, const json& c, const std::string& ptr, channel_spec& spec) {
  bool ok = true;
  spec.promise = v.optional_bool(c, ptr, "promise").value_or(false);
  if (spec.promise && (c.contains("buffer") || c.contains("policy") || c.contains("xform"))) {
    v.error(ptr + "/promise",
            "a promise channel takes no \"buffer\", \"policy\" or "
            "\"xform\" (core.async's promise-chan has none)");
    ok = false;
  }
  if (c.contains("xform")) {
    spec.xform = read_xform(v, c["xform"], ptr + "/xform");
    if (spec.buffer == 0 && !spec.promise) {
      v.error(ptr + "/xform",
              "an \"xform\" needs a \"buffer\" of at least 1 (core.async: "
              "only a buffered channel takes a transducer)");
      ok = false;
    }
  }
  return ok;
}

}  // namespace

std::optional<channel_spec> read_channel(validator& v, const json& c, const std::string& ptr) {
  if (!c.is_object()) {
    v.error(ptr, "a channel must be an object like {\"name\": \"echo\"}, not " + describe(c));
    return std::nullopt;
  }
  v.check_keys(c, ptr, {"name", "buffer", "policy", "promise", "xform", "description"});
  channel_spec spec;
  bool ok = true;
  const bool named = read_channel_name(v, c, ptr, spec, ok);
  if (c.contains("buffer") && !read_buffer(v, c["buffer"], ptr, spec)) ok = false;
  if (c.contains("policy") && !read_policy(v, c["policy"], ptr, spec, ok)) ok = false;
  if (!read_combinator_keys(v, c, ptr, spec)) ok = false;
  // A channel with a good name but a bad buffer or policy is still declared (its errors
  // are reported; the load fails), so its uses do not add "unknown channel" errors.
  if (!ok && !named) return std::nullopt;
  return spec;
}

void index_channels(validator& v, const std::vector<channel_spec>& declared) {
  for (const auto& c : declared) {
    v.channel_names.push_back(c.name);
    // A line carries payments, each for one machine to take: a promise would hand the first
    // payment to every machine, and a transducer cannot read a payment.
    v.not_a_line.push_back(c.promise         ? "it is a promise channel"
                           : c.xform.empty() ? ""
                                             : "it has an \"xform\"");
  }
  v.declared_channels = v.channel_names.size();
  // The machines' channels follow the declared ones, in the order of the machines.
  const json& root = v.root();
  if (root.contains("processes") && root["processes"].is_array())
    for (const auto& p : root["processes"])
      if (p.is_object() && p.value("kind", json()) == "machine" &&
          p.value("name", json()).is_string()) {
        // A machine with "in" takes from a declared channel: it has no NAME.in.
        if (!p.contains("in")) v.channel_names.push_back(machine_in(p["name"].get<std::string>()));
        v.channel_names.push_back(machine_hopper(p["name"].get<std::string>()));
      }
  for (std::size_t i = 0; i < v.channel_names.size(); ++i)
    v.channel_index.emplace(v.channel_names[i], i);
}

// Each machine's own channels follow the declared ones; specs refer to them by index.
void add_machine_channels(scenario& sc) {
  std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> ports;  // in, hopper
  for (auto& p : sc.processes)
    if (auto* m = std::get_if<machine_spec>(&p.body)) {
      if (m->in.empty()) {
        m->in_channel = sc.channels.size();
        sc.channels.push_back({machine_in(p.name), 0, buffer_policy::fixed, p.name, false, {}});
      }
      m->hopper_channel = sc.channels.size();
      sc.channels.push_back({machine_hopper(p.name),
                             static_cast<std::size_t>(m->capacity),
                             buffer_policy::fixed,
                             p.name,
                             false,
                             {}});
      ports.emplace(p.name, std::pair{m->in_channel, m->hopper_channel});
    }
  for (auto& p : sc.processes) {
    if (auto* c = std::get_if<customer_spec>(&p.body))
      for (const auto& m : c->machines)
        if (auto it = ports.find(m); it != ports.end())
          c->machine_in_channels.push_back(it->second.first);
    if (auto* c = std::get_if<chef_spec>(&p.body))
      if (auto it = ports.find(c->machine); it != ports.end())
        c->hopper_channel = it->second.second;
  }
}

std::string declared_channel(validator& v, const json& x, const std::string& ptr,
                             std::size_t& index) {
  if (!x.is_string()) {
    v.error(ptr, "expected the name of a declared channel, not " + describe(x));
    return x.dump();  // not empty: the key was given (add_machine_channels reads that)
  }
  const std::string name = x.get<std::string>();
  if (auto it = v.channel_index.find(name);
      it != v.channel_index.end() && it->second < v.declared_channels) {
    index = it->second;
    if (!v.not_a_line[index].empty())
      v.error(ptr, "channel " + q(name) + " cannot be a line of payments: " + v.not_a_line[index]);
    return name;
  }
  std::string msg = "unknown channel " + q(name);
  const names declared(v.channel_names.begin(),
                       v.channel_names.begin() + static_cast<std::ptrdiff_t>(v.declared_channels));
  if (auto m = did_you_mean(name, declared))
    msg += "; did you mean " + q(*m) + "?";
  else
    msg += ": declare it under \"channels\"";
  v.error(ptr, msg);
  return name.empty() ? std::string("?") : name;
}

}  // namespace hotdog::sim::loading
