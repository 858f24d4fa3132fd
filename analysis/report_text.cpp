#include "analysis/report_text.hpp"

#include <cstdio>
#include <sstream>

namespace phaselearn::analysis {

std::string formatted(const char* printf_pattern, double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, printf_pattern, v);
  return buffer;
}

std::string plus_minus(double value, double error, int digits) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%.*f +- %.*f", digits, value, digits, error);
  return buffer;
}

std::string short_number(double v, int precision) {
  std::ostringstream out;
  out.precision(precision);
  out << v;
  return out.str();
}

std::string precise_number(double v) { return formatted("%.10g", v); }

std::string sizes_text(const std::vector<int>& sizes, const char* separator) {
  std::string s;
  for (const int L : sizes) s += (s.empty() ? "" : separator) + std::to_string(L);
  return s;
}

Json estimate_json(const Estimate& e) {
  Json j = Json::object();
  j["value"] = e.value;
  j["error"] = e.error;
  return j;
}

Json bootstrapped_json(const Outcome<Bootstrapped>& o) {
  Json j = Json::object();
  if (!o) {
    j["failed"] = o.reason();
    return j;
  }
  j["value"] = o->value;
  j["error"] = o->error;
  j["bootstrap_replicas"] = o->replicas;
  j["failed_replicas"] = o->failed_replicas;
  return j;
}

}  // namespace phaselearn::analysis
