// libFuzzer harness for the VDPWire codec.
//
// Every input is handed to each public decoder in turn: a whole Ethernet frame, then the same octets as a
// VDP ULPDU, a ratified ECPDU, an LLDPDU, a draft-0.2 ECPDU, and a single LLDP TLV (generic, ratified EVB,
// draft EVB). A decoder may reject the input with a typed `VDPDecodingError`; that is the expected outcome
// for most inputs. What it must never do is crash, and whenever it accepts the input the codec's lossless
// property must hold:
//
//   1. `encoded()` reproduces the input octets exactly;
//   2. `encodedLength` equals the input length;
//   3. decoding `encoded()` again succeeds and gives a value equal (`==`) to the first one.
//
// A violation is reported on stderr (decoder name, input and re-encoding in hex) and then traps, so libFuzzer
// records the input under `-artifact_prefix`. Crashes inside the library (out-of-range subscripts, overflow
// traps, ASan reports) are caught by the runtime and the sanitizer on their own.
//
// This file must not be called `main.swift`: SwiftPM would then treat it as the entry point and the link
// fails. libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` once per input.

import VDPWire

/// libFuzzer's entry point: called once per generated input. Always returns 0 (libFuzzer reserves other
/// values); failures trap instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVDPWire(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes: [UInt8] =
        if let start, count > 0 {
            Array(UnsafeRawBufferPointer(start: start, count: count))
        } else {
            []
        }

    checkRoundTrip("Frame", bytes, decode: Frame.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    checkRoundTrip("VDPULPDU", bytes, decode: VDPULPDU.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    checkRoundTrip("ECPDU", bytes, decode: ECPDU.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    checkRoundTrip("LLDPDU", bytes, decode: LLDPDU.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    checkRoundTrip("DraftECPDU", bytes, decode: DraftECPDU.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    checkRoundTrip("LLDPTLV", bytes, decode: LLDPTLV.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    checkRoundTrip("EVBTLV", bytes, decode: EVBTLV.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    checkRoundTrip("DraftEVBTLV", bytes, decode: DraftEVBTLV.init(decoding:), encode: { $0.encoded() }, length: \.encodedLength)
    return 0
}

/// Decodes `bytes` with `decode`; if that succeeds, checks the lossless round-trip property and traps on a
/// violation. A decoding error is the normal outcome for a malformed input and is ignored.
///
/// - Parameters:
///   - name: the decoder's name, for the failure report.
///   - bytes: the fuzz input.
///   - decode: the type's `init(decoding:)`.
///   - encode: the type's `encoded()`.
///   - length: the type's `encodedLength`.
func checkRoundTrip<Value: Equatable>(
    _ name: String,
    _ bytes: [UInt8],
    decode: ([UInt8]) throws(VDPDecodingError) -> Value,
    encode: (Value) -> [UInt8],
    length: (Value) -> Int
) {
    let value: Value
    do {
        value = try decode(bytes)
    } catch {
        return  // Rejected with a typed error: fine.
    }

    let reencoded = encode(value)
    guard reencoded == bytes else {
        fail(name, "encoded() differs from the input", bytes, reencoded)
    }
    guard length(value) == bytes.count else {
        fail(name, "encodedLength is \(length(value)), the input is \(bytes.count) octets", bytes, reencoded)
    }
    let redecoded: Value
    do {
        redecoded = try decode(reencoded)
    } catch {
        fail(name, "the re-encoding does not decode: \(error)", bytes, reencoded)
    }
    guard redecoded == value else {
        fail(name, "decoding the re-encoding gives a different value", bytes, reencoded)
    }
}

/// Traps with a report of what went wrong (printed on stderr by the runtime), so that libFuzzer saves the
/// input as a crash artifact.
func fail(_ name: String, _ problem: String, _ input: [UInt8], _ reencoded: [UInt8]) -> Never {
    fatalError(
        """
        FuzzVDPWire: \(name) round trip failed: \(problem)
          input      (\(input.count) octets): \(hex(input))
          re-encoded (\(reencoded.count) octets): \(hex(reencoded))
        """
    )
}

/// Lower-case hex without separators, as `xxd -p` prints it.
func hex(_ bytes: [UInt8]) -> String {
    let digits: [Character] = Array("0123456789abcdef")
    var text = ""
    text.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return text
}
