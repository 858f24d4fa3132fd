#!/bin/bash
# Slurm test 3: preemption. A SIGUSR1 sent to the batch script of a running job
# (`scancel --signal=USR1 --batch`, what Slurm does before a time limit with
# --signal=B:USR1@<s>) reaches the program, which writes a checkpoint and exits with code
# 3; the script requeues the job, the rerun resumes and completes, and the outputs are
# bitwise identical to those of an uninterrupted run. STAGE says when the signal comes:
# `sample` (while sampling) or `train` (while training, in `phaselearn run`).
# Usage: preempt.sh PHASELEARN SLURM_DIR STAGE
source "$(dirname "$0")/common.sh"
stage=${3:-sample}

# The command run.sbatch would choose (PHASELEARN_COMMAND when set).
usage_text=$("$PHASELEARN" help 2>/dev/null)
if grep -qE '^ +run +' <<<"$usage_text"; then command=run; else command=sample; fi
command=${PHASELEARN_COMMAND:-$command}
export PHASELEARN_COMMAND=$command

if [ "$stage" = sample ]; then
  # Some seconds of sampling at 2 ranks, a moment of training.
  job=(--model.L=32 --temperatures.count=8 --sampler.equilibration_sweeps=300
       --sampler.samples=1500 --sampler.sweeps_between_samples=32 --sampler.write_chunk=64
       --sampler.log_interval=0.2 --run.output_dir=out
       --train.hidden=8 --train.epochs=2 --train.batch_size=64 --train.patience=0)
  running='^sample: +[0-9.]+%'
else
  [ $command = run ] || skip "this phaselearn has no 'run' command (sample, then train)"
  # A moment of sampling, some seconds of training (about 0.015 s per epoch at 2 ranks:
  # 400 epochs leave the signal, sent soon after epoch 3, seconds to arrive mid-training).
  job=(--model.L=32 --temperatures.count=8 --temperatures.min=1.8 --temperatures.max=2.8
       --sampler.equilibration_sweeps=100 --sampler.samples=800 --sampler.sweeps_between_samples=2
       --run.output_dir=out --train.hidden=256 --train.epochs=400 --train.patience=0)
  running='^epoch 3/'
fi

if [ "$stage" = sample ]; then
  # Does this binary checkpoint on SIGUSR1 at all? Without a handler the signal kills it
  # (exit status 128 + 10); anything else (3, or an error) is tested below.
  "$PHASELEARN" sample "${job[@]/#--run.output_dir=out/--run.output_dir=probe}" >probe.log 2>&1 &
  probe=$!
  wait_for 20 grep -sqE "$running" probe.log
  kill -USR1 $probe 2>/dev/null
  wait $probe
  rc=$?
  if [ $rc -eq 138 ]; then
    skip "this phaselearn does not checkpoint on SIGUSR1 yet (killed by the signal); \
waiting for the commit 'sample: checkpoint and restart'"
  fi
  echo "probe: sample exited with code $rc on SIGUSR1"
  rm -rf probe
fi

# The uninterrupted reference, with mpirun on the same 2 ranks.
start=$SECONDS
mpirun -n 2 "$PHASELEARN" $command "${job[@]}" --run.name=ref >ref.log 2>&1 \
  || { fail "reference run failed: $(tail -3 ref.log)"; finish; }
echo "reference: $((SECONDS - start)) s uninterrupted"

start=$SECONDS
id=$(submit --job-name=pl-preempt --ntasks=2 "$SLURM_DIR/run.sbatch" "${job[@]}" --run.name=cut) \
  || { fail "sbatch refused the script"; finish; }
log=pl-preempt-$id.out
if wait_for 120 grep -sqE "$running" "$log"; then
  sleep 0.3
  scancel --signal=USR1 --batch "$id" && echo "sent SIGUSR1 to job $id after $((SECONDS - start)) s, while in $stage"
else
  fail "the job did not reach '$running' within 120 s:
$(show_log "$log")"
fi
wait_job "$id" 240 || fail "job $id did not finish"
echo "job $id: $(field "$id" JobState), exit code $(field "$id" ExitCode), restarts $(field "$id" Restarts), $((SECONDS - start)) s in all"

[ "$(field "$id" JobState)" = COMPLETED ] && [ "$(field "$id" ExitCode)" = 0:0 ] \
  && pass "job completed, exit code 0:0" \
  || fail "job state $(field "$id" JobState), exit code $(field "$id" ExitCode)"
[ "$(field "$id" Restarts)" -ge 1 ] 2>/dev/null && pass "requeued ($(field "$id" Restarts) restart)" \
  || fail "not requeued (Restarts=$(field "$id" Restarts))"
for line in "received SIGUSR1" "checkpointed, not finished (exit code 3)" "requeued job $id" \
            ", start 2," "resuming from" "run.sbatch: finished"; do
  grep -qF -- "$line" "$log" && pass "log: '$line'" || fail "log lacks '$line'"
done

same=1
for d in /temperatures /spins /observables/energy /observables/magnetization /replica /diagnostics; do
  h5diff -q out/ref.h5 out/cut.h5 $d $d || { same=0; fail "run file: $d differs from the uninterrupted run"; }
done
[ $same = 1 ] && pass "run file bitwise identical to the uninterrupted run"
if [ $command = run ]; then
  same=1
  for d in /model /history /predictions; do
    h5diff -q out/ref.train.h5 out/cut.train.h5 $d $d \
      || { same=0; fail "training file: $d differs from the uninterrupted run"; }
  done
  [ $same = 1 ] && pass "training file bitwise identical to the uninterrupted run"
fi
ls out/*.partial out/*.checkpoint >/dev/null 2>&1 && fail "partial or checkpoint left: $(ls out)" \
  || pass "no .partial or checkpoint left"
[ "$failures" -eq 0 ] || { echo "log:"; show_log "$log"; }
finish
