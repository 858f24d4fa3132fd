#!/bin/bash
# Submits the VAE study (scripts/run-xy-vae.sh) as Slurm jobs, in one command. Per job file
# (one lattice size each): a sampling job (slurm/run.sbatch, `phaselearn sample`), then,
# when it has succeeded, two training jobs side by side (slurm/run.sbatch, `phaselearn
# train`): the VAE with the job's train.energy_weight, and its standard twin with
# train.energy_weight = 0 (run <name>-standard, on the same run file). When every training
# job has succeeded, one analysis job (slurm/analyze.sbatch) over all run and training
# files: one job file is analysed with --no-scaling, several give the latent T_KT.
#
#   slurm/submit-xy-vae.sh [options] [JOB_FILE...] [--key=value ...] [--overwrite]
#
#   no JOB_FILE         jobs/xy-vae.ini (of the working directory, else of the project)
#   JOB_FILE...         one size per job file; each sets its own run.name
#   --analysis-out=DIR  analysis output (default <output_dir of the first job>/analysis)
#   --analyze="OPTS"    further phaselearn-analyze options, e.g. "--bootstrap 200"
#   --parsable          print only the job ids: "<sample ids> <VAE ids> <twin ids> <analysis id>"
#                       (one id per job file in each group, in the order given)
#
# Sampling and training checkpoint and requeue themselves (slurm/run.sbatch). Run from the
# directory the jobs should work in (job files, outputs and logs are relative to it).
# --key=value overrides go to every sampling and training job; --overwrite to those and
# the analysis. Further sbatch options through sbatch's environment variables, e.g.
# SBATCH_PARTITION=long SBATCH_TIMELIMIT=04:00:00 SBATCH_ACCOUNT=...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() { sed -n '2,23s/^# \{0,1\}//p' "$0" >&2; exit 2; }
error() { echo "submit-xy-vae: error: $*" >&2; exit 2; }
out='' analyze_opts='' parsable=0 overwrite=()
jobs=() overrides=()
for a in "$@"; do
  case $a in
    --analysis-out=*) out=${a#--analysis-out=} ;;
    --analyze=*) analyze_opts=${a#--analyze=} ;;
    --parsable) parsable=1 ;;
    --overwrite) overwrite=(--overwrite) ;;
    -h | --help) usage ;;
    -*) overrides+=("$a") ;;
    *) [ -f "$a" ] || error "cannot read job file '$a'"; jobs+=("$a") ;;
  esac
done
if [ ${#jobs[@]} -eq 0 ]; then
  for f in jobs/xy-vae.ini "$(cd "$here/.." && pwd)/jobs/xy-vae.ini"; do
    [ -f "$f" ] && { jobs+=("$f"); break; }
  done
  [ ${#jobs[@]} -gt 0 ] || error "no job file given, and no jobs/xy-vae.ini here or beside slurm/"
fi

# ini_value and setting (the command line wins over the job file).
source "$here/job-settings.sh"

# Checked before anything is submitted: the twin needs a VAE job, and every size its own run.
names=() dirs=() files=()
for job in "${jobs[@]}"; do
  objective=$(setting "$job" train objective classifier)
  [ "$objective" = vae ] ||
    error "$job: train.objective = $objective; the VAE flow needs train.objective = vae"
  name=$(setting "$job" run name)
  [ -n "$name" ] || error "$job sets no run.name: give each job file its own [run] name"
  [[ " ${names[*]} " != *" $name "* ]] || error "run.name '$name' is set by two job files: give each size its own"
  dir=$(setting "$job" run output_dir runs)  # the default of run.output_dir
  names+=("$name") dirs+=("$dir") files+=("$dir/$name.h5")
done
: "${out:=${dirs[0]}/analysis}"

run_job() {  # run_job <command> <job name> <sbatch options...> -- <run.sbatch arguments...>
  local command=$1 name=$2 options=()
  shift 2
  while [ "$1" != -- ]; do options+=("$1"); shift; done
  shift
  local id
  id=$(sbatch --parsable --job-name="$name" --export=ALL,PHASELEARN_COMMAND="$command" \
       ${options[@]+"${options[@]}"} "$here/run.sbatch" "$@")
  echo "${id%%;*}"
}

samples=() vaes=() twins=() trained=()
for i in "${!jobs[@]}"; do
  job=${jobs[$i]} name=${names[$i]} run=${files[$i]}
  common=(${overrides[@]+"${overrides[@]}"} ${overwrite[@]+"${overwrite[@]}"})
  s=$(run_job sample phaselearn-vae-sample -- "$job" "${common[@]}")
  after=(--dependency=afterok:"$s" --kill-on-invalid-dep=yes)
  v=$(run_job train phaselearn-vae-train "${after[@]}" -- "$job" "${common[@]}")
  t=$(run_job train phaselearn-vae-standard "${after[@]}" -- "$job" "${common[@]}" \
      --train.energy_weight=0 --run.name="$name-standard" --train.run_file="$run")
  samples+=("$s") vaes+=("$v") twins+=("$t")
  trained+=("$run" "${dirs[$i]}/$name.train.h5" "${dirs[$i]}/$name-standard.train.h5")
done

scaling=()
[ ${#jobs[@]} -gt 1 ] || scaling=(--no-scaling)  # one size gives no extrapolation
read -r -a extra <<<"$analyze_opts"
analysis=$(sbatch --parsable --job-name=phaselearn-vae-analyze \
           --dependency=afterok:"$(IFS=:; echo "${vaes[*]}:${twins[*]}")" --kill-on-invalid-dep=yes \
           "$here/analyze.sbatch" --out "$out" ${overwrite[@]+"${overwrite[@]}"} \
           ${scaling[@]+"${scaling[@]}"} ${extra[@]+"${extra[@]}"} "${trained[@]}")
analysis=${analysis%%;*}

if [ $parsable -eq 1 ]; then
  echo "${samples[*]} ${vaes[*]} ${twins[*]} $analysis"
else
  echo "submitted sampling job(s) ${samples[*]}: ${jobs[*]} -> ${files[*]}"
  echo "submitted VAE training job(s) ${vaes[*]} and their energy_weight = 0 twins ${twins[*]}, each after its sampling job"
  echo "submitted analysis job $analysis, after every training job: -> $out"
  echo "logs: phaselearn-vae-{sample,train,standard,analyze}-<job id>.out; watch: squeue"
fi
