#pragma once
// Ising samples as network inputs: side * side floats ±1 per sample, stored as int8.
// Augmentations: a global spin flip (the Z2 symmetry) and a periodic translation.
// The prediction is Z2-symmetric: P(x) = ½(p(x) + p(−x)) (Network::predict_ordered).
#include <cstdint>
#include <vector>

#include "ml/inputs.hpp"
#include "ml/shard.hpp"

namespace phaselearn::ml {

// Writes side * side floats (+1 / -1) for one sample.
void write_ising_input(const std::int8_t* spins, int side, const Augmentation& augmentation,
                       float* column);

class IsingInputs final : public Inputs {
 public:
  using FileSpin = std::int8_t;                    // the run file's /spins elements
  static constexpr const char* encoding = "ising_pm1";  // recorded in training files
  static constexpr int channel_count = 1;

  explicit IsingInputs(Shard shard) : shard_(std::move(shard)) {}
  // Samples of L x L spins, one after another; input_side < L: majority-rule block spins
  // on an input_side x input_side grid (coarse_grain.hpp), input_side == L: the spins.
  IsingInputs(std::vector<std::int8_t> spins, int L, int input_side);

  std::size_t size() const override { return shard_.size(); }
  int side() const override { return shard_.side; }
  int channels() const override { return channel_count; }
  void write(std::size_t i, const Augmentation& augmentation, float* column) const override {
    write_ising_input(shard_.sample(i), shard_.side, augmentation, column);
  }
  void predict(Network& network, const Matrix<float>& columns,
               std::span<float> p) const override {
    network.predict_ordered(columns, p);
  }

 private:
  Shard shard_;
};

}  // namespace phaselearn::ml
