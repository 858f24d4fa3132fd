#!/bin/bash
# §5: an interruption storm for `train`. One training is stopped at least 10 times at random
# moments (SIGUSR1 to every rank or SIGKILL of one rank; some during start-up, before the
# signal handlers are in place) and resumed until it finishes; its training file must equal
# an uninterrupted training's in every dataset and attribute but those that differ by
# design (named below). A training checkpoint resumes only at its own rank count (the data
# shards follow the ranks), so every start has 2 ranks.
# The moments come from STORM_SEED (default 13): a failure reproduces with the same seed.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/common.sh"
seed=${STORM_SEED:-13}
RANDOM=$seed
ignored=(created_utc)  # when the file was written
job=(--model.L=8 --temperatures.count=8 --temperatures.spacing=linear --temperatures.min=1.6
     --temperatures.max=3.2 --sampler.equilibration_sweeps=100 --sampler.samples=400
     --run.output_dir=out --run.name=storm --run.checkpoint_interval=0.3
     --train.epochs=150 --train.patience=0 --train.hidden=32)
timeout 120 mpirun -n 2 "$PHASELEARN" sample "${job[@]}" >sample.log 2>&1 \
  || { fail "sample: $(cat sample.log)"; finish; }
launch() {
  timeout -s KILL 120 mpirun -n 2 "$PHASELEARN" train "${job[@]}" >>storm.log 2>&1 &
  pid=$!
}
ranks_of_job() { pgrep -f "^$PHASELEARN train .*--run.name=storm( |$)"; }
cleanup_extra='[ -n "${pid:-}" ] && kill -9 $(ranks_of_job) $pid 2>/dev/null'
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
wait_until_catching() {  # until 2 ranks catch SIGUSR1, at most 20 s
  for _ in $(seq 1000); do
    [ "$(catching)" -ge 2 ] && return 0
    sleep 0.02
  done
  return 1
}
random_fraction() { awk -v r=$RANDOM 'BEGIN { printf "%.3f", r / 32768 }'; }
# The training's progress (0 to 1) by its last "epoch N/M" line since log line $1.
progress() {
  tail -n +$(($1 + 1)) storm.log | awk '/^epoch [0-9]+\// { split($2, e, "/"); p = e[1] / e[2] }
                                        END { print p + 0 }'
}
# Until the training started at log line $1 has passed progress $2 or ended (at most 60 s).
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
launch
wait_until_catching
startup=$(awk -v a="$launched" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
wait $pid || { fail "reference training: $(tail -3 storm.log)"; finish; }
mv out/storm.train.h5 reference.train.h5
echo "seed $seed; start-up of the reference ${startup}s"

interruptions=0 startups=0 kills=0 attempts=0 rc=1
while [ $rc -ne 0 ] && [ $attempts -lt 40 ]; do
  attempts=$((attempts + 1))
  launch
  if [ $interruptions -lt 10 ]; then
    sig=USR1
    [ $((RANDOM % 3)) -eq 0 ] && sig=KILL
    lines=$(wc -l <storm.log)
    [ -e out/storm.train.h5.checkpoint ] && resuming=1 || resuming=0
    if [ $((RANDOM % 4)) -eq 0 ]; then  # during start-up (MPI, reading the shards, the checks)
      for _ in $(seq 500); do [ -n "$(ranks_of_job)" ] && break; sleep 0.01; done
      sleep "$(awk -v f="$(random_fraction)" -v s="$startup" 'BEGIN { print s * f }')"
    else  # at a random point of the training: one in each 10th of the first 90 %
      target=$(awk -v f="$(random_fraction)" -v k=$((interruptions - startups)) \
        'BEGIN { print 0.9 * (k + f) / 10 }')
      wait_for_progress $lines $target
    fi
    # What the moment turned out to be: start-up when a rank had no handlers yet, or a
    # resumed training had not yet said "resuming from" (its checks of the checkpoint).
    if [ "$(catching)" -lt 2 ] ||
       { [ $resuming = 1 ] && ! tail -n +$((lines + 1)) storm.log | grep -q '^resuming from'; }; then
      moment=start-up
    else
      moment="epoch $(tail -n +$((lines + 1)) storm.log | awk '/^epoch [0-9]+\// { e = $2 } END { print e }')"
    fi
    victims=$(ranks_of_job)
    if [ -n "$victims" ]; then
      [ $sig = KILL ] && victims=$(shuf -n 1 --random-source=<(yes $RANDOM) <<<"$victims")
      kill -$sig $victims 2>/dev/null
    fi
  else
    sig=none moment=none
  fi
  wait $pid
  rc=$?
  echo "attempt $attempts: SIG$sig at $moment, exit code $rc" >>storm.log
  if [ $rc -ne 0 ]; then
    grep -q "cannot be trusted\|^phaselearn: error" <(tail -5 storm.log) \
      && { fail "attempt $attempts (SIG$sig at $moment) refused or failed: $(tail -5 storm.log)"; break; }
    interruptions=$((interruptions + 1))
    [ "$moment" = start-up ] && startups=$((startups + 1))
    [ $sig = KILL ] && kills=$((kills + 1))
    [ -e out/storm.train.h5 ] && { echo "published before the kill landed" >>storm.log; rc=0; }
  fi
done
resumed=$(grep -c '^resuming from' storm.log)
grep '^attempt ' storm.log
if [ $rc -eq 0 ] && [ -e out/storm.train.h5 ]; then
  pass "$interruptions interruptions ($kills SIGKILL, $startups in start-up) over $attempts starts; $resumed resumed from a checkpoint"
  [ $interruptions -ge 10 ] || fail "only $interruptions interruptions"
  if diffs=$(/usr/bin/python3 "$here/same_file.py" reference.train.h5 out/storm.train.h5 "${ignored[@]}"); then
    pass "storm: training file equal to the uninterrupted training's (all but ${ignored[*]})"
  else
    fail "storm: the training file differs: $diffs"
  fi
else
  fail "the storm did not end in a training file: $(tail -5 storm.log)"
fi
finish
