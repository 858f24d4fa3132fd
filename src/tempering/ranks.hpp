#pragma once
// What replica exchange needs from the ranks around it: who it is, swaps of walker
// buffers with a neighbour, and sums of counters. parallel/ implements it over MPI
// (parallel/tempering_ranks.hpp); SingleRank serves one process, with no MPI at all.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace phaselearn::tempering {

class Ranks {
 public:
  virtual ~Ranks() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Each swap sends `send` to `peer` and receives as many bytes from it into `recv`.
  struct Swap {
    int peer;
    const void* send;
    void* recv;
    std::size_t bytes;
  };
  // Swaps in flight. The buffers must outlive it; destroying it waits for them.
  class Pending {
   public:
    virtual ~Pending() = default;
    virtual void progress() = 0;  // call now and then while computing
    virtual void wait() = 0;
  };
  virtual std::unique_ptr<Pending> start_swaps(const std::vector<Swap>& swaps) const = 0;

  // In-place sums over all ranks (collective).
  virtual void sum(std::int64_t* values, std::size_t n) const = 0;
  virtual void sum(double* values, std::size_t n) const = 0;
};

class SingleRank final : public Ranks {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::unique_ptr<Pending> start_swaps(const std::vector<Swap>&) const override {
    return nullptr;  // one rank has no neighbour to swap with
  }
  void sum(std::int64_t*, std::size_t) const override {}
  void sum(double*, std::size_t) const override {}
};

}  // namespace phaselearn::tempering
