#pragma once
// The training file written by `phaselearn train` (layout: DESIGN.md §3, format_version 2;
// format 1, the classifier's files before the VAE, stays readable). Written collectively by
// all ranks with the MPI-IO driver; read by anyone (serial reader for the analysis tool, no
// MPI needed there beyond the library).
//
//   /                         attrs: format = "phaselearn.train", format_version,
//                             code_version, created_utc, job, run_id (of the run file),
//                             run_file, objective ("classifier" | "vae"; absent in format
//                             1: classifier), L, master_seed, mpi_ranks, best_epoch, model
//                             (of the run file), input_encoding ("ising_pm1", "xy_cos_sin",
//                             "xy_cos_sin_lattice"), prediction_only (1: the model of
//                             model_file applied, nothing trained: no /history), model_file
//   classifier:               attrs label_scheme, t_label | t_low, t_high, coarse_grain
//   /model                    attrs: inputs, layers, optimizer
//   /model/layer_<i>/weights  float32 [out, in]   (row-major: weights[o][i])
//   /model/layer_<i>/bias     float32 [out]       attr activation ("relu", "tanh",
//                                                 "sigmoid"; "softmax" for the last)
//   /history/{train_loss, val_loss, train_acc, val_acc}   float64 [epochs]
//   /predictions/temperatures float64 [T]         the run file's, for convenience
//   /predictions/p_ordered    float32 [T, S]      Z2-symmetric P(ordered) of every sample
//   /predictions/mean         float64 [T]
//   /predictions/stderr       float64 [T]         attr method: block means, see README
//   /confusion/{proposed_T, val_accuracy}  float64 [K]   only for labels = confusion
//   vae:                      attrs latent, kl_weight, energy_weight, energy_input, coarse_grain
//   /temperatures             float64 [T]
//   /model/{encoder,decoder}  attrs: inputs, layers (and optimizer on /model)
//   /model/{encoder,decoder}/layer_<i>/{weights, bias}   as above ("linear" last layers)
//   /history/{train,val}_{loss, reconstruction, kl, energy}   float64 [epochs]
//   /latent/mean, /latent/log_var        float32 [T, S, d]
//   /reconstruction/energy    float64 [T, S]  energy per spin of the decoded mean
//                                             configuration (z = latent mean)
//   /reconstruction/vortices  float64 [T, S]  xy2d: its vortex density
//   /reconstruction/loss      float64 [T, S]  −log p(x | z = mean)
//   /generated/energy, /generated/vortices  float64 [T, G]  configurations decoded from
//                             prior draws; attr temperature_conditioned (0: the decoder
//                             does not see T, every row holds G other draws of one
//                             distribution)
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/h5.hpp"
#include "io/run_file.hpp"

namespace phaselearn::io {

inline constexpr const char* train_format = "phaselearn.train";
inline constexpr std::int64_t train_format_version = 2;

struct TrainMeta {
  std::int64_t format_version = train_format_version;  // as read
  std::string objective = "classifier";  // "classifier" or "vae"
  bool prediction_only = false;  // the model of model_file applied: nothing trained
  std::string model_file;        // its path, as given ("" when trained)
  int coarse_grain = 0;          // train.coarse_grain (0: absent, raw sites)
  int latent = 0;                // vae
  double kl_weight = 0, energy_weight = 0;  // vae
  bool energy_input = false;     // vae: the encoder reads the input's energy too
  std::string run_id;        // of the run file the model was trained on
  std::string run_file;      // its path, as given
  std::string label_scheme;  // "threshold", "window" or "confusion"
  double t_label = 0;        // threshold scheme (0 otherwise)
  double t_low = 0, t_high = 0;  // window scheme (0 otherwise)
  std::string model = "ising2d";            // of the run file; absent in older files
  std::string input_encoding = "ising_pm1";  // how the network saw its samples
  int L = 0;
  std::uint64_t master_seed = 0;
  int mpi_ranks = 1;
  std::int64_t best_epoch = 0;  // epoch (from 0) whose weights are stored
  std::string code_version, created_utc, job;
};

struct LayerData {
  int inputs = 0, outputs = 0;
  std::string activation;      // of this layer's output; "softmax" for the last
  std::vector<float> weights;  // [outputs][inputs]
  std::vector<float> bias;     // [outputs]
};

struct TrainHistory {  // one entry per epoch trained (empty: prediction only)
  std::vector<double> train_loss, val_loss, train_acc, val_acc;
};

// /history/<name> [epochs], one per metric and split (e.g. "train_loss", "val_kl").
using HistorySeries = std::vector<std::pair<std::string, std::vector<double>>>;

struct ConfusionCurve {
  std::vector<double> proposed_T, val_accuracy;
};

// A run of consecutive samples [first, first + count) of one temperature: the unit in
// which a rank's scattered shard is read from the run file and its predictions written.
struct SampleRun {
  std::int64_t temperature, first, count;
};

// Collective: every rank of `comm` constructs it and calls every method, in order.
class TrainFileWriter {
 public:
  TrainFileWriter(const std::string& path, MPI_Comm comm, const TrainMeta& meta,
                  const std::vector<double>& temperatures, std::int64_t samples);
  // Same data on every rank (root does the I/O).
  void write_model(const std::vector<LayerData>& layers, const std::string& optimizer);
  // vae: /model/encoder and /model/decoder.
  void write_model(const std::vector<LayerData>& encoder, const std::vector<LayerData>& decoder,
                   const std::string& optimizer);
  void write_history(const HistorySeries& history);
  // vae: [T, G] energies (and vortex densities, empty for Ising) of prior draws.
  void write_generated(std::int64_t per_temperature, const std::vector<double>& energy,
                       const std::vector<double>& vortices, bool temperature_conditioned);
  void write_confusion(const ConfusionCurve& curve);
  void write_prediction_summary(const std::vector<double>& mean,
                                const std::vector<double>& standard_error);
  // This rank's predictions: p holds the runs one after another. Runs sorted, disjoint
  // within and across ranks.
  void write_predictions(const std::vector<SampleRun>& runs, const float* p);
  // A [T, S, tail...] dataset of this rank's samples (runs as above), with a description.
  template <typename T>
  void write_per_sample(const std::string& path, const std::string& description,
                        const std::vector<SampleRun>& runs, const Dims& tail, const T* values);
  void close();

 private:
  void write_layers(const std::string& group, const std::vector<LayerData>& layers);
  File file_;
  Dataset p_ordered_;
  int rank_ = 0;
  hsize_t temperatures_ = 0, samples_ = 0;
};

class TrainFileReader {
 public:
  // comm = nullopt: serial. Refuses a .partial file and unknown formats or versions.
  explicit TrainFileReader(const std::string& path, std::optional<MPI_Comm> comm = std::nullopt);

  const TrainMeta& meta() const { return meta_; }
  const std::vector<double>& temperatures() const { return temperatures_; }
  std::int64_t samples() const { return samples_; }  // S, per temperature

  // Throws FormatError when this file was not trained on the run `run_id`.
  void require_run(const std::string& run_id, const std::string& run_path) const;

  std::vector<LayerData> model() const;  // classifier
  std::vector<LayerData> model(const std::string& part) const;  // vae: encoder, decoder
  TrainHistory history() const;  // classifier; empty for a prediction-only file
  std::vector<float> p_ordered() const;  // [T * S], row-major [t][s]
  std::vector<double> mean() const;      // [T]
  std::vector<double> standard_error() const;  // [T]
  bool has_confusion() const;
  ConfusionCurve confusion() const;  // throws FormatError when absent
  const File& file() const { return file_; }

 private:
  // Throws FormatError naming the objective when this file is not of `objective`.
  void require_objective(const std::string& objective, const std::string& what) const;
  File file_;
  TrainMeta meta_;
  std::vector<double> temperatures_;
  std::int64_t samples_ = 0;
};

// Collective: this rank's runs of the run file's spins, one after another into `out`
// (sum of counts * L * L values). Ranks with no runs still call. Spin is the element
// type of the model's /spins: std::int8_t (ising2d) or float (xy2d angles).
template <typename Spin>
void read_spin_runs(const RunFileReader& run, const std::vector<SampleRun>& runs, Spin* out);

}  // namespace phaselearn::io
