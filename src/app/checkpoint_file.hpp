#pragma once
// Writing and removing a checkpoint file, the same for `sample` and `train`.
#include <cstdint>
#include <string>

#include "core/partition.hpp"
#include "io/checkpoint.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::app {

// Where the checkpoint of an output file (run file or training file) lives.
std::string checkpoint_path(const std::string& output_file);

// Collective. Written to `<path>.tmp`, then renamed by rank 0: a crash while writing
// leaves the previous checkpoint whole.
void save_checkpoint(const std::string& path, const parallel::Comm& comm, Block rows,
                     std::int64_t total_rows, const io::CheckpointData& data);

// Collective. Also removes a `.tmp` left by a crash while writing.
void remove_checkpoint(const std::string& path, const parallel::Comm& comm);

}  // namespace phaselearn::app
