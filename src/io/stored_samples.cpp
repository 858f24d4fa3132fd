#include "io/stored_samples.hpp"

namespace phaselearn::io {

template <typename Spin>
void read_stored_samples(const RunFileReader& run, const SampleLayout& layout, Block t,
                         std::int64_t first, std::int64_t count, Spin* spins,
                         std::vector<std::vector<double>>& observables, std::int32_t* replica) {
  const hsize_t t0 = hsize_t(t.begin), nt = hsize_t(t.size()), s0 = hsize_t(first),
                n = hsize_t(count), L = hsize_t(run.meta().L);
  const File& f = run.file();
  f.open_dataset("/spins").read<Spin>({t0, s0, 0, 0}, {nt, n, L, L}, spins);
  f.open_dataset("/replica").read<std::int32_t>({t0, s0}, {nt, n}, replica);
  observables.resize(layout.observables.size());
  for (std::size_t k = 0; k < layout.observables.size(); ++k) {
    const hsize_t c = hsize_t(layout.observables[k].components);
    const Dataset set = f.open_dataset("/observables/" + layout.observables[k].name);
    observables[k].resize(std::size_t(nt * n * c));
    if (c == 1)
      set.read<double>({t0, s0}, {nt, n}, observables[k].data());
    else
      set.read<double>({t0, s0, 0}, {nt, n, c}, observables[k].data());
  }
}

template void read_stored_samples<std::int8_t>(const RunFileReader&, const SampleLayout&, Block,
                                               std::int64_t, std::int64_t, std::int8_t*,
                                               std::vector<std::vector<double>>&, std::int32_t*);
template void read_stored_samples<float>(const RunFileReader&, const SampleLayout&, Block,
                                         std::int64_t, std::int64_t, float*,
                                         std::vector<std::vector<double>>&, std::int32_t*);

}  // namespace phaselearn::io
