#!/bin/bash
# Submits a finite-size-scaling study in one command: a job array with one lattice size
# per task (slurm/array.sbatch) and the analysis of all sizes (slurm/analyze.sbatch),
# which starts only when every array task has succeeded (--dependency=afterok).
#
#   slurm/submit-fss.sh [--sizes=16,24,32,48] [--analysis-out=DIR] [--parsable]
#                       JOB_FILE [--section.key=value ...] [--overwrite]
#
# Run from the directory the jobs should work in (outputs and logs are relative to it).
# Runs are <output_dir>/<name>_L<L>.h5 (see slurm/array.sbatch for <name>); the analysis
# goes to DIR (default <output_dir>/<name>_analysis). --overwrite is passed to both stages.
# --parsable prints only "<array job id> <analysis job id>". Further sbatch options go
# through sbatch's own environment variables, e.g. SBATCH_PARTITION=long,
# SBATCH_TIMELIMIT=04:00:00, SBATCH_ACCOUNT=...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() { sed -n '2,14s/^# \{0,1\}//p' "$0" >&2; exit 2; }
sizes=16,24,32,48 out= parsable=0
while [ $# -gt 0 ]; do
  case $1 in
    --sizes=*) sizes=${1#--sizes=} ;;
    --analysis-out=*) out=${1#--analysis-out=} ;;
    --parsable) parsable=1 ;;
    -h | --help) usage ;;
    *) break ;;
  esac
  shift
done
[ $# -gt 0 ] || usage

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

job=
if [[ $1 != -* ]]; then
  job=$1
  [ -f "$job" ] || { echo "submit-fss: error: cannot read job file '$job'" >&2; exit 2; }
fi
name= dir= overwrite=
for a in "$@"; do
  case $a in
    --run.name=*) name=${a#--run.name=} ;;
    --run.output_dir=*) dir=${a#--run.output_dir=} ;;
    --overwrite) overwrite=--overwrite ;;
  esac
done
[ -n "$name" ] || name=$(ini_value "$job" run name)
[ -n "$name" ] || { name=$(basename "${job:-phaselearn}"); name=${name%.ini}; }
[ -n "$dir" ] || dir=$(ini_value "$job" run output_dir)
[ -n "$dir" ] || dir=runs  # the default of run.output_dir
[ -n "$out" ] || out=$dir/${name}_analysis

IFS=', ' read -r -a list <<<"$sizes"
[ ${#list[@]} -gt 0 ] || usage
files=()
for L in "${list[@]}"; do files+=("$dir/${name}_L$L.h5"); done

array=$(sbatch --parsable --array=0-$((${#list[@]} - 1)) "$here/array.sbatch" \
        --sizes="$(IFS=,; echo "${list[*]}")" "$@")
array=${array%%;*}
analysis=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
           "$here/analyze.sbatch" --out "$out" $overwrite "${files[@]}")
analysis=${analysis%%;*}

if [ $parsable -eq 1 ]; then
  echo "$array $analysis"
else
  echo "submitted array job $array: L = ${list[*]} -> ${files[*]}"
  echo "submitted analysis job $analysis (after array job $array succeeds) -> $out"
  echo "logs: phaselearn-fss-${array}_<task>.out, phaselearn-analyze-$analysis.out; watch with: squeue"
fi
