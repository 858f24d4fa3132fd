#include "ml/objectives/classifier.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "ml/optimizer.hpp"

namespace phaselearn::ml {
namespace {

// Samples per forward pass when predicting: bounds the work space.
constexpr std::size_t prediction_chunk = 256;

MetricSums metrics_of(const BatchStats& stats) {
  return {{stats.loss_sum, double(stats.correct)}, double(stats.count)};
}

}  // namespace

ClassifierObjective::ClassifierObjective(const TrainSettings& settings, std::uint64_t seed,
                                         const Inputs& inputs, const DataPlan& plan,
                                         const TemperatureLabels& labels)
    : inputs_(inputs), network_(network_shape(settings, inputs.width()), seed) {
  if (labels.size() != plan.labels().size())
    throw InputError("labels for " + std::to_string(labels.size()) + " temperatures, the plan has " +
                     std::to_string(plan.labels().size()));
  for (std::size_t t = 0; t < labels.size(); ++t)
    if ((labels[t] == Label::unlabelled) != (plan.labels()[t] == Label::unlabelled))
      throw InputError("the labels do not leave the same temperatures unlabelled as the plan");
  require_both_classes(labels, "the labels");
  classes_.reserve(plan.held().size());
  for (const SampleId& id : plan.held())
    classes_.push_back(static_cast<std::int8_t>(labels[std::size_t(id.temperature)]));
}

std::vector<ParameterSegment> ClassifierObjective::segments() const {
  return segments_of(network_.layers(), network_.parameters().data());
}

MetricSums ClassifierObjective::accumulate_gradient(const Matrix<float>& columns,
                                                    std::span<const std::int64_t> held,
                                                    const BatchPosition&) {
  batch_classes_.resize(held.size());
  for (std::size_t j = 0; j < held.size(); ++j) batch_classes_[j] = classes_[std::size_t(held[j])];
  return metrics_of(network_.accumulate_gradient(columns, batch_classes_));
}

MetricSums ClassifierObjective::evaluate(const Matrix<float>& columns,
                                         std::span<const std::int64_t> held) {
  batch_classes_.resize(held.size());
  p_.resize(held.size());
  for (std::size_t j = 0; j < held.size(); ++j) batch_classes_[j] = classes_[std::size_t(held[j])];
  inputs_.predict(network_, columns, p_);
  return metrics_of(prediction_stats(p_, batch_classes_));
}

std::vector<float> ClassifierObjective::predict_held() {
  std::vector<float> p(inputs_.size());
  for (std::size_t begin = 0; begin < p.size(); begin += prediction_chunk) {
    const std::size_t n = std::min(prediction_chunk, p.size() - begin);
    columns_.resize(inputs_.width(), Eigen::Index(n));
    for (std::size_t j = 0; j < n; ++j)
      inputs_.write(begin + j, {}, columns_.col(Eigen::Index(j)).data());
    inputs_.predict(network_, columns_, std::span<float>(p.data() + begin, n));
  }
  return p;
}

}  // namespace phaselearn::ml
