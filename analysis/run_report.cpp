#include "analysis/run_report.hpp"

#include "core/version.hpp"

namespace phaselearn::analysis {

Json summary_header(const std::vector<std::string>& inputs) {
  Json j = Json::object();
  j["tool"] = "phaselearn-analyze";
  j["code_version"] = code_version();
  j["inputs"] = Json(Json::Array(inputs.begin(), inputs.end()));
  return j;
}

std::vector<std::string> exchange_warnings(const RunInput& run, double min_acceptance) {
  std::vector<std::string> out;
  for (std::size_t p = 0; p < run.exchange_acceptance.size() && p + 1 < run.temperatures.size(); ++p)
    if (run.exchange_acceptance[p] < min_acceptance)
      out.push_back("exchange acceptance between T = " + short_number(run.temperatures[p]) + " and T = " +
                    short_number(run.temperatures[p + 1]) + " is " + short_number(run.exchange_acceptance[p], 3) +
                    " (below " + short_number(min_acceptance) +
                    "): walkers rarely cross this pair; add temperatures between them");
  if (!run.round_trips.empty() && total_round_trips(run.round_trips) == 0)
    out.push_back("no walker completed a round trip between the lowest and highest temperature: the "
                  "temperature set does not mix (more sweeps or closer temperatures)");
  return out;
}

Json exchange_json(const std::vector<double>& acceptance, const std::vector<std::int64_t>& round_trips) {
  Json j = Json::object();
  j["acceptance"] = Json(acceptance);
  j["min_acceptance"] = acceptance.empty() ? Json() : Json(min_acceptance(acceptance));
  j["round_trips"] = total_round_trips(round_trips);
  return j;
}

}  // namespace phaselearn::analysis
