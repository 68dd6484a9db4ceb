/// The 16-octet VSI Manager ID (VDP TLV type 5): names the VSI manager whose VSI types the following VSI
/// TLVs refer to.
///
/// lldpad fills it either with up to 15 ASCII characters, left-aligned and zero-padded (vdptool `mgrid2=`),
/// with a one-octet ID in octet 0 (the netlink path used by libvirt), or with a UUID.
public struct VSIManagerID: Hashable, Sendable, CustomStringConvertible {
    /// The sixteen octets.
    public var octets: Octets16

    /// The TLV type of the VSI Manager ID TLV.
    public static let tlvType: UInt8 = 5
    /// The value length of the VSI Manager ID TLV.
    public static let valueLength = 16

    /// Wraps sixteen octets.
    public init(octets: Octets16) {
        self.octets = octets
    }

    /// Left-aligns up to sixteen ASCII characters and zero-fills the rest; returns `nil` for longer text or
    /// text outside ASCII.
    public init?(text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.allSatisfy({ $0 < 0x80 }), let octets = Octets16(leftAligned: utf8) else {
            return nil
        }
        self.octets = octets
    }

    /// A manager ID of one octet in octet 0, as lldpad builds it from a netlink request.
    public init(singleOctet: UInt8) {
        self.octets = Octets16(high: UInt64(singleOctet) << 56, low: 0)
    }

    /// The text, when the ID is printable ASCII followed only by zero octets.
    public var text: String? {
        let bytes = octets.octets
        let textLength = bytes.firstIndex(of: 0) ?? bytes.count
        guard textLength > 0,
            bytes[..<textLength].allSatisfy({ (0x21...0x7E).contains($0) }),
            bytes[textLength...].allSatisfy({ $0 == 0 })
        else {
            return nil
        }
        return String(decoding: bytes[..<textLength], as: UTF8.self)
    }

    /// The text when ``text`` has one, otherwise the 32 hex digits.
    public var description: String {
        text ?? octets.hexString
    }
}
