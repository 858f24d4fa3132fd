#pragma once
#include <string>

namespace phaselearn {
std::string code_version();  // git describe at build time
// "<program> <release> (code_version <git describe>)", for --version
std::string version_line(const std::string& program);
std::string utc_timestamp();  // ISO 8601, seconds
}  // namespace phaselearn
