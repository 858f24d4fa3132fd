#pragma once
// The phase classifier as a training objective: P(ordered) from a dense network
// (network.hpp) with a two-class softmax cross-entropy against the temperature's label.
// Metrics: loss (cross-entropy) and acc (accuracy of the symmetric prediction).
#include <cstdint>
#include <vector>

#include "core/job.hpp"
#include "ml/data_plan.hpp"
#include "ml/inputs.hpp"
#include "ml/labels.hpp"
#include "ml/network.hpp"
#include "ml/objective.hpp"

namespace phaselearn::ml {

class ClassifierObjective final : public Objective {
 public:
  static constexpr std::size_t accuracy_metric = 1;

  // `labels` must label the temperatures the plan trains on (for the confusion scheme:
  // those of one proposed T'). Keeps a reference to `inputs`. Throws InputError.
  ClassifierObjective(const TrainSettings& settings, std::uint64_t seed, const Inputs& inputs,
                      const DataPlan& plan, const TemperatureLabels& labels);

  std::vector<std::string> metric_names() const override { return {"loss", "acc"}; }
  std::span<float> parameters() override { return network_.parameters(); }
  std::span<float> gradient_and_vote() override { return network_.gradient_and_vote(); }
  std::vector<ParameterSegment> segments() const override;
  MetricSums accumulate_gradient(const Matrix<float>& columns, std::span<const std::int64_t> held,
                                 const BatchPosition& position) override;
  MetricSums evaluate(const Matrix<float>& columns, std::span<const std::int64_t> held) override;

  // P(ordered), symmetric under the model's symmetry, of every held sample, in held order.
  std::vector<float> predict_held();
  Network& network() { return network_; }
  const Network& network() const { return network_; }

 private:
  const Inputs& inputs_;
  Network network_;
  std::vector<std::int8_t> classes_;  // per held sample; -1 when unlabelled
  std::vector<std::int8_t> batch_classes_;
  std::vector<float> p_;
  Matrix<float> columns_;
};

}  // namespace phaselearn::ml
