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
// The in-place view of a VDP ULPDU (`VDPULPDUView`, which a decoded `VDPULPDU` keeps) must agree with the owned
// values: the view and `VDPULPDU(decoding:)` accept and refuse the same inputs with the same error; every TLV the
// view validated decodes when read (as many TLVs and VSI TLVs as it counted); and a ULPDU built from the TLVs it
// reads (an array, as a caller builds one) is equal to the decoded one, hashes alike, and encodes to the input.
// The same holds for the ULPDU of every ECP frame that decodes.
//
// A violation is reported on stderr (decoder name, input and re-encoding in hex) and then traps, so libFuzzer
// records the input under `-artifact_prefix`. Crashes inside the library (out-of-range subscripts, overflow
// traps, ASan reports) are caught by the runtime and the sanitizer on their own.
//
// This file must not be called `main.swift`: SwiftPM would then treat it as the entry point and the link
// fails. libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` once per input.

import FuzzHarness
import VDPWire

/// libFuzzer's entry point: called once per generated input. Always returns 0 (libFuzzer reserves other
/// values); failures trap instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVDPWire(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)

    checkRoundTrip(Frame.self, bytes)
    checkRoundTrip(ReceivingFrame.self, bytes)
    checkRoundTrip(VDPULPDU.self, bytes)
    checkRoundTrip(ECPDU.self, bytes)
    checkRoundTrip(LLDPDU.self, bytes)
    checkRoundTrip(DraftECPDU.self, bytes)
    checkRoundTrip(LLDPTLV.self, bytes)
    checkRoundTrip(EVBTLV.self, bytes)
    checkRoundTrip(DraftEVBTLV.self, bytes)
    checkViewAgreement(bytes)
    if case .ecp(let ecpdu)? = try? Frame(decoding: bytes).payload, case .vdp(let ulpdu) = ecpdu.payload {
        checkBuiltAgreement(ulpdu, "Frame ULPDU", bytes)
    }
    return 0
}

/// A VDPWire type with the codec's public entry points: decoding from an array, `encoded()`, `encodedLength`.
///
/// The requirement is `fuzzEncoded()` rather than `encoded()` because `Frame.encoded(padToMinimumLength:)` has a
/// defaulted parameter, which cannot satisfy a protocol requirement.
protocol FuzzRoundTripping: Equatable {
    init(decoding bytes: [UInt8]) throws(VDPDecodingError)
    var encodedLength: Int { get }
    func fuzzEncoded() -> [UInt8]
}

extension Frame: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

/// A frame decoded as a receiving port decodes it: a malformed VDP ULPDU is salvaged instead of refused.
struct ReceivingFrame: FuzzRoundTripping {
    var frame: Frame

    init(decoding bytes: [UInt8]) throws(VDPDecodingError) {
        frame = try Frame(decoding: bytes, options: .receiving)
    }

    var encodedLength: Int { frame.encodedLength }

    func fuzzEncoded() -> [UInt8] { frame.encoded() }
}

extension VDPULPDU: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

extension ECPDU: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

extension LLDPDU: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

extension DraftECPDU: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

extension LLDPTLV: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

extension EVBTLV: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

extension DraftEVBTLV: FuzzRoundTripping {
    func fuzzEncoded() -> [UInt8] { encoded() }
}

/// Decodes `bytes` as a `Value`; if that succeeds, checks the lossless round-trip property and traps on a
/// violation. A decoding error is the normal outcome for a malformed input and is ignored.
func checkRoundTrip<Value: FuzzRoundTripping>(_: Value.Type, _ bytes: [UInt8]) {
    let name = String(describing: Value.self)
    let value: Value
    do {
        value = try Value(decoding: bytes)
    } catch {
        return  // Rejected with a typed error: fine.
    }

    let reencoded = value.fuzzEncoded()
    guard reencoded == bytes else {
        fail(name, "encoded() differs from the input", bytes, reencoded)
    }
    guard value.encodedLength == bytes.count else {
        fail(name, "encodedLength is \(value.encodedLength), the input is \(bytes.count) octets", bytes, reencoded)
    }
    let redecoded: Value
    do {
        redecoded = try Value(decoding: reencoded)
    } catch {
        fail(name, "the re-encoding does not decode: \(error)", bytes, reencoded)
    }
    guard redecoded == value else {
        fail(name, "decoding the re-encoding gives a different value", bytes, reencoded)
    }
}

/// Checks that the in-place view of `bytes` as a ULPDU agrees with the owned decoder and with a ULPDU built from
/// the TLVs it reads.
func checkViewAgreement(_ bytes: [UInt8]) {
    let name = "VDPULPDUView"
    let view: VDPULPDUView
    do {
        view = try VDPULPDUView(validating: bytes)
    } catch {
        do {
            _ = try VDPULPDU(decoding: bytes)
            fail(name, "the view refuses (\(error)) what VDPULPDU(decoding:) accepts", bytes, [])
        } catch let ownedError {
            guard ownedError == error else {
                fail(name, "the view's error \(error) differs from VDPULPDU's \(ownedError)", bytes, [])
            }
        }
        return
    }
    let owned: VDPULPDU
    do {
        owned = try VDPULPDU(decoding: bytes)
    } catch {
        fail(name, "VDPULPDU(decoding:) refuses (\(error)) what the view accepts", bytes, [])
    }
    let tlvs = Array(view.tlvs)
    let vsiTLVs = Array(view.vsiTLVs)
    guard tlvs.count == view.tlvCount, vsiTLVs.count == view.vsiTLVCount else {
        fail(
            name,
            "the view read \(tlvs.count) TLVs and \(vsiTLVs.count) VSI TLVs, counted \(view.tlvCount) and \(view.vsiTLVCount)",
            bytes,
            []
        )
    }
    guard owned.managerID == view.managerID, owned.end == view.end else {
        fail(name, "the view's Manager ID or end differs from the decoded ULPDU's", bytes, [])
    }
    checkBuiltAgreement(owned, name, bytes)
}

/// Checks that a decoded ULPDU equals the one built from the TLVs it reads: equal, hashing alike, the same TLV and
/// VSI TLV arrays, and the built one (encoded TLV by TLV) reproducing `bytes`' octets.
func checkBuiltAgreement(_ decoded: VDPULPDU, _ name: String, _ bytes: [UInt8]) {
    let built = VDPULPDU(tlvs: Array(decoded.tlvList), end: decoded.end)
    let encoded = built.encoded()
    guard decoded == built, built == decoded, decoded.hashValue == built.hashValue else {
        fail(name, "the decoded ULPDU and the one built from its TLVs are not equal", bytes, encoded)
    }
    guard decoded.tlvs == built.tlvs, decoded.vsiTLVs == built.vsiTLVs, Array(decoded.vsiTLVList) == built.vsiTLVs,
        decoded.managerID == built.managerID
    else {
        fail(name, "the decoded ULPDU's TLVs differ from the built one's", bytes, encoded)
    }
    guard encoded == decoded.encoded(), built.encodedLength == decoded.encodedLength else {
        fail(name, "the ULPDU built from the decoded TLVs encodes differently", decoded.encoded(), encoded)
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
