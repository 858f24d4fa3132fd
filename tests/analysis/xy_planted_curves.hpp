#pragma once
// Shared by the xy2d analysis tests: exact curves of a planted model, and an estimator
// of an analysis by key.
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/xy2d/pipeline.hpp"
#include "analysis/xy2d/synthetic.hpp"

namespace phaselearn::analysis::xy2d::testing {

// Exact curves of a planted model on a temperature list (errors 1e-3, relative for chi').
inline std::vector<SizeCurves> exact_curves(const PlantedKt& model, const std::vector<double>& t,
                                            const std::vector<int>& Ls) {
  std::vector<SizeCurves> curves;
  for (const int L : Ls) {
    SizeCurves c;
    c.L = L;
    for (const double T : t) {
      c.helicity.x.push_back(T);
      c.helicity.y.push_back(model.helicity(T, L));
      c.helicity.error.push_back(1e-3);
      c.full_susceptibility.x.push_back(T);
      c.full_susceptibility.y.push_back(model.full_susceptibility(T, L));
      c.full_susceptibility.error.push_back(1e-3 * model.full_susceptibility(T, L));
    }
    curves.push_back(c);
  }
  return curves;
}

inline const KtEstimator& estimator(const XyAnalysis& r, const std::string& key) {
  for (const KtEstimator& e : r.kt->estimators)
    if (e.key == key) return e;
  throw std::runtime_error("no estimator " + key);
}

}  // namespace phaselearn::analysis::xy2d::testing
