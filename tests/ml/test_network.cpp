// The network's buffers, initial weights, optimizers, the split of a global batch into
// parts, and the exact Z2 symmetry of its predictions.
#define BOOST_TEST_MODULE ml_network
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/errors.hpp"
#include "core/random.hpp"
#include "ml/network.hpp"
#include "ml/optimizer.hpp"

using namespace phaselearn;
using namespace phaselearn::ml;

namespace {

const NetworkShape spins_shape{64, {24}, Activation::relu};

Matrix<float> random_spins(Eigen::Index inputs, Eigen::Index samples, std::uint64_t index) {
  Xoshiro256pp rng(7, index, Purpose::synthetic);
  Matrix<float> x(inputs, samples);
  for (auto& s : x.reshaped()) s = (rng() >> 63) ? 1.0f : -1.0f;
  return x;
}

std::vector<std::int8_t> alternating_classes(std::size_t n) {
  std::vector<std::int8_t> classes(n);
  for (std::size_t i = 0; i < n; ++i) classes[i] = std::int8_t(i % 2);
  return classes;
}

std::vector<float> copy(std::span<const float> values) { return {values.begin(), values.end()}; }

float largest_magnitude(std::span<const float> values) {
  float m = 0;
  for (float v : values) m = std::max(m, std::abs(v));
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(parameters_and_gradients_are_one_contiguous_buffer_each) {
  Network network({10, {7, 5}, Activation::tanh}, 1);
  const std::size_t expected = 7 * 11 + 5 * 8 + 2 * 6;
  BOOST_TEST(network.parameters().size() == expected);
  BOOST_TEST(network.gradient().size() == expected);
  const float* p = network.parameters().data();
  const float* g = network.gradient().data();
  std::size_t offset = 0;
  for (auto& layer : network.layers()) {
    BOOST_TEST(layer.weights().data() == p + offset);
    BOOST_TEST(layer.weight_gradient().data() == g + offset);
    offset += std::size_t(layer.weights().size());
    BOOST_TEST(layer.bias().data() == p + offset);
    BOOST_TEST(layer.bias_gradient().data() == g + offset);
    offset += std::size_t(layer.bias().size());
  }
  BOOST_TEST(offset == expected);
}

BOOST_AUTO_TEST_CASE(same_seed_gives_identical_weights) {
  Network a(spins_shape, 2024), b(spins_shape, 2024), c(spins_shape, 2025);
  BOOST_TEST(copy(a.parameters()) == copy(b.parameters()));
  BOOST_TEST(copy(a.parameters()) != copy(c.parameters()));
  // float and double draw the same numbers
  BasicNetwork<double> d(spins_shape, 2024);
  for (std::size_t i = 0; i < a.parameters().size(); ++i)
    BOOST_TEST(a.parameters()[i] == float(d.parameters()[i]));
}

BOOST_AUTO_TEST_CASE(initial_weights_follow_he_and_glorot) {
  for (Activation activation : {Activation::relu, Activation::tanh}) {
    Network network({900, {100}, activation}, 3);
    const auto hidden = network.layers()[0].weights();
    const double bound = activation == Activation::relu ? std::sqrt(6.0 / 900)
                                                        : std::sqrt(6.0 / 1000);
    const double largest = hidden.cwiseAbs().maxCoeff();
    BOOST_TEST(largest <= bound);
    BOOST_TEST(largest >= 0.99 * bound);
    // uniform on [-bound, bound]: variance bound^2 / 3
    const double variance = hidden.cast<double>().array().square().mean();
    BOOST_TEST(variance == bound * bound / 3, boost::test_tools::tolerance(0.02));
    BOOST_TEST(network.layers()[0].bias().isZero());
    const double output_bound = std::sqrt(6.0 / 102);
    BOOST_TEST(network.layers()[1].weights().cwiseAbs().maxCoeff() <= output_bound);
  }
}

BOOST_AUTO_TEST_CASE(sgd_and_adam_follow_their_formulas) {
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::adam}) {
    Network network({3, {2}, Activation::relu}, 4);
    const double lr = 0.01, decay = 0.1;
    Optimizer optimizer(kind, lr, decay, network.parameters().size());
    std::vector<double> w(network.parameters().begin(), network.parameters().end());
    std::vector<double> m(w.size(), 0), v(w.size(), 0);
    std::vector<bool> is_bias(w.size(), false);
    for (auto& layer : network.layers())
      for (Eigen::Index i = 0; i < layer.bias().size(); ++i)
        is_bias[std::size_t(layer.bias().data() + i - network.parameters().data())] = true;

    for (int t = 1; t <= 3; ++t) {
      const std::int64_t count = 8;
      for (std::size_t i = 0; i < w.size(); ++i) network.gradient()[i] = float(0.5 * i - 2.0 * t);
      for (std::size_t i = 0; i < w.size(); ++i) {
        const double g = (0.5 * i - 2.0 * t) / count + (is_bias[i] ? 0 : decay * w[i]);
        if (kind == OptimizerKind::sgd) {
          w[i] -= lr * g;
        } else {
          m[i] = 0.9 * m[i] + 0.1 * g;
          v[i] = 0.999 * v[i] + 0.001 * g * g;
          const double m_hat = m[i] / (1 - std::pow(0.9, t));
          const double v_hat = v[i] / (1 - std::pow(0.999, t));
          w[i] -= lr * m_hat / (std::sqrt(v_hat) + 1e-8);
        }
      }
      optimizer.step(network, count);
      for (std::size_t i = 0; i < w.size(); ++i) {
        BOOST_TEST(network.parameters()[i] == w[i], boost::test_tools::tolerance(1e-5));
        BOOST_TEST(network.gradient()[i] == 0.0f);
      }
    }
    BOOST_TEST(optimizer.state().steps == 3);
  }
}

BOOST_AUTO_TEST_CASE(optimizer_state_round_trip) {
  Network a(spins_shape, 5), b(spins_shape, 5);
  Optimizer first(OptimizerKind::adam, 1e-3, 1e-4, a.parameters().size());
  const Matrix<float> x = random_spins(64, 16, 1);
  const auto classes = alternating_classes(16);
  for (int i = 0; i < 3; ++i) {
    a.accumulate_gradient(x, classes);
    first.step(a, 16);
  }
  // b continues from a's checkpoint: parameters and optimizer state
  std::copy(a.parameters().begin(), a.parameters().end(), b.parameters().begin());
  Optimizer second(OptimizerKind::adam, 1e-3, 1e-4, b.parameters().size());
  second.restore(first.state());
  for (Network* n : {&a, &b}) n->accumulate_gradient(x, classes);
  first.step(a, 16);
  second.step(b, 16);
  BOOST_TEST(copy(a.parameters()) == copy(b.parameters()));

  Optimizer sgd(OptimizerKind::sgd, 1e-3, 0, a.parameters().size());
  BOOST_CHECK_THROW(sgd.restore(first.state()), InputError);
}

// The data-parallel contract: parts of a global batch, accumulated separately and summed
// (what the allreduce does), give the update of the whole batch.
BOOST_AUTO_TEST_CASE(summed_parts_give_the_whole_batch_update) {
  const Eigen::Index batch = 64;
  const Matrix<float> x = random_spins(64, batch, 2);
  const auto classes = alternating_classes(batch);
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::adam}) {
    Network whole(spins_shape, 6);
    Optimizer whole_optimizer(kind, 1e-2, 1e-3, whole.parameters().size());
    const auto before = copy(whole.parameters());
    const BatchStats whole_stats = whole.accumulate_gradient(x, classes);
    const auto whole_gradient = copy(whole.gradient());
    whole_optimizer.step(whole, batch);

    for (int parts : {2, 4}) {
      BOOST_TEST_CONTEXT(to_string(kind) << ", " << parts << " parts") {
        std::vector<Network> ranks;
        for (int r = 0; r < parts; ++r) ranks.emplace_back(spins_shape, 6);
        BatchStats stats;
        for (int r = 0; r < parts; ++r) {
          const Eigen::Index begin = r * batch / parts, end = (r + 1) * batch / parts;
          stats += ranks[r].accumulate_gradient(
              x.middleCols(begin, end - begin),
              std::span(classes).subspan(std::size_t(begin), std::size_t(end - begin)));
        }
        BOOST_TEST(stats.count == whole_stats.count);
        BOOST_TEST(stats.correct == whole_stats.correct);
        BOOST_TEST(stats.loss_sum == whole_stats.loss_sum, boost::test_tools::tolerance(1e-5));
        // the allreduce: every rank ends with the sum of all parts
        std::vector<float> total(whole_gradient.size(), 0.0f);
        for (auto& rank : ranks)
          for (std::size_t i = 0; i < total.size(); ++i) total[i] += rank.gradient()[i];
        const float scale = largest_magnitude(whole_gradient);
        for (std::size_t i = 0; i < total.size(); ++i)
          BOOST_TEST(std::abs(total[i] - whole_gradient[i]) <= 1e-5f * scale);
        for (auto& rank : ranks) {
          std::copy(total.begin(), total.end(), rank.gradient().begin());
          Optimizer optimizer(kind, 1e-2, 1e-3, rank.parameters().size());
          optimizer.step(rank, batch);
        }
        for (int r = 1; r < parts; ++r)
          BOOST_TEST(copy(ranks[r].parameters()) == copy(ranks[0].parameters()));
        // Adam's first step is about lr * sign(g); components whose gradient is at the
        // rounding level may differ a little, never by a whole step.
        const float tolerance = kind == OptimizerKind::sgd ? 1e-6f : 1e-3f * 1e-2f;
        for (std::size_t i = 0; i < before.size(); ++i) {
          const float step_whole = whole.parameters()[i] - before[i];
          const float step_parts = ranks[0].parameters()[i] - before[i];
          BOOST_TEST(std::abs(step_whole - step_parts) <= tolerance);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(prediction_is_exactly_z2_symmetric) {
  for (Activation activation : {Activation::relu, Activation::tanh, Activation::sigmoid}) {
    Network network({64, {24, 12}, activation}, 8);
    // non-zero biases everywhere, so nothing is symmetric by accident
    Xoshiro256pp rng(8, 1, Purpose::synthetic);
    for (auto& layer : network.layers())
      for (auto& b : layer.bias().reshaped()) b = float(rng.uniform() - 0.5);
    const Matrix<float> x = random_spins(64, 40, 3);
    const Matrix<float> flipped = -x;
    std::vector<float> p(40), p_flipped(40);
    network.predict_ordered(x, p);
    network.predict_ordered(flipped, p_flipped);
    BOOST_TEST(p == p_flipped);
    // ... while the plain network is not: the symmetry comes from the prediction
    const auto classes = alternating_classes(40);
    const double loss = network.accumulate_gradient(x, classes).loss_sum;
    const double loss_flipped = network.accumulate_gradient(flipped, classes).loss_sum;
    BOOST_TEST(loss != loss_flipped);
  }
}

BOOST_AUTO_TEST_CASE(bad_names_are_input_errors) {
  BOOST_CHECK_THROW(parse_activation("softsign"), InputError);
  BOOST_CHECK_THROW(parse_optimizer("rmsprop"), InputError);
  TrainSettings settings{};
  settings.hidden = {0};
  settings.activation = "relu";
  BOOST_CHECK_THROW(network_shape(settings, 16), InputError);
}
