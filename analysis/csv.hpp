#pragma once
// CSV tables (RFC 4180 quoting) beside each figure, for users who replot elsewhere.
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace phaselearn::analysis {

// Doubles are written in shortest round-trip form; NaN as "nan", infinities as "inf".
using CsvCell = std::variant<double, std::int64_t, std::string>;

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<CsvCell>> rows;  // each as long as the header
};

// Numeric columns of equal length; throws InputError otherwise.
CsvTable csv_from_columns(const std::vector<std::string>& names,
                          const std::vector<std::vector<double>>& columns);

std::string to_csv(const CsvTable& table);  // throws InputError on a ragged row
void write_csv(const std::filesystem::path& path, const CsvTable& table);

}  // namespace phaselearn::analysis
