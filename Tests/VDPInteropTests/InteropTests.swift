#if os(Linux)
    import Testing

    /// Interoperability with lldpad (Debian's `lldpad` 1.1, the only other open 802.1Qbg implementation) and of our
    /// two roles with each other, over veth pairs between network namespaces. See Docs/INTEROP.md.
    ///
    /// Serialized: the scenarios measure protocol timers of a few hundred milliseconds, and lldpad answers a VDP
    /// request 2 ms after it arrives; on a 2-core machine, running them side by side would make that noisy.
    @Suite(.serialized) struct InteropTests {}
#endif
