#pragma once
// The only layer that talks to MPI (through Boost.MPI). Everything above sees a Comm.
#include <mpi.h>

#include <boost/mpi/communicator.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace boost::mpi {
class environment;
}

namespace phaselearn::parallel {

class Comm {
 public:
  Comm();  // MPI_COMM_WORLD; MPI must be initialised (see Environment)
  explicit Comm(MPI_Comm comm);  // an existing communicator (e.g. the one of a file)
  int rank() const { return comm_.rank(); }
  int size() const { return comm_.size(); }
  bool is_root() const { return rank() == 0; }
  MPI_Comm native() const { return MPI_Comm(comm_); }  // for the MPI-IO driver of HDF5

  void barrier() const;
  void broadcast(std::string& value, int root = 0) const;
  void broadcast(std::uint64_t& value, int root = 0) const;
  void broadcast(double* values, int n, int root = 0) const;

  // In-place sums over all ranks (one collective each).
  void sum(float* values, std::size_t n) const;
  void sum(double* values, std::size_t n) const;
  void sum(std::int64_t* values, std::size_t n) const;
  double max(double value) const;

  // Rank r owns counts[r] consecutive entries of a buffer (slices in rank order, the
  // counts the same on every rank). reduce_scatter_sum: the sum over ranks of `in` (all
  // slices), this rank's slice of it written to `out`. allgather: every rank's slice of
  // `data` copied to all the others, in place.
  void reduce_scatter_sum(const float* in, float* out, std::span<const int> counts) const;
  void allgather(float* data, std::span<const int> counts) const;

  // A max over all ranks that ranks need not meet for: each starts it (a collective
  // call, in the same order everywhere) and reads the result later with wait(), by
  // which time the others have usually contributed. Not movable: MPI holds its address.
  class PendingMax {
   public:
    PendingMax(const Comm& comm, double value);
    PendingMax(const PendingMax&) = delete;
    PendingMax& operator=(const PendingMax&) = delete;
    ~PendingMax() { wait(); }
    double wait();
   private:
    double in_, out_ = 0;
    MPI_Request request_ = MPI_REQUEST_NULL;
  };

  // Each entry sends `send` to `peer` and receives as many bytes from it into `recv`.
  // All transfers are posted at once, so neighbours swapping in a chain never wait in
  // turn. The buffers must live until the Transfers is waited for or destroyed (its
  // destructor waits, so an exception cannot leave MPI writing into freed memory).
  struct ByteSwap {
    int peer;
    const void* send;
    void* recv;
    std::size_t bytes;
  };
  class Transfers {
   public:
    Transfers() = default;
    Transfers(Transfers&& other) noexcept : requests_(std::move(other.requests_)) {
      other.requests_.clear();
    }
    Transfers(const Transfers&) = delete;
    Transfers& operator=(const Transfers&) = delete;
    Transfers& operator=(Transfers&& other) noexcept {
      wait();
      requests_ = std::move(other.requests_);
      other.requests_.clear();
      return *this;
    }
    ~Transfers() { wait(); }
    // Call now and then while computing: a message over the transport's inline limit
    // (256 bytes on OpenMPI's shared memory) leaves only when its sender enters MPI,
    // so without this the receiver waits until the sender's own wait().
    void progress();
    void wait();
   private:
    friend class Comm;
    std::vector<MPI_Request> requests_;
  };
  Transfers start_swaps(const std::vector<ByteSwap>& swaps) const;

  // Runs `decide` on root only. Its result — a string, or the error it threw — reaches
  // every rank: the string is returned everywhere, the error rethrown everywhere, so all
  // ranks leave together and no rank waits in a collective another rank never enters.
  std::string root_decides(const std::function<std::string()>& decide) const;

  [[noreturn]] void abort(int code) const;

 private:
  boost::mpi::communicator comm_;
};

// Owns MPI initialisation and finalisation (one per process, in main or a test fixture).
class Environment {
 public:
  Environment(int& argc, char**& argv);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

 private:
  std::unique_ptr<boost::mpi::environment> env_;
};

}  // namespace phaselearn::parallel
