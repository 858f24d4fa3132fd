#!/bin/bash
# Submits a finite-size-scaling study in one command: a job array with one lattice size
# per task (slurm/array.sbatch) and the analysis of all sizes (slurm/analyze.sbatch),
# which starts only when every array task has succeeded (--dependency=afterok).
#
#   slurm/submit-fss.sh [options] [JOB_FILE...] [--key=value ...] [--overwrite]
#
#   no JOB_FILE         the project's set, jobs/fss/L16.ini ... L64.ini (of the working
#                       directory, else of the project), one task per file
#   JOB_FILE...         one task per job file (each sets its own L, run.name and seed)
#   --sizes=16,24,32    one task per size of the one JOB_FILE, as run <name>_L<L>
#   --analysis-out=DIR  analysis output (default <output_dir>/analysis, with --sizes
#                       <output_dir>/<name>_analysis)
#   --analyze="OPTS"    further phaselearn-analyze options, e.g. "--bootstrap 200"
#   --parsable          print only "<array job id> <analysis job id>"
#
# Run from the directory the jobs should work in (job files, outputs and logs are
# relative to it). --key=value overrides go to every task; --overwrite to both stages.
# Further sbatch options go through sbatch's environment variables, e.g.
# SBATCH_PARTITION=long SBATCH_TIMELIMIT=04:00:00 SBATCH_ACCOUNT=...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() { sed -n '2,20s/^# \{0,1\}//p' "$0" >&2; exit 2; }
error() { echo "submit-fss: error: $*" >&2; exit 2; }
sizes='' out='' analyze_opts='' parsable=0
jobs=() overrides=()
for a in "$@"; do
  case $a in
    --sizes=*) sizes=${a#--sizes=} ;;
    --analysis-out=*) out=${a#--analysis-out=} ;;
    --analyze=*) analyze_opts=${a#--analyze=} ;;
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
  # In the order of L, not of the names (L16 < L24 < ... < L64, but L8 would sort last).
  mapfile -t jobs < <(for f in "${jobs[@]}"; do n=${f##*/L}; echo "${n%.ini} $f"; done | sort -n | cut -d' ' -f2-)
fi
[ -z "$sizes" ] || [ ${#jobs[@]} -le 1 ] || error "--sizes takes one job file, not ${#jobs[@]}"

# `key` of [section] in an INI file (empty when absent); the same reading as array.sbatch.
ini_value() {
  [ -f "$1" ] || return 0
  awk -v want_sec="$2" -v want_key="$3" '
    { sub(/[#;].*/, "") }
    /^[ \t]*\[/ { s = $0; gsub(/[][ \t]/, "", s); sec = s; next }
    sec == want_sec && index($0, "=") {
      k = substr($0, 1, index($0, "=") - 1); v = substr($0, index($0, "=") + 1)
      gsub(/^[ \t]+|[ \t]+$/, "", k); gsub(/^[ \t]+|[ \t]+$/, "", v)
      if (k == want_key) { print v; exit }
    }' "$1"
}
# setting <job file> <key>: the command line wins over the job file.
setting() {
  local a v=''
  for a in ${overrides[@]+"${overrides[@]}"}; do [[ $a == --run.$2=* ]] && v=${a#*=}; done
  [ -n "$v" ] || v=$(ini_value "$1" run "$2")
  echo "$v"
}
overwrite=''
for a in ${overrides[@]+"${overrides[@]}"}; do [ "$a" = --overwrite ] && overwrite=--overwrite; done

# The run files the tasks will write, in task order.
files=()
if [ -n "$sizes" ]; then
  IFS=', ' read -r -a list <<<"$sizes"
  [ ${#list[@]} -gt 0 ] || usage
  job=${jobs[0]:-}
  name=$(setting "$job" name)
  [ -n "$name" ] || { name=$(basename "${job:-phaselearn}"); name=${name%.ini}; }
  dir=$(setting "$job" output_dir)
  dir=${dir:-runs}  # the default of run.output_dir
  for L in "${list[@]}"; do files+=("$dir/${name}_L$L.h5"); done
  : "${out:=$dir/${name}_analysis}"
  array_args=(--sizes="$(IFS=,; echo "${list[*]}")" ${job:+"$job"})
  what="L = ${list[*]} of $job"
else
  for job in "${jobs[@]}"; do
    name=$(setting "$job" name)
    [ -n "$name" ] || { name=$(basename "$job"); name=${name%.ini}; }
    dir=$(setting "$job" output_dir)
    files+=("${dir:-runs}/$name.h5")
  done
  : "${out:=$(dirname "${files[0]}")/analysis}"
  array_args=(--jobs="$(IFS=,; echo "${jobs[*]}")")
  what="${jobs[*]}"
fi

array=$(sbatch --parsable --array=0-$((${#files[@]} - 1)) "$here/array.sbatch" \
        "${array_args[@]}" ${overrides[@]+"${overrides[@]}"})
array=${array%%;*}
# shellcheck disable=SC2086  # analyze_opts is a list of options
analysis=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
           "$here/analyze.sbatch" --out "$out" $overwrite $analyze_opts "${files[@]}")
analysis=${analysis%%;*}

if [ $parsable -eq 1 ]; then
  echo "$array $analysis"
else
  echo "submitted array job $array: $what"
  echo "  -> ${files[*]} (and .train.h5)"
  echo "submitted analysis job $analysis, to start when every task of $array has succeeded -> $out"
  echo "logs: phaselearn-fss-${array}_<task>.out, phaselearn-analyze-$analysis.out; watch: squeue"
fi
