#pragma once
// XY samples as network inputs: two channels per site, (cos θ, sin θ), or their block
// averages on an n x n grid (train.coarse_grain = n): the mean unit vector of each block
// of L/n x L/n sites; either in the frame of the magnetisation and divided by the root
// mean square length of the sample's vectors (1 for single sites). Layout per sample:
// [channel][y][x], the cos channel first.
//
// Block averages keep their length relative to the others: the length of a block says
// how ordered it is (spin waves shorten it smoothly, a vortex inside it nearly cancels
// it), and |m| / rms, the mean of the cos channel, says how ordered the sample is. Raw
// lengths would not do: on the KT line of fixed points every block length also shrinks
// with the block size like b^(−η/2), η = T/2πJ at low T, so the raw lengths of an n x n
// grid differ from size to size even below T_KT and one network's curves P_L(T)
// separate there (measured with raw lengths, xy-quick runs: at T = 0.81, P = 0.994 for
// L = 16 and 0.940 for L = 64). Divided by their rms they scale alike and the curves of
// L = 32 and 64 coincide up to T ≈ 0.94. Dividing by |m| instead would do the same but is
// unbounded where |m| is small (the disordered phase); unit vectors would keep only the
// directions.
//
// O(2) symmetry, by construction: every sample is rotated, once when encoded, so that
// its total magnetisation points along +x. A global rotation of the angles then gives
// the same input up to rounding, for every angle; a finite set of averaged rotations
// would be exact only for its own angles. What is left of O(2) is the reflection about
// that axis, θ -> −θ (the sin channel changes sign): training draws it with probability
// ½ per sample (train.augment_flip, keyed by (seed, epoch, lane) like the Ising flip),
// and the prediction is P(x) = ½(p(x) + p(σx)), exactly equal for x and σx. Random
// rotations as augmentation would change nothing after the rotation into this frame.
#include <vector>

#include "ml/inputs.hpp"

namespace phaselearn::ml {

// The frame of the encoded vectors: the magnetisation's (the classifier: O(2) invariant by
// construction) or the lattice's (the VAE, which reconstructs the sample as it is).
enum class XyFrame { magnetisation, lattice };

// One sample: L x L angles (row-major [y][x]) -> 2 * n * n floats, block averages of
// (cos θ, sin θ) in the given frame, divided by their rms length. L must be a multiple of n.
void encode_xy_sample(const float* angles, int L, int n, float* out,
                      XyFrame frame = XyFrame::magnetisation);

// Writes 2 * side * side floats for one encoded sample: reflected (sin channel negated)
// when augmentation.flip, each channel shifted periodically.
void write_xy_input(const float* encoded, int side, const Augmentation& augmentation,
                    float* column);

class XyInputs final : public Inputs {
 public:
  using FileSpin = float;                                 // angle θ in [0, 2π)
  static constexpr const char* encoding = "xy_cos_sin";  // recorded in training files
  static constexpr int channel_count = 2;

  // Samples of L x L angles, one after another, encoded on an input_side x input_side grid
  // (input_side == L: one site per block, the raw (cos, sin)).
  XyInputs(const std::vector<float>& angles, int L, int input_side,
           XyFrame frame = XyFrame::magnetisation);

  std::size_t size() const override { return encoded_.size() / std::size_t(width()); }
  int side() const override { return side_; }
  int channels() const override { return channel_count; }
  void write(std::size_t i, const Augmentation& augmentation, float* column) const override {
    write_xy_input(encoded_.data() + i * std::size_t(width()), side_, augmentation, column);
  }
  void predict(Network& network, const Matrix<float>& columns,
               std::span<float> p) const override;

 private:
  int side_;
  std::vector<float> encoded_;
};

}  // namespace phaselearn::ml
