#include "io/checkpoint.hpp"

#include "core/errors.hpp"
#include "io/run_file.hpp"

namespace phaselearn::io {
namespace {
template <typename T>
std::string list_of(const std::map<std::string, T>& m) {
  std::string out;
  for (const auto& [k, v] : m) out += (out.empty() ? "" : ",") + k;
  return out;
}
std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::string::size_type start = 0, comma;
  while (!s.empty() && (comma = s.find(',', start)) != std::string::npos) {
    out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  if (!s.empty()) out.push_back(s.substr(start));
  return out;
}
}  // namespace

void write_checkpoint(const std::string& path, MPI_Comm comm, Block rows, std::int64_t total_rows,
                      const CheckpointData& data) {
  File f = File::create(path, comm);
  const auto job = data.texts.find("job");
  write_common_attributes(f, checkpoint_format, checkpoint_format_version, job == data.texts.end() ? "" : job->second);
  for (const auto& [k, v] : data.texts) f.write_attribute("/", "text_" + k, v);
  for (const auto& [k, v] : data.counters) f.write_attribute("/", "counter_" + k, v);
  // The names are listed so the reader needs no HDF5 iteration.
  f.write_attribute("/", "texts", list_of(data.texts));
  f.write_attribute("/", "counters", list_of(data.counters));
  f.write_attribute("/", "integers", list_of(data.integers));
  f.write_attribute("/", "reals", list_of(data.reals));
  for (const auto& [k, v] : data.integers) f.write_small("/integer_" + k, v);
  for (const auto& [k, v] : data.reals) f.write_small("/real_" + k, v);
  const hsize_t width = data.row_words;
  Dataset table = f.create_dataset<std::uint64_t>("/rows", {hsize_t(total_rows), width});
  table.write<std::uint64_t>({hsize_t(rows.begin), 0}, {hsize_t(rows.size()), width},
                             data.rows.data());
  f.write_attribute("/", "complete", std::int64_t{1});
  f.close();
}

CheckpointData read_checkpoint(const std::string& path, MPI_Comm comm,
                               std::optional<Block> rows) {
  File f = File::open_read(path, comm);
  check_format(f, checkpoint_format, {checkpoint_format_version});
  if (!f.has_attribute("/", "complete"))
    throw FormatError("checkpoint '" + path + "' is incomplete");
  CheckpointData d;
  for (const auto& k : split(f.read_string_attribute("/", "texts")))
    d.texts[k] = f.read_string_attribute("/", "text_" + k);
  for (const auto& k : split(f.read_string_attribute("/", "counters")))
    d.counters[k] = f.read_int_attribute("/", "counter_" + k);
  for (const auto& k : split(f.read_string_attribute("/", "integers")))
    d.integers[k] = f.open_dataset("/integer_" + k).read_all<std::int64_t>();
  for (const auto& k : split(f.read_string_attribute("/", "reals")))
    d.reals[k] = f.open_dataset("/real_" + k).read_all<double>();
  Dataset table = f.open_dataset("/rows");
  const Dims dims = table.dims();
  d.row_words = std::int64_t(dims[1]);
  const Block block = rows.value_or(Block{0, std::int64_t(dims[0])});
  d.rows.resize(std::size_t(block.size()) * dims[1]);
  table.read<std::uint64_t>({hsize_t(block.begin), 0}, {hsize_t(block.size()), dims[1]},
                            d.rows.data());
  return d;
}

}  // namespace phaselearn::io
