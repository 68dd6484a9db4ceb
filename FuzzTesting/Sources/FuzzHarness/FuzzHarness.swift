// What every libFuzzer harness of this package shares: the input as an array, and the open findings to tolerate.

#if canImport(Glibc)
    import Glibc
#endif

/// The fuzzer's input as an array of octets (empty when libFuzzer passes no bytes).
public func fuzzInput(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else {
        return []
    }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
}

/// The violation kinds of open findings, from FUZZ_KNOWN_FINDINGS (comma-separated, set by run.sh from the file
/// names in Fixtures/fuzz-findings/<target>/): an input that breaks one of those ends quietly, so a long run keeps
/// looking for new findings instead of stopping at the first known one.
public let knownFindings: Set<String> = {
    guard let value = getenv("FUZZ_KNOWN_FINDINGS") else {
        return []
    }
    return Set(String(cString: value).split(separator: ",").map(String.init))
}()
