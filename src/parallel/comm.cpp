#include "parallel/comm.hpp"

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>

#include <cstdlib>

#include "core/errors.hpp"

namespace mpi = boost::mpi;

namespace phaselearn::parallel {

Environment::Environment(int& argc, char**& argv)
    : env_(std::make_unique<mpi::environment>(argc, argv, mpi::threading::single, false)) {}

Environment::~Environment() = default;

Comm::Comm() : comm_() {}

Comm::Comm(MPI_Comm comm) : comm_(comm, mpi::comm_attach) {}

void Comm::barrier() const { comm_.barrier(); }

void Comm::broadcast(std::string& value, int root) const { mpi::broadcast(comm_, value, root); }

void Comm::broadcast(std::uint64_t& value, int root) const {
  unsigned long long v = value;
  mpi::broadcast(comm_, v, root);
  value = v;
}

void Comm::broadcast(double* values, int n, int root) const {
  mpi::broadcast(comm_, values, n, root);
}

template <typename T>
static void sum_in_place(const mpi::communicator& c, T* values, std::size_t n) {
  mpi::all_reduce(c, mpi::inplace(values), static_cast<int>(n), std::plus<T>());
}

void Comm::sum(float* values, std::size_t n) const { sum_in_place(comm_, values, n); }
void Comm::sum(double* values, std::size_t n) const { sum_in_place(comm_, values, n); }
void Comm::sum(std::int64_t* values, std::size_t n) const {
  static_assert(sizeof(long) == sizeof(std::int64_t));
  sum_in_place(comm_, reinterpret_cast<long*>(values), n);
}

void Comm::reduce_scatter_sum(const float* in, float* out, std::span<const int> counts) const {
  MPI_Reduce_scatter(in, out, counts.data(), MPI_FLOAT, MPI_SUM, native());
}

void Comm::allgather(float* data, std::span<const int> counts) const {
  std::vector<int> displacements(counts.size(), 0);
  for (std::size_t r = 1; r < counts.size(); ++r)
    displacements[r] = displacements[r - 1] + counts[r - 1];
  MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_FLOAT, data, counts.data(), displacements.data(),
                 MPI_FLOAT, native());
}

double Comm::max(double value) const {
  double out = 0;
  mpi::all_reduce(comm_, value, out, mpi::maximum<double>());
  return out;
}

Comm::PendingMax::PendingMax(const Comm& comm, double value) : in_(value) {
  MPI_Iallreduce(&in_, &out_, 1, MPI_DOUBLE, MPI_MAX, comm.native(), &request_);
}

double Comm::PendingMax::wait() {
  MPI_Wait(&request_, MPI_STATUS_IGNORE);  // returns at once once completed (null request)
  return out_;
}

Comm::Transfers Comm::start_swaps(const std::vector<ByteSwap>& swaps) const {
  // Raw requests: Boost.MPI's test_all tests copies of the handles, so a request it
  // completes would be freed a second time by the wait that follows.
  const int tag = 17;
  Transfers t;
  for (const auto& s : swaps) {
    const auto n = static_cast<int>(s.bytes);
    MPI_Request recv, send;
    MPI_Irecv(s.recv, n, MPI_BYTE, s.peer, tag, native(), &recv);
    t.requests_.push_back(recv);
    MPI_Isend(s.send, n, MPI_BYTE, s.peer, tag, native(), &send);
    t.requests_.push_back(send);
  }
  return t;
}

void Comm::Transfers::progress() {
  int done = 0;
  if (!requests_.empty())
    MPI_Testall(int(requests_.size()), requests_.data(), &done, MPI_STATUSES_IGNORE);
  if (done) requests_.clear();
}

void Comm::Transfers::wait() {
  if (!requests_.empty())
    MPI_Waitall(int(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE);
  requests_.clear();
}

std::string Comm::root_decides(const std::function<std::string()>& decide) const {
  // kind: 0 = result, 1 = InputError, 2 = other error
  std::string kind_and_text;
  if (is_root()) {
    try {
      kind_and_text = std::string("0").append(decide());  // ("0" + ... trips g++ 12's -Wrestrict)
    } catch (const InputError& e) {
      kind_and_text = std::string("1") + e.what();
    } catch (const std::exception& e) {
      kind_and_text = std::string("2") + e.what();
    }
  }
  broadcast(kind_and_text);
  const std::string text = kind_and_text.substr(1);
  if (kind_and_text[0] != '0') {
    if (kind_and_text[0] == '1') {
      InputError e(text);
      e.set_on_every_rank();
      throw e;
    }
    Error e(text);
    e.set_on_every_rank();
    throw e;
  }
  return text;
}

void Comm::abort(int code) const {
  comm_.abort(code);
  std::abort();  // MPI_Abort does not return; this tells the compiler so
}

}  // namespace phaselearn::parallel
