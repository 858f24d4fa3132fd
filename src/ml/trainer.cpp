#include "ml/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "core/errors.hpp"

namespace phaselearn::ml {
namespace {

// Samples per forward pass when validating or predicting: bounds the work space.
constexpr std::int64_t evaluation_chunk = 256;

std::int8_t class_of(Label label) { return static_cast<std::int8_t>(label); }

}  // namespace

Trainer::Trainer(const TrainSettings& settings, std::uint64_t seed, const Inputs& inputs,
                 const DataPlan& plan, const TemperatureLabels& labels,
                 RankCollectives collectives)
    : settings_(settings),
      seed_(seed),
      inputs_(inputs),
      plan_(plan),
      collectives_(std::move(collectives)),
      network_(network_shape(settings, inputs.width()), seed),
      optimizer_(parse_optimizer(settings.optimizer), settings.learning_rate,
                 settings.weight_decay, network_.parameters().size()) {
  if (inputs.size() != plan.held().size())
    throw InputError("the shard holds " + std::to_string(inputs.size()) +
                     " samples, the plan expects " + std::to_string(plan.held().size()));
  if (settings.batch_size != plan.batch_size())
    throw InputError("train.batch_size = " + std::to_string(settings.batch_size) +
                     ", but the data plan was made for " + std::to_string(plan.batch_size()));
  if (settings.epochs < 1) throw InputError("train.epochs must be at least 1");
  if (settings.patience < 0) throw InputError("train.patience must not be negative");
  if (labels.size() != plan.labels().size())
    throw InputError("labels for " + std::to_string(labels.size()) + " temperatures, the plan has " +
                     std::to_string(plan.labels().size()));
  for (std::size_t t = 0; t < labels.size(); ++t)
    if ((labels[t] == Label::unlabelled) != (plan.labels()[t] == Label::unlabelled))
      throw InputError("the labels do not leave the same temperatures unlabelled as the plan");
  require_both_classes(labels, "the labels");

  classes_.reserve(plan.held().size());
  for (const SampleId& id : plan.held()) classes_.push_back(class_of(labels[std::size_t(id.temperature)]));
  best_parameters_.assign(network_.parameters().begin(), network_.parameters().end());
}

void Trainer::load_batch(std::int64_t step) {
  const std::int64_t n = schedule_.lanes;
  batch_.resize(network_.shape().inputs, n);
  batch_classes_.resize(std::size_t(n));
  for (std::int64_t j = 0; j < n; ++j) {
    const auto at = std::size_t(step * n + j);
    const auto held = std::size_t(schedule_.held[at]);
    inputs_.write(held, schedule_.augmentation[at], batch_.col(j).data());
    batch_classes_[std::size_t(j)] = classes_[held];
  }
}

BatchStats Trainer::validate() {
  BatchStats stats;
  const auto validation = plan_.validation();
  std::vector<std::int8_t> classes;
  std::vector<float> p;
  for (std::size_t begin = 0; begin < validation.size(); begin += evaluation_chunk) {
    const std::size_t n = std::min<std::size_t>(evaluation_chunk, validation.size() - begin);
    batch_.resize(network_.shape().inputs, Eigen::Index(n));
    classes.resize(n);
    p.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
      const auto held = std::size_t(validation[begin + j]);
      inputs_.write(held, {}, batch_.col(Eigen::Index(j)).data());
      classes[j] = classes_[held];
    }
    inputs_.predict(network_, batch_, p);
    stats += prediction_stats(p, classes);
  }
  return stats;
}

std::optional<EpochRecord> Trainer::run_epoch() {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const int epoch = int(history_.size());
  if (scheduled_epoch_ != epoch) {  // deterministic: recomputed after a restore
    schedule_ = schedule_epoch(plan_, seed_, epoch,
                               {settings_.augment_flip, settings_.augment_translate, inputs_.side()});
    scheduled_epoch_ = epoch;
  }
  while (step_ < plan_.steps_per_epoch()) {
    load_batch(step_);
    partial_ += network_.accumulate_gradient(batch_, batch_classes_);
    network_.vote() = vote_ ? vote_() : 0.0f;
    const auto reduced = network_.gradient_and_vote();
    collectives_.sum_floats(reduced.data(), reduced.size());  // the one collective
    voted_ = network_.vote();
    optimizer_.step(network_, plan_.batch_size());
    ++step_;
    if (voted_ != 0) {
      partial_seconds_ += std::chrono::duration<double>(Clock::now() - start).count();
      return std::nullopt;
    }
  }
  const auto trained = Clock::now();
  const BatchStats train = partial_;
  const BatchStats validation = validate();

  double sums[6] = {train.loss_sum,      double(train.correct),      double(train.count),
                    validation.loss_sum, double(validation.correct), double(validation.count)};
  collectives_.sum_doubles(sums, 6);
  collectives_.broadcast_from_root(sums, 6);

  EpochRecord record{};
  record.epoch = epoch;
  record.train_loss = sums[0] / sums[2];
  record.train_accuracy = sums[1] / sums[2];
  record.val_loss = sums[3] / sums[5];
  record.val_accuracy = sums[4] / sums[5];
  record.samples = std::int64_t(sums[2]);
  record.improved = history_.empty() || record.val_loss < best().val_loss;
  if (record.improved) {
    best_parameters_.assign(network_.parameters().begin(), network_.parameters().end());
    epochs_since_best_ = 0;
  } else {
    ++epochs_since_best_;
  }
  record.seconds = partial_seconds_ + std::chrono::duration<double>(Clock::now() - start).count();
  record.train_seconds = partial_seconds_ + std::chrono::duration<double>(trained - start).count();
  history_.push_back(record);
  step_ = 0;
  partial_ = {};
  partial_seconds_ = 0;
  return record;
}

float Trainer::take_vote() {
  const float v = voted_;
  voted_ = 0;
  return v;
}

bool Trainer::finished() const {
  return int(history_.size()) >= settings_.epochs ||
         (settings_.patience > 0 && epochs_since_best_ >= settings_.patience);
}

void Trainer::fit(const std::function<void(const EpochRecord&)>& on_epoch) {
  while (!finished()) {
    const std::optional<EpochRecord> record = run_epoch();
    if (record && on_epoch) on_epoch(*record);
    take_vote();  // no one to act on it here
  }
  use_best_parameters();
}

void Trainer::use_best_parameters() {
  std::copy(best_parameters_.begin(), best_parameters_.end(),
            network_.parameters().begin());
}

const EpochRecord& Trainer::best() const {
  if (history_.empty()) throw Error("no epoch has been trained yet");
  for (auto it = history_.rbegin(); it != history_.rend(); ++it)
    if (it->improved) return *it;
  return history_.front();
}

std::vector<float> Trainer::predict_held() {
  std::vector<float> p(inputs_.size());
  for (std::size_t begin = 0; begin < p.size(); begin += evaluation_chunk) {
    const std::size_t n = std::min<std::size_t>(evaluation_chunk, p.size() - begin);
    batch_.resize(network_.shape().inputs, Eigen::Index(n));
    for (std::size_t j = 0; j < n; ++j)
      inputs_.write(begin + j, {}, batch_.col(Eigen::Index(j)).data());
    inputs_.predict(network_, batch_, std::span<float>(p.data() + begin, n));
  }
  return p;
}

TrainerState Trainer::state() const {
  TrainerState state;
  state.parameters.assign(network_.parameters().begin(), network_.parameters().end());
  state.best_parameters = best_parameters_;
  state.optimizer = optimizer_.state();
  state.epochs_since_best = epochs_since_best_;
  state.history = history_;
  state.step = step_;
  state.partial = partial_;
  return state;
}

void Trainer::restore(TrainerState state) {
  const std::size_t count = network_.parameters().size();
  if (state.parameters.size() != count || state.best_parameters.size() != count)
    throw InputError("the checkpoint does not fit this network: " +
                     std::to_string(state.parameters.size()) + " parameters, expected " +
                     std::to_string(count));
  optimizer_.restore(std::move(state.optimizer));
  std::copy(state.parameters.begin(), state.parameters.end(), network_.parameters().begin());
  best_parameters_ = std::move(state.best_parameters);
  epochs_since_best_ = state.epochs_since_best;
  history_ = std::move(state.history);
  if (state.step < 0 || state.step > plan_.steps_per_epoch())
    throw InputError("the checkpoint stopped at step " + std::to_string(state.step) +
                     " of an epoch of " + std::to_string(plan_.steps_per_epoch()));
  step_ = state.step;
  partial_ = state.partial;
  partial_seconds_ = 0;
}

}  // namespace phaselearn::ml
