#include "ml/xy_inputs.hpp"

#include <cmath>
#include <cstddef>
#include <string>

#include "core/errors.hpp"

namespace phaselearn::ml {

void encode_xy_sample(const float* angles, int L, int n, float* out, XyFrame frame) {
  if (n < 1 || L % n != 0)
    throw InputError("XY block averages on an " + std::to_string(n) + " x " +
                     std::to_string(n) + " grid need a lattice side that is a multiple of " +
                     std::to_string(n) + ", got L = " + std::to_string(L));
  const int b = L / n;
  const std::size_t cells = std::size_t(n) * n;
  std::vector<double> c(cells, 0.0), s(cells, 0.0);
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const double theta = angles[std::size_t(y) * L + x];
      const std::size_t cell = std::size_t(y / b) * n + x / b;
      c[cell] += std::cos(theta);
      s[cell] += std::sin(theta);
    }
  double mx = 0, my = 0, squares = 0;
  for (std::size_t k = 0; k < cells; ++k) {
    mx += c[k], my += s[k];
    squares += c[k] * c[k] + s[k] * s[k];
  }
  // Rotate by −φ, φ the direction of the magnetisation, and divide by the root mean
  // square block length (no division when every block vanishes exactly).
  const double phi = frame == XyFrame::magnetisation ? std::atan2(my, mx) : 0.0;
  const double cos_phi = std::cos(phi), sin_phi = std::sin(phi);
  const double rms = std::sqrt(squares / double(cells));
  const double per_block = 1.0 / (rms > 0 ? rms : 1.0);
  for (std::size_t k = 0; k < cells; ++k) {
    out[k] = float(per_block * (c[k] * cos_phi + s[k] * sin_phi));
    out[cells + k] = float(per_block * (s[k] * cos_phi - c[k] * sin_phi));
  }
}

void write_xy_input(const float* encoded, int side, const Augmentation& augmentation,
                    float* column) {
  const std::size_t cells = std::size_t(side) * side;
  const int dx = augmentation.shift_x, dy = augmentation.shift_y;
  for (int channel = 0; channel < 2; ++channel) {
    const float sign = channel == 1 && augmentation.flip ? -1.0f : 1.0f;
    const float* from = encoded + channel * cells;
    float* to = column + channel * cells;
    for (int y = 0; y < side; ++y) {
      const float* row = from + std::ptrdiff_t((y + side - dy) % side) * side;
      float* out = to + std::ptrdiff_t(y) * side;
      for (int x = 0; x < side - dx; ++x) out[x + dx] = sign * row[x];
      for (int x = side - dx; x < side; ++x) out[x + dx - side] = sign * row[x];
    }
  }
}

XyInputs::XyInputs(const std::vector<float>& angles, int L, int input_side, XyFrame frame)
    : side_(input_side) {
  const std::size_t sites = std::size_t(L) * L;
  const std::size_t samples = sites > 0 ? angles.size() / sites : 0;
  encoded_.resize(samples * std::size_t(width()));
  for (std::size_t i = 0; i < samples; ++i)
    encode_xy_sample(angles.data() + i * sites, L, input_side,
                     encoded_.data() + i * std::size_t(width()), frame);
}

void XyInputs::predict(Network& network, const Matrix<float>& columns, std::span<float> p) const {
  const Eigen::Index n = columns.cols(), cells = Eigen::Index(side_) * side_;
  Matrix<float> both(columns.rows(), 2 * n);  // [x, σx]
  both.leftCols(n) = columns;
  both.rightCols(n).topRows(cells) = columns.topRows(cells);
  both.rightCols(n).bottomRows(cells) = -columns.bottomRows(cells);
  std::vector<float> p_both(std::size_t(2 * n));
  network.predict_plain(both, p_both);
  // p(x) + p(σx) in this order for x and for σx alike: the same float for both.
  for (Eigen::Index i = 0; i < n; ++i)
    p[std::size_t(i)] = 0.5f * (p_both[std::size_t(i)] + p_both[std::size_t(n + i)]);
}

}  // namespace phaselearn::ml
