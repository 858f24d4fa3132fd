#include "analysis/vae/latent_separation.hpp"

#include <cmath>
#include <random>

#include "analysis/statistics.hpp"
#include "analysis/xy2d/classifier.hpp"
#include "core/errors.hpp"
#include "core/random.hpp"

namespace phaselearn::analysis::vae {

namespace {

Curve mean_curve(const LatentSizeBlocks& s, const std::vector<std::size_t>* chosen) {
  Curve c;
  c.x = s.temperatures;
  for (const std::vector<double>& blocks : s.abs_blocks) {
    double sum = 0, squares = 0;
    const std::size_t n = chosen ? chosen->size() : blocks.size();
    for (std::size_t k = 0; k < n; ++k) {
      const double b = blocks[chosen ? (*chosen)[k] : k];
      sum += b, squares += b * b;
    }
    const double m = sum / double(n);
    c.y.push_back(m);
    c.error.push_back(n > 1 ? std::sqrt(std::max(squares / double(n) - m * m, 0.0) / double(n - 1)) : 0.0);
  }
  return c;
}

// Every pair's T_sep of one set of curves (nullopt where the pair does not part).
std::vector<std::optional<double>> pair_temperatures(const std::vector<Curve>& curves, double gap) {
  std::vector<std::optional<double>> out;
  for (std::size_t i = 0; i + 1 < curves.size(); ++i) {
    const Outcome<double> t = xy2d::separation(curves[i], curves[i + 1], gap);
    out.push_back(t ? std::optional<double>(*t) : std::nullopt);
  }
  return out;
}

}  // namespace

std::vector<Curve> normalised_curves(const std::vector<Curve>& means, std::size_t ref_index) {
  const Curve& ref = means.at(ref_index);
  const double top = ref.y.front(), bottom = ref.y.back(), span = top - bottom;
  if (!(std::abs(span) > 0))
    throw InputError("the latent curve <|mu|> of the size the VAE was trained on is the same at the lowest and the highest "
                     "temperature: no span to measure the separation of the sizes in");
  std::vector<Curve> out;
  for (const Curve& c : means) {
    Curve n = c;
    for (std::size_t t = 0; t < c.size(); ++t) {
      n.y[t] = (c.y[t] - bottom) / span;
      n.error[t] = c.error[t] / std::abs(span);
    }
    out.push_back(std::move(n));
  }
  return out;
}

LatentSeparation latent_separation(const std::vector<LatentSizeBlocks>& sizes, std::size_t replicas,
                                   std::uint64_t seed, double gap) {
  LatentSeparation r;
  r.gap = gap;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i].temperatures != sizes.front().temperatures || sizes[i].abs_blocks.size() != sizes[i].temperatures.size())
      throw InputError("the latent separation needs the same temperatures at every size (L = " +
                       std::to_string(sizes[i].L) + " differs)");
    if (i > 0 && sizes[i].L <= sizes[i - 1].L) throw InputError("the latent separation needs sizes in ascending L");
  }
  if (sizes.size() < 2) {
    r.tkt = Outcome<Bootstrapped>::failure("the separation of latent curves needs 2 sizes, got " +
                                           std::to_string(sizes.size()));
    return r;
  }
  std::size_t ref = sizes.size() - 1;
  for (std::size_t i = 0; i < sizes.size(); ++i)
    if (sizes[i].trained_on) ref = i;
  std::vector<Curve> means;
  for (const LatentSizeBlocks& s : sizes) means.push_back(mean_curve(s, nullptr));
  r.curves = normalised_curves(means, ref);
  const std::vector<std::optional<double>> central = pair_temperatures(r.curves, gap);

  // Replicas: each size's blocks resampled, keyed by (seed, L).
  std::vector<std::vector<std::optional<double>>> replica_pairs(replicas);
  std::vector<Xoshiro256pp> rngs;
  for (const LatentSizeBlocks& s : sizes) rngs.emplace_back(seed, static_cast<std::uint64_t>(s.L), Purpose::bootstrap);
  for (std::size_t k = 0; k < replicas; ++k) {
    std::vector<Curve> m;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
      const std::size_t n = sizes[i].abs_blocks.front().size();
      std::uniform_int_distribution<std::size_t> pick(0, n - 1);
      std::vector<std::size_t> chosen(n);
      for (std::size_t& b : chosen) b = pick(rngs[i]);
      m.push_back(mean_curve(sizes[i], &chosen));
    }
    replica_pairs[k] = pair_temperatures(normalised_curves(m, ref), gap);
  }

  std::vector<SizePoint> points;
  std::vector<std::size_t> used;  // pair indices in points
  for (std::size_t i = 0; i < central.size(); ++i) {
    SeparationPair p{sizes[i].L, sizes[i + 1].L, std::sqrt(double(sizes[i].L) * sizes[i + 1].L),
                     Outcome<Bootstrapped>::failure("")};
    const Outcome<double> c = xy2d::separation(r.curves[i], r.curves[i + 1], gap);
    if (!c) {
      p.temperature = Outcome<Bootstrapped>::failure(c.reason());
    } else {
      std::vector<double> values;
      for (const auto& rep : replica_pairs)
        if (rep[i]) values.push_back(*rep[i]);
      p.temperature = values.size() >= 2
                          ? Outcome<Bootstrapped>::success({*c, std::sqrt(variance(values)), values.size(), replicas - values.size()})
                          : Outcome<Bootstrapped>::failure("no bootstrap error: " + std::to_string(values.size()) +
                                                           " of " + std::to_string(replicas) + " replicas part");
    }
    if (p.temperature && p.temperature->error > 0) {
      points.push_back({p.effective_L, p.temperature->value, p.temperature->error});
      used.push_back(i);
    }
    r.pairs.push_back(p);
  }
  if (used.size() < r.pairs.size())
    r.note = std::to_string(r.pairs.size() - used.size()) + " pair(s) without a separation temperature left out";
  if (points.size() < 2) {
    r.tkt = Outcome<Bootstrapped>::failure("T_KT + c/(ln L)^2 needs 2 pairs of sizes whose curves part by " +
                                           std::to_string(gap) + ", got " + std::to_string(points.size()));
    return r;
  }
  const Outcome<xy2d::LogExtrapolation> fit = xy2d::extrapolate_log(points, false);
  if (!fit) {
    r.tkt = Outcome<Bootstrapped>::failure(fit.reason());
    return r;
  }
  r.extrapolation = *fit;
  std::vector<double> values;
  for (const auto& rep : replica_pairs) {
    std::vector<SizePoint> p = points;
    bool ok = true;
    for (std::size_t j = 0; j < used.size() && ok; ++j) {
      ok = rep[used[j]].has_value();
      if (ok) p[j].value = *rep[used[j]];
    }
    if (!ok) continue;
    if (const Outcome<xy2d::LogExtrapolation> x = xy2d::extrapolate_log(p, false)) values.push_back(x->tkt);
  }
  if (values.size() < 2) {
    r.tkt = Outcome<Bootstrapped>::failure("no bootstrap error: " + std::to_string(values.size()) + " of " +
                                           std::to_string(replicas) + " replicas extrapolate");
    return r;
  }
  Bootstrapped b{fit->tkt, std::sqrt(variance(values)), values.size(), replicas - values.size()};
  if (fit->dof > 0 && fit->chi2 > fit->dof) {
    b.error *= std::sqrt(fit->chi2 / fit->dof);
    r.note += (r.note.empty() ? "" : "; ") + std::string("error scaled by sqrt(chi2/dof) = ") +
              std::to_string(std::sqrt(fit->chi2 / fit->dof));
  }
  r.tkt = Outcome<Bootstrapped>::success(b);
  return r;
}

}  // namespace phaselearn::analysis::vae
