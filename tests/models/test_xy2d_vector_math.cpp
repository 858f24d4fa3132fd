// The polynomial sin/cos, atan2 and exp of models/xy2d/vector_math.hpp against double
// precision std:: over dense grids, with the bounds the header states.
#define BOOST_TEST_MODULE xy2d_vector_math
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "models/xy2d/vector_math.hpp"

using namespace phaselearn::models::xy2d;

BOOST_AUTO_TEST_CASE(sincos_within_2p5e_7_on_four_turns_either_way) {
  double worst_s = 0, worst_c = 0;
  const int n = 1 << 22;
  const double lo = -4 * M_PI, hi = 4 * M_PI;
  for (int i = 0; i < n; i += lanes) {
    f32v x;
    for (int j = 0; j < lanes; ++j) x[j] = float(lo + (hi - lo) * (i + j) / n);
    const SinCos sc = sincos(x);
    for (int j = 0; j < lanes; ++j) {
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
    for (int k = 0; k <= n; k += lanes) {
      f32v x, y;
      for (int j = 0; j < lanes; ++j) {
        y[j] = float(-3.0 + 6.0 * i / n);
        x[j] = float(-3.0 + 6.0 * std::min(k + j, n) / n);
      }
      const f32v a = atan2(y, x);
      for (int j = 0; j < lanes; ++j) {
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

BOOST_AUTO_TEST_CASE(exp_within_2p5e_7_relative_and_clamped_outside) {
  // 2^22 points of [-20, 0].
  double worst = 0;
  const int n = 1 << 22;
  for (int i = 0; i < n; i += lanes) {
    f32v z;
    for (int j = 0; j < lanes; ++j) z[j] = float(-20.0 * (i + j) / (n - 1));
    const f32v e = exp_clamped(z);
    for (int j = 0; j < lanes; ++j) {
      const double exact = std::exp(double(z[j]));
      worst = std::max(worst, std::abs(double(e[j]) - exact) / exact);
    }
  }
  // Around each reduction boundary (n + 1/2) ln 2, 256 floats either side, and near 0.
  for (int k = 0; k < 29; ++k) {
    float z = float(-(k + 0.5) * M_LN2);
    for (int i = 0; i < 256; ++i) z = std::nextafter(z, 0.0f);
    for (int i = 0; i < 512; ++i, z = std::nextafter(z, -30.0f)) {
      const double exact = std::exp(double(z));
      worst = std::max(worst, std::abs(double(exp_clamped(broadcast(z))[0]) - exact) / exact);
    }
  }
  for (float z : {-0.0f, -1e-30f, -1e-10f, -1e-7f, -1e-4f}) {
    const double exact = std::exp(double(z));
    worst = std::max(worst, std::abs(double(exp_clamped(broadcast(z))[0]) - exact) / exact);
  }
  BOOST_TEST_MESSAGE("exp worst relative error: " << worst);
  BOOST_TEST(worst <= 2.5e-7);
  // Outside [-20, 0]: 1 above (never below a uniform's largest value 1 - 2^-24), e^-20
  // below (under its smallest, 2^-24).
  for (float z : {1e-30f, 0.5f, 30.0f}) BOOST_TEST(exp_clamped(broadcast(z))[0] == 1.0f);
  for (float z : {-20.5f, -100.0f, -1e30f})
    BOOST_TEST(exp_clamped(broadcast(z))[0] == exp_clamped(broadcast(-20.0f))[0]);
  BOOST_TEST(double(exp_clamped(broadcast(-20.0f))[0]) < 0x1.0p-24);
  BOOST_TEST(double(uniform_open(u32v{} + 0xffffffffu)[0]) == 1 - 0x1.0p-24);
  BOOST_TEST(double(uniform_open(u32v{})[0]) == 0x1.0p-24);
}

BOOST_AUTO_TEST_CASE(wrap_angle_lands_in_zero_to_two_pi_f) {
  for (float a : {-6.2831853f, -1e-9f, -0.0f, 0.0f, 3.0f, 6.2831850f, 6.2831855f, 6.2831860f,
                  12.5f, -1e-30f}) {
    const float w = wrap_angle(broadcast(a))[0];
    BOOST_TEST((w >= 0.0f && w < two_pi_f), a << " -> " << w);
  }
}
