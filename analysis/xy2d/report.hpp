#pragma once
// Everything the xy2d analysis writes: the summary table (stdout), summary.json, a CSV per
// size with every observable, and the figures (each with its .gp, .dat and .csv).
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/figure.hpp"
#include "analysis/json.hpp"
#include "analysis/xy2d/pipeline.hpp"

namespace phaselearn::analysis::xy2d {

Json summary_json(const XyAnalysis& result, const std::vector<std::string>& inputs);
std::string summary_text(const XyAnalysis& result);
std::vector<FigureSpec> figures(const XyAnalysis& result);

// Writes summary.json, the tables and the figures into `directory` (which must exist).
void write_report(const XyAnalysis& result, const std::vector<std::string>& inputs,
                  const std::filesystem::path& directory, bool render);

}  // namespace phaselearn::analysis::xy2d
