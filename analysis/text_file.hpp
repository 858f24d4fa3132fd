#pragma once
// Writes a whole text file or nothing: the content goes to `<path>.partial`, which is
// renamed only when complete, so a crash never leaves a truncated summary or figure.
#include <filesystem>
#include <string_view>

namespace phaselearn::analysis {

// Throws phaselearn::Error with the path and the system's reason on failure.
void write_text_file(const std::filesystem::path& path, std::string_view content);

}  // namespace phaselearn::analysis
