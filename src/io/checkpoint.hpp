#pragma once
// Checkpoint files: a small HDF5 file written collectively (app/checkpoint_file.hpp
// writes `<path>.tmp` and renames it, so a crash while writing leaves the previous
// checkpoint intact). The content is generic — named counters and texts, small global
// arrays, and a table of 64-bit words with one row per item (temperature, ...) of which
// each rank writes its own block — so the sampler and the trainer share one format.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/partition.hpp"
#include "io/h5.hpp"

namespace phaselearn::io {

inline constexpr const char* checkpoint_format = "phaselearn.checkpoint";
inline constexpr std::int64_t checkpoint_format_version = 1;

struct CheckpointData {
  std::map<std::string, std::string> texts;
  std::map<std::string, std::int64_t> counters;
  std::map<std::string, std::vector<std::int64_t>> integers;  // same on every rank
  std::map<std::string, std::vector<double>> reals;           // same on every rank
  std::int64_t row_words = 0;
  std::vector<std::uint64_t> rows;  // this rank's block of rows, row-major
};

// Collective. `rows` is this rank's block of `total_rows`. An attribute marks the
// file complete only after everything else is written.
void write_checkpoint(const std::string& path, MPI_Comm comm, Block rows, std::int64_t total_rows,
                      const CheckpointData& data);
// Collective; reads this rank's block of rows, or every row when none is given (a
// caller that cannot yet know which rows the file has). Throws FormatError when the
// file is not a complete checkpoint.
CheckpointData read_checkpoint(const std::string& path, MPI_Comm comm,
                               std::optional<Block> rows = std::nullopt);

// The same content kept as the group `group` of an existing file (the run file's
// /resume, the state a finished run continues from), with a `description`. Collective:
// opens the file for writing, adds the group (`complete` last), closes it.
void write_checkpoint_group(const std::string& path, MPI_Comm comm, const std::string& group,
                            const std::string& description, Block rows,
                            std::int64_t total_rows, const CheckpointData& data);
// Whether `path` holds a complete such group. Serial (the default driver).
bool has_checkpoint_group(const std::string& path, const std::string& group);
// Collective; verified on rank 0 like a checkpoint file (FormatError: cannot be trusted).
CheckpointData read_checkpoint_group(const std::string& path, MPI_Comm comm,
                                     const std::string& group,
                                     std::optional<Block> rows = std::nullopt);

}  // namespace phaselearn::io
