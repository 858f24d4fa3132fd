#pragma once
// A result that may legitimately be absent — a curve that never crosses 1/2, too few
// sizes for a free-exponent fit — together with the reason, so the caller can report it
// instead of printing an invented number. Bad input (wrong shapes, NaN) throws instead.
#include <optional>
#include <string>
#include <utility>

namespace phaselearn::analysis {

template <class T>
class Outcome {
 public:
  static Outcome success(T value) { return Outcome(std::move(value), {}); }
  static Outcome failure(std::string reason) { return Outcome(std::nullopt, std::move(reason)); }

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const T& value() const { return value_.value(); }
  const T* operator->() const { return &value_.value(); }
  const T& operator*() const { return value_.value(); }
  // Why there is no value; empty when there is one.
  const std::string& reason() const { return reason_; }

 private:
  Outcome(std::optional<T> value, std::string reason)
      : value_(std::move(value)), reason_(std::move(reason)) {}
  std::optional<T> value_;
  std::string reason_;
};

}  // namespace phaselearn::analysis
