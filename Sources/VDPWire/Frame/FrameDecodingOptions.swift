/// How ``Frame/init(decoding:options:)`` treats a frame it cannot decode completely.
public struct FrameDecodingOptions: Hashable, Sendable {
    /// Whether an ECP request whose VDP ULPDU is malformed decodes anyway, with the payload
    /// ``ECPPayload/salvagedVDP(_:)``: what a port uses, so that one bad TLV does not cost the other VSIs in the
    /// same ECPDU (and the ECPDU is still acknowledged). Off, such a frame throws.
    public var salvagesMalformedVDP: Bool

    /// Creates options.
    public init(salvagesMalformedVDP: Bool = false) {
        self.salvagesMalformedVDP = salvagesMalformedVDP
    }

    /// Strict decoding: any malformed part throws.
    public static let strict = FrameDecodingOptions()
    /// What a receiving port uses: malformed VDP ULPDUs are salvaged.
    public static let receiving = FrameDecodingOptions(salvagesMalformedVDP: true)
}
