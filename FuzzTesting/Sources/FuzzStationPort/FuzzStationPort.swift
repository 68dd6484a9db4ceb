// libFuzzer harness for `StationPort`: the input is a sequence of events (see `StationPortScenario`, shared by path
// with the main package's tests: the other .swift files here are symbolic links into
// Tests/VDPProtocolTests/PortFuzzing/). The scenario checks the port's invariants after every step; a broken one
// is reported on stderr and traps, which libFuzzer records as a crash. Traps inside the library and ASan reports
// are caught by the runtime and the sanitizer on their own.
//
// FUZZ_KNOWN_FINDINGS (comma-separated violation kinds, set by run.sh from the file names in
// Fixtures/fuzz-findings/FuzzStationPort/) lists open findings: an input that breaks one of those ends quietly, so a
// long run keeps looking for new ones instead of stopping at the first known finding.
//
// This file must not be called `main.swift`: libFuzzer supplies `main`.

#if canImport(Glibc)
    import Glibc
#endif

/// The violation kinds of open findings, from FUZZ_KNOWN_FINDINGS.
let knownFindings: Set<String> = {
    guard let value = getenv("FUZZ_KNOWN_FINDINGS") else {
        return []
    }
    return Set(String(cString: value).split(separator: ",").map(String.init))
}()

/// libFuzzer's entry point: runs one scenario. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStationPort(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes: [UInt8] =
        if let start, count > 0 {
            Array(UnsafeRawBufferPointer(start: start, count: count))
        } else {
            []
        }
    var scenario = StationPortScenario(bytes)
    do {
        try scenario.run()
    } catch  where knownFindings.contains(error.kind) {
        return 0
    } catch {
        fatalError("FuzzStationPort: invariant broken: \(error)")
    }
    return 0
}
