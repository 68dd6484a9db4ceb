#!/usr/bin/env bash
# Benchmarks/daemon/run.sh -- vdpd against `vdpctl bridge` over a veth pair, measured (a benchmark, not a test).
#
#     [vdst-X] vs0 ---- vb0 [vdbr-X]      vdpd in vdst-X, `vdpctl bridge -i vb0` in vdbr-X
#
# The wanted VSIs are written into vdpd's state file before it starts (null VIDs; the bridge picks them), so
# every figure is about the daemon bringing the bridge to what its clients want:
#   restart   $RESTART_VSIS wanted: vdpd starts, all associated; kill -9; vdpd starts again: the time from the
#             second start to the last VSI associated again (its event log's `result` lines, monotonic clock)
#   flap      the same VSIs: `ip link set vs0 down` for $FLAP_SECONDS (longer than the keep-alive timeout at
#             RKA $RKA: the bridge ages every VSI out), then up: the time from `up` to the last VSI associated
#   memory    $MEMORY_VSIS wanted, all on VID 100 (the bridge's pool holds 4,093 VIDs), at RKA 20: once all are
#             associated, vdpd's VmRSS and VmHWM (/proc/PID/status), and the time from its start
#   latency   control-API associate to success: a fresh vdpd (empty state, RKA 20) and $LATENCY_REQUESTS
#             sequential `associate` requests for new VSIs on one control connection (latency.py, a small
#             Python client on the socket, so no process start-up is measured), each from the request written
#             to its response read; median, p99, max. Against `vdpctl bridge`, then (when lldpad is installed)
#             against lldpad in bridge role in namespaces of its own (vs1 -- vb1), as the interop tests run it.
# The bridge runs with its per-station bounds and new-VSI rate raised out of the way: this measures the daemon.
# Output: results.txt and the logs in $OUT.
#
# Environment:
#   VDPD=path VDPCTL=path  the binaries (default: <package>/.build/release/{vdpd,vdpctl})
#   OUT=dir                output directory (default: a new /tmp/vdp-daemon.XXXXXX)
#   RESTART_VSIS=1000 MEMORY_VSIS=10000 FLAP_SECONDS=5 RKA=14 LATENCY_REQUESTS=500
#   SECTIONS="restart flap memory latency"  the parts to run (flap needs restart's VSIs)
# Requirements: root, iproute2, python3; for the lldpad half of `latency`: lldpad, lldptool, unshare.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
VDPD=${VDPD:-$root/.build/release/vdpd}
VDPCTL=${VDPCTL:-$root/.build/release/vdpctl}
OUT=${OUT:-$(mktemp -d /tmp/vdp-daemon.XXXXXX)}
RESTART_VSIS=${RESTART_VSIS:-1000}
MEMORY_VSIS=${MEMORY_VSIS:-10000}
FLAP_SECONDS=${FLAP_SECONDS:-5}
RKA=${RKA:-14}
LATENCY_REQUESTS=${LATENCY_REQUESTS:-500}
SECTIONS=${SECTIONS:-restart flap memory latency}
want() { case " $SECTIONS " in *" $1 "*) return 0 ;; esac; return 1; }
mkdir -p "$OUT"
suffix=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
st=vdst-$suffix
br=vdbr-$suffix
st2=vdsl-$suffix
br2=vdbl-$suffix
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
    ip netns del "$st" 2>/dev/null
    ip netns del "$br" 2>/dev/null
    ip netns del "$st2" 2>/dev/null
    ip netns del "$br2" 2>/dev/null
}
trap cleanup EXIT

now() { python3 -c 'import time; print(f"{time.monotonic():.3f}")'; }

# wants N FILE [VID]: a state file with N wanted Associates on vs0, null VIDs (the bridge picks one per VSI, at
# most 4,093) or all with VID.
wants() {
    python3 - "$1" "$2" "${3:-0}" <<'EOF'
import json, sys
n, path, vid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
entries = []
for i in range(1, n + 1):
    mac = "52:54:%02x:%02x:%02x:%02x" % ((i >> 24) & 255, (i >> 16) & 255, (i >> 8) & 255, i & 255)
    entries.append({"operation": "associate", "sequence": i - 1, "vsi": {
        "managerID": "mgr1", "typeID": 100, "typeVersion": 1,
        "vsiID": {"format": 5, "value": "00000000-0000-0bbb-0000-%012x" % i},
        "filterInfo": {"format": 2, "entries": [{"mac": mac, "pcp": 0, "prioritySignificant": False, "vid": vid}]}}})
json.dump({"version": 1, "interfaces": {"vs0": entries}}, open(path, "w"))
EOF
}

# associated LOG [FROM_LINE]: the number of distinct VSIs the log reports associated (after line FROM_LINE).
associated() {
    python3 - "$1" "${2:-0}" <<'EOF'
import json, sys
seen = set()
with open(sys.argv[1]) as f:
    for number, line in enumerate(f):
        if number < int(sys.argv[2]):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("kind") == "result" and "associated" in record.get("text", "") and "vsi" in record:
            seen.add(record["vsi"])
print(len(seen))
EOF
}

# wait_associated LOG N [FROM_LINE] [TIMEOUT]: waits until N are associated; prints nothing, fails on timeout.
wait_associated() {
    local deadline=$(( $(date +%s) + ${4:-120} ))
    while [ "$(associated "$1" "${3:-0}")" -lt "$2" ]; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.05
    done
}

setup() {
    ip netns add "$st" && ip netns add "$br" || exit 1
    ip link add vs0 netns "$st" type veth peer name vb0 netns "$br"
    ip -n "$st" link set vs0 up && ip -n "$br" link set vb0 up && ip -n "$st" link set lo up
    sleep 1
    ip netns exec "$br" "$VDPCTL" bridge -i vb0 --json --rka "$RKA" --log-rate 1000000 --log-total-rate 1000000 \
        --max-vsis 1000000 --max-vsis-per-station 1000000 --new-vsis-per-second 1000000 --new-vsi-burst 1000000 \
        >"$OUT/bridge.log" 2>&1 &
    pids+=($!)
    mkdir -p "$OUT/state"
    cat >"$OUT/vdpd.conf" <<EOF
state-directory = $OUT/state
control-socket = $OUT/control.sock
log-format = json
log-rate = 1000000
log-total-rate = 1000000
[interface vs0]
rka = $RKA
EOF
}

start_vdpd() { # LOG
    ip netns exec "$st" "$VDPD" --config "$OUT/vdpd.conf" >"$1" 2>&1 &
    vdpd=$!
    pids+=($vdpd)
}

setup
: >"$OUT/results.txt"

# restart
if want restart; then
wants "$RESTART_VSIS" "$OUT/state/state.json"
start_vdpd "$OUT/vdpd-1.log"
wait_associated "$OUT/vdpd-1.log" "$RESTART_VSIS" || echo "first start: not all associated" >>"$OUT/results.txt"
kill -9 "$vdpd"; wait "$vdpd" 2>/dev/null
t0=$(now)
start_vdpd "$OUT/vdpd-2.log"
if wait_associated "$OUT/vdpd-2.log" "$RESTART_VSIS"; then
    t1=$(now)
    echo "restart: $RESTART_VSIS wanted VSIs associated again $(python3 -c "print(f'{$t1 - $t0:.2f}')") s after vdpd started again (kill -9 before)" >>"$OUT/results.txt"
else
    echo "restart: not all associated within 120 s" >>"$OUT/results.txt"
fi
fi

# flap
if want flap; then
lines=$(wc -l <"$OUT/vdpd-2.log")
ip -n "$st" link set vs0 down
sleep "$FLAP_SECONDS"
aged=$(grep -c 'aged out' "$OUT/bridge.log")
t0=$(now)
ip -n "$st" link set vs0 up
if wait_associated "$OUT/vdpd-2.log" "$RESTART_VSIS" "$lines"; then
    t1=$(now)
    echo "flap: $RESTART_VSIS wanted VSIs associated again $(python3 -c "print(f'{$t1 - $t0:.2f}')") s after the link came back (down $FLAP_SECONDS s; $aged aged out on the bridge)" >>"$OUT/results.txt"
else
    echo "flap: not all associated again within 120 s" >>"$OUT/results.txt"
fi
fi
[ -n "${vdpd:-}" ] && { kill -TERM "$vdpd"; wait "$vdpd" 2>/dev/null; }

# memory, at RKA 20 (a keep-alive every 10.5 s: at RKA 14, 10,000 VSIs would send 60,000 keep-alives a second)
if want memory; then
sed -i "s/^rka = .*/rka = 20/" "$OUT/vdpd.conf"
wants "$MEMORY_VSIS" "$OUT/state/state.json" 100
t0=$(now)
start_vdpd "$OUT/vdpd-3.log"
if wait_associated "$OUT/vdpd-3.log" "$MEMORY_VSIS" 0 300; then
    t1=$(now)
    sleep 2
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$vdpd/status")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$vdpd/status")
    echo "memory: $MEMORY_VSIS wanted VSIs associated in $(python3 -c "print(f'{$t1 - $t0:.2f}')") s; vdpd VmRSS $((rss / 1024)) MiB, VmHWM $((hwm / 1024)) MiB; state file $(($(stat -c %s "$OUT/state/state.json") / 1024)) KiB" >>"$OUT/results.txt"
else
    echo "memory: not all associated within 300 s" >>"$OUT/results.txt"
fi
kill -TERM "$vdpd"; wait "$vdpd" 2>/dev/null
fi

# latency_run LABEL INTERFACE: a fresh vdpd (empty state, RKA 20) on INTERFACE in $st_ns, its EVB negotiated, then
# latency.py; appends the figures to results.txt.
latency_run() {
    local label=$1 interface=$2 conf="$OUT/vdpd-$1.conf"
    rm -rf "$OUT/state-$label"
    mkdir -p "$OUT/state-$label"
    printf '%s\n' "state-directory = $OUT/state-$label" "control-socket = $OUT/control-$label.sock" \
        "log-format = json" "log-rate = 1000000" "log-total-rate = 1000000" "[interface $interface]" \
        "rka = 20" "rwd = 14" >"$conf"
    ip netns exec "$st_ns" "$VDPD" --config "$conf" >"$OUT/vdpd-$label.log" 2>&1 &
    vdpd=$!
    pids+=($vdpd)
    local deadline=$(($(date +%s) + 30))
    until grep -q '"kind":"evb"' "$OUT/vdpd-$label.log" 2>/dev/null; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "latency ($label): vdpd negotiated no EVB within 30 s" >>"$OUT/results.txt"
            kill -TERM "$vdpd"
            wait "$vdpd" 2>/dev/null
            return
        fi
        sleep 0.1
    done
    read -r median p99 max failures < <(python3 "$here/latency.py" "$OUT/control-$label.sock" "$interface" \
        "$LATENCY_REQUESTS")
    echo "latency ($label): $LATENCY_REQUESTS sequential control-API associates, request to success: median $median ms, p99 $p99 ms, max $max ms; $failures failed" >>"$OUT/results.txt"
    kill -TERM "$vdpd"
    wait "$vdpd" 2>/dev/null
}

if want latency; then
    st_ns=$st
    latency_run ours vs0
    lldpad=$(command -v lldpad || echo /usr/sbin/lldpad)
    if [ -x "$lldpad" ] && command -v lldptool >/dev/null && command -v unshare >/dev/null; then
        ip netns add "$st2" && ip netns add "$br2" || exit 1
        ip link add vs1 netns "$st2" type veth peer name vb1 netns "$br2"
        ip -n "$st2" link set vs1 up && ip -n "$br2" link set vb1 up
        ip -n "$st2" link set lo up && ip -n "$br2" link set lo up
        # lldpad in bridge role with its own /dev/shm, as the interop tests start it; -V 7 shows VDP starting.
        printf '%s\n' 'dcbx : { version = "1.0"; dcbx_version = 2; };' 'nearest_customer_bridge : { vb1 : {' \
            '  adminStatus = 3;' '  tlvid0080c20d : { enableTx = true; evbmode = "bridge"; evbrrcap = true;' \
            '    evbrrreq = true; evbgpid = true; ecpretries = 3; ecprte = 8; vdprwd = 14; vdprka = 20; };' \
            '}; };' >"$OUT/lldpad.conf"
        ip netns exec "$br2" unshare -m --propagation private /bin/sh -c \
            "mount -t tmpfs lldpad-shm /dev/shm && exec stdbuf -oL $lldpad -p -V 7 -f $OUT/lldpad.conf" \
            >"$OUT/lldpad.log" 2>&1 &
        pids+=($!)
        deadline=$(($(date +%s) + 20))
        until grep -q 'vdp22_start:vb1 start vdp' "$OUT/lldpad.log" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; do
            sleep 0.1
        done
        st_ns=$st2
        latency_run lldpad vs1
    else
        echo "latency (lldpad): skipped, lldpad, lldptool or unshare missing" >>"$OUT/results.txt"
    fi
fi
cat "$OUT/results.txt"
echo "logs in $OUT"
