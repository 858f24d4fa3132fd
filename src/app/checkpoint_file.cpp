#include "app/checkpoint_file.hpp"

#include <filesystem>

namespace phaselearn::app {

std::string checkpoint_path(const std::string& output_file) {
  return output_file + ".checkpoint";
}

void save_checkpoint(const std::string& path, const parallel::Comm& comm, Block rows,
                     std::int64_t total_rows, const io::CheckpointData& data) {
  io::write_checkpoint(path + ".tmp", comm.native(), rows, total_rows, data);
  comm.root_decides([&] {
    std::filesystem::rename(path + ".tmp", path);
    return std::string();
  });
}

void remove_checkpoint(const std::string& path, const parallel::Comm& comm) {
  comm.root_decides([&] {
    std::filesystem::remove(path);
    std::filesystem::remove(path + ".tmp");
    return std::string();
  });
}

}  // namespace phaselearn::app
