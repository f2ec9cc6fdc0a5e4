#include "hotdog/json_text.hpp"

#include "hotdog/utf8.hpp"

#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace hotdog {
namespace {

// ---------------------------------------------------------------------------------------------
// Doubles, as nlohmann_json 3.11 prints them (detail/conversions/to_chars.hpp).
//
// nlohmann's digits come from Grisu2, which always round-trips but is not always the shortest
// or the closest decimal (for about 0.1% of doubles it prints a 17th digit, or a different
// last digit, than std::to_chars's shortest form). Traces must not change, so the digit
// generation below is nlohmann's own, ported: it is a slightly modified version of Florian
// Loitsch's reference Grisu2 implementation (MIT license, Copyright (c) 2009 Florian Loitsch;
// nlohmann_json is MIT, Copyright (c) 2013-2022 Niels Lohmann). See Loitsch, "Printing
// Floating-Point Numbers Quickly and Accurately with Integers", PLDI 2010.
// ---------------------------------------------------------------------------------------------

struct diyfp {  // f * 2^e
  std::uint64_t f = 0;
  int e = 0;
};

diyfp sub(diyfp x, diyfp y) noexcept { return {x.f - y.f, x.e}; }

// Returns x * y rounded to the upper 64 bits (ties up), as nlohmann computes it.
diyfp mul(diyfp x, diyfp y) noexcept {
  const std::uint64_t u_lo = x.f & 0xFFFFFFFFu;
  const std::uint64_t u_hi = x.f >> 32u;
  const std::uint64_t v_lo = y.f & 0xFFFFFFFFu;
  const std::uint64_t v_hi = y.f >> 32u;
  const std::uint64_t p0 = u_lo * v_lo;
  const std::uint64_t p1 = u_lo * v_hi;
  const std::uint64_t p2 = u_hi * v_lo;
  const std::uint64_t p3 = u_hi * v_hi;
  std::uint64_t q = (p0 >> 32u) + (p1 & 0xFFFFFFFFu) + (p2 & 0xFFFFFFFFu);
  q += std::uint64_t{1} << 31u;  // round, ties up
  return {p3 + (p2 >> 32u) + (p1 >> 32u) + (q >> 32u), x.e + y.e + 64};
}

diyfp normalize(diyfp x) noexcept {
  while ((x.f >> 63u) == 0) {
    x.f <<= 1u;
    x.e--;
  }
  return x;
}

diyfp normalize_to(diyfp x, int target_exponent) noexcept {
  return {x.f << (x.e - target_exponent), target_exponent};
}

struct boundaries {
  diyfp w, minus, plus;
};

// v > 0 and finite.
boundaries compute_boundaries(double v) noexcept {
  constexpr int precision = 53;
  constexpr int bias = 1023 + (precision - 1);
  constexpr int min_exp = 1 - bias;
  constexpr std::uint64_t hidden_bit = std::uint64_t{1} << (precision - 1);
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  const std::uint64_t e = bits >> (precision - 1);
  const std::uint64_t f = bits & (hidden_bit - 1);
  const diyfp w = e == 0 ? diyfp{f, min_exp} : diyfp{f + hidden_bit, static_cast<int>(e) - bias};
  const bool lower_boundary_is_closer = f == 0 && e > 1;
  const diyfp m_plus{2 * w.f + 1, w.e - 1};
  const diyfp m_minus =
      lower_boundary_is_closer ? diyfp{4 * w.f - 1, w.e - 2} : diyfp{2 * w.f - 1, w.e - 1};
  const diyfp w_plus = normalize(m_plus);
  return {normalize(w), normalize_to(m_minus, w_plus.e), w_plus};
}

constexpr int k_alpha = -60;

struct cached_power {  // f * 2^e ~= 10^k
  std::uint64_t f;
  int e;
  int k;
};

cached_power cached_power_for_binary_exponent(int e) noexcept {
  static constexpr std::array<cached_power, 79> powers = {{
      {0xAB70FE17C79AC6CA, -1060, -300}, {0xFF77B1FCBEBCDC4F, -1034, -292},
      {0xBE5691EF416BD60C, -1007, -284}, {0x8DD01FAD907FFC3C, -980, -276},
      {0xD3515C2831559A83, -954, -268},  {0x9D71AC8FADA6C9B5, -927, -260},
      {0xEA9C227723EE8BCB, -901, -252},  {0xAECC49914078536D, -874, -244},
      {0x823C12795DB6CE57, -847, -236},  {0xC21094364DFB5637, -821, -228},
      {0x9096EA6F3848984F, -794, -220},  {0xD77485CB25823AC7, -768, -212},
      {0xA086CFCD97BF97F4, -741, -204},  {0xEF340A98172AACE5, -715, -196},
      {0xB23867FB2A35B28E, -688, -188},  {0x84C8D4DFD2C63F3B, -661, -180},
      {0xC5DD44271AD3CDBA, -635, -172},  {0x936B9FCEBB25C996, -608, -164},
      {0xDBAC6C247D62A584, -582, -156},  {0xA3AB66580D5FDAF6, -555, -148},
      {0xF3E2F893DEC3F126, -529, -140},  {0xB5B5ADA8AAFF80B8, -502, -132},
      {0x87625F056C7C4A8B, -475, -124},  {0xC9BCFF6034C13053, -449, -116},
      {0x964E858C91BA2655, -422, -108},  {0xDFF9772470297EBD, -396, -100},
      {0xA6DFBD9FB8E5B88F, -369, -92},   {0xF8A95FCF88747D94, -343, -84},
      {0xB94470938FA89BCF, -316, -76},   {0x8A08F0F8BF0F156B, -289, -68},
      {0xCDB02555653131B6, -263, -60},   {0x993FE2C6D07B7FAC, -236, -52},
      {0xE45C10C42A2B3B06, -210, -44},   {0xAA242499697392D3, -183, -36},
      {0xFD87B5F28300CA0E, -157, -28},   {0xBCE5086492111AEB, -130, -20},
      {0x8CBCCC096F5088CC, -103, -12},   {0xD1B71758E219652C, -77, -4},
      {0x9C40000000000000, -50, 4},      {0xE8D4A51000000000, -24, 12},
      {0xAD78EBC5AC620000, 3, 20},       {0x813F3978F8940984, 30, 28},
      {0xC097CE7BC90715B3, 56, 36},      {0x8F7E32CE7BEA5C70, 83, 44},
      {0xD5D238A4ABE98068, 109, 52},     {0x9F4F2726179A2245, 136, 60},
      {0xED63A231D4C4FB27, 162, 68},     {0xB0DE65388CC8ADA8, 189, 76},
      {0x83C7088E1AAB65DB, 216, 84},     {0xC45D1DF942711D9A, 242, 92},
      {0x924D692CA61BE758, 269, 100},    {0xDA01EE641A708DEA, 295, 108},
      {0xA26DA3999AEF774A, 322, 116},    {0xF209787BB47D6B85, 348, 124},
      {0xB454E4A179DD1877, 375, 132},    {0x865B86925B9BC5C2, 402, 140},
      {0xC83553C5C8965D3D, 428, 148},    {0x952AB45CFA97A0B3, 455, 156},
      {0xDE469FBD99A05FE3, 481, 164},    {0xA59BC234DB398C25, 508, 172},
      {0xF6C69A72A3989F5C, 534, 180},    {0xB7DCBF5354E9BECE, 561, 188},
      {0x88FCF317F22241E2, 588, 196},    {0xCC20CE9BD35C78A5, 614, 204},
      {0x98165AF37B2153DF, 641, 212},    {0xE2A0B5DC971F303A, 667, 220},
      {0xA8D9D1535CE3B396, 694, 228},    {0xFB9B7CD9A4A7443C, 720, 236},
      {0xBB764C4CA7A44410, 747, 244},    {0x8BAB8EEFB6409C1A, 774, 252},
      {0xD01FEF10A657842C, 800, 260},    {0x9B10A4E5E9913129, 827, 268},
      {0xE7109BFBA19C0C9D, 853, 276},    {0xAC2820D9623BF429, 880, 284},
      {0x80444B5E7AA7CF85, 907, 292},    {0xBF21E44003ACDD2D, 933, 300},
      {0x8E679C2F5E44FF8F, 960, 308},    {0xD433179D9C8CB841, 986, 316},
      {0x9E19DB92B4E31BA9, 1013, 324},
  }};
  constexpr int min_dec_exp = -300;
  constexpr int dec_step = 8;
  // k = ceil((alpha - e - 1) * log10(2)), with log10(2) ~= 78913 / 2^18.
  const int f = k_alpha - e - 1;
  const int k = (f * 78913) / (1 << 18) + static_cast<int>(f > 0);
  const int index = (-min_dec_exp + k + (dec_step - 1)) / dec_step;
  return powers[static_cast<std::size_t>(index)];
}

// Returns k such that pow10 = 10^(k-1) <= n < 10^k.
int find_largest_pow10(std::uint32_t n, std::uint32_t& pow10) noexcept {
  int k = 10;
  pow10 = 1000000000;
  while (k > 1 && n < pow10) {
    pow10 /= 10;
    --k;
  }
  return k;
}

void grisu2_round(char* buf, int len, std::uint64_t dist, std::uint64_t delta, std::uint64_t rest,
                  std::uint64_t ten_k) noexcept {
  while (rest < dist && delta - rest >= ten_k &&
         (rest + ten_k < dist || dist - rest > rest + ten_k - dist)) {
    buf[len - 1]--;
    rest += ten_k;
  }
}

void grisu2_digit_gen(char* buffer, int& length, int& decimal_exponent, diyfp m_minus, diyfp w,
                      diyfp m_plus) noexcept {
  std::uint64_t delta = sub(m_plus, m_minus).f;
  std::uint64_t dist = sub(m_plus, w).f;
  const diyfp one{std::uint64_t{1} << -m_plus.e, m_plus.e};
  auto p1 = static_cast<std::uint32_t>(m_plus.f >> -one.e);
  std::uint64_t p2 = m_plus.f & (one.f - 1);

  std::uint32_t pow10 = 0;
  int n = find_largest_pow10(p1, pow10);
  while (n > 0) {
    const std::uint32_t d = p1 / pow10;
    const std::uint32_t r = p1 % pow10;
    buffer[length++] = static_cast<char>('0' + d);
    p1 = r;
    n--;
    const std::uint64_t rest = (std::uint64_t{p1} << -one.e) + p2;
    if (rest <= delta) {
      decimal_exponent += n;
      grisu2_round(buffer, length, dist, delta, rest, std::uint64_t{pow10} << -one.e);
      return;
    }
    pow10 /= 10;
  }

  int m = 0;
  for (;;) {
    p2 *= 10;
    const std::uint64_t d = p2 >> -one.e;
    const std::uint64_t r = p2 & (one.f - 1);
    buffer[length++] = static_cast<char>('0' + d);
    p2 = r;
    m++;
    delta *= 10;
    dist *= 10;
    if (p2 <= delta) break;
  }
  decimal_exponent -= m;
  grisu2_round(buffer, length, dist, delta, p2, one.f);
}

// v = buf * 10^decimal_exponent, len digits; v > 0 and finite.
void grisu2(char* buf, int& len, int& decimal_exponent, double v) noexcept {
  const boundaries b = compute_boundaries(v);
  const cached_power cached = cached_power_for_binary_exponent(b.plus.e);
  const diyfp c_minus_k{cached.f, cached.e};
  const diyfp w = mul(b.w, c_minus_k);
  const diyfp w_minus = mul(b.minus, c_minus_k);
  const diyfp w_plus = mul(b.plus, c_minus_k);
  decimal_exponent = -cached.k;
  grisu2_digit_gen(buf, len, decimal_exponent, {w_minus.f + 1, w_minus.e}, w,
                   {w_plus.f - 1, w_plus.e});
}

void append_escaped(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < s.size()) {
    const utf8_char ch = utf8_read(s, i);
    if (ch.length != 1) {
      // A well-formed sequence is copied as it is; an ill-formed one's maximal subpart is
      // one U+FFFD, and the byte that broke it off is read again as what follows.
      if (ch.length > 1)
        out.append(s.substr(i, static_cast<std::size_t>(ch.length)));
      else
        utf8_append(out, utf8_replacement);
      i += ch.advance();
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i++]);
    switch (c) {
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c <= 0x1F) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

}  // namespace

void append_json_quoted(std::string& out, std::string_view s) {
  // Nearly every string in a trace (names, kinds, keys) is plain ASCII that needs no
  // escaping: one scan, then one append.
  bool plain = true;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    plain &= c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
  }
  out += '"';
  if (plain)
    out.append(s);
  else
    append_escaped(out, s);
  out += '"';
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_quoted(out, s);
  return out;
}

void append_json_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  if (std::signbit(v)) {
    out += '-';
    v = -v;
  }
  if (v == 0) {
    out += "0.0";
    return;
  }
  char digits[32];
  int len = 0;
  int exponent = 0;
  grisu2(digits, len, exponent, v);
  const std::string_view d(digits, static_cast<std::size_t>(len));
  constexpr int min_exp = -4;
  constexpr int max_exp = std::numeric_limits<double>::digits10;  // 15
  const int n = len + exponent;
  if (len <= n && n <= max_exp) {
    out += d;
    out.append(static_cast<std::size_t>(n - len), '0');
    out += ".0";
  } else if (0 < n && n <= max_exp) {
    out += d.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += d.substr(static_cast<std::size_t>(n));
  } else if (min_exp < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += d;
  } else {
    out += d[0];
    if (len > 1) {
      out += '.';
      out += d.substr(1);
    }
    int e = n - 1;
    out += 'e';
    out += e < 0 ? '-' : '+';
    if (e < 0) e = -e;
    if (e < 10) out += '0';
    char buf[8];
    const auto end = std::to_chars(buf, buf + sizeof buf, e).ptr;
    out.append(buf, end);
  }
}

}  // namespace hotdog
