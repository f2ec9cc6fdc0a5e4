#include "hotdog/sim/model/sampling.hpp"

#include <cmath>

namespace hotdog::sim {

double standard_normal(random_source& r) {
  // Polar rather than Box-Muller: no sin or cos, whose last bits could differ between libms.
  for (;;) {
    const double u = 2 * r.uniform01() - 1;
    const double v = 2 * r.uniform01() - 1;
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * std::log(s) / s);
  }
}

double normal(random_source& r, double mean, double sd) { return mean + sd * standard_normal(r); }

double lognormal(random_source& r, double mean, double sd) {
  // The mean and SD are the values' own; the underlying normal's follow from them.
  const double ratio = sd / mean;
  const double sigma2 = std::log1p(ratio * ratio);
  const double mu = std::log(mean) - sigma2 / 2;
  return std::exp(mu + std::sqrt(sigma2) * standard_normal(r));
}

double gamma(random_source& r, double shape, double mean) {
  const double scale = mean / shape;
  if (shape < 1) {
    // Boosting: Gamma(a) = Gamma(a + 1) * U^(1/a), as Marsaglia and Tsang suggest.
    const double u = 1 - r.uniform01();  // in (0, 1]: no log of 0
    return gamma(r, shape + 1, (shape + 1) * scale) * std::pow(u, 1 / shape);
  }
  const double d = shape - 1.0 / 3;
  const double c = 1 / std::sqrt(9 * d);
  for (;;) {
    double x = 0, v = 0;
    do {
      x = standard_normal(r);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = 1 - r.uniform01();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
    if (std::log(u) < x * x / 2 + d * (1 - v + std::log(v))) return d * v * scale;
  }
}

double erlang(random_source& r, long k, double mean) {
  double sum = 0;
  for (long i = 0; i < k; ++i) sum += r.exponential(mean / static_cast<double>(k));
  return sum;
}

double triangular(random_source& r, double lo, double mode, double hi) {
  if (hi <= lo) return lo;
  const double u = r.uniform01();
  const double cut = (mode - lo) / (hi - lo);
  if (u < cut) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
  return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
}

double weibull(random_source& r, double shape, double scale) {
  return scale * std::pow(-std::log1p(-r.uniform01()), 1 / shape);
}

}  // namespace hotdog::sim
