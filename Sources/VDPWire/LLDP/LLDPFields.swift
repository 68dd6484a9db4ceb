extension VDPDecodingError.Field {
    /// An LLDP TLV of a type that is neither mandatory, organizationally specific nor the End TLV (types 4 to 126:
    /// port description, system name and so on), or a TLV whose type is not allowed where it was found.
    public static let lldpTLV = Self("lldp.tlv")
}
