// Replica exchange at 1, 2 and 4 ranks against exact answers on the 4x4 lattice.
#define BOOST_TEST_MODULE replica_exchange
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <map>

#include "core/errors.hpp"
#include "exact/ising2d_exact.hpp"
#include "models/ising2d/ising2d.hpp"
#include "parallel/tempering_ranks.hpp"
#include "tempering/exchange.hpp"
#include "tempering/replica_exchange.hpp"
#include "support/mpi_fixture.hpp"
#include "support/test_job.hpp"

using namespace phaselearn;
using Ladder = tempering::ReplicaExchange<models::Ising2d>;

namespace {

Ladder make_ladder(const Job& job, const parallel::TemperingRanks& ranks) {
  return Ladder(tempering::ladder_settings(job), ranks);
}

// Exact distribution of the total bond sum of the 4x4 lattice, by enumeration.
std::map<int, double> bond_sum_histogram_4x4() {
  std::map<int, double> h;
  for (std::uint32_t state = 0; state < (1u << 16); ++state) {
    BitLattice lat(4);
    for (int y = 0; y < 4; ++y) lat.row(y)[0] = (state >> (4 * y)) & 0xF;
    h[int(lat.bond_sum())] += 1;
  }
  return h;
}

double exact_exchange_acceptance(double T1, double T2) {
  const auto h = bond_sum_histogram_4x4();
  const auto boltzmann = [&](double T) {
    std::map<int, double> p;
    double z = 0;
    for (auto [b, g] : h) z += p[b] = g * std::exp(b / T);  // E = -b
    for (auto& [b, w] : p) w /= z;
    return p;
  };
  const auto p1 = boltzmann(T1), p2 = boltzmann(T2);
  double acc = 0;
  for (auto [b1, w1] : p1)
    for (auto [b2, w2] : p2) acc += w1 * w2 * exchange_probability(1 / T1, 1 / T2, -b1, -b2);
  return acc;
}

}  // namespace

BOOST_AUTO_TEST_CASE(equal_temperatures_always_exchange) {
  BOOST_TEST(exchange_probability(0.5, 0.5, -10, 30) == 1.0);
  BOOST_TEST(exchange_probability(0.5, 0.4, -10, -10) == 1.0);
  // Moving the lower energy to the lower temperature (higher beta) is always accepted;
  // the reverse costs exp(-(beta_i - beta_j)(e_j - e_i)).
  BOOST_TEST(exchange_probability(0.5, 0.4, -5, -10) == 1.0);
  BOOST_TEST(exchange_probability(0.5, 0.4, -10, -5) == std::exp(-0.1 * 5),
             boost::test_tools::tolerance(1e-12));
}

namespace {

// The 4x4 ladder of 8 temperatures from 1.5 to 3.5, with `extra` overrides.
Job ladder_job(std::initializer_list<std::string> extra) {
  std::vector<std::string> args = {"--model.L=4", "--temperatures.spacing=linear",
                                   "--temperatures.min=1.5", "--temperatures.max=3.5",
                                   "--temperatures.count=8"};
  args.insert(args.end(), extra);
  return make_test_job(args);
}

// Steps `pt` (4x4) and checks <e>, <|m|> and <m> (exactly 0) at every temperature
// against exact enumeration, and the exchange statistics.
void check_every_temperature(const Job& job, Ladder& pt) {
  const int local = int(pt.temperatures().size());
  std::vector<BinningAccumulator> energy(local), abs_m(local), m(local);
  for (int i = 0; i < 1000; ++i) pt.step(false);
  for (int i = 0; i < (1 << 17); ++i) {
    pt.step(false);
    for (int t = 0; t < local; ++t) {
      energy[t].add(-double(pt.walker(t).config.bond_sum) / 16);
      abs_m[t].add(std::abs(double(pt.walker(t).config.spin_sum)) / 16);
      m[t].add(double(pt.walker(t).config.spin_sum) / 16);
    }
  }
  for (int t = 0; t < local; ++t) {
    const double T = job.temperatures[pt.temperatures().begin + t];
    const auto exact = exact::enumerate(4, T);
    for (auto [acc, value] : {std::pair{&energy[t], exact.energy},
                              std::pair{&abs_m[t], exact.abs_magnetization},
                              std::pair{&m[t], 0.0}}) {
      const double s = std::sqrt(acc->error_squared(acc->levels() - 8));  // 2^(levels-8) bins
      BOOST_TEST(std::abs(acc->mean() - value) < 4 * s,
                 "T=" << T << " measured " << acc->mean() << " +- " << s << " exact " << value);
    }
  }
  const tempering::ExchangeDiagnostics d = pt.diagnostics();
  BOOST_TEST(d.acceptance.size() == 7u);
  for (double a : d.acceptance) BOOST_TEST((a > 0.05 && a <= 1.0));
  std::int64_t trips = 0;
  for (auto r : d.round_trips) trips += r;
  BOOST_TEST(trips > 100);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_temperature_matches_enumeration) {
  parallel::Comm comm;
  const parallel::TemperingRanks ranks(comm);
  const Job job = ladder_job({"--sampler.wolff_sweeps=0", "--run.seed=21"});
  Ladder pt = make_ladder(job, ranks);
  check_every_temperature(job, pt);
}

// With Wolff on, after the adaptation (the first half of equilibration) the lowest
// temperatures, where the mean cluster is nearly the whole lattice, flip the lattice
// globally instead; the highest keep their clusters. Both stay exact.
BOOST_AUTO_TEST_CASE(wolff_and_global_flips_match_enumeration) {
  parallel::Comm comm;
  const parallel::TemperingRanks ranks(comm);
  const Job job = ladder_job({"--sampler.equilibration_sweeps=1000", "--run.seed=23"});
  Ladder pt = make_ladder(job, ranks);
  check_every_temperature(job, pt);
  const Block b = pt.temperatures();
  if (b.begin == 0) BOOST_TEST(pt.moves(0).flips_globally(), "T = 1.5 should flip globally");
  if (b.end == 8) BOOST_TEST(!pt.moves(int(b.size()) - 1).flips_globally(), "T = 3.5 should not");
}

// Detailed balance of the exchange move: with the product of two Boltzmann
// distributions in equilibrium, the acceptance rate must equal its exact expectation.
// At 2 ranks the pair straddles the ranks. Spread over independent seeds gives sigma.
BOOST_AUTO_TEST_CASE(two_temperature_acceptance_is_exact) {
  parallel::Comm comm;
  const parallel::TemperingRanks ranks(comm);
  const double T1 = 2.0, T2 = 2.6;
  std::vector<std::string> args = {"--model.L=4", "--temperatures.spacing=list",
                                   "--temperatures.list=2.0,2.6"};
  if (comm.size() > 2) {
    args.push_back("--run.seed=1");
    BOOST_CHECK_THROW(make_ladder(make_test_job(args), ranks), InputError);
    return;
  }
  const int seeds = 8;
  std::vector<double> rates;
  for (int seed = 1; seed <= seeds; ++seed) {
    auto a = args;
    a.push_back("--run.seed=" + std::to_string(seed));
    const Job job = make_test_job(a);
    Ladder pt = make_ladder(job, ranks);
    for (int i = 0; i < 20000; ++i) pt.step(false);
    rates.push_back(pt.diagnostics().acceptance[0]);
  }
  double mean = 0, var = 0;
  for (double r : rates) mean += r / seeds;
  for (double r : rates) var += (r - mean) * (r - mean) / (seeds - 1);
  const double exact = exact_exchange_acceptance(T1, T2), s = std::sqrt(var / seeds);
  BOOST_TEST(std::abs(mean - exact) < 4 * s + 1e-3,
             "acceptance " << mean << " +- " << s << ", exact " << exact);
}
