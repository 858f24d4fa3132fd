#pragma once
// Everything the VAE analysis adds to a report: its section of summary.json (key "vae"),
// its part of the stdout summary, a CSV per VAE file and its figures (each with .gp, .dat
// and .csv).
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/figure.hpp"
#include "analysis/json.hpp"
#include "analysis/vae/pipeline.hpp"

namespace phaselearn::analysis::vae {

Json summary_json(const VaeAnalysis& result);
std::string summary_text(const VaeAnalysis& result);
std::vector<FigureSpec> figures(const VaeAnalysis& result);

// The CSV tables and figures into `directory` (which must exist); summary.json is the
// caller's (it merges this section with the model's).
void write_tables_and_figures(const VaeAnalysis& result, const std::filesystem::path& directory, bool render);

}  // namespace phaselearn::analysis::vae
