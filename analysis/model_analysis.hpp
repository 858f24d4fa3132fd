#pragma once
// The seam between phaselearn-analyze and the analysis of one model. Each model is a
// plug-in (analysis/<model>/) with its own observables, reference values, scaling ansatz,
// report and figures; main() sees only this interface. Adding a model is one folder and
// one line in model_analysis.cpp.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/inputs.hpp"
#include "analysis/json.hpp"
#include "analysis/options.hpp"

namespace phaselearn::analysis {

// A finished analysis: written into a directory, summarised for stdout, and the results
// that could not be determined (then phaselearn-analyze exits 2 after writing).
class ModelAnalysis {
 public:
  virtual ~ModelAnalysis() = default;
  // summary.json, the tables and the figures into `directory` (which must exist); render
  // = false writes the figure sources but does not run gnuplot.
  virtual void write(const std::filesystem::path& directory, bool render) const = 0;
  // The content of the summary.json that write() writes (so an objective's analysis can
  // add its section beside the model's).
  virtual Json summary() const = 0;
  virtual std::string summary_text() const = 0;
  virtual const std::vector<std::string>& failures() const = 0;
};

// Analyses the runs with the plug-in of their model (load_inputs made sure it is one
// model), and, when VAE training files are among the inputs, with the VAE plug-in beside
// it (analysis/vae/). `paths` are the input files as given, for summary.json. Throws InputError for a
// model without an analysis and for inputs its analysis refuses.
std::unique_ptr<ModelAnalysis> analyse_runs(const std::vector<SizeInput>& inputs,
                                            const AnalysisOptions& options,
                                            const std::vector<std::string>& paths);

}  // namespace phaselearn::analysis
