#include "io/checkpoint.hpp"

#include <algorithm>
#include <bit>
#include <cstdio>

#include "core/errors.hpp"
#include "io/run_file.hpp"
#include "parallel/comm.hpp"

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

// A 64-bit FNV-1a digest of everything a checkpoint stores outside its datasets' chunks
// (texts, counters) and of the small arrays too: the chunks carry HDF5's Fletcher32
// checksums, attributes carry none. Every rank computes it from the same values.
class Digest {
 public:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ b[i]) * 0x100000001b3ULL;
  }
  void text(const std::string& s) {
    word(s.size());
    bytes(s.data(), s.size());
  }
  void word(std::uint64_t w) { bytes(&w, sizeof w); }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
    return buf;
  }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

std::string digest_of(const CheckpointData& d) {
  Digest h;
  for (const auto& [k, v] : d.texts) h.text(k), h.text(v);
  for (const auto& [k, v] : d.counters) h.text(k), h.word(std::uint64_t(v));
  for (const auto& [k, v] : d.integers) {
    h.text(k);
    h.word(v.size());
    for (auto x : v) h.word(std::uint64_t(x));
  }
  for (const auto& [k, v] : d.reals) {
    h.text(k);
    h.word(v.size());
    for (auto x : v) h.word(std::bit_cast<std::uint64_t>(x));
  }
  h.word(std::uint64_t(d.row_words));
  return h.hex();
}

// Where a checkpoint's content lives: the root of a checkpoint file, or a group of another
// file (the run file's /resume). `what` names it in messages, `remedy` says what to do
// when it cannot be trusted.
struct Place {
  std::string path, group, what, remedy;
  std::string attributes() const { return group.empty() ? "/" : group; }
  std::string item(const std::string& name) const { return group + "/" + name; }
};

Place checkpoint_file(const std::string& path) {
  return {path, "", "checkpoint '" + path + "'",
          "pass --overwrite to start afresh (it removes the checkpoint)"};
}
Place kept_state(const std::string& path, const std::string& group) {
  return {path, group, "the kept state " + group + " of '" + path + "'",
          "run the job with its new sample count from the start"};
}

// Everything but the rows (read by each rank for itself).
CheckpointData read_shared(const File& f, const Place& at) {
  CheckpointData d;
  const std::string a = at.attributes();
  for (const auto& k : split(f.read_string_attribute(a, "texts")))
    d.texts[k] = f.read_string_attribute(a, "text_" + k);
  for (const auto& k : split(f.read_string_attribute(a, "counters")))
    d.counters[k] = f.read_int_attribute(a, "counter_" + k);
  for (const auto& k : split(f.read_string_attribute(a, "integers")))
    d.integers[k] = f.open_dataset(at.item("integer_" + k)).read_all<std::int64_t>();
  for (const auto& k : split(f.read_string_attribute(a, "reals")))
    d.reals[k] = f.open_dataset(at.item("real_" + k)).read_all<double>();
  d.row_words = std::int64_t(f.open_dataset(at.item("rows")).dims().at(1));
  return d;
}

// Rank 0 reads the whole checkpoint with the default driver (every chunk's checksum is
// verified as it is read) and compares the digest; every rank learns the verdict, so a
// truncated, garbage or damaged checkpoint is refused once, by every rank together.
void verify_on_root(const Place& at, MPI_Comm comm) {
  parallel::Comm(comm).root_decides([&] {
    const auto untrusted = [&](const std::string& why) {
      return FormatError(at.what + " " + why + ": it cannot be trusted; " + at.remedy);
    };
    try {
      File f = File::open_read(at.path, std::nullopt);
      if (at.group.empty()) check_format(f, checkpoint_format, {checkpoint_format_version});
      else if (!f.has(at.group)) throw untrusted("is missing");
      const std::string a = at.attributes();
      if (!at.group.empty() && f.has_attribute(a, "format_version") &&
          f.read_int_attribute(a, "format_version") != checkpoint_format_version)
        throw untrusted("has format_version " +
                        std::to_string(f.read_int_attribute(a, "format_version")) +
                        ", this build reads " + std::to_string(checkpoint_format_version));
      if (!f.has_attribute(a, "complete")) throw untrusted("is incomplete");
      if (!f.has_attribute(a, "digest"))
        throw untrusted("has no checksum (written by an older phaselearn)");
      const CheckpointData d = read_shared(f, at);
      if (digest_of(d) != f.read_string_attribute(a, "digest"))
        throw untrusted("does not match its checksum (a counter, text or array was changed)");
      f.open_dataset(at.item("rows")).read_all<std::uint64_t>();  // Fletcher32 of every chunk
    } catch (const FormatError& e) {
      const std::string what = e.what();
      if (what.find("cannot be trusted") != std::string::npos) throw;
      throw untrusted("is damaged (" + what + ")");
    } catch (const Error& e) {
      throw untrusted("is damaged (" + std::string(e.what()) + ")");
    }
    return std::string();
  });
}

// The content below `at` in an open file, the attribute `complete` last.
void write_content(File& f, const Place& at, Block rows, std::int64_t total_rows,
                   const CheckpointData& data) {
  const std::string a = at.attributes();
  for (const auto& [k, v] : data.texts) f.write_attribute(a, "text_" + k, v);
  for (const auto& [k, v] : data.counters) f.write_attribute(a, "counter_" + k, v);
  // The names are listed so the reader needs no HDF5 iteration.
  f.write_attribute(a, "texts", list_of(data.texts));
  f.write_attribute(a, "counters", list_of(data.counters));
  f.write_attribute(a, "integers", list_of(data.integers));
  f.write_attribute(a, "reals", list_of(data.reals));
  for (const auto& [k, v] : data.integers) f.write_small(at.item("integer_" + k), v);
  for (const auto& [k, v] : data.reals) f.write_small(at.item("real_" + k), v);
  f.write_attribute(a, "digest", digest_of(data));
  const hsize_t width = data.row_words;
  // Chunks of about 1 MiB (at least one row), each with its Fletcher32 checksum. A state
  // kept in a run file for good is deflated: most of a row is the unused levels of the
  // binning (zeros): the quick job's 181 kB of rows take 25 kB. A checkpoint stays quick
  // to write.
  const hsize_t chunk_rows = std::clamp<hsize_t>((hsize_t(1) << 17) / std::max<hsize_t>(width, 1),
                                                 1, std::max<hsize_t>(hsize_t(total_rows), 1));
  Dataset table = f.create_dataset<std::uint64_t>(at.item("rows"), {hsize_t(total_rows), width},
                                                  {chunk_rows, width}, at.group.empty() ? 0 : 1);
  table.write<std::uint64_t>({hsize_t(rows.begin), 0}, {hsize_t(rows.size()), width},
                             data.rows.data());
  if (!at.group.empty()) {  // a group of a file with a layout contract: each dataset described
    f.write_attribute(at.item("rows"), "description",
                      "one row of 64-bit words per item (e.g. temperature): its saved state");
    for (const auto& [k, v] : data.integers)
      f.write_attribute(at.item("integer_" + k), "description", k + " (integers, saved state)");
    for (const auto& [k, v] : data.reals)
      f.write_attribute(at.item("real_" + k), "description", k + " (reals, saved state)");
  }
  f.write_attribute(a, "complete", std::int64_t{1});
}

CheckpointData read_content(const Place& at, MPI_Comm comm, std::optional<Block> rows) {
  verify_on_root(at, comm);
  File f = File::open_read(at.path, comm);
  CheckpointData d = read_shared(f, at);
  Dataset table = f.open_dataset(at.item("rows"));
  const Dims dims = table.dims();
  d.row_words = std::int64_t(dims[1]);
  const Block block = rows.value_or(Block{0, std::int64_t(dims[0])});
  d.rows.resize(std::size_t(block.size()) * dims[1]);
  table.read<std::uint64_t>({hsize_t(block.begin), 0}, {hsize_t(block.size()), dims[1]},
                            d.rows.data());
  return d;
}

}  // namespace

void write_checkpoint(const std::string& path, MPI_Comm comm, Block rows, std::int64_t total_rows,
                      const CheckpointData& data) {
  File f = File::create(path, comm);
  const auto job = data.texts.find("job");
  write_common_attributes(f, checkpoint_format, checkpoint_format_version,
                          job == data.texts.end() ? "" : job->second);
  write_content(f, checkpoint_file(path), rows, total_rows, data);
  f.close();
}

CheckpointData read_checkpoint(const std::string& path, MPI_Comm comm,
                               std::optional<Block> rows) {
  return read_content(checkpoint_file(path), comm, rows);
}

void write_checkpoint_group(const std::string& path, MPI_Comm comm, const std::string& group,
                            const std::string& description, Block rows,
                            std::int64_t total_rows, const CheckpointData& data) {
  File f = File::open_write(path, comm);
  f.create_group(group);
  f.write_attribute(group, "description", description);
  f.write_attribute(group, "format_version", checkpoint_format_version);
  write_content(f, kept_state(path, group), rows, total_rows, data);
  f.close();
}

bool has_checkpoint_group(const std::string& path, const std::string& group) {
  const File f = File::open_read(path, std::nullopt);
  return f.has(group) && f.has_attribute(group, "complete");
}

CheckpointData read_checkpoint_group(const std::string& path, MPI_Comm comm,
                                     const std::string& group, std::optional<Block> rows) {
  return read_content(kept_state(path, group), comm, rows);
}

}  // namespace phaselearn::io
