# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Lab identity: everything a lab owns is named after --name, so two labs never share a thing.
# ---------------------------------------------------------------------------------------------
NAME=ferry
set_lab() {
  NAME=$1
  [[ $NAME =~ ^[a-z][a-z0-9]{0,11}$ ]] ||
    die "lab name '$NAME' is not valid: use 1-12 lower-case letters or digits, starting with a letter (e.g. --name flt)."
  DIR=$LAB_ROOT/$NAME
  ROUTER_NS=$NAME-lab
  CG_ROOT=ferry-lab-$NAME
  LOCK_FILE=/run/ferry-lab-$NAME.lock
}

host_name() { echo "$NAME-${HOST_LETTERS[$1]}"; }
host_dir() { echo "$DIR/hosts/$(host_name "$1")"; }
host_addr() { echo "$LAB_SUBNET.$((FIRST_HOST_OCTET + $1))"; }
host_port() { echo $((PORT_BASE + $1)); }
router_veth() { echo "veth-${HOST_LETTERS[$1]}"; }

# Lab settings (hosts, port base, default shape) live in lab.env so every subcommand sees the same lab.
load_settings() {
  [ -f "$DIR/lab.env" ] || return 1
  VMS=0
  VM_CPUS=$VM_DEFAULT_CPU
  # shellcheck disable=SC1091
  . "$DIR/lab.env"
}

save_settings() {
  printf 'HOSTS=%q\nPORT_BASE=%q\nSHAPE=%q\nVMS=%q\nVM_CPUS=%q\n' "$HOSTS" "$PORT_BASE" "$SHAPE" "${VMS:-0}" "${VM_CPUS:-$VM_DEFAULT_CPU}" >"$DIR/lab.env"
}

require_settings() {
  load_settings || die "lab $NAME is not running: start it with 'lab.sh up --name $NAME'."
}

# HOST may be given as the full name (ferry-b), the letter (b) or the index (1).
resolve_host() {
  local arg=$1 i
  for ((i = 0; i < HOSTS; i++)); do
    if [ "$arg" = "$(host_name "$i")" ] || [ "$arg" = "${HOST_LETTERS[$i]}" ] || [ "$arg" = "$i" ]; then
      echo "$i"
      return 0
    fi
  done
  die "no host '$arg' in lab $NAME; its hosts are: $(all_host_names)$(vm_names_suffix)."
}

all_host_names() {
  local i out=()
  for ((i = 0; i < HOSTS; i++)); do out+=("$(host_name "$i")"); done
  echo "${out[*]}"
}

# ", ferry-vm1, ferry-vm2" when the lab has guests (for messages listing the hosts).
vm_names_suffix() {
  local j
  for ((j = 0; j < ${VMS:-0}; j++)); do printf ', %s' "$(vm_name "$j")"; done
}
