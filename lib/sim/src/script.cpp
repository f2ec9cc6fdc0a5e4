#include "script.hpp"

#include "json_duration.hpp"

#include "hotdog/timeout.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace hotdog::sim {
namespace {

using json = nlohmann::json;
using vars_t = std::map<std::string, json>;

const message_channel& chan(const channel_map& channels, const json& name) {
  return channels.find(name.get_ref<const std::string&>())->second;
}

// Reverses by code point, so that multi-byte UTF-8 characters stay whole.
std::string reverse_utf8(const std::string& s) {
  std::vector<std::string> cps;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xf0)
      n = 4;
    else if (c >= 0xe0)
      n = 3;
    else if (c >= 0xc0)
      n = 2;
    cps.push_back(s.substr(i, n));
    i += n;
  }
  std::string out;
  for (auto it = cps.rbegin(); it != cps.rend(); ++it) out += *it;
  return out;
}

const json& lookup(const vars_t& vars, const std::string& name) {
  auto it = vars.find(name);
  if (it == vars.end())
    throw std::runtime_error("variable \"" + name + "\" is used before a step binds it");
  return it->second;
}

std::string render_string(const std::string& s, const vars_t& vars) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t open = s.find('{', i);
    if (open == std::string::npos) break;
    const std::size_t close = s.find('}', open);
    if (close == std::string::npos) break;
    const std::string inner = s.substr(open + 1, close - open - 1);
    const std::size_t bar = inner.find('|');
    const std::string name = inner.substr(0, bar);
    const bool ident = !name.empty() &&
                       (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                       });
    if (!ident) {
      out += s.substr(i, open + 1 - i);
      i = open + 1;
      continue;
    }
    out += s.substr(i, open - i);
    const json& v = lookup(vars, name);
    std::string text = v.is_string() ? v.get<std::string>() : value_traits<json>::format(v);
    if (bar != std::string::npos) {
      const std::string filter = inner.substr(bar + 1);
      if (filter == "upper")
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      else if (filter == "lower")
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      else if (filter == "reverse")
        text = reverse_utf8(text);
    }
    out += text;
    i = close + 1;
  }
  out += s.substr(i);
  return out;
}

std::string exact_var(const std::string& s) {
  if (s.size() < 3 || s.front() != '{' || s.back() != '}') return {};
  const std::string inner = s.substr(1, s.size() - 2);
  if (inner.find_first_of("{}|") != std::string::npos) return {};
  return inner;
}

void bind_var(vars_t& vars, const json& step, const char* key, json v) {
  if (step.contains(key)) vars[step[key].get<std::string>()] = std::move(v);
}

// Runs steps; inside a loop, a take that returns null (closed) ends the loop: returns true.
task<bool> run_steps(process& p, const channel_map& channels, const json& steps, vars_t& vars,
                     bool in_loop) {
  for (const json& s : steps) {
    const bool blocking = s.value("blocking", false);
    if (s.contains("put")) {
      json v = render(s["value"], vars);
      const bool ok = co_await p.put(chan(channels, s["put"]), message(std::move(v)), blocking);
      bind_var(vars, s, "as", ok);
    } else if (s.contains("take")) {
      auto v = co_await p.take(chan(channels, s["take"]), blocking);
      bind_var(vars, s, "as", v ? to_script_value(*v) : json());
      if (!v && in_loop) co_return true;
    } else if (s.contains("offer")) {
      auto r = co_await p.offer(chan(channels, s["offer"]), message(render(s["value"], vars)));
      bind_var(vars, s, "as", r ? json(*r) : json());
    } else if (s.contains("poll")) {
      auto v = co_await p.poll(chan(channels, s["poll"]));
      bind_var(vars, s, "as", v ? to_script_value(*v) : json());
    } else if (s.contains("close")) {
      p.close(chan(channels, s["close"]));
    } else if (s.contains("sleep")) {
      co_await p.sleep(draw_duration(s["sleep"], p.rt().random()), blocking);
    } else if (s.contains("log")) {
      p.log(render_string(s["log"].get<std::string>(), vars));
    } else if (s.contains("loop")) {
      const bool counted = s.contains("times");
      const auto times = counted ? s["times"].get<std::uint64_t>() : 0;
      for (std::uint64_t n = 0; !counted || n < times; ++n)
        if (co_await run_steps(p, channels, s["loop"], vars, true)) break;
    } else if (s.contains("alts")) {
      std::vector<alt_op<message>> ops;
      for (const json& a : s["alts"]) {
        if (a.contains("take"))
          ops.push_back(alt_op<message>::take(chan(channels, a["take"])));
        else if (a.contains("put"))
          ops.push_back(
              alt_op<message>::put(chan(channels, a["put"]), message(render(a["value"], vars))));
        else
          ops.push_back(alt_op<message>::take(
              make_timeout<message>(p.rt(), draw_duration(a["timeout"], p.rt().random()))));
      }
      std::optional<message> dflt;
      if (s.contains("default")) dflt = message(render(s["default"], vars));
      auto r = co_await p.alts(std::move(ops), s.value("priority", false), std::move(dflt));
      json value;
      std::string port = "default";
      if (r.index != default_index) {
        const json& arm = s["alts"][r.index];
        port = arm.contains("take")  ? arm["take"].get<std::string>()
               : arm.contains("put") ? arm["put"].get<std::string>()
                                     : "timeout";
        value =
            arm.contains("put") ? json(r.put_ok) : (r.value ? to_script_value(*r.value) : json());
      } else {
        value = to_script_value(*r.value);
      }
      bind_var(vars, s, "as", std::move(value));
      bind_var(vars, s, "port_as", port);
    }
  }
  co_return false;
}

}  // namespace

json render(const json& v, const vars_t& vars) {
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    // "{x}" is x itself, keeping its type; lookup() says so when x is not bound yet.
    if (auto name = exact_var(s); !name.empty()) return lookup(vars, name);
    return render_string(s, vars);
  }
  if (v.is_array()) {
    json out = json::array();
    for (const auto& x : v) out.push_back(render(x, vars));
    return out;
  }
  if (v.is_object()) {
    json out = json::object();
    for (const auto& [k, x] : v.items()) out[k] = render(x, vars);
    return out;
  }
  return v;
}

task<void> run_script(process& p, const channel_map& channels, const json& steps) {
  vars_t vars;
  co_await run_steps(p, channels, steps, vars, false);
}

}  // namespace hotdog::sim
