#!/usr/bin/env python3
"""compare.py RESULTS.jsonl [RESULTS.jsonl ...]: one Markdown table of run.sh results, the runs side by side per
case (rows in the order of the first file's cases, then each run's label)."""
import json
import sys


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def mb(kib):
    return '-' if kib is None else '%.1f MB' % (kib / 1024)


def ms(value):
    return '-' if value is None else '%.1f ms' % value


def effect(r):
    a = r.get('attacker') or {}
    case = r['case']
    if case == 'malformed':
        return '%s frames × %s TLVs' % (a.get('frames'), a.get('tlvsPerFrame'))
    if case == 'queue':
        return '%s TLVs in %s ECPDUs' % (a.get('tlvs'), a.get('frames'))
    if case == 'inject':
        return '%s injected; legitimate VSIs lost: %d' % (a.get('injected'), r.get('legitLost', 0))
    if case == 'scale':
        return '%s of %s VSIs granted (as seen by the attacker)' % (a.get('grantedSeen'), a.get('vsiTLVs'))
    if case == 'lldp':
        return 'bridge negotiated %s; legitimate station negotiated in %d of %d runs' % (
            ' / '.join(x.replace(' GroupIDs=true', '') for x in r.get('negotiated') or []) or '-',
            r.get('legitEVBRuns', 0), r.get('probeRuns', 0))
    if case == 'validation':
        o = a.get('outcome') or {}
        answers = ', '.join('%s %s' % (k, '/'.join(v)) for k, v in sorted(o.items()) if k not in ('spoof', 'replay'))
        return 'spoof rewrote victim: %s; replay re-created VSI: %s; answers: %s' % (
            'yes' if r.get('spoofRewroteVictim') else 'no', 'yes' if r.get('replayRecreated') else 'no', answers)
    return ''


runs = [load(path) for path in sys.argv[1:]]
cases = []
for rows in runs:
    for r in rows:
        if r['case'] not in cases:
            cases.append(r['case'])
print('| case | run | peak RSS | CPU | log bytes | log lines | Associates ok | latency median | latency max | effect |')
print('|---|---|---|---|---|---|---|---|---|---|')
for case in cases:
    for rows in runs:
        for r in rows:
            if r['case'] != case:
                continue
            print('| %s | %s | %s | %s s | %s | %s | %d/%d | %s | %s | %s |' % (
                case, r['label'], mb(r['peakRSSKiB']), r['cpuSeconds'], r['logBytes'], r['logLines'],
                r['succeeded'], r['associates'], ms(r.get('wireLatencyMedianMs')), ms(r.get('wireLatencyMaxMs')),
                effect(r)))
