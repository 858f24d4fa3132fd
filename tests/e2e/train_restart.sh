#!/bin/bash
# Checkpoint and restart of `phaselearn train`: runs interrupted by SIGUSR1/SIGTERM at
# random moments (window and confusion schemes; XY inputs), and a run that checkpoints on a short
# interval without stopping, finish with a training file bitwise identical to an
# uninterrupted run; a checkpoint of another rank count, job or run file, or a damaged
# one, is refused.
source "$(dirname "$0")/common.sh"
here=$(cd "$(dirname "$0")" && pwd)
PHASELEARN=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mpirun -n 2 "$PHASELEARN" sample --model.L=16 --temperatures.spacing=linear \
  --temperatures.count=12 --sampler.equilibration_sweeps=100 --sampler.samples=300 \
  --sampler.sweeps_between_samples=3 --run.output_dir=out --run.name=l16 >sample.log 2>&1 \
  || { fail "sample: $(cat sample.log)"; finish; }
window=(--train.run_file=out/l16.h5 --run.output_dir=out --train.labels=window
        --train.epochs=400 --train.patience=0)
confusion=(--train.run_file=out/l16.h5 --run.output_dir=out --train.labels=confusion
           --train.confusion_points=3 --train.epochs=100 --train.patience=0)
datasets=(/predictions/p_ordered /predictions/mean /predictions/stderr /history/train_loss
          /history/val_loss /history/train_acc /history/val_acc /model/layer_0/weights
          /model/layer_0/bias /model/layer_1/weights /model/layer_1/bias)
same_as() {  # same_as <file> <reference> [extra datasets]
  local d
  for d in "${datasets[@]}" "${@:3}"; do h5diff -q "$2" "$1" $d $d || return 1; done
  for a in best_epoch label_scheme run_id; do
    [ "$(h5dump -a /$a "$1" | grep '(0)')" = "$(h5dump -a /$a "$2" | grep '(0)')" ] || return 1
  done
}
# Only the phaselearn ranks, not mpirun (which would end the job on SIGTERM).
signal_ranks() { pkill -"$1" -f "^$PHASELEARN train .*--run.name=$2( |$)"; }

# wait_for_training <log> <header lines before>: until rank 0 has printed one more
# "train:" header (the shards are read, the signal handlers are in place), at most 30 s.
wait_for_training() {
  local n
  for _ in $(seq 300); do
    n=$(grep -c '^train: ' "$1" 2>/dev/null)
    [ "${n:-0}" -gt "${2:-0}" ] && return
    sleep 0.1
  done
}

# chain <name> <reference> <args...>: interrupt at random moments until the run finishes.
chain() {
  local name=$1 ref=$2 rc=3 n=0 sig delay pid
  shift 2
  # The signals fall within the first half of the reference's training phase (from its
  # "train:" header to its end), so they arrive while a network is being trained.
  mpirun -n 2 "$PHASELEARN" train "$@" --run.name=$ref >$ref.log 2>&1 &
  pid=$!
  wait_for_training $ref.log 0
  start=$(date +%s.%N)
  wait $pid || { fail "reference $ref: $(cat $ref.log)"; return; }
  seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  while [ $rc -eq 3 ] && [ $n -lt 4 ]; do
    sig=$([ $((n % 2)) -eq 0 ] && echo USR1 || echo TERM)
    started=$(grep -c '^train: ' $name.log 2>/dev/null)
    mpirun -n 2 "$PHASELEARN" train "$@" --run.name=$name >>$name.log 2>&1 &
    pid=$!
    wait_for_training $name.log "$started"
    delay=$(awk -v s="$seconds" -v r=$RANDOM 'BEGIN { print s * r / 32768 / 2 }')
    sleep "$delay"
    signal_ranks $sig $name
    wait $pid
    rc=$?
    if [ $rc -eq 3 ]; then
      n=$((n + 1))
      [ -f out/$name.train.h5.checkpoint ] || fail "$name: exit code 3 without a checkpoint"
    elif [ $rc -ne 0 ]; then
      fail "$name: exit code $rc after SIG$sig at ${delay}s: $(tail -3 $name.log)"
      return
    fi
  done
  [ $rc -eq 3 ] && mpirun -n 2 "$PHASELEARN" train "$@" --run.name=$name >>$name.log 2>&1
  if [ $n -eq 0 ]; then
    fail "$name: no signal arrived during training (too fast?)"
  elif same_as out/$name.train.h5 out/$ref.train.h5 "${extra[@]}"; then
    pass "$name: $n interruption(s) by SIGUSR1/SIGTERM, training file bitwise identical"
  else
    fail "$name: $n interruption(s), training file differs from the uninterrupted run"
  fi
  [ -e out/$name.train.h5.checkpoint ] && fail "$name: checkpoint left behind"
  grep -q "resuming from out/$name.train.h5.checkpoint" $name.log || fail "$name: never resumed"
}

extra=()
chain cut ref "${window[@]}"
extra=(/confusion/proposed_T /confusion/val_accuracy)
chain ccut cref "${confusion[@]}"
extra=()
/usr/bin/python3 "$here/xy_from_ising.py" out/l16.h5 out/xy16.h5 \
  || fail "could not write an xy2d run file"
chain xcut xref --train.run_file=out/xy16.h5 --run.output_dir=out --train.coarse_grain=4 \
  --train.epochs=3000 --train.patience=0 --train.t_low=2.0 --train.t_high=2.6  # Ising's range; ~3 s of training

# 2. Checkpoints on an interval, without stopping: the same result.
mpirun -n 2 "$PHASELEARN" train "${window[@]}" --run.name=interval \
  --run.checkpoint_interval=0.05 >interval.log 2>&1 || fail "interval: $(cat interval.log)"
[ "$(grep -c '^checkpoint: ' interval.log)" -ge 2 ] && pass "interval checkpoints written" \
  || fail "no interval checkpoints: $(grep -v ^epoch interval.log)"
same_as out/interval.train.h5 out/ref.train.h5 && pass "interval checkpoints change nothing" \
  || fail "interval checkpoints changed the result"

# 3. A checkpoint is resumed only by the same job, run file and rank count.
mpirun -n 2 "$PHASELEARN" train "${window[@]}" --run.name=stop >stop.log 2>&1 &
pid=$!
wait_for_training stop.log 0
signal_ranks USR1 stop
wait $pid
if [ $? -eq 3 ]; then
  grep -q "^phaselearn: checkpoint written" stop.log && pass "one line says a checkpoint was written" \
    || fail "no checkpoint line: $(tail -2 stop.log)"
  expect_failure "resume at another rank count" 2 "was written at 2 MPI rank(s)" -- \
    "$PHASELEARN" train "${window[@]}" --run.name=stop
  expect_failure "resume with another job" 2 "different job" -- \
    mpirun -n 2 "$PHASELEARN" train "${window[@]}" --run.name=stop --train.learning_rate=0.01
  cp out/l16.h5 out/copy.h5
  /usr/bin/python3 -c "import h5py; h5py.File('out/copy.h5', 'r+').attrs['run_id'] = 'abc'"
  without train.run_file "${window[@]}"
  expect_failure "resume on another run file" 2 "was trained on run" -- \
    mpirun -n 2 "$PHASELEARN" train "${kept[@]}" --run.name=stop --train.run_file=out/copy.h5
  [ -e out/stop.train.h5.checkpoint ] && pass "refusals keep the checkpoint" \
    || fail "a refusal removed the checkpoint"
  # A history that is not whole epoch records (one number too many) is refused.
  cp out/stop.train.h5.checkpoint stop.checkpoint.saved
  /usr/bin/python3 -c "
import h5py
with h5py.File('out/stop.train.h5.checkpoint', 'r+') as f:
    h = list(f['real_current_history'][:]) + [0.0]
    h[0] = len(h) - 1  # the length in front stays right
    del f['real_current_history']
    f['real_current_history'] = h"
  # (The checkpoint's digest refuses it first; the length check stays behind it.)
  expect_failure "a damaged history" 2 "cannot be trusted" -- \
    mpirun -n 2 "$PHASELEARN" train "${window[@]}" --run.name=stop
  mv stop.checkpoint.saved out/stop.train.h5.checkpoint
  mpirun -n 2 "$PHASELEARN" train "${window[@]}" --run.name=stop --overwrite >>stop.log 2>&1 \
    && ! grep -q resuming stop.log && same_as out/stop.train.h5 out/ref.train.h5 \
    && pass "--overwrite starts afresh" || fail "--overwrite with a checkpoint"
else
  fail "the stop run was not interrupted"
fi

# 4. `run` stopped during training: started again, it trains on the run file it has
# already written and resumes from the checkpoint.
whole=(--model.L=16 --temperatures.spacing=linear --temperatures.count=12
       --sampler.equilibration_sweeps=100 --sampler.samples=300 --sampler.sweeps_between_samples=3
       --run.output_dir=out --run.name=whole --train.labels=window --train.epochs=300
       --train.patience=0)
mpirun -n 2 "$PHASELEARN" run "${whole[@]}" >whole.log 2>&1 &
pid=$!
for _ in $(seq 300); do grep -q "^epoch 2/" whole.log && break; sleep 0.1; done
pkill -USR1 -f "^$PHASELEARN run .*--run.name=whole( |$)"
wait $pid
rc=$?
if [ $rc -eq 3 ]; then
  mpirun -n 2 "$PHASELEARN" run "${whole[@]}" >whole2.log 2>&1 || fail "run resumed: $(tail -3 whole2.log)"
  grep -q "was sampled by this job; training on it" whole2.log && grep -q "^resuming from" whole2.log \
    && [ -e out/whole.train.h5 ] && pass "run stopped while training resumes its training" \
    || fail "run did not resume its training: $(grep -v ^epoch whole2.log | head -5)"
else
  fail "run was not stopped while training (exit code $rc)"
fi
finish
