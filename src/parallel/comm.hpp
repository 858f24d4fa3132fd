#pragma once
// The only layer that talks to MPI (through Boost.MPI). Everything above sees a Comm.
#include <mpi.h>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/request.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace boost::mpi {
class environment;
}

namespace phaselearn::parallel {

class Comm {
 public:
  Comm();  // MPI_COMM_WORLD; MPI must be initialised (see Environment)
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

  // Each entry sends `send` to `peer` and receives as many bytes from it into `recv`.
  // All transfers are posted at once, so neighbours swapping in a chain never wait in
  // turn; they complete in Transfers::wait(), and the buffers must live until then.
  struct ByteSwap {
    int peer;
    const void* send;
    void* recv;
    std::size_t bytes;
  };
  class Transfers {
   public:
    void wait();
   private:
    friend class Comm;
    std::vector<boost::mpi::request> requests_;
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
