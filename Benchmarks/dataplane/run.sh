#!/usr/bin/env bash
# The data-plane benchmark, by hand (root; openvswitch-switch, tcpdump, python3, iproute2):
#   Benchmarks/dataplane/run.sh [VMS] [BULK]     (defaults 1000 and 10000)
# In network namespaces it creates (and removes): a hypervisor (the station port, vdpctl station driven through a
# command file, probe frames from probe.py), an NVE (Open vSwitch with its own run directory, one kernel VXLAN
# device per VN, vdpctl bridge --ovs-bridge) and the NVE's underlay peer. It prints:
#  1. Associate to first forwarded packet: VMS VMs associated one after another, each sending probe frames with
#     its VID and MAC every 0.1 ms from before its Associate until one is forwarded; per VM, the time from the
#     Associate on the wire
#     (capture on the NVE's station port) to its first probe leaving into the VN (capture on the VXLAN device):
#     median and p99.
#  2. BULK VSIs associated at once (one batch of Associates, over 100 VNs): the time until the station has every
#     answer (each answer is sent only once the VSI's rules are installed), the rules installed, and the bridge's
#     data-plane counters.
# vdpctl: $VDPCTL, else .build/release/vdpctl (swift build -c release --product vdpctl).
set -euo pipefail
cd "$(dirname "$0")/../.."
VMS=${1:-1000}
BULK=${2:-10000}
VDPCTL=${VDPCTL:-$PWD/.build/release/vdpctl}
PROBE=$PWD/Benchmarks/dataplane/probe.py
[ -x "$VDPCTL" ] || { echo "build vdpctl first: swift build -c release --product vdpctl" >&2; exit 2; }
S=dp$(printf '%04x' $((RANDOM)))
R=$(mktemp -d /tmp/vdp-dataplane-XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pidfile in "$R"/*.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
    sleep 0.5
    for n in hv nv ul; do ip netns del "$S$n" 2>/dev/null || true; done
    [ "${KEEP:-0}" = 1 ] && echo "kept $R" || rm -rf "$R"
}
trap cleanup EXIT
for n in hv nv ul; do
    ip netns add "$S$n"
    ip -n "$S$n" link set lo up
    ip netns exec "$S$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add hvup netns "${S}hv" type veth peer name nvst netns "${S}nv"
ip link add ul netns "${S}nv" type veth peer name ul netns "${S}ul"
ip -n "${S}hv" link set hvup up; ip -n "${S}nv" link set nvst up
ip -n "${S}nv" link set ul up; ip -n "${S}ul" link set ul up
ip -n "${S}nv" addr add 10.88.0.1/24 dev ul; ip -n "${S}ul" addr add 10.88.0.2/24 dev ul
PORTS=""
for vn in $(seq 5001 5100); do
    ip -n "${S}nv" link add "vx$vn" type vxlan id "$vn" local 10.88.0.1 remote 10.88.0.2 dstport 4789 dev ul
    ip -n "${S}nv" link set "vx$vn" up
    PORTS="$PORTS -- add-port brn vx$vn"
done
# Open vSwitch in the NVE's namespace, in its own run directory; stopped by PID on exit.
ovsdb-tool create "$R/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ip netns exec "${S}nv" ovsdb-server "$R/conf.db" --remote="punix:$R/db.sock" --pidfile="$R/ovsdb-server.pid" \
    --unixctl="$R/ovsdb-server.ctl" --log-file="$R/ovsdb-server.log" --detach --no-chdir
VSCTL="ovs-vsctl --db=unix:$R/db.sock"
$VSCTL --no-wait init
ip netns exec "${S}nv" env OVS_RUNDIR="$R" ovs-vswitchd "unix:$R/db.sock" --disable-system \
    --pidfile="$R/ovs-vswitchd.pid" --unixctl="$R/ovs-vswitchd.ctl" --log-file="$R/ovs-vswitchd.log" \
    --detach --no-chdir
# shellcheck disable=SC2086
$VSCTL add-br brn -- set bridge brn datapath_type=netdev -- add-port brn nvst $PORTS
TARGET="unix:$R/brn.mgmt"
until ovs-ofctl show "$TARGET" >/dev/null 2>&1; do sleep 0.1; done

ip netns exec "${S}nv" tcpdump -i nvst -s 128 -w "$R/station.pcap" -U 'ether proto 0x8940' 2>/dev/null &
PIDS+=($!)
ip netns exec "${S}nv" tcpdump -i vx5001 -s 64 -w "$R/vxlan.pcap" -U 2>/dev/null &
PIDS+=($!)
ip netns exec "${S}nv" "$VDPCTL" bridge -i nvst --json --rte 10 --vid-range 100-1099 \
    --ovs-bridge brn --ovs-target "$TARGET" \
    --max-vsis 100000 --max-vsis-per-station 100000 --max-pending-decisions 100000 \
    --max-pending-decisions-per-station 100000 --new-vsis-per-second 100000 --new-vsi-burst 100000 \
    --max-queued-responses 100000 --max-queued-responses-per-station 100000 \
    > "$R/bridge.log" 2>"$R/bridge.err" &
BRIDGE=$!
PIDS+=($BRIDGE)
: > "$R/commands"
ip netns exec "${S}hv" "$VDPCTL" station -i hvup --json --rte 10 --commands "$R/commands" \
    --log-rate 1000000 --log-total-rate 1000000 > "$R/station.log" 2>"$R/station.err" &
PIDS+=($!)
until grep -Eq "\"kind\": ?\"evb\"" "$R/station.log" 2>/dev/null; do sleep 0.1; done
sleep 1

echo "== 1. Associate to first forwarded packet, $VMS VMs one after another"
ip netns exec "${S}hv" python3 "$PROBE" associate-latency hvup "$R/commands" "$R/station.log" "$VMS" 100 5001 \
    "${S}nv" vx5001
sleep 1
python3 "$PROBE" analyse "$R/station.pcap" "$R/vxlan.pcap" "$VMS"

echo "== 2. $BULK VSIs associated at once over 100 VNs"
BEFORE=$(ovs-ofctl -O OpenFlow14 dump-flows "$TARGET" | grep -c cookie= || true)
SECONDS_TAKEN=$(python3 "$PROBE" bulk "$R/commands" "$R/station.log" $((VMS + 1)) "$BULK" 100 $((VMS + 1)))
AFTER=$(ovs-ofctl -O OpenFlow14 dump-flows "$TARGET" | grep -c cookie= || true)
FAILED=$(grep -E "\"kind\": ?\"batch\"" "$R/station.log" | tail -1)
echo "all answered after ${SECONDS_TAKEN} s (from writing the batch; the station reads its file every 20 ms)"
echo "rules: $BEFORE before, $AFTER after ($((AFTER - BEFORE)) installed)"
echo "station: $FAILED"
kill -TERM "$BRIDGE"; wait "$BRIDGE" 2>/dev/null || true
grep -o 'data plane DataPlaneCounters[^"]*' "$R/bridge.log" | tail -1
