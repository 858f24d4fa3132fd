#pragma once
// The samples one rank holds, as the network sees them. One encoder per model (Ising
// ±1 spins: ising_inputs.hpp; XY (cos θ, sin θ) channels: xy_inputs.hpp), chosen once
// where the run file is read; the trainer asks only for input columns and for the
// model's symmetric prediction, so it never knows which model it trains on.
#include <cstddef>
#include <span>
#include <string>

#include "ml/matrix.hpp"
#include "ml/network.hpp"

namespace phaselearn::ml {

// One training augmentation, drawn by the epoch schedule from (seed, epoch, lane).
struct Augmentation {
  bool flip = false;             // the model's discrete symmetry: Ising spin flip, XY reflection
  int shift_x = 0, shift_y = 0;  // in [0, side): site (x, y) moves to (x + dx, y + dy)
};

class Inputs {
 public:
  virtual ~Inputs() = default;
  virtual std::size_t size() const = 0;  // samples held, in DataPlan::held() order
  virtual int side() const = 0;          // of the input grid (block spins or lattice)
  virtual int channels() const = 0;      // values per grid site
  int width() const { return channels() * side() * side(); }

  // The network input of sample i (width() floats), augmented.
  virtual void write(std::size_t i, const Augmentation& augmentation, float* column) const = 0;
  // P(ordered) of each column (written without augmentation), symmetric under the
  // model's symmetry group by construction.
  virtual void predict(Network& network, const Matrix<float>& columns,
                       std::span<float> p) const = 0;
};

}  // namespace phaselearn::ml
