#include "io/h5.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "core/errors.hpp"
#include "parallel/comm.hpp"

namespace phaselearn::io {
namespace {

// The innermost entries of HDF5's error stack say what really failed (e.g. the MPI-IO
// driver's "No space left on device", or a checksum that does not match); the outer
// ones only repeat the call that was made. Read before anything else calls HDF5.
struct StackText {
  std::string text;
  bool checksum = false;
};
herr_t collect_entry(unsigned n, const H5E_error2_t* e, void* out) {
  auto& s = *static_cast<StackText*>(out);
  const std::string desc = e->desc ? e->desc : "";
  // The Fletcher32 filter's own entry lies deep in the stack of a failed read.
  if (desc.find("checksum") != std::string::npos || desc.find("Fletcher32") != std::string::npos)
    s.checksum = true;
  if (n < 2 && !desc.empty()) {  // the two innermost: the cause and its context
    char minor[128] = "";
    H5Eget_msg(e->min_num, nullptr, minor, sizeof minor);
    s.text += (s.text.empty() ? "" : "; ") + desc;
    if (*minor && desc.find(minor) == std::string::npos) s.text += " (" + std::string(minor) + ")";
  }
  return 0;
}
StackText stack_text() {
  StackText s;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_entry, &s);
  return s;
}

bool failed_ = false;

// The name of an object in its file ("/spins"), for messages.
std::string object_name(hid_t id) {
  char name[512] = "";
  return H5Iget_name(id, name, sizeof name) > 0 ? std::string(name) : std::string("a dataset");
}

// `what` names the failed operation; with name_object, the object's name follows it.
// The error stack is read first: any HDF5 call (even H5Iget_name) clears it.
[[noreturn]] void fail(std::string what, hid_t object = H5I_INVALID_HID,
                       bool name_object = false) {
  const int saved_errno = errno;
  failed_ = true;
  StackText s = stack_text();
  if (name_object) what += object_name(object);
  std::string where;
  if (object >= 0) {
    char name[1024] = "";
    if (H5Fget_name(object, name, sizeof name) > 0) where = " of '" + std::string(name) + "'";
  }
  if (s.checksum)
    throw FormatError("HDF5: " + what + where + " failed its checksum (Fletcher32): the file "
                      "is damaged and cannot be trusted");
  // What the operating system said (the MPI-IO layer's messages rarely carry it).
  switch (saved_errno) {
    case ENOSPC: case EDQUOT: case EIO: case EROFS: case EFBIG: case EACCES: case ESTALE:
      s.text += (s.text.empty() ? "" : ": ") + std::string(std::strerror(saved_errno));
      break;
    default:
      break;
  }
  throw Error("HDF5: " + what + where + (s.text.empty() ? "" : ": " + s.text));
}

hid_t checked(hid_t id, const std::string& what, hid_t object = H5I_INVALID_HID) {
  if (id < 0) fail(what, object);
  return id;
}

void checked(herr_t status, const std::string& what, hid_t object = H5I_INVALID_HID) {
  if (status < 0) fail(what, object);
}

// HDF5 prints its error stack to stderr by default; we report our own one-line errors.
void silence_hdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

H5Id string_type() {
  H5Id t(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

H5Id access_list(std::optional<MPI_Comm> comm) {
  H5Id fapl(checked(H5Pcreate(H5P_FILE_ACCESS), "file access list"), H5Pclose);
  // close() really closes, even while Dataset handles are alive: a file must be complete
  // on disk before it is renamed into place (a checkpoint, a published output).
  checked(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), "file close degree");
  if (comm) {
    checked(H5Pset_fapl_mpio(fapl.get(), *comm, MPI_INFO_NULL), "MPI-IO driver");
    // Metadata written collectively: every rank makes the same metadata calls anyway.
    H5Pset_all_coll_metadata_ops(fapl.get(), true);
    H5Pset_coll_metadata_write(fapl.get(), true);
    // The MPI-IO driver's default close degree (semi) makes H5Fclose FAIL while a dataset
    // is still open, and the file then stays open until the process ends: a second open
    // in the same process (`phaselearn run` reading what `sample` wrote) is refused.
    // Strong: closing the file closes what is still open in it.
    H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
  }
  return fapl;
}

int rank_in(std::optional<MPI_Comm> comm) {
  int rank = 0;
  if (comm) MPI_Comm_rank(*comm, &rank);
  return rank;
}

}  // namespace

H5Id& H5Id::operator=(H5Id&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    close_ = o.close_;
    collective_ = o.collective_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void H5Id::reset() {
  // While an exception unwinds, closing an object of a parallel file is a collective the
  // other ranks may never reach (they wait inside a write this rank left): that hung the
  // job. Leave it open; main() then either ends every rank (an error on one rank) or
  // closes every file together (close_all_files, an error every rank has).
  // (Asking HDF5 whether a file is parallel, H5Fget_access_plist, is a collective itself.)
  if (id_ >= 0 && close_ && !(collective_ && std::uncaught_exceptions() > 0)) close_(id_);
  id_ = H5I_INVALID_HID;
}

bool an_hdf5_call_failed() { return failed_; }

void close_all_files() {
  const ssize_t n = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_FILE);
  if (n <= 0) return;
  std::vector<hid_t> ids(static_cast<std::size_t>(n));
  const ssize_t got = H5Fget_obj_ids(H5F_OBJ_ALL, H5F_OBJ_FILE, ids.size(), ids.data());
  for (ssize_t i = 0; i < got; ++i) {
    // Every reference of the file (File objects left open, their datasets: strong close).
    while (H5Iis_valid(ids[i]) > 0 && H5Iget_ref(ids[i]) > 0)
      if (H5Fclose(ids[i]) < 0) break;
  }
}

template <> hid_t native_type<std::int8_t>() { return H5T_NATIVE_INT8; }
template <> hid_t native_type<std::int32_t>() { return H5T_NATIVE_INT32; }
template <> hid_t native_type<std::int64_t>() { return H5T_NATIVE_INT64; }
template <> hid_t native_type<std::uint64_t>() { return H5T_NATIVE_UINT64; }
template <> hid_t native_type<float>() { return H5T_NATIVE_FLOAT; }
template <> hid_t native_type<double>() { return H5T_NATIVE_DOUBLE; }

Dims Dataset::dims() const {
  H5Id space(H5Dget_space(id_.get()), H5Sclose);
  Dims d(H5Sget_simple_extent_ndims(space.get()));
  H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
  return d;
}

template <typename T>
bool Dataset::holds() const {
  H5Id type(H5Dget_type(id_.get()), H5Tclose);
  return type.get() >= 0 && H5Tequal(type.get(), native_type<T>()) > 0;
}

void Dataset::transfer(bool write, const Dims& offset, const Dims& count, hid_t type, void* data,
                       const Dims& memory_dims) const {
  H5Id file_space(H5Dget_space(id_.get()), H5Sclose);
  const Dims& mem_shape = memory_dims.empty() ? count : memory_dims;
  hsize_t total = 1;
  for (auto c : count) total *= c;
  // Zero-sized dimensions are not allowed in a dataspace; an empty block selects none.
  Dims safe_shape = mem_shape;
  for (auto& d : safe_shape) d = std::max<hsize_t>(d, 1);
  H5Id mem_space(H5Screate_simple(static_cast<int>(safe_shape.size()), safe_shape.data(), nullptr),
                 H5Sclose);
  if (total == 0) {
    H5Sselect_none(file_space.get());
    H5Sselect_none(mem_space.get());
  } else {
    const Dims origin(count.size(), 0);
    checked(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, offset.data(), nullptr,
                                count.data(), nullptr),
            "selecting a block of the file");
    checked(H5Sselect_hyperslab(mem_space.get(), H5S_SELECT_SET, origin.data(), nullptr,
                                count.data(), nullptr),
            "selecting a block of memory");
  }
  H5Id xfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  if (collective_) H5Pset_dxpl_mpio(xfer.get(), H5FD_MPIO_COLLECTIVE);
  const herr_t status =
      write ? H5Dwrite(id_.get(), type, mem_space.get(), file_space.get(), xfer.get(), data)
            : H5Dread(id_.get(), type, mem_space.get(), file_space.get(), xfer.get(), data);
  if (status < 0) fail(write ? "writing " : "reading ", id_.get(), true);
}

void Dataset::transfer_blocks(bool write, const std::vector<Dims>& offsets,
                              const std::vector<Dims>& counts, hid_t type, void* data,
                              const Dims& memory_dims,
                              const std::vector<Dims>& memory_offsets) const {
  if (offsets.size() != counts.size() ||
      (!memory_dims.empty() && memory_offsets.size() != offsets.size()))
    throw Error("HDF5: blocks need an offset and a count each");
  H5Id file_space(H5Dget_space(id_.get()), H5Sclose);
  hsize_t total = 0;
  for (const Dims& count : counts) {
    hsize_t n = 1;
    for (auto c : count) n *= c;
    total += n;
  }
  const hsize_t memory_size = std::max<hsize_t>(total, 1);
  H5Id mem_space(memory_dims.empty()
                     ? H5Screate_simple(1, &memory_size, nullptr)
                     : H5Screate_simple(int(memory_dims.size()), memory_dims.data(), nullptr),
                 H5Sclose);
  if (total > 0 && !memory_dims.empty()) {
    H5Sselect_none(mem_space.get());
    for (std::size_t i = 0; i < offsets.size(); ++i)
      checked(H5Sselect_hyperslab(mem_space.get(), H5S_SELECT_OR, memory_offsets[i].data(),
                                  nullptr, counts[i].data(), nullptr),
              "selecting blocks of memory");
  }
  if (total == 0) {
    H5Sselect_none(file_space.get());
    H5Sselect_none(mem_space.get());
  } else {
    H5Sselect_none(file_space.get());
    for (std::size_t i = 0; i < offsets.size(); ++i)
      checked(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_OR, offsets[i].data(), nullptr,
                                  counts[i].data(), nullptr),
              "selecting blocks of the file");
    if (hsize_t(H5Sget_select_npoints(file_space.get())) != total)
      throw Error("HDF5: overlapping blocks in one transfer");
  }
  H5Id xfer(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  if (collective_) H5Pset_dxpl_mpio(xfer.get(), H5FD_MPIO_COLLECTIVE);
  const herr_t status =
      write ? H5Dwrite(id_.get(), type, mem_space.get(), file_space.get(), xfer.get(), data)
            : H5Dread(id_.get(), type, mem_space.get(), file_space.get(), xfer.get(), data);
  if (status < 0) fail(write ? "writing blocks of " : "reading blocks of ", id_.get(), true);
}

template <typename T>
void Dataset::write_blocks(const std::vector<Dims>& offsets, const std::vector<Dims>& counts,
                           const T* data) {
  transfer_blocks(true, offsets, counts, native_type<T>(), const_cast<T*>(data));
}

template <typename T>
void Dataset::read_blocks(const std::vector<Dims>& offsets, const std::vector<Dims>& counts,
                          T* data) const {
  transfer_blocks(false, offsets, counts, native_type<T>(), data);
}

template <typename T>
void Dataset::read_blocks(const std::vector<Dims>& offsets, const std::vector<Dims>& counts,
                          T* data, const Dims& memory_dims,
                          const std::vector<Dims>& memory_offsets) const {
  transfer_blocks(false, offsets, counts, native_type<T>(), data, memory_dims, memory_offsets);
}

template <typename T>
void Dataset::write(const Dims& offset, const Dims& count, const T* data, const Dims& memory_dims) {
  transfer(true, offset, count, native_type<T>(), const_cast<T*>(data), memory_dims);
}

template <typename T>
void Dataset::read(const Dims& offset, const Dims& count, T* data) const {
  transfer(false, offset, count, native_type<T>(), data, {});
}

template <typename T>
std::vector<T> Dataset::read_all() const {
  const Dims d = dims();
  hsize_t n = 1;
  for (auto x : d) n *= x;
  std::vector<T> out(n);
  read(Dims(d.size(), 0), d, out.data());
  return out;
}

namespace {
// With the MPI-IO driver, opening is collective and a rank that fails alone would leave
// the others waiting: rank 0 first looks at the file with the default driver and every
// rank learns its verdict (one message, every rank leaves together).
void probe_on_root(const std::string& path, std::optional<MPI_Comm> comm, bool must_exist,
                   const std::string& refusal) {
  if (!comm) return;
  parallel::Comm(*comm).root_decides([&] {
    if (!must_exist) return std::string();
    silence_hdf5();
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) {
      const StackText s = stack_text();
      throw InputError(refusal + (s.text.empty() ? "" : " (" + s.text + ")"));
    }
    H5Fclose(id);
    return std::string();
  });
}
}  // namespace

File File::create(const std::string& path, std::optional<MPI_Comm> comm) {
  silence_hdf5();
  H5Id fapl = access_list(comm);
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  if (id < 0) {
    const StackText s = stack_text();
    throw InputError("cannot create '" + path + "'" + (s.text.empty() ? "" : ": " + s.text));
  }
  return File(H5Id(id, H5Fclose, comm.has_value()), path, comm.has_value(), rank_in(comm));
}

File File::open_read(const std::string& path, std::optional<MPI_Comm> comm) {
  silence_hdf5();
  const std::string refusal = "cannot open '" + path + "' as an HDF5 file";
  probe_on_root(path, comm, true, refusal);
  H5Id fapl = access_list(comm);
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (id < 0) throw InputError(refusal);
  return File(H5Id(id, H5Fclose, comm.has_value()), path, comm.has_value(), rank_in(comm));
}

File File::open_write(const std::string& path, std::optional<MPI_Comm> comm) {
  silence_hdf5();
  const std::string refusal = "cannot open '" + path + "' for writing: damaged or not HDF5";
  probe_on_root(path, comm, true, refusal);
  H5Id fapl = access_list(comm);
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get());
  if (id < 0) throw InputError(refusal);
  return File(H5Id(id, H5Fclose, comm.has_value()), path, comm.has_value(), rank_in(comm));
}

void File::flush() { checked(H5Fflush(id_.get(), H5F_SCOPE_GLOBAL), "flushing", id_.get()); }

void File::close() { id_.reset(); }

bool File::has(const std::string& path) const {
  // Walk the path so a missing parent group is "absent", not an error.
  std::string::size_type pos = 0;
  while ((pos = path.find('/', pos + 1)) != std::string::npos)
    if (H5Lexists(id_.get(), path.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  return H5Lexists(id_.get(), path.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> File::members(const std::string& group) const {
  H5Id g(checked(H5Gopen2(id_.get(), group.c_str(), H5P_DEFAULT), "opening group " + group, id_.get()),
         H5Gclose, parallel_);
  H5G_info_t info;
  checked(H5Gget_info(g.get(), &info), "listing group " + group);
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail("listing group " + group, g.get());
    std::vector<char> name(static_cast<std::size_t>(n) + 1);
    if (H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(), H5P_DEFAULT) < 0)
      fail("listing group " + group, g.get());
    names.emplace_back(name.data());
  }
  return names;
}

void File::create_group(const std::string& path) {
  H5Id g(checked(H5Gcreate2(id_.get(), path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 "creating group " + path, id_.get()),
         H5Gclose, parallel_);
}

void File::remove_if_present(const std::string& path) {
  if (has(path))
    checked(H5Ldelete(id_.get(), path.c_str(), H5P_DEFAULT), "removing " + path, id_.get());
}

template <typename T>
Dataset File::create_dataset(const std::string& path, const Dims& dims, const Dims& chunk,
                             int deflate) {
  H5Id space(checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                     "describing dataset " + path),
             H5Sclose);
  H5Id dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!chunk.empty()) {
    checked(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
            "chunking dataset " + path);
    if (deflate > 0) {
      if (sizeof(T) > 1) checked(H5Pset_shuffle(dcpl.get()), "shuffle filter of " + path);
      checked(H5Pset_deflate(dcpl.get(), unsigned(deflate)), "deflate filter of " + path);
    }
    // (Last in the pipeline: the checksum covers the bytes as stored.)
    // Every chunk carries a Fletcher32 checksum, verified by HDF5 on every read: a damaged
    // chunk is refused ("cannot be trusted"), never returned. Parallel HDF5 (1.10.2+)
    // writes filtered datasets when the writes are collective, as all of ours are.
    checked(H5Pset_fletcher32(dcpl.get()), "checksum filter of " + path);
  }
  // Space for every block is allocated at creation, as parallel HDF5 requires anyway.
  // A checksummed chunk is then written once at creation (so that it holds a valid
  // checksum before its samples arrive): a full disk shows at creation, not mid-run.
  H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY);
  H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER);
  const hid_t id = checked(H5Dcreate2(id_.get(), path.c_str(), native_type<T>(), space.get(),
                                      H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                           "creating dataset " + path, id_.get());
  return Dataset(H5Id(id, H5Dclose, parallel_), parallel_);
}

Dataset File::open_dataset(const std::string& path) const {
  if (!has(path)) throw FormatError("'" + path_ + "' has no dataset " + path);
  const hid_t id = checked(H5Dopen2(id_.get(), path.c_str(), H5P_DEFAULT), "opening " + path, id_.get());
  return Dataset(H5Id(id, H5Dclose, parallel_), parallel_);
}

template <typename T>
void File::write_small(const std::string& path, const std::vector<T>& values) {
  // One chunk (so it is checksummed like the rest); an empty array is a contiguous
  // dataset of size 0 with nothing to write (a chunk cannot be empty, and HDF5 refuses
  // the null buffer of an empty vector).
  const hsize_t n = values.size();
  Dataset d = create_dataset<T>(path, {n}, n > 0 ? Dims{n} : Dims{});
  if (n == 0) return;
  const bool mine = !parallel_ || rank_ == 0;
  d.write<T>({0}, {mine ? n : 0}, values.data());
}

namespace {
H5Id open_object(hid_t file, const std::string& object, bool parallel = false) {
  return H5Id(checked(H5Oopen(file, object.c_str(), H5P_DEFAULT), "opening " + object, file),
              H5Oclose, parallel);
}

void write_attr(hid_t file, bool parallel, const std::string& object, const std::string& name,
                hid_t type, const void* value) {
  H5Id obj = open_object(file, object, parallel);
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose);
  H5Id attr(checked(H5Acreate2(obj.get(), name.c_str(), type, space.get(), H5P_DEFAULT,
                               H5P_DEFAULT),
                    "creating attribute " + name + " on " + object, file),
            H5Aclose, parallel);
  checked(H5Awrite(attr.get(), type, value), "writing attribute " + name, file);
}

H5Id open_attr(hid_t file, const std::string& path, const std::string& object,
               const std::string& name) {
  H5Id obj = open_object(file, object);
  if (H5Aexists(obj.get(), name.c_str()) <= 0)
    throw FormatError("'" + path + "' has no attribute '" + name + "' on " + object);
  return H5Id(H5Aopen(obj.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
}
}  // namespace

void File::write_attribute(const std::string& object, const std::string& name,
                           const std::string& v) {
  const char* p = v.c_str();
  write_attr(id_.get(), parallel_, object, name, string_type().get(), &p);
}

void File::write_attribute(const std::string& object, const std::string& name, std::int64_t v) {
  write_attr(id_.get(), parallel_, object, name, H5T_NATIVE_INT64, &v);
}

void File::write_attribute(const std::string& object, const std::string& name, double v) {
  write_attr(id_.get(), parallel_, object, name, H5T_NATIVE_DOUBLE, &v);
}

bool File::has_attribute(const std::string& object, const std::string& name) const {
  return H5Aexists(open_object(id_.get(), object).get(), name.c_str()) > 0;
}

std::string File::read_string_attribute(const std::string& object, const std::string& name) const {
  H5Id attr = open_attr(id_.get(), path_, object, name);
  H5Id type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING)
    throw FormatError("'" + path_ + "': attribute '" + name + "' is not a string");
  H5Id mem = string_type();
  char* p = nullptr;
  checked(H5Aread(attr.get(), mem.get(), &p), "reading attribute " + name);
  std::string out = p ? p : "";
  H5free_memory(p);
  return out;
}

std::int64_t File::read_int_attribute(const std::string& object, const std::string& name) const {
  std::int64_t v = 0;
  checked(H5Aread(open_attr(id_.get(), path_, object, name).get(), H5T_NATIVE_INT64, &v),
          "reading attribute " + name);
  return v;
}

double File::read_double_attribute(const std::string& object, const std::string& name) const {
  double v = 0;
  checked(H5Aread(open_attr(id_.get(), path_, object, name).get(), H5T_NATIVE_DOUBLE, &v),
          "reading attribute " + name);
  return v;
}

#define PHASELEARN_H5_INSTANTIATE(T)                                                      \
  template void Dataset::write<T>(const Dims&, const Dims&, const T*, const Dims&);      \
  template void Dataset::read<T>(const Dims&, const Dims&, T*) const;                    \
  template std::vector<T> Dataset::read_all<T>() const;                                  \
  template bool Dataset::holds<T>() const;                                               \
  template void Dataset::write_blocks<T>(const std::vector<Dims>&, const std::vector<Dims>&,   \
                                         const T*);                                          \
  template void Dataset::read_blocks<T>(const std::vector<Dims>&, const std::vector<Dims>&, T*) \
      const;                                                                                 \
  template void Dataset::read_blocks<T>(const std::vector<Dims>&, const std::vector<Dims>&, T*, \
                                        const Dims&, const std::vector<Dims>&) const;        \
  template Dataset File::create_dataset<T>(const std::string&, const Dims&, const Dims&, int); \
  template void File::write_small<T>(const std::string&, const std::vector<T>&);
PHASELEARN_H5_INSTANTIATE(std::int8_t)
PHASELEARN_H5_INSTANTIATE(std::int32_t)
PHASELEARN_H5_INSTANTIATE(std::int64_t)
PHASELEARN_H5_INSTANTIATE(std::uint64_t)
PHASELEARN_H5_INSTANTIATE(float)
PHASELEARN_H5_INSTANTIATE(double)
#undef PHASELEARN_H5_INSTANTIATE

}  // namespace phaselearn::io
