#!/bin/bash
# §4: bad input accepted today, and errors printed once per rank: each is refused with
# exit code 2, ONE line naming what is wrong (at 2 ranks too, no MPI_ABORT text), and
# nothing is created.
source "$(dirname "$0")/common.sh"
printf '[model]\nL = 8\n' > job.ini
printf '[model]\nL = 12\n' > other.ini
mkdir jobdir
snapshot() { find . -path ./out -prune -o -print | sort; }
case_() {  # case_ <description> <text> -- args...   (run at 1 and 2 ranks)
  local what=$1 text=$2
  shift 3
  local before
  before=$(snapshot)
  refused "$what" 2 "$text" -- "$PHASELEARN" "$@"
  refused "$what (2 ranks)" 2 "$text" -- mpirun -n 2 "$PHASELEARN" "$@"
  [ "$before" = "$(snapshot)" ] && [ ! -e out ] && pass "$what: nothing created" \
    || fail "$what: created $(diff <(echo "$before") <(snapshot)) $(ls out 2>/dev/null)"
}
case_ "a directory as job file" "job file 'jobdir' is a directory" -- sample jobdir --run.output_dir=out
case_ "a second job file" "unexpected argument 'other.ini'" -- sample job.ini other.ini --run.output_dir=out
case_ "a stray positional argument" "unexpected argument 'extra'" -- sample job.ini --model.L=8 extra --run.output_dir=out
case_ "a key twice on the command line" "model.L is given twice" -- sample --model.L=8 --model.L=16 --run.output_dir=out
case_ "temperatures.list without spacing = list" "temperatures.list" -- sample --temperatures.list=2,2.5 --run.output_dir=out
case_ "train.hidden with a trailing comma" "train.hidden" -- train --train.hidden=16, --run.output_dir=out
case_ "train.hidden with an empty item" "train.hidden" -- train --train.hidden=16,,8 --run.output_dir=out
case_ "an unknown command" "unknown command 'smaple'" -- smaple --run.output_dir=out

# An output path that is a directory: refused before the run, not at the rename.
mkdir -p runs2/quick.h5
before=$(snapshot)
refused "the output is a directory" 2 "output 'runs2/quick.h5' is a directory" -- \
  mpirun -n 2 "$PHASELEARN" sample "${small[@]}" --run.output_dir=runs2
[ "$before" = "$(snapshot)" ] && pass "output directory: nothing created" || fail "created files"

# Truncated and garbage checkpoints, a truncated .partial: one line, exit 2, at 2 ranks.
ckjob=(--model.L=8 --temperatures.count=8 --sampler.equilibration_sweeps=50 --sampler.samples=40000)
mpirun -n 2 "$PHASELEARN" sample "${ckjob[@]}" --run.output_dir=c \
  --run.checkpoint_interval=0 >/dev/null 2>&1 &
pid=$!
cleanup_extra='kill $pid 2>/dev/null'
wait_for c/quick.h5.partial 30 && sleep 1
kill -USR1 $(ranks_of $pid) 2>/dev/null
wait $pid
[ -e c/quick.h5.checkpoint ] || fail "no checkpoint to damage"
cp c/quick.h5.checkpoint good.checkpoint
cp c/quick.h5.partial good.partial
head -c 2000 good.checkpoint > c/quick.h5.checkpoint
refused "a truncated checkpoint" 2 "cannot be trusted" -- \
  mpirun -n 2 "$PHASELEARN" sample "${ckjob[@]}" --run.output_dir=c
head -c 5000 /dev/urandom > c/quick.h5.checkpoint
refused "a garbage checkpoint" 2 "cannot be trusted" -- \
  mpirun -n 2 "$PHASELEARN" sample "${ckjob[@]}" --run.output_dir=c
cp good.checkpoint c/quick.h5.checkpoint
head -c 3000 good.partial > c/quick.h5.partial
refused "a truncated .partial" 2 "quick.h5.partial" -- \
  mpirun -n 2 "$PHASELEARN" sample "${ckjob[@]}" --run.output_dir=c
cmp -s good.checkpoint c/quick.h5.checkpoint && pass "the checkpoint is left as it was" \
  || fail "the refused run changed the checkpoint"
[ ! -e c/quick.h5 ] && pass "nothing published" || fail "published c/quick.h5"
finish
