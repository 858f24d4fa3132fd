#include "parallel/tempering_ranks.hpp"

namespace phaselearn::parallel {
namespace {

class PendingTransfers final : public tempering::Ranks::Pending {
 public:
  explicit PendingTransfers(Comm::Transfers t) : transfers_(std::move(t)) {}
  void progress() override { transfers_.progress(); }
  void wait() override { transfers_.wait(); }

 private:
  Comm::Transfers transfers_;
};

}  // namespace

std::unique_ptr<tempering::Ranks::Pending> TemperingRanks::start_swaps(
    const std::vector<Swap>& swaps) const {
  std::vector<Comm::ByteSwap> bytes;
  for (const Swap& s : swaps) bytes.push_back({s.peer, s.send, s.recv, s.bytes});
  return std::make_unique<PendingTransfers>(comm_.start_swaps(bytes));
}

}  // namespace phaselearn::parallel
