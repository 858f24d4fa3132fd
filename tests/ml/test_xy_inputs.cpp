// The XY input encoder: (cos θ, sin θ) block averages by hand (their length kept
// relative to their root mean square), the same encoding for a lattice blown up by two, the magnetisation
// frame, predictions unchanged under global rotations by arbitrary angles
// and under the reflection, the augmentation's shifts and reflection, refused sizes, and
// the trainer learning an XY toy set through it.
#define BOOST_TEST_MODULE ml_xy_inputs
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include "core/errors.hpp"
#include "core/random.hpp"
#include "ml/data_plan.hpp"
#include "ml/labels.hpp"
#include "ml/objectives/classifier.hpp"
#include "ml/trainer.hpp"
#include "ml/xy_inputs.hpp"

using namespace phaselearn;
using namespace phaselearn::ml;

namespace {

constexpr double pi = std::numbers::pi;

// Angles stored as the run file stores them: float in [0, 2π).
float wrapped(double theta) {
  const double t = std::fmod(theta, 2 * pi);
  const float f = float(t < 0 ? t + 2 * pi : t);
  return f < float(2 * pi) ? f : 0.0f;
}

// Spin waves around a random direction: spread 0 is a ferromagnet, large is disorder.
std::vector<float> configuration(int L, double spread, std::uint64_t key) {
  Xoshiro256pp rng(3, key, Purpose::synthetic);
  const double direction = 2 * pi * rng.uniform();
  std::vector<float> a(std::size_t(L) * L);
  for (auto& v : a) v = wrapped(direction + spread * (2 * rng.uniform() - 1));
  return a;
}

std::vector<float> transformed(const std::vector<float>& a, double rotation, bool reflect) {
  std::vector<float> out;
  for (float theta : a) out.push_back(wrapped((reflect ? -double(theta) : double(theta)) + rotation));
  return out;
}

TrainSettings settings() {
  TrainSettings s{};
  s.hidden = {16};
  s.activation = "relu";
  s.optimizer = "adam";
  s.learning_rate = 0.01;
  s.weight_decay = 1e-4;
  s.batch_size = 16;
  s.epochs = 30;
  s.patience = 0;
  s.labels = LabelScheme::threshold;
  s.t_label = 2.5;
  s.augment_flip = true;
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(block_averages_by_hand_keep_their_length_relative_to_their_rms) {
  // 4 x 4 -> 2 x 2 blocks of 2 x 2: top left aligned at 0 (length 1), top right a
  // vortex-like block 0, π/2, π, 3π/2 (length 0), bottom left two at 0 and two at π/2
  // (length 1/√2), bottom right aligned at 0: root mean square length √(2.5 / 4),
  // magnetisation (2.5, 0.5) / 4.
  const float h = float(pi / 2), p = float(pi), t = float(3 * pi / 2);
  const std::vector<float> a = {0, 0, 0, h,   //
                                0, 0, p, t,   //
                                0, 0, 0, 0,   //
                                h, h, 0, 0};
  std::vector<float> out(8);
  encode_xy_sample(a.data(), 4, 2, out.data());
  const double rms = std::sqrt(2.5 / 4), m = std::hypot(2.5, 0.5) / 4;
  const auto length = [&](int k) { return std::hypot(out[std::size_t(k)], out[std::size_t(4 + k)]); };
  BOOST_TEST(length(0) == 1.0 / rms, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(length(1) == 0.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(length(2) == std::sqrt(0.5) / rms, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(length(3) == 1.0 / rms, boost::test_tools::tolerance(1e-6));
  // The frame: the mean block vector is (|m| / rms, 0).
  double mx = 0, my = 0;
  for (int k = 0; k < 4; ++k) mx += out[std::size_t(k)] / 4, my += out[std::size_t(4 + k)] / 4;
  BOOST_TEST(mx == m / rms, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(std::abs(my) < 1e-6);
}

// Relative lengths are the same for a block grid of any size when blocks scale alike:
// a lattice made of copies of each site on 2 x 2 squares encodes as the original.
BOOST_AUTO_TEST_CASE(a_lattice_blown_up_by_two_encodes_as_the_original) {
  const int L = 4;
  const auto a = configuration(L, 2.0, 7);
  std::vector<float> big(4 * L * L);
  for (int y = 0; y < 2 * L; ++y)
    for (int x = 0; x < 2 * L; ++x) big[std::size_t(y * 2 * L + x)] = a[std::size_t(y / 2 * L + x / 2)];
  std::vector<float> small_out(2 * L * L), big_out(2 * L * L);
  encode_xy_sample(a.data(), L, L, small_out.data());
  encode_xy_sample(big.data(), 2 * L, L, big_out.data());
  for (std::size_t i = 0; i < small_out.size(); ++i)
    BOOST_TEST(big_out[i] == small_out[i], boost::test_tools::tolerance(1e-5f));
}

BOOST_AUTO_TEST_CASE(one_site_per_block_is_cos_and_sin_in_the_frame) {
  const int L = 6;
  const auto a = configuration(L, 1.0, 1);
  std::vector<float> out(2 * L * L);
  encode_xy_sample(a.data(), L, L, out.data());
  double mx = 0, my = 0;
  for (float theta : a) mx += std::cos(theta), my += std::sin(theta);
  const double phi = std::atan2(my, mx);  // unit vectors: their rms length is 1
  for (int i = 0; i < L * L; ++i) {
    BOOST_TEST(out[std::size_t(i)] == std::cos(a[std::size_t(i)] - phi),
               boost::test_tools::tolerance(1e-5));
    BOOST_TEST(out[std::size_t(L * L + i)] == std::sin(a[std::size_t(i)] - phi),
               boost::test_tools::tolerance(1e-5));
  }
}

BOOST_AUTO_TEST_CASE(predictions_are_invariant_under_rotations_and_the_reflection) {
  const int L = 8;
  for (const int n : {8, 4}) {  // raw (cos, sin) and 4 x 4 block averages
    TrainSettings s = settings();
    Network network(network_shape(s, 2 * n * n), 21);
    for (const double spread : {0.5, 2.0, 3.1}) {
      const auto a = configuration(L, spread, std::uint64_t(100 * spread));
      std::vector<float> all = a;
      for (const double angle : {0.3, 1.0, std::numbers::sqrt2, 2.5, pi, 4.0 + 1e-3, 5.9})
        for (const bool reflect : {false, true}) {
          const auto b = transformed(a, angle, reflect);
          all.insert(all.end(), b.begin(), b.end());
        }
      const XyInputs inputs(all, L, n);
      Matrix<float> columns(inputs.width(), Eigen::Index(inputs.size()));
      for (std::size_t i = 0; i < inputs.size(); ++i)
        inputs.write(i, {}, columns.col(Eigen::Index(i)).data());
      std::vector<float> p(inputs.size());
      inputs.predict(network, columns, p);
      for (std::size_t i = 1; i < p.size(); ++i) BOOST_TEST(p[i] == p[0], boost::test_tools::tolerance(2e-5f));
      // Not trivially so: the network itself tells a sample from its reflection.
      std::vector<float> plain(2);
      Matrix<float> pair(inputs.width(), 2);
      inputs.write(0, {}, pair.col(0).data());
      inputs.write(0, {.flip = true}, pair.col(1).data());
      network.predict_plain(pair, plain);
      BOOST_TEST(std::abs(plain[0] - plain[1]) > 1e-4f);
      // and the symmetric prediction of x and σx is the same float
      std::vector<float> sym(2);
      inputs.predict(network, pair, sym);
      BOOST_TEST(sym[0] == sym[1]);
    }
  }
}

BOOST_AUTO_TEST_CASE(augmentation_shifts_both_channels_and_reflects_the_sin_channel) {
  const int side = 4, cells = side * side;
  std::vector<float> encoded(2 * cells);
  for (int i = 0; i < 2 * cells; ++i) encoded[std::size_t(i)] = float(i + 1);
  std::vector<float> column(2 * cells);
  write_xy_input(encoded.data(), side, {.flip = true, .shift_x = 1, .shift_y = 3}, column.data());
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      const int to = ((y + 3) % side) * side + (x + 1) % side, from = y * side + x;
      BOOST_TEST(column[std::size_t(to)] == encoded[std::size_t(from)]);
      BOOST_TEST(column[std::size_t(cells + to)] == -encoded[std::size_t(cells + from)]);
    }
}

BOOST_AUTO_TEST_CASE(sizes_the_grid_does_not_divide_are_refused) {
  const std::vector<float> a(100, 0.0f);
  std::vector<float> out(18);
  BOOST_CHECK_THROW(encode_xy_sample(a.data(), 10, 3, out.data()), InputError);
  BOOST_CHECK_THROW(XyInputs(a, 10, 3), InputError);
}

// The trainer through the XY encoder: aligned spin waves (ordered) against nearly
// uniform angles (disordered), on 4 x 4 block averages, reach 100 % validation accuracy.
BOOST_AUTO_TEST_CASE(trainer_learns_an_xy_toy_set) {
  const int L = 16, per_t = 160;
  const std::vector<double> temps = {1.0, 2.0, 3.0, 4.0};
  const TrainSettings s = settings();
  const auto labels = threshold_labels(temps, s.t_label);
  const ValidationSplit split(4, per_t, 0.2, 10, 1);
  const DataPlan plan(labels, split, s.batch_size, 1, 0);
  std::vector<float> angles;
  for (const SampleId& id : plan.held()) {
    const bool ordered = temps[std::size_t(id.temperature)] < s.t_label;
    const auto a = configuration(L, ordered ? 1.2 : 3.1, std::uint64_t(id.temperature * 1000 + id.sample));
    angles.insert(angles.end(), a.begin(), a.end());
  }
  const XyInputs inputs(angles, L, 4);
  ClassifierObjective objective(s, 7, inputs, plan, labels);
  Trainer trainer(s, 7, inputs, plan, objective, RankCollectives::serial());
  trainer.fit();
  BOOST_TEST(trainer.best().val[ClassifierObjective::accuracy_metric] == 1.0);
  const auto p = objective.predict_held();
  for (std::size_t i = 0; i < p.size(); ++i)
    BOOST_TEST((p[i] > 0.5f) == (temps[std::size_t(plan.held()[i].temperature)] < s.t_label));
}
