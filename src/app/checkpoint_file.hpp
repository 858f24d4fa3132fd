#pragma once
// Writing and removing a checkpoint file, the same for `sample` and `train`.
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/partition.hpp"
#include "io/checkpoint.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::app {

// Collective. Written to `<path>.tmp`, then renamed by rank 0: a crash while writing
// leaves the previous checkpoint whole.
inline void save_checkpoint(const std::string& path, const parallel::Comm& comm, Block rows,
                            std::int64_t total_rows, const io::CheckpointData& data) {
  io::write_checkpoint(path + ".tmp", comm.native(), rows, total_rows, data);
  comm.root_decides([&] {
    std::filesystem::rename(path + ".tmp", path);
    return std::string();
  });
}

// Collective. Also removes a `.tmp` left by a crash while writing.
inline void remove_checkpoint(const std::string& path, const parallel::Comm& comm) {
  comm.root_decides([&] {
    std::filesystem::remove(path);
    std::filesystem::remove(path + ".tmp");
    return std::string();
  });
}

}  // namespace phaselearn::app
