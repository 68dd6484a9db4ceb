extension VDPULPDU {
    /// The TLVs of a ULPDU in wire order, read without allocating: from the array of a built ULPDU, or decoded one
    /// at a time from the octets of a received one.
    public struct TLVList: Sequence, Sendable {
        private let built: [VDPTLV]
        private let base: ArraySlice<UInt8>
        private let list: SpanCursor
        /// The number of TLVs.
        public let underestimatedCount: Int

        init(_ tlvs: [VDPTLV]) {
            self.built = tlvs
            self.base = []
            self.list = .empty
            self.underestimatedCount = tlvs.count
        }

        init(base: ArraySlice<UInt8>, list: SpanCursor, count: Int) {
            self.built = []
            self.base = base
            self.list = list
            self.underestimatedCount = count
        }

        /// An iterator over the TLVs.
        public func makeIterator() -> Iterator {
            Iterator(built: built.makeIterator(), base: base, list: list)
        }

        /// Reads the TLVs one at a time.
        public struct Iterator: IteratorProtocol, Sendable {
            private var built: IndexingIterator<[VDPTLV]>
            private let base: ArraySlice<UInt8>
            private var list: SpanCursor

            fileprivate init(built: IndexingIterator<[VDPTLV]>, base: ArraySlice<UInt8>, list: SpanCursor) {
                self.built = built
                self.base = base
                self.list = list
            }

            /// The next TLV, or `nil` after the last.
            public mutating func next() -> VDPTLV? {
                if let tlv = built.next() {
                    return tlv
                }
                var cursor = list
                let tlv = Self.read(base.span, &cursor)
                list = cursor
                return tlv
            }

            /// Decodes the next TLV at `cursor`.
            private static func read(_ span: Span<UInt8>, _ cursor: inout SpanCursor) -> VDPTLV? {
                guard let (header, offset, value) = cursor.nextValidatedTLV(span) else {
                    return nil
                }
                var valueCursor = value
                return try? VDPTLV(header: header, headerOffset: offset, span: span, value: &valueCursor)
            }
        }
    }

    /// The VSI TLVs of a ULPDU in wire order, read without allocating (a VSI TLV with several filter entries takes
    /// one array): from the array of a built ULPDU, or decoded one at a time from the octets of a received one.
    public struct VSITLVList: Sequence, Sendable {
        private let built: [VDPTLV]
        private let base: ArraySlice<UInt8>
        private let list: SpanCursor
        /// The number of VSI TLVs of a received ULPDU (0 for a built one, which is not counted in advance).
        public let underestimatedCount: Int

        init(_ tlvs: [VDPTLV]) {
            self.built = tlvs
            self.base = []
            self.list = .empty
            self.underestimatedCount = 0
        }

        init(base: ArraySlice<UInt8>, list: SpanCursor, count: Int) {
            self.built = []
            self.base = base
            self.list = list
            self.underestimatedCount = count
        }

        /// An iterator over the VSI TLVs.
        public func makeIterator() -> Iterator {
            Iterator(built: built.makeIterator(), base: base, list: list)
        }

        /// Reads the VSI TLVs one at a time.
        public struct Iterator: IteratorProtocol, Sendable {
            private var built: IndexingIterator<[VDPTLV]>
            private let base: ArraySlice<UInt8>
            private var list: SpanCursor

            fileprivate init(built: IndexingIterator<[VDPTLV]>, base: ArraySlice<UInt8>, list: SpanCursor) {
                self.built = built
                self.base = base
                self.list = list
            }

            /// The next VSI TLV, or `nil` after the last.
            public mutating func next() -> VSITLV? {
                while let tlv = built.next() {
                    if case .vsi(let vsi) = tlv {
                        return vsi
                    }
                }
                var cursor = list
                let vsi = Self.read(base.span, &cursor)
                list = cursor
                return vsi
            }

            /// Decodes the next VSI TLV at or after `cursor`, skipping other TLVs.
            private static func read(_ span: Span<UInt8>, _ cursor: inout SpanCursor) -> VSITLV? {
                while let (header, _, value) = cursor.nextValidatedTLV(span) {
                    if let type = VSITLVType(rawValue: header.type) {
                        var valueCursor = value
                        return try? VSITLV(type: type, span: span, value: &valueCursor)
                    }
                }
                return nil
            }
        }
    }
}
