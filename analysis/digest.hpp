#pragma once
// FNV-1a over bytes: tells whether two training files hold the same network (one network
// applied to several sizes). Never 0, which stands for "unknown" where digests are kept.
#include <cstddef>
#include <cstdint>

namespace phaselearn::analysis {

class Fnv1a {
 public:
  void mix(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) h_ = (h_ ^ p[i]) * 1099511628211ull;
  }
  std::uint64_t value() const { return h_ == 0 ? 1 : h_; }

 private:
  std::uint64_t h_ = 14695981039346656037ull;
};

}  // namespace phaselearn::analysis
