#include "ml/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "core/errors.hpp"
#include "core/partition.hpp"
#include "ml/work_memory.hpp"

namespace phaselearn::ml {
namespace {

// Samples per forward pass when validating: bounds the work space.
constexpr std::int64_t evaluation_chunk = 256;

}  // namespace

Trainer::Trainer(const TrainSettings& settings, std::uint64_t seed, const Inputs& inputs,
                 const DataPlan& plan, Objective& objective, RankCollectives collectives)
    : settings_(settings),
      seed_(seed),
      inputs_(inputs),
      plan_(plan),
      objective_(objective),
      collectives_(std::move(collectives)),
      segments_(objective.segments()),
      optimizer_(parse_optimizer(settings.optimizer), settings.learning_rate,
                 settings.weight_decay, objective.parameters().size()),
      metrics_(objective.metric_names().size()) {
  if (inputs.size() != plan.held().size())
    throw InputError("the shard holds " + std::to_string(inputs.size()) +
                     " samples, the plan expects " + std::to_string(plan.held().size()));
  if (settings.batch_size != plan.batch_size())
    throw InputError("train.batch_size = " + std::to_string(settings.batch_size) +
                     ", but the data plan was made for " + std::to_string(plan.batch_size()));
  if (settings.epochs < 1) throw InputError("train.epochs must be at least 1");
  if (settings.patience < 0) throw InputError("train.patience must not be negative");
  keep_work_memory();
  best_parameters_.assign(objective_.parameters().begin(), objective_.parameters().end());
  partial_.sums.assign(metrics_, 0.0);
  if (settings.shard_optimizer) {
    const auto count = std::int64_t(objective_.parameters().size());
    for (int r = 0; r < collectives_.ranks; ++r) {
      const Block owned = block_of(count, collectives_.ranks, r);
      shard_counts_.push_back(int(owned.size()) + (r + 1 == collectives_.ranks ? 1 : 0));
      if (r == collectives_.rank)
        owned_begin_ = std::size_t(owned.begin), owned_end_ = std::size_t(owned.end);
    }
    shard_gradient_.resize(std::size_t(shard_counts_[std::size_t(collectives_.rank)]));
  }
}

void Trainer::gather_moments() {
  if (shard_counts_.empty() || optimizer_.kind() != OptimizerKind::adam) return;
  std::vector<int> counts = shard_counts_;  // the moments have no vote entry
  counts.back() -= 1;
  collectives_.allgather_floats(optimizer_.first_moment().data(), counts);
  collectives_.allgather_floats(optimizer_.second_moment().data(), counts);
}

float Trainer::replicated_step(std::span<float> reduced) {
  collectives_.sum_floats(reduced.data(), reduced.size());  // the one collective
  optimizer_.step(objective_.parameters(), reduced.first(reduced.size() - 1), segments_,
                  plan_.batch_size());
  return reduced.back();
}

// ZeRO stage 1. The summed gradient of this rank's slice arrives by reduce-scatter; the
// rank updates those weights (and only its slice of Adam's moments) and writes them into
// its slice of the gradient buffer, whose allgather then brings every slice, and the vote
// summed on the last rank, to every rank. The weights are the same float everywhere: each
// is computed by one rank and copied.
float Trainer::sharded_step(std::span<float> reduced) {
  collectives_.reduce_scatter_floats(reduced.data(), shard_gradient_.data(), shard_counts_);
  const std::size_t owned = owned_end_ - owned_begin_;
  const auto parameters = objective_.parameters();
  if (shard_gradient_.size() > owned) reduced.back() = shard_gradient_.back();  // the vote
  optimizer_.step_slice(parameters, shard_gradient_.data(), reduced.data() + owned_begin_,
                        owned_begin_, owned_end_, segments_, plan_.batch_size());
  collectives_.allgather_floats(reduced.data(), shard_counts_);
  const float vote = reduced.back();
  // The gathered weights into place, and the buffer zeroed for the next gradient.
  for (std::size_t begin = 0; begin < parameters.size(); begin += 4096) {
    const std::size_t n = std::min<std::size_t>(4096, parameters.size() - begin);
    std::copy_n(reduced.data() + begin, n, parameters.data() + begin);
    std::fill_n(reduced.data() + begin, n, 0.0f);
  }
  reduced.back() = 0;
  return vote;
}

void Trainer::load_batch(std::int64_t step) {
  const std::int64_t n = schedule_.lanes;
  batch_.resize(inputs_.width(), n);
  batch_held_.resize(std::size_t(n));
  for (std::int64_t j = 0; j < n; ++j) {
    const auto at = std::size_t(step * n + j);
    batch_held_[std::size_t(j)] = schedule_.held[at];
    inputs_.write(std::size_t(schedule_.held[at]), schedule_.augmentation[at],
                  batch_.col(j).data());
  }
}

MetricSums Trainer::validate() {
  MetricSums stats;
  stats.sums.assign(metrics_, 0.0);
  const auto validation = plan_.validation();
  for (std::size_t begin = 0; begin < validation.size(); begin += evaluation_chunk) {
    const std::size_t n = std::min<std::size_t>(evaluation_chunk, validation.size() - begin);
    batch_.resize(inputs_.width(), Eigen::Index(n));
    for (std::size_t j = 0; j < n; ++j)
      inputs_.write(std::size_t(validation[begin + j]), {}, batch_.col(Eigen::Index(j)).data());
    stats += objective_.evaluate(batch_, validation.subspan(begin, n));
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
    partial_ += objective_.accumulate_gradient(batch_, batch_held_,
                                               {epoch, step_, plan_.lanes().begin});
    const auto reduced = objective_.gradient_and_vote();
    reduced.back() = vote_ ? vote_() : 0.0f;
    voted_ = shard_counts_.empty() ? replicated_step(reduced) : sharded_step(reduced);
    ++step_;
    if (voted_ != 0) {
      gather_moments();
      partial_seconds_ += std::chrono::duration<double>(Clock::now() - start).count();
      return std::nullopt;
    }
  }
  gather_moments();
  const auto trained = Clock::now();
  const MetricSums train = partial_;
  const MetricSums validation = validate();

  // One sum and one broadcast: training sums, count, validation sums, count.
  std::vector<double> sums(train.sums);
  sums.push_back(train.count);
  sums.insert(sums.end(), validation.sums.begin(), validation.sums.end());
  sums.push_back(validation.count);
  collectives_.sum_doubles(sums.data(), sums.size());
  collectives_.broadcast_from_root(sums.data(), sums.size());

  EpochRecord record{};
  record.epoch = epoch;
  const double train_count = sums[metrics_], val_count = sums[2 * metrics_ + 1];
  for (std::size_t k = 0; k < metrics_; ++k) {
    record.train.push_back(sums[k] / train_count);
    record.val.push_back(sums[metrics_ + 1 + k] / val_count);
  }
  record.samples = std::int64_t(train_count);
  record.improved = history_.empty() || record.val_loss() < best().val_loss();
  if (record.improved) {
    best_parameters_.assign(objective_.parameters().begin(), objective_.parameters().end());
    epochs_since_best_ = 0;
  } else {
    ++epochs_since_best_;
  }
  record.seconds = partial_seconds_ + std::chrono::duration<double>(Clock::now() - start).count();
  record.train_seconds = partial_seconds_ + std::chrono::duration<double>(trained - start).count();
  history_.push_back(record);
  step_ = 0;
  partial_ = {};
  partial_.sums.assign(metrics_, 0.0);
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
            objective_.parameters().begin());
}

const EpochRecord& Trainer::best() const {
  if (history_.empty()) throw Error("no epoch has been trained yet");
  for (auto it = history_.rbegin(); it != history_.rend(); ++it)
    if (it->improved) return *it;
  return history_.front();
}

TrainerState Trainer::state() const {
  TrainerState state;
  state.parameters.assign(objective_.parameters().begin(), objective_.parameters().end());
  state.best_parameters = best_parameters_;
  state.optimizer = optimizer_.state();
  state.epochs_since_best = epochs_since_best_;
  state.history = history_;
  state.step = step_;
  state.partial = partial_;
  return state;
}

void Trainer::restore(TrainerState state) {
  const std::size_t count = objective_.parameters().size();
  if (state.parameters.size() != count || state.best_parameters.size() != count)
    throw InputError("the checkpoint does not fit this network: " +
                     std::to_string(state.parameters.size()) + " parameters, expected " +
                     std::to_string(count));
  optimizer_.restore(std::move(state.optimizer));
  std::copy(state.parameters.begin(), state.parameters.end(), objective_.parameters().begin());
  best_parameters_ = std::move(state.best_parameters);
  epochs_since_best_ = state.epochs_since_best;
  history_ = std::move(state.history);
  if (state.step < 0 || state.step > plan_.steps_per_epoch())
    throw InputError("the checkpoint stopped at step " + std::to_string(state.step) +
                     " of an epoch of " + std::to_string(plan_.steps_per_epoch()));
  if (state.partial.sums.size() != metrics_)
    throw InputError("the checkpoint holds " + std::to_string(state.partial.sums.size()) +
                     " training sums, this objective has " + std::to_string(metrics_));
  step_ = state.step;
  partial_ = state.partial;
  partial_seconds_ = 0;
}

}  // namespace phaselearn::ml
