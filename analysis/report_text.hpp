#pragma once
// Numbers as the reports write them (stdout summaries, messages, summary.json estimates).
// Shared by the analysis plug-ins.
#include <string>
#include <vector>

#include "analysis/bootstrapped.hpp"
#include "analysis/curve.hpp"
#include "analysis/json.hpp"
#include "analysis/outcome.hpp"

namespace phaselearn::analysis {

std::string formatted(const char* printf_pattern, double v);  // one double, e.g. "%.4f"
std::string plus_minus(double value, double error, int digits = 5);  // "0.89290 +- 0.00100"
std::string short_number(double v, int precision = 4);        // shortest of `precision` digits
std::string precise_number(double v);                         // "%.10g"
// "8, 16, 32" (or with another separator, e.g. " / " for a pair)
std::string sizes_text(const std::vector<int>& sizes, const char* separator = ", ");
Json estimate_json(const Estimate& e);                        // {"value", "error"}
// {"value", "error", "bootstrap_replicas", "failed_replicas"}, or {"failed": reason}
Json bootstrapped_json(const Outcome<Bootstrapped>& o);

}  // namespace phaselearn::analysis
