// libFuzzer harness for `BridgePort`: the input is a sequence of events (see `BridgePortScenario`, shared by path
// with the main package's tests: the other .swift files here are symbolic links into
// Tests/VDPProtocolTests/PortFuzzing/). The scenario checks the port's invariants after every step; a broken one
// is reported on stderr and traps, which libFuzzer records as a crash. Traps inside the library and ASan reports
// are caught by the runtime and the sanitizer on their own. Open findings are tolerated (FuzzHarness).
//
// This file must not be called `main.swift`: libFuzzer supplies `main`.

import FuzzHarness

/// libFuzzer's entry point: runs one scenario. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBridgePort(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    var scenario = BridgePortScenario(fuzzInput(start, count))
    do {
        try scenario.run()
    } catch  where knownFindings.contains(error.kind) {
        return 0
    } catch {
        fatalError("FuzzBridgePort: invariant broken: \(error)")
    }
    return 0
}
