#!/bin/bash
# A single-node Slurm on this machine, for trying the sbatch scripts and for the tests.
# Usage: scripts/slurm-local.sh start|stop|status
#
# start   installs slurm-wlm and munge if missing (needs root), writes /etc/slurm/slurm.conf
#         for one node on localhost (node line from `slurmd -C`), starts munged, slurmctld
#         and slurmd by hand (no systemd) and waits until `sinfo` shows the node idle.
#         Already running: says so and does nothing.
# stop    stops the daemons this script started, by the PIDs in their pid files.
# status  exit 0 when the node answers (sinfo), 1 otherwise.
#
# State, logs and pid files live in $PHASELEARN_SLURM_DIR (default /var/lib/phaselearn-slurm);
# the daemons' logs are slurmctld.log, slurmd.log and munge/munged.log there, the job
# completion records (jobcomp/filetxt: job id, state, exit code) are in jobcomp.log.
# An /etc/slurm/slurm.conf that this script did not write is never touched.
set -euo pipefail

state=${PHASELEARN_SLURM_DIR:-/var/lib/phaselearn-slurm}
conf=/etc/slurm/slurm.conf
marker="# written by phaselearn scripts/slurm-local.sh"
munge_pid=/run/munge/munged.pid
ctld_pid=$state/slurmctld.pid
slurmd_pid=$state/slurmd.pid
wait_seconds=${PHASELEARN_SLURM_WAIT:-60}

say() { echo "slurm-local: $*"; }
die() { echo "slurm-local: error: $*" >&2; exit 1; }

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

node_state() { timeout 10 sinfo -h -N -o '%t' 2>/dev/null | head -n1 || true; }

install_packages() {
  local missing=()
  for p in slurm-wlm munge; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "installing ${missing[*]} needs root"
  say "installing ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

write_config() {
  if [ -e "$conf" ] && ! grep -qF "$marker" "$conf"; then
    die "$conf exists and was not written by this script; not touching it"
  fi
  mkdir -p /etc/slurm "$state/ctld" "$state/slurmd"
  local host node name
  host=$(hostname -s)
  # `slurmd -C` prints the node line (CPUs, sockets, cores, threads, memory) of this machine.
  node=$(slurmd -C | grep '^NodeName=')
  [ -n "$node" ] || die "slurmd -C printed no NodeName line"
  name=${node#NodeName=}; name=${name%% *}
  cat >"$conf" <<EOF
$marker — for tests and trials, not for production.
ClusterName=phaselearn
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# Step credentials live 10 s (default 120): a requeued job may start again 10 s after the
# requeue instead of 2 minutes (slurm.conf(5), cred_expire).
AuthInfo=cred_expire=10
CredType=cred/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$ctld_pid
SlurmdPidFile=$slurmd_pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups and no systemd here: track processes by parent id, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=pmix
SwitchType=switch/none
ReturnToService=2
MailProg=/bin/true
# No accounting database (no sacct): job completion records go to a text file, and
# finished jobs stay visible to \`scontrol show job\` for 30 minutes.
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$state/jobcomp.log
MinJobAge=1800
JobRequeue=1
# Fast turnaround for short test jobs.
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
KillWait=10
InactiveLimit=0
SlurmdTimeout=300
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$name Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
EOF
}

start_munge() {
  if alive "$munge_pid"; then return; fi
  mkdir -p /etc/munge /run/munge /var/lib/munge /var/log/munge "$state/munge"
  if [ ! -s /etc/munge/munge.key ]; then
    if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key
    else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
  fi
  if id munge >/dev/null 2>&1; then
    chown munge:munge /etc/munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge \
      "$state/munge"
    chmod 0700 "$state/munge"
    chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key; chmod 0755 /run/munge
    runuser -u munge -- munged --pid-file="$munge_pid" --log-file="$state/munge/munged.log" ||
      die "munged did not start (see $state/munge/munged.log)"
  else
    chmod 0400 /etc/munge/munge.key
    munged --force --pid-file="$munge_pid" --log-file="$state/munge/munged.log" ||
      die "munged did not start (see $state/munge/munged.log)"
  fi
}

start() {
  if alive "$ctld_pid" && alive "$slurmd_pid" && [ "$(node_state)" = idle ]; then
    say "already running"; return
  fi
  install_packages
  mkdir -p "$state"
  write_config
  start_munge
  alive "$ctld_pid" || slurmctld -i || die "slurmctld did not start (see $state/slurmctld.log)"
  alive "$slurmd_pid" || slurmd || die "slurmd did not start (see $state/slurmd.log)"
  local s=
  for ((i = 0; i < wait_seconds; ++i)); do
    s=$(node_state)
    case $s in
      idle | mix | alloc) say "node $(hostname -s) is $s ($(sinfo -h -o '%c CPUs, %m MB'))"; return ;;
      down* | drain* | fail*) scontrol update nodename="$(hostname -s)" state=resume 2>/dev/null || true ;;
    esac
    sleep 1
  done
  tail -n 5 "$state/slurmctld.log" "$state/slurmd.log" >&2 || true
  die "node not idle after ${wait_seconds}s (state '${s:-no answer}')"
}

stop_pid() {  # stop_pid <name> <pid file>
  local pidfile=$2 pid
  alive "$pidfile" || return 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; ++i)); do
    kill -0 "$pid" 2>/dev/null || { say "stopped $1 ($pid)"; rm -f "$pidfile"; return; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  say "killed $1 ($pid)"
  rm -f "$pidfile"
}

stop() {
  stop_pid slurmd "$slurmd_pid"
  stop_pid slurmctld "$ctld_pid"
  stop_pid munged "$munge_pid"
}

status() {
  local s
  s=$(node_state)
  if [ -n "$s" ]; then say "node $(hostname -s) is $s"; sinfo; squeue; return 0; fi
  say "not running"; return 1
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
