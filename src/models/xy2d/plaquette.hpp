#pragma once
// The vortex content of one plaquette, shared by the sampler's measurement and the VAE's
// energy callback so that both count vortices the same way.
#include <cmath>
#include <numbers>

namespace phaselearn::models {

// |winding number| of the plaquette a -> b -> d -> e -> a (angles in radians, counter-
// clockwise): each difference is wrapped to [-pi, pi], their sum is 2 pi times the winding.
inline double plaquette_vorticity(double a, double b, double d, double e) {
  constexpr double two_pi = 2 * std::numbers::pi;
  const auto wrapped = [](double x) { return x - two_pi * std::nearbyint(x / two_pi); };
  const double w = wrapped(b - a) + wrapped(d - b) + wrapped(e - d) + wrapped(a - e);
  return std::abs(std::nearbyint(w / two_pi));
}

}  // namespace phaselearn::models
