#include "app/train_checkpoint.hpp"

#include <bit>
#include <filesystem>
#include <tuple>
#include <type_traits>

#include "app/checkpoint_file.hpp"
#include "core/errors.hpp"
#include "io/checkpoint.hpp"

namespace fs = std::filesystem;

namespace phaselearn::app {
namespace {

// What fixes the training result besides the run file: the seed, the name and the
// train section (not the output directory, logging or checkpoint interval).
const std::vector<std::string> training_sections = {"run", "train"};

// The scalar fields of an epoch's history record, in the order they are stored (as
// doubles); the training and validation metric means follow them.
using Record = ml::EpochRecord;
constexpr std::tuple history_fields{&Record::epoch, &Record::samples, &Record::seconds,
                                    &Record::train_seconds, &Record::improved};
constexpr std::size_t scalar_fields = std::tuple_size_v<decltype(history_fields)>;

// Arrays are stored with their length in front: never empty (an empty dataset cannot
// be written: HDF5 refuses the null buffer of an empty vector).
template <class T>
std::vector<double> stored(const std::vector<T>& v) {
  std::vector<double> out{double(v.size())};
  out.insert(out.end(), v.begin(), v.end());  // float -> double is exact
  return out;
}

template <class T>
std::vector<T> loaded(const io::CheckpointData& d, const std::string& key) {
  const std::vector<double>& v = d.reals.at(key);
  if (v.empty() || v[0] != double(v.size() - 1)) {
    FormatError e("checkpoint array '" + key + "' is damaged");
    e.set_on_every_rank();  // every rank read the same array
    throw e;
  }
  return std::vector<T>(v.begin() + 1, v.end());  // double -> float: exact, they were floats
}

void put(io::CheckpointData& d, const std::string& p, const ml::TrainerState& s) {
  d.reals[p + "parameters"] = stored(s.parameters);
  d.reals[p + "best_parameters"] = stored(s.best_parameters);
  d.reals[p + "first_moment"] = stored(s.optimizer.first_moment);
  d.reals[p + "second_moment"] = stored(s.optimizer.second_moment);
  d.counters[p + "optimizer_steps"] = s.optimizer.steps;
  d.counters[p + "epochs_since_best"] = s.epochs_since_best;
  d.counters[p + "step"] = s.step;
  std::vector<double> h;
  for (const Record& r : s.history) {
    std::apply([&](auto... field) { (h.push_back(double(r.*field)), ...); }, history_fields);
    h.insert(h.end(), r.train.begin(), r.train.end());
    h.insert(h.end(), r.val.begin(), r.val.end());
  }
  d.reals[p + "history"] = stored(h);
}

ml::TrainerState get(const io::CheckpointData& d, const std::string& p, const std::string& path,
                     std::size_t metrics) {
  ml::TrainerState s;
  s.parameters = loaded<float>(d, p + "parameters");
  s.best_parameters = loaded<float>(d, p + "best_parameters");
  s.optimizer.first_moment = loaded<float>(d, p + "first_moment");
  s.optimizer.second_moment = loaded<float>(d, p + "second_moment");
  s.optimizer.steps = d.counters.at(p + "optimizer_steps");
  s.epochs_since_best = int(d.counters.at(p + "epochs_since_best"));
  s.step = d.counters.at(p + "step");
  s.partial.sums.assign(metrics, 0.0);  // the current fit's are this rank's row (see below)
  const std::vector<double> h = loaded<double>(d, p + "history");
  const std::size_t record_fields = scalar_fields + 2 * metrics;
  if (h.size() % record_fields != 0) {
    FormatError e("checkpoint '" + path + "' is damaged: its array '" + p + "history' holds " +
                  std::to_string(h.size()) + " numbers, not a multiple of the " +
                  std::to_string(record_fields) + " per epoch");
    e.set_on_every_rank();  // every rank read the same array
    throw e;
  }
  for (auto next = h.begin(); next != h.end();) {
    Record& r = s.history.emplace_back();
    std::apply(
        [&](auto... field) {
          ((r.*field = static_cast<std::remove_reference_t<decltype(r.*field)>>(*next++)), ...);
        },
        history_fields);
    r.train.assign(next, next + std::ptrdiff_t(metrics));
    r.val.assign(next + std::ptrdiff_t(metrics), next + std::ptrdiff_t(2 * metrics));
    next += std::ptrdiff_t(2 * metrics);
  }
  return s;
}

}  // namespace

void write_train_checkpoint(const std::string& train_file, const Job& job,
                            const parallel::Comm& comm, const TrainCheckpoint& c) {
  io::CheckpointData data;
  data.texts = {{"job", job.ini}, {"run_id", c.run_id}, {"stage", "train"}};
  const std::size_t metrics = c.current.partial.sums.size();
  data.counters = {{"fit", c.fit}, {"ranks", comm.size()}, {"has_best", c.best ? 1 : 0},
                   {"metrics", std::int64_t(metrics)}};
  put(data, "current_", c.current);
  if (c.best) put(data, "best_", *c.best);
  data.reals["curve_T"] = stored(c.curve_T);
  data.reals["curve_accuracy"] = stored(c.curve_accuracy);
  data.reals["best_fit"] = {c.best_accuracy, c.best_T};
  // This rank's partial sums of the epoch in progress, bit for bit.
  data.row_words = std::int64_t(metrics + 1);
  for (double sum : c.current.partial.sums) data.rows.push_back(std::bit_cast<std::uint64_t>(sum));
  data.rows.push_back(std::bit_cast<std::uint64_t>(c.current.partial.count));
  save_checkpoint(checkpoint_path(train_file), comm, Block{comm.rank(), comm.rank() + 1},
                  comm.size(), data);
}

std::optional<TrainCheckpoint> read_train_checkpoint(const std::string& train_file,
                                                     const Job& job, const std::string& run_id,
                                                     const parallel::Comm& comm) {
  const std::string path = checkpoint_path(train_file);
  const std::string found = comm.root_decides([&] { return fs::exists(path) ? "yes" : ""; });
  if (found.empty()) return std::nullopt;
  // Every rank's row: this rank's may be missing from a checkpoint of another rank count,
  // which is refused below.
  const io::CheckpointData d = io::read_checkpoint(path, comm.native());
  comm.root_decides([&] {
    const auto refuse = [&](const std::string& why) {
      return InputError("checkpoint '" + path + "' " + why +
                        "; pass --overwrite to start afresh (it removes the checkpoint)");
    };
    if (!d.texts.count("stage") || d.texts.at("stage") != "train")
      throw refuse("is not a checkpoint of `train`");
    if (!d.counters.count("metrics"))
      throw refuse("was written by an older phaselearn (no metric count)");
    if (d.texts.at("run_id") != run_id)
      throw refuse("was trained on run " + d.texts.at("run_id") + ", but '" +
                   job.train.run_file + "' is run " + run_id);
    const std::string then = result_defining(d.texts.at("job"), training_sections);
    const std::string now = result_defining(job.ini, training_sections);
    if (then != now)
      throw refuse("was written by a different job (it has '" + first_difference(then, now) +
                   "'): resume with the job and overrides it was started with");
    if (d.counters.at("ranks") != comm.size())
      throw refuse("was written at " + std::to_string(d.counters.at("ranks")) +
                   " MPI rank(s): resume with as many (the order of the gradient sums, and so "
                   "the result, depends on it)");
    return std::string();
  });

  TrainCheckpoint c;
  c.run_id = d.texts.at("run_id");
  c.fit = d.counters.at("fit");
  const auto metrics = std::size_t(d.counters.at("metrics"));
  c.current = get(d, "current_", path, metrics);
  const std::size_t row = std::size_t(comm.rank() * d.row_words);  // this rank's partial sums
  for (std::size_t k = 0; k < metrics; ++k)
    c.current.partial.sums[k] = std::bit_cast<double>(d.rows.at(row + k));
  c.current.partial.count = std::bit_cast<double>(d.rows.at(row + metrics));
  if (d.counters.at("has_best") != 0) c.best = get(d, "best_", path, metrics);
  c.curve_T = loaded<double>(d, "curve_T");
  c.curve_accuracy = loaded<double>(d, "curve_accuracy");
  c.best_accuracy = d.reals.at("best_fit").at(0);
  c.best_T = d.reals.at("best_fit").at(1);
  return c;
}

void remove_train_checkpoint(const std::string& train_file, const parallel::Comm& comm) {
  remove_checkpoint(checkpoint_path(train_file), comm);
}

}  // namespace phaselearn::app
