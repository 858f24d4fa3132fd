#include "analysis/vae/plugin.hpp"

#include "analysis/vae/report.hpp"

namespace phaselearn::analysis::vae {

namespace {

class ModelWithVae final : public ModelAnalysis {
 public:
  ModelWithVae(std::unique_ptr<ModelAnalysis> model, VaeAnalysis vae)
      : model_(std::move(model)), vae_(std::move(vae)) {
    failures_ = model_->failures();
    failures_.insert(failures_.end(), vae_.failures.begin(), vae_.failures.end());
  }
  void write(const std::filesystem::path& directory, bool render) const override {
    model_->write(directory, render);
    write_tables_and_figures(vae_, directory, render);
    write_json(directory / "summary.json", summary());  // the model's, with the VAE section
  }
  Json summary() const override {
    Json j = model_->summary();
    j["vae"] = summary_json(vae_);
    return j;
  }
  std::string summary_text() const override { return model_->summary_text() + vae::summary_text(vae_); }
  const std::vector<std::string>& failures() const override { return failures_; }

 private:
  std::unique_ptr<ModelAnalysis> model_;
  VaeAnalysis vae_;
  std::vector<std::string> failures_;
};

}  // namespace

std::unique_ptr<ModelAnalysis> beside(std::unique_ptr<ModelAnalysis> model, VaeAnalysis vae) {
  return std::make_unique<ModelWithVae>(std::move(model), std::move(vae));
}

}  // namespace phaselearn::analysis::vae
