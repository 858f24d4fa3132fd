#pragma once
// Runs gnuplot on a script, in the script's directory so its relative paths resolve.
#include <filesystem>
#include <string>

namespace phaselearn::analysis {

// Returns what gnuplot printed (warnings); throws phaselearn::Error with that output and
// the exit status when gnuplot fails or cannot be started.
std::string run_gnuplot(const std::filesystem::path& directory, const std::string& script_name);

}  // namespace phaselearn::analysis
