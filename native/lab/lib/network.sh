# shellcheck shell=bash disable=SC2034
# (SC2034: globals set here are read in the other files of the lab.)
# Part of native/lab/lab.sh, which sources it: its constants and say, warn, die are defined there.
# ---------------------------------------------------------------------------------------------
# Network: router namespace with br0; one veth per host (router side veth-x on br0, host side eth0).
# Everything is created inside the lab's namespaces: the machine's own interfaces are never touched.
# ---------------------------------------------------------------------------------------------
setup_router() {
  ip netns add "$ROUTER_NS"
  ip -n "$ROUTER_NS" link set lo up
  ip -n "$ROUTER_NS" link add br0 type bridge
  ip -n "$ROUTER_NS" addr add "$ROUTER_ADDR/24" dev br0
  ip -n "$ROUTER_NS" link set br0 up
  # The router forwards to container /32 routes. It must not send ICMP redirects: hosts would
  # cache "go straight to host A" and keep using it after the container has moved.
  in_netns "$ROUTER_NS" sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
    net.ipv4.conf.default.send_redirects=0 net.ipv4.conf.br0.send_redirects=0
  # The hosts' address hook moves routes in the router: they see its namespace here (their /run/netns is their own).
  : >"$DIR/router-netns"
  mount --bind "/run/netns/$ROUTER_NS" "$DIR/router-netns"
}

# Ferry's address hook on host I (/var/lib/ferry/hooks/address, see README "Addresses"): the lab is a
# routed network, so "take" routes the container's addresses to this host in the router.
write_address_hook() {
  local i=$1 hook
  hook=$(host_dir "$i")/var-lib-ferry/hooks/address
  mkdir -p "${hook%/*}"
  cat >"$hook" <<EOF
#!/bin/sh
# The demo lab's address hook for $(host_name "$i"): Ferry runs 'address take CONTAINER ADDRESS...' here once
# the container runs on this host, before it takes traffic. Anything else is not the lab's business.
[ "\$1" = take ] || exit 0
shift 2
for a; do nsenter --net=$DIR/router-netns ip route replace "\$a/32" via $(host_addr "$i") || exit 1; done
EOF
  chmod 755 "$hook"
}

setup_host_net() {
  local i=$1 ns addr veth
  ns=$(host_name "$i")
  addr=$(host_addr "$i")
  veth=$(router_veth "$i")
  ip netns add "$ns"
  ip -n "$ROUTER_NS" link add "$veth" type veth peer name eth0 netns "$ns"
  ip -n "$ROUTER_NS" link set "$veth" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$ROUTER_ADDR"
  # Hosts forward to the containers they run (stable IPs) and ignore redirects (see setup_router).
  in_netns "$ns" sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.all.accept_redirects=0 \
    net.ipv4.conf.default.accept_redirects=0 net.ipv4.conf.all.send_redirects=0 \
    net.ipv4.neigh.eth0.proxy_delay=0
}

# Shapes both ends of a host's link (host NIC egress and bridge port egress), like a switched LAN:
# a packet from host A to host B crosses two links, so it sees the delay twice. The spec is netem's
# ("rate 1gbit delay 0.1ms"). Kernels without netem (CONFIG_NET_SCH_NETEM, e.g. this machine's)
# get the rate alone through tbf, and a warning that delay, loss and the rest are not emulated.
apply_shape() {
  local i=$1 spec=$2 qdisc=()
  if [ "$spec" = none ]; then
    # Ignored on purpose: A link without a qdisc has nothing to delete.
    tc -n "$(host_name "$i")" qdisc del dev eth0 root 2>/dev/null || true
    # Ignored on purpose: Same on the router side.
    tc -n "$ROUTER_NS" qdisc del dev "$(router_veth "$i")" root 2>/dev/null || true
    echo "none" >"$(host_dir "$i")/shape"
    return 0
  fi
  shape_qdisc "$spec"
  qdisc=("${QDISC[@]+"${QDISC[@]}"}")
  if [ ${#qdisc[@]} -eq 0 ]; then
    # Ignored on purpose: A link without a qdisc has nothing to delete.
    tc -n "$(host_name "$i")" qdisc del dev eth0 root 2>/dev/null || true
    # Ignored on purpose: Same on the router side.
    tc -n "$ROUTER_NS" qdisc del dev "$(router_veth "$i")" root 2>/dev/null || true
  else
    tc -n "$(host_name "$i")" qdisc replace dev eth0 root "${qdisc[@]}" ||
      die "tc rejected '$spec' (as: ${qdisc[*]}); see 'man tc-netem', e.g. \"rate 1gbit delay 0.1ms\""
    tc -n "$ROUTER_NS" qdisc replace dev "$(router_veth "$i")" root "${qdisc[@]}"
  fi
  echo "$spec${qdisc[0]:+ ($(shape_note "${qdisc[@]}"))}" >"$(host_dir "$i")/shape"
  [ ${#qdisc[@]} -gt 0 ] || echo "$spec (not applied: no netem and no rate)" >"$(host_dir "$i")/shape"
}

shape_note() { [ "$1" = netem ] && echo netem || echo "tbf, no netem in this kernel"; }

NETEM=""
netem_available() {
  if [ -z "$NETEM" ]; then
    NETEM=no
    # Ignored on purpose: This probes for netem: the kernel refusing it is the answer (no netem here), not an error.
    if tc -n "$ROUTER_NS" qdisc add dev lo root netem 2>/dev/null; then
      NETEM=yes
      # Ignored on purpose: The probe qdisc is removed; if it is already gone, nothing was left.
      tc -n "$ROUTER_NS" qdisc del dev lo root 2>/dev/null || true
    fi
  fi
  [ "$NETEM" = yes ]
}

# Sets QDISC to the qdisc (kind and arguments) that realises a netem spec here; empty if none can.
QDISC=()
shape_qdisc() {
  local spec=$1 words rate="" w ignored=()
  QDISC=()
  if netem_available; then
    read -ra QDISC <<<"netem $spec"
    return 0
  fi
  read -ra words <<<"$spec"
  for ((w = 0; w < ${#words[@]}; w++)); do
    if [ "${words[$w]}" = rate ] && [ $((w + 1)) -lt ${#words[@]} ]; then
      rate=${words[$((w + 1))]}
      w=$((w + 1))
    else
      ignored+=("${words[$w]}")
    fi
  done
  [ ${#ignored[@]} -eq 0 ] || [ -n "${SHAPE_WARNED:-}" ] ||
    warn "this kernel has no netem qdisc (CONFIG_NET_SCH_NETEM): '${ignored[*]}' is not emulated${rate:+, links get only the rate $rate (tbf)}"
  SHAPE_WARNED=1
  # Burst: veth hands tbf GSO packets of up to 64 KiB. At 1gbit, scp-like traffic between two hosts
  # measured 100 MiB/s with a 1 MB burst, 82 MiB/s with 256 KB (2026-11-23, this machine).
  [ -z "$rate" ] || QDISC=(tbf rate "$rate" burst 1mb latency 5ms)
}

link_state() { # up | cut | missing
  local flags
  # Ignored on purpose: No such link: reported as missing.
  flags=$(ip -n "$ROUTER_NS" -o link show "$(router_veth "$1")" 2>/dev/null) || { echo missing; return; }
  case $flags in *"<"*UP*">"*) echo up ;; *) echo cut ;; esac
}
