// The polynomial sin/cos, rotation, atan2 and exp2 of models/xy2d/vector_math.hpp against
// double precision std:: over dense grids, with the bounds the header states, and the
// renormalisation that holds the spins' norm at one.
#define BOOST_TEST_MODULE xy2d_vector_math
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "models/xy2d/vector_math.hpp"

using namespace phaselearn::models::xy2d;

BOOST_AUTO_TEST_CASE(sincos_within_2p5e_7_on_four_turns_either_way) {
  double worst_s = 0, worst_c = 0;
  const int n = 1 << 22;
  const double lo = -4 * M_PI, hi = 4 * M_PI;
  for (int i = 0; i < n; i += width) {
    f32v x;
    for (int j = 0; j < width; ++j) x[j] = float(lo + (hi - lo) * (i + j) / n);
    const SinCos sc = sincos(x);
    for (int j = 0; j < width; ++j) {
      worst_s = std::max(worst_s, std::abs(double(sc.sin[j]) - std::sin(double(x[j]))));
      worst_c = std::max(worst_c, std::abs(double(sc.cos[j]) - std::cos(double(x[j]))));
    }
  }
  // Every float in [2pi_f - 2^-10, 2pi_f) and [0, 2^-10] with its nearest neighbours:
  // where the quadrant reduction ends and the wrap lands.
  for (float x = two_pi_f - 0x1.0p-10f; x < two_pi_f; x = std::nextafter(x, 7.0f)) {
    for (float v : {x, two_pi_f - x}) {
      const SinCos sc = sincos(broadcast(v));
      worst_s = std::max(worst_s, std::abs(double(sc.sin[0]) - std::sin(double(v))));
      worst_c = std::max(worst_c, std::abs(double(sc.cos[0]) - std::cos(double(v))));
    }
  }
  BOOST_TEST_MESSAGE("sincos worst error: sin " << worst_s << ", cos " << worst_c);
  BOOST_TEST(worst_s <= 2.5e-7);
  BOOST_TEST(worst_c <= 2.5e-7);
}

BOOST_AUTO_TEST_CASE(atan2_within_4e_7_everywhere) {
  double worst = 0;
  const int n = 2048;
  for (int i = 0; i <= n; ++i)
    for (int k = 0; k <= n; k += width) {
      f32v x, y;
      for (int j = 0; j < width; ++j) {
        y[j] = float(-3.0 + 6.0 * i / n);
        x[j] = float(-3.0 + 6.0 * std::min(k + j, n) / n);
      }
      const f32v a = atan2(y, x);
      for (int j = 0; j < width; ++j) {
        double exact = std::atan2(double(y[j]), double(x[j]));
        double d = std::abs(double(a[j]) - exact);
        if (std::abs(d - 2 * M_PI) < 1e-3) d = std::abs(d - 2 * M_PI);  // -pi vs pi on y = 0
        worst = std::max(worst, d);
      }
    }
  // Tiny and huge ratios, and the four axes.
  for (float y : {1e-30f, -1e-30f, 1e30f, -1e30f, 0.0f, 1.0f, -1.0f})
    for (float x : {1e-30f, -1e-30f, 1e30f, -1e30f, 0.0f, 1.0f, -1.0f}) {
      const double exact = (x == 0 && y == 0) ? 0.0 : std::atan2(double(y), double(x));
      const double got = atan2(broadcast(y), broadcast(x))[0];
      worst = std::max(worst, std::abs(got - exact));
    }
  BOOST_TEST_MESSAGE("atan2 worst error: " << worst);
  BOOST_TEST(worst <= 4e-7);
}

BOOST_AUTO_TEST_CASE(exp2_within_2p5e_7_relative_and_clamped_outside) {
  // 2^22 points of [-30, 0].
  double worst = 0;
  const int n = 1 << 22;
  for (int i = 0; i < n; i += width) {
    f32v w;
    for (int j = 0; j < width; ++j) w[j] = float(-30.0 * (i + j) / (n - 1));
    const f32v e = exp2_clamped(w);
    for (int j = 0; j < width; ++j) {
      const double exact = std::exp2(double(w[j]));
      worst = std::max(worst, std::abs(double(e[j]) - exact) / exact);
    }
  }
  // Around each reduction boundary n + 1/2, 256 floats either side, and near 0.
  for (int k = 0; k < 30; ++k) {
    float w = float(-(k + 0.5));
    for (int i = 0; i < 256; ++i) w = std::nextafter(w, 0.0f);
    for (int i = 0; i < 512; ++i, w = std::nextafter(w, -40.0f)) {
      const double exact = std::exp2(double(w));
      worst = std::max(worst, std::abs(double(exp2_clamped(broadcast(w))[0]) - exact) / exact);
    }
  }
  for (float w : {-0.0f, -1e-30f, -1e-10f, -1e-7f, -1e-4f}) {
    const double exact = std::exp2(double(w));
    worst = std::max(worst, std::abs(double(exp2_clamped(broadcast(w))[0]) - exact) / exact);
  }
  BOOST_TEST_MESSAGE("exp2 worst relative error: " << worst);
  BOOST_TEST(worst <= 2.5e-7);
  // The scale 2^E is exact.
  for (float w : {-0.3f, -7.7f, -29.5f})
    BOOST_TEST(exp2_clamped<20>(broadcast(w))[0] == exp2_clamped(broadcast(w))[0] * 0x1.0p20f);
  // Outside [-30, 0]: 1 above (never below a uniform's largest value 1 - 2^-24), 2^-30
  // below (under the smallest of a 24-bit uniform, 2^-25).
  for (float w : {1e-30f, 0.5f, 30.0f}) BOOST_TEST(exp2_clamped(broadcast(w))[0] == 1.0f);
  for (float w : {-30.5f, -100.0f, -1e30f})
    BOOST_TEST(exp2_clamped(broadcast(w))[0] == exp2_clamped(broadcast(-30.0f))[0]);
  BOOST_TEST(double(exp2_clamped(broadcast(-30.0f))[0]) < 0x1.0p-25);
  BOOST_TEST(double(uniform_open(u32v{} + 0xffffffffu)[0]) == 1 - 0x1.0p-24);
  BOOST_TEST(double(uniform_open(u32v{})[0]) == 0x1.0p-24);
  // The Metropolis uniform: (k + 1/2) 2^-20, k the low 20 bits.
  BOOST_TEST(double(uniform_low20_scaled(u32v{} + 0xfff00000u)[0]) == 0.5);
  BOOST_TEST(double(uniform_low20_scaled(u32v{} + 0x000fffffu)[0]) == 0x1.0p20 - 0.5);
}

BOOST_AUTO_TEST_CASE(rotation_within_4e_7_and_exactly_symmetric) {
  double worst = 0, worst_norm = 0;
  const int n = 1 << 22;
  for (int i = 0; i <= n; i += width) {
    f32v x;
    for (int j = 0; j < width; ++j) x[j] = float(-M_PI / 2 + M_PI * std::min(i + j, n) / n);
    const SinCos r = rotation(x), back = rotation(-x);
    for (int j = 0; j < width; ++j) {
      const double d = 2 * double(x[j]);
      worst = std::max({worst, std::abs(double(r.cos[j]) - std::cos(d)),
                        std::abs(double(r.sin[j]) - std::sin(d))});
      worst_norm = std::max(worst_norm, std::abs(std::hypot(double(r.cos[j]), double(r.sin[j])) - 1));
      // The reverse proposal, bitwise.
      BOOST_TEST_REQUIRE(back.cos[j] == r.cos[j]);
      BOOST_TEST_REQUIRE(back.sin[j] == -r.sin[j]);
    }
  }
  BOOST_TEST_MESSAGE("rotation worst error " << worst << ", worst |norm - 1| " << worst_norm);
  BOOST_TEST(worst <= 4e-7);
}

BOOST_AUTO_TEST_CASE(renormalise_holds_the_norm_at_one) {
  // One step from |norm^2 - 1| = e leaves at most e^2 + 3e-7; repeated rotations by
  // slightly wrong unit vectors (the drift of a long chain) stay within 3e-7.
  for (double e : {1e-3, 1e-4, 1e-6, -1e-6, -1e-4, -1e-3}) {
    f32v c, s;
    for (int j = 0; j < width; ++j) {
      const double a = 0.37 * j, r = std::sqrt(1 + e);
      c[j] = float(r * std::cos(a)), s[j] = float(r * std::sin(a));
    }
    renormalise(c, s);
    for (int j = 0; j < width; ++j) {
      const double n2 = double(c[j]) * c[j] + double(s[j]) * s[j];
      BOOST_TEST(std::abs(n2 - 1) <= e * e + 3e-7, "e=" << e << ": " << n2 - 1);
    }
  }
  f32v c = broadcast(1), s = broadcast(0);
  double worst = 0;
  for (int k = 0; k < 1000000; ++k) {
    const SinCos r = rotation(broadcast(0.3f + 1e-7f * float(k % 7)));
    const f32v nc = c * r.cos - s * r.sin;
    s = s * r.cos + c * r.sin;
    c = nc;
    renormalise(c, s);
    for (int j = 0; j < 1; ++j)
      worst = std::max(worst, std::abs(double(c[j]) * c[j] + double(s[j]) * s[j] - 1));
  }
  BOOST_TEST_MESSAGE("|norm^2 - 1| over 10^6 rotations: " << worst);
  BOOST_TEST(worst <= 3e-7);
}

BOOST_AUTO_TEST_CASE(wrap_angle_lands_in_zero_to_two_pi_f) {
  for (float a : {-6.2831853f, -1e-9f, -0.0f, 0.0f, 3.0f, 6.2831850f, 6.2831855f, 6.2831860f,
                  12.5f, -1e-30f}) {
    const float w = wrap_angle(broadcast(a))[0];
    BOOST_TEST((w >= 0.0f && w < two_pi_f), a << " -> " << w);
  }
}
