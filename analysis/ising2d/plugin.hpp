#pragma once
// The 2D Ising model's plug-in of phaselearn-analyze (see analysis/model_analysis.hpp).
#include <memory>

#include "analysis/model_analysis.hpp"

namespace phaselearn::analysis::ising2d {

std::unique_ptr<ModelAnalysis> analyse_runs(const std::vector<SizeInput>& inputs,
                                            const AnalysisOptions& options,
                                            const std::vector<std::string>& paths);

}  // namespace phaselearn::analysis::ising2d
