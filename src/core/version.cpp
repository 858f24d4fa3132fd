#include "core/version.hpp"

#include <ctime>

#include "code_version.hpp"  // generated at build time (cmake/CodeVersion.cmake)

namespace phaselearn {

std::string code_version() { return PHASELEARN_VERSION; }

std::string version_line(const std::string& program) {
  return program + " " + PHASELEARN_RELEASE + " (code_version " + code_version() + ")";
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace phaselearn
