// The distributions a duration may be drawn from: each sampler checked by its mean, variance
// and Kolmogorov-Smirnov statistic over 10^5 draws, and bad parameters refused at load.
#include <hotdog/sim/model/sampling.hpp>

#include <hotdog/sim/load/load.hpp>
#include <hotdog/sim/load/scenario_writer.hpp>
#include <hotdog/sim/model/duration.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace hotdog;
using namespace hotdog::sim;

namespace {

constexpr int draws = 100'000;
// The Kolmogorov-Smirnov statistic's 99% bound for n draws (asymptotic: 1.6276 / sqrt(n)).
const double ks_bound = 1.6276 / std::sqrt(static_cast<double>(draws));

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// The regularized lower incomplete gamma function P(a, x), by its series (test sizes only).
double gamma_p(double a, double x) {
  if (x <= 0) return 0;
  double term = 1 / a, sum = term;
  for (int n = 1; n < 100'000 && term > sum * 1e-16; ++n) {
    term *= x / (a + n);
    sum += term;
  }
  return std::min(1.0, sum * std::exp(-x + a * std::log(x) - std::lgamma(a)));
}

struct moments {
  double mean = 0, variance = 0;
};

moments moments_of(const std::vector<double>& xs) {
  moments m;
  for (double x : xs) m.mean += x;
  m.mean /= static_cast<double>(xs.size());
  for (double x : xs) m.variance += (x - m.mean) * (x - m.mean);
  m.variance /= static_cast<double>(xs.size() - 1);
  return m;
}

// sup |F_n(x) - F(x)| over the sorted draws.
double ks_statistic(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

std::vector<double> sample(const std::function<double(random_source&)>& draw) {
  prng r(20);
  std::vector<double> xs(draws);
  for (double& x : xs) x = draw(r);
  return xs;
}

// The draws' mean and variance are within 4% of the theory's; their KS statistic within the
// 99% bound.
void check(const std::vector<double>& xs, double mean, double variance,
           const std::function<double(double)>& cdf) {
  const moments m = moments_of(xs);
  CHECK(m.mean == Approx(mean).epsilon(0.04));
  CHECK(m.variance == Approx(variance).epsilon(0.04));
  CHECK(ks_statistic(xs, cdf) < ks_bound);
}

std::vector<std::string> load_errors(const std::string& serve_time) {
  auto r = load_scenario(R"({"hotdog": 1, "processes": [{"name": "m", "kind": "machine",
    "serve_time": )" + serve_time +
                             "}]}",
                         "s.json");
  std::vector<std::string> out;
  for (const auto& d : r.errors()) out.push_back(d.to_string());
  return out;
}

duration_spec loaded(const std::string& serve_time) {
  auto r = load_scenario(R"({"hotdog": 1, "processes": [{"name": "m", "kind": "machine",
    "serve_time": )" + serve_time +
                             "}]}",
                         "s.json");
  for (const auto& d : r.errors()) FAIL(d.to_string());
  return *std::get<machine_spec>(r->processes[0].body).serve_time;
}

}  // namespace

TEST_CASE("each sampler has its distribution's mean, variance and shape", "[distributions]") {
  SECTION("normal") {
    check(sample([](random_source& r) { return normal(r, 1000, 200); }), 1000, 200.0 * 200,
          [](double x) { return normal_cdf((x - 1000) / 200); });
  }
  SECTION("lognormal: MEAN and SD are the values' own") {
    const double sigma2 = std::log1p(0.25), mu = std::log(1000.0) - sigma2 / 2;
    check(
        sample([](random_source& r) { return lognormal(r, 1000, 500); }), 1000, 500.0 * 500,
        [=](double x) { return x <= 0 ? 0 : normal_cdf((std::log(x) - mu) / std::sqrt(sigma2)); });
  }
  SECTION("erlang") {
    // K = 3 stages of mean 1000/3: variance K * (MEAN/K)^2.
    const double rate = 3 / 1000.0;
    check(sample([](random_source& r) { return erlang(r, 3, 1000); }), 1000, 1000.0 * 1000 / 3,
          [=](double x) {
            const double y = rate * x;
            return 1 - std::exp(-y) * (1 + y + y * y / 2);
          });
  }
  SECTION("gamma, shape above and below 1") {
    for (double shape : {2.5, 0.5}) {
      INFO("shape " << shape);
      const double scale = 1000 / shape;
      check(sample([=](random_source& r) { return gamma(r, shape, 1000); }), 1000,
            shape * scale * scale, [=](double x) { return gamma_p(shape, x / scale); });
    }
  }
  SECTION("triangular") {
    const double a = 100, c = 300, b = 1000;
    check(sample([=](random_source& r) { return triangular(r, a, c, b); }), (a + b + c) / 3,
          (a * a + b * b + c * c - a * b - a * c - b * c) / 18, [=](double x) {
            if (x <= a) return 0.0;
            if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
            if (x < b) return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
            return 1.0;
          });
  }
  SECTION("weibull") {
    const double k = 1.5, lambda = 1000;
    const double g1 = std::tgamma(1 + 1 / k), g2 = std::tgamma(1 + 2 / k);
    check(sample([=](random_source& r) { return weibull(r, k, lambda); }), lambda * g1,
          lambda * lambda * (g2 - g1 * g1),
          [=](double x) { return x <= 0 ? 0 : 1 - std::exp(-std::pow(x / lambda, k)); });
  }
}

TEST_CASE("a random duration is whole ms and never negative", "[distributions]") {
  prng r(3);
  SECTION("normal is redrawn while below 0") {
    const duration_spec d = loaded(R"({"normal": [100, 200]})");
    bool any_zero = false;
    for (int i = 0; i < 10'000; ++i) {
      const std::int64_t x = d.draw(r);
      REQUIRE(x >= 0);
      any_zero |= x == 0;
    }
    CHECK(any_zero);  // values just above 0 round to 0
  }
  SECTION("every kind, as loaded") {
    for (const char* text : {R"({"normal": ["1s", 300]})", R"({"lognormal": [1000, 2000]})",
                             R"({"erlang": [4, "2s"]})", R"({"gamma": [0.3, 500]})",
                             R"({"triangular": [0, 0, 10]})", R"({"weibull": [0.5, 100.5]})",
                             R"({"choose": ["1s", 5]})", R"({"empirical": [[1, 0], [2, 3]]})"}) {
      INFO(text);
      const duration_spec d = loaded(text);
      for (int i = 0; i < 1000; ++i) REQUIRE(d.draw(r) >= 0);
    }
  }
}

TEST_CASE("choose and empirical draw their values in proportion", "[distributions]") {
  prng r(5);
  // empirical [[100, 1], [200, 3], [400, 0]]: P = 1/4, 3/4, 0; the KS statistic of a discrete
  // distribution is the largest gap between the frequencies and the probabilities, summed.
  const duration_spec e = loaded(R"({"empirical": [["100ms", 1], [200, 3], [400, 0]]})");
  const duration_spec c = loaded(R"({"choose": [100, 200, "0.4s"]})");
  std::vector<double> xs, ys;
  for (int i = 0; i < draws; ++i) {
    xs.push_back(static_cast<double>(e.draw(r)));
    ys.push_back(static_cast<double>(c.draw(r)));
  }
  const auto step = [](std::vector<std::pair<double, double>> pmf) {
    return [pmf](double x) {
      double f = 0;
      for (const auto& [v, p] : pmf)
        if (v <= x) f += p;
      return f;
    };
  };
  const moments me = moments_of(xs), mc = moments_of(ys);
  CHECK(me.mean == Approx(175).epsilon(0.01));
  CHECK(me.variance == Approx(1875).epsilon(0.04));  // 0.25*75^2 + 0.75*25^2
  CHECK(mc.mean == Approx(700.0 / 3).epsilon(0.01));
  CHECK(mc.variance == Approx(15555.6).epsilon(0.04));
  // At a step the draws' CDF jumps with the theory's: compare just past each value.
  const auto ks_steps = [](const std::vector<double>& v, auto cdf, std::vector<double> at) {
    double d = 0;
    for (double x : at) {
      const double below =
          static_cast<double>(std::count_if(v.begin(), v.end(), [x](double y) { return y <= x; }));
      d = std::max(d, std::abs(below / static_cast<double>(v.size()) - cdf(x)));
    }
    return d;
  };
  CHECK(ks_steps(xs, step({{100, 0.25}, {200, 0.75}}), {100, 200, 400}) < ks_bound);
  CHECK(ks_steps(ys, step({{100, 1 / 3.0}, {200, 1 / 3.0}, {400, 1 / 3.0}}), {100, 200, 400}) <
        ks_bound);
}

TEST_CASE("bad distribution parameters are load errors", "[distributions][load]") {
  const auto one = [](const std::string& text) {
    const auto errors = load_errors(text);
    REQUIRE(errors.size() == 1);
    return errors[0];
  };
  CHECK_THAT(one(R"({"normal": [1000, -5]})"),
             Catch::Contains("\"normal\": SD may not be negative, got -5"));
  CHECK_THAT(one(R"({"lognormal": [1000, -0.5]})"),
             Catch::Contains("\"lognormal\": SD may not be negative"));
  CHECK_THAT(one(R"({"triangular": [10, 50, 20]})"),
             Catch::Contains("\"triangular\": MODE is outside [MIN, MAX]"));
  CHECK_THAT(one(R"({"triangular": [30, 20, 10]})"),
             Catch::Contains("\"triangular\": MIN is greater than MAX"));
  CHECK_THAT(one(R"({"empirical": [[10, 0], [20, 0]]})"), Catch::Contains("the weights sum to 0"));
  CHECK_THAT(one(R"({"empirical": [[10, 1e308], [20, 1e308]]})"),
             Catch::Contains("the weights sum past the largest number"));
  CHECK_THAT(one(R"({"empirical": [[10, -1], [20, 2]]})"),
             Catch::Contains("WEIGHT must be a number >= 0"));
  CHECK_THAT(one(R"({"erlang": [0, 1000]})"), Catch::Contains("K must be a whole number"));
  CHECK_THAT(one(R"({"erlang": [2.5, 1000]})"),
             Catch::Contains("K must be a whole number from 1 to 10000, not a number 2.5"));
  CHECK_THAT(one(R"({"erlang": [10001, 1000]})"), Catch::Contains("K must be a whole number"));
  CHECK_THAT(one(R"({"erlang": [18446744073709551615, 1000]})"),
             Catch::Contains("K must be a whole number"));
  CHECK_THAT(one(R"({"gamma": [0, 1000]})"),
             Catch::Contains("SHAPE must be a number greater than 0"));
  CHECK_THAT(one(R"({"weibull": [1.5]})"), Catch::Contains("\"weibull\" takes [SHAPE, SCALE]"));
  CHECK_THAT(one(R"({"choose": []})"), Catch::Contains("\"choose\" takes [D, ...]"));
  CHECK_THAT(one(R"({"lognormal": [0, 10]})"), Catch::Contains("MEAN must be greater than 0"));
  SECTION("a misspelt name gets a did-you-mean, located at the key") {
    const std::string e = one(R"({"wiebull": [1.5, 1000]})");
    CHECK_THAT(e, Catch::StartsWith("s.json:2:20: error: "));
    CHECK_THAT(e, Catch::Contains("unknown distribution \"wiebull\"; did you mean \"weibull\"?"));
    CHECK_THAT(one(R"({"lognormal": [1, 2], "normal": [1, 2]})"),
               Catch::Contains("a random duration is an object with one key"));
  }
}

TEST_CASE("an erlang K written with a point is whole, as every count is", "[distributions][load]") {
  // 2.0 is 2: the same distribution, so the same draws from the same stream.
  const duration_spec with_point = loaded(R"({"erlang": [2.0, 1000]})");
  const duration_spec plain = loaded(R"({"erlang": [2, 1000]})");
  prng a(11), b(11);
  for (int i = 0; i < 1000; ++i) REQUIRE(with_point.draw(a) == plain.draw(b));
  CHECK(load_errors(R"({"erlang": [1e4, 1000]})").empty());
}

TEST_CASE("a scenario written back keeps its distributions", "[distributions][load]") {
  for (const char* text :
       {R"({"normal": [1500, 250.5]})", R"({"erlang": [3, 900]})", R"({"triangular": [0, 1, 2.5]})",
        R"({"choose": [1000, 2500]})", R"({"empirical": [[1000, 1], [2000, 0.5]]})"}) {
    INFO(text);
    auto first = load_scenario(R"({"hotdog": 1, "processes": [{"name": "m", "kind": "machine",
      "serve_time": )" + std::string(text) +
                                   "}]}",
                               "s.json");
    REQUIRE(first.errors().empty());
    const std::string written = scenario_json(*first);
    auto again = load_scenario(written, "w.json");
    REQUIRE(again.errors().empty());
    CHECK(scenario_json(*again) == written);
    // The same stream draws the same durations from both.
    const duration_spec& d1 = *std::get<machine_spec>(first->processes[0].body).serve_time;
    const duration_spec& d2 = *std::get<machine_spec>(again->processes[0].body).serve_time;
    prng a(9), b(9);
    for (int i = 0; i < 100; ++i) REQUIRE(d1.draw(a) == d2.draw(b));
  }
}
