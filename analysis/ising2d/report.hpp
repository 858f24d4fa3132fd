#pragma once
// Everything phaselearn-analyze writes: the summary table (stdout), summary.json, a CSV
// per size with every observable, and the figures (each with its .gp, .dat and .csv).
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/figure.hpp"
#include "analysis/json.hpp"
#include "analysis/ising2d/pipeline.hpp"

namespace phaselearn::analysis::ising2d {

Json summary_json(const AnalysisResult& result, const std::vector<std::string>& inputs);
std::string summary_text(const AnalysisResult& result);
std::vector<FigureSpec> figures(const AnalysisResult& result);

// Writes summary.json, the tables and the figures into `directory` (which must exist).
// render = false writes the figure sources but does not run gnuplot.
void write_report(const AnalysisResult& result, const std::vector<std::string>& inputs,
                  const std::filesystem::path& directory, bool render);

}  // namespace phaselearn::analysis::ising2d
