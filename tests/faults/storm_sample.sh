#!/bin/bash
# §5: an interruption storm. One `sample` run is stopped at least 20 times at random moments
# (SIGUSR1 or SIGKILL of one rank; some during start-up, before the signal handlers are in
# place, most during equilibration and sampling), each time resumed on 1, 2 or 4 ranks,
# until it finishes; the run file must equal an uninterrupted run's in every dataset and
# attribute but those that differ by design (named below). Then one run over the TCP
# transport (--mca btl self,tcp) must equal the shared-memory one.
# The moments come from STORM_SEED (default 13): a failure reproduces with the same seed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh"
seed=${STORM_SEED:-13}
RANDOM=$seed
# Differ between two runs of one job by design: when it was written, its random label, and
# the rank count of the run's first start.
ignored=(created_utc run_id mpi_ranks)
# A job of a few seconds: periodic checkpoints every 0.3 s, so a SIGKILL loses little.
job=(--model.L=32 --temperatures.count=8 --sampler.equilibration_sweeps=1500
     --sampler.samples=900 --sampler.sweeps_between_samples=5 --sampler.write_chunk=32
     --run.output_dir=out --run.name=storm --run.checkpoint_interval=0.3
     --sampler.log_interval=0.1)
# Every process is bounded: mpirun can linger after a rank is SIGKILLed.
launch() {  # launch <ranks> [mpirun options]: in the background, log appended to storm.log
  local n=$1
  shift
  timeout -s KILL 120 mpirun "$@" -n "$n" "$PHASELEARN" sample "${job[@]}" >>storm.log 2>&1 &
  pid=$!
}
cleanup_extra='[ -n "${pid:-}" ] && kill -9 $(ranks_of_job) $pid 2>/dev/null'
ranks_of_job() { pgrep -f "^$PHASELEARN sample .*--run.name=storm( |$)"; }
# How many ranks catch SIGUSR1 (bit 9 of SigCgt): before main() installs the handler a
# signal ends the process, as it would any program still loading.
catching() {
  local p n=0 mask
  for p in $(ranks_of_job); do
    mask=$(awk '/^SigCgt/ { print $2 }' /proc/$p/status 2>/dev/null) || continue
    [ -n "$mask" ] && (( (16#$mask >> 9) & 1 )) && n=$((n + 1))
  done
  echo $n
}
wait_until_catching() {  # until $1 ranks catch SIGUSR1, at most 20 s
  for _ in $(seq 1000); do
    [ "$(catching)" -ge "$1" ] && return 0
    sleep 0.02
  done
  return 1
}
random_fraction() { awk -v r=$RANDOM 'BEGIN { printf "%.3f", r / 32768 }'; }
# The run's progress (0 to 1) by its log since line $1: the sweep it resumed at and the
# share of the remaining sweeps done since (progress lines every 0.1 s).
progress() {
  tail -n +$(($1 + 1)) storm.log | tr '\r' '\n' | awk '
    /^resuming from/ { for (i = 1; i < NF; ++i) if ($i == "sweep") { x = $(i + 1); y = $(i + 3) } }
    /^sample: *[0-9.]+%/ { p = $2; sub("%", "", p) }
    END { print (y > 0 ? (x + p / 100 * (y - x)) / y : p / 100) }'
}
# Until the run started at log line $1 has passed progress $2 or ended (at most 60 s).
wait_for_progress() {
  for _ in $(seq 600); do
    awk -v p="$(progress "$1")" -v t="$2" 'BEGIN { exit !(p >= t) }' && return 0
    kill -0 $pid 2>/dev/null || return 0
    sleep 0.1
  done
}

# The reference: how long start-up takes (to its handlers) sets the spread of the
# start-up moments.
launched=$(date +%s.%N)
launch 2
wait_until_catching 2
startup=$(awk -v a="$launched" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
wait $pid || { fail "reference run: $(cat storm.log)"; finish; }
mv out/storm.h5 reference.h5
echo "seed $seed; start-up of the reference ${startup}s"

# 1. The storm.
interruptions=0 startups=0 kills=0 attempts=0 rc=1 reached=0 targets=0
rank_counts=(1 2 4)
while [ $rc -ne 0 ] && [ $attempts -lt 60 ]; do
  attempts=$((attempts + 1))
  np=${rank_counts[$((RANDOM % 3))]}
  launch $np
  if [ $interruptions -lt 20 ]; then
    sig=USR1
    [ $((RANDOM % 3)) -eq 0 ] && sig=KILL
    lines=$(wc -l <storm.log)
    [ -e out/storm.h5.checkpoint ] && resuming=1 || resuming=0
    if [ $((RANDOM % 4)) -eq 0 ]; then  # during start-up (MPI, HDF5, the resume's checks)
      for _ in $(seq 500); do [ -n "$(ranks_of_job)" ] && break; sleep 0.01; done
      sleep "$(awk -v f="$(random_fraction)" -v s="$startup" 'BEGIN { print s * f }')"
    else  # at a random point of the run's progress: one in each 20th of the first 60 %
      target=$(awk -v f="$(random_fraction)" -v k=$targets 'BEGIN { print 0.6 * (k + f) / 20 }')
      targets=$((targets + 1))
      # Already past it (a fast stretch on one rank runs ahead of the log's polling): as
      # soon as the handlers are in place, so that this start makes next to no progress.
      if awk -v p="$reached" -v t="$target" 'BEGIN { exit !(p >= t) }'; then
        wait_until_catching $np
      else
        wait_for_progress $lines $target
      fi
    fi
    # What the moment turned out to be: start-up when a rank had no handlers yet, or a
    # resumed run had not yet said "resuming from" (its checks of the partial output).
    moment=running
    if [ "$(catching)" -lt $np ] ||
       { [ $resuming = 1 ] && ! tail -n +$((lines + 1)) storm.log | grep -q '^resuming from'; }; then
      moment=start-up
    else
      reached=$(progress $lines)
      moment="$(awk -v p="$reached" 'BEGIN { printf "%.0f", 100 * p }') %"
    fi
    victims=$(ranks_of_job)
    if [ -n "$victims" ]; then
      # SIGKILL hits one rank, as a lost node would; SIGUSR1 is sent to all, as Slurm does.
      [ $sig = KILL ] && victims=$(shuf -n 1 --random-source=<(yes $RANDOM) <<<"$victims")
      kill -$sig $victims 2>/dev/null
    fi
  else
    sig=none moment=none
  fi
  wait $pid
  rc=$?
  echo "attempt $attempts: $np rank(s), SIG$sig at $moment, exit code $rc" >>storm.log
  if [ $rc -ne 0 ]; then
    grep -q "cannot be trusted\|^phaselearn: error" <(tail -5 storm.log) \
      && { fail "attempt $attempts ($np ranks, SIG$sig at $moment) refused or failed: $(tail -5 storm.log)"; break; }
    interruptions=$((interruptions + 1))
    [ "$moment" = start-up ] && startups=$((startups + 1))
    [ $sig = KILL ] && kills=$((kills + 1))
    # A rank killed after the file was published (before the checkpoint was removed).
    [ -e out/storm.h5 ] && { echo "published before the kill landed" >>storm.log; rc=0; }
  fi
done
resumed=$(grep -c '^resuming from' storm.log)
grep '^attempt ' storm.log
if [ $rc -eq 0 ] && [ -e out/storm.h5 ]; then
  pass "$interruptions interruptions ($kills SIGKILL, $startups in start-up) over $attempts starts on 1/2/4 ranks; $resumed resumed from a checkpoint"
  [ $interruptions -ge 20 ] || fail "only $interruptions interruptions"
  if diffs=$(/usr/bin/python3 "$here/same_file.py" reference.h5 out/storm.h5 "${ignored[@]}"); then
    pass "storm: run file equal to the uninterrupted run's (all but ${ignored[*]})"
  else
    fail "storm: the run file differs: $diffs"
  fi
else
  fail "the storm did not end in a run file: $(tail -5 storm.log)"
fi
[ -e out/storm.h5.checkpoint ] && rm -f out/storm.h5.checkpoint  # a kill after publishing

# 2. The TCP transport instead of shared memory.
rm -f out/storm.h5
launch 2 --mca btl self,tcp
if wait $pid; then
  /usr/bin/python3 "$here/same_file.py" reference.h5 out/storm.h5 "${ignored[@]}" \
    && pass "--mca btl self,tcp: run file equal to the shared-memory run's" \
    || fail "--mca btl self,tcp: the run file differs"
else
  fail "--mca btl self,tcp run: $(tail -3 storm.log)"
fi
finish
