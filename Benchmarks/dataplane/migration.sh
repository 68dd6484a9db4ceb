#!/usr/bin/env bash
# Migration downtime seen by a VM's ping, by hand (root; openvswitch-switch, iputils-ping, python3, iproute2):
#   Benchmarks/dataplane/migration.sh [RUNS]     (default 5)
# Two hypervisors (their own Open vSwitch, sending every VM frame up tagged with its VID: VEPA), two NVEs
# (vdpctl bridge --ovs-bridge --ovs-hairpin, a kernel VXLAN device for VN 5001) on a VXLAN underlay. VM 1 on
# hypervisor 1 pings VM 2 every 10 ms while VM 2 moves from hypervisor 2 to hypervisor 1 and back, RUNS times:
# pre-associate with M on the destination, associate with S on the source (the VM stops there), the VM's
# interface moves (its twin on the destination comes up), associate with M on the destination, de-associate on
# the source. Prints, per move, the longest gap between two replies (the downtime), which includes the driver's
# steps (vdpctl station reads its command file every 20 ms and each step waits for the previous answer).
# vdpctl: $VDPCTL, else .build/release/vdpctl.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
VDPCTL=${VDPCTL:-$PWD/.build/release/vdpctl}
[ -x "$VDPCTL" ] || { echo "build vdpctl first: swift build -c release --product vdpctl" >&2; exit 2; }
S=dm$(printf '%04x' $((RANDOM)))
R=$(mktemp -d /tmp/vdp-migration-XXXXXX)
PIDS=()
NAMESPACES="hv1 hv2 nv1 nv2 vm1 vm2 vm2b"
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pidfile in "$R"/*/*.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
    sleep 0.5
    for n in $NAMESPACES; do ip netns del "$S$n" 2>/dev/null || true; done
    [ "${KEEP:-0}" = 1 ] && echo "kept $R" || rm -rf "$R"
}
trap cleanup EXIT
for n in $NAMESPACES; do
    ip netns add "$S$n"
    ip -n "$S$n" link set lo up
    ip netns exec "$S$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
veth() { ip link add "$2" netns "$S$1" type veth peer name "$4" netns "$S$3"; ip -n "$S$1" link set "$2" up; ip -n "$S$3" link set "$4" up; }
veth hv1 hvup nv1 nvst
veth hv2 hvup nv2 nvst
veth nv1 ul nv2 ul
veth vm1 eth0 hv1 vm1
veth vm2 eth0 hv2 vm2
veth vm2b eth0 hv1 vm2b
for n in 1 2; do
    ip -n "${S}nv$n" addr add "10.99.0.$n/24" dev ul
    ip -n "${S}nv$n" link add vx5001 type vxlan id 5001 local "10.99.0.$n" remote "10.99.0.$((3 - n))" dstport 4789 dev ul
    ip -n "${S}nv$n" link set vx5001 up
done
ip -n "${S}vm1" addr add 192.168.99.1/24 dev eth0
for vm in vm2 vm2b; do
    ip -n "$S$vm" link set eth0 address 52:54:00:99:00:02
    ip -n "$S$vm" addr add 192.168.99.2/24 dev eth0
done
ip -n "${S}vm1" link set eth0 address 52:54:00:99:00:01
ip -n "${S}vm2b" link set eth0 down
ovs() { # namespace
    local D=$R/$1; mkdir -p "$D"
    ovsdb-tool create "$D/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    ip netns exec "$S$1" ovsdb-server "$D/conf.db" --remote="punix:$D/db.sock" --pidfile="$D/ovsdb-server.pid" \
        --unixctl="$D/ovsdb-server.ctl" --log-file="$D/ovsdb-server.log" --detach --no-chdir
    ovs-vsctl --db="unix:$D/db.sock" --no-wait init
    ip netns exec "$S$1" env OVS_RUNDIR="$D" ovs-vswitchd "unix:$D/db.sock" --disable-system \
        --pidfile="$D/ovs-vswitchd.pid" --unixctl="$D/ovs-vswitchd.ctl" --log-file="$D/ovs-vswitchd.log" \
        --detach --no-chdir
}
for n in hv1 hv2 nv1 nv2; do ovs $n; done
vs() { ovs-vsctl --db="unix:$R/$1/db.sock" "${@:2}"; }
vs nv1 add-br brn -- set bridge brn datapath_type=netdev -- add-port brn nvst -- add-port brn vx5001
vs nv2 add-br brn -- set bridge brn datapath_type=netdev -- add-port brn nvst -- add-port brn vx5001
vs hv1 add-br brh -- set bridge brh datapath_type=netdev -- add-port brh hvup -- add-port brh vm1 -- add-port brh vm2b
vs hv2 add-br brh -- set bridge brh datapath_type=netdev -- add-port brh hvup -- add-port brh vm2
for n in hv1 hv2 nv1 nv2; do
    until ovs-ofctl show "unix:$R/$n/br$([ ${n:0:2} = hv ] && echo h || echo n).mgmt" >/dev/null 2>&1; do sleep 0.1; done
done
# Hypervisor flows (VEPA): every VM frame goes up tagged with VID 100; what comes down with VID 100 goes to
# the VMs that run there.
hvflows() { # hypervisor, VM ports
    local h=$1; shift
    {
        echo "priority=0,actions=drop"
        local out=""
        for p in "$@"; do echo "priority=100,in_port=$p,actions=mod_vlan_vid:100,output:hvup"; out="$out,output:$p"; done
        if [ -n "$out" ]; then echo "priority=100,in_port=hvup,dl_vlan=100,actions=strip_vlan$out"; fi
    } | ovs-ofctl -O OpenFlow14 replace-flows "unix:$R/$h/brh.mgmt" -
}
for n in 1 2; do
    ip netns exec "${S}nv$n" "$VDPCTL" bridge -i nvst --json --rte 10 --vid-range 100-199 --ovs-bridge brn \
        --ovs-target "unix:$R/nv$n/brn.mgmt" --ovs-hairpin > "$R/bridge$n.log" 2>&1 &
    PIDS+=($!)
    : > "$R/commands$n"
    ip netns exec "${S}hv$n" "$VDPCTL" station -i hvup --json --rte 10 --commands "$R/commands$n" \
        > "$R/station$n.log" 2>&1 &
    PIDS+=($!)
done
for n in 1 2; do until grep -Eq '"kind": ?"evb"' "$R/station$n.log"; do sleep 0.1; done; done
BATCH1=0; BATCH2=0
step() { # hypervisor, command
    local n=$1; shift
    printf '%s\n\n' "$*" >> "$R/commands$n"
    local var=BATCH$n; local b=$(( ${!var} + 1 )); eval "$var=$b"
    until grep -Eq "\"batch\": ?$b[,}]" "$R/station$n.log"; do sleep 0.005; done
}
VM() { echo "mgrid=mig typeid=1 typeidver=1 uuid=d0000000-0000-4000-8000-00000000000$1 filter=100-52:54:00:99:00:0$1-5001"; }
step 1 "mode=assoc $(VM 1)"
step 2 "mode=assoc $(VM 2)"
hvflows hv1 vm1
hvflows hv2 vm2
until ip netns exec "${S}vm1" ping -c 1 -W 1 192.168.99.2 >/dev/null; do sleep 0.2; done
ip netns exec "${S}vm1" ping -D -i 0.01 -W 1 192.168.99.2 > "$R/ping.txt" 2>&1 &
PING=$!
PIDS+=($PING)
sleep 1
here=2; there=1; oldvm=vm2; newvm=vm2b
for run in $(seq 1 "$RUNS"); do
    date +%s.%N > "$R/move$run.start"
    step $there "mode=preassoc hints=to $(VM 2)"
    step $here "mode=assoc hints=from $(VM 2)"
    ip -n "$S$oldvm" link set eth0 down
    if [ $here = 2 ]; then hvflows hv2; hvflows hv1 vm1 vm2b; else hvflows hv1 vm1; hvflows hv2 vm2; fi
    ip -n "$S$newvm" link set eth0 up
    step $there "mode=assoc hints=to $(VM 2)"
    step $here "mode=deassoc $(VM 2)"
    date +%s.%N > "$R/move$run.end"
    sleep 2
    t=$here; here=$there; there=$t; t=$oldvm; oldvm=$newvm; newvm=$t
done
kill "$PING"; sleep 0.2
python3 - "$R" "$RUNS" <<'PY'
import re, sys
root, runs = sys.argv[1], int(sys.argv[2])
replies = [float(m.group(1)) for m in (re.match(r"\[(\d+\.\d+)\].*bytes from", l) for l in open(f"{root}/ping.txt")) if m]
gaps = []
for run in range(1, runs + 1):
    start = float(open(f"{root}/move{run}.start").read()); end = float(open(f"{root}/move{run}.end").read())
    window = [t for t in replies if start - 0.5 <= t <= end + 1.5]
    gap = max((b - a for a, b in zip(window, window[1:])), default=float("nan"))
    gaps.append(gap * 1000)
    print(f"move {run}: longest gap between replies {gap * 1000:.0f} ms; the driver's steps took {(end - start) * 1000:.0f} ms")
gaps.sort()
print(f"downtime over {runs} moves: median {gaps[len(gaps) // 2]:.0f} ms, max {gaps[-1]:.0f} ms")
PY
