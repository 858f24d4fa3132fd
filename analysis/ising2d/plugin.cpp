#include "analysis/ising2d/plugin.hpp"

#include "analysis/ising2d/pipeline.hpp"
#include "analysis/ising2d/report.hpp"

namespace phaselearn::analysis::ising2d {

namespace {

class IsingAnalysis final : public ModelAnalysis {
 public:
  IsingAnalysis(AnalysisResult result, std::vector<std::string> paths)
      : result_(std::move(result)), paths_(std::move(paths)) {}
  void write(const std::filesystem::path& directory, bool render) const override {
    write_report(result_, paths_, directory, render);
  }
  Json summary() const override { return summary_json(result_, paths_); }
  std::string summary_text() const override { return ising2d::summary_text(result_); }
  const std::vector<std::string>& failures() const override { return result_.failures; }

 private:
  AnalysisResult result_;
  std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<ModelAnalysis> analyse_runs(const std::vector<SizeInput>& inputs,
                                            const AnalysisOptions& options,
                                            const std::vector<std::string>& paths) {
  return std::make_unique<IsingAnalysis>(analyse(inputs, options), paths);
}

}  // namespace phaselearn::analysis::ising2d
