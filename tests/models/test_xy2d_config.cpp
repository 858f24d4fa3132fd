// Xy2d's configuration, moves and records: over-relaxation conserves the energy, measure()
// agrees with a direct double-precision recomputation from the angles, a checkpoint record
// continues bitwise, J scales, Metropolis accepts as often as its rule says, and the
// spins stay unit vectors.
#define BOOST_TEST_MODULE xy2d_config
#include <boost/test/unit_test.hpp>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include "models/xy2d/xy2d.hpp"

using namespace phaselearn;
using namespace phaselearn::models;

namespace {

const MoveSettings all_moves{1, 1.0, 1, false};

std::vector<float> angles(const Xy2d::Config& c) {
  std::vector<float> out(std::size_t(c.sites()));
  Xy2d::write_spins(c, out.data());
  return out;
}

// Observables from the angles alone, double precision and std:: functions throughout.
std::array<double, 8> direct(const Xy2d::Config& c, double J) {
  const int L = c.L();
  const double n = double(c.sites());
  const auto th = [&](int x, int y) { return double(c.theta((x + L) % L, (y + L) % L)); };
  const auto winding = [](double d) { return std::remainder(d, 2 * M_PI); };  // in [-pi, pi]
  std::array<double, 8> o{};
  for (int y = 0; y < L; ++y)
    for (int x = 0; x < L; ++x) {
      o[1] += std::cos(th(x, y)) / n;
      o[2] += std::sin(th(x, y)) / n;
      o[3] += std::cos(th(x, y) - th(x + 1, y)) / n;
      o[4] += std::cos(th(x, y) - th(x, y + 1)) / n;
      o[5] += std::sin(th(x, y) - th(x + 1, y)) / n;
      o[6] += std::sin(th(x, y) - th(x, y + 1)) / n;
      const double w = winding(th(x + 1, y) - th(x, y)) + winding(th(x + 1, y + 1) - th(x + 1, y)) +
                       winding(th(x, y + 1) - th(x + 1, y + 1)) + winding(th(x, y) - th(x, y + 1));
      o[7] += std::abs(std::round(w / (2 * M_PI))) / n;
    }
  o[0] = -J * (o[3] + o[4]);
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(observables_have_the_design_names_and_shapes) {
  const auto obs = Xy2d::observables();
  BOOST_TEST_REQUIRE(obs.size() == 5u);
  const char* names[] = {"energy", "magnetization", "bond_cos", "bond_sin", "vortices"};
  const int comps[] = {1, 2, 2, 2, 1};
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(std::string(obs[i].name) == names[i]);
    BOOST_TEST(obs[i].components == comps[i]);
  }
  BOOST_TEST(record_components<Xy2d>() == 8);
}

BOOST_AUTO_TEST_CASE(initial_configurations) {
  const LatticeSettings lat{8, 1.0};
  const Xy2d::Config ordered = Xy2d::initial(lat, {1, 0, 0, true}, 5, 0);
  for (float a : angles(ordered)) BOOST_TEST(a == 0.0f);
  BOOST_TEST(Xy2d::total_energy(lat, ordered) == -2.0 * 64);
  const auto a0 = angles(Xy2d::initial(lat, all_moves, 5, 0));
  const auto a0_again = angles(Xy2d::initial(lat, all_moves, 5, 0));
  const auto a1 = angles(Xy2d::initial(lat, all_moves, 5, 1));
  BOOST_TEST((a0 == a0_again));
  BOOST_TEST((a0 != a1));  // keyed by temperature index
  for (float a : a0) BOOST_TEST((a >= 0.0f && a < 6.2831855f));
}

BOOST_AUTO_TEST_CASE(measure_agrees_with_a_direct_double_recomputation) {
  for (int L : {2, 6, 8, 16, 32}) {
    const LatticeSettings lat{L, 1.5};
    Xy2d::Config c = Xy2d::initial(lat, all_moves, 3, 0);
    Xy2d::Moves moves(lat, all_moves, 1 / 0.9, 3, 0);
    for (int sweep = 0; sweep < 3; ++sweep) {
      double out[8];
      Xy2d::measure(lat, c, out);
      const auto ref = direct(c, lat.J);
      for (int k = 0; k < 8; ++k)
        BOOST_TEST(std::abs(out[k] - ref[k]) < 1e-6, "L=" << L << " component " << k << ": "
                   << out[k] << " vs " << ref[k]);
      BOOST_TEST(std::abs(Xy2d::total_energy(lat, c) / double(c.sites()) - ref[0]) < 1e-6);
      const auto tr = Xy2d::track(lat, c);
      BOOST_TEST(std::abs(tr[0] - ref[0]) < 1e-6);
      BOOST_TEST(std::abs(tr[1] - std::hypot(ref[1], ref[2])) < 1e-6);
      for (int k = 0; k < 20; ++k) moves.sweep(c, true);
    }
  }
}

BOOST_AUTO_TEST_CASE(overrelaxation_conserves_the_energy_to_rounding) {
  for (int L : {8, 16, 64}) {
    const LatticeSettings lat{L, 1.0};
    for (bool ordered_then_heated : {false, true}) {
      Xy2d::Config c = Xy2d::initial(lat, all_moves, 9, 0);
      Xy2d::Moves heat(lat, all_moves, 1 / 0.9, 9, 0);
      if (ordered_then_heated)
        for (int k = 0; k < 50; ++k) heat.sweep(c, true);
      Xy2d::Moves moves(lat, {0, 0, 1, false}, 1 / 0.9, 9, 0);
      double worst = 0;
      double e = Xy2d::total_energy(lat, c);
      const auto before = angles(c);
      for (int k = 0; k < 200; ++k) {
        moves.overrelaxation_sweep(c);
        const double e2 = Xy2d::total_energy(lat, c);
        worst = std::max(worst, std::abs(e2 - e) / double(c.sites()));
        e = e2;
      }
      BOOST_TEST_MESSAGE("L=" << L << ": worst energy change per spin per sweep " << worst);
      BOOST_TEST(worst < 2e-6, "L=" << L << ": " << worst);
      BOOST_TEST((angles(c) != before));  // it moved
    }
  }
}

BOOST_AUTO_TEST_CASE(records_continue_bitwise) {
  for (int L : {2, 16, 24}) {
    const LatticeSettings lat{L, 1.0};
    Xy2d::Config c = Xy2d::initial(lat, all_moves, 17, 2);
    Xy2d::Moves moves(lat, all_moves, 1 / 0.9, 17, 2);
    for (int k = 0; k < 30; ++k) moves.sweep(c, true);
    std::vector<std::uint64_t> rc, rm;
    RecordWriter wc(rc), wm(rm);
    c.fields(wc);
    moves.fields(wm);
    BOOST_TEST(rc.size() == std::size_t(1 + L * L));  // L, then (cos, sin) of each site
    for (int k = 0; k < 40; ++k) moves.sweep(c, k < 10);
    // Fresh objects of another seed, then the records.
    Xy2d::Config c2 = Xy2d::initial(lat, all_moves, 99, 0);
    Xy2d::Moves moves2(lat, all_moves, 1 / 0.9, 99, 0);
    RecordReader r1(rc.data(), rc.data() + rc.size()), r2(rm.data(), rm.data() + rm.size());
    c2.fields(r1);
    moves2.fields(r2);
    BOOST_TEST(r1.done());
    BOOST_TEST(r2.done());
    for (int k = 0; k < 40; ++k) moves2.sweep(c2, k < 10);
    BOOST_TEST((angles(c) == angles(c2)), "L=" << L);
    BOOST_TEST(Xy2d::total_energy(lat, c) == Xy2d::total_energy(lat, c2));
    std::vector<std::uint64_t> a, b;
    RecordWriter wa(a), wb(b);
    moves.fields(wa);
    moves2.fields(wb);
    BOOST_TEST((a == b));
    // A record of another L is refused.
    Xy2d::Config other(L + 2);
    RecordReader r3(rc.data(), rc.data() + rc.size());
    BOOST_CHECK_THROW(other.fields(r3), std::length_error);
  }
}

BOOST_AUTO_TEST_CASE(coupling_two_at_twice_the_temperature_is_the_same_chain) {
  // Only beta J enters the moves: J = 2 at T = 1.8 is J = 1 at T = 0.9, energies doubled.
  const LatticeSettings one{16, 1.0}, two{16, 2.0};
  Xy2d::Config a = Xy2d::initial(one, all_moves, 8, 0), b = Xy2d::initial(two, all_moves, 8, 0);
  Xy2d::Moves ma(one, all_moves, 1 / 0.9, 8, 0), mb(two, all_moves, 1 / 1.8, 8, 0);
  for (int k = 0; k < 50; ++k) ma.sweep(a, k < 25), mb.sweep(b, k < 25);
  BOOST_TEST((angles(a) == angles(b)));
  BOOST_TEST(Xy2d::total_energy(two, b) == 2 * Xy2d::total_energy(one, a));
  double oa[8], ob[8];
  Xy2d::measure(one, a, oa);
  Xy2d::measure(two, b, ob);
  BOOST_TEST(ob[0] == 2 * oa[0]);
  for (int k = 1; k < 8; ++k) BOOST_TEST(ob[k] == oa[k]);
}

BOOST_AUTO_TEST_CASE(metropolis_acceptance_matches_its_exact_expectation) {
  // Each site's acceptance probability given its neighbours when it is updated (plane 0's
  // from the sweep's start, plane 1's from plane 0's end), averaged in double over the
  // step's equally likely rotations: summed over a chain's updates it is the expected
  // number of accepted moves, and the count of sites that changed must agree within 4
  // sigma, sigma^2 = sum p (1 - p). This checks the rule (sign, beta J, the 20-bit
  // uniform, the proposal's width), not just its symmetry.
  for (double T : {0.3, 0.9, 2.5}) {
    const int L = 16;
    const LatticeSettings lat{L, 1.3};
    const MoveSettings metropolis_only{1, 0, 0, false};
    Xy2d::Config c = Xy2d::initial(lat, metropolis_only, 21, 0);
    Xy2d::Moves moves(lat, metropolis_only, 1 / T, 21, 0);
    for (int k = 0; k < 200; ++k) moves.sweep(c, k < 100);
    const double step = moves.step(), beta_j = lat.J / T;
    const auto vectors = [&] {
      std::vector<std::array<double, 2>> v(std::size_t(L * L));
      for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) v[std::size_t(y * L + x)] = {c.cos(x, y), c.sin(x, y)};
      return v;
    };
    constexpr int rotations = 128;  // every 32nd of the 4096 proposals (midpoint rule)
    double expected = 0, variance = 0, observed = 0;
    const double accepted0 = moves.acceptance() * 200 * L * L;
    for (int sweep = 0; sweep < 1000; ++sweep) {
      const auto before = vectors();
      moves.metropolis_sweep(c);
      const auto after = vectors();
      for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
          const auto& field_from = (x + y) % 2 == 0 ? before : after;
          double hx = 0, hy = 0;
          for (const auto& [dx, dy] : {std::pair{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) {
            const auto& n = field_from[std::size_t(((y + dy + L) % L) * L + (x + dx + L) % L)];
            hx += n[0], hy += n[1];
          }
          const auto& s = before[std::size_t(y * L + x)];
          double p = 0;
          for (int k = 0; k < rotations; ++k) {
            const double d = step * ((k + 0.5) / rotations * 2 - 1);
            const double nc = s[0] * std::cos(d) - s[1] * std::sin(d);
            const double ns = s[1] * std::cos(d) + s[0] * std::sin(d);
            p += std::min(1.0, std::exp(beta_j * ((nc - s[0]) * hx + (ns - s[1]) * hy)));
          }
          p /= rotations;
          expected += p;
          variance += p * (1 - p);
          observed += before[std::size_t(y * L + x)] != after[std::size_t(y * L + x)];
        }
    }
    const double sigma = std::sqrt(variance);
    BOOST_TEST_MESSAGE("T=" << T << " step " << step << ": accepted " << observed << ", expected "
                            << expected << " +- " << sigma);
    BOOST_TEST(std::abs(observed - expected) < 4 * sigma, "T=" << T << ": " << observed << " vs "
                                                              << expected << " +- " << sigma);
    // The moves' own count agrees with the sites that changed.
    BOOST_TEST(std::abs(moves.acceptance() * 1200 * L * L - accepted0 - observed) < 0.5);
  }
}

BOOST_AUTO_TEST_CASE(the_spins_stay_unit_vectors) {
  // Every move renormalises what it writes: after many sweeps of every move, at low and
  // high temperature, |s|^2 is 1 within a few float roundings (3e-7), not drifting.
  for (double T : {0.05, 0.9, 3.0}) {
    const LatticeSettings lat{16, 1.0};
    Xy2d::Config c = Xy2d::initial(lat, all_moves, 4, 0);
    Xy2d::Moves moves(lat, {1, 2.0, 3, false}, 1 / T, 4, 0);
    double worst = 0;
    for (int k = 0; k < 3000; ++k) {
      moves.sweep(c, k < 100);
      if (k % 100 == 99)
        for (int y = 0; y < 16; ++y)
          for (int x = 0; x < 16; ++x) {
            const double cx = c.cos(x, y), sx = c.sin(x, y);
            worst = std::max(worst, std::abs(cx * cx + sx * sx - 1));
          }
    }
    BOOST_TEST_MESSAGE("T=" << T << ": worst |s^2 - 1| " << worst);
    BOOST_TEST(worst < 3e-7, "T=" << T << ": " << worst);
  }
}

BOOST_AUTO_TEST_CASE(odd_or_tiny_L_is_refused) {
  BOOST_CHECK_THROW(Xy2d::Config(7), std::invalid_argument);
  BOOST_CHECK_THROW(Xy2d::Config(0), std::invalid_argument);
}
