// libFuzzer harness for lldpad's client-socket parsers (VDPLldpad), which `vdptool` and any local root process
// reach.
//
// Every input is one datagram: it is read as a client message, a module command's text is read as a VDP command,
// and its arguments as a VSI (with the filter count the command announces and with every slot). Parsers reject
// with a typed status, which is the expected outcome for most inputs; they must never crash.
//
// Consistency checks (a violation traps):
// - an accepted command's reply header starts with `C3` and ends with its interface name;
// - an accepted VSI's records round-trip: each filter lldpad writes back reads as the same filter (format 3 is
//   written with one dash, and read back as `vlan--group`).
//
// This file must not be called `main.swift`; libFuzzer supplies `main`.

import FuzzHarness
import VDPLldpad
import VDPWire

/// libFuzzer's entry point: called once per generated input. Always returns 0; failures trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLldpadClient(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzInput(start, count)
    let body: [UInt8]
    switch LldpadClientMessage(datagram: bytes) {
    case .module(_, let moduleBody): body = moduleBody
    case .attach(let modules): precondition(modules.count <= LldpadClientMessage.maximumAttachModules); return 0
    default: body = bytes  // The rest is read as a module command too, for coverage.
    }
    guard case .success(let command) = LldpadVDPCommand.parse(body) else {
        return 0
    }
    let header = command.replyHeader
    precondition(header.starts(with: Array("C3".utf8)), "reply header")
    precondition(header.suffix(command.interface.utf8.count).elementsEqual(command.interface.utf8), "interface")
    guard let arguments = command.arguments else {
        return 0
    }
    for slots in [command.filterCount, 255] {
        guard case .success(let vsi) = LldpadVSIArguments.parse(arguments, filterSlots: slots) else {
            continue
        }
        precondition(vsi.filters.count <= slots, "filters beyond the slots")
        for filter in vsi.filters {
            var text = Array(LldpadVSIRecord.filterText(filter).utf8)
            if filter.format == .groupVID, let dash = text.firstIndex(of: UInt8(ascii: "-")) {
                text.insert(UInt8(ascii: "-"), at: dash)
            }
            precondition(LldpadVSIArguments.parseFilter(text) == filter, "filter round trip: \(filter)")
        }
    }
    return 0
}
