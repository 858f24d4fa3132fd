#pragma once
// The checkpoint of `sample`, `<run file>.checkpoint` beside the partial output: the
// replica-exchange state, how many samples per temperature reached the partial output,
// and a digest of their observables, so a resumed run can tell whether
// the partial output still holds them (a hard kill while writing can damage it).
#include <cstdint>
#include <optional>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "app/checkpoint_file.hpp"
#include "core/job.hpp"
#include "core/partition.hpp"
#include "parallel/comm.hpp"
#include "tempering/replica_exchange.hpp"

namespace phaselearn::app {

struct SampleCheckpoint {
  std::string run_id;
  std::int64_t samples_written = 0;
  tempering::ReplicaExchangeState state;
  std::vector<std::uint64_t> digests;       // of the observables, one per temperature of this rank
  std::vector<std::uint64_t> spin_digests;  // of the stored spins' bytes, likewise
};

// Running digest of a temperature's stored samples (each sample's observables record), in
// sample order.
std::uint64_t digest_sample(std::uint64_t digest, std::span<const double> record);
// The same for the bytes of stored spins: zeroed chunks pass HDF5's Fletcher32 (zeros have
// checksum zero), so a resume compares the spins with this digest too.
std::uint64_t digest_bytes(std::uint64_t digest, std::span<const std::byte> bytes);

// Collective. Written to `<path>.tmp`, then renamed: a crash while writing leaves the
// previous checkpoint whole.
void write_sample_checkpoint(const std::string& run_file, const Job& job,
                             const parallel::Comm& comm, Block temperatures,
                             const SampleCheckpoint& checkpoint);

// Collective. nullopt when there is nothing to resume. Refuses (InputError) a checkpoint
// of another job, or one whose partial output is missing.
std::optional<SampleCheckpoint> read_sample_checkpoint(const std::string& run_file,
                                                       const Job& job,
                                                       const parallel::Comm& comm,
                                                       Block temperatures,
                                                       std::size_t record_words);

// The state a finished run keeps in its run file (the same content as a checkpoint, in
// io::kept_state_group, without job and run_id: the file's root attributes hold them), so
// `sample --extend` can continue it. Collective; written into the closed partial output.
void write_kept_state(const std::string& partial, const Job& job, const parallel::Comm& comm,
                      Block temperatures, SampleCheckpoint state);
// Whether a finished run file keeps its state (serial; files of older builds do not).
bool has_kept_state(const std::string& run_file);
// Collective; refuses (FormatError) a damaged state and (InputError) one of other rules.
SampleCheckpoint read_kept_state(const std::string& run_file, const parallel::Comm& comm,
                                 Block temperatures, std::size_t record_words);

void remove_sample_checkpoint(const std::string& run_file, const parallel::Comm& comm);

}  // namespace phaselearn::app
