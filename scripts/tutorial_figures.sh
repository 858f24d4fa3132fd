#!/bin/bash
# The figures of the tutorial (scripts/tutorial.sh, docs/tutorial.md) from the gnuplot
# data the tutorial's helper wrote: tutorial_figures.sh <figures dir> <values file>.
set -euo pipefail
dir=$1
values=$(realpath "$2")
cd "$dir"
value() { awk -v k="$1" '$1 == k { print $3 }' "$values"; }
onsager=2.269185
common="set terminal pngcairo size 640,400 font 'sans,10'; set key box opaque; set grid"
# the frame of a P(ordered)-against-T figure near the gap: curves <output> <title>
curves() {
  echo "$common; set output '$1'; set title '$2'; set xrange [1.6:3.2]; set xlabel 'T'"
  echo "set ylabel 'mean P(ordered)'; set key bottom left"
  echo "set arrow from $onsager, graph 0 to $onsager, graph 1 nohead dt 2"
}

# 1. the loss collapse: training and validation loss of the recipe; |m| by class
gnuplot <<GP
$common
set output 'loss.png'
set logscale y
set format y '10^{%L}'
set xlabel 'epoch'
set ylabel 'cross-entropy loss'
set key center right
set title 'recipe: loss per epoch (|m| cut alone: $(value threshold.recipe.accuracy) accuracy)'
plot 'recipe_history.dat' u 1:(\$2 > 0 ? \$2 : 1e-12) w l lw 2 t 'training', \
     'recipe_history.dat' u 1:3 w l lw 2 t 'validation (single samples held out)', \
     'recipe_stop_blocks_history.dat' u 1:3 w lp pt 7 ps 0.5 t 'early stopping, blocks held out: validation'
GP
gnuplot <<GP
$common
set output 'abs_m.png'
set logscale y
set xlabel '|m| of a sample'
set ylabel 'samples per bin'
set title 'recipe data: |m| of the two windows (best single cut $(value threshold.recipe.cut))'
set arrow from $(value threshold.recipe.cut), graph 0 to $(value threshold.recipe.cut), graph 1 nohead dt 2
set style fill transparent solid 0.5
plot 'abs_m_histogram.dat' u 1:(\$2 > 0 ? \$2 : 1/0) w boxes t 'T < 2 (labelled ordered)', \
     '' u 1:(\$3 > 0 ? \$3 : 1/0) w boxes t 'T > 2.5 (labelled disordered)'
GP

# 2. the windows and the shares
gnuplot <<GP
$(curves windows.png 'L = 30: where the curve crosses 1/2 follows the training data')
set label 'Onsager' at $onsager, graph 0.06 right offset -0.5,0
plot 'recipe_curve.dat' u 1:2 w lp pt 7 ps 0.6 t 'recipe: 0-2 | 2.5-10, uniform', \
     'window_2.4.dat' u 1:2 w lp pt 5 ps 0.6 t 'upper window 2.4-10', \
     'window_to3.5.dat' u 1:2 w lp pt 9 ps 0.6 t 'upper window 2.5-3.5', \
     'shares_dense.dat' u 1:2 w lp pt 11 ps 0.6 t '5x denser near the gap', \
     'shares_geometric.dat' u 1:2 w lp pt 13 ps 0.6 t 'geometric (ordered-heavy)', \
     'threshold_curve.dat' u 1:2 w l dt 3 lw 2 t 'recipe data, |m| > best cut alone'
GP

# 3. the samples: curves and tau_int
gnuplot <<GP
$(curves samplers.png 'L = 30, the recipe network on samples of four samplers')
plot 'recipe_curve.dat' u 1:2 w lp pt 7 ps 0.6 t 'recipe: Metropolis, 1000 + 10 k sweeps', \
     'sampler_quench_random.dat' u 1:2 w lp pt 5 ps 0.6 t 'Metropolis, 20 + k sweeps, random start', \
     'sampler_quench_ordered.dat' u 1:2 w lp pt 9 ps 0.6 t 'Metropolis, 20 + k sweeps, ordered start', \
     'sampler_equilibrated.dat' u 1:2 w lp pt 11 ps 0.6 t 'replica exchange + Wolff'
GP
gnuplot <<GP
$common
set output 'tau.png'
set logscale y
set xlabel 'T'
set ylabel 'tau_{int}(|m|), sweeps'
set title 'L = 30: autocorrelation of |m| (40,000 sweeps per temperature)'
set arrow from $onsager, graph 0 to $onsager, graph 1 nohead dt 2
plot 'tau_long_metropolis.dat' u 1:2 w lp pt 7 t 'Metropolis (the recipe sampler)', \
     'tau_long_replica_wolff.dat' u 1:2 w lp pt 5 t 'replica exchange + Wolff (phaselearn)'
GP

# 4. the finite-size flow
gnuplot <<GP
$common
set output 'fss.png'
set xlabel '1/L'
set ylabel 'T*(L)'
set xrange [0:0.07]
set key top left
set title 'T*(L) = Tc + a/L: Tc(inf) = $(value fss.tc_inf) +- $(value fss.tc_inf_err)'
tc = $(value fss.tc_inf)
a = $(value fss.amplitude_a)
plot 'fss.dat' index 0 u (1/\$1):2:3 w yerr pt 7 t 'block-spin network of L = 64, every L', \
     tc + a*x w l t 'fit', $onsager w l dt 2 t 'Onsager', \
     '< echo 0.033333 $(value sampler.equilibrated.t_star)' u 1:2 w p pt 5 ps 1.2 t 'L = 30, recipe network on RE + Wolff samples', \
     '< echo 0.033333 $(value recipe.t_star)' u 1:2 w p pt 4 ps 1.2 t 'L = 30, recipe'
GP

# 5. the Z2 symmetry
gnuplot <<GP
$common
set output 'z2.png'
set xrange [0:3.2]
set yrange [-0.05:1.05]
set xlabel 'T'
set ylabel 'mean over the samples'
set key center
set title 'recipe network (no flip augmentation): p(x), p(-x) and the symmetric P'
plot 'recipe_curve.dat' u 1:4 w lp pt 7 ps 0.5 t 'p(x)', \
     '' u 1:6 w lp pt 5 ps 0.5 t 'p(-x): the same samples flipped', \
     '' u 1:2 w l lw 2 t 'P = (p(x) + p(-x))/2 (phaselearn)', \
     '' u 1:7 w l dt 2 t '|p(x) - p(-x)|'
GP
ls -la ./*.png
