#include "hotdog/event.hpp"

namespace hotdog {

event& event::str(std::string key, std::string_view s) {
  return raw(std::move(key), json_quote(s));
}

const std::string* event::find(std::string_view key) const {
  for (const auto& [k, v] : fields)
    if (k == key) return &v;
  return nullptr;
}

std::string event::text(std::string_view key) const {
  const std::string* v = find(key);
  if (!v) return {};
  if (v->size() < 2 || v->front() != '"' || v->back() != '"') return *v;
  // The inverse of json_quote, for the escapes it writes.
  std::string out;
  for (std::size_t i = 1; i + 1 < v->size(); ++i) {
    char c = (*v)[i];
    if (c != '\\' || i + 2 >= v->size()) {
      out += c;
      continue;
    }
    c = (*v)[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        const std::string hex = v->substr(i + 1, 4);
        out += static_cast<char>(std::stoi(hex, nullptr, 16));
        i += 4;
        break;
      }
      default: out += c;  // '"', '\\', '/'
    }
  }
  return out;
}

void append_json_quoted(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  // Nearly every string in a trace (names, kinds, keys) needs no escaping: one scan, then
  // one append.
  bool plain = true;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    plain &= c >= 0x20 && c != '"' && c != '\\';
  }
  if (plain) {
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  out += '"';
  std::size_t run = 0;  // start of the stretch that needs no escaping: appended in one go
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_quoted(out, s);
  return out;
}

}  // namespace hotdog
