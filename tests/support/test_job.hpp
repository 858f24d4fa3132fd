#pragma once
// A job from defaults and command-line style overrides, validated as `phaselearn` does.
#include <string>
#include <vector>

#include "core/job.hpp"

namespace phaselearn {

inline Job make_test_job(const std::vector<std::string>& overrides) {
  ParamSet params(job_parameters());
  params.load("", overrides);
  return make_job(params);
}

}  // namespace phaselearn
