#include "ml/objectives/vae.hpp"

#include <cassert>
#include <cmath>
#include <numbers>
#include <string>

#include "core/errors.hpp"
#include "core/random.hpp"
#include "ml/objectives/von_mises.hpp"
#include "ml/optimizer.hpp"

namespace phaselearn::ml {
namespace {

// Keeps |(u, v)| away from 0, where the mean angle is undefined.
template <class Scalar>
constexpr Scalar length_floor = Scalar(1e-12);

std::span<double> as_span(Eigen::VectorXd& v) { return {v.data(), std::size_t(v.size())}; }

// Standard normals into a column, two per Box-Muller pair.
void fill_normal(Xoshiro256pp& rng, float* out, int count) {
  for (int k = 0; k < count; k += 2) {
    const double radius = std::sqrt(-2 * std::log(1 - rng.uniform()));
    const double angle = 2 * std::numbers::pi * rng.uniform();
    out[k] = float(radius * std::cos(angle));
    if (k + 1 < count) out[k + 1] = float(radius * std::sin(angle));
  }
}

}  // namespace

VaeShape vae_shape(const TrainSettings& settings, int sites, SiteLikelihood likelihood) {
  if (sites < 1) throw InputError("the VAE needs at least one site");
  if (settings.latent < 1) throw InputError("train.latent must be at least 1");
  for (int units : settings.hidden)
    if (units < 1) throw InputError("train.hidden: every layer needs at least one unit");
  return {sites, likelihood, settings.hidden, parse_activation(settings.activation),
          settings.latent, settings.energy_input && settings.energy_weight > 0};
}

template <class Scalar>
BasicVae<Scalar>::BasicVae(VaeShape shape, std::uint64_t seed) : shape_(std::move(shape)) {
  std::vector<int> encoder{shape_.encoder_inputs()};
  encoder.insert(encoder.end(), shape_.hidden.begin(), shape_.hidden.end());
  encoder.push_back(2 * shape_.latent);
  std::vector<int> decoder{shape_.latent};
  decoder.insert(decoder.end(), shape_.hidden.rbegin(), shape_.hidden.rend());
  decoder.push_back(shape_.outputs());
  encoder_layers_ = encoder.size() - 1;

  // (inputs, outputs, is the last layer of its stack) of every layer in order
  std::vector<std::array<int, 3>> plan;
  for (const auto* widths : {&encoder, &decoder})
    for (std::size_t l = 0; l + 1 < widths->size(); ++l)
      plan.push_back({(*widths)[l], (*widths)[l + 1], int(l + 2 == widths->size())});
  std::size_t total = 0;
  for (const auto& [in, out, last] : plan) total += DenseLayer<Scalar>::parameter_count(in, out);
  parameters_ = Vector::Zero(Eigen::Index(total));
  gradient_ = Vector::Zero(Eigen::Index(total + 1));  // + the vote

  std::size_t offset = 0;
  for (std::size_t l = 0; l < plan.size(); ++l) {
    const auto [in, out, last] = plan[l];
    layers_.emplace_back(in, out, parameters_.data() + offset, gradient_.data() + offset);
    offset += DenseLayer<Scalar>::parameter_count(in, out);
    const double fan_in = in, fan_out = out;
    const double bound = !last && shape_.activation == Activation::relu
                             ? std::sqrt(6 / fan_in)
                             : std::sqrt(6 / (fan_in + fan_out));
    Xoshiro256pp rng(seed, l, Purpose::weights);
    auto w = layers_.back().weights();
    for (Eigen::Index o = 0; o < w.rows(); ++o)
      for (Eigen::Index i = 0; i < w.cols(); ++i) w(o, i) = Scalar(bound * (2 * rng.uniform() - 1));
  }
  outputs_.resize(layers_.size());
}

template <class Scalar>
void BasicVae<Scalar>::measure_input_energies(const Matrix<Scalar>& inputs,
                                              const EnergyFunction& energy) {
  const Eigen::Index n = inputs.cols(), values = shape_.spin_components() * shape_.sites;
  input_energy_.resize(n);
  given_.resize(values);
  for (Eigen::Index j = 0; j < n; ++j) {
    given_ = inputs.col(j).head(values).template cast<double>();
    input_energy_(j) = energy(as_span(given_), {});
  }
  given_.setZero();
  given_.head(shape_.sites).setOnes();
  aligned_energy_ = energy(as_span(given_), {});
}

template <class Scalar>
const Matrix<Scalar>& BasicVae<Scalar>::encoder_input(const Matrix<Scalar>& inputs) {
  if (!shape_.energy_input) return inputs;
  // In units of the thermal spread: √N (e − e₀)/|e₀|, e₀ the aligned configuration's
  // energy (−2J for XY and Ising). Raw e varies by ~0.1 over a temperature range and its
  // weight grows at Adam's pace: at L = 32 the latent had not learnt it in 30 epochs.
  const double e0 = aligned_energy_;
  const double scale = std::sqrt(double(shape_.sites)) / (e0 != 0 ? std::abs(e0) : 1.0);
  encoder_in_.resize(inputs.rows() + 1, inputs.cols());
  encoder_in_.topRows(inputs.rows()) = inputs;
  encoder_in_.bottomRows(1) =
      (scale * (input_energy_.array() - e0)).matrix().transpose().template cast<Scalar>();
  return encoder_in_;
}

template <class Scalar>
void BasicVae<Scalar>::forward(std::size_t first, std::size_t last, const Matrix<Scalar>& in) {
  for (std::size_t l = first; l < last; ++l) {
    layers_[l].forward(l == first ? in : outputs_[l - 1], outputs_[l]);
    if (l + 1 < last) activate(shape_.activation, outputs_[l]);
  }
}

template <class Scalar>
void BasicVae<Scalar>::backward(std::size_t first, std::size_t last, const Matrix<Scalar>& in,
                                Matrix<Scalar>* d_in) {
  for (std::size_t l = last; l-- > first;) {
    if (l == first) {
      layers_[l].backward(in, delta_, d_in);
      return;
    }
    layers_[l].backward(outputs_[l - 1], delta_, &delta_below_);
    multiply_by_derivative(shape_.activation, outputs_[l - 1], delta_below_);
    delta_.swap(delta_below_);
  }
}

template <class Scalar>
void BasicVae<Scalar>::reconstruction(const Matrix<Scalar>& inputs, const Matrix<Scalar>& out,
                                      Eigen::Array<Scalar, 1, Eigen::Dynamic>& per_column,
                                      Matrix<Scalar>* d_out) {
  using Array = Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  const Eigen::Index N = shape_.sites;
  if (shape_.likelihood == SiteLikelihood::bernoulli) {
    // −log p(s | ℓ) = softplus(−s ℓ) for s = ±1
    const Array margin = -(inputs.array() * out.array());
    per_column = (margin.max(Scalar(0)) + (-margin.abs()).exp().log1p()).colwise().sum();
    if (d_out) *d_out = (-inputs.array() / (Scalar(1) + (-margin).exp())).matrix();
    return;
  }
  // von Mises: −log p(θ | μ, κ) = −κ cos(θ − μ) + log 2π + log I0(κ), with
  // cos(θ − μ) = (cos θ u + sin θ v) / |(u, v)| and κ = softplus(c).
  const auto u = out.topRows(N).array(), v = out.middleRows(N, N).array();
  const auto c = out.bottomRows(N).array();
  const auto a = inputs.topRows(N).array(), b = inputs.bottomRows(N).array();
  const Array inverse_length = (u.square() + v.square() + length_floor<Scalar>).rsqrt();
  const Array q = (a * u + b * v) * inverse_length;
  const Array kappa = c.max(Scalar(0)) + (-c.abs()).exp().log1p();
  Array log_i0(N, out.cols()), ratio(N, out.cols());
  log_bessel_i0(kappa, log_i0, ratio);
  const Scalar log_two_pi = Scalar(std::log(2 * std::numbers::pi));
  per_column = (log_i0 - kappa * q + log_two_pi).colwise().sum();
  if (!d_out) return;
  d_out->resize(out.rows(), out.cols());
  d_out->topRows(N).array() = -kappa * (a - q * u * inverse_length) * inverse_length;
  d_out->middleRows(N, N).array() = -kappa * (b - q * v * inverse_length) * inverse_length;
  d_out->bottomRows(N).array() = (ratio - q) / (Scalar(1) + (-c).exp());
}

template <class Scalar>
VaeTerms BasicVae<Scalar>::loss(const Matrix<Scalar>& inputs, const Matrix<Scalar>& noise,
                                const VaeWeights& weights, const EnergyFunction& energy,
                                bool accumulate, Matrix<double>* per_sample) {
  const Eigen::Index n = inputs.cols(), d = shape_.latent, N = shape_.sites;
  assert(inputs.rows() == shape_.inputs() && noise.rows() == d && noise.cols() == n);
  const std::size_t encoder_end = encoder_layers_, end = layers_.size();
  measure_input_energies(inputs, energy);
  const Matrix<Scalar>& encoded = encoder_input(inputs);
  forward(0, encoder_end, encoded);
  const Matrix<Scalar>& code = outputs_[encoder_end - 1];
  const auto mean = code.topRows(d).array(), log_var = code.bottomRows(d).array();
  const Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic> deviation = (Scalar(0.5) * log_var).exp();
  z_ = (mean + deviation * noise.array()).matrix();
  forward(encoder_end, end, z_);
  const Matrix<Scalar>& out = outputs_[end - 1];

  Eigen::Array<Scalar, 1, Eigen::Dynamic> nll(n);
  reconstruction(inputs, out, nll, accumulate ? &d_out_ : nullptr);
  const Eigen::Array<Scalar, 1, Eigen::Dynamic> kl =
      Scalar(0.5) * (mean.square() + log_var.exp() - Scalar(1) - log_var).colwise().sum();

  // The energy term, column by column through the model's callback (in double). The
  // decoded mean configuration of the whole batch first, vectorised: XY (u, v)/r, with
  // 1/r kept for dμ/du = −v/r², dμ/dv = u/r²; Ising m = tanh(ℓ/2).
  const bool xy = shape_.likelihood == SiteLikelihood::von_mises;
  const bool energy_gradient = accumulate && weights.energy != 0;
  const Eigen::Index components = shape_.spin_components();
  if (xy) {
    const auto u = out.topRows(N).array(), v = out.middleRows(N, N).array();
    inverse_length_ = (u.square() + v.square() + length_floor<Scalar>).rsqrt();
    decoded_.resize(2 * N, n);
    decoded_.topRows(N).array() = u * inverse_length_;
    decoded_.bottomRows(N).array() = v * inverse_length_;
  } else {
    decoded_ = (Scalar(0.5) * out.array()).tanh().matrix();
  }
  spins_.resize(components * N);
  energy_gradient_.resize(energy_gradient ? N : 0);
  VaeTerms terms;
  if (per_sample) per_sample->resize(3, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    spins_ = decoded_.col(j).template cast<double>();
    const double decoded = energy(as_span(spins_), as_span(energy_gradient_)),
                 input = input_energy_(j);
    const double difference = decoded - input;
    if (per_sample) (*per_sample)(0, j) = double(nll(j)), (*per_sample)(1, j) = decoded,
                    (*per_sample)(2, j) = input;
    const double term = double(N) * difference * difference;
    terms.reconstruction += double(nll(j));
    terms.kl += double(kl(j));
    terms.energy += term;
    terms.loss += double(nll(j)) + weights.kl * double(kl(j)) + weights.energy * term;
    if (!energy_gradient) continue;
    const Scalar factor = Scalar(2 * weights.energy * double(N) * difference);
    const auto g = energy_gradient_.template cast<Scalar>().array() * factor;
    if (xy) {  // ∂μ/∂u = −v / r², ∂μ/∂v = u / r²
      const auto inverse_square = inverse_length_.col(j).square();
      d_out_.col(j).head(N).array() -= g * out.col(j).segment(N, N).array() * inverse_square;
      d_out_.col(j).segment(N, N).array() += g * out.col(j).head(N).array() * inverse_square;
    } else {  // ∂m/∂ℓ = (1 − m²) / 2
      d_out_.col(j).array() +=
          g * Scalar(0.5) * (Scalar(1) - decoded_.col(j).array().square());
    }
  }
  terms.count = n;
  if (!accumulate) return terms;

  delta_ = d_out_;
  backward(encoder_end, end, z_, &d_z_);
  // z = mean + exp(log_var / 2) ε; KL = ½ Σ (mean² + exp(log_var) − 1 − log_var)
  const Scalar kl_weight = Scalar(weights.kl);
  delta_.resize(2 * d, n);
  delta_.topRows(d).array() = d_z_.array() + kl_weight * mean;
  delta_.bottomRows(d).array() = Scalar(0.5) * d_z_.array() * deviation * noise.array() +
                                 kl_weight * Scalar(0.5) * (log_var.exp() - Scalar(1));
  backward(0, encoder_end, encoded, nullptr);
  return terms;
}

template <class Scalar>
void BasicVae<Scalar>::encode(const Matrix<Scalar>& inputs, const EnergyFunction& energy,
                              Matrix<Scalar>& mean, Matrix<Scalar>& log_var) {
  if (shape_.energy_input) measure_input_energies(inputs, energy);
  forward(0, encoder_layers_, encoder_input(inputs));
  const Matrix<Scalar>& code = outputs_[encoder_layers_ - 1];
  mean = code.topRows(shape_.latent);
  log_var = code.bottomRows(shape_.latent);
}

template <class Scalar>
void BasicVae<Scalar>::decode(const Matrix<Scalar>& z, Matrix<Scalar>& spins,
                              Matrix<Scalar>& angles) {
  forward(encoder_layers_, layers_.size(), z);
  const Matrix<Scalar>& out = outputs_.back();
  const Eigen::Index N = shape_.sites;
  if (shape_.likelihood == SiteLikelihood::bernoulli) {
    spins = (Scalar(0.5) * out.array()).tanh().matrix();
    angles.resize(0, out.cols());
    return;
  }
  const auto u = out.topRows(N).array(), v = out.middleRows(N, N).array();
  const Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic> inverse_length =
      (u.square() + v.square() + length_floor<Scalar>).rsqrt();
  spins.resize(2 * N, out.cols());
  spins.topRows(N).array() = u * inverse_length;
  spins.bottomRows(N).array() = v * inverse_length;
  angles = v.binaryExpr(u, [](Scalar y, Scalar x) { return std::atan2(y, x); }).matrix();
}

template class BasicVae<float>;
template class BasicVae<double>;

Matrix<float> latent_noise(std::uint64_t seed, const BatchPosition& position, int latent,
                           std::int64_t lanes) {
  Matrix<float> noise(latent, lanes);
  const std::uint64_t index = (std::uint64_t(position.epoch) << 32) + std::uint64_t(position.step);
  for (std::int64_t j = 0; j < lanes; ++j) {
    Xoshiro256pp rng(seed, index, Purpose::latent_noise, std::uint64_t(position.first_lane + j));
    fill_normal(rng, noise.col(j).data(), latent);
  }
  return noise;
}

Matrix<float> prior_points(std::uint64_t seed, std::uint64_t set, int latent, std::int64_t count) {
  Matrix<float> points(latent, count);
  for (std::int64_t j = 0; j < count; ++j) {
    Xoshiro256pp rng(seed, set, Purpose::prior, std::uint64_t(j));
    fill_normal(rng, points.col(j).data(), latent);
  }
  return points;
}

VaeObjective::VaeObjective(const TrainSettings& settings, std::uint64_t seed, const Inputs& inputs,
                           SiteLikelihood likelihood, EnergyFunction energy)
    : seed_(seed),
      vae_(vae_shape(settings, inputs.side() * inputs.side(), likelihood), seed),
      weights_{settings.kl_weight, settings.energy_weight},
      energy_(std::move(energy)) {
  if (inputs.width() != vae_.shape().inputs())
    throw InputError("the VAE expects " + std::to_string(vae_.shape().inputs()) +
                     " input values per sample, the encoder gives " +
                     std::to_string(inputs.width()));
}

std::vector<ParameterSegment> VaeObjective::segments() const {
  return segments_of(vae_.layers(), vae_.parameters().data());
}

namespace {
MetricSums metrics_of(const VaeTerms& t) {
  return {{t.loss, t.reconstruction, t.kl, t.energy}, double(t.count)};
}
}  // namespace

MetricSums VaeObjective::accumulate_gradient(const Matrix<float>& columns,
                                             std::span<const std::int64_t>,
                                             const BatchPosition& position) {
  noise_ = latent_noise(seed_, position, vae_.shape().latent, columns.cols());
  return metrics_of(vae_.loss(columns, noise_, weights_, energy_, true));
}

MetricSums VaeObjective::evaluate(const Matrix<float>& columns, std::span<const std::int64_t>) {
  noise_.setZero(vae_.shape().latent, columns.cols());
  return metrics_of(vae_.loss(columns, noise_, weights_, energy_, false));
}

}  // namespace phaselearn::ml
