#pragma once
// The VAE objective's plug-in of phaselearn-analyze: it runs beside the plug-in of the
// runs' model (model_analysis.cpp), and their report is one: the model's files and
// summary, then the VAE's, with the VAE section under "vae" in summary.json.
#include <memory>

#include "analysis/model_analysis.hpp"
#include "analysis/vae/pipeline.hpp"

namespace phaselearn::analysis::vae {

std::unique_ptr<ModelAnalysis> beside(std::unique_ptr<ModelAnalysis> model, VaeAnalysis vae);

}  // namespace phaselearn::analysis::vae
