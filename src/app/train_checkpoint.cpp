#include "app/train_checkpoint.hpp"

#include <bit>
#include <filesystem>

#include "core/errors.hpp"
#include "io/checkpoint.hpp"

namespace fs = std::filesystem;

namespace phaselearn::app {
namespace {

// What fixes the training result besides the run file: the seed, the name and the
// train section (not the output directory, logging or checkpoint interval).
const std::vector<std::string> training_sections = {"run", "train"};
constexpr std::int64_t record_fields = 9;

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
  if (v.empty() || v[0] != double(v.size() - 1))
    throw FormatError("checkpoint array '" + key + "' is damaged");
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
  for (const ml::EpochRecord& r : s.history)
    h.insert(h.end(), {double(r.epoch), r.train_loss, r.train_accuracy, r.val_loss,
                       r.val_accuracy, double(r.samples), r.seconds, r.train_seconds,
                       double(r.improved)});
  d.reals[p + "history"] = stored(h);
}

ml::TrainerState get(const io::CheckpointData& d, const std::string& p) {
  ml::TrainerState s;
  s.parameters = loaded<float>(d, p + "parameters");
  s.best_parameters = loaded<float>(d, p + "best_parameters");
  s.optimizer.first_moment = loaded<float>(d, p + "first_moment");
  s.optimizer.second_moment = loaded<float>(d, p + "second_moment");
  s.optimizer.steps = d.counters.at(p + "optimizer_steps");
  s.epochs_since_best = int(d.counters.at(p + "epochs_since_best"));
  s.step = d.counters.at(p + "step");
  const std::vector<double> h = loaded<double>(d, p + "history");
  for (std::size_t i = 0; i + record_fields <= h.size(); i += record_fields)
    s.history.push_back({int(h[i]), h[i + 1], h[i + 2], h[i + 3], h[i + 4],
                         std::int64_t(h[i + 5]), h[i + 6], h[i + 7], h[i + 8] != 0});
  return s;
}

}  // namespace

std::string train_checkpoint_path(const std::string& train_file) {
  return train_file + ".checkpoint";
}

void write_train_checkpoint(const std::string& train_file, const Job& job,
                            const parallel::Comm& comm, const TrainCheckpoint& c) {
  io::CheckpointData data;
  data.texts = {{"job", job.ini}, {"run_id", c.run_id}, {"stage", "train"}};
  data.counters = {{"fit", c.fit}, {"ranks", comm.size()}, {"has_best", c.best ? 1 : 0}};
  put(data, "current_", c.current);
  if (c.best) put(data, "best_", *c.best);
  data.reals["curve_T"] = stored(c.curve_T);
  data.reals["curve_accuracy"] = stored(c.curve_accuracy);
  data.reals["best_fit"] = {c.best_accuracy, c.best_T};
  // This rank's partial sums of the epoch in progress, bit for bit.
  data.row_words = 3;
  data.rows = {std::bit_cast<std::uint64_t>(c.current.partial.loss_sum),
               std::uint64_t(c.current.partial.correct), std::uint64_t(c.current.partial.count)};
  const std::string path = train_checkpoint_path(train_file);
  io::write_checkpoint(path + ".tmp", comm.native(), Block{comm.rank(), comm.rank() + 1},
                       comm.size(), data);
  comm.root_decides([&] {
    fs::rename(path + ".tmp", path);
    return std::string();
  });
}

std::optional<TrainCheckpoint> read_train_checkpoint(const std::string& train_file,
                                                     const Job& job, const std::string& run_id,
                                                     const parallel::Comm& comm) {
  const std::string path = train_checkpoint_path(train_file);
  const std::string found = comm.root_decides([&] { return fs::exists(path) ? "yes" : ""; });
  if (found.empty()) return std::nullopt;
  // First without the per-rank rows, which a checkpoint of another rank count lacks.
  const io::CheckpointData head = io::read_checkpoint(path, comm.native(), Block{0, 0});
  comm.root_decides([&] {
    const auto refuse = [&](const std::string& why) {
      return InputError("checkpoint '" + path + "' " + why +
                        "; pass --overwrite to start afresh (it removes the checkpoint)");
    };
    if (!head.texts.count("stage") || head.texts.at("stage") != "train")
      throw refuse("is not a checkpoint of `train`");
    if (head.texts.at("run_id") != run_id)
      throw refuse("was trained on run " + head.texts.at("run_id") + ", but '" +
                   job.train.run_file + "' is run " + run_id);
    const std::string then = result_defining(head.texts.at("job"), training_sections);
    const std::string now = result_defining(job.ini, training_sections);
    if (then != now)
      throw refuse("was written by a different job (it has '" + first_difference(then, now) +
                   "'): resume with the job and overrides it was started with");
    if (head.counters.at("ranks") != comm.size())
      throw refuse("was written at " + std::to_string(head.counters.at("ranks")) +
                   " MPI rank(s): resume with as many (the order of the gradient sums, and so "
                   "the result, depends on it)");
    return std::string();
  });

  const io::CheckpointData d =
      io::read_checkpoint(path, comm.native(), Block{comm.rank(), comm.rank() + 1});
  TrainCheckpoint c;
  c.run_id = d.texts.at("run_id");
  c.fit = d.counters.at("fit");
  c.current = get(d, "current_");
  c.current.partial.loss_sum = std::bit_cast<double>(d.rows.at(0));
  c.current.partial.correct = std::int64_t(d.rows.at(1));
  c.current.partial.count = std::int64_t(d.rows.at(2));
  if (d.counters.at("has_best") != 0) c.best = get(d, "best_");
  c.curve_T = loaded<double>(d, "curve_T");
  c.curve_accuracy = loaded<double>(d, "curve_accuracy");
  c.best_accuracy = d.reals.at("best_fit").at(0);
  c.best_T = d.reals.at("best_fit").at(1);
  return c;
}

void remove_train_checkpoint(const std::string& train_file, const parallel::Comm& comm) {
  comm.root_decides([&] {
    fs::remove(train_checkpoint_path(train_file));
    fs::remove(train_checkpoint_path(train_file) + ".tmp");
    return std::string();
  });
}

}  // namespace phaselearn::app
