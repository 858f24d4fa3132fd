// The training file and the scattered shard reads, at 1 and 2 ranks: what each rank
// writes in runs lands at the right [t, s], what was written reads back, and the reader
// refuses what it must.
#define BOOST_TEST_MODULE ml_train_file
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>

#include "core/errors.hpp"
#include "core/partition.hpp"
#include "io/run_file.hpp"
#include "io/train_file.hpp"
#include "support/mpi_fixture.hpp"

using namespace phaselearn;
using namespace phaselearn::io;

namespace {

constexpr int L = 4, T = 3, S = 10;

// Spin (t, s, site) of the synthetic run file: its sign encodes a checkable pattern.
std::int8_t spin(int t, int s, int site) { return ((t * 7 + s * 3 + site) % 5) < 2 ? 1 : -1; }

std::string tmp_name(const parallel::Comm& comm, const std::string& stem) {
  std::string name = stem + "_" + std::to_string(comm.size()) + ".h5";
  return name;
}

void write_run_file(const std::string& path, const parallel::Comm& comm) {
  RunMeta meta{"feedc0de", "ising2d", L, 1.0, 5, comm.size(), "test", "now", "[job]"};
  // In a scope of its own: its open datasets keep the file open until destroyed.
  const SampleLayout layout{"int8 spin", {{"energy", 1, "e", ""}, {"magnetization", 1, "m", ""}}};
  RunFileWriter<std::int8_t> w(path, comm.native(), meta, layout, {1.0, 2.0, 3.0}, S, 4);
  const Block mine = block_of(T, comm.size(), comm.rank());
  std::vector<std::int8_t> spins(std::size_t(mine.size() * S * L * L));
  std::vector<double> e(std::size_t(mine.size() * S)), m(e.size());
  std::vector<std::int32_t> r(e.size());
  for (std::int64_t t = mine.begin; t < mine.end; ++t)
    for (int s = 0; s < S; ++s)
      for (int i = 0; i < L * L; ++i)
        spins[std::size_t(((t - mine.begin) * S + s) * L * L + i)] = spin(int(t), s, i);
  w.write_samples(mine, 0, S, S, spins.data(), {e, m}, r.data());
  w.write_diagnostics({{0, 0}, {0, 0, 0}, {{"energy", {0, 0, 0}}}});
}

// Rank r of P takes runs of 3 samples round-robin, so runs are scattered and uneven.
std::vector<SampleRun> my_runs(const parallel::Comm& comm) {
  std::vector<SampleRun> runs;
  int k = 0;
  for (int t = 0; t < T; ++t)
    for (int s = 0; s < S; s += 3, ++k)
      if (k % comm.size() == comm.rank()) runs.push_back({t, s, std::min(3, S - s)});
  return runs;
}

}  // namespace

BOOST_AUTO_TEST_CASE(scattered_runs_read_and_write_at_their_place) {
  parallel::Comm comm;
  const std::string run_path = tmp_name(comm, "runs_read");
  write_run_file(run_path, comm);
  const RunFileReader run(run_path, comm.native());
  const auto runs = my_runs(comm);
  std::int64_t n = 0;
  for (const auto& r : runs) n += r.count;
  std::vector<std::int8_t> spins(std::size_t(n * L * L));
  read_spin_runs(run, runs, spins.data());
  std::size_t at = 0;
  for (const auto& r : runs)
    for (std::int64_t s = r.first; s < r.first + r.count; ++s)
      for (int i = 0; i < L * L; ++i) BOOST_REQUIRE(spins[at++] == spin(int(r.temperature), int(s), i));

  // Predictions written in runs: p = t * 100 + s lands at [t, s].
  std::vector<float> p;
  for (const auto& r : runs)
    for (std::int64_t s = r.first; s < r.first + r.count; ++s) p.push_back(float(r.temperature * 100 + s));
  const std::string train_path = tmp_name(comm, "train_rw");
  TrainMeta meta;
  meta.run_id = run.meta().run_id;
  meta.run_file = run_path;
  meta.label_scheme = "window";
  meta.t_low = 1.5;
  meta.t_high = 2.5;
  meta.L = L;
  meta.mpi_ranks = comm.size();
  meta.best_epoch = 1;
  meta.job = "[train]";
  {
    TrainFileWriter w(train_path + ".partial", comm.native(), meta, run.temperatures(), S);
    LayerData hidden{L * L, 2, "relu", std::vector<float>(2 * L * L), {0.5f, -0.5f}};
    for (std::size_t i = 0; i < hidden.weights.size(); ++i) hidden.weights[i] = float(i);
    w.write_model({hidden, LayerData{2, 2, "softmax", {1, 2, 3, 4}, {0, 1}}}, "adam");
    w.write_history({{"train_loss", {1.0, 0.5}},
                     {"val_loss", {1.1, 0.6}},
                     {"train_acc", {0.5, 0.8}},
                     {"val_acc", {0.4, 0.7}}});
    w.write_prediction_summary({0.9, 0.5, 0.1}, {0.01, 0.02, 0.03});
    w.write_confusion({{1.5, 2.5}, {0.7, 0.8}});
    w.write_predictions(runs, p.data());
    w.close();
  }
  comm.barrier();
  if (comm.is_root()) std::filesystem::rename(train_path + ".partial", train_path);
  comm.barrier();

  const TrainFileReader r(train_path);  // serial, as the analysis tool reads it
  BOOST_TEST(r.meta().run_id == "feedc0de");
  BOOST_TEST(r.meta().label_scheme == "window");
  BOOST_TEST(r.meta().t_high == 2.5);
  BOOST_TEST(r.meta().mpi_ranks == comm.size());
  BOOST_TEST(r.meta().model == "ising2d");
  BOOST_TEST(r.meta().input_encoding == "ising_pm1");
  BOOST_TEST(r.samples() == S);
  BOOST_TEST(r.temperatures() == run.temperatures());
  const auto all = r.p_ordered();
  BOOST_REQUIRE(all.size() == std::size_t(T * S));
  for (int t = 0; t < T; ++t)
    for (int s = 0; s < S; ++s) BOOST_TEST(all[std::size_t(t * S + s)] == float(t * 100 + s));
  BOOST_TEST(r.mean() == (std::vector<double>{0.9, 0.5, 0.1}));
  BOOST_TEST(r.standard_error()[2] == 0.03);
  BOOST_TEST(r.history().val_acc == (std::vector<double>{0.4, 0.7}));
  BOOST_TEST(r.has_confusion());
  BOOST_TEST(r.confusion().val_accuracy[1] == 0.8);
  const auto model = r.model();
  BOOST_REQUIRE(model.size() == 2u);
  BOOST_TEST(model[0].inputs == L * L);
  BOOST_TEST(model[0].outputs == 2);
  BOOST_TEST(model[0].weights[17] == 17.0f);
  BOOST_TEST(model[0].activation == "relu");
  BOOST_TEST(model[1].activation == "softmax");
  BOOST_CHECK_NO_THROW(r.require_run("feedc0de", run_path));
  BOOST_CHECK_THROW(r.require_run("0ther", run_path), FormatError);
}

// An xy2d run file: float32 angles read in runs as floats; its int8 reading is refused.
BOOST_AUTO_TEST_CASE(xy_angles_are_read_in_runs_as_floats) {
  parallel::Comm comm;
  const std::string path = tmp_name(comm, "runs_xy");
  // Dyadic values: exact in float whatever the compiler contracts.
  const auto angle = [](int t, int s, int i) { return float(t) + float(s) / 16 + float(i) / 1024; };
  {
    RunMeta meta{"c0ffee", "xy2d", L, 1.0, 5, comm.size(), "test", "now", "[job]"};
    const SampleLayout layout{"float32 angle in [0, 2 pi)",
                              {{"energy", 1, "e", ""}, {"magnetization", 2, "m", ""},
                               {"bond_cos", 2, "c", ""}, {"bond_sin", 2, "s", ""},
                               {"vortices", 1, "v", ""}}};
    RunFileWriter<float> w(path, comm.native(), meta, layout, {1.0, 2.0, 3.0}, S, 4);
    const Block mine = block_of(T, comm.size(), comm.rank());
    std::vector<float> spins(std::size_t(mine.size() * S * L * L));
    for (std::int64_t t = mine.begin; t < mine.end; ++t)
      for (int s = 0; s < S; ++s)
        for (int i = 0; i < L * L; ++i)
          spins[std::size_t(((t - mine.begin) * S + s) * L * L + i)] = angle(int(t), s, i);
    const std::vector<double> scalar(std::size_t(mine.size() * S)), pair(2 * scalar.size());
    std::vector<std::int32_t> r(scalar.size());
    w.write_samples(mine, 0, S, S, spins.data(), {scalar, pair, pair, pair, scalar}, r.data());
    w.write_diagnostics({{0, 0}, {0, 0, 0}, {{"energy", {0, 0, 0}}}});
  }
  comm.barrier();
  const RunFileReader run(path, comm.native());
  const auto runs = my_runs(comm);
  std::int64_t n = 0;
  for (const auto& r : runs) n += r.count;
  std::vector<float> angles(std::size_t(n * L * L));
  read_spin_runs(run, runs, angles.data());
  std::size_t at = 0;
  for (const auto& r : runs)
    for (std::int64_t s = r.first; s < r.first + r.count; ++s)
      for (int i = 0; i < L * L; ++i)
        BOOST_REQUIRE(angles[at++] == angle(int(r.temperature), int(s), i));
  std::vector<std::int8_t> wrong(angles.size());
  BOOST_CHECK_THROW(read_spin_runs(run, runs, wrong.data()), FormatError);
}

BOOST_AUTO_TEST_CASE(reader_refuses_partial_and_other_formats) {
  parallel::Comm comm;
  const std::string run_path = tmp_name(comm, "runs_refuse");
  write_run_file(run_path, comm);
  comm.barrier();
  if (comm.is_root()) {
    BOOST_CHECK_THROW(TrainFileReader(run_path + ".partial"), InputError);
    try {
      TrainFileReader reader(run_path);
      BOOST_ERROR("a run file was read as a training file");
    } catch (const FormatError& e) {
      BOOST_TEST(std::string(e.what()).find("expected 'phaselearn.train'") != std::string::npos);
    }
    BOOST_CHECK_THROW(TrainFileReader("does_not_exist.h5"), InputError);
  }
}
