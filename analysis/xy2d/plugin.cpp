#include "analysis/xy2d/plugin.hpp"

#include "analysis/xy2d/pipeline.hpp"
#include "analysis/xy2d/report.hpp"

namespace phaselearn::analysis::xy2d {

namespace {

class XyPlugin final : public ModelAnalysis {
 public:
  XyPlugin(XyAnalysis result, std::vector<std::string> paths)
      : result_(std::move(result)), paths_(std::move(paths)) {}
  void write(const std::filesystem::path& directory, bool render) const override {
    write_report(result_, paths_, directory, render);
  }
  Json summary() const override { return summary_json(result_, paths_); }
  std::string summary_text() const override { return xy2d::summary_text(result_); }
  const std::vector<std::string>& failures() const override { return result_.failures; }

 private:
  XyAnalysis result_;
  std::vector<std::string> paths_;
};

}  // namespace

std::unique_ptr<ModelAnalysis> analyse_runs(const std::vector<SizeInput>& inputs,
                                            const AnalysisOptions& options,
                                            const std::vector<std::string>& paths) {
  return std::make_unique<XyPlugin>(analyse(inputs, options), paths);
}

}  // namespace phaselearn::analysis::xy2d
