// The VAE objective: log I0 against the Bessel function, the models' energy callbacks
// against their definitions, every term of the loss (von Mises and Bernoulli
// reconstruction, KL, the energy term through the decoder) against central finite
// differences in double, and a tiny known distribution it must recover: XY configurations
// at T -> 0, all spins aligned at a random global angle, whose latent must encode the angle.
#define BOOST_TEST_MODULE ml_vae
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "core/random.hpp"
#include "ml/collectives.hpp"
#include "ml/data_plan.hpp"
#include "ml/labels.hpp"
#include "ml/objectives/vae.hpp"
#include "ml/objectives/von_mises.hpp"
#include "ml/trainer.hpp"
#include "ml/xy_inputs.hpp"
#include "models/ising2d/energy_gradient.hpp"
#include "models/xy2d/energy_gradient.hpp"

using namespace phaselearn;
using namespace phaselearn::ml;

namespace {

constexpr double step = 1e-6;
constexpr double pi = std::numbers::pi;

double numerical(double& value, const std::function<double()>& f) {
  const double saved = value;
  value = saved + step;
  const double up = f();
  value = saved - step;
  const double down = f();
  value = saved;
  return (up - down) / (2 * step);
}

std::vector<double> random_angles(int n, std::uint64_t index) {
  Xoshiro256pp rng(31, index, Purpose::synthetic);
  std::vector<double> a(static_cast<std::size_t>(n));
  for (double& x : a) x = 2 * pi * rng.uniform();
  return a;
}

// (cos, sin) channel by channel
std::vector<double> unit_vectors(const std::vector<double>& angles) {
  const std::size_t n = angles.size();
  std::vector<double> spins(2 * n);
  for (std::size_t i = 0; i < n; ++i) spins[i] = std::cos(angles[i]), spins[n + i] = std::sin(angles[i]);
  return spins;
}

}  // namespace

BOOST_AUTO_TEST_CASE(log_bessel_i0_matches_the_bessel_function_and_its_own_derivative) {
  for (double kappa : {0.0, 0.01, 0.5, 1.0, 2.5, 3.7, 3.8, 5.0, 10.0, 30.0, 200.0}) {
    Eigen::ArrayXd k(1), log_i0(1), ratio(1);
    k << kappa;
    log_bessel_i0(k, log_i0, ratio);
    BOOST_TEST_CONTEXT("kappa " << kappa) {
      BOOST_TEST(std::abs(log_i0(0) - std::log(std::cyl_bessel_i(0.0, kappa))) < 5e-7);
      const double exact_ratio = std::cyl_bessel_i(1.0, kappa) / std::cyl_bessel_i(0.0, kappa);
      BOOST_TEST(std::abs(ratio(0) - exact_ratio) < 2e-5);
      if (kappa > 0.01 && std::abs(kappa - 3.75) > 0.01) {  // its own derivative, to rounding
        Eigen::ArrayXd up(1), down(1), r(1);
        k << kappa + step;
        log_bessel_i0(k, up, r);
        k << kappa - step;
        log_bessel_i0(k, down, r);
        BOOST_TEST(std::abs((up(0) - down(0)) / (2 * step) - ratio(0)) < 1e-8);
      }
    }
  }
  Eigen::ArrayXf k(1), log_i0(1), ratio(1);  // no overflow in float either
  k << 1000.0f;
  log_bessel_i0(k, log_i0, ratio);
  BOOST_TEST(std::isfinite(log_i0(0)));
}

BOOST_AUTO_TEST_CASE(xy_energy_and_its_angle_gradient) {
  const int L = 5;
  const double J = 1.3;
  auto angles = random_angles(L * L, 1);
  double direct = 0;
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      const double a = angles[std::size_t(y * L + x)];
      direct += std::cos(a - angles[std::size_t(y * L + (x + 1) % L)]) +
                std::cos(a - angles[std::size_t(((y + 1) % L) * L + x)]);
    }
  std::vector<double> gradient(std::size_t(L * L));
  BOOST_TEST(xy2d::energy_per_spin(unit_vectors(angles), L, J, gradient) ==
             -J * direct / (L * L), boost::test_tools::tolerance(1e-12));
  for (std::size_t i = 0; i < angles.size(); ++i) {
    const double fd = numerical(angles[i], [&] {
      return xy2d::energy_per_spin(unit_vectors(angles), L, J, {});
    });
    BOOST_TEST(std::abs(gradient[i] - fd) < 1e-8);
  }
  // the ground state: e = -2J, no vortices; a single vortex at the centre of a 6 x 6
  const std::vector<double> aligned(std::size_t(L * L), 0.7);
  BOOST_TEST(xy2d::energy_per_spin(unit_vectors(aligned), L, J, {}) == -2 * J,
             boost::test_tools::tolerance(1e-12));
  BOOST_TEST(xy2d::vortex_density(aligned, L) == 0.0);
  std::vector<double> vortex(36);
  for (int y = 0; y < 6; ++y)
    for (int x = 0; x < 6; ++x) vortex[std::size_t(y * 6 + x)] = std::atan2(y - 2.5, x - 2.5);
  BOOST_TEST(xy2d::vortex_density(vortex, 6) * 36 >= 1.0);  // the centre (and its periodic partners)
}

BOOST_AUTO_TEST_CASE(ising_mean_spin_energy_and_gradient) {
  const int L = 4;
  Xoshiro256pp rng(3, 0, Purpose::synthetic);
  std::vector<double> m(16);
  for (double& v : m) v = 2 * rng.uniform() - 1;
  std::vector<double> gradient(16);
  const double e = ising2d::energy_per_spin(m, L, 1.0, gradient);
  for (std::size_t i = 0; i < m.size(); ++i) {
    const double fd = numerical(m[i], [&] { return ising2d::energy_per_spin(m, L, 1.0, {}); });
    BOOST_TEST(std::abs(gradient[i] - fd) < 1e-9);
  }
  const std::vector<double> up(16, 1.0);
  BOOST_TEST(ising2d::energy_per_spin(up, L, 1.0, {}) == -2.0);
  BOOST_TEST(std::isfinite(e));
}

namespace {

// Every parameter's gradient of the summed loss against central differences.
void check_vae_gradient(SiteLikelihood likelihood, const VaeWeights& weights, const char* what,
                        bool energy_input = false) {
  const int L = 3, N = L * L, n = 4;
  const VaeShape shape{N, likelihood, {7, 5}, Activation::tanh, 2, energy_input};
  BasicVae<double> vae(shape, 8);
  Matrix<double> x(shape.inputs(), n), noise(2, n);
  Xoshiro256pp rng(5, 0, Purpose::synthetic);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (int i = 0; i < N; ++i) {
      const double a = 2 * pi * rng.uniform();
      if (likelihood == SiteLikelihood::von_mises)
        x(i, j) = std::cos(a), x(N + i, j) = std::sin(a);
      else
        x(i, j) = a < pi ? 1.0 : -1.0;
    }
    noise(0, j) = 2 * rng.uniform() - 1, noise(1, j) = 2 * rng.uniform() - 1;
  }
  const EnergyFunction energy =
      likelihood == SiteLikelihood::von_mises
          ? EnergyFunction([&](std::span<const double> s, std::span<double> g) {
              return xy2d::energy_per_spin(s, L, 1.0, g);
            })
          : EnergyFunction([&](std::span<const double> s, std::span<double> g) {
              return ising2d::energy_per_spin(s, L, 1.0, g);
            });
  // larger weights than initialisation gives, so every term has a real gradient
  for (auto& w : vae.parameters()) w *= 3;
  for (auto& g : vae.gradient()) g = 0;
  const VaeTerms terms = vae.loss(x, noise, weights, energy, true);
  BOOST_TEST(terms.count == n);
  BOOST_TEST(terms.loss == terms.reconstruction + weights.kl * terms.kl + weights.energy * terms.energy,
             boost::test_tools::tolerance(1e-12));
  const std::vector<double> analytic(vae.gradient().begin(), vae.gradient().end());
  std::size_t worse = 0;
  double worst = 0;
  for (std::size_t p = 0; p < analytic.size(); ++p) {
    const double fd = numerical(vae.parameters()[p], [&] {
      return vae.loss(x, noise, weights, energy, false).loss;
    });
    const double error = std::abs(analytic[p] - fd) / (1 + std::abs(fd));
    worst = std::max(worst, error);
    worse += error > 1e-6;
  }
  BOOST_TEST_CONTEXT(what) {
    BOOST_TEST(worse == 0u, "largest relative error " << worst);
    if (weights.energy > 0) BOOST_TEST(terms.energy > 0);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(von_mises_reconstruction_gradient) {
  check_vae_gradient(SiteLikelihood::von_mises, {0, 0}, "von Mises NLL alone");
}
BOOST_AUTO_TEST_CASE(kl_gradient) {
  check_vae_gradient(SiteLikelihood::von_mises, {1.7, 0}, "NLL + KL");
}
BOOST_AUTO_TEST_CASE(xy_energy_term_gradient_through_the_decoder) {
  check_vae_gradient(SiteLikelihood::von_mises, {0, 2.5}, "NLL + energy");
  check_vae_gradient(SiteLikelihood::von_mises, {0.3, 0.8}, "all three");
}
BOOST_AUTO_TEST_CASE(energy_input_gradient) {
  check_vae_gradient(SiteLikelihood::von_mises, {0.3, 0.8}, "XY, energy as an encoder input", true);
  check_vae_gradient(SiteLikelihood::bernoulli, {1, 2}, "Ising, energy as an encoder input", true);
}

// train.energy_input: the encoder's last input is the callback's energy of the column in
// units of the thermal spread, √N (e − e₀)/|e₀| (e₀ = −2 aligned), weighted by the first
// layer's last column, and nothing else changes.
BOOST_AUTO_TEST_CASE(energy_input_is_the_callback_energy_of_each_sample) {
  const int L = 4, N = L * L, n = 3;
  VaeShape shape{N, SiteLikelihood::von_mises, {6}, Activation::relu, 2};
  BasicVae<double> plain(shape, 4);
  shape.energy_input = true;
  BasicVae<double> with(shape, 4);
  BOOST_TEST(plain.encoder()[0].inputs() == 2 * N);
  BOOST_TEST(with.encoder()[0].inputs() == 2 * N + 1);
  Matrix<double> x(2 * N, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const std::vector<double> s = unit_vectors(random_angles(N, std::uint64_t(j)));
    for (int i = 0; i < 2 * N; ++i) x(i, j) = s[std::size_t(i)];
  }
  // the same weights on the common inputs; the energy input's column set apart
  with.encoder()[0].weights().leftCols(2 * N) = plain.encoder()[0].weights();
  for (std::size_t l = 0; l < plain.encoder().size(); ++l) {
    with.encoder()[l].bias() = plain.encoder()[l].bias();
    if (l > 0) with.encoder()[l].weights() = plain.encoder()[l].weights();
  }
  const EnergyFunction energy = [&](std::span<const double> s, std::span<double> g) {
    return xy2d::energy_per_spin(s, L, 1.0, g);
  };
  const EnergyFunction zero = [](std::span<const double>, std::span<double>) { return 0.0; };
  Matrix<double> mean0, var0, mean1, var1, mean2, var2;
  plain.encode(x, energy, mean0, var0);
  with.encode(x, zero, mean1, var1);  // a zero energy input: the plain encoder
  BOOST_TEST((mean1 - mean0).cwiseAbs().maxCoeff() < 1e-14);
  with.encode(x, energy, mean2, var2);
  BOOST_TEST((mean2 - mean0).cwiseAbs().maxCoeff() > 1e-3);  // the energy reaches the latent
  // and exactly as the input value e(x) through the first layer's last column
  Matrix<double> hidden = with.encoder()[0].weights().leftCols(2 * N) * x;
  for (Eigen::Index j = 0; j < n; ++j) {
    std::vector<double> s(x.col(j).data(), x.col(j).data() + 2 * N);
    const double e = xy2d::energy_per_spin(s, L, 1.0, {});
    hidden.col(j) += with.encoder()[0].weights().col(2 * N) * (std::sqrt(double(N)) * (e + 2) / 2);
  }
  hidden = (hidden.colwise() + with.encoder()[0].bias()).cwiseMax(0.0);
  const Matrix<double> code = (with.encoder()[1].weights() * hidden).colwise() + with.encoder()[1].bias();
  BOOST_TEST((code.topRows(2) - mean2).cwiseAbs().maxCoeff() < 1e-12);
}

BOOST_AUTO_TEST_CASE(bernoulli_terms_gradient) {
  check_vae_gradient(SiteLikelihood::bernoulli, {0, 0}, "Bernoulli NLL alone");
  check_vae_gradient(SiteLikelihood::bernoulli, {1, 2}, "Bernoulli NLL + KL + energy");
}

BOOST_AUTO_TEST_CASE(noise_is_keyed_by_lane_not_by_how_the_batch_is_split) {
  const Matrix<float> whole = latent_noise(4, {2, 7, 0}, 3, 8);
  const Matrix<float> back = latent_noise(4, {2, 7, 5}, 3, 3);
  BOOST_TEST((whole.rightCols(3) == back));
  BOOST_TEST((whole != latent_noise(4, {2, 8, 0}, 3, 8)));  // another step, other noise
  const Eigen::ArrayXf all = latent_noise(9, {0, 0, 0}, 4, 2000).reshaped().array();
  BOOST_TEST(std::abs(all.mean()) < 0.05);
  BOOST_TEST(std::abs((all - all.mean()).square().mean() - 1) < 0.05);
}

// T -> 0: every configuration is aligned at a random global angle φ. With a 2-d latent
// the VAE must carry φ: the decoded mean angle of each validation sample from its latent
// mean must come back within 0.2 rad of its φ.
BOOST_AUTO_TEST_CASE(aligned_configurations_the_latent_encodes_the_global_angle) {
  const int L = 4, per_t = 200;
  const std::vector<double> temps = {0.01, 0.02};
  TrainSettings s{};
  s.hidden = {32};
  s.activation = "tanh";
  s.optimizer = "adam";
  s.learning_rate = 0.01;
  s.weight_decay = 0;
  s.batch_size = 32;
  s.epochs = 60;
  s.patience = 0;
  s.latent = 2;
  s.kl_weight = 1;
  s.energy_weight = 1;
  const TemperatureLabels labels(temps.size(), Label::ordered);
  const ValidationSplit split(2, per_t, 0.2, 10, 1);
  const DataPlan plan(labels, split, s.batch_size, 1, 0);
  std::vector<float> angles;
  std::vector<double> phi;
  for (const SampleId& id : plan.held()) {
    Xoshiro256pp rng(77, std::uint64_t(id.temperature * 1000 + id.sample), Purpose::synthetic);
    phi.push_back(2 * pi * rng.uniform());
    angles.insert(angles.end(), std::size_t(L * L), float(phi.back()));
  }
  const XyInputs inputs(angles, L, L, XyFrame::lattice);
  VaeObjective objective(s, 3, inputs, SiteLikelihood::von_mises,
                         [&](std::span<const double> spins, std::span<double> g) {
                           return xy2d::energy_per_spin(spins, L, 1.0, g);
                         });
  Trainer trainer(s, 3, inputs, plan, objective, RankCollectives::serial());
  trainer.fit();
  BOOST_TEST(trainer.best().val_loss() < trainer.history().front().val_loss());

  const auto validation = plan.validation();
  Matrix<float> x(inputs.width(), Eigen::Index(validation.size())), mean, log_var, spins, decoded;
  for (std::size_t j = 0; j < validation.size(); ++j)
    inputs.write(std::size_t(validation[j]), {}, x.col(Eigen::Index(j)).data());
  objective.vae().encode(x, objective.energy(), mean, log_var);
  objective.vae().decode(mean, spins, decoded);
  int far = 0;
  for (std::size_t j = 0; j < validation.size(); ++j) {
    const double target = phi[std::size_t(validation[j])];
    double worst = 0;
    for (int i = 0; i < L * L; ++i) {
      const double d = std::remainder(double(decoded(i, Eigen::Index(j))) - target, 2 * pi);
      worst = std::max(worst, std::abs(d));
    }
    far += worst > 0.2;
  }
  BOOST_TEST(far <= int(validation.size()) / 20, far << " of " << validation.size()
                                                     << " samples decoded more than 0.2 rad off");
}
