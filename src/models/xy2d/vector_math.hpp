#pragma once
// Float32 sin/cos, atan2 and exp as polynomials on vectors of `width` lanes (GCC vector
// extensions: 16 lanes in one AVX-512 register where the build allows, 8 in one AVX2 or
// two SSE registers otherwise). The kernels draw their random numbers and order their
// work in chunks of `lanes` = 16 sites whatever the width (a chunk is one vector or two),
// so a run's file and checkpoint are the same from an AVX-512 and an AVX2 build. The XY
// kernels need one rotation per proposal and one exp per acceptance or bond test; libm's
// scalar calls cost ~20 ns each.
//
// Error bounds (against double-precision std::, tested in tests/models/
// test_xy2d_vector_math.cpp over dense grids):
//   sincos(x), |x| <= 4 pi           |error| <= 2.5e-7 (absolute)
//   rotation(x), |x| <= pi/2         |error| <= 4.0e-7 (absolute, of cos 2x and sin 2x);
//                                    exactly even (cos) and odd (sin) in x
//   atan2(y, x), any finite y, x     |error| <= 4.0e-7 (absolute; result in [-pi, pi])
//   exp2_clamped(w), w in [-30, 0]   |error| <= 2.5e-7 2^w (relative)
//   renormalise(c, s), |c^2 + s^2 - 1| = e <= 1e-3   leaves |c^2 + s^2 - 1| <= e^2 + 3e-7
// sincos and atan2 are Cephes' single-precision minimax fits (S. Moshier), with the
// Cody-Waite three-part pi/2 for sincos's reduction; rotation and exp2 are minimax fits
// of our own (Lawson's weighted least squares, in double). No branches, NaN/Inf not
// handled.
#include <immintrin.h>

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

// (cos 2x, sin 2x) for |x| <= pi/2: minimax fits of sin x (degree 9, error 4.6e-9) and
// cos x (degree 8, 5.3e-8) on [-pi/2, pi/2], then sin 2x = 2 sin x cos x, cos 2x =
// cos^2 x - sin^2 x. No range reduction: a Metropolis rotation by 2x, |2x| <= pi, needs
// none. sin is x times a function of x^2 and cos a function of x^2, so rotation(-x) is
// bitwise rotation(x) with the sine negated: a proposal and its reverse are equally likely.
inline SinCos rotation(f32v x) {
  const f32v z = x * x;
  const f32v sp = x + x * z * (((2.600054619067578e-6f * z - 1.9806615132606325e-4f) * z +
                                8.33301729058006e-3f) * z - 1.666665709646253e-1f);
  const f32v cp = 1.0f + z * (((2.3194384920009456e-5f * z - 1.3855927117819218e-3f) * z +
                               4.1663989446385725e-2f) * z - 4.9999932292750093e-1f);
  return {(sp + sp) * cp, cp * cp - sp * sp};
}

// (c, s) scaled by 3/2 - |(c, s)|^2 / 2, one Newton step of 1/sqrt(|(c, s)|^2) from 1: a
// vector of norm 1 + e leaves with norm 1 - O(e^2) (plus rounding), so applied after
// every update it holds the norm at 1 without a square root or a division.
inline void renormalise(f32v& c, f32v& s) {
  const f32v g = 1.5f - 0.5f * (c * c + s * s);
  c *= g;
  s *= g;
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

// v clamped to [lo, hi] lane by lane: min then max, one instruction each where the ISA
// has them (the builtins are _mm512_min/max_ps without their undefined pass-through
// operand, which GCC 12 warns about).
inline f32v clamp(f32v v, float lo, float hi) {
#if defined(__AVX512F__)
  v = __builtin_ia32_minps512_mask(v, broadcast(hi), v, __mmask16(0xFFFF), _MM_FROUND_CUR_DIRECTION);
  return __builtin_ia32_maxps512_mask(v, broadcast(lo), v, __mmask16(0xFFFF), _MM_FROUND_CUR_DIRECTION);
#elif defined(__AVX__)
  return _mm256_max_ps(_mm256_min_ps(v, broadcast(hi)), broadcast(lo));
#else
  v = select(v < hi, v, broadcast(hi));
  return select(v > lo, v, broadcast(lo));
#endif
}

// 2^(w + E) for w in [-30, 0], clamped outside (1 above 0, 2^-30 below -30), E a small
// integer scale (2^E is exact, so a caller compares with a uniform of E bits without
// dividing it). Callers fold log2(e) into their exponent's factor. Compared with a uniform
// of at most 24 bits (>= 2^-25) the clamped value decides exactly as 2^w would.
template <int E = 0>
inline f32v exp2_clamped(f32v w) {
  w = clamp(w, -30.0f, 0.0f);
  // w = n + f, |f| <= 1/2, n the nearest integer by the 1.5 * 2^23 trick; f is exact.
  constexpr float magic = 12582912.0f;
  const f32v t = w + magic;
  const f32v f = w - (t - magic);
  // Minimax fit of 2^f on [-1/2, 1/2], relative error 9.1e-8 (in double).
  const f32v p = (((((1.3264727213641728e-3f * f + 9.67151281249896e-3f) * f +
                     5.5507337448248525e-2f) * f + 2.402224208267736e-1f) * f +
                   6.931469775973302e-1f) * f) + 1.0f;
  const i32v scale = ((i32v)t - 0x4b400000 + 127 + E) << 23;  // 2^(n + E), n in [-30, 0]
  return p * (f32v)scale;
}

inline constexpr float log2_e = 1.44269504088896341f;

// Uniform in (0, 1): the top 23 bits k of each 32-bit lane, centred: (k + 1/2) 2^-23, exact
// in float (24 significant bits), and symmetric about 1/2.
inline f32v uniform_open(u32v bits) {
  return (__builtin_convertvector((i32v)(bits >> 9), f32v) + 0.5f) * 0x1.0p-23f;
}

// 2^20 times a 20-bit uniform in (0, 1): k + 1/2 for the low 20 bits k of each lane.
// Compared with exp2_clamped<20>(w), it is the uniform (k + 1/2) 2^-20 against 2^w.
inline f32v uniform_low20_scaled(u32v bits) {
  return __builtin_convertvector((i32v)(bits & 0xFFFFF), f32v) + 0.5f;
}

// An angle in [-2 pi, 4 pi) brought to [0, 2pi_f): 2pi_f is float(2 pi), which rounds up
// by 1.7e-7; a sum that rounds to exactly 2pi_f becomes 0.
inline f32v wrap_angle(f32v a) {
  a = select(a < 0.0f, a + two_pi_f, a);
  return select(a >= two_pi_f, a - two_pi_f, a);
}

// The angle of the vector (c, s) in [0, 2pi_f): what the file stores for a site.
inline f32v angle_of(f32v c, f32v s) { return wrap_angle(atan2(s, c)); }

}  // namespace phaselearn::models::xy2d
