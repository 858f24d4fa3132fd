#pragma once
// The stored samples of a finished run file, read back in the layout RunFileWriter writes
// them from, so `sample --extend` can copy them into the file that continues the run.
#include <cstdint>
#include <string>
#include <vector>

#include "core/partition.hpp"
#include "io/h5.hpp"
#include "io/run_file.hpp"

namespace phaselearn::io {

// Every rank of the communicator constructs one and makes the same calls (collective).
template <typename Spin>
class StoredSamples {
 public:
  StoredSamples(const std::string& path, MPI_Comm comm, const SampleLayout& layout, int L);
  // Samples [first, first + count) of this rank's temperatures into buffers of
  // [temperature][count](...), as RunFileWriter::write_samples takes them with
  // buffer_samples = count. HDF5 checks each chunk's checksum on the way.
  void read(Block temperatures, std::int64_t first, std::int64_t count, Spin* spins,
            std::vector<std::vector<double>>& observables, std::int32_t* replica) const;

 private:
  File file_;
  SampleLayout layout_;
  Dataset spins_, replica_;
  std::vector<Dataset> observables_;
  int L_;
};

}  // namespace phaselearn::io
