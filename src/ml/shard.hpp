#pragma once
// The Ising spins one rank holds, in the order of DataPlan::held(): side * side int8
// values (+1 / -1, row-major [y][x]) per sample; IsingInputs keeps them this way.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace phaselearn::ml {

struct Shard {
  int side = 0;
  std::vector<std::int8_t> spins;

  std::size_t sites() const { return std::size_t(side) * side; }
  std::size_t size() const { return side > 0 ? spins.size() / sites() : 0; }
  const std::int8_t* sample(std::size_t i) const { return spins.data() + i * sites(); }
};

}  // namespace phaselearn::ml
