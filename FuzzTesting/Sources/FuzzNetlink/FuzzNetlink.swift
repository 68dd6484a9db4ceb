// libFuzzer harness for the VDPNetlink codec.
//
// Every input is read as a netlink receive buffer: the message iterator walks it, and each message is handed to
// every decoder (the link status, the error message) and its payload to the attribute reader, both right after the
// 16-octet header and after a 16-octet family header (ifinfomsg), each attribute's payload again as nested
// attributes, four levels deep. Decoders may reject the input with a typed `NetlinkDecodingError`, which is the
// expected outcome for most inputs; they must never crash.
//
// Consistency checks (a violation traps):
// - every message lies inside the buffer and every attribute inside the payload it was read from;
// - a link message that decodes re-encodes with the writer to a message that decodes to the same status.
//
// This file must not be called `main.swift`; libFuzzer supplies `main`.

import FuzzHarness
import VDPNetlink

/// libFuzzer's entry point: called once per generated input. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetlink(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)

    // The whole input as attributes, too (a nested payload is read the same way).
    checkAttributes(in: bytes[...], depth: 0)

    var iterator = NetlinkMessageIterator(bytes[...])
    var previousEnd = 0
    while true {
        let message: NetlinkMessage
        do {
            guard let next = try iterator.next() else {
                break
            }
            message = next
        } catch {
            break  // Rejected with a typed error: fine.
        }
        precondition(message.offset >= previousEnd, "messages overlap")
        precondition(message.payload.endIndex <= bytes.count, "a message runs past the buffer")
        precondition(Int(message.header.length) == message.payload.count + NetlinkMessageHeader.size, "nlmsg_len")
        previousEnd = message.payload.endIndex
        checkMessage(message)
    }
    return 0
}

private func checkMessage(_ message: NetlinkMessage) {
    checkAttributes(in: message.payload, depth: 0)
    if let attributes = try? message.attributes(afterHeaderOfSize: InterfaceInfoMessage.size) {
        for attribute in attributes {
            checkInside(attribute, message.payload)
        }
    }
    _ = try? NetlinkErrorMessage(decoding: message)
    if let status = try? LinkStatus(decoding: message) {
        checkRoundTrip(status, type: message.header.type)
    }
}

/// Reads `payload` as attributes and each attribute's payload as nested attributes, down to four levels.
private func checkAttributes(in payload: ArraySlice<UInt8>, depth: Int) {
    guard depth < 4, let attributes = try? NetlinkAttribute.attributes(in: payload) else {
        return
    }
    for attribute in attributes {
        checkInside(attribute, payload)
        _ = try? attribute.string()
        _ = try? attribute.uint32()
        checkAttributes(in: attribute.payload, depth: depth + 1)
    }
}

private func checkInside(_ attribute: NetlinkAttribute, _ payload: ArraySlice<UInt8>) {
    precondition(attribute.offset >= payload.startIndex, "an attribute starts before its parent")
    precondition(attribute.payload.endIndex <= payload.endIndex, "an attribute ends after its parent")
}

/// A decoded link status, written back with the writer, decodes to itself.
private func checkRoundTrip(_ status: LinkStatus, type: NetlinkMessageType) {
    var writer = NetlinkMessageWriter(type: type, flags: [], sequence: 0)
    do {
        let flags = status.isAdministrativelyUp ? InterfaceInfoMessage.flagUp : 0
        try writer.append(InterfaceInfoMessage(index: status.index, flags: flags).encoded)
        try writer.appendAttribute(type: LinkAttributeType.name, string: status.name)
        try writer.appendAttribute(type: LinkAttributeType.carrier, uint8: status.hasCarrier ? 1 : 0)
        try writer.appendAttribute(type: LinkAttributeType.operationalState, uint8: status.operationalState.rawValue)
        if let mtu = status.mtu {
            try writer.appendAttribute(type: LinkAttributeType.mtu, uint32: mtu)
        }
        if let address = status.macAddress {
            try writer.appendAttribute(type: LinkAttributeType.address, payload: address)
        }
        if let identifier = status.linkNetworkNamespaceID {
            try writer.appendAttribute(
                type: LinkAttributeType.linkNetworkNamespaceID,
                uint32: UInt32(bitPattern: identifier)
            )
        }
    } catch {
        return  // Only a name or address too long for an attribute: nothing to compare.
    }
    guard let message = try? NetlinkMessage.messages(in: writer.bytes).first,
        let again = try? LinkStatus(decoding: message)
    else {
        preconditionFailure("round trip failed: \(status) does not decode after encoding")
    }
    precondition(again == status, "round trip failed: \(status) became \(again)")
}
