// Replica exchange of the XY model at 1, 2 and 4 ranks against the exact 2x2 lattice (a
// ring of four doubled bonds, Z = (2 pi)^4 sum_n I_n(2 beta J)^4), with all three moves on
// and the exchange acceptance of a pair that may straddle two ranks.
#define BOOST_TEST_MODULE xy_replica_exchange
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "exact/xy2d_exact.hpp"
#include "models/xy2d/xy2d.hpp"
#include "parallel/tempering_ranks.hpp"
#include "support/mpi_fixture.hpp"
#include "tempering/replica_exchange.hpp"
#include "support/test_job.hpp"

using namespace phaselearn;
using Ladder = tempering::ReplicaExchange<models::Xy2d>;

namespace {

// Steps the ladder and checks <e> at each local temperature within 4 sigma (binning).
void check_energies(const Job& job, int metropolis, int overrelaxation, double wolff) {
  parallel::Comm comm;
  const parallel::TemperingRanks ranks(comm);
  Job j = job;
  j.sampler.metropolis_sweeps = metropolis;
  j.sampler.overrelaxation_sweeps = overrelaxation;
  j.sampler.wolff_sweeps = wolff;
  j.model.L = 2;  // below the job's own bound (4), which is for runs worth storing
  Ladder pt(tempering::ladder_settings(j), ranks);
  const int local = int(pt.temperatures().size());
  for (int i = 0; i < 2000; ++i) pt.step(false);
  std::vector<BinningAccumulator> energy(static_cast<std::size_t>(local));
  double record[8];
  for (int i = 0; i < (1 << 16); ++i) {
    pt.step(true);
    for (int t = 0; t < local; ++t) {
      models::Xy2d::measure(pt.settings().lattice, pt.walker(t).config, record);
      energy[std::size_t(t)].add(record[0]);
    }
  }
  for (int t = 0; t < local; ++t) {
    const double T = j.temperatures[std::size_t(pt.temperatures().begin + t)];
    const auto& e = energy[std::size_t(t)];
    const double s = std::sqrt(e.error_squared(e.levels() - 8));
    const double exact = exact::xy2x2_energy(T, j.model.J);
    BOOST_TEST(std::abs(e.mean() - exact) < 4 * s,
               "M" << metropolis << " OR" << overrelaxation << " W" << wolff << " T=" << T
                   << ": " << e.mean() << " +- " << s << ", exact " << exact);
  }
  const auto d = pt.diagnostics();
  for (double a : d.acceptance) BOOST_TEST((a > 0.05 && a <= 1.0));
}

const std::vector<std::string> ladder_2x2 = {
    "--model.name=xy2d", "--temperatures.spacing=list",
    "--temperatures.list=0.3,0.5,0.7,0.9,1.2,2.0", "--sampler.equilibration_sweeps=2000",
    "--run.seed=31"};

}  // namespace

BOOST_AUTO_TEST_CASE(every_move_mix_matches_the_exact_2x2_lattice) {
  const Job job = make_test_job(ladder_2x2);
  check_energies(job, 1, 0, 0);    // Metropolis
  check_energies(job, 1, 1, 0);    // Metropolis + over-relaxation
  check_energies(job, 0, 0, 1);    // Wolff embedding alone
  check_energies(job, 1, 2, 0.5);  // all three
}
