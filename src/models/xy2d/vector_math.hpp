#pragma once
// Float32 sin/cos, atan2 and exp as polynomials on vectors of `width` lanes (GCC vector
// extensions: 16 lanes in one AVX-512 register where the build allows, 8 in one AVX2 or
// two SSE registers otherwise). The kernels draw their random numbers and order their
// work in chunks of `lanes` = 16 sites whatever the width (a chunk is one vector or two),
// so a run's file and checkpoint are the same from an AVX-512 and an AVX2 build. The XY
// kernels need one sincos per proposal and one exp per acceptance or bond test; libm's
// scalar calls cost ~20 ns each.
//
// Error bounds (against double-precision std::, tested in tests/models/
// test_xy2d_vector_math.cpp over dense grids):
//   sincos(x), |x| <= 4 pi           |error| <= 2.5e-7 (absolute)
//   atan2(y, x), any finite y, x     |error| <= 4.0e-7 (absolute; result in [-pi, pi])
//   exp_clamped(z), z in [-20, 0]    |error| <= 2.5e-7 e^z (relative)
// The polynomials are Cephes' single-precision minimax fits (S. Moshier), with the
// Cody-Waite three-part pi/2 (two-part ln 2) for the reduction; no branches, NaN/Inf not
// handled.
#include <cstdint>

namespace phaselearn::models::xy2d {

inline constexpr int lanes = 16;  // sites per chunk: per random draw, per Wolff batch
#ifdef __AVX512F__
inline constexpr int width = 16;  // lanes per vector
#else
inline constexpr int width = 8;
#endif
inline constexpr int parts = lanes / width;  // vectors per chunk
typedef float f32v __attribute__((vector_size(4 * width)));
typedef std::int32_t i32v __attribute__((vector_size(4 * width)));
typedef std::uint32_t u32v __attribute__((vector_size(4 * width)));
// Unaligned vectors for loads and stores at any element address (shifted neighbours).
typedef float f32vu __attribute__((vector_size(4 * width), aligned(4)));
typedef std::uint32_t u32vu __attribute__((vector_size(4 * width), aligned(4)));

inline constexpr float two_pi_f = 6.28318530717958647692f;  // rounds up: 6.2831855
inline constexpr float pi_f = 3.14159265358979323846f;
#ifdef __AVX512F__
inline constexpr i32v lane_index = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
#else
inline constexpr i32v lane_index = {0, 1, 2, 3, 4, 5, 6, 7};
#endif

inline f32v broadcast(float v) { return f32v{} + v; }
inline f32v select(i32v mask, f32v a, f32v b) { return mask ? a : b; }  // mask -1: a, 0: b
inline f32v load(const float* p) { return *reinterpret_cast<const f32vu*>(p); }
inline void store(float* p, f32v v) { *reinterpret_cast<f32vu*>(p) = v; }
inline u32v load(const std::uint32_t* p) { return *reinterpret_cast<const u32vu*>(p); }
inline void store(std::uint32_t* p, u32v v) { *reinterpret_cast<u32vu*>(p) = v; }

struct SinCos {
  f32v sin, cos;
};

inline SinCos sincos(f32v x) {
  // Nearest quadrant j by the 1.5 * 2^23 trick: the low mantissa bits of t are j mod 4.
  constexpr float magic = 12582912.0f;
  const f32v t = x * 0.636619772367581343f + magic;
  const f32v j = t - magic;
  const i32v q = (i32v)t & 3;
  // r = x - j pi/2 in three parts, exact products for |j| < 2^8.
  f32v r = x - j * 1.5703125f;
  r = r - j * 4.837512969970703125e-4f;
  r = r - j * 7.54978995489188216e-8f;
  const f32v z = r * r;
  const f32v sp = r + r * z * ((-1.9515295891e-4f * z + 8.3321608736e-3f) * z - 1.6666654611e-1f);
  const f32v cp = 1.0f - 0.5f * z +
                  z * z * ((2.443315711809948e-5f * z - 1.388731625493765e-3f) * z +
                           4.166664568298827e-2f);
  // Quadrant q: (sin, cos) = (sp, cp), (cp, -sp), (-sp, -cp), (-cp, sp).
  const i32v swap = (q & 1) != 0;  // -1 where q is odd
  const f32v s0 = select(swap, cp, sp), c0 = select(swap, sp, cp);
  const i32v sin_sign = (i32v)((u32v)(q & 2) << 30);        // q = 2, 3
  const i32v cos_sign = (i32v)((u32v)((q + 1) & 2) << 30);  // q = 1, 2
  return {(f32v)((i32v)s0 ^ sin_sign), (f32v)((i32v)c0 ^ cos_sign)};
}

// atan2(y, x) in [-pi, pi]; atan2(0, 0) = 0. One division: the argument is reduced to
// |t| <= tan(pi/8) as t = min/max or (min - max)/(min + max).
inline f32v atan2(f32v y, f32v x) {
  const i32v abs_mask = i32v{} + 0x7fffffff;
  const f32v ax = (f32v)((i32v)x & abs_mask), ay = (f32v)((i32v)y & abs_mask);
  const i32v steep = ay > ax;
  const f32v mn = select(steep, ax, ay), mx = select(steep, ay, ax);
  const i32v upper = mn > 0.414213562373095f * mx;  // min/max > tan(pi/8)
  const f32v num = select(upper, mn - mx, mn);
  const f32v den0 = select(upper, mn + mx, mx);
  const f32v den = select(den0 > 0.0f, den0, broadcast(1.0f));  // 0/0 -> 0
  const f32v t = num / den;
  const f32v z = t * t;
  const f32v p =
      (((8.05374449538e-2f * z - 1.38776856032e-1f) * z + 1.99777106478e-1f) * z -
       3.33329491539e-1f) * z * t + t;
  f32v a = p + select(upper, broadcast(0.785398163397448f), broadcast(0.0f));
  a = select(steep, 1.57079632679489662f - a, a);
  a = select(x < 0.0f, pi_f - a, a);
  return (f32v)((i32v)a ^ ((i32v)y & ~abs_mask));  // sign of y
}

// e^z for z in [-20, 0], clamped outside: 1 above 0, e^-20 = 2.1e-9 below -20. Compared
// with a uniform of 23 bits (>= 6e-8) the clamped value decides exactly as e^z would.
inline f32v exp_clamped(f32v z) {
  z = select(z > 0.0f, broadcast(0.0f), z);
  z = select(z < -20.0f, broadcast(-20.0f), z);
  // z = n ln 2 + r, |r| <= ln2 / 2; n the nearest integer by the 1.5 * 2^23 trick.
  constexpr float magic = 12582912.0f;
  const f32v t = z * 1.44269504088896341f + magic;
  const f32v n = t - magic;
  f32v r = z - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  const f32v p = (((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r +
                    4.1665795894e-2f) * r + 1.6666665459e-1f) * r + 5.0000001201e-1f) * (r * r) +
                 r + 1.0f;
  const i32v scale = ((i32v)t - 0x4b400000 + 127) << 23;  // 2^n, n in [-29, 0]
  return p * (f32v)scale;
}

// Uniform in (0, 1): the top 23 bits k of each 32-bit lane, centred: (k + 1/2) 2^-23, exact
// in float (24 significant bits), and symmetric about 1/2.
inline f32v uniform_open(u32v bits) {
  return (__builtin_convertvector((i32v)(bits >> 9), f32v) + 0.5f) * 0x1.0p-23f;
}

// An angle in [-2 pi, 4 pi) brought to [0, 2pi_f): 2pi_f is float(2 pi), which rounds up
// by 1.7e-7; a sum that rounds to exactly 2pi_f becomes 0.
inline f32v wrap_angle(f32v a) {
  a = select(a < 0.0f, a + two_pi_f, a);
  return select(a >= two_pi_f, a - two_pi_f, a);
}

}  // namespace phaselearn::models::xy2d
