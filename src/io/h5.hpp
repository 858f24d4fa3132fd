#pragma once
// Thin RAII layer over the HDF5 C API; the only place besides io/ that would call HDF5
// is nowhere. Files open either with the MPI-IO driver (collective, all ranks) or with
// the default driver (one process, e.g. the analysis tool).
#include <hdf5.h>
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace phaselearn::io {

class H5Id {
 public:
  H5Id() = default;
  // collective: closing it is a collective call (a file opened with the MPI-IO driver,
  // or an object in one); such an id is not closed while an exception unwinds.
  H5Id(hid_t id, herr_t (*close)(hid_t), bool collective = false)
      : id_(id), close_(close), collective_(collective) {}
  H5Id(H5Id&& o) noexcept : id_(o.id_), close_(o.close_), collective_(o.collective_) {
    o.id_ = H5I_INVALID_HID;
  }
  H5Id& operator=(H5Id&& o) noexcept;
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  ~H5Id() { reset(); }
  void reset();
  hid_t get() const { return id_; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  herr_t (*close_)(hid_t) = nullptr;
  bool collective_ = false;
};

template <typename T>
hid_t native_type();

// Closes every HDF5 file still open in this process (left open by H5Id while an exception
// unwound). With the MPI-IO driver it is collective: call it on every rank together, e.g.
// after an error every rank has (Error::on_every_rank) or a checkpoint-and-stop. Errors
// are ignored: the files are given up either way.
void close_all_files();
// True once an HDF5 call failed in this process: its open files may be in a state that
// closing (or HDF5's own clean-up at MPI_Finalize) cannot handle after, e.g., a full disk.
bool an_hdf5_call_failed();

using Dims = std::vector<hsize_t>;

class Dataset {
 public:
  explicit Dataset(H5Id id, bool collective) : id_(std::move(id)), collective_(collective) {}
  Dims dims() const;
  // Whether the file's element type is T's (e.g. float64 for double), for readers that
  // validate a file against its format.
  template <typename T>
  bool holds() const;
  // Writes/reads the block [offset, offset + count) of the file dataset. `memory_dims`
  // is the shape of the buffer (defaults to count); the block sits at its origin.
  // With the MPI-IO driver every rank must call (an empty count writes nothing).
  template <typename T>
  void write(const Dims& offset, const Dims& count, const T* data, const Dims& memory_dims = {});
  template <typename T>
  void read(const Dims& offset, const Dims& count, T* data) const;
  template <typename T>
  std::vector<T> read_all() const;
  // Many blocks in ONE transfer (a union selection), e.g. a rank's scattered shard of
  // samples. The buffer holds the blocks one after another in the file's row-major
  // order, which is the order of `offsets` when the blocks are sorted and disjoint.
  // Block i is [offsets[i], offsets[i] + counts[i]); with the MPI-IO driver every rank
  // must call (with no blocks, it transfers nothing).
  template <typename T>
  void write_blocks(const std::vector<Dims>& offsets, const std::vector<Dims>& counts,
                    const T* data);
  template <typename T>
  void read_blocks(const std::vector<Dims>& offsets, const std::vector<Dims>& counts,
                   T* data) const;
  // The same, into a buffer of shape `memory_dims` where block i sits at
  // memory_offsets[i]. When the memory selection has the same shape as the file's (the
  // blocks at the same relative places), HDF5 maps chunks without visiting every element,
  // which a chunked dataset otherwise does (about 10 ns per element).
  template <typename T>
  void read_blocks(const std::vector<Dims>& offsets, const std::vector<Dims>& counts, T* data,
                   const Dims& memory_dims, const std::vector<Dims>& memory_offsets) const;

 private:
  void transfer(bool write, const Dims& offset, const Dims& count, hid_t type, void* data,
                const Dims& memory_dims) const;
  void transfer_blocks(bool write, const std::vector<Dims>& offsets,
                       const std::vector<Dims>& counts, hid_t type, void* data,
                       const Dims& memory_dims = {},
                       const std::vector<Dims>& memory_offsets = {}) const;
  H5Id id_;
  bool collective_;
};

class File {
 public:
  // comm = nullopt: the default (serial) driver. Otherwise every rank of comm calls.
  static File create(const std::string& path, std::optional<MPI_Comm> comm);
  static File open_read(const std::string& path, std::optional<MPI_Comm> comm);
  static File open_write(const std::string& path, std::optional<MPI_Comm> comm);
  void flush();  // everything written so far reaches the file (collective)

  void write_attribute(const std::string& object, const std::string& name, const std::string& v);
  void write_attribute(const std::string& object, const std::string& name, std::int64_t v);
  void write_attribute(const std::string& object, const std::string& name, double v);
  bool has_attribute(const std::string& object, const std::string& name) const;
  std::string read_string_attribute(const std::string& object, const std::string& name) const;
  std::int64_t read_int_attribute(const std::string& object, const std::string& name) const;
  double read_double_attribute(const std::string& object, const std::string& name) const;

  bool has(const std::string& path) const;
  // Names of the links in a group (e.g. the datasets of /history), in name order.
  std::vector<std::string> members(const std::string& group) const;
  void create_group(const std::string& path);
  // Unlinks the object at `path` if there is one (collective with the MPI-IO driver).
  void remove_if_present(const std::string& path);
  // chunk empty: contiguous layout. deflate: the zlib level of the chunks (0 = none, 1-9;
  // standard HDF5 filters, read with no plugin), with the byte shuffle before it for
  // elements wider than a byte.
  template <typename T>
  Dataset create_dataset(const std::string& path, const Dims& dims, const Dims& chunk = {},
                         int deflate = 0);
  Dataset open_dataset(const std::string& path) const;
  // Small whole datasets written by every rank with the same data (root does the I/O).
  template <typename T>
  void write_small(const std::string& path, const std::vector<T>& values);

  const std::string& path() const { return path_; }
  void close();  // collective with the MPI-IO driver; also done by the destructor

 private:
  File(H5Id id, std::string path, bool parallel, int rank)
      : id_(std::move(id)), path_(std::move(path)), parallel_(parallel), rank_(rank) {}
  H5Id id_;
  std::string path_;
  bool parallel_;
  int rank_;
};

}  // namespace phaselearn::io
