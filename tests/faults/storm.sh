# The interruption storm of the fault tests (sourced after common.sh). The caller sets:
#   stage      sample or train
#   job        the arguments of the run (run.name=storm, run.output_dir=out)
#   output     the file the run publishes; its checkpoint is "$output.checkpoint"
#   progress   a function: the run's progress (0 to 1) by its log since line $1
#   here       the folder of these scripts
# then calls run_reference, storm and compare_with_reference. Every random choice comes from
# STORM_SEED (default 13): a failure reproduces with the same seed.
seed=${STORM_SEED:-13}
RANDOM=$seed

# launch <ranks> [mpirun options]: in the background, its log appended to storm.log. Every
# process is bounded: mpirun can linger after a rank is SIGKILLed.
launch() {
  local n=$1
  shift
  timeout -s KILL 120 mpirun "$@" -n "$n" "$PHASELEARN" $stage "${job[@]}" >>storm.log 2>&1 &
  pid=$!
}
ranks_of_job() { pgrep -f "^$PHASELEARN $stage .*--run.name=storm( |$)"; }
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
wait_until_catching() {  # until $1 ranks catch SIGUSR1, at most 20 s
  for _ in $(seq 1000); do
    [ "$(catching)" -ge "$1" ] && return 0
    sleep 0.02
  done
  return 1
}
random_fraction() { awk -v r=$RANDOM 'BEGIN { printf "%.3f", r / 32768 }'; }
# Until the run started at log line $1 has passed progress $2 or ended (at most 60 s).
wait_for_progress() {
  for _ in $(seq 600); do
    awk -v p="$(progress "$1")" -v t="$2" 'BEGIN { exit !(p >= t) }' && return 0
    kill -0 $pid 2>/dev/null || return 0
    sleep 0.1
  done
}

# The uninterrupted run at 2 ranks (with the mpirun options given), kept as reference.h5;
# its start-up (to its handlers) sets the spread of the start-up moments.
run_reference() {
  local launched
  launched=$(date +%s.%N)
  launch 2 "$@"
  wait_until_catching 2
  startup=$(awk -v a="$launched" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  wait $pid || { fail "reference run: $(tail -5 storm.log)"; finish; }
  mv "$output" reference.h5
  echo "seed $seed; start-up of the reference ${startup}s"
}

# storm <interruptions> <span> <rank counts...>: starts the run again and again, each start
# on a rank count drawn from the list, and stops it (SIGUSR1 to every rank, as Slurm does,
# or SIGKILL of one rank, as a lost node would) until <interruptions> are reached; then
# lets it finish. A quarter of the moments fall in start-up (MPI, HDF5, the resume's
# checks); the others at a random point of the run's progress, one in each
# 1/<interruptions> of its first <span>. Sets interruptions, startups, kills, attempts, rc.
storm() {
  local wanted=$1 span=$2 np sig lines resuming target victims moment
  shift 2
  local counts=("$@") reached=0 targets=0
  interruptions=0 startups=0 kills=0 attempts=0 rc=1
  while [ $rc -ne 0 ] && [ $attempts -lt $((3 * wanted)) ]; do
    attempts=$((attempts + 1))
    np=${counts[$((RANDOM % ${#counts[@]}))]}
    lines=$(wc -l <storm.log)
    launch $np
    sig=none moment=none
    if [ $interruptions -lt "$wanted" ]; then
      sig=USR1
      [ $((RANDOM % 3)) -eq 0 ] && sig=KILL
      [ -e "$output.checkpoint" ] && resuming=1 || resuming=0
      if [ $((RANDOM % 4)) -eq 0 ]; then
        for _ in $(seq 500); do [ -n "$(ranks_of_job)" ] && break; sleep 0.01; done
        sleep "$(awk -v f="$(random_fraction)" -v s="$startup" 'BEGIN { print s * f }')"
      else
        target=$(awk -v f="$(random_fraction)" -v k=$targets -v n="$wanted" -v s="$span" \
          'BEGIN { print s * (k + f) / n }')
        targets=$((targets + 1))
        # Already past it (a fast stretch runs ahead of the log's polling): as soon as the
        # handlers are in place, so that this start makes next to no progress.
        if awk -v p="$reached" -v t="$target" 'BEGIN { exit !(p >= t) }'; then
          wait_until_catching $np
        else
          wait_for_progress $lines $target
        fi
      fi
      # What the moment turned out to be: start-up when a rank had no handlers yet, or a
      # resumed run had not yet said "resuming from" (its checks of its files).
      if [ "$(catching)" -lt $np ] ||
         { [ $resuming = 1 ] && ! tail -n +$((lines + 1)) storm.log | grep -q '^resuming from'; }; then
        moment=start-up
      else
        reached=$(progress $lines)
        moment="$(awk -v p="$reached" 'BEGIN { printf "%.0f", 100 * p }') %"
      fi
      victims=$(ranks_of_job)
      if [ -n "$victims" ]; then
        [ $sig = KILL ] && victims=$(shuf -n 1 --random-source=<(yes $RANDOM) <<<"$victims")
        kill -$sig $victims 2>/dev/null
      fi
    fi
    wait $pid
    rc=$?
    echo "attempt $attempts: $np rank(s), SIG$sig at $moment, exit code $rc" >>storm.log
    if [ $rc -ne 0 ]; then
      # (A refusal is a failure of the storm: every start must resume.)
      if tail -n +$((lines + 1)) storm.log | grep -q "cannot be trusted\|^phaselearn: error"; then
        fail "attempt $attempts ($np ranks, SIG$sig at $moment) refused or failed:" \
          "$(tail -n +$((lines + 1)) storm.log | grep '^phaselearn')"
        return
      fi
      interruptions=$((interruptions + 1))
      [ "$moment" = start-up ] && startups=$((startups + 1))
      [ $sig = KILL ] && kills=$((kills + 1))
      # A rank killed after the file was published (before the checkpoint was removed).
      [ -e "$output" ] && { echo "published before the kill landed" >>storm.log; rc=0; }
    fi
  done
  grep '^attempt ' storm.log
  if [ $rc -eq 0 ] && [ -e "$output" ]; then
    pass "$interruptions interruptions ($kills SIGKILL, $startups in start-up) over $attempts starts on ${counts[*]} rank(s); $(grep -c '^resuming from' storm.log) resumed from a checkpoint"
    [ $interruptions -ge "$wanted" ] || fail "only $interruptions interruptions"
  else
    fail "the storm did not end in a published file: $(tail -5 storm.log)"
  fi
}

# compare_with_reference <what> <attributes that differ by design...>
compare_with_reference() {
  local what=$1 diffs
  shift
  if diffs=$(/usr/bin/python3 "$here/same_file.py" reference.h5 "$output" "$@"); then
    pass "$what: equal to the uninterrupted run in every dataset and attribute but $*"
  else
    fail "$what: differs from the uninterrupted run: $diffs"
  fi
}
