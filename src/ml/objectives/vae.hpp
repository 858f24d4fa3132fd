#pragma once
// A variational autoencoder whose loss keeps the physics (train.objective = vae):
//
//   encoder   inputs (the model's encoded sample) -> hidden -> mean, log variance (d each)
//   sample    z = mean + exp(log_var / 2) ε, ε keyed by (seed, epoch, step, lane)
//   decoder   z -> hidden (reversed) -> per site: XY (u, v, c), mean angle atan2(v, u)
//             (a 2-vector: no 2π wrap in the parameters) and von Mises concentration
//             κ = softplus(c); Ising one logit ℓ, a Bernoulli spin with mean tanh(ℓ/2)
//   loss      −log p(x | z) + kl_weight · KL(q(z|x) || N(0, 1))
//             + energy_weight · N · (e(decoded mean configuration) − e(x))²
//
// e is the model's energy per spin, reached through a callback (EnergyFunction): src/ml
// includes no model header. The decoded mean configuration of an XY sample is the unit
// vectors (cos μ_i, sin μ_i); of an Ising sample the mean spins m_i = tanh(ℓ_i / 2).
//
// All parameters (encoder layers, then decoder layers) live in one flat buffer and all
// gradients in another with a vote slot, as in network.hpp. Templated on the scalar:
// float for training, double for exact gradient checks.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/job.hpp"
#include "ml/activation.hpp"
#include "ml/dense_layer.hpp"
#include "ml/inputs.hpp"
#include "ml/objective.hpp"

namespace phaselearn::ml {

// How one site of the input is reconstructed.
enum class SiteLikelihood {
  von_mises,  // XY: input (cos θ, sin θ) channel by channel, 2 channels
  bernoulli,  // Ising: input ±1, 1 channel
};

struct VaeShape {
  int sites;                // N: input values are channels(likelihood) x N
  SiteLikelihood likelihood;
  std::vector<int> hidden;  // encoder hidden layers; the decoder has them reversed
  Activation activation;
  int latent;               // d
  // The input's own energy per spin e(x) as one more encoder input (train.energy_input):
  // e is a sum of products of neighbouring inputs, which one ReLU layer of the encoder
  // approximates poorly, and the energy term can only match what the latent carries. Only
  // with the energy term on: a standard VAE (energy_weight 0) stays one.
  bool energy_input = false;
  int inputs() const { return likelihood == SiteLikelihood::von_mises ? 2 * sites : sites; }
  int encoder_inputs() const { return inputs() + (energy_input ? 1 : 0); }
  int outputs() const { return likelihood == SiteLikelihood::von_mises ? 3 * sites : sites; }
  // Values per site of a decoded mean configuration (XY: cos, sin; Ising: m).
  int spin_components() const { return likelihood == SiteLikelihood::von_mises ? 2 : 1; }
};

// Energy per spin of a configuration given as spin vectors, channel by channel (XY: N
// cosines, then N sines; Ising: N mean spins). When `gradient` is not empty (N entries)
// it receives, per site, ∂e/∂θ_i (XY: the angle) or ∂e/∂m_i (Ising).
using EnergyFunction =
    std::function<double(std::span<const double> spins, std::span<double> gradient)>;

struct VaeWeights {
  double kl = 1, energy = 0;
};

// Sums over the samples of a batch of each term (unweighted) and of the weighted loss.
struct VaeTerms {
  double loss = 0, reconstruction = 0, kl = 0, energy = 0;  // energy: N (Δe)^2
  std::int64_t count = 0;
};

// train.latent etc.: the shape of a VAE on `sites` sites; throws InputError.
VaeShape vae_shape(const TrainSettings& settings, int sites, SiteLikelihood likelihood);

template <class Scalar>
class BasicVae {
 public:
  // Weights drawn from the master seed alone, as BasicNetwork's (one keyed stream per
  // layer, encoder layers first): the same on every rank, for float and double.
  BasicVae(VaeShape shape, std::uint64_t seed);
  BasicVae(const BasicVae&) = delete;
  BasicVae& operator=(const BasicVae&) = delete;
  BasicVae(BasicVae&&) noexcept = default;
  BasicVae& operator=(BasicVae&&) noexcept = default;

  const VaeShape& shape() const { return shape_; }
  std::span<Scalar> parameters() { return {parameters_.data(), size()}; }
  std::span<const Scalar> parameters() const { return {parameters_.data(), size()}; }
  std::span<Scalar> gradient() { return {gradient_.data(), size()}; }
  std::span<Scalar> gradient_and_vote() { return {gradient_.data(), size() + 1}; }
  std::span<DenseLayer<Scalar>> encoder() { return {layers_.data(), encoder_layers_}; }
  std::span<const DenseLayer<Scalar>> encoder() const { return {layers_.data(), encoder_layers_}; }
  std::span<DenseLayer<Scalar>> decoder() {
    return std::span<DenseLayer<Scalar>>(layers_).subspan(encoder_layers_);
  }
  std::span<const DenseLayer<Scalar>> decoder() const {
    return std::span<const DenseLayer<Scalar>>(layers_).subspan(encoder_layers_);
  }
  std::span<const DenseLayer<Scalar>> layers() const { return layers_; }

  // The terms of the batch `inputs` (one sample per column) with latent points
  // z = mean + exp(log_var / 2) * noise (noise: latent x columns; zero: z = mean). With
  // `accumulate`, adds the gradient of the summed loss to gradient(). `per_sample`, when
  // given (3 x columns), receives each column's reconstruction NLL and the energy per spin
  // of its decoded mean configuration and of its input.
  VaeTerms loss(const Matrix<Scalar>& inputs, const Matrix<Scalar>& noise,
                const VaeWeights& weights, const EnergyFunction& energy, bool accumulate,
                Matrix<double>* per_sample = nullptr);

  // Latent mean and log variance of each column (latent x columns each); `energy` gives
  // the encoder its energy input when the shape has one.
  void encode(const Matrix<Scalar>& inputs, const EnergyFunction& energy, Matrix<Scalar>& mean,
              Matrix<Scalar>& log_var);
  // The decoded mean configuration of each latent column (spin_components * N rows) and,
  // for XY, the mean angles (N rows; empty for Ising).
  void decode(const Matrix<Scalar>& z, Matrix<Scalar>& spins, Matrix<Scalar>& angles);

 private:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  std::size_t size() const { return std::size_t(parameters_.size()); }
  // The energy per spin of each input column into input_energy_, and the aligned
  // configuration's into aligned_energy_.
  void measure_input_energies(const Matrix<Scalar>& inputs, const EnergyFunction& energy);
  // What the encoder reads: `inputs` itself, or with energy_input, inputs and the measured
  // energies (measure_input_energies first) as one more row.
  const Matrix<Scalar>& encoder_input(const Matrix<Scalar>& inputs);
  // Runs layers [first, last) on `in`; outputs_[l] keeps each layer's (activated) output.
  void forward(std::size_t first, std::size_t last, const Matrix<Scalar>& in);
  // Back through layers [first, last) from d(loss)/d(last output) in delta_; with
  // `d_in`, writes d(loss)/d(input of layer first) there.
  void backward(std::size_t first, std::size_t last, const Matrix<Scalar>& in,
                Matrix<Scalar>* d_in);
  // Reconstruction NLL summed over each column's sites (into `per_column`), and, when
  // `d_out` is given, d(NLL)/d(decoder output).
  void reconstruction(const Matrix<Scalar>& inputs, const Matrix<Scalar>& out,
                      Eigen::Array<Scalar, 1, Eigen::Dynamic>& per_column, Matrix<Scalar>* d_out);

  VaeShape shape_;
  std::size_t encoder_layers_;
  Vector parameters_, gradient_;
  std::vector<DenseLayer<Scalar>> layers_;
  std::vector<Matrix<Scalar>> outputs_;
  Matrix<Scalar> delta_, delta_below_, z_, d_z_, d_out_;
  // The energy term's buffers, kept from batch to batch: the decoded mean configurations
  // (spin_components * N x columns), XY's 1/|(u, v)| per site, one column in double for
  // the callback (decoded, input) and its gradient.
  Matrix<Scalar> decoded_, encoder_in_;
  Eigen::Array<Scalar, Eigen::Dynamic, Eigen::Dynamic> inverse_length_;
  Eigen::VectorXd spins_, given_, energy_gradient_, input_energy_;
  double aligned_energy_ = 0;
};

using Vae = BasicVae<float>;

// The VAE as a training objective. Metrics: loss, reconstruction (−log p(x|z) per
// sample), kl, energy (N (Δe)^2 per sample, unweighted). Validation uses z = mean.
class VaeObjective final : public Objective {
 public:
  // Keeps a reference to `inputs`, whose width must be the shape's inputs. Throws InputError.
  VaeObjective(const TrainSettings& settings, std::uint64_t seed, const Inputs& inputs,
               SiteLikelihood likelihood, EnergyFunction energy);

  std::vector<std::string> metric_names() const override {
    return {"loss", "reconstruction", "kl", "energy"};
  }
  std::span<float> parameters() override { return vae_.parameters(); }
  std::span<float> gradient_and_vote() override { return vae_.gradient_and_vote(); }
  std::vector<ParameterSegment> segments() const override;
  MetricSums accumulate_gradient(const Matrix<float>& columns, std::span<const std::int64_t> held,
                                 const BatchPosition& position) override;
  MetricSums evaluate(const Matrix<float>& columns, std::span<const std::int64_t> held) override;

  Vae& vae() { return vae_; }
  const Vae& vae() const { return vae_; }
  const EnergyFunction& energy() const { return energy_; }

 private:
  std::uint64_t seed_;
  Vae vae_;
  VaeWeights weights_;
  EnergyFunction energy_;
  Matrix<float> noise_;
};

// Standard normal noise for `lanes` lanes (columns) from lane first_lane on, keyed by
// (seed, epoch, step, lane): the same at any rank count.
Matrix<float> latent_noise(std::uint64_t seed, const BatchPosition& position, int latent,
                           std::int64_t lanes);

// Standard normal points of the prior, `count` columns, keyed by (seed, set, column).
Matrix<float> prior_points(std::uint64_t seed, std::uint64_t set, int latent, std::int64_t count);

}  // namespace phaselearn::ml
