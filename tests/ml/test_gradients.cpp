// Every gradient of the network against central finite differences, in double (the math
// is templated on the scalar), then the float network against the double one.
#define BOOST_TEST_MODULE ml_gradients
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/random.hpp"
#include "ml/activation.hpp"
#include "ml/dense_layer.hpp"
#include "ml/loss.hpp"
#include "ml/network.hpp"

using namespace phaselearn;
using namespace phaselearn::ml;

namespace {

constexpr double step = 1e-6;

Matrix<double> random_matrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t index,
                             double scale = 1) {
  Xoshiro256pp rng(99, index, Purpose::synthetic);
  Matrix<double> m(rows, cols);
  for (auto& x : m.reshaped()) x = scale * (2 * rng.uniform() - 1);
  return m;
}

std::vector<std::int8_t> random_classes(std::size_t n, std::uint64_t index) {
  Xoshiro256pp rng(99, index, Purpose::synthetic);
  std::vector<std::int8_t> classes(n);
  for (auto& c : classes) c = std::int8_t(rng() >> 63);
  return classes;
}

// d loss / d value by central differences, perturbing `value` in place.
double numerical(double& value, const std::function<double()>& loss) {
  const double saved = value;
  value = saved + step;
  const double up = loss();
  value = saved - step;
  const double down = loss();
  value = saved;
  return (up - down) / (2 * step);
}

void check_close(double analytic, double numeric, const std::string& what) {
  BOOST_TEST_CONTEXT(what) {
    BOOST_TEST(std::abs(analytic - numeric) <= 1e-6 * (1 + std::abs(numeric)),
               "analytic " << analytic << " vs finite difference " << numeric);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(activation_derivatives) {
  for (Activation activation : {Activation::relu, Activation::tanh, Activation::sigmoid}) {
    Matrix<double> z = random_matrix(7, 5, 1, 3);
    for (auto& x : z.reshaped())
      if (std::abs(x) < 1e-3) x = 0.5;  // keep away from ReLU's kink
    const Matrix<double> upstream = random_matrix(7, 5, 2);
    Matrix<double> a = z;
    activate(activation, a);
    Matrix<double> gradient = upstream;
    multiply_by_derivative(activation, a, gradient);
    // loss = sum(upstream .* f(z))
    for (Eigen::Index i = 0; i < z.size(); ++i) {
      const double fd = numerical(z.reshaped()(i), [&] {
        Matrix<double> f = z;
        activate(activation, f);
        return (upstream.array() * f.array()).sum();
      });
      check_close(gradient.reshaped()(i), fd, to_string(activation) + " entry " + std::to_string(i));
    }
  }
}

BOOST_AUTO_TEST_CASE(activation_values) {
  Matrix<double> z(1, 3);
  z << -2, 0.5, 3;
  Matrix<double> a = z;
  activate(Activation::relu, a);
  BOOST_TEST(a(0, 0) == 0.0);
  BOOST_TEST(a(0, 2) == 3.0);
  a = z;
  activate(Activation::tanh, a);
  BOOST_TEST(a(0, 1) == std::tanh(0.5), boost::test_tools::tolerance(1e-12));
  a = z;
  activate(Activation::sigmoid, a);
  BOOST_TEST(a(0, 0) == 1 / (1 + std::exp(2.0)), boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(dense_layer_gradients) {
  const int inputs = 6, outputs = 4, batch = 5;
  std::vector<double> parameters(DenseLayer<double>::parameter_count(inputs, outputs));
  std::vector<double> gradient(parameters.size(), 0.0);
  const Matrix<double> init = random_matrix(Eigen::Index(parameters.size()), 1, 3);
  for (std::size_t i = 0; i < parameters.size(); ++i) parameters[i] = init(Eigen::Index(i), 0);
  DenseLayer<double> layer(inputs, outputs, parameters.data(), gradient.data());
  Matrix<double> in = random_matrix(inputs, batch, 4);
  const Matrix<double> upstream = random_matrix(outputs, batch, 5);

  const auto loss = [&] {  // sum(upstream .* (W in + b))
    Matrix<double> out;
    layer.forward(in, out);
    return (upstream.array() * out.array()).sum();
  };
  Matrix<double> d_in;
  layer.backward(in, upstream, &d_in);
  for (std::size_t i = 0; i < parameters.size(); ++i)
    check_close(gradient[i], numerical(parameters[i], loss), "parameter " + std::to_string(i));
  for (Eigen::Index i = 0; i < in.size(); ++i)
    check_close(d_in.reshaped()(i), numerical(in.reshaped()(i), loss), "input " + std::to_string(i));

  // backward accumulates: a second call doubles the parameter gradient
  const std::vector<double> once = gradient;
  layer.backward(in, upstream, nullptr);
  for (std::size_t i = 0; i < gradient.size(); ++i) BOOST_TEST(gradient[i] == 2 * once[i]);
}

BOOST_AUTO_TEST_CASE(softmax_cross_entropy_gradient_and_value) {
  const int batch = 9;
  Matrix<double> logits = random_matrix(class_count, batch, 6, 4);
  const auto classes = random_classes(batch, 7);
  Matrix<double> d_logits;
  const BatchStats stats = softmax_cross_entropy(logits, classes, d_logits);

  double expected = 0;
  std::int64_t correct = 0;
  for (int i = 0; i < batch; ++i) {
    const double z0 = logits(0, i), z1 = logits(1, i);
    const double log_norm = std::log(std::exp(z0) + std::exp(z1));
    expected -= (classes[i] == ordered_class ? z1 : z0) - log_norm;
    correct += (z1 > z0) == (classes[i] == ordered_class);
  }
  BOOST_TEST(stats.loss_sum == expected, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(stats.correct == correct);
  BOOST_TEST(stats.count == batch);

  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    const double fd = numerical(logits.reshaped()(i), [&] {
      Matrix<double> unused;
      return softmax_cross_entropy(logits, classes, unused).loss_sum;
    });
    check_close(d_logits.reshaped()(i), fd, "logit " + std::to_string(i));
  }
}

BOOST_AUTO_TEST_CASE(loss_is_finite_for_extreme_logits) {
  Matrix<double> logits(2, 2);
  logits << 800, -800, -800, 800;  // confidently wrong on both
  Matrix<double> d;
  const BatchStats stats = softmax_cross_entropy(logits, std::vector<std::int8_t>{1, 0}, d);
  BOOST_TEST(stats.loss_sum == 3200.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(std::isfinite(d(0, 0)));
}

BOOST_AUTO_TEST_CASE(whole_network_gradient) {
  for (Activation activation : {Activation::relu, Activation::tanh, Activation::sigmoid}) {
    BOOST_TEST_CONTEXT(to_string(activation)) {
      BasicNetwork<double> network({7, {6, 5}, activation}, 42);
      // Non-zero biases: at zero a dead ReLU layer leaves the next pre-activation exactly
      // on the kink, where the finite difference is one-sided.
      const Matrix<double> values = random_matrix(Eigen::Index(network.parameters().size()), 1, 12);
      for (std::size_t i = 0; i < network.parameters().size(); ++i)
        network.parameters()[i] = values(Eigen::Index(i), 0);
      const Matrix<double> inputs = random_matrix(7, 11, 8);
      const auto classes = random_classes(11, 9);
      const auto loss = [&] {
        const double value = network.accumulate_gradient(inputs, classes).loss_sum;
        network.zero_gradient();
        return value;
      };
      network.accumulate_gradient(inputs, classes);
      const std::vector<double> analytic(network.gradient().begin(), network.gradient().end());
      network.zero_gradient();
      auto parameters = network.parameters();
      for (std::size_t i = 0; i < parameters.size(); ++i)
        check_close(analytic[i], numerical(parameters[i], loss), "parameter " + std::to_string(i));
    }
  }
}

BOOST_AUTO_TEST_CASE(float_network_matches_double) {
  const NetworkShape shape{30, {20}, Activation::tanh};
  BasicNetwork<double> exact(shape, 5);
  BasicNetwork<float> fast(shape, 5);
  const Matrix<double> inputs = random_matrix(30, 16, 10);
  const auto classes = random_classes(16, 11);
  const double loss = exact.accumulate_gradient(inputs, classes).loss_sum;
  const double loss_float = fast.accumulate_gradient(inputs.cast<float>(), classes).loss_sum;
  BOOST_TEST(loss_float == loss, boost::test_tools::tolerance(1e-5));
  double largest = 0;
  for (double g : exact.gradient()) largest = std::max(largest, std::abs(g));
  for (std::size_t i = 0; i < exact.gradient().size(); ++i)
    BOOST_TEST(std::abs(fast.gradient()[i] - exact.gradient()[i]) <= 1e-5 * largest);
}
