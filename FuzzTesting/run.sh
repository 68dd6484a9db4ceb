#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs them.
#
#   FuzzTesting/run.sh [seconds] [target]    fuzz each target (or only [target]) for [seconds] (default 60)
#   FuzzTesting/run.sh --replay [target]     run each target once over Fixtures/fuzz-regressions/<target>/*
#   FuzzTesting/run.sh --build               build only
#   FUZZ_BUILD=fast FuzzTesting/run.sh …     the same with coverage but without AddressSanitizer (3–10× the
#                                            executions per second; for long runs by hand, see Docs/FUZZING.md)
#
# Targets: FuzzVDPWire, FuzzCapture, FuzzBridgePort, FuzzStationPort, FuzzNetlink, FuzzControlProtocol,
# FuzzTypeDatabase, FuzzLldpadNetlink, FuzzLldpadClient. The build uses the flags that work with the Swift 6.3
# toolchain on Linux (Docs/FUZZING.md, STYLE.md §9): every Swift target, the library included, gets -sanitize=fuzzer,address.
#
# A fuzzing run starts from a temporary copy of Fixtures/fuzz-corpus/<target>, so the committed seed corpus
# never grows; set FUZZ_KEEP_CORPUS=1 to keep the grown copy (its path is printed). Crash inputs go to
# FuzzTesting/crashes/<target>/, the full libFuzzer output to FuzzTesting/.build/fuzz-logs/<target>.log.
# Extra libFuzzer flags can be passed in FUZZ_ARGS (e.g. FUZZ_ARGS="-seed=1 -timeout=5").
#
# Exit status: 0 when every run finished without a finding, 1 otherwise (crash, leak, timeout, OOM, or a
# round-trip violation, which the harness turns into a trap).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
# FUZZ_BUILD=fast drops AddressSanitizer (coverage and Swift's own run-time checks stay) and builds in a scratch
# path of its own, so the two builds do not overwrite each other.
case "${FUZZ_BUILD:-asan}" in
    asan) scratch="$here/.build"; swiftc_sanitizers="fuzzer,address" ;;
    fast) scratch="$here/.build-fast"; swiftc_sanitizers="fuzzer" ;;
    *) echo "FUZZ_BUILD must be asan (the default) or fast" >&2; exit 2 ;;
esac
all_targets=(FuzzVDPWire FuzzCapture FuzzBridgePort FuzzStationPort FuzzNetlink FuzzControlProtocol FuzzTypeDatabase FuzzLldpadNetlink FuzzLldpadClient)

dictionary() {
    case "$1" in
        FuzzVDPWire) echo "$here/VDPWire.dict" ;;
        FuzzCapture) echo "$here/Capture.dict" ;;
        # The port targets read their input as choices, not as wire octets: no dictionary.
        FuzzBridgePort | FuzzStationPort) echo "" ;;
        # Netlink lengths and types are host-endian integers, which libFuzzer's comparison tracing finds.
        FuzzNetlink | FuzzLldpadNetlink) echo "" ;;
        FuzzControlProtocol) echo "$here/ControlProtocol.dict" ;;
        FuzzTypeDatabase) echo "$here/TypeDatabase.dict" ;;
        FuzzLldpadClient) echo "$here/LldpadClient.dict" ;;
        *) echo "unknown target: $1" >&2; exit 2 ;;
    esac
}

build() {
    echo "== building (release, -sanitize=$swiftc_sanitizers) in $scratch"
    # ld.gold warns "Cannot export local symbol '__asan_…'" about a hundred times; the warnings are harmless.
    # With pipefail the pipeline fails exactly when swift build does (the filter always succeeds).
    if ! swift build --package-path "$here" --scratch-path "$scratch" -c release \
        --sanitize=fuzzer -Xswiftc -sanitize="$swiftc_sanitizers" 2>&1 |
        { grep -v "Cannot export local symbol" || true; }; then
        echo "build failed" >&2
        exit 1
    fi
    bin="$(swift build --package-path "$here" --scratch-path "$scratch" -c release --show-bin-path)"
}

# The violation kinds of the open findings of a port target: Fixtures/fuzz-findings/<target>/<kind>--<name>.bin.
# The harness lets an input that breaks one of them end quietly, so a run looks for new findings; each open
# finding's reproducer is checked by PortFuzzRegressionTests to still break exactly that invariant.
known_findings() {
    local folder="$root/Fixtures/fuzz-findings/$1"
    [[ -d "$folder" ]] || return 0
    find "$folder" -maxdepth 1 -type f -name '*--*' -printf '%f\n' | sed 's/--.*//' | sort -u | paste -sd, -
}

# Prints the figures of a finished run from its log: executions, exec/s, the last coverage line.
summarize() {
    local target="$1" log="$2" corpus="$3"
    local runs execs_per_sec last
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    execs_per_sec="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    last="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
    echo "== $target: executions ${runs:-?}, ${execs_per_sec:-?} exec/s, corpus $(find "$corpus" -type f | wc -l) files"
    echo "   last status line: ${last:-none}"
}

fuzz() {
    local target="$1" seconds="$2"
    local seeds="$root/Fixtures/fuzz-corpus/$target"
    local crashes="$here/crashes/$target"
    local logs="$scratch/fuzz-logs"
    local log="$logs/$target.log"
    mkdir -p "$crashes" "$logs"

    local corpus
    corpus="$(mktemp -d "${TMPDIR:-/tmp}/$target-corpus.XXXXXX")"
    if [[ -d "$seeds" ]]; then
        find "$seeds" -maxdepth 1 -type f ! -name '.gitkeep' -exec cp {} "$corpus/" \;
    fi

    local known
    known="$(known_findings "$target")"
    echo "== fuzzing $target for $seconds s (seeds: $(find "$corpus" -type f | wc -l), log: $log)"
    [[ -n "$known" ]] && echo "   open findings tolerated (Fixtures/fuzz-findings/$target): $known"
    local status=0
    # shellcheck disable=SC2086 # FUZZ_ARGS is split into flags on purpose.
    local dict_flag=()
    [[ -n "$(dictionary "$target")" ]] && dict_flag=(-dict="$(dictionary "$target")")
    SWIFT_BACKTRACE=enable=no FUZZ_KNOWN_FINDINGS="$known" "$bin/$target" \
        "${dict_flag[@]}" \
        -max_total_time="$seconds" \
        -max_len=2048 \
        -timeout=10 \
        -print_final_stats=1 \
        -artifact_prefix="$crashes/" \
        ${FUZZ_ARGS:-} \
        "$corpus" >"$log" 2>&1 || status=$?

    summarize "$target" "$log" "$corpus"
    if [[ "${FUZZ_KEEP_CORPUS:-0}" == 1 ]]; then
        echo "   working corpus kept in $corpus"
    else
        rm -rf "$corpus"
    fi
    if [[ "$status" != 0 ]]; then
        echo "!! $target: libFuzzer exited with $status; crash input(s) in $crashes:" >&2
        ls -1 "$crashes" >&2 || true
        grep -E -m 20 'ERROR|Fatal error|round trip failed|SUMMARY|input ' "$log" >&2 || true
        return 1
    fi
}

replay() {
    local target="$1"
    local folder="$root/Fixtures/fuzz-regressions/$target"
    local inputs=()
    if [[ -d "$folder" ]]; then
        while IFS= read -r -d '' file; do
            inputs+=("$file")
        done < <(find "$folder" -maxdepth 1 -type f ! -name '.gitkeep' -print0 | sort -z)
    fi
    if [[ ${#inputs[@]} == 0 ]]; then
        echo "== $target: no regression inputs in ${folder#"$root/"}"
        return 0
    fi
    echo "== replaying ${#inputs[@]} input(s) through $target"
    if SWIFT_BACKTRACE=enable=no "$bin/$target" "${inputs[@]}"; then
        echo "== $target: all regression inputs pass"
    else
        echo "!! $target: a regression input fails" >&2
        return 1
    fi
}

mode=fuzz
seconds=60
targets=()
for argument in "$@"; do
    case "$argument" in
        --replay) mode=replay ;;
        --build) mode=build ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        [0-9]*) seconds="$argument" ;;
        Fuzz*) dictionary "$argument" >/dev/null; targets+=("$argument") ;;
        *) echo "unknown argument: $argument (see --help)" >&2; exit 2 ;;
    esac
done
[[ ${#targets[@]} == 0 ]] && targets=("${all_targets[@]}")

build
[[ "$mode" == build ]] && exit 0

failed=0
for target in "${targets[@]}"; do
    if [[ "$mode" == replay ]]; then
        replay "$target" || failed=1
    else
        fuzz "$target" "$seconds" || failed=1
    fi
done
exit "$failed"
