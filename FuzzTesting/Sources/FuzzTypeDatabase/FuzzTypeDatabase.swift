// libFuzzer harness for the VSI type database parser (VDPTypeDatabase's VSITypeDatabase.parse).
//
// Every input is parsed as a whole database file, under the default limits and under small ones (so that the
// bounds on bytes, line length, entries and list items are reached by short inputs). The parser may refuse the
// input with a typed `VSITypeDatabaseError`, the expected outcome for most inputs; it must never crash.
//
// Consistency checks (a violation traps):
// - an error names a line and a column inside the input: line 1 … (lines + 1), column 1 … (that line's length + 1);
// - a parsed database holds at most the limit's entries; each entry's line is inside the input; every entry is
//   what a lookup of its own type and version finds; its GroupID and VID ranges are sorted, disjoint and in range;
// - parsing is deterministic: the same input gives the same result twice.
//
// This file must not be called `main.swift`; libFuzzer supplies `main`.

import FuzzHarness
import VDPTypeDatabase
import VDPWire

private let smallLimits: VSITypeDatabaseLimits = {
    var limits = VSITypeDatabaseLimits()
    limits.maximumBytes = 1_500
    limits.maximumLineLength = 120
    limits.maximumEntries = 8
    limits.maximumListItems = 6
    return limits
}()

/// libFuzzer's entry point: called once per generated input. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTypeDatabase(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for limits in [VSITypeDatabaseLimits(), smallLimits] {
        let first = result(bytes, limits)
        precondition(first == result(bytes, limits), "parsing is not deterministic")
        switch first {
        case .failure(let error):
            precondition(error.line >= 1 && error.line <= lines.count + 1, "error line outside the input: \(error)")
            let length = error.line <= lines.count ? lines[error.line - 1].count : 0
            precondition(error.column >= 1 && error.column <= length + 1, "error column outside its line: \(error)")
        case .success(let database):
            check(database, lines: lines.count, limits: limits)
        }
    }
    return 0
}

private func result(_ bytes: [UInt8], _ limits: VSITypeDatabaseLimits) -> Result<VSITypeDatabase, VSITypeDatabaseError> {
    do throws(VSITypeDatabaseError) {
        return .success(try VSITypeDatabase.parse(bytes, limits: limits))
    } catch {
        return .failure(error)
    }
}

private func check(_ database: VSITypeDatabase, lines: Int, limits: VSITypeDatabaseLimits) {
    precondition(database.entries.count <= limits.maximumEntries, "more entries than the limit")
    for entry in database.entries {
        precondition(entry.line >= 1 && entry.line <= lines, "entry line outside the input")
        if let version = entry.version {
            precondition(database.entry(for: entry.typeID, version: version) == entry, "lookup misses \(entry.name)")
        }
        if case .only(let ranges) = entry.networks {
            checkSorted(ranges, within: 0...UInt32.max)
        }
        switch entry.vlans {
        case .range(let ranges):
            checkSorted(ranges, within: 1...4094)
        case .fixed(let vids):
            precondition(!vids.isEmpty && Set(vids).count == vids.count, "fixed VIDs empty or repeated")
            precondition(vids.allSatisfy { (1...4094).contains($0) }, "a fixed VID out of range")
        default:
            break
        }
        precondition(entry.pcp.map { $0 <= 7 } ?? true, "PCP out of range")
        precondition(entry.maximumPerStation.map { $0 >= 1 } ?? true, "per-station limit below 1")
        precondition(entry.managers.map { !$0.isEmpty } ?? true, "an empty manager list")
    }
}

private func checkSorted<Bound: Comparable>(_ ranges: [ClosedRange<Bound>], within bounds: ClosedRange<Bound>) {
    precondition(!ranges.isEmpty, "an empty list")
    for range in ranges {
        precondition(bounds.contains(range.lowerBound) && bounds.contains(range.upperBound), "a range out of bounds")
    }
    for (previous, next) in zip(ranges, ranges.dropFirst()) {
        precondition(previous.upperBound < next.lowerBound, "ranges not sorted and disjoint")
    }
}
