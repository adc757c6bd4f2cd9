# shellcheck shell=sh
# Ferry's metrics sampler: one long-running POSIX sh loop per host, read by MetricsStream.
# Arguments: $1 interval in seconds (as sleep takes it), $2 df every N ticks, $3 Ferry's store
# directory, $4 runc's state root, $5 prefix for /proc and /sys ('' on a real host; tests point it
# at a fake tree). Per tick only builtins run, plus sleep, plus df every $2-th tick: a fork per
# figure per second would cost more than the figures are worth. The format is in SampleBlockParser.
interval=$1 disk_every=$2 store=$3 runc_root=$4 root=$5

# Mount points of the cgroup controllers read below, once: they do not move while a host runs.
cg_cpu='' cg_mem='' cg_pids='' cg2=''
while read -r _dev mnt fstype opts _rest; do
  case $fstype in
    cgroup2) cg2=$root$mnt ;;
    cgroup)
      case ",$opts," in *,cpuacct,*) cg_cpu=$root$mnt ;; esac
      case ",$opts," in *,memory,*) cg_mem=$root$mnt ;; esac
      case ",$opts," in *,pids,*) cg_pids=$root$mnt ;; esac ;;
  esac
done < "$root/proc/mounts"
if [ -n "$cg_cpu$cg_mem$cg_pids" ]; then
  if [ -n "$cg2" ]; then mode=hybrid; else mode=v1; fi
elif [ -n "$cg2" ]; then mode=v2; else mode=none; fi

cpus=0
while read -r name _rest; do
  case $name in cpu) ;; cpu[0-9]*) cpus=$((cpus + 1)) ;; *) break ;; esac
done < "$root/proc/stat"
printf 'ferry-metrics 1\ncpus %s\ncgroup %s\n' "$cpus" "$mode" || exit 0

# df blocks on a store whose NFS server is gone; with timeout (coreutils or busybox) it gives up
# after 2 s, well before MetricsStream calls the stream stale. Without timeout, df runs bare.
if command -v timeout >/dev/null 2>&1; then df_limit='timeout -s KILL 2'; else df_limit=''; fi

# Sets started to the start time (field 22 of /proc/<pid>/stat) of process $1, or to ''.
start_time() {
  started=''
  read -r stat 2>/dev/null < "$root/proc/$1/stat" || return 0
  set -f; set -- ${stat##*)}; set +f
  [ $# -ge 20 ] && started=${20}
}

# Sets pid for container $1 (state file $2), and records it in next_cache. The cache is trusted
# while that pid still has the recorded start time, so a recycled pid is never taken for the
# container; otherwise state.json is read again (one long line: costly, as dash reads byte by byte).
resolve_init() {
  pid='' start=''
  case "$cache " in
    *" $1="*) entry=${cache#*" $1="}; entry=${entry%% *}; pid=${entry%:*} start=${entry#*:} ;;
  esac
  start_time "$pid"
  if [ -z "$pid" ] || [ "$started" != "$start" ]; then
    json=''
    read -r json 2>/dev/null < "$2"
    case $json in *'"init_process_pid":'*'"init_process_start":'*) ;; *) pid=''; return 1 ;; esac
    pid=${json#*\"init_process_pid\":}; pid=${pid%%[,\}]*}
    start=${json#*\"init_process_start\":}; start=${start%%[,\}]*}
    start_time "$pid"
    [ "$started" = "$start" ] || { pid=''; return 1; }
  fi
  next_cache="$next_cache $1=$pid:$start"
}

# Sets value to the first word of file $1, or to '-' if it cannot be read.
first_word() {
  value=-
  read -r value _rest 2>/dev/null < "$1" || [ -n "$value" ] || value=-
}

# Appends 'c ID CPU_NS MEMORY_BYTES PIDS' for container $1 whose init process is $pid. cgroup v1
# controllers win where mounted (a hybrid host keeps its controllers there); else the v2 files.
sample_container() {
  dir_cpu='' dir_mem='' dir_pids='' dir2=''
  # A hierarchy listed here but not mounted on this host (cg_* empty) is skipped.
  while IFS=: read -r hid ctrls path; do
    if [ "$hid" = 0 ] && [ -z "$ctrls" ]; then [ -n "$cg2" ] && dir2=$cg2$path; continue; fi
    case ",$ctrls," in *,cpuacct,*) [ -n "$cg_cpu" ] && dir_cpu=$cg_cpu$path ;; esac
    case ",$ctrls," in *,memory,*) [ -n "$cg_mem" ] && dir_mem=$cg_mem$path ;; esac
    case ",$ctrls," in *,pids,*) [ -n "$cg_pids" ] && dir_pids=$cg_pids$path ;; esac
  done 2>/dev/null < "$root/proc/$pid/cgroup" || return 0
  if [ -n "$dir_cpu" ]; then
    first_word "$dir_cpu/cpuacct.usage"; cpu=$value
  else
    cpu=-
    # Checked before the arithmetic: a bad number there would end the whole script.
    while read -r key usec; do
      [ "$key" = usage_usec ] || continue
      case $usec in '' | *[!0-9]*) ;; *) cpu=$((usec * 1000)) ;; esac
      break
    done 2>/dev/null < "${dir2:-/nonexistent}/cpu.stat"
  fi
  if [ -n "$dir_mem" ]; then first_word "$dir_mem/memory.usage_in_bytes"; else first_word "${dir2:-/nonexistent}/memory.current"; fi
  mem=$value
  first_word "${dir_pids:-${dir2:-/nonexistent}}/pids.current"
  out="$out
c $1 $cpu $mem $value"
}

cache='' tick=0
while :; do
  read -r up _idle < "$root/proc/uptime"
  out="t $up"
  read -r _cpu user nice system idle iowait irq softirq steal _guest < "$root/proc/stat"
  out="$out
cpu $user $nice $system $idle $iowait $irq $softirq $steal"
  read -r l1 l5 l15 _rest < "$root/proc/loadavg"
  out="$out
load $l1 $l5 $l15"
  total='' avail=''
  while read -r key kb _unit; do
    case $key in MemTotal:) total=$kb ;; MemAvailable:) avail=$kb ;; esac
    [ -n "$total" ] && [ -n "$avail" ] && break
  done < "$root/proc/meminfo"
  out="$out
mem $total $avail"
  if [ $((tick % disk_every)) -eq 0 ]; then
    set -f; set -- $($df_limit df -Pk "$store" 2>/dev/null); set +f
    if [ $# -ge 11 ]; then out="$out
disk $9 ${10} ${11}"; else out="$out
disk - - -"; fi
  fi
  rx=0 tx=0
  while IFS=: read -r ifname counters; do
    [ -n "$counters" ] || continue
    ifname=${ifname##* }
    [ "$ifname" = lo ] && continue
    set -f; set -- $counters; set +f
    rx=$((rx + $1)) tx=$((tx + $9))
  done < "$root/proc/net/dev"
  out="$out
net $rx $tx"
  next_cache=''
  for state in "$runc_root"/*/state.json; do
    [ -f "$state" ] || continue
    id=${state%/state.json}; id=${id##*/}
    resolve_init "$id" "$state" && sample_container "$id"
  done
  cache=$next_cache
  printf '%s\n.\n' "$out" || exit 0
  tick=$((tick + 1))
  sleep "$interval" || exit 2
done
