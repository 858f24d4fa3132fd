// phaselearn-analyze: serial post-run analysis of run files and their training files.
// Parse, read (inputs.cpp), analyse and write with the plug-in of the runs' model
// (model_analysis.hpp), report errors.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/inputs.hpp"
#include "analysis/model_analysis.hpp"
#include "core/errors.hpp"
#include "core/version.hpp"

namespace fs = std::filesystem;
using namespace phaselearn;

namespace {

constexpr const char* usage = R"(usage: phaselearn-analyze --out DIR [options] RUN.h5 [RUN.train.h5] ...

Analyses the output of `phaselearn sample` and `phaselearn train`, serially (no mpirun),
for one or more lattice sizes: give every run file (<name>.h5) and, where the classifier
was trained, its training file (<name>.train.h5), in any order. Training files are paired
with their run files by run_id; a training file of a run that is not given is refused.
Several training files of one run (networks trained with other seeds) form an ensemble:
its mean output gives the curve, and the spread of the networks' own crossings enters
the error of T*(L).

VAE training files (train.objective = vae) are paired with their runs the same way and
analysed beside the model's analysis (see "VAE" below); they do not mix with classifier
training files in one analysis.

Each model has its own analysis (all runs must be of one model):
ising2d, per size: the classifier curve P(ordered)(T) and its crossing T*(L) of 1/2
(logistic fit, block-bootstrap error), the confusion peak (confusion scheme), <E>, C,
<|m|>, chi, U4 with autocorrelation-aware errors (binning, block jackknife), tau_int, the
exchange acceptance and round trips, and the exact finite-size energy and specific heat.
Across sizes: T*(L) = Tc + a L^(-1/nu) with nu fixed and, from 4 sizes, nu free; Binder
cumulant crossings; the data collapse of P(ordered) and its quality; Onsager's Tc.
xy2d, per size: <E> against low-temperature spin waves, C, <|m|>, chi, chi' = beta N
<m^2>, the helicity modulus, the vortex density, tau_int, exchange, and with training
files the classifier curve and its crossing T*(L) of 1/2. Across sizes, T_KT several ways
with bootstrap errors over blocks: the fit to the integrated Kosterlitz flow with a lattice
correction (headline from 4 sizes), the Weber-Minnhagen fit (headline below 4 sizes), pairs
of sizes without C, the crossing of Upsilon = 2T/pi, eta(T) = 1/4; with training files also the
classifier's T*(L) and the separation of successive sizes' curves, extrapolated in
1/(ln L + d)^2. Each T_KT has a systematic error beside the statistical one: its shift
when the smallest size is left out.
VAE, per training file and temperature: mean |mu| of the latent means, the latent
susceptibility chi_z = <|mu|^2> - <|mu|>^2, the first principal direction's share of the
latent variance, the reconstruction loss, and the energy per spin and vortex density of
reconstructions (paired with their samples) and of configurations generated from the
prior, against the run's MC values with binned errors; the relative energy deviation and
the 1 % target. Files of equal (energy_weight, kl_weight, latent) form a variant (e.g. with
and without the energy term, side by side): per size the peak T*(L) of chi_z (parabola
through the largest value and 2 points on either side, bootstrap error over blocks), across
sizes T*(L) = T_KT + c/(ln L)^2 against the KT band (target: within 2 %).

Options:
  --out DIR       output directory (required); written as DIR.partial, renamed when done
  --overwrite     replace an existing DIR (only a previous phaselearn-analyze output)
  --no-scaling    analyse each size alone (needed for a single size)
  --nu X          ising2d: exponent of the fixed-nu fit (default 1, exact in 2D)
  --min-size L    leave out the runs of sizes below L (and their training files), e.g.
                  to see how a finite-size estimate moves without the smallest sizes
  --bootstrap N   bootstrap replicas of the crossing and T_KT errors (default 400)
  --seed N        seed of the bootstrap streams (default 1)
  --no-render     write the gnuplot scripts and data but do not run gnuplot
  --help          this text
  --version       the release and the build's code_version (git describe)

Output in DIR: summary.json (every number below, with errors and warnings), a summary
table on stdout, observables_L<L>.csv, and figures <name>.png, each with <name>.gp (run
`gnuplot <name>.gp` in DIR to re-render), <name>.dat and <name>.csv. ising2d: classifier,
fss, collapse, energy, specific_heat, magnetization, susceptibility, binder, tau_int,
exchange, training_loss, training_accuracy, confusion. xy2d: helicity, weber_minnhagen,
kt_extrapolation, eta, classifier (with training files), vortices, energy,
specific_heat, magnetization, susceptibility, full_susceptibility_scaled, tau_int,
exchange. VAE (section "vae" of summary.json): vae_energy_L<L>, vae_vortices_L<L>,
vae_energy_deviation, vae_latent_susceptibility, vae_reconstruction_loss,
vae_latent_magnitude, vae_principal_share, vae_kt_extrapolation,
vae_L<L>_variant<k>_history, and the table vae_L<L>_variant<k>.csv per file.

Exit codes: 0 done; 1 runtime error (e.g. gnuplot failed); 2 bad input, including a
result that cannot be determined (e.g. a classifier curve that never crosses 1/2: the
outputs are still written, and the message says why; for xy2d, any T_KT estimator
without a number; for a VAE, a latent susceptibility without a peak inside the range or a
variant's T_KT without a number).
)";

struct Options {
  fs::path out;
  bool overwrite = false, render = true, help = false, version = false;
  int min_size = 0;
  std::vector<std::string> inputs;
  analysis::AnalysisOptions analysis;
};

double parse_number(const std::string& flag, const std::string& text, double min, double max) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= min && v <= max))
    throw InputError(flag + " '" + text + "': expected a number in [" + std::to_string(min) +
                     ", " + std::to_string(max) + "]");
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    const bool takes_value = arg == "--out" || arg == "--nu" || arg == "--bootstrap" || arg == "--seed" ||
                             arg == "--min-size";
    if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (takes_value) {
      if (i + 1 >= argc) throw InputError(arg + " needs a value (see --help)");
      value = argv[++i];
    }
    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--version") {
      o.version = true;
    } else if (arg == "--out") {
      if (value.empty()) throw InputError("--out needs a directory");
      o.out = value;
    } else if (arg == "--overwrite") {
      o.overwrite = true;
    } else if (arg == "--no-scaling") {
      o.analysis.scaling = false;
    } else if (arg == "--no-render") {
      o.render = false;
    } else if (arg == "--nu") {
      o.analysis.nu_fixed = parse_number(arg, value, 0.05, 20);
    } else if (arg == "--min-size") {
      o.min_size = static_cast<int>(parse_number(arg, value, 1, 1e9));
    } else if (arg == "--bootstrap") {
      o.analysis.bootstrap_replicas = static_cast<std::size_t>(parse_number(arg, value, 20, 1e6));
    } else if (arg == "--seed") {
      o.analysis.seed = static_cast<std::uint64_t>(parse_number(arg, value, 0, 9e15));
    } else if (arg.rfind("-", 0) == 0 && arg.size() > 1) {
      throw InputError("unknown option '" + arg + "' (see --help)");
    } else {
      o.inputs.push_back(arg);
    }
  }
  return o;
}

// An existing DIR is replaced only with --overwrite, and only when it is a previous output
// of this tool (it holds summary.json) or empty: --overwrite must never wipe other data.
void check_output(const Options& o) {
  if (o.out.empty()) throw InputError("no output directory: pass --out DIR (see --help)");
  std::error_code ec;
  if (!fs::exists(o.out, ec)) return;
  if (!o.overwrite)
    throw InputError("output directory '" + o.out.string() + "' exists; pass --overwrite to replace it");
  if (!fs::is_directory(o.out, ec))
    throw InputError("'" + o.out.string() + "' exists and is not a directory");
  if (!fs::exists(o.out / "summary.json", ec) && !fs::is_empty(o.out, ec))
    throw InputError("'" + o.out.string() + "' is not a phaselearn-analyze output (no summary.json); "
                     "refusing to replace it");
}

// --min-size: the runs below it and their training files leave the analysis (and the
// input list of summary.json).
std::vector<std::string> without_small_sizes(std::vector<analysis::SizeInput>& inputs, int min_size,
                                             const std::vector<std::string>& paths) {
  if (min_size == 0) return paths;
  std::erase_if(inputs, [&](const analysis::SizeInput& in) { return in.run.L < min_size; });
  if (inputs.empty())
    throw InputError("--min-size " + std::to_string(min_size) + " leaves no run (every L is smaller)");
  std::vector<std::string> kept;
  for (const analysis::SizeInput& in : inputs) {
    kept.push_back(in.run.path);
    for (const analysis::TrainingInput& t : in.trainings) kept.push_back(t.path);
    for (const auto& v : in.vaes) kept.push_back(v.path);
  }
  return kept;
}

fs::path partial_of(const fs::path& out) {
  fs::path p = out.lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  p += ".partial";
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    if (o.version) {
      std::printf("%s\n", version_line("phaselearn-analyze").c_str());
      return exit_ok;
    }
    if (o.help || argc == 1) {
      std::fputs(usage, stdout);
      return o.help ? exit_ok : exit_bad_input;
    }
    check_output(o);
    std::vector<analysis::SizeInput> inputs = analysis::load_inputs(o.inputs);
    const std::vector<std::string> paths = without_small_sizes(inputs, o.min_size, o.inputs);
    const std::unique_ptr<analysis::ModelAnalysis> result =
        analysis::analyse_runs(inputs, o.analysis, paths);

    const fs::path partial = partial_of(o.out);
    std::error_code ec;
    fs::remove_all(partial, ec);  // a stale partial of an earlier, interrupted analysis
    if (!fs::create_directories(partial, ec) || ec)
      throw InputError("cannot create output directory '" + partial.string() + "': " +
                       (ec ? ec.message() : "it exists"));
    result->write(partial, o.render);
    if (fs::exists(o.out)) fs::remove_all(o.out);
    fs::rename(partial, o.out);

    std::fputs(result->summary_text().c_str(), stdout);
    std::printf("\nwritten to %s/ (summary.json, CSV tables, figures)\n", o.out.string().c_str());
    const std::vector<std::string>& failures = result->failures();
    if (!failures.empty()) {
      std::string message = failures.front();
      if (failures.size() > 1)
        message += " (and " + std::to_string(failures.size() - 1) + " more in summary.json)";
      std::fprintf(stderr, "phaselearn-analyze: error: %s\n", message.c_str());
      return exit_bad_input;
    }
    return exit_ok;
  } catch (const Error& e) {
    std::fprintf(stderr, "phaselearn-analyze: error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "phaselearn-analyze: error: %s\n", e.what());
    return exit_runtime_error;
  }
}
