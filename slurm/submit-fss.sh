#!/bin/bash
# Submits a finite-size-scaling study in one command: a job array that samples one lattice
# size per task (slurm/array.sbatch, `phaselearn sample`), and the classifier and analysis
# job (slurm/classify.sbatch), which starts only when every array task has succeeded
# (--dependency=afterok): NETWORKS networks trained on the largest size, on block spins
# (train.coarse_grain), each applied unchanged to every other size, then phaselearn-analyze
# on all of them -- the method of scripts/run-fss.sh, through the same slurm/fss-classifier.sh.
#
#   slurm/submit-fss.sh [options] [JOB_FILE...] [--key=value ...] [--overwrite]
#
#   no JOB_FILE         the project's set, jobs/fss/L16.ini ... L64.ini (of the working
#                       directory, else of the project), one task per file
#   JOB_FILE...         one task per job file (each sets its own L, run.name and seed)
#   --sizes=16,24,32    one task per size of the one JOB_FILE, as run <name>_L<L> with
#                       run.seed + L (its own random streams)
#   --networks=N        networks of the classifier (default 3; seeds run.seed + 1000 k of
#                       the largest size)
#   --analysis-out=DIR  analysis output (default <output_dir>/analysis, with --sizes
#                       <output_dir>/<name>_analysis)
#   --analyze="OPTS"    further phaselearn-analyze options, e.g. "--bootstrap 200"
#   --parsable          print only "<array job id> <classifier job id>"
#
# train.coarse_grain (job file or --train.coarse_grain=n) must be set and divide every L;
# the sizes run in increasing L. Run from the directory the jobs should work in (job files,
# outputs and logs are relative to it). --key=value overrides go to every stage;
# --overwrite to both jobs. Further sbatch options go through sbatch's environment
# variables, e.g. SBATCH_PARTITION=long SBATCH_TIMELIMIT=04:00:00 SBATCH_ACCOUNT=...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() { sed -n '2,29s/^# \{0,1\}//p' "$0" >&2; exit 2; }
error() { echo "submit-fss: error: $*" >&2; exit 2; }
sizes='' out='' analyze_opts='' parsable=0 networks=3
jobs=() overrides=()
for a in "$@"; do
  case $a in
    --sizes=*) sizes=${a#--sizes=} ;;
    --analysis-out=*) out=${a#--analysis-out=} ;;
    --analyze=*) analyze_opts=${a#--analyze=} ;;
    --networks=*) networks=${a#--networks=} ;;
    --parsable) parsable=1 ;;
    -h | --help) usage ;;
    -*) overrides+=("$a") ;;
    *) [ -f "$a" ] || error "cannot read job file '$a'"; jobs+=("$a") ;;
  esac
done
if [ ${#jobs[@]} -eq 0 ] && [ -z "$sizes" ]; then
  # jobs/fss/ of the working directory, else the one beside slurm/ (source or install tree).
  for d in jobs/fss "$(cd "$here/.." && pwd)/jobs/fss"; do
    for f in "$d"/L*.ini; do [ -f "$f" ] && jobs+=("$f"); done
    [ ${#jobs[@]} -eq 0 ] || break
  done
  [ ${#jobs[@]} -gt 0 ] || error "no job files given, and no jobs/fss/ here or beside slurm/"
fi
[ -z "$sizes" ] || [ ${#jobs[@]} -le 1 ] || error "--sizes takes one job file, not ${#jobs[@]}"

# ini_value and setting (the command line wins over the job file).
source "$here/job-settings.sh"

[[ $networks =~ ^[1-9][0-9]*$ ]] || error "--networks=$networks: a positive integer"

# The run files the tasks will write, in task order (increasing L), and their job files.
files=() task_jobs=() Ls=()
if [ -n "$sizes" ]; then
  IFS=', ' read -r -a list <<<"$sizes"
  [ ${#list[@]} -gt 0 ] || usage
  for L in "${list[@]}"; do [[ $L =~ ^[0-9]+$ ]] || error "--sizes: '$L' is not a lattice size"; done
  mapfile -t list < <(printf '%s\n' "${list[@]}" | sort -n)
  job=${jobs[0]:-}
  [ -n "$job" ] || error "--sizes takes a job file (with the [train] settings of the classifier)"
  name=$(setting "$job" run name "$(basename "$job" .ini)")
  dir=$(setting "$job" run output_dir runs)  # the default of run.output_dir
  for L in "${list[@]}"; do files+=("$dir/${name}_L$L.h5"); task_jobs+=("$job"); Ls+=("$L"); done
  : "${out:=$dir/${name}_analysis}"
  array_args=(--sizes="$(IFS=,; echo "${list[*]}")" "$job")
  what="L = ${list[*]} of $job"
else
  # In the order of L (model.L of each job file; the program's default is 32).
  mapfile -t jobs < <(for f in "${jobs[@]}"; do echo "$(setting "$f" model L 32) $f"; done | sort -n -s -k1,1 | cut -d' ' -f2-)
  for job in "${jobs[@]}"; do
    name=$(ini_value "$job" run name)
    # Each task needs its own name (the program's default, `quick`, would be shared).
    [ -n "$name" ] || error "$job sets no run.name: give each job file its own [run] name"
    dir=$(setting "$job" run output_dir runs)
    files+=("$dir/$name.h5"); task_jobs+=("$job"); Ls+=("$(setting "$job" model L 32)")
  done
  : "${out:=$(dirname "${files[0]}")/analysis}"
  array_args=(--jobs="$(IFS=,; echo "${jobs[*]}")")
  what="${jobs[*]}"
fi

# The classifier sees n x n block spins at every size: n must be set, the same for every
# job file, and divide every L -- checked here rather than after the sampling.
n=''
for i in "${!task_jobs[@]}"; do
  c=$(setting "${task_jobs[$i]}" train coarse_grain 0)
  [ -z "$n" ] || [ "$c" = "$n" ] ||
    error "train.coarse_grain differs between the job files ($n, $c of ${task_jobs[$i]}): one classifier needs one input size"
  n=$c
done
[[ $n =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] ||
  error "train.coarse_grain = ${n:-0}: the classifier shared by every size needs block spins; set train.coarse_grain in the job file or pass --train.coarse_grain=4 (a divisor of every L)"
bad=()
for L in "${Ls[@]}"; do [ $((L % n)) -eq 0 ] || bad+=("$L"); done
[ ${#bad[@]} -eq 0 ] ||
  error "train.coarse_grain = $n does not divide L = ${bad[*]} (sizes ${Ls[*]}): every L must be a multiple of $n"
largest=$((${#task_jobs[@]} - 1))
seed=$(setting "${task_jobs[$largest]}" run seed 1)  # of the largest size's run
[ -z "$sizes" ] || seed=$((seed + ${Ls[$largest]}))  # array.sbatch gives size L seed + L

array=$(sbatch --parsable --array=0-$((${#files[@]} - 1)) --export=ALL,PHASELEARN_COMMAND=sample \
        "$here/array.sbatch" "${array_args[@]}" ${overrides[@]+"${overrides[@]}"})
array=${array%%;*}
classify=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
           "$here/classify.sbatch" --jobs="$(IFS=,; echo "${task_jobs[*]}")" --networks="$networks" \
           --seed="$seed" --analysis-out="$out" --analyze="$analyze_opts" "${files[@]}" \
           ${overrides[@]+"${overrides[@]}"})
classify=${classify%%;*}

if [ $parsable -eq 1 ]; then
  echo "$array $classify"
else
  echo "submitted array job $array (sampling): $what"
  echo "  -> ${files[*]}"
  echo "submitted classifier job $classify, to start when every task of $array has succeeded:"
  echo "  $networks network(s) trained on ${files[$largest]} (${n} x ${n} block spins), applied to every size -> <run>.train.h5, <run>_net<k>.train.h5; analysis -> $out"
  echo "logs: phaselearn-fss-${array}_<task>.out, phaselearn-classify-$classify.out; watch: squeue"
fi
