#include "json_reader.hpp"

#include "hotdog/random.hpp"
#include "hotdog/utf8.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <variant>
#include <vector>

namespace hotdog::sim {
namespace {

constexpr int max_depth = max_json_depth;

struct failure {
  json_error error;
};

class reader {
 public:
  explicit reader(std::string_view text) : s_(text) {}

  located_json run() {
    located_json out;
    doc_ = &out;
    if (s_.substr(0, 3) == "\xef\xbb\xbf")
      fail("the file starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without one");
    // Strict UTF-8 everywhere (RFC 3629): the first bad byte is reported, wherever it is.
    for (std::size_t k = 0; k < s_.size();) {
      const int n = utf8_sequence(s_, k);
      if (n <= 0) {
        i_ = k;
        fail("not valid UTF-8 (" + describe_utf8_error(k) + ")");
      }
      k += static_cast<std::size_t>(n);
    }
    skip_ws();
    if (i_ == s_.size()) fail("the file is empty: expected a JSON object");
    out.value = parse_value(root_pointer_hash, 0);
    skip_ws();
    if (i_ != s_.size()) fail("unexpected text after the end of the JSON value");
    return out;
  }

 private:
  [[noreturn]] void fail(std::string msg) { fail_at(std::move(msg), pos()); }
  [[noreturn]] void fail_at(std::string msg, text_position p) {
    throw failure{json_error{std::move(msg), p}};
  }

  text_position pos() {
    // Lines are counted lazily from the last known point: positions are asked for in order.
    while (scanned_ < i_ && scanned_ < s_.size()) {
      if (s_[scanned_] == '\n') {
        ++line_;
        line_start_ = scanned_ + 1;
      }
      ++scanned_;
    }
    return {line_, static_cast<int>(i_ - line_start_) + 1};
  }

  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }

  std::string describe_here() {
    if (i_ >= s_.size()) return "the end of the file";
    const auto c = static_cast<unsigned char>(s_[i_]);
    if (c < 0x20 || c >= 0x7f) return "a byte 0x" + hex(c);
    return std::string("'") + static_cast<char>(c) + "'";
  }
  std::string describe_utf8_error(std::size_t k) const {
    const auto c = static_cast<unsigned char>(s_[k]);
    if (c >= 0x80 && c < 0xc0)
      return "byte 0x" + hex(c) + " continues a character that never began";
    if (c == 0xc0 || c == 0xc1 || c > 0xf4)
      return "byte 0x" + hex(c) + " can never appear in UTF-8";
    return "byte 0x" + hex(c) + " begins a character that is truncated, overlong or not allowed";
  }
  static std::string hex(unsigned c) {
    static constexpr char digits[] = "0123456789abcdef";
    return {digits[(c >> 4) & 15], digits[c & 15]};
  }

  nlohmann::json parse_value(std::uint64_t ptr, int depth) {
    if (depth > max_depth) fail("the JSON is nested more than 200 levels deep");
    skip_ws();
    doc_->values[ptr] = pos();
    if (i_ >= s_.size()) fail("unexpected end of the file: expected a value");
    switch (s_[i_]) {
      case '{': return parse_object(ptr, depth);
      case '[': return parse_array(ptr, depth);
      case '"': return parse_string();
      case 't': return literal("true", true);
      case 'f': return literal("false", false);
      case 'n': return literal("null", nullptr);
      default:
        if (s_[i_] == '-' || (s_[i_] >= '0' && s_[i_] <= '9')) return parse_number();
        fail("expected a value, found " + describe_here());
    }
  }

  nlohmann::json literal(std::string_view word, nlohmann::json v) {
    if (s_.substr(i_, word.size()) != word) fail("expected a value, found " + describe_here());
    i_ += word.size();
    return v;
  }

  nlohmann::json parse_object(std::uint64_t ptr, int depth) {
    ++i_;
    nlohmann::json obj = nlohmann::json::object();
    skip_ws();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return obj;
    }
    for (;;) {
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != '"')
        fail("expected a key in double quotes, found " + describe_here());
      const text_position key_pos = pos();
      std::string key = parse_string();
      if (obj.contains(key)) fail_at("duplicate key \"" + key + "\"", key_pos);
      const std::uint64_t child = pointer_hash(ptr, key);
      doc_->keys[child] = key_pos;
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != ':')
        fail("expected ':' after a key, found " + describe_here());
      ++i_;
      obj[key] = parse_value(child, depth + 1);
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return obj;
      }
      fail("expected ',' or '}' in an object, found " + describe_here());
    }
  }

  nlohmann::json parse_array(std::uint64_t ptr, int depth) {
    ++i_;
    nlohmann::json arr = nlohmann::json::array();
    skip_ws();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return arr;
    }
    for (std::size_t n = 0;; ++n) {
      arr.push_back(parse_value(pointer_hash(ptr, std::to_string(n)), depth + 1));
      skip_ws();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return arr;
      }
      fail("expected ',' or ']' in an array, found " + describe_here());
    }
  }

  unsigned hex4() {
    if (i_ + 4 > s_.size()) fail("unexpected end of the file in a \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned>(c - 'A' + 10);
      else
        fail("invalid \\u escape");
    }
    return v;
  }

  // Copies one UTF-8 sequence starting at i_ (the whole text was validated by run()).
  void copy_utf8(std::string& out) {
    const int len = utf8_sequence(s_, i_);
    if (len <= 0) fail("not valid UTF-8 (" + describe_utf8_error(i_) + ")");
    out.append(s_.substr(i_, static_cast<std::size_t>(len)));
    i_ += static_cast<std::size_t>(len);
  }

  std::string parse_string() {
    ++i_;  // the opening quote
    std::string out;
    for (;;) {
      if (i_ >= s_.size()) fail("unexpected end of the file in a string");
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c < 0x20) fail("a control character in a string must be escaped");
      if (c >= 0x80) {
        copy_utf8(out);
        continue;
      }
      if (c != '\\') {
        out += static_cast<char>(c);
        ++i_;
        continue;
      }
      ++i_;
      if (i_ >= s_.size()) fail("unexpected end of the file in a string");
      const char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xd800 && cp <= 0xdbff) {
            if (s_.substr(i_, 2) != "\\u") fail("an unpaired UTF-16 surrogate in a \\u escape");
            i_ += 2;
            const unsigned lo = hex4();
            if (lo < 0xdc00 || lo > 0xdfff) fail("an unpaired UTF-16 surrogate in a \\u escape");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            fail("an unpaired UTF-16 surrogate in a \\u escape");
          }
          utf8_append(out, cp);
          break;
        }
        default: fail(std::string("invalid escape '\\") + e + "' in a string");
      }
    }
  }

  nlohmann::json parse_number() {
    const std::size_t start = i_;
    if (s_[i_] == '-') ++i_;
    auto digits = [&] {
      const std::size_t d = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - d;
    };
    const std::size_t int_start = i_;
    if (digits() == 0) fail("invalid number");
    if (s_[int_start] == '0' && i_ - int_start > 1) fail("a number may not have leading zeros");
    bool is_float = false;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      is_float = true;
      if (digits() == 0) fail("invalid number: expected digits after '.'");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      is_float = true;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (digits() == 0) fail("invalid number: expected digits in the exponent");
    }
    const std::string_view text = s_.substr(start, i_ - start);
    if (!is_float) {
      if (text[0] == '-') {
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        // -0 is the number 0: read as 0 is, so no reader of whole numbers >= 0 refuses it
        // (nor calls it negative) while another takes it.
        if (ec == std::errc() && p == text.data() + text.size())
          return v == 0 ? nlohmann::json(std::uint64_t{0}) : nlohmann::json(v);
      } else {
        std::uint64_t v = 0;
        auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && p == text.data() + text.size()) return v;
      }
    }
    const double d = std::strtod(std::string(text).c_str(), nullptr);
    if (!std::isfinite(d)) fail("the number is too large");
    return d;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::size_t scanned_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  located_json* doc_ = nullptr;
};

}  // namespace

std::uint64_t pointer_hash(std::uint64_t parent, std::string_view token) noexcept {
  // FNV-1a over the token, seeded with the parent and its length, then a 64-bit finalizer
  // (splitmix64's): equal pointers hash alike; distinct ones collide with odds of 2^-64.
  std::uint64_t h = parent ^ (0x9e3779b97f4a7c15ull * (token.size() + 1));
  for (unsigned char c : token) h = (h ^ c) * 0x100000001b3ull;
  return mix64(h);
}

std::string pointer_append(const std::string& pointer, std::string_view token) {
  std::string out = pointer + "/";
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string pointer_append(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

namespace {

// The hash of pointer's every prefix, the whole pointer last: "", "/a", "/a/0", ...
std::vector<std::uint64_t> prefix_hashes(std::string_view pointer) {
  std::vector<std::uint64_t> out{root_pointer_hash};
  std::size_t i = 0;
  while (i < pointer.size() && pointer[i] == '/') {
    const std::size_t end = std::min(pointer.find('/', i + 1), pointer.size());
    std::string token;
    for (std::size_t k = i + 1; k < end; ++k) {
      if (pointer[k] == '~' && k + 1 < end && (pointer[k + 1] == '0' || pointer[k + 1] == '1')) {
        token += pointer[k + 1] == '0' ? '~' : '/';
        ++k;
      } else {
        token += pointer[k];
      }
    }
    out.push_back(pointer_hash(out.back(), token));
    i = end;
  }
  return out;
}

}  // namespace

text_position located_json::at(const std::string& pointer) const {
  const auto hashes = prefix_hashes(pointer);
  for (auto h = hashes.rbegin(); h != hashes.rend(); ++h)
    if (auto it = values.find(*h); it != values.end()) return it->second;
  return {};
}

text_position located_json::key_at(const std::string& pointer) const {
  if (auto it = keys.find(prefix_hashes(pointer).back()); it != keys.end()) return it->second;
  return at(pointer);
}

const value_origin* located_json::origin_of(const std::string& pointer) const {
  if (origins.empty()) return nullptr;
  for (const auto h : prefix_hashes(pointer))
    if (auto it = origins.find(h); it != origins.end()) return &it->second;
  return nullptr;
}

std::variant<located_json, json_error> read_json(std::string_view text) {
  try {
    reader r(text);
    return r.run();
  } catch (const failure& f) {
    return f.error;
  }
}

}  // namespace hotdog::sim
