#pragma once
// L x L periodic square lattice of Ising spins, one bit a spin (1 = up), each row
// packed into ceil(L/64) 64-bit words: bit x%64 of word x/64 of row y is site (x, y).
// Bit-packing lets one 64-bit operation update up to 32 sites of a checkerboard row.
#include <cstdint>
#include <vector>

namespace phaselearn {

class BitLattice {
 public:
  explicit BitLattice(int L);

  int L() const { return L_; }
  int words_per_row() const { return W_; }
  std::int64_t sites() const { return std::int64_t{L_} * L_; }

  std::uint64_t* row(int y) { return &words_[std::size_t(y) * W_]; }
  const std::uint64_t* row(int y) const { return &words_[std::size_t(y) * W_]; }
  std::vector<std::uint64_t>& words() { return words_; }
  const std::vector<std::uint64_t>& words() const { return words_; }

  bool up(int x, int y) const { return (row(y)[x >> 6] >> (x & 63)) & 1; }
  void flip(int x, int y) { row(y)[x >> 6] ^= std::uint64_t{1} << (x & 63); }
  void set_all(bool up);
  void flip_all();  // s_i -> -s_i everywhere: the exact Z2 symmetry, energy unchanged

  // Bits in use in word w of a row (the last word of a row may be partial).
  std::uint64_t valid(int w) const { return w == W_ - 1 ? last_mask_ : ~std::uint64_t{0}; }

  // Periodic neighbour rows: left[x] = row[x - 1], right[x] = row[x + 1].
  void neighbour_rows(const std::uint64_t* row, std::uint64_t* left, std::uint64_t* right) const;

  std::int64_t bond_sum() const;  // sum over the 2 L^2 bonds of s_i s_j
  std::int64_t spin_sum() const;  // sum of s_i
  void to_int8(std::int8_t* out) const;  // [y][x], +1 / -1

 private:
  int L_, W_;
  std::uint64_t last_mask_;
  std::vector<std::uint64_t> words_;
};

}  // namespace phaselearn
