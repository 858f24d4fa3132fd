#include "app/resource_check.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "core/errors.hpp"
#include "core/partition.hpp"

namespace phaselearn::app {
namespace {

std::string gib(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g GiB", bytes / (1024.0 * 1024.0 * 1024.0));
  return text;
}

// MemAvailable of /proc/meminfo (what the kernel can give without swapping); 0 if unknown.
double available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024.0;
  return 0;
}

}  // namespace

SampleFootprint sample_footprint(const Job& job, int ranks, double spin_bytes, int components,
                                 std::int64_t chunk) {
  const double T = double(job.temperatures.size()), S = double(job.sampler.samples);
  const double sites = double(job.model.L) * double(job.model.L);
  const double per_sample_file = sites * spin_bytes + 8.0 * components + 4.0;
  const double local = double(block_of(std::int64_t(T), ranks, 0).size());  // the largest block
  // Walkers and their moves (bound: see the header); one write buffer of `chunk` samples.
  const double walkers = local * sites * spin_bytes * 8.0;
  const double buffer = local * double(chunk) * per_sample_file;
  return {T * S * per_sample_file, walkers + buffer};
}

void check_resources(const Job& job, const SampleFootprint& need, const std::string& output_dir) {
  if (!job.run.check_resources) return;
  struct statvfs fs {};
  if (statvfs(output_dir.c_str(), &fs) == 0) {
    const double free_bytes = double(fs.f_bavail) * double(fs.f_frsize);
    if (need.file_bytes > free_bytes)
      throw InputError("the run file would take " + gib(need.file_bytes) + " but '" +
                       output_dir + "' has " + gib(free_bytes) +
                       " free: reduce sampler.samples, temperatures.count or model.L, choose "
                       "another run.output_dir, or set run.check_resources = false");
  }
  const double memory = available_memory_bytes();
  if (memory > 0 && need.rank_bytes > memory)
    throw InputError("each rank would need about " + gib(need.rank_bytes) + " of memory, " +
                     gib(memory) + " is available: use more ranks, fewer temperatures or a "
                     "smaller model.L, sampler.write_chunk, or set run.check_resources = false");
}

}  // namespace phaselearn::app
