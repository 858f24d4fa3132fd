#pragma once
// Checkpoint records: a stateful component lists its fields ONCE, in a member
//   template <class Fields> void fields(Fields& f) { f(a); f(b); f(rng); ... }
// and the same list both saves (RecordWriter appends 64-bit words) and loads
// (RecordReader reads them back in order). Doubles are bit-cast, so a record is exact.
#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/random.hpp"

namespace phaselearn {

template <class T, class Fields>
concept HasFields = requires(T& t, Fields& f) { t.fields(f); };

class RecordWriter {
 public:
  explicit RecordWriter(std::vector<std::uint64_t>& out) : out_(out) {}
  void operator()(std::uint64_t v) { out_.push_back(v); }
  void operator()(std::int64_t v) { out_.push_back(std::uint64_t(v)); }
  void operator()(std::int32_t v) { out_.push_back(std::uint64_t(std::int64_t(v))); }
  void operator()(double v) { out_.push_back(std::bit_cast<std::uint64_t>(v)); }
  template <std::size_t N>
  void operator()(std::array<std::uint64_t, N>& a) {
    out_.insert(out_.end(), a.begin(), a.end());
  }
  // A vector of fixed length (known to the reader from its own object): no length word.
  void operator()(std::vector<std::uint64_t>& v) { out_.insert(out_.end(), v.begin(), v.end()); }
  void operator()(Xoshiro256pp& r) {
    auto s = r.state();
    (*this)(s);
  }
  void operator()(Xoshiro256ppX4& r) {
    auto s = r.state();
    (*this)(s);
  }
  template <class T>
    requires HasFields<T, RecordWriter>
  void operator()(T& t) {
    t.fields(*this);
  }

 private:
  std::vector<std::uint64_t>& out_;
};

class RecordReader {
 public:
  RecordReader(const std::uint64_t* begin, const std::uint64_t* end) : p_(begin), end_(end) {}
  void operator()(std::uint64_t& v) { v = next(); }
  void operator()(std::int64_t& v) { v = std::int64_t(next()); }
  void operator()(std::int32_t& v) { v = std::int32_t(std::int64_t(next())); }
  void operator()(double& v) { v = std::bit_cast<double>(next()); }
  template <std::size_t N>
  void operator()(std::array<std::uint64_t, N>& a) {
    for (auto& w : a) w = next();
  }
  void operator()(std::vector<std::uint64_t>& v) {
    for (auto& w : v) w = next();
  }
  void operator()(Xoshiro256pp& r) {
    Xoshiro256pp::State s;
    (*this)(s);
    r = Xoshiro256pp(s);
  }
  void operator()(Xoshiro256ppX4& r) {
    std::array<std::uint64_t, 16> s;
    (*this)(s);
    r = Xoshiro256ppX4(s);
  }
  template <class T>
    requires HasFields<T, RecordReader>
  void operator()(T& t) {
    t.fields(*this);
  }
  bool done() const { return p_ == end_; }

 private:
  std::uint64_t next() {
    if (p_ == end_) throw std::length_error("checkpoint record shorter than its field list");
    return *p_++;
  }
  const std::uint64_t* p_;
  const std::uint64_t* end_;
};

}  // namespace phaselearn
