#!/usr/bin/env bash
# Benchmarks/libvirt/run.sh -- libvirt's RTM_SETLINK Associate to IFLA_PORT_RESPONSE success over veth (a
# benchmark, not a test).
#
#     [vdlsN-X] vsN ---- vbN [vdlbN-X]      the station in vdlsN-X, the bridge in vdlbN-X
#
# Four station/bridge pairs, each in namespaces of its own: vdpd standing in for lldpad (lldpad-compatible = on)
# or lldpad's own station, against `vdpctl bridge` or lldpad in bridge role. For each, libvirt.py (in the
# station's namespace) sends COUNT Associates of new VSIs to the station's netlink port, as libvirt builds them,
# and times each from the request sent to IFLA_PORT_RESPONSE success read, twice: polling the status every
# 125 ms as libvirt does (what a libvirt user waits), and every 1 ms (when the station has the answer). Each VSI
# is de-associated before the next (not timed). `vdpctl bridge` runs with its per-station bounds and new-VSI rate
# raised out of the way. Output: results.txt and the logs in $OUT.
#
# Environment:
#   VDPD=path VDPCTL=path  the binaries (default: <package>/.build/release/{vdpd,vdpctl})
#   OUT=dir                output directory (default: a new /tmp/vdp-libvirt.XXXXXX)
#   COUNT=50 RKA=20        Associates per pair and polling interval; the keep-alive exponent of both ends
# Requirements: root, iproute2, python3; lldpad, unshare and stdbuf for the lldpad pairs.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
VDPD=${VDPD:-$root/.build/release/vdpd}
VDPCTL=${VDPCTL:-$root/.build/release/vdpctl}
OUT=${OUT:-$(mktemp -d /tmp/vdp-libvirt.XXXXXX)}
COUNT=${COUNT:-50}
RKA=${RKA:-20}
lldpad=$(command -v lldpad || echo /usr/sbin/lldpad)
mkdir -p "$OUT"
: >"$OUT/results.txt"
suffix=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
pids=()
namespaces=()

cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    for namespace in "${namespaces[@]}"; do ip netns del "$namespace" 2>/dev/null; done
}
trap cleanup EXIT

# lldpad_conf INTERFACE ROLE FILE: lldpad's configuration for one interface in station or bridge role.
lldpad_conf() {
    local rr=false
    [ "$2" = bridge ] && rr=true
    printf '%s\n' 'dcbx : { version = "1.0"; dcbx_version = 2; };' "nearest_customer_bridge : { $1 : {" \
        '  adminStatus = 3;' "  tlvid0080c20d : { enableTx = true; evbmode = \"$2\"; evbrrcap = $rr;" \
        "    evbrrreq = true; evbgpid = true; ecpretries = 3; ecprte = 8; vdprwd = 14; vdprka = $RKA; };" \
        '}; };' >"$3"
}

# start_lldpad NAMESPACE CONF LOG: lldpad with its own /dev/shm and no pid file, as the interop tests start it;
# sets $started (its pid: ip netns exec, unshare and sh exec it in turn).
start_lldpad() {
    ip netns exec "$1" unshare -m --propagation private /bin/sh -c \
        "mount -t tmpfs lldpad-shm /dev/shm && exec stdbuf -oL $lldpad -p -V 7 -f $2" >"$3" 2>&1 &
    started=$!
    pids+=($started)
}

# pair N STATION BRIDGE: one measured pair (STATION vdpd|lldpad, BRIDGE ours|lldpad).
pair() {
    local n=$1 station=$2 bridge=$3 label="$2-station-$3-bridge"
    local st=vdls$n-$suffix br=vdlb$n-$suffix
    ip netns add "$st" && ip netns add "$br" || exit 1
    namespaces+=("$st" "$br")
    ip link add "vs$n" netns "$st" type veth peer name "vb$n" netns "$br"
    ip -n "$st" link set "vs$n" up && ip -n "$br" link set "vb$n" up
    ip -n "$st" link set lo up && ip -n "$br" link set lo up
    sleep 1
    if [ "$bridge" = ours ]; then
        ip netns exec "$br" "$VDPCTL" bridge -i "vb$n" --json --rka "$RKA" --log-rate 1000000 \
            --log-total-rate 1000000 --max-vsis 1000000 --max-vsis-per-station 1000000 \
            --new-vsis-per-second 1000000 --new-vsi-burst 1000000 >"$OUT/bridge-$label.log" 2>&1 &
        pids+=($!)
    else
        lldpad_conf "vb$n" bridge "$OUT/lldpad-bridge-$label.conf"
        start_lldpad "$br" "$OUT/lldpad-bridge-$label.conf" "$OUT/lldpad-bridge-$label.log"
    fi
    local pid
    if [ "$station" = vdpd ]; then
        mkdir -p "$OUT/state-$label"
        printf '%s\n' "state-directory = $OUT/state-$label" "control-socket = $OUT/control-$label.sock" \
            "log-format = json" "lldpad-compatible = on" "lldpad-pid-file = $OUT/lldpad-$label.pid" \
            "[interface vs$n]" "rka = $RKA" "rwd = 14" >"$OUT/vdpd-$label.conf"
        ip netns exec "$st" "$VDPD" --config "$OUT/vdpd-$label.conf" >"$OUT/vdpd-$label.log" 2>&1 &
        pid=$!
        pids+=($pid)
    else
        lldpad_conf "vs$n" station "$OUT/lldpad-station-$label.conf"
        start_lldpad "$st" "$OUT/lldpad-station-$label.conf" "$OUT/lldpad-station-$label.log"
        pid=$started
    fi
    # Ready when one Associate succeeds (EVB negotiated, VDP started on both ends), within 60 s.
    local deadline=$(($(date +%s) + 60)) ready=
    while [ "$(date +%s)" -lt "$deadline" ]; do
        read -r _ _ _ failures < <(ip netns exec "$st" python3 "$here/libvirt.py" "$pid" "vs$n" 1 100 2>/dev/null)
        if [ "${failures:-1}" = 0 ]; then ready=1; break; fi
        sleep 1
    done
    if [ -z "$ready" ]; then
        echo "$label: no Associate succeeded within 60 s" >>"$OUT/results.txt"
    else
        for interval in 125 1; do
            read -r median p99 max failures < <(ip netns exec "$st" nice -n 0 python3 "$here/libvirt.py" "$pid" \
                "vs$n" "$COUNT" "$interval")
            echo "$label, status polled every $interval ms: $COUNT Associates, request to success: median $median ms, p99 $p99 ms, max $max ms; $failures failed" >>"$OUT/results.txt"
        done
    fi
    kill -TERM "$pid" 2>/dev/null
}

pair 1 vdpd ours
if [ -x "$lldpad" ] && command -v unshare >/dev/null && command -v stdbuf >/dev/null; then
    pair 2 vdpd lldpad
    pair 3 lldpad lldpad
    pair 4 lldpad ours
else
    echo "lldpad pairs: skipped, lldpad, unshare or stdbuf missing" >>"$OUT/results.txt"
fi
cat "$OUT/results.txt"
echo "logs in $OUT"
