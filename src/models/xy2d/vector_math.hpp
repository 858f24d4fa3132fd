#pragma once
// Eight-lane float32 sin/cos, atan2 and log as polynomials (GCC vector extensions: one
// AVX2 register with -march=native, plain code otherwise). The XY kernels need one
// sincos per proposal and a log per acceptance; libm's scalar calls cost ~20 ns each.
//
// Error bounds (absolute, against double-precision std::, tested in tests/models/
// test_xy2d_vector_math.cpp over dense grids):
//   sincos(x), |x| <= 4 pi           |error| <= 2.5e-7
//   atan2(y, x), any finite y, x     |error| <= 4.0e-7   (result in [-pi, pi])
//   log(u), u in [2^-24, 1]          |error| <= 2.5e-7 * (1 + |log u|)
// The polynomials are Cephes' single-precision minimax fits (S. Moshier), with the
// Cody-Waite three-part pi/2 for the reduction; no branches, NaN/Inf not handled.
#include <cstdint>

namespace phaselearn::models::xy2d {

typedef float f32x8 __attribute__((vector_size(32)));
typedef std::int32_t i32x8 __attribute__((vector_size(32)));
typedef std::uint32_t u32x8 __attribute__((vector_size(32)));
// Unaligned float vector for loads and stores at any float address (shifted neighbours).
typedef float f32x8u __attribute__((vector_size(32), aligned(4)));

inline constexpr float two_pi_f = 6.28318530717958647692f;  // rounds up: 6.2831855
inline constexpr float pi_f = 3.14159265358979323846f;

inline f32x8 broadcast(float v) { return f32x8{v, v, v, v, v, v, v, v}; }
inline f32x8 select(i32x8 mask, f32x8 a, f32x8 b) {  // mask lanes -1: a, 0: b
  return (f32x8)(((i32x8)a & mask) | ((i32x8)b & ~mask));
}
inline f32x8 load(const float* p) { return *reinterpret_cast<const f32x8u*>(p); }
inline void store(float* p, f32x8 v) { *reinterpret_cast<f32x8u*>(p) = v; }

struct SinCos {
  f32x8 sin, cos;
};

inline SinCos sincos(f32x8 x) {
  // Nearest quadrant j by the 1.5 * 2^23 trick: the low mantissa bits of t are j mod 4.
  constexpr float magic = 12582912.0f;
  const f32x8 t = x * broadcast(0.636619772367581343f) + broadcast(magic);
  const f32x8 j = t - broadcast(magic);
  const i32x8 q = (i32x8)t & 3;
  // r = x - j pi/2 in three parts, exact products for |j| < 2^8.
  f32x8 r = x - j * broadcast(1.5703125f);
  r = r - j * broadcast(4.837512969970703125e-4f);
  r = r - j * broadcast(7.54978995489188216e-8f);
  const f32x8 z = r * r;
  const f32x8 sp =
      r + r * z *
              ((broadcast(-1.9515295891e-4f) * z + broadcast(8.3321608736e-3f)) * z +
               broadcast(-1.6666654611e-1f));
  const f32x8 cp =
      broadcast(1.0f) - broadcast(0.5f) * z +
      z * z *
          ((broadcast(2.443315711809948e-5f) * z + broadcast(-1.388731625493765e-3f)) * z +
           broadcast(4.166664568298827e-2f));
  // Quadrant q: (sin, cos) = (sp, cp), (cp, -sp), (-sp, -cp), (-cp, sp).
  const i32x8 swap = (q & 1) != 0;  // -1 where q is odd
  const f32x8 s0 = select(swap, cp, sp), c0 = select(swap, sp, cp);
  const i32x8 sin_sign = (i32x8)((u32x8)(q & 2) << 30);        // q = 2, 3
  const i32x8 cos_sign = (i32x8)((u32x8)((q + 1) & 2) << 30);  // q = 1, 2
  return {(f32x8)((i32x8)s0 ^ sin_sign), (f32x8)((i32x8)c0 ^ cos_sign)};
}

// atan2(y, x) in [-pi, pi]; atan2(0, 0) = 0. One division: the argument is reduced to
// |t| <= tan(pi/8) as t = min/max or (min - max)/(min + max).
inline f32x8 atan2(f32x8 y, f32x8 x) {
  const i32x8 abs_mask = i32x8{} + 0x7fffffff;
  const f32x8 ax = (f32x8)((i32x8)x & abs_mask), ay = (f32x8)((i32x8)y & abs_mask);
  const i32x8 steep = ay > ax;
  const f32x8 mn = select(steep, ax, ay), mx = select(steep, ay, ax);
  const i32x8 upper = mn > broadcast(0.414213562373095f) * mx;  // min/max > tan(pi/8)
  const f32x8 num = select(upper, mn - mx, mn);
  const f32x8 den0 = select(upper, mn + mx, mx);
  const f32x8 den = select(den0 > broadcast(0.0f), den0, broadcast(1.0f));  // 0/0 -> 0
  const f32x8 t = num / den;
  const f32x8 z = t * t;
  const f32x8 p =
      (((broadcast(8.05374449538e-2f) * z - broadcast(1.38776856032e-1f)) * z +
        broadcast(1.99777106478e-1f)) *
           z -
       broadcast(3.33329491539e-1f)) *
          z * t +
      t;
  f32x8 a = p + select(upper, broadcast(0.785398163397448f), broadcast(0.0f));
  a = select(steep, broadcast(1.57079632679489662f) - a, a);
  a = select(x < broadcast(0.0f), broadcast(pi_f) - a, a);
  return (f32x8)((i32x8)a ^ ((i32x8)y & ~abs_mask));  // sign of y
}

// Natural log for normal positive u (Cephes logf: u = m 2^e, m in [sqrt(1/2), sqrt(2))).
inline f32x8 log(f32x8 u) {
  const i32x8 bits = (i32x8)u;
  i32x8 e = ((bits >> 23) & 0xff) - 126;
  f32x8 m = (f32x8)((bits & 0x007fffff) | 0x3f000000);  // [0.5, 1)
  const i32x8 small = m < broadcast(0.707106781186547524f);
  e = e + small;  // small lanes are -1: e - 1
  m = select(small, m + m, m) - broadcast(1.0f);
  const f32x8 ef = __builtin_convertvector(e, f32x8);
  const f32x8 z = m * m;
  f32x8 y = broadcast(7.0376836292e-2f);
  y = y * m + broadcast(-1.1514610310e-1f);
  y = y * m + broadcast(1.1676998740e-1f);
  y = y * m + broadcast(-1.2420140846e-1f);
  y = y * m + broadcast(1.4249322787e-1f);
  y = y * m + broadcast(-1.6668057665e-1f);
  y = y * m + broadcast(2.0000714765e-1f);
  y = y * m + broadcast(-2.4999993993e-1f);
  y = y * m + broadcast(3.3333331174e-1f);
  y = y * m * z;
  y = y + broadcast(-2.12194440e-4f) * ef;
  y = y - broadcast(0.5f) * z;
  return m + y + broadcast(0.693359375f) * ef;
}

// Uniform in (0, 1): the top 23 bits k of each 32-bit lane, centred: (k + 1/2) 2^-23, exact
// in float (24 significant bits), and symmetric about 1/2.
inline f32x8 uniform_open(u32x8 bits) {
  return (__builtin_convertvector((i32x8)(bits >> 9), f32x8) + broadcast(0.5f)) *
         broadcast(0x1.0p-23f);
}

// An angle in [-2 pi, 4 pi) brought to [0, 2pi_f): 2pi_f is float(2 pi), which rounds up
// by 1.7e-7; a sum that rounds to exactly 2pi_f becomes 0.
inline f32x8 wrap_angle(f32x8 a) {
  a = select(a < broadcast(0.0f), a + broadcast(two_pi_f), a);
  return select(a >= broadcast(two_pi_f), a - broadcast(two_pi_f), a);
}

// One float through the vector code (lane 0): bitwise the same result as a vector lane.
inline float sin1(float x) { return sincos(broadcast(x)).sin[0]; }
inline float cos1(float x) { return sincos(broadcast(x)).cos[0]; }

}  // namespace phaselearn::models::xy2d
