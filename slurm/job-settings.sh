# shellcheck shell=bash
# The job-file reading of the submit scripts (sourced by submit-fss.sh and
# submit-xy-vae.sh; array.sbatch, run from Slurm's spool, keeps its own copy of ini_value).

# ini_value <file> <section> <key>: the value in the INI file, empty when absent.
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

# setting <job file> <section> <key> [default]: a --section.key=value in the caller's
# `overrides` array wins over the job file.
setting() {
  local a v=''
  for a in ${overrides[@]+"${overrides[@]}"}; do [[ $a == --$2.$3=* ]] && v=${a#*=}; done
  [ -n "$v" ] || v=$(ini_value "$1" "$2" "$3")
  echo "${v:-${4:-}}"
}
