#include "analysis/model_analysis.hpp"

#include "analysis/ising2d/plugin.hpp"
#include "analysis/vae/plugin.hpp"
#include "analysis/xy2d/plugin.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

struct Plugin {
  const char* model;
  std::unique_ptr<ModelAnalysis> (*analyse)(const std::vector<SizeInput>&, const AnalysisOptions&,
                                            const std::vector<std::string>&);
};

constexpr Plugin plugins[] = {
    {"ising2d", ising2d::analyse_runs},
    {"xy2d", xy2d::analyse_runs},
};

}  // namespace

std::unique_ptr<ModelAnalysis> analyse_runs(const std::vector<SizeInput>& inputs,
                                            const AnalysisOptions& options,
                                            const std::vector<std::string>& paths) {
  if (inputs.empty()) throw InputError("nothing to analyse");
  const std::string& model = inputs.front().run.model;
  for (const Plugin& p : plugins) {
    if (model != p.model) continue;
    if (!vae::has_vae_files(inputs)) return p.analyse(inputs, options, paths);
    vae::VaeAnalysis vae = vae::analyse(inputs, options);  // before the model's: its refusals first
    return vae::beside(p.analyse(inputs, options, paths), std::move(vae));
  }
  std::string known;
  for (const Plugin& p : plugins) known += (known.empty() ? "" : ", ") + std::string(p.model);
  throw InputError("phaselearn-analyze has no analysis of model '" + model + "' (it has: " + known + ")");
}

}  // namespace phaselearn::analysis
