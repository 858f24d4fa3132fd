#pragma once
// The stored samples of a finished run file, read back in the layout RunFileWriter writes
// them from, so `sample --extend` can copy them into the file that continues the run.
#include <cstdint>
#include <vector>

#include "core/partition.hpp"
#include "io/run_file.hpp"

namespace phaselearn::io {

// Samples [first, first + count) of temperatures `t` of `run` (opened on every rank of a
// communicator: collective) into buffers of [temperature][count](...), as
// RunFileWriter::write_samples takes them with buffer_samples = count; observables[k]
// holds layout.observables[k]. HDF5 checks each chunk's checksum on the way.
template <typename Spin>
void read_stored_samples(const RunFileReader& run, const SampleLayout& layout, Block t,
                         std::int64_t first, std::int64_t count, Spin* spins,
                         std::vector<std::vector<double>>& observables, std::int32_t* replica);

}  // namespace phaselearn::io
