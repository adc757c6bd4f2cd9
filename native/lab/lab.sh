#!/usr/bin/env bash
# Ferry's demo lab: N real Linux "hosts" on one machine, each with its own network, mount and UTS
# namespaces, its own OpenSSH sshd, runc, CRIU and podman, joined by a bridge in a lab router
# namespace. The JVM reaches each host's sshd on 127.0.0.1:<port>. Field notes §4-§5 explain why
# it is built this way; native/lab/README.md describes the design and every subcommand.
set -euo pipefail

# Lab hosts and the tools they run must be found whatever PATH the caller had (criu is in /usr/local/sbin).
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

readonly LAB_ROOT=/var/lib/ferry-lab
readonly LAB_SUBNET=10.87.0
readonly ROUTER_ADDR=10.87.0.1
readonly FIRST_HOST_OCTET=11           # host i gets 10.87.0.(11+i)
readonly SAMPLE_TCP_IP=10.87.100.10    # container stable IPs come from 10.87.100.0/24
# Every container's gateway, the same on every host, so a restored container finds it again.
readonly CT_GATEWAY=169.254.1.1
readonly MAX_HOSTS=4
readonly HOST_LETTERS=(a b c d)
readonly DEFAULT_HOSTS=2
readonly DEFAULT_PORT_BASE=2221
readonly DEFAULT_SHAPE="rate 1gbit delay 0.1ms"
readonly PODMAN_IMAGE=localhost/ferry-busybox:lab
readonly WORKLOADS=(ferry-counter ferry-memory ferry-tcp-server ferry-tcp-client ferry-selfcheck ferry-unix-peers)
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly WORKLOAD_BIN=${FERRY_WORKLOAD_BIN:-$SCRIPT_DIR/../target/bin}
# Machine-wide record of what the labs created outside their own state dirs, so the last `down` undoes it.
readonly CREATED_LIST=$LAB_ROOT/.created
# Mount points the hosts bind their private dirs over; created (empty) when the machine lacks them.
readonly MOUNT_POINTS=(/var/lib/ferry /var/lib/containers /var/lib/cni)

say() { printf 'lab: %s\n' "$*"; }
warn() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: %s\n' "$*" >&2; exit 1; }

# The lab in sections, each a file of functions in lib/, sourced in this order (the order they were written in).
# shellcheck source=native/lab/lib/identity.sh
source "$SCRIPT_DIR/lib/identity.sh"
# shellcheck source=native/lab/lib/preconditions.sh
source "$SCRIPT_DIR/lib/preconditions.sh"
# shellcheck source=native/lab/lib/cgroups.sh
source "$SCRIPT_DIR/lib/cgroups.sh"
# shellcheck source=native/lab/lib/hosts.sh
source "$SCRIPT_DIR/lib/hosts.sh"
# shellcheck source=native/lab/lib/network.sh
source "$SCRIPT_DIR/lib/network.sh"
# shellcheck source=native/lab/lib/ssh.sh
source "$SCRIPT_DIR/lib/ssh.sh"
# shellcheck source=native/lab/lib/forwarders.sh
source "$SCRIPT_DIR/lib/forwarders.sh"
# shellcheck source=native/lab/lib/rootfs.sh
source "$SCRIPT_DIR/lib/rootfs.sh"
# shellcheck source=native/lab/lib/containers.sh
source "$SCRIPT_DIR/lib/containers.sh"
# shellcheck source=native/lab/lib/lab-json.sh
source "$SCRIPT_DIR/lib/lab-json.sh"
# shellcheck source=native/lab/lib/health.sh
source "$SCRIPT_DIR/lib/health.sh"
# shellcheck source=native/lab/lib/teardown.sh
source "$SCRIPT_DIR/lib/teardown.sh"
# shellcheck source=native/lab/lib/faults.sh
source "$SCRIPT_DIR/lib/faults.sh"
# shellcheck source=native/lab/lib/vms.sh
source "$SCRIPT_DIR/lib/vms.sh"
# shellcheck source=native/lab/lib/commands.sh
source "$SCRIPT_DIR/lib/commands.sh"

usage() {
  cat <<EOF
usage: lab.sh SUBCOMMAND [--name NAME] ...
  up [--hosts N] [--port-base PORT] [--shape "netem args"|none]   build or repair the lab (default 2 hosts, 2221)
     [--vm N] [--cpu MODEL,MODEL...]    also N QEMU guests NAME-vm1.. (Debian 12's kernel; --hosts 0: guests only)
  vm-image                              build the guests' image (cached by its recipe's hash) and nothing else
  down                                  remove everything the lab made
  status [--json]                       hosts, ports, sshd; exit 0 healthy, 3 not running or not healthy
  cut HOST | heal HOST                  take a host's link on the lab bridge down / up
  shape HOST|all "netem args"|none      change link shaping
  route IP HOST                         route a container IP (/32) via HOST in the router
  exec HOST -- CMD...                   run a command on a host
  sshd-stop HOST | sshd-start HOST      kill / start a host's sshd
  container HOST NAME WORKLOAD [--ip A.B.C.D] [-- ARGS...]
                                        start a runc container (counter, memory, tcp-server, httpd, unix, sleep)
  ctnet HOST NAME IP|--delete           make (or remove) a container's network namespace on a host
faults (each undone by its pair, and all of them by up):
  client-cut HOST | client-heal HOST    drop / restore the client's link to HOST (127.0.0.1:PORT)
  crash HOST | boot HOST                kill every process of HOST as a power cut / start it again
  fill HOST PATH | unfill HOST PATH     make PATH on HOST a full disk (a copy of it) / write back, free
--name NAME (default ferry) selects the lab; state lives in $LAB_ROOT/NAME.
EOF
}

main() {
  local args=() name=ferry
  # --name may come anywhere before a `--` (after which arguments belong to a command).
  while [ $# -gt 0 ]; do
    case $1 in
      --name) name=${2:?--name needs a value}; shift 2 ;;
      --name=*) name=${1#--name=}; shift ;;
      --) args+=("$@"); break ;;
      *) args+=("$1"); shift ;;
    esac
  done
  set -- "${args[@]+"${args[@]}"}"
  local cmd=${1:-}
  [ -n "$cmd" ] || { usage; exit 1; }
  shift
  case $cmd in -h | --help | help) usage; exit 0 ;; esac
  require_linux_root
  set_lab "$name"
  case $cmd in
    up) cmd_up "$@" ;;
    vm-image) vm_image; say "VM guest image: $VM_IMAGE" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    cut) cmd_link down "$@" ;;
    heal) cmd_link up "$@" ;;
    shape) cmd_shape "$@" ;;
    route) cmd_route "$@" ;;
    exec) cmd_exec "$@" ;;
    sshd-stop) cmd_sshd_stop "$@" ;;
    sshd-start) cmd_sshd_start "$@" ;;
    container) cmd_container "$@" ;;
    ctnet) cmd_ctnet "$@" ;;
    client-cut) cmd_client cut "$@" ;;
    client-heal) cmd_client heal "$@" ;;
    crash) cmd_crash "$@" ;;
    boot) cmd_boot "$@" ;;
    fill) cmd_fill fill "$@" ;;
    unfill) cmd_fill unfill "$@" ;;
    *) usage >&2; die "unknown subcommand '$cmd'" ;;
  esac
}

main "$@"
