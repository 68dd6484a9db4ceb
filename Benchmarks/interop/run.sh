#!/usr/bin/env bash
# Benchmarks/interop/run.sh [N] -- VDP association speed against lldpad over veth (a benchmark, not a test).
#
# For RTE 14 (lldpad's default ecprte: ECP ack timer 10 us * 2^14 = 163.84 ms) and RTE 8 (2.56 ms) and for
#   (a) lldpad station <-> lldpad bridge
#   (b) lldpad station <-> our bridge     (vdpctl bridge)
#   (c) our station    <-> our bridge     (vdpctl station --concurrent / vdpctl bridge)
# it measures, from a tcpdump capture on the bridge's side of a veth pair:
#   * single-association round trip: bridge's response TLV for a VSIID minus the station's first request
#     carrying it; 5 Associates with different VSIs, one after the other; the median is reported;
#   * N associations (default 1000): first station request of the batch -> first successful Associate
#     response for the last of the N distinct VSIIDs; plus the number of station request ECPDUs in that span.
# Every case gets fresh namespaces, a fresh veth pair and fresh daemons. Output: pcaps, logs and results.txt
# in $OUT (default: a new /tmp/vdp-interop-bench.XXXXXX), printed at the start and the end.
#
# Environment:
#   VDPCTL=path          vdpctl binary (default: <package>/.build/release/vdpctl; built if missing)
#   RTES="14 8"          exponents to run          PAIRS="a b c"   pairings to run
#   N_LLDPAD_RTE14=n     N for the lldpad-station cases at RTE 14 (default N; lldpad's station sends one VSI per
#                        ack period there, ~164 ms, so N = 1000 takes about 3 minutes per case)
#   LOAD=k               start k busy loops (sh -c 'while :; do :; done') for each case, from before the capture
#                        to the end of the case, so the daemons compete for the CPUs (default 0)
#   NS="1000 10000"      several N in one run (default: N)     LOADS="0 2"    several LOAD values in one run
#   BEFORE=path          a second vdpctl binary (say, one built from main): every (c) case then runs twice, with
#                        BEFORE ("before") and with VDPCTL ("after"), one after the other, for a comparison in the same
#                        run on the same machine; the ECP table at the end sets them side by side
#   PRIORITY="cmd args"  a command that runs our daemons (vdpctl bridge and station) with another scheduling
#                        priority, both builds alike: "nice -n -10", or "chrt -f 10" (real time, FIFO); default none
#   BRIDGE_PRIORITY=...  the same for our bridge alone (default: PRIORITY)
#   RTPRIOS="0 10"       for (c): run every case once per value, our daemons with --realtime-priority N (0: without),
#                        one after the other, for a before/after comparison of that setting in the same run
#   FRAME_SIZES="1500 9000"  for (c): run every case once per value; above 1500 the veth pair's MTU is set to it and
#                        both our daemons get --max-frame-size (jumbo ECPDUs); default 1500
#   BULK_MIN=n           from this N on (default 20000), (c) runs in bulk mode: the station reads its VSIs from a
#                        --commands file (argv cannot hold them), the bridge gets limits that admit N VSIs, the
#                        end of the batch is the station's "batch" line, and the capture is analysed by a raw pcap
#                        scan instead of vdpctl decode (the figures per VSI are the same; round trips are skipped).
#                        Every (c) case records our bridge's resident memory (VmRSS, VmHWM) at the end, and in bulk
#                        mode our station's
#   PERF=1               in bulk mode, record both our daemons with `perf record -e cpu-clock -g` (attached by PID)
#                        from just before the batch is fed to the end of the case; perf-bridge.txt and
#                        perf-station.txt in the case's directory hold the flat profile (perf report --no-children),
#                        perf-*.data the samples with call graphs (default 0; needs perf)
#   OUT=dir              output directory
# Requirements: root, iproute2 (ip), lldpad/lldptool/vdptool, tcpdump, util-linux (unshare), coreutils (stdbuf,
# timeout), python3.
set -u

N=${1:-1000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VDPCTL=${VDPCTL:-$ROOT/.build/release/vdpctl}
RTES=${RTES:-"14 8"}
PAIRS=${PAIRS:-"a b c"}
N_LLDPAD_RTE14=${N_LLDPAD_RTE14:-$N}
LOAD=${LOAD:-0}
NS=${NS:-$N}
LOADS=${LOADS:-$LOAD}
BEFORE=${BEFORE:-}
PRIORITY=${PRIORITY:-}
BRIDGE_PRIORITY=${BRIDGE_PRIORITY:-$PRIORITY}
RTPRIOS=${RTPRIOS:-0}
FRAME_SIZES=${FRAME_SIZES:-1500}
BULK_MIN=${BULK_MIN:-20000}
PERF=${PERF:-0}
PERF_PIDS=()
RTPRIO=0 FRAME=1500 BULK=0
AFTER=$VDPCTL
RT_REPEATS=5
OUT=${OUT:-$(mktemp -d /tmp/vdp-interop-bench.XXXXXX)}
mkdir -p "$OUT"
RESULTS_JSONL=$OUT/results.jsonl
: > "$RESULTS_JSONL"

log() { echo "[$(date +%T)] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 2; }

# ------------------------------------------------------------------------------------------- requirements
[ "$(id -u)" = 0 ] || die "needs root (namespaces, veth, raw sockets, tmpfs mounts)"
[[ "$N" =~ ^[0-9]+$ ]] && [ "$N" -ge 1 ] || die "N must be a positive integer"
for l in $LOADS; do [[ "$l" =~ ^[0-9]+$ ]] || die "LOAD must be a non-negative integer"; done
for n in $NS; do [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || die "N must be a positive integer"; done
for p in $RTPRIOS; do [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -le 99 ] || die "RTPRIOS: 0 to 99"; done
for f in $FRAME_SIZES; do [[ "$f" =~ ^[0-9]+$ ]] && [ "$f" -ge 1500 ] && [ "$f" -le 65535 ] || die "FRAME_SIZES: 1500 to 65535"; done
[ -z "$BEFORE" ] || [ -x "$BEFORE" ] || die "no vdpctl at BEFORE=$BEFORE"
TOOLS="ip tcpdump unshare stdbuf timeout python3 sysctl"
[ "$PERF" = 0 ] || TOOLS="$TOOLS perf"
case " $PAIRS " in *" a "* | *" b "*) TOOLS="$TOOLS lldpad lldptool vdptool" ;; esac   # lldpad only for (a) and (b)
for tool in $TOOLS; do
	command -v "$tool" >/dev/null || die "missing $tool (apt-get install -y lldpad tcpdump iproute2 python3)"
done
if [ ! -x "$VDPCTL" ]; then
	log "building vdpctl (release)"
	(cd "$ROOT" && swift build -c release --product vdpctl) >&2 || die "could not build vdpctl"
fi
[ -x "$VDPCTL" ] || die "no vdpctl at $VDPCTL"

# ------------------------------------------------------------------------- bookkeeping and clean-up
PIDS=()          # every long-running process this script started (killed by PID only)
NAMESPACES=()    # every namespace this script created
track() { PIDS+=("$1"); }

stop_pid() {   # stop_pid PID [SIGNAL [SECONDS]]: signal, wait up to SECONDS (3) s, then SIGKILL
	local pid=$1 sig=${2:-TERM} wait=${3:-3}
	kill -0 "$pid" 2>/dev/null || return 0
	kill -CONT "$pid" 2>/dev/null
	kill -"$sig" "$pid" 2>/dev/null
	for _ in $(seq $((wait * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

cleanup_case() {
	local i
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
	PIDS=()
	for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
	NAMESPACES=()
}

on_signal() {
	trap - INT TERM
	log "interrupted: cleaning up"
	cleanup_case
	echo "partial output in $OUT" >&2
	exit 130
}
trap on_signal INT TERM
trap cleanup_case EXIT

# ----------------------------------------------------------------------------------------- python helpers
read -r -d '' PY <<'PYEOF'
import json, struct, sys, statistics

def pcap_frames(path):
    """(time, bytes) of every complete record of a classic pcap (a partly written last record is left out)."""
    data = open(path, 'rb').read()
    if len(data) < 24:
        return []
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        e = '<'
    else:
        e = '>'
    nano = magic in (b'\x4d\x3c\xb2\xa1', b'\xa1\xb2\x3c\x4d')
    out, off = [], 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(e + 'IIII', data[off:off + 16])
        if off + 16 + incl > len(data):
            break
        out.append((sec + frac / (1e9 if nano else 1e6), data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return out

def mac(b):
    return ':'.join('%02x' % x for x in b)

def uuid(b):
    h = b.hex()
    return '%s-%s-%s-%s-%s' % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

def raw_success_vsiids(path, station):
    """Distinct VSIIDs (UUID format) in successful Associate responses sent by the side that is not `station`."""
    ok = set()
    for _, f in pcap_frames(path):
        if len(f) < 18 or f[12:14] != b'\x89\x40' or mac(f[6:12]) == station:
            continue
        hdr = struct.unpack('>H', f[14:16])[0]
        if (hdr >> 10) & 3 != 0:      # ECP operation: 0 request, 1 ack
            continue
        p = 18
        while p + 2 <= len(f):
            th = struct.unpack('>H', f[p:p + 2])[0]
            t, l = th >> 9, th & 0x1ff
            if t == 0:
                break
            body = f[p + 2:p + 2 + l]
            if t == 3 and len(body) >= 23 and body[0] & 0x40 and body[0] & 0x3f == 0 and body[5] == 5:
                ok.add(uuid(body[6:22]))
            p += 2 + l
    return ok

def progress(path, station, prefix):
    print(sum(1 for v in raw_success_vsiids(path, station) if v.startswith(prefix)))

def ack_split(reqs, acks, timer):
    """For one side's request ECPDUs (time, seq, tlvs, repeated) and the other side's acknowledgements {seq: [times]}:
    the acknowledgement latency on the wire of each first transmission, and each retransmission classed by when the
    acknowledgement of the first transmission appeared on the wire: within the ack timer ('inTime': the sender
    handled it late), later but before the retransmission ('late': the peer acknowledged late), or not before the
    retransmission ('none': the peer had not acknowledged yet)."""
    first = {}
    latencies = []
    split = {'inTime': 0, 'late': 0, 'none': 0}
    for t, seq, _, repeated in reqs:
        if not repeated:
            first[seq] = t
            later = [a for a in acks.get(seq, []) if a >= t]
            if later:
                latencies.append(later[0] - t)
            continue
        t0 = first.get(seq)
        if t0 is None:
            continue
        ack = next((a for a in acks.get(seq, []) if a >= t0), None)
        if ack is None or ack > t:
            split['none'] += 1
        elif ack - t0 <= timer:
            split['inTime'] += 1
        else:
            split['late'] += 1
    latencies.sort()
    over = sum(1 for x in latencies if x > timer)
    return split, latencies, over

def analyze(decode_path, pcap_path, station, rt_ids, n_prefix, n, rte=8):
    d = json.load(open(decode_path))
    frames = d.get('frames', [])
    res = {'frames': len(frames), 'decodeFailures': d.get('failures', 0)}
    reqs, resps = [], []   # (time, seq, [(type, vsiid, status)], repeated) for station / bridge request ECPDUs
    seen = {True: set(), False: set()}   # sequence numbers already sent, per side (True: the station)
    acks = {True: {}, False: {}}          # acknowledgements sent, per side: {seq: [times]}
    for fr in frames:
        f = fr.get('frame') or {}
        ecp = (f.get('payload') or {}).get('ecp')
        if ecp and ecp.get('operation') == 1:
            side = f.get('source', '').lower() == station
            acks[side].setdefault(ecp.get('sequenceNumber'), []).append(fr['time'])
            continue
        if not ecp or ecp.get('operation') != 0:
            continue
        tlvs = [(t.get('type'), t.get('vsiid'), t.get('status') or {})
                for t in ((ecp.get('vdp') or {}).get('tlvs') or []) if t.get('type') in (1, 2, 3, 4)]
        seq = ecp.get('sequenceNumber')
        rec = (fr['time'], seq, tlvs)
        from_station = f.get('source', '').lower() == station
        repeated = seq in seen[from_station]   # an ECP retransmission: this side already sent that number
        seen[from_station].add(seq)
        if from_station:
            reqs.append(rec + (repeated,))
        else:
            resps.append(rec + (repeated,))
    first_req, first_ok, first_resp, bad = {}, {}, {}, {}
    for t, seq, tlvs, dup in reqs:
        for ty, v, st in tlvs:
            if not st.get('response') and v not in first_req:
                first_req[v] = t
    for t, seq, tlvs, _ in resps:
        for ty, v, st in tlvs:
            if not st.get('response'):
                continue
            first_resp.setdefault(v, t)
            if ty == 3 and st.get('error', 1) == 0 and not st.get('hardError') and not st.get('keep'):
                first_ok.setdefault(v, t)
            else:
                bad[v] = bad.get(v, 0) + 1
    # single-association round trips
    rts = []
    for v in rt_ids:
        if v in first_req and v in first_resp and first_resp[v] >= first_req[v]:
            rts.append((first_resp[v] - first_req[v]) * 1000)
    res['rtMs'] = [round(x, 3) for x in rts]
    res['rtMedianMs'] = round(statistics.median(rts), 3) if rts else None
    # N associations
    ids = [v for v in first_req if v and v.startswith(n_prefix)]
    oks = [v for v in first_ok if v and v.startswith(n_prefix)]
    res['nRequested'] = len(ids)
    res['nSucceeded'] = len(oks)
    res['nRejectedTLVs'] = sum(c for v, c in bad.items() if v and v.startswith(n_prefix))
    # unsolicited De-Associates from the bridge (requests, not responses), anywhere in the capture
    res['bridgeDeAssociates'] = sum(1 for t, seq, tlvs, _ in resps for ty, v, st in tlvs
                                    if ty == 4 and not st.get('response'))
    if ids:
        start = min(first_req[v] for v in ids)
        res['startTime'] = start
        ok_times = sorted(first_ok[v] for v in oks)
        if len(ok_times) >= 100:
            res['first100S'] = round(ok_times[99] - start, 4)
        missing = sorted(v for v in ids if v not in first_ok)
        if missing:
            res['missing'] = missing[:20]
        if oks:
            end = max(first_ok[v] for v in oks)
            if len(oks) == n:
                res['totalS'] = round(end - start, 4)
                res['perVsiMs'] = round((end - start) * 1000 / n, 3)
            else:   # not every VSI succeeded: the span to the last success, for the record only
                res['partialTotalS'] = round(end - start, 4)
            window = [r for r in reqs if start <= r[0] <= end]
            res['stationEcpdus'] = len(window)
            res['retransmissions'] = sum(1 for r in window if r[3])
            tl = [len(r[2]) for r in window]
            res['vsiTlvsInStationEcpdus'] = sum(tl)
            res['maxTlvsPerEcpdu'] = max(tl) if tl else 0
            res['keepAliveTlvs'] = sum(1 for r in window if not r[3] for ty, v, st in r[2]
                                      if v in first_ok and first_ok[v] < r[0])
            res['bridgeEcpdus'] = sum(1 for r in resps if start <= r[0] <= end)
            res['bridgeRetransmissions'] = sum(1 for r in resps if start <= r[0] <= end and r[3])
            timer = 10e-6 * 2 ** rte
            for side, own, other in (('st', reqs, False), ('br', resps, True)):
                mine = [r for r in own if start <= r[0] <= end + 1]
                split, lat, over = ack_split(mine, acks[other], timer)
                res[side + 'RtxSplit'] = split
                if lat:
                    res[side + 'AckMedianMs'] = round(lat[len(lat) // 2] * 1000, 3)
                    res[side + 'AckMaxMs'] = round(lat[-1] * 1000, 3)
                    res[side + 'AcksOverTimer'] = over
    res['retransmissionsWholeCapture'] = sum(1 for r in reqs if r[3])
    res['bridgeRetransmissionsWholeCapture'] = sum(1 for r in resps if r[3])
    try:
        raw = {v for v in raw_success_vsiids(pcap_path, station) if v.startswith(n_prefix)}
        res['rawCheckSucceeded'] = len(raw)
    except Exception as e:
        res['rawCheckSucceeded'] = 'error: %s' % e
    print(json.dumps(res))

def table(path, n_default):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    names = {'a': 'lldpad st <-> lldpad br', 'b': 'lldpad st <-> our br', 'c': 'our st <-> our br'}
    def fmt(x, spec):
        return format(x, spec) if isinstance(x, (int, float)) else '-'
    head = ('%-24s %4s %10s %6s %11s %11s %9s %9s  %s'
            % ('pairing', 'RTE', 'RT med ms', 'N', 'N total s', 'per VSI ms', 'st ECPDUs', 'st/br rtx', 'notes'))
    print(head)
    print('-' * len(head))
    for r in rows:
        notes = r.get('note', '')
        if r.get('bridgeDeAssociates'):
            notes += ('; ' if notes else '') + '%d unsolicited De-Associates from the bridge' % r['bridgeDeAssociates']
        if r.get('failed'):
            notes = 'FAILED: ' + r['failed'] + ((' | ' + notes) if notes else '')
            if 'nSucceeded' in r:
                notes += ' | %d/%d succeeded in the capture' % (r['nSucceeded'], r.get('n', 0))
            if 'partialTotalS' in r:
                notes += ', the last of them %.3f s after the first request, %s station ECPDUs' % (
                    r['partialTotalS'], r.get('stationEcpdus'))
            if r.get('missing'):
                notes += '; never answered with success: ' + ', '.join(v[-4:] for v in r['missing'][:10])
        if isinstance(r.get('perVsiMs'), (int, float)) and r.get('n') != n_default:
            notes = ('extrapolated to N=%d: %.1f s; ' % (n_default, r['perVsiMs'] * n_default / 1000)) + notes
        print('%-24s %4s %10s %6s %11s %11s %9s %9s  %s' % (
            names.get(r['pair'], r['pair']) + (' ' + r['build'] if r.get('build') else ''), r['rte'], fmt(r.get('rtMedianMs'), '.3f'), r.get('n', '-'),
            fmt(r.get('totalS'), '.3f'), fmt(r.get('perVsiMs'), '.3f'), fmt(r.get('stationEcpdus') if 'totalS' in r else None, 'd'),
            '%s/%s' % (fmt(r.get('retransmissions'), 'd'), fmt(r.get('bridgeRetransmissions'), 'd')), notes))

def details(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    head = '%-4s %4s %9s %9s %9s %9s %8s %8s %9s %10s  %s' % (
        'pair', 'RTE', 'ok', 'st ECPDU', 'br ECPDU', 'repeats', 'st rtx', 'br rtx', 'br DeAss', 'first 100',
        'round trips (ms)')
    print(head)
    print('-' * len(head))
    for r in rows:
        print('%-4s %4s %9s %9s %9s %9s %8s %8s %9s %10s  %s' % (
            r['pair'], r['rte'], '%s/%s' % (r.get('nSucceeded', '-'), r.get('n')), r.get('stationEcpdus', '-'),
            r.get('bridgeEcpdus', '-'), r.get('keepAliveTlvs', '-'), r.get('retransmissions', '-'),
            r.get('bridgeRetransmissions', '-'),
            r.get('bridgeDeAssociates', '-'), r.get('first100S', '-'), ' '.join('%.3f' % x for x in r.get('rtMs', []))))

def agent_counters(directory):
    """The ECP timing counters our agents print when they stop (absent from builds that predate them)."""
    import os, re
    out = {}
    for side, name in (('st', 'vdpctl-station-batch.jsonl'), ('br', 'vdpctl-bridge.jsonl')):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            continue
        for line in open(path, errors='replace'):
            if 'lateAcknowledgements=' not in line:
                continue
            for key in ('lateAcknowledgements', 'needlessRetransmissions'):
                m = re.search(key + r'=(\d+)', line)
                if m:
                    out[side + key[0].upper() + key[1:]] = int(m.group(1))
            m = re.search(r'longestAcknowledgementDelay=([0-9.e+-]+) seconds', line)
            if m:
                out[side + 'LongestAckDelayMs'] = round(float(m.group(1)) * 1000, 3)
            m = re.search(r'longestHandlingDelay=([0-9.e+-]+) seconds', line)
            if m:
                out[side + 'LongestHandlingDelayMs'] = round(float(m.group(1)) * 1000, 3)
            m = re.search(r'longest read delay ([0-9.e+-]+) seconds', line)
            if m:
                out[side + 'LongestReadDelayMs'] = round(float(m.group(1)) * 1000, 3)
    return out

def ecp_table(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    rows = [r for r in rows if r.get('pair') == 'c']
    if not rows:
        return
    def g(r, k, spec='d'):
        v = r.get(k)
        return format(v, spec) if isinstance(v, (int, float)) else '-'
    def split(r, side):
        s = r.get(side + 'RtxSplit')
        return '%d/%d/%d' % (s['inTime'], s['late'], s['none']) if s else '-'
    head = ('%-6s %6s %4s %5s %9s %8s %8s %7s %7s %11s %11s %9s %9s %11s %11s %15s %20s  %s' % (
        'build', 'N', 'RTE', 'busy', 'load 1m', 'ok', 'total s', 'st rtx', 'br rtx', 'st split', 'br split',
        'st>timer', 'br>timer', 'st late/nl', 'br late/nl', 'ack delay st/br', 'handling delay st/br',
        'read delay st/br (ms)'))
    print('ECP retransmissions, ours <-> ours')
    print(head)
    print('-' * len(head))
    for r in rows:
        print('%-6s %6s %4s %5s %9s %8s %8s %7s %7s %11s %11s %9s %9s %11s %11s %15s %20s  %s' % (
            r.get('build', '-'), r.get('n'), r.get('rte'), r.get('load', '-'), r.get('loadBefore', '-'),
            '%s/%s' % (r.get('nSucceeded', '-'), r.get('n')), g(r, 'totalS', '.3f'), g(r, 'retransmissions'),
            g(r, 'bridgeRetransmissions'), split(r, 'st'), split(r, 'br'),
            '%s/%s' % (g(r, 'stAcksOverTimer'), g(r, 'stationEcpdus')),
            '%s/%s' % (g(r, 'brAcksOverTimer'), g(r, 'bridgeEcpdus')),
            '%s/%s' % (g(r, 'stLateAcknowledgements'), g(r, 'stNeedlessRetransmissions')),
            '%s/%s' % (g(r, 'brLateAcknowledgements'), g(r, 'brNeedlessRetransmissions')),
            '%s/%s' % (g(r, 'stLongestAckDelayMs', '.3f'), g(r, 'brLongestAckDelayMs', '.3f')),
            '%s/%s' % (g(r, 'stLongestHandlingDelayMs', '.3f'), g(r, 'brLongestHandlingDelayMs', '.3f')),
            '%s/%s' % (g(r, 'stLongestReadDelayMs', '.3f'), g(r, 'brLongestReadDelayMs', '.3f'))))
    print()
    print('st/br rtx: ECP retransmissions in the batch span (station / bridge). st/br split: those retransmissions')
    print('  classed by the capture: the acknowledgement of the first transmission was on the wire within the ack timer')
    print('  (the sender handled it late) / after the timer but before the retransmission (the peer acknowledged late) /')
    print('  not before the retransmission. st>timer: station ECPDUs the bridge acknowledged later than the ack timer, of')
    print('  all the station ECPDUs in the span (br>timer the same for the bridge\'s ECPDUs). late/nl: the agents\' own')
    print('  counters by kernel receive stamps (lateAcknowledgements / needlessRetransmissions; "-" for a build without')
    print('  them). ack delay: the longest time from a request\'s kernel receive stamp to its acknowledgement\'s send;')
    print('  handling delay: the longest time from any frame\'s kernel receive stamp to the agent handing it to its')
    print('  port; read delay: the longest time from any frame\'s kernel receive stamp to its read from the socket')
    print('  (the kernel queueing it, plus the reader thread waiting for a CPU); all as each process measured them')
    print('  (whole run, in ms).')

def bulk(pcap_path, station, prefix, n):
    """The batch figures from a raw scan of the capture (for N too large for vdpctl decode --json): the span from
    the first station request carrying a batch VSI to the first successful response for the last of them, ECPDUs
    and retransmissions per side in that span, the most VSI TLVs in one ECPDU and the longest frame."""
    first_req, first_ok = {}, {}
    reqs = []   # (time, from_station, seq, repeated, tlvs, length)
    seen = {True: set(), False: set()}
    pfx = bytes.fromhex(prefix.replace('-', ''))
    for t, f in pcap_frames(pcap_path):
        if len(f) < 18 or f[12:14] != b'\x89\x40':
            continue
        hdr = struct.unpack('>H', f[14:16])[0]
        if (hdr >> 10) & 3 != 0:
            continue
        side = mac(f[6:12]) == station
        seq = struct.unpack('>H', f[16:18])[0]
        repeated = seq in seen[side]
        seen[side].add(seq)
        p, count = 18, 0
        while p + 2 <= len(f):
            th = struct.unpack('>H', f[p:p + 2])[0]
            ty, l = th >> 9, th & 0x1ff
            if ty == 0:
                break
            body = f[p + 2:p + 2 + l]
            if ty in (1, 2, 3, 4) and len(body) >= 22:
                count += 1
                vid = body[6:22]
                if vid.startswith(pfx):
                    if side and not body[0] & 0x40:
                        first_req.setdefault(vid, t)
                    elif not side and ty == 3 and body[0] & 0x40 and body[0] & 0x3f == 0:
                        first_ok.setdefault(vid, t)
            p += 2 + l
        reqs.append((t, side, seq, repeated, count, len(f)))
    res = {'nRequested': len(first_req), 'nSucceeded': len(first_ok), 'bulk': True}
    if first_req and first_ok:
        start, end = min(first_req.values()), max(first_ok.values())
        window = [r for r in reqs if start <= r[0] <= end]
        st = [r for r in window if r[1]]
        br = [r for r in window if not r[1]]
        res.update({'startTime': start, 'stationEcpdus': len(st), 'retransmissions': sum(1 for r in st if r[3]),
                    'bridgeEcpdus': len(br), 'bridgeRetransmissions': sum(1 for r in br if r[3]),
                    'maxTlvsPerEcpdu': max((r[4] for r in window), default=0),
                    'longestFrame': max((r[5] for r in window), default=0)})
        if len(first_ok) >= n:
            res['totalS'] = round(end - start, 4)
            res['perVsiMs'] = round((end - start) * 1000 / n, 4)
        else:
            res['partialTotalS'] = round(end - start, 4)
    res['retransmissionsWholeCapture'] = sum(1 for r in reqs if r[1] and r[3])
    res['bridgeRetransmissionsWholeCapture'] = sum(1 for r in reqs if not r[1] and r[3])
    print(json.dumps(res))

def memory(path):
    """VmRSS and VmHWM in MiB from a copy of /proc/PID/status."""
    out = {}
    for line in open(path):
        for key in ('VmRSS', 'VmHWM'):
            if line.startswith(key + ':'):
                out[key] = round(int(line.split()[1]) / 1024, 1)
    return out

def scale_table(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    rows = [r for r in rows if r.get('pair') == 'c']
    if not rows:
        return
    def g(r, k, spec='d'):
        v = r.get(k)
        return format(v, spec) if isinstance(v, (int, float)) else '-'
    head = ('%-24s %8s %6s %5s %5s %9s %9s %10s %9s %9s %8s %8s %13s %9s %13s %9s' % (
        'variant', 'N', 'frame', 'rt', 'busy', 'ok', 'total s', 'per VSI us', 'st ECPDU', 'TLVs/PDU', 'st rtx',
        'br rtx', 'br RSS/HWM MB', 'br B/VSI', 'st RSS/HWM MB', 'st failed'))
    print('Bulk association, ours <-> ours (RTE %s)' % ','.join(sorted({str(r.get('rte')) for r in rows})))
    print(head)
    print('-' * len(head))
    for r in rows:
        per = r.get('perVsiMs')
        rss, n = r.get('brVmRSS'), r.get('n')
        per_vsi = format(rss * 1048576 / n, '.0f') if isinstance(rss, (int, float)) and n else '-'
        print('%-24s %8s %6s %5s %5s %9s %9s %10s %9s %9s %8s %8s %13s %9s %13s %9s' % (
            r.get('build') or '-', r.get('n'), r.get('frame', 1500), r.get('rtprio', 0), r.get('load', '-'),
            '%s/%s' % (r.get('nSucceeded', '-'), r.get('n')), g(r, 'totalS', '.3f'),
            format(per * 1000, '.2f') if isinstance(per, (int, float)) else '-', g(r, 'stationEcpdus'),
            g(r, 'maxTlvsPerEcpdu'), g(r, 'retransmissions'), g(r, 'bridgeRetransmissions'),
            '%s/%s' % (g(r, 'brVmRSS', '.1f'), g(r, 'brVmHWM', '.1f')), per_vsi,
            '%s/%s' % (g(r, 'stVmRSS', '.1f'), g(r, 'stVmHWM', '.1f')), g(r, 'failedCalls')))
    print()
    print('total s: first station request carrying a batch VSI -> first successful response for the last of the N.')
    print('  rt: --realtime-priority of both daemons (0: none). frame: --max-frame-size (1500: the default). TLVs/PDU:')
    print('  the most VSI TLVs in one ECPDU. RSS/HWM: VmRSS and VmHWM of the process at the end of the case.')
    print('  br B/VSI: our bridge\'s VmRSS at the end of the case divided by N (whole process, table and all).')
    print('  st failed: requests our station reported failed (ECP retries exhausted, mostly), although the bridge may')
    print('  have answered them later ("ok" counts the successful answers in the capture).')

mode = sys.argv[1]
if mode == 'bulk':
    bulk(sys.argv[2], sys.argv[3].lower(), sys.argv[4], int(sys.argv[5]))
elif mode == 'memory':
    print(json.dumps(memory(sys.argv[2])))
elif mode == 'scale':
    scale_table(sys.argv[2])
elif mode == 'progress':
    progress(sys.argv[2], sys.argv[3].lower(), sys.argv[4])
elif mode == 'analyze':
    analyze(sys.argv[2], sys.argv[3], sys.argv[4].lower(), [x for x in sys.argv[5].split(',') if x], sys.argv[6],
            int(sys.argv[7]), int(sys.argv[8]))
elif mode == 'counters':
    print(json.dumps(agent_counters(sys.argv[2])))
elif mode == 'ecp':
    ecp_table(sys.argv[2])
elif mode == 'merge':   # merge JSON objects given as arguments, later ones win
    out = {}
    for a in sys.argv[2:]:
        out.update(json.loads(a))
    print(json.dumps(out))
elif mode == 'table':
    table(sys.argv[2], int(sys.argv[3]))
elif mode == 'details':
    details(sys.argv[2])
PYEOF
py() { python3 -c "$PY" "$@"; }

# ----------------------------------------------------------------------------------------------- steps
# Globals of the current case (set by run_case): CASE, DIR, SFX, HV, BR, ST_IF, BR_IF, ST_MAC, RTE, WHY
fail() { WHY=$*; log "$CASE: FAILED: $WHY"; return 1; }

wait_for() {   # wait_for SECONDS COMMAND...: poll every 0.1 s until COMMAND succeeds
	local deadline=$((SECONDS + $1)); shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

setup_link() {
	SFX=$(printf '%06x' $((RANDOM * 32768 + RANDOM & 0xffffff)))
	HV=ibhv-$SFX BR=ibbr-$SFX ST_IF=ih$SFX BR_IF=ib$SFX
	local ns
	for ns in $HV $BR; do
		ip netns add $ns || return 1
		NAMESPACES+=($ns)
		ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		ip -n $ns link set lo up
	done
	ip link add $ST_IF netns $HV type veth peer name $BR_IF netns $BR || return 1
	ip netns exec $HV sysctl -qw net.ipv6.conf.$ST_IF.disable_ipv6=1
	ip netns exec $BR sysctl -qw net.ipv6.conf.$BR_IF.disable_ipv6=1
	if [ "$FRAME" -gt 1500 ]; then
		ip -n $HV link set $ST_IF mtu $FRAME && ip -n $BR link set $BR_IF mtu $FRAME || return 1
	fi
	ip -n $HV link set $ST_IF up && ip -n $BR link set $BR_IF up || return 1
	wait_for 5 sh -c "ip -n $HV -o link show $ST_IF | grep -q LOWER_UP && ip -n $BR -o link show $BR_IF | grep -q LOWER_UP" ||
		return 1
	ST_MAC=$(ip -n $HV -o link show $ST_IF | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
}

# lldpad_conf NS-DIR IF ROLE: the recipe of make-captures.sh (ratified EVB TLV on the nearest-customer-bridge agent)
lldpad_conf() {
	local file=$1 ifn=$2 role=$3 rrcap=false
	[ "$role" = bridge ] && rrcap=true
	cat > "$file" <<EOF
dcbx :
{
  version = "1.0";
  dcbx_version = 2;
};
nearest_customer_bridge :
{
  $ifn :
  {
    adminStatus = 3;
    tlvid0080c20d :
    {
      enableTx = true;
      evbmode = "$role";
      evbrrcap = $rrcap;
      evbrrreq = true;
      evbgpid = true;
      ecpretries = 3;
      ecprte = $RTE;
      vdprwd = 20;
      vdprka = 20;
    };
  };
};
EOF
}

# start_lldpad NS IF ROLE: own mount namespace with a private /dev/shm, no pid file, own config, -V 7 log; returns
# once lldptool answers and the log shows that VDP started on IF (lldpad answers wrongly before that)
start_lldpad() {
	local ns=$1 ifn=$2 role=$3 conf=$DIR/lldpad-$3.conf logf=$DIR/lldpad-$3.log
	lldpad_conf "$conf" "$ifn" "$role"
	ip netns exec $ns unshare -m --propagation private sh -c \
		"mount -t tmpfs lldpad-shm /dev/shm && exec stdbuf -oL lldpad -p -V 7 -f $conf" > "$logf" 2>&1 &
	track $!
	local pid=$!
	wait_for 10 sh -c "kill -0 $pid && ip netns exec $ns lldptool -p >/dev/null 2>&1" ||
		{ fail "lldpad $role did not come up (see $logf)"; return 1; }
	wait_for 15 grep -q "vdp22_start:$ifn start vdp" "$logf" ||
		{ fail "lldpad $role did not start VDP on $ifn (see $logf)"; return 1; }
}

# our_options: the options of the run's variant for both our daemons (--realtime-priority, --max-frame-size)
our_options() {
	[ "$RTPRIO" -gt 0 ] && printf '%s\n' --realtime-priority "$RTPRIO"
	[ "$FRAME" -gt 1500 ] && printf '%s\n' --max-frame-size "$FRAME"
	return 0
}

start_our_bridge() {
	local logf=$DIR/vdpctl-bridge.jsonl limits=() opts=()
	mapfile -t opts < <(our_options)
	if [ "$BULK" = 1 ]; then   # admit N VSIs from one station at once (the defaults admit 16,384 at 2,000/s)
		local m=$((BULK_N + 1000))
		limits=(--max-vsis $m --max-vsis-per-station $m --new-vsi-burst $m --new-vsis-per-second $m
			--max-queued-responses $m --max-queued-responses-per-station $m)
	fi
	[ "$pair" = c ] || opts=()
	ip netns exec $BR $BRIDGE_PRIORITY "$VDPCTL" bridge -i $BR_IF --rte $RTE --vid-range 2-4094 --json "${limits[@]}" "${opts[@]}" > "$logf" 2> "$DIR/vdpctl-bridge.err" &
	track $!
	BRIDGE_PID=$!
	wait_for 10 grep -q '"kind":"start"' "$logf" || { fail "vdpctl bridge did not start (see $DIR/vdpctl-bridge.err)"; return 1; }
}

wait_lldpad_station_evb() {   # the station lldpad has the bridge's EVB TLV
	wait_for 30 sh -c "ip netns exec $HV lldptool -t -n -i $ST_IF -g ncb -V evb 2>/dev/null | grep -q mode:bridge" ||
		{ fail "lldpad station never saw the bridge's EVB TLV"; return 1; }
	ip netns exec $HV lldptool -t -n -i $ST_IF -g ncb -V evb > "$DIR/station-evb.txt" 2>&1
}

start_capture() {
	PCAP=$DIR/bridge-side.pcap
	ip netns exec $BR tcpdump -Z root -U -B 65536 -i $BR_IF -w "$PCAP" 'ether proto 0x8940' > "$DIR/tcpdump.log" 2>&1 &
	track $!
	CAP_PID=$!
	wait_for 5 grep -q 'listening on' "$DIR/tcpdump.log" || { fail "tcpdump did not start"; return 1; }
	sleep 0.3
}

stop_capture() {
	sleep 0.5
	stop_pid "$CAP_PID" INT
}

# VSI parameters: RT VSIs k = 1..5 have UUIDs a0000000-…, the N batch b0000000-…
rt_uuid() { printf 'a0000000-0000-4000-8000-%012x' "$1"; }
n_uuid()  { printf 'b0000000-0000-4000-8000-%012x' "$1"; }
n_vid()   { echo $((2 + ($1 - 1) % 4093)); }
n_mac()   { printf '52:54:00:0b:%02x:%02x' $(($1 / 256 % 256)) $(($1 % 256)); }

# vdptool_ready_retry ARGS...: vdptool on the station, retrying lldpad's "not ready yet" answers for 15 s
vdptool_retry() {
	local deadline=$((SECONDS + 15)) out
	while :; do
		out=$(timeout 20 ip netns exec $HV vdptool -i $ST_IF "$@" 2>&1)
		echo "+ vdptool -i $ST_IF $*" >> "$DIR/vdptool-rt.txt"
		echo "$out" >> "$DIR/vdptool-rt.txt"
		if echo "$out" | grep -qE 'Device not found or inactive|VDP protocol not supported on interface'; then
			[ $SECONDS -ge $deadline ] && return 1
			sleep 0.2
			continue
		fi
		echo "$out" | grep -q FAILED && return 1
		return 0
	done
}

rt_phase_lldpad() {
	local k
	for k in $(seq $RT_REPEATS); do
		vdptool_retry -T -W -V assoc -c mode=assoc -c mgrid2=perf -c typeid=$((100 + k)) -c uuid=$(rt_uuid $k) \
			-c typeidver=1 -c hints=none -c filter=$((4000 + k))-$(printf '52:54:00:0a:00:%02x' $k) ||
			{ fail "vdptool round-trip request $k failed (see $DIR/vdptool-rt.txt)"; return 1; }
		sleep 0.3
	done
}

rt_phase_ours() {   # one vdpctl station, 5 Associates one after the other (each waits for its answer)
	local args=(station -i $ST_IF --rte $RTE --json) k
	mapfile -t -O ${#args[@]} args < <(our_options)
	for k in $(seq $RT_REPEATS); do
		args+=(-- mode=assoc mgrid=perf typeid=$((100 + k)) typeidver=1 uuid=$(rt_uuid $k) hints=none
			filter=$((4000 + k))-$(printf '52:54:00:0a:00:%02x' $k))
	done
	ip netns exec $HV "$VDPCTL" "${args[@]}" > "$DIR/vdpctl-station-rt.jsonl" 2> "$DIR/vdpctl-station-rt.err" &
	track $!
	local pid=$!
	wait_for 60 sh -c "! kill -0 $pid 2>/dev/null" || { fail "vdpctl station (round trips) did not finish in 60 s"; return 1; }
	wait $pid; local rc=$?
	# a round trip that fails (ECP retries exhausted on a loaded machine) is noted; the batch still runs
	RT_FAILED=$(grep -c '"kind":"failure"' "$DIR/vdpctl-station-rt.jsonl" || true)
	[ $rc = 0 ] || [ "$RT_FAILED" -gt 0 ] ||
		{ fail "vdpctl station (round trips) exited $rc (see $DIR/vdpctl-station-rt.jsonl)"; return 1; }
}

# wait_batch N PID TIMEOUT: until N distinct batch VSIIDs have a successful response in the capture; gives up after
# TIMEOUT s, or when nothing new succeeded for 30 s after the driver PID has exited
wait_batch() {
	local n=$1 pid=$2 limit=$3 start=$SECONDS last=0 last_change=$SECONDS count
	while :; do
		count=$(py progress "$PCAP" "$ST_MAC" b0000000- 2>/dev/null || echo 0)
		[ "$count" -ge "$n" ] && return 0
		if [ "$count" != "$last" ]; then last=$count last_change=$SECONDS; fi
		if [ $((SECONDS - start)) -ge "$limit" ]; then fail "timeout after ${limit} s: $count/$n associated"; return 1; fi
		if ! kill -0 "$pid" 2>/dev/null && [ $((SECONDS - last_change)) -ge 30 ]; then
			fail "stalled: $count/$n associated, nothing new for 30 s after the requests were issued"; return 1
		fi
		if [ $(((SECONDS - start) % 20)) = 0 ] && [ "$SECONDS" != "${LAST_REPORT:-}" ]; then
			LAST_REPORT=$SECONDS; log "$CASE: $count/$n associated after $((SECONDS - start)) s"
		fi
		sleep 1
	done
}

n_phase_lldpad() {   # one shell loop of vdptool (no -W) inside the station namespace, as perf_assoc does
	local n=$1 i script=$DIR/vdptool-batch.sh
	{
		echo "# $n Associates, vdptool without -W, back to back"
		for i in $(seq $n); do
			echo "vdptool -i $ST_IF -T -V assoc -c mode=assoc -c mgrid2=perf -c typeid=$i -c uuid=$(n_uuid $i)" \
				"-c typeidver=1 -c hints=none -c filter=$(n_vid $i)-$(n_mac $i) || echo \"rc=\$? at $i\""
		done
		echo 'date +"all vdptool calls returned at %T.%N"'
	} > "$script"
	local limit
	# lldpad sends one ECPDU per ack period on both sides; at RTE 14 a bridge's ageing-out De-Associates share
	# those periods with its responses (about 312 ms per VSI for N = 1000 here), hence 3 periods per VSI
	if [ "$RTE" -ge 12 ]; then limit=$((n * 164 * 3 / 1000 + 60)); else limit=$((n / 10 + 90)); fi
	ip netns exec $HV sh "$script" > "$DIR/vdptool-batch.out" 2>&1 &
	track $!
	local pid=$!
	wait_batch $n $pid $limit || return 1
	BATCH_FAILED_CALLS=$(grep -c '^rc=' "$DIR/vdptool-batch.out" || true)
}

n_phase_ours() {
	local n=$1 args=(station -i $ST_IF --rte $RTE --concurrent --json)
	mapfile -t -O ${#args[@]} args < <(our_options)
	if [ "$BULK" = 1 ]; then
		n_phase_ours_bulk "$n" "${args[@]}"
		return
	fi
	# the same values as n_uuid, n_vid and n_mac, made by one process (a subshell per value took minutes for 10,000
	# VSIs on a loaded machine)
	mapfile -d '' -O ${#args[@]} args < <(python3 -c '
import sys
for i in range(1, int(sys.argv[1]) + 1):
    for a in ("--", "mode=assoc", "mgrid=perf", "typeid=%d" % i, "typeidver=1",
              "uuid=b0000000-0000-4000-8000-%012x" % i, "hints=none",
              "filter=%d-52:54:00:0b:%02x:%02x" % (2 + (i - 1) % 4093, i // 256 % 256, i % 256)):
        sys.stdout.write(a + "\0")' "$n")
	ip netns exec $HV $PRIORITY "$VDPCTL" "${args[@]}" > "$DIR/vdpctl-station-batch.jsonl" 2> "$DIR/vdpctl-station-batch.err" &
	track $!
	local pid=$!
	wait_batch $n $pid 180 || return 1
	wait_for 60 sh -c "! kill -0 $pid 2>/dev/null" || { fail "vdpctl station (batch) did not exit"; return 1; }
	wait $pid; local rc=$?
	BATCH_FAILED_CALLS=$(grep -c '"kind":"failure"' "$DIR/vdpctl-station-batch.jsonl" || true)
	[ $rc = 0 ] || { fail "vdpctl station (batch) exited $rc"; return 1; }
}

# n_phase_ours_bulk N ARGS...: the station follows a --commands file; all N commands are appended at once, as one
# batch, once the station has started; the batch ends with the station's "batch" line
n_phase_ours_bulk() {
	local n=$1 feed=$DIR/commands.txt
	shift
	local args=("$@")
	args=()   # --concurrent is for commands on the command line
	for a in "$@"; do [ "$a" = --concurrent ] || args+=("$a"); done
	: > "$feed"
	python3 -c '
import sys
n = int(sys.argv[1])
out = sys.stdout
for i in range(1, n + 1):
    out.write("mode=assoc mgrid=perf typeid=%d typeidver=1 uuid=b0000000-0000-4000-8000-%012x hints=none "
              "filter=%d-52:%02x:%02x:%02x:%02x:%02x\n" % (1 + i % 100000, i, 2 + (i - 1) % 4093, 0x54,
              i >> 24 & 255, i >> 16 & 255, i >> 8 & 255, i & 255))
out.write("\n")' "$n" > "$DIR/commands.all"
	ip netns exec $HV $PRIORITY "$VDPCTL" "${args[@]}" --commands "$feed" > "$DIR/vdpctl-station-batch.jsonl" 2> "$DIR/vdpctl-station-batch.err" &
	track $!
	STATION_PID=$!
	wait_for 15 grep -q '"kind":"evb"' "$DIR/vdpctl-station-batch.jsonl" || sleep 2
	perf_attach bridge "$BRIDGE_PID"
	perf_attach station "$STATION_PID"
	cat "$DIR/commands.all" >> "$feed"
	local limit=$((n / 1000 + 120))
	wait_for $limit grep -q '"kind":"batch"' "$DIR/vdpctl-station-batch.jsonl" ||
		{ fail "no batch line from the station after $limit s"; return 1; }
	BATCH_FAILED_CALLS=$(grep -o '"failures":[0-9]*' "$DIR/vdpctl-station-batch.jsonl" | tail -1 | cut -d: -f2)
	rm -f "$DIR/commands.all"
}

# run_case PAIR RTE N
run_case() {
	local pair=$1 n=$3
	RTE=$2 CASE="($pair) RTE $2" WHY= BATCH_FAILED_CALLS= RT_FAILED= STATION_PID=
	BULK=0 BULK_N=$n
	[ "$pair" = c ] && [ "$n" -ge "$BULK_MIN" ] && BULK=1
	DIR=$OUT/$pair-rte$RTE-n$n-load$LOAD${LABEL:+-$LABEL}
	mkdir -p "$DIR"
	LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
	log "=== $CASE, N=$n, busy loops $LOAD${LABEL:+, $LABEL}, load average $LOAD_BEFORE"
	setup_link || { fail "could not create namespaces/veth"; return 1; }
	local k
	for k in $(seq "$LOAD"); do   # busy loops competing with the daemons; stopped with the case
		sh -c 'while :; do :; done' &
		track $!
	done
	case $pair in
	a)
		start_lldpad $BR $BR_IF bridge || return 1
		start_lldpad $HV $ST_IF station || return 1
		wait_lldpad_station_evb || return 1
		;;
	b)
		start_our_bridge || return 1           # ours first: lldpad's LLDP slows to 30 s after its fast start
		start_lldpad $HV $ST_IF station || return 1
		wait_lldpad_station_evb || return 1
		wait_for 15 grep -q '"kind":"evb"' "$DIR/vdpctl-bridge.jsonl" || { fail "our bridge never negotiated EVB"; return 1; }
		;;
	c)
		start_our_bridge || return 1
		;;
	esac
	start_capture || return 1
	log "$CASE: single-association round trips"
	case $pair in
	a | b) rt_phase_lldpad || return 1 ;;
	c) rt_phase_ours || return 1 ;;
	esac
	sleep 1
	log "$CASE: $n associations"
	local t0=$SECONDS
	case $pair in
	a | b) n_phase_lldpad $n || return 1 ;;
	c) n_phase_ours $n || return 1 ;;
	esac
	log "$CASE: batch done in about $((SECONDS - t0)) s (wall clock)"
	sleep 1
	return 0
}

perf_attach() {   # perf_attach NAME PID: with PERF=1, record PID's CPU samples into $DIR/perf-NAME.data
	[ "$PERF" = 0 ] && return 0
	[ -n "$2" ] || return 0
	perf record -q -e cpu-clock -g -p "$2" -o "$DIR/perf-$1.data" > "$DIR/perf-$1.log" 2>&1 &
	PERF_PIDS+=("$!")
	track $!
	sleep 0.2
}

perf_finish() {   # stop the recordings (SIGINT: perf writes its data) and print their flat profiles
	local pid f
	for pid in "${PERF_PIDS[@]}"; do stop_pid "$pid" INT 30; done
	PERF_PIDS=()
	for f in "$DIR"/perf-*.data; do
		[ -s "$f" ] || continue
		perf report -i "$f" --stdio --no-children -g none --sort sym --percent-limit 0.5 2> /dev/null |
			grep -v '^$' | grep -v '^#' | grep '%' | head -40 > "${f%.data}.txt"
	done
}

finish_case() {   # finish_case PAIR RTE N OK: stop everything, analyse the capture, append the result line
	local pair=$1 rte=$2 n=$3 ok=$4 analysis='{}' rt_ids k note=
	perf_finish
	[ -n "${CAP_PID:-}" ] && stop_capture
	local mem_br='{}' mem_st='{}'
	if [ "$pair" = c ]; then   # resident memory of our daemons at the end of the batch
		[ -n "${BRIDGE_PID:-}" ] && cp /proc/$BRIDGE_PID/status "$DIR/bridge-status.txt" 2>/dev/null &&
			mem_br=$(py memory "$DIR/bridge-status.txt" | sed 's/"Vm/"brVm/g')
		[ -n "${STATION_PID:-}" ] && cp /proc/$STATION_PID/status "$DIR/station-status.txt" 2>/dev/null &&
			mem_st=$(py memory "$DIR/station-status.txt" | sed 's/"Vm/"stVm/g')
	fi
	[ -n "${STATION_PID:-}" ] && stop_pid "$STATION_PID" TERM 60   # a bulk station prints its VSIs when it stops
	# our bridge prints its VSI table and counters on SIGTERM
	[ -n "${BRIDGE_PID:-}" ] && stop_pid "$BRIDGE_PID" TERM 30   # its table of 10,000 VSIs takes a while under load
	cleanup_case
	CAP_PID= BRIDGE_PID=
	rt_ids=$(for k in $(seq $RT_REPEATS); do printf '%s,' "$(rt_uuid $k)"; done)
	if [ "$BULK" = 1 ] && [ -s "${PCAP:-/nonexistent}" ]; then
		analysis=$(py bulk "$PCAP" "$ST_MAC" b0000000- "$n" 2> "$DIR/analyze.err") || analysis='{}'
		[ -n "$analysis" ] || analysis='{}'
	elif [ -s "${PCAP:-/nonexistent}" ]; then
		if "$VDPCTL" decode "$PCAP" --json > "$DIR/decode.json" 2> "$DIR/decode.err"; then :; fi
		analysis=$(py analyze "$DIR/decode.json" "$PCAP" "$ST_MAC" "$rt_ids" b0000000- "$n" "$rte" 2> "$DIR/analyze.err") ||
			analysis='{}'
		[ -n "$analysis" ] || analysis='{}'
	fi
	local counters
	counters=$(py counters "$DIR" 2>/dev/null) || counters='{}'
	[ -n "$counters" ] || counters='{}' 
	gzip -f "$DIR"/*.log "$DIR"/decode.json 2>/dev/null
	[ "$BULK" = 1 ] && gzip -f "$DIR"/*.jsonl "$PCAP" 2>/dev/null
	[ -n "$BATCH_FAILED_CALLS" ] && [ "$BATCH_FAILED_CALLS" != 0 ] && note="$BATCH_FAILED_CALLS driver calls failed"
	[ -n "$RT_FAILED" ] && [ "$RT_FAILED" != 0 ] && note="${note:+$note; }$RT_FAILED of the $RT_REPEATS round trips failed"
	local meta
	meta=$(python3 -c 'import json,sys; print(json.dumps({"pair":sys.argv[1],"rte":int(sys.argv[2]),"n":int(sys.argv[3]),"dir":sys.argv[4],"failed":sys.argv[5] or None,"note":sys.argv[6],"load":int(sys.argv[7]),"loadBefore":sys.argv[8],"build":sys.argv[9] or None,"rtprio":int(sys.argv[10]),"frame":int(sys.argv[11]),"failedCalls":int(sys.argv[12] or 0)}))' \
		"$pair" "$rte" "$n" "$DIR" "$([ "$ok" = 1 ] || echo "${WHY:-unknown}")" "$note" "$LOAD" "$LOAD_BEFORE" "$LABEL" "$RTPRIO" "$FRAME" "${BATCH_FAILED_CALLS:-0}")
	py merge "$analysis" "$counters" "$mem_br" "$mem_st" "$meta" >> "$RESULTS_JSONL"
	PCAP=
}

# ------------------------------------------------------------------------------------------------- main
{
	echo "swift-vdp interop benchmark, $(date -u +%FT%TZ)"
	echo "host: $(uname -srm); nproc $(nproc); CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "lldpad: $(dpkg-query -W -f '${Version}' lldpad 2>/dev/null || lldpad -v 2>&1 | head -1); vdpctl: $VDPCTL"
	echo "N = $NS (lldpad-station cases at RTE 14: $N_LLDPAD_RTE14); RTEs: $RTES; pairings: $PAIRS; busy loops: $LOADS"
	[ -z "$BEFORE" ] || echo "(c) before: $BEFORE; after: $AFTER"
	echo "(c) variants: --realtime-priority $RTPRIOS (0: none); --max-frame-size $FRAME_SIZES; bulk mode from N = $BULK_MIN"
	[ -z "$PRIORITY$BRIDGE_PRIORITY" ] || echo "our station runs under: ${PRIORITY:-(as is)}; our bridge under: ${BRIDGE_PRIORITY:-(as is)}"
} > "$OUT/header.txt"
cat "$OUT/header.txt" >&2
log "output in $OUT"

for rte in $RTES; do
	for n_case in $NS; do
		for LOAD in $LOADS; do
			for pair in $PAIRS; do
				n=$n_case
				[ "$pair" != c ] && [ "$rte" -ge 14 ] && n=$N_LLDPAD_RTE14
				builds=-
				[ "$pair" = c ] && [ -n "$BEFORE" ] && builds="before after"
				variants="0:1500"   # RTPRIO:FRAME; only our pairing (c) has variants
				if [ "$pair" = c ]; then
					variants=
					for f in $FRAME_SIZES; do for p in $RTPRIOS; do variants="$variants $p:$f"; done; done
				fi
				for BUILD in $builds; do
					case $BUILD in
					before) VDPCTL=$BEFORE ;;
					after) VDPCTL=$AFTER ;;
					*) BUILD= VDPCTL=$AFTER ;;
					esac
					for variant in $variants; do
						RTPRIO=${variant%%:*} FRAME=${variant##*:}
						LABEL=$BUILD
						[ "$RTPRIO" -gt 0 ] && LABEL="${LABEL:+$LABEL-}rt$RTPRIO"
						[ "$FRAME" -gt 1500 ] && LABEL="${LABEL:+$LABEL-}f$FRAME"
						[ -z "$LABEL" ] && [ "$pair" = c ] && { [ "$RTPRIOS" != 0 ] || [ "$FRAME_SIZES" != 1500 ]; } &&
							LABEL=plain
						PCAP= CAP_PID= BRIDGE_PID= STATION_PID=
						if run_case $pair $rte $n; then ok=1; else ok=0; fi
						finish_case $pair $rte $n $ok
					done
				done
			done
		done
	done
done
VDPCTL=$AFTER

{
	cat "$OUT/header.txt"
	echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	py table "$RESULTS_JSONL" "$N"
	echo
	py ecp "$RESULTS_JSONL"
	echo
	py scale "$RESULTS_JSONL"
	echo
	echo "RT med: median of $RT_REPEATS single Associates, bridge response TLV minus the station's first request carrying"
	echo "  that VSIID. N total: first station request of the batch -> first successful response for the last of the N"
	echo "  VSIIDs. st ECPDUs: station request ECPDUs in that span (keep-alives and retransmissions included)."
	echo
	py details "$RESULTS_JSONL"
	echo
	echo "ok: batch VSIs with a successful Associate response. st/br ECPDU: request ECPDUs (station / bridge) in the"
	echo "  batch span. repeats: station TLVs in that span for VSIs already associated (keep-alives). st/br rtx: ECP"
	echo "  retransmissions in that span, request ECPDUs carrying a sequence number that side had already sent (station /"
	echo "  bridge). br DeAss: unsolicited De-Associates from the bridge (ageing out), whole capture. first 100: first"
	echo "  request -> 100th successful VSI (s)."
	echo "Per-case details (JSON): $RESULTS_JSONL; captures: $OUT/*/bridge-side.pcap"
} > "$OUT/results.txt"
echo
cat "$OUT/results.txt"
echo
echo "output: $OUT"
