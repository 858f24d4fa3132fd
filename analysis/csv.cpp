#include "analysis/csv.hpp"

#include <charconv>
#include <cmath>

#include "analysis/text_file.hpp"
#include "core/errors.hpp"

namespace phaselearn::analysis {

namespace {

void append_field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_cell(std::string& out, const CsvCell& cell) {
  if (const auto* d = std::get_if<double>(&cell)) {
    if (std::isnan(*d)) {
      out += "nan";
    } else if (std::isinf(*d)) {
      out += *d > 0 ? "inf" : "-inf";
    } else {
      char buffer[32];
      out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, *d).ptr);
    }
  } else if (const auto* i = std::get_if<std::int64_t>(&cell)) {
    out += std::to_string(*i);
  } else {
    append_field(out, std::get<std::string>(cell));
  }
}

}  // namespace

CsvTable csv_from_columns(const std::vector<std::string>& names,
                          const std::vector<std::vector<double>>& columns) {
  if (names.size() != columns.size())
    throw InputError("CSV: " + std::to_string(names.size()) + " names for " +
                     std::to_string(columns.size()) + " columns");
  CsvTable table{names, {}};
  const std::size_t rows = columns.empty() ? 0 : columns.front().size();
  for (const auto& column : columns)
    if (column.size() != rows) throw InputError("CSV: columns differ in length");
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<CsvCell> row;
    for (const auto& column : columns) row.emplace_back(column[r]);
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string to_csv(const CsvTable& table) {
  std::string out;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (c > 0) out += ',';
    append_field(out, table.header[c]);
  }
  out += '\n';
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto& row = table.rows[r];
    if (row.size() != table.header.size())
      throw InputError("CSV: row " + std::to_string(r) + " has " + std::to_string(row.size()) +
                       " cells for " + std::to_string(table.header.size()) + " columns");
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) out += ',';
      append_cell(out, row[c]);
    }
    out += '\n';
  }
  return out;
}

void write_csv(const std::filesystem::path& path, const CsvTable& table) {
  write_text_file(path, to_csv(table));
}

}  // namespace phaselearn::analysis
