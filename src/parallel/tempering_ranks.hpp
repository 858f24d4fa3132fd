#pragma once
// tempering::Ranks over MPI: the neighbour swaps and sums of replica exchange.
#include "parallel/comm.hpp"
#include "tempering/ranks.hpp"

namespace phaselearn::parallel {

class TemperingRanks final : public tempering::Ranks {
 public:
  explicit TemperingRanks(const Comm& comm) : comm_(comm) {}
  int rank() const override { return comm_.rank(); }
  int size() const override { return comm_.size(); }
  std::unique_ptr<Pending> start_swaps(const std::vector<Swap>& swaps) const override;
  void sum(std::int64_t* values, std::size_t n) const override { comm_.sum(values, n); }
  void sum(double* values, std::size_t n) const override { comm_.sum(values, n); }

 private:
  const Comm& comm_;
};

}  // namespace phaselearn::parallel
