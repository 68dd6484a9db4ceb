#if os(Linux)
    internal import CVDPLinux
    import Glibc
    import VDPWire

    /// The classic BPF program a ``PacketSocket`` attaches with `SO_ATTACH_FILTER` before it binds.
    ///
    /// ```
    ///     ld   #pkttype              ; SKF_AD_OFF + SKF_AD_PKTTYPE
    ///     jeq  #PACKET_OUTGOING, drop
    ///     ld   #vlan_avail           ; SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT
    ///     jne  #0, drop
    ///     ldh  [12]
    ///     jeq  #0x88cc, accept       ; one test per accepted ethertype
    ///     jeq  #0x8940, accept
    ///     jeq  #0x88b7, accept
    /// drop:   ret #0
    /// accept: ret #0xffffffff
    /// ```
    ///
    /// Linux moves a received frame's outer VLAN tag into the socket buffer's metadata before any packet socket
    /// sees the frame, so `[12]` holds the inner ethertype and the data read holds no tag. The program drops
    /// such frames rather than hand the agent a tagged frame that looks untagged.
    enum PacketFilter {
        /// The instructions for a filter accepting untagged, not outgoing frames of `etherTypes`.
        static func instructions(accepting etherTypes: [EtherType]) -> [sock_filter] {
            let loadWord = UInt16(BPF_LD | BPF_W | BPF_ABS)
            let loadHalfWord = UInt16(BPF_LD | BPF_H | BPF_ABS)
            let jumpIfEqual = UInt16(BPF_JMP | BPF_JEQ | BPF_K)
            let returnConstant = UInt16(BPF_RET | BPF_K)
            let tests = etherTypes.count
            // Offsets count from the instruction after the jump. Layout: 5 fixed, `tests` jumps, drop, accept.
            let dropAfterFixed = { (position: Int) in UInt8(clamping: 5 + tests - position - 1) }
            var program: [sock_filter] = [
                CVDPLinux_bpfStatement(loadWord, CVDPLinux_ancillaryPacketType()),
                CVDPLinux_bpfJump(jumpIfEqual, UInt32(PACKET_OUTGOING), dropAfterFixed(1), 0),
                CVDPLinux_bpfStatement(loadWord, CVDPLinux_ancillaryVLANTagPresent()),
                CVDPLinux_bpfJump(jumpIfEqual, 0, 0, dropAfterFixed(3)),
                CVDPLinux_bpfStatement(loadHalfWord, 12),
            ]
            for (position, etherType) in etherTypes.enumerated() {
                // To accept: skip the remaining tests and the drop.
                let toAccept = UInt8(clamping: tests - position)
                program.append(CVDPLinux_bpfJump(jumpIfEqual, UInt32(etherType.rawValue), toAccept, 0))
            }
            program.append(CVDPLinux_bpfStatement(returnConstant, 0))
            program.append(CVDPLinux_bpfStatement(returnConstant, UInt32.max))
            return program
        }
    }
#endif
