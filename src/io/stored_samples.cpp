#include "io/stored_samples.hpp"

namespace phaselearn::io {

template <typename Spin>
StoredSamples<Spin>::StoredSamples(const std::string& path, MPI_Comm comm,
                                   const SampleLayout& layout, int L)
    : file_(File::open_read(path, comm)),
      layout_(layout),
      spins_(file_.open_dataset("/spins")),
      replica_(file_.open_dataset("/replica")),
      L_(L) {
  for (const ObservableColumn& o : layout.observables)
    observables_.push_back(file_.open_dataset("/observables/" + o.name));
}

template <typename Spin>
void StoredSamples<Spin>::read(Block t, std::int64_t first, std::int64_t count, Spin* spins,
                               std::vector<std::vector<double>>& observables,
                               std::int32_t* replica) const {
  const hsize_t t0 = hsize_t(t.begin), nt = hsize_t(t.size()), s0 = hsize_t(first),
                n = hsize_t(count), L = hsize_t(L_);
  spins_.read<Spin>({t0, s0, 0, 0}, {nt, n, L, L}, spins);
  replica_.read<std::int32_t>({t0, s0}, {nt, n}, replica);
  for (std::size_t k = 0; k < observables_.size(); ++k) {
    const hsize_t c = hsize_t(layout_.observables[k].components);
    observables[k].resize(std::size_t(nt * n * c));
    if (c == 1)
      observables_[k].read<double>({t0, s0}, {nt, n}, observables[k].data());
    else
      observables_[k].read<double>({t0, s0, 0}, {nt, n, c}, observables[k].data());
  }
}

template class StoredSamples<std::int8_t>;
template class StoredSamples<float>;

}  // namespace phaselearn::io
