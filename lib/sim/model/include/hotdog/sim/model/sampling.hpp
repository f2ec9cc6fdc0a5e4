#pragma once
/// @file sampling.hpp
/// The continuous distributions a modeller draws service and arrival times from, each a
/// sampler on hotdog's own random_source. std::*_distribution differ between standard
/// libraries, and a trace must not, so these use only uniform01() and <cmath>.

#include "hotdog/random.hpp"

namespace hotdog::sim {

/// A standard normal draw (Marsaglia's polar method; the pair's second value is dropped, so
/// a draw depends on nothing but the stream).
double standard_normal(random_source& r);
/// A normal draw of mean `mean` and standard deviation `sd` (>= 0).
double normal(random_source& r, double mean, double sd);
/// A lognormal draw whose values have mean `mean` (> 0) and standard deviation `sd` (>= 0).
double lognormal(random_source& r, double mean, double sd);
/// A gamma draw of shape `shape` (> 0) and mean `mean` (Marsaglia and Tsang, 2000).
double gamma(random_source& r, double shape, double mean);
/// An Erlang draw: the sum of k (>= 1) exponential draws of mean mean / k.
double erlang(random_source& r, long k, double mean);
/// A triangular draw on [lo, hi] with its peak at mode (inverse transform).
double triangular(random_source& r, double lo, double mode, double hi);
/// A Weibull draw of shape `shape` (> 0) and scale `scale` (inverse transform).
double weibull(random_source& r, double shape, double scale);

}  // namespace hotdog::sim
