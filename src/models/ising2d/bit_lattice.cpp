#include "models/ising2d/bit_lattice.hpp"

#include <bit>

namespace phaselearn {

BitLattice::BitLattice(int L)
    : L_(L),
      W_((L + 63) / 64),
      last_mask_(L % 64 == 0 ? ~std::uint64_t{0} : (std::uint64_t{1} << (L % 64)) - 1),
      words_(std::size_t(L) * W_, 0) {}

void BitLattice::set_all(bool up) {
  for (int y = 0; y < L_; ++y)
    for (int w = 0; w < W_; ++w) row(y)[w] = up ? valid(w) : 0;
}

void BitLattice::flip_all() {
  for (int y = 0; y < L_; ++y)
    for (int w = 0; w < W_; ++w) row(y)[w] ^= valid(w);
}

void BitLattice::neighbour_rows(const std::uint64_t* r, std::uint64_t* left,
                                std::uint64_t* right) const {
  const int last = W_ - 1;
  const int top_bit = (L_ - 1) & 63;  // position of site L-1 in the last word
  const std::uint64_t site0 = r[0] & 1, site_last = (r[last] >> top_bit) & 1;
  for (int w = 0; w < W_; ++w) {
    const std::uint64_t carry_in = w == 0 ? site_last : r[w - 1] >> 63;
    left[w] = ((r[w] << 1) | carry_in) & valid(w);
    const std::uint64_t next = w == last ? 0 : r[w + 1] << 63;
    right[w] = (r[w] >> 1) | next;
  }
  right[last] = (right[last] & ~(std::uint64_t{1} << top_bit)) | (site0 << top_bit);
  right[last] &= valid(last);
}

std::int64_t BitLattice::bond_sum() const {
  std::vector<std::uint64_t> left(W_), right(W_);
  std::int64_t aligned = 0;
  for (int y = 0; y < L_; ++y) {
    const std::uint64_t* r = row(y);
    const std::uint64_t* below = row(y + 1 == L_ ? 0 : y + 1);
    neighbour_rows(r, left.data(), right.data());
    for (int w = 0; w < W_; ++w) {
      aligned += std::popcount(~(r[w] ^ right[w]) & valid(w));
      aligned += std::popcount(~(r[w] ^ below[w]) & valid(w));
    }
  }
  return 2 * aligned - 2 * sites();  // aligned bonds count +1, the others -1
}

std::int64_t BitLattice::spin_sum() const {
  std::int64_t up = 0;
  for (auto w : words_) up += std::popcount(w);
  return 2 * up - sites();
}

void BitLattice::to_int8(std::int8_t* out) const {
  for (int y = 0; y < L_; ++y)
    for (int w = 0; w < W_; ++w) {
      const std::uint64_t bits = row(y)[w];
      const int n = w == W_ - 1 ? L_ - 64 * w : 64;
      for (int b = 0; b < n; ++b) *out++ = static_cast<std::int8_t>(2 * int((bits >> b) & 1) - 1);
    }
}

}  // namespace phaselearn
