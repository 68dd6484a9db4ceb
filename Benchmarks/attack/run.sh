#!/usr/bin/env bash
# Benchmarks/attack/run.sh [CASE ...] -- a hostile station against `vdpctl bridge`, measured (a benchmark, not a test).
#
# Each case gets fresh network namespaces: the bridge's port, a legitimate `vdpctl station` and an attacker
# (attack.py, raw frames) on one segment, joined by a Linux bridge with STP off used as a hub (it forwards
# 01-80-C2-00-00-00 to every port):
#
#     [atbr-X] b<X> ---- hb<X> -+
#     [atst-X] s<X> ---- hs<X> -+- hub<X> (type bridge, in [athub-X])
#     [atat-X] a<X> ---- ha<X> -+
#
# Cases (default: all, in this order):
#   idle       no attack: the legitimate station's latency for reference
#   malformed  (a) Manager ID + 739 zero-length VSI TLVs per ECPDU, $MALFORMED_RATE frames/s; the bridge's standard
#              output goes through a pipe read at $SLOW_READER bytes/s (a slow log shipper)
#   queue      (b) De-Associates of unknown VSIs and Associates of new VSIs, 42 per ECPDU, $QUEUE_RATE ECPDUs/s,
#              the bridge's ECPDUs never acknowledged
#   inject     (c) a second station sends the victim's next ECP sequence number after every victim request
#   scale      (d) $SCALE_VSIS VSIs associated (acknowledged), then silent, so that they all age out
#   lldp       (e) a stranger's LLDPDUs: EVB TLV with RTE/RWD/RKA 31, and TTL 0, every second
#   validation (f) spoofed source MAC, VIDs 1/4095/another VSI's, VSIID formats 0/6/255, replayed Associate
# During the attack window the legitimate station runs again and again (`vdpctl station --stay 2` with three
# Associates of null-VID VSIs). "assoc ok" counts the Associates its event log reports as granted; the latency
# is measured on the wire: on the station's interface (kernel time stamps, SO_TIMESTAMPNS), from the first
# transmission of each Associate request to the bridge's first response for that VSIID (median and maximum over
# the Associates answered; an unanswered one has no latency and counts as not ok).
#
# Measured per case: the bridge's peak RSS (VmHWM of /proc/PID/status, just before SIGTERM), its CPU seconds
# (utime + stime of /proc/PID/stat, same moment), the volume of its event log (bytes and lines read from its
# standard output, including what it printed while stopping), and the legitimate Associates: how many
# succeeded, median and maximum latency. Output: results.jsonl, results.txt and per-case logs in $OUT.
#
# Environment:
#   VDPCTL=path        the vdpctl to attack (default: <package>/.build/release/vdpctl)
#   BRIDGE_ARGS="…"    extra options for `vdpctl bridge` (for example limits)
#   OUT=dir            output directory (default: a new /tmp/vdp-attack.XXXXXX)
#   WINDOW=20          seconds each attack lasts        LABEL=name  a name for this run in the results
#   MALFORMED_RATE=100 QUEUE_RATE=200 SCALE_VSIS=200000 SCALE_RATE=1000 SLOW_READER=131072
# Requirements: root, iproute2, python3, coreutils (timeout).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VDPCTL=${VDPCTL:-$ROOT/.build/release/vdpctl}
BRIDGE_ARGS=${BRIDGE_ARGS:-}
OUT=${OUT:-$(mktemp -d /tmp/vdp-attack.XXXXXX)}
WINDOW=${WINDOW:-20}
LABEL=${LABEL:-$(basename "$VDPCTL")}
MALFORMED_RATE=${MALFORMED_RATE:-100}
QUEUE_RATE=${QUEUE_RATE:-200}
SCALE_VSIS=${SCALE_VSIS:-200000}
SCALE_RATE=${SCALE_RATE:-1000}
SLOW_READER=${SLOW_READER:-131072}
ATTACK=$HERE/attack.py
CASES=("$@")
[ ${#CASES[@]} -gt 0 ] || CASES=(idle malformed queue inject scale lldp validation)
# The default VDP timers (RTE 8: ackTimer 2.56 ms; RWD 20 and RKA 20: respWaitDelay and toutKeepAlive 15.8 s),
# so that an Associate without an answer fails after 15.8 s and a VSI without keep-alives ages out after 15.8 s.
TIMERS=(--rte 8)
VID_RANGE=100-1099

mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
log() { echo "[$(date +%T)] $*" >&2; }
die() { echo "run.sh: $*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "needs root (namespaces, veth, raw sockets)"
for tool in ip python3 timeout sysctl mkfifo; do command -v $tool >/dev/null || die "missing $tool"; done
[ -x "$VDPCTL" ] || die "no vdpctl at $VDPCTL (swift build -c release --product vdpctl)"

# ---------------------------------------------------------------------------------- bookkeeping and clean-up
PIDS=()
NAMESPACES=()
track() { PIDS+=("$1"); }

stop_pid() {   # stop_pid PID [SIGNAL [SECONDS]]: signal, wait, then SIGKILL
	local pid=$1 sig=${2:-TERM} wait=${3:-3}
	kill -0 "$pid" 2>/dev/null || return 0
	kill -"$sig" "$pid" 2>/dev/null
	for _ in $(seq $((wait * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

cleanup_case() {
	local i
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}" TERM 1; done
	PIDS=()
	for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
	NAMESPACES=()
}
trap 'trap - INT TERM; log "interrupted: cleaning up"; cleanup_case; exit 130' INT TERM
trap cleanup_case EXIT

wait_for() {   # wait_for SECONDS COMMAND...
	local deadline=$((SECONDS + $1)); shift
	until "$@"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

# ------------------------------------------------------------------------------------------------- topology
setup() {
	SFX=$(printf '%06x' $(((RANDOM * 32768 + RANDOM) & 0xffffff)))
	NS_BR=atbr-$SFX NS_HUB=athub-$SFX NS_ST=atst-$SFX NS_AT=atat-$SFX
	IF_BR=b$SFX IF_ST=s$SFX IF_AT=a$SFX HUB=hub$SFX
	local ns
	for ns in $NS_BR $NS_HUB $NS_ST $NS_AT; do
		ip netns add $ns || return 1
		NAMESPACES+=($ns)
		ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		ip -n $ns link set lo up
	done
	ip -n $NS_HUB link add $HUB type bridge stp_state 0 || return 1
	ip -n $NS_HUB link set $HUB up
	local pair
	for pair in "$NS_BR $IF_BR hb$SFX" "$NS_ST $IF_ST hs$SFX" "$NS_AT $IF_AT ha$SFX"; do
		set -- $pair
		ip link add $2 netns $1 type veth peer name $3 netns $NS_HUB || return 1
		ip -n $NS_HUB link set $3 master $HUB
		ip -n $1 link set $2 up
		ip -n $NS_HUB link set $3 up
	done
	wait_for 5 sh -c "ip -n $NS_BR -o link show $IF_BR | grep -q LOWER_UP && ip -n $NS_ST -o link show $IF_ST | grep -q LOWER_UP && ip -n $NS_AT -o link show $IF_AT | grep -q LOWER_UP" ||
		return 1
	# the hub forwards only once its ports are in forwarding state
	wait_for 10 sh -c "! ip -n $NS_HUB -o link show master $HUB | grep -vq 'state UP'" || return 1
	ST_MAC=$(ip -n $NS_ST -o link show $IF_ST | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
}

# start_bridge READER_RATE: vdpctl bridge, its stdout through a FIFO into attack.py drain
start_bridge() {
	mkfifo "$DIR/bridge.fifo"
	python3 "$ATTACK" drain "$DIR/bridge.log" --rate "$1" --keep 50000000 < "$DIR/bridge.fifo" > "$DIR/drain.json" &
	DRAIN_PID=$!
	track $DRAIN_PID
	# shellcheck disable=SC2086
	ip netns exec $NS_BR "$VDPCTL" bridge -i $IF_BR --json "${TIMERS[@]}" --vid-range $VID_RANGE $BRIDGE_ARGS \
		> "$DIR/bridge.fifo" 2> "$DIR/bridge.err" &
	BRIDGE_PID=$!
	track $BRIDGE_PID
	wait_for 10 grep -qs '"kind":"start"' "$DIR/bridge.log" || { log "bridge did not start: $(cat "$DIR/bridge.err")"; return 1; }
	ip netns exec $NS_ST python3 "$ATTACK" watch $IF_ST "$DIR/watch.json" --prefix a11ce000 2> "$DIR/watch.err" &
	WATCH_PID=$!
	track $WATCH_PID
	RSS_LOG=$DIR/rss.txt
	( while kill -0 $BRIDGE_PID 2>/dev/null; do
		echo "$(date +%s.%N) $(awk '/VmRSS/ {print $2}' /proc/$BRIDGE_PID/status 2>/dev/null)"
		sleep 1
	done ) > "$RSS_LOG" &
	track $!
}

# probe_once N: one legitimate station run, three Associates (and, for N=0 of the validation case, more)
PROBE_RUNS=0
probe_once() {
	local n=$1 k args=(station -i $IF_ST --json "${TIMERS[@]}" --stay ${STAY:-2})
	shift
	if [ $# -gt 0 ]; then
		args+=("$@")
	else
		for k in 1 2 3; do
			args+=(-- mode=assoc mgrid=legit typeid=5 typeidver=1
				uuid=$(printf 'a11ce000-0000-4000-8000-%06x%06x' "$n" "$k") hints=none
				filter=0-$(printf '52:54:00:a1:%02x:%02x' $((n % 256)) "$k"))
		done
	fi
	timeout 60 ip netns exec $NS_ST "$VDPCTL" "${args[@]}" 2> "$DIR/probe-$n.err" |
		python3 "$ATTACK" stamp > "$DIR/probe-$n.log"
	PROBE_RUNS=$((PROBE_RUNS + 1))
}

# probe_loop SECONDS: legitimate station runs one after the other until SECONDS have passed (at least one)
probe_loop() {
	local end=$((SECONDS + $1)) n=1
	while :; do
		probe_once $n
		n=$((n + 1))
		[ $SECONDS -lt $end ] || break
	done
}

# sample: the bridge's peak RSS and CPU now
sample() {
	local tck
	tck=$(getconf CLK_TCK)
	PEAK_KB=$(awk '/VmHWM/ {print $2}' /proc/$BRIDGE_PID/status 2>/dev/null || echo null)
	CPU_S=$(awk -v t="$tck" '{ printf "%.2f", ($14 + $15) / t }' /proc/$BRIDGE_PID/stat 2>/dev/null || echo null)
	[ -n "$PEAK_KB" ] || PEAK_KB=null
	[ -n "$CPU_S" ] || CPU_S=null
}

run_attack() {   # run_attack CASE: the attacker in the background, the legitimate station in the foreground
	local attack_args=()
	case $1 in
	idle) probe_loop "$WINDOW"; return ;;
	malformed) attack_args=(malformed $IF_AT --seconds "$WINDOW" --rate "$MALFORMED_RATE") ;;
	queue) attack_args=(queue-flood $IF_AT --seconds "$WINDOW" --rate "$QUEUE_RATE") ;;
	inject) attack_args=(inject-seq $IF_AT --seconds "$WINDOW" --victim "$ST_MAC") ;;
	scale) attack_args=(scale $IF_AT --vsis "$SCALE_VSIS" --rate "$SCALE_RATE" --settle 1) ;;
	lldp) attack_args=(lldp $IF_AT --seconds "$WINDOW") ;;
	validation)
		attack_args=(validation $IF_AT --seconds "$WINDOW" --victim "$ST_MAC"
			--victim-vsiid a11ce000-0000-4000-8000-000000000001 --replay-vsiid a11ce000-0000-4000-8000-0000000000ee) ;;
	esac
	ip netns exec $NS_AT python3 "$ATTACK" "${attack_args[@]}" > "$DIR/attacker.json" 2> "$DIR/attacker.err" &
	local attacker=$!
	track $attacker
	wait_for 20 grep -qs ready "$DIR/attacker.err" || log "$1: the attacker did not report ready"
	sleep 0.5
	case $1 in
	validation)
		# the victim: a VSI to be spoofed, one associated, de-associated and then replayed (2 s later, while the
		# victim still runs), one more after
		STAY=8 probe_once 0 \
			-- mode=assoc mgrid=legit typeid=5 typeidver=1 uuid=a11ce000-0000-4000-8000-000000000001 filter=0-52:54:00:a1:00:01 \
			-- mode=assoc mgrid=legit typeid=5 typeidver=1 uuid=a11ce000-0000-4000-8000-0000000000ee filter=0-52:54:00:a1:00:ee \
			-- mode=deassoc mgrid=legit typeid=5 typeidver=1 uuid=a11ce000-0000-4000-8000-0000000000ee filter=0-52:54:00:a1:00:ee \
			-- mode=assoc mgrid=legit typeid=5 typeidver=1 uuid=a11ce000-0000-4000-8000-000000000002 filter=0-52:54:00:a1:00:02
		probe_loop $((WINDOW - 12))
		;;
	scale)
		# during creation and while the VSIs age out (toutKeepAlive, 15.8 s after their creation)
		probe_loop $((WINDOW + 10))
		;;
	*) probe_loop $((WINDOW - 1)) ;;
	esac
	wait_for $((WINDOW + 60)) sh -c "! kill -0 $attacker 2>/dev/null" || log "$1: attacker still running"
	sleep 2
}

finish_case() {   # finish_case CASE
	sample
	stop_pid "$WATCH_PID" TERM 10
	kill -USR1 "$DRAIN_PID" 2>/dev/null   # the reader speeds up, so that the bridge can print its table
	stop_pid "$BRIDGE_PID" TERM 20
	wait_for 20 sh -c "! kill -0 $DRAIN_PID 2>/dev/null"
	cleanup_case
	python3 - "$1" "$DIR" "$PEAK_KB" "$CPU_S" "$PROBE_RUNS" "$LABEL" >> "$RESULTS" <<'PYEOF'
import glob, json, re, statistics, sys
case, d, peak, cpu, runs, label = sys.argv[1:7]
def load(path):
    try:
        return json.load(open(path))
    except Exception:
        return None
drain = load(d + '/drain.json') or {}
attacker = load(d + '/attacker.json')
uuid = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
lat, ok, total, failures = [], 0, 0, []
lost, evb_runs = 0, 0
for path in sorted(glob.glob(d + '/probe-*.log')):
    asked = {}
    negotiated_here = False
    for line in open(path, errors='replace'):
        t, _, rest = line.partition('\t')
        try:
            entry = json.loads(rest)
        except Exception:
            continue
        if entry.get('kind') == 'evb' and not negotiated_here:
            negotiated_here = True
            evb_runs += 1
        # a granted VSI the station lost while it ran: keep-alive failed, or the bridge ended it
        if entry.get('kind') == 'vsi' and ('keep-alive failed' in entry.get('text', '')
                                           or 'de-associated by the bridge' in entry.get('text', '')):
            lost += 1
        m = uuid.search(entry.get('text', ''))
        if not m:
            continue
        if entry['kind'] == 'request' and entry['text'].lower().startswith('associate'):
            asked[m.group(0)] = float(t)
            total += 1
        elif entry['kind'] in ('result', 'failure') and m.group(0) in asked:
            start = asked.pop(m.group(0))
            if entry['kind'] == 'result':
                ok += 1
                lat.append((float(t) - start) * 1000)
            else:
                failures.append(entry['text'][:120])
# the Associates as seen on the wire, on the legitimate station's interface (kernel time stamps)
wire = load(d + '/watch.json') or {}
wire_lat, wire_ok = [], 0
for entry in wire.values():
    if entry.get('response') is not None:
        wire_lat.append((entry['response'] - entry['request']) * 1000)
        if entry.get('type') == 3 and entry.get('status', 0) & 0x4F == 0x40:
            wire_ok += 1
bridge_log = d + '/bridge.log'
kinds, aged_legit, negotiated = {}, 0, []
spoofed = replay_deassociated = replay_recreated = False
try:
    for line in open(bridge_log, errors='replace'):
        try:
            entry = json.loads(line)
        except Exception:
            continue
        kinds[entry['kind']] = kinds.get(entry['kind'], 0) + 1
        if 'a11ce' in entry['text'] and 'aged out' in entry['text']:
            aged_legit += 1
        if entry['kind'] == 'evb':
            negotiated.append(entry['text'].replace('EVB negotiated: ', ''))
        # validation: the victim's VSI given the spoofed VID; the replayed VSI associated again after its end
        if entry['kind'] == 'vsi' and 'a11ce000-0000-4000-8000-000000000001: associated' in entry['text'] \
                and 'VID=1097]' in entry['text']:
            spoofed = True
        if entry['kind'] == 'vsi' and 'a11ce000-0000-4000-8000-0000000000ee: removed' in entry['text']:
            replay_deassociated = True
        if entry['kind'] == 'vsi' and 'a11ce000-0000-4000-8000-0000000000ee: associated' in entry['text'] \
                and replay_deassociated:
            replay_recreated = True
except FileNotFoundError:
    pass
row = {
    'label': label, 'case': case,
    'peakRSSKiB': None if peak == 'null' else int(peak),
    'cpuSeconds': None if cpu == 'null' else float(cpu),
    'logBytes': drain.get('bytes'), 'logLines': drain.get('lines'),
    'probeRuns': int(runs), 'associates': total, 'succeeded': ok,
    'latencyMedianMs': round(statistics.median(lat), 2) if lat else None,
    'latencyMaxMs': round(max(lat), 2) if lat else None,
    'legitAgedOut': aged_legit,
    'wireAssociates': len(wire), 'wireSucceeded': wire_ok,
    'wireLatencyMedianMs': round(statistics.median(wire_lat), 2) if wire_lat else None,
    'wireLatencyMaxMs': round(max(wire_lat), 2) if wire_lat else None,
    'legitLost': lost,
    'spoofRewroteVictim': spoofed,
    'replayRecreated': replay_recreated,
    'legitEVBRuns': evb_runs,
    'logKinds': kinds,
    'negotiated': sorted(set(negotiated))[-3:],
    'failures': failures[:3],
    'attacker': attacker,
    'dir': d,
}
print(json.dumps(row))
PYEOF
}

# --------------------------------------------------------------------------------------------------- main
{
	echo "swift-vdp attack benchmark, $(date -u +%FT%TZ), label $LABEL"
	echo "host: $(uname -srm); nproc $(nproc); CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); memory available: $(awk '/MemAvailable/ {print $2}' /proc/meminfo) kB"
	echo "vdpctl: $VDPCTL ($(sha256sum "$VDPCTL" | cut -c1-12)); bridge options: ${TIMERS[*]} --vid-range $VID_RANGE $BRIDGE_ARGS"
	echo "window $WINDOW s; malformed $MALFORMED_RATE frames/s, slow reader $SLOW_READER B/s; queue flood $QUEUE_RATE ECPDUs/s;"
	echo "scale $SCALE_VSIS VSIs at $SCALE_RATE ECPDUs/s; cases: ${CASES[*]}"
} > "$OUT/header.txt"
cat "$OUT/header.txt" >&2

for case in "${CASES[@]}"; do
	DIR=$OUT/$case
	mkdir -p "$DIR"
	log "=== $case"
	PROBE_RUNS=0 BRIDGE_PID= DRAIN_PID=
	if ! setup; then log "$case: could not set up the segment"; cleanup_case; continue; fi
	reader=0
	[ "$case" = malformed ] && reader=$SLOW_READER
	if ! start_bridge $reader; then cleanup_case; continue; fi
	run_attack "$case"
	finish_case "$case"
	log "$case: $(tail -1 "$RESULTS" | cut -c1-300)"
done

python3 - "$RESULTS" > "$OUT/table.txt" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
head = '%-12s %-11s %10s %8s %11s %10s %9s %10s %10s  %s' % (
    'label', 'case', 'peak RSS', 'CPU s', 'log bytes', 'log lines', 'assoc ok', 'lat med', 'lat max', 'attack / effect')
print(head)
print('-' * len(head))
def mb(k):
    return '-' if k is None else '%.1f MB' % (k / 1024)
for r in rows:
    a = r.get('attacker') or {}
    effect = []
    if r['case'] == 'malformed':
        effect.append('%s frames' % a.get('frames'))
    elif r['case'] == 'queue':
        effect.append('%s TLVs' % a.get('tlvs'))
    elif r['case'] == 'inject':
        effect.append('%s injected; legit VSIs lost %d' % (a.get('injected'), r['legitLost']))
    elif r['case'] == 'scale':
        effect.append('%s VSIs in %ss' % (a.get('grantedSeen'), a.get('createSeconds')))
    elif r['case'] == 'lldp':
        effect.append('bridge negotiated %s; legit station negotiated in %d of %d runs' % (
            ' / '.join(x.replace(' GroupIDs=true', '') for x in r.get('negotiated') or []) or '-',
            r['legitEVBRuns'], r['probeRuns']))
    elif r['case'] == 'validation':
        o = a.get('outcome') or {}
        effect.append('spoof rewrote victim: %s; replay re-created VSI: %s; answers seen: ' % (
            'yes' if r.get('spoofRewroteVictim') else 'no', 'yes' if r.get('replayRecreated') else 'no'))
        effect.append(' '.join('%s=%s' % (k, ','.join(v)) for k, v in sorted(o.items()) if k not in ('spoof', 'replay')))
    print('%-12s %-11s %10s %8s %11s %10s %9s %10s %10s  %s' % (
        r['label'][:12], r['case'], mb(r['peakRSSKiB']), r['cpuSeconds'], r['logBytes'], r['logLines'],
        '%d/%d' % (r['succeeded'], r['associates']),
        '-' if r.get('wireLatencyMedianMs') is None else '%.1f ms' % r['wireLatencyMedianMs'],
        '-' if r.get('wireLatencyMaxMs') is None else '%.1f ms' % r['wireLatencyMaxMs'], ' '.join(effect)))
PYEOF
{
	cat "$OUT/header.txt"
	echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	cat "$OUT/table.txt"
} > "$OUT/results.txt"
echo
cat "$OUT/results.txt"
echo "output: $OUT"
