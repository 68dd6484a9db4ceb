// libFuzzer harness for libvirt's netlink requests to lldpad (VDPLldpad's LldpadNetlinkParser), which vdpd reads
// from any local process when it stands in for lldpad.
//
// Every input is read as one datagram: its first message is parsed as an RTM_SETLINK port-profile request or an
// RTM_GETLINK status query. The parser may refuse it with lldpad's errno, the expected outcome for most inputs; it
// must never crash.
//
// Consistency checks (a violation traps):
// - a refusal carries one of lldpad's errno values (EINVAL, ENODEV, ENXIO, E2BIG);
// - an accepted request's interface name has at most 15 characters, its VSI a filter of the format it names with
//   at least one and at most the format's maximum of entries, and a UUID VSI ID that is not zero;
// - a format 1 request has a MAC/VID or VID filter of one entry, a one-octet manager ID and no hints.
//
// This file must not be called `main.swift`; libFuzzer supplies `main`.

import FuzzHarness
import VDPLldpad
import VDPNetlink
import VDPWire

private let lldpadErrors: Set<Int32> = [22, 19, 6, 7]

/// libFuzzer's entry point: called once per generated input. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLldpadNetlink(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    guard let message = LldpadNetlinkParser.firstMessage(in: bytes) else {
        return 0
    }
    let request: LldpadNetlinkRequest
    do {
        request = try LldpadNetlinkParser.parse(message)
    } catch {
        precondition(lldpadErrors.contains(error.errno), "an errno lldpad does not give: \(error)")
        return 0
    }
    switch request {
    case .getLink(let query):
        checkName(query.interfaceName)
        precondition(query.interfaceName != nil || query.interfaceIndex > 0, "a query naming no interface")
    case .setLink(let request):
        checkName(request.interfaceName)
        let filter = request.vsi.filterInfo
        precondition(!filter.entries.isEmpty, "a filter without entries")
        precondition(filter.entries.count <= filter.format.maximumEntryCount, "too many filter entries")
        precondition(filter.entries.allSatisfy { $0.format == filter.format }, "an entry of another format")
        precondition(
            request.vsi.vsiID.format != .uuid || request.vsi.vsiID.octets != .zero,
            "a zero UUID accepted"
        )
        if request.format == .vfPorts {
            precondition(filter.entries.count == 1, "format 1 carries one pair")
            precondition(filter.format == .macVID || filter.format == .vid, "format 1 has no GroupIDs")
            precondition(request.vsi.managerID.octets.low == 0, "format 1's manager ID is one octet")
            precondition(!request.hints.migrating && !request.hints.suspended, "format 1 has no hints")
        }
    }
    return 0
}

private func checkName(_ name: String?) {
    if let name {
        precondition(!name.isEmpty && name.utf8.count <= 15, "an interface name lldpad would not take")
    }
}
