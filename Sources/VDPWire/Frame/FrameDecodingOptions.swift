/// How ``Frame/init(decoding:options:)`` treats a frame it cannot decode completely, and how long a frame it
/// accepts.
public struct FrameDecodingOptions: Hashable, Sendable {
    /// Whether an ECP request whose VDP ULPDU is malformed decodes anyway, with the payload
    /// ``ECPPayload/salvagedVDP(_:)``: what a port uses, so that one bad TLV does not cost the other VSIs in the
    /// same ECPDU (and the ECPDU is still acknowledged). Off, such a frame throws.
    public var salvagesMalformedVDP: Bool
    /// The longest Ethernet payload accepted, in octets: the standard's 1500 (``Frame/maximumPayloadLength``) by
    /// default. A link whose interface carries jumbo frames passes its MTU, so that a peer configured for jumbo
    /// ECPDUs is understood; values below 1500 count as 1500.
    public var maximumPayloadLength: Int

    /// Creates options.
    public init(salvagesMalformedVDP: Bool = false, maximumPayloadLength: Int = Frame.maximumPayloadLength) {
        self.salvagesMalformedVDP = salvagesMalformedVDP
        self.maximumPayloadLength = max(maximumPayloadLength, Frame.maximumPayloadLength)
    }

    /// Strict decoding: any malformed part throws.
    public static let strict = FrameDecodingOptions()
    /// What a receiving port uses: malformed VDP ULPDUs are salvaged.
    public static let receiving = FrameDecodingOptions(salvagesMalformedVDP: true)
}
