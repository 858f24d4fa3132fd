#pragma once
#include <string>

namespace phaselearn {
std::string code_version();  // git describe at build time
std::string utc_timestamp();  // ISO 8601, seconds
}  // namespace phaselearn
