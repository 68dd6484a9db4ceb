/// Constants of the daemon's control protocol: JSON lines over a Unix stream socket.
///
/// Each line is one JSON object, UTF-8, ended by `\n`. Every message carries `"v"`, the protocol version. A
/// server answers a request of another version with `unsupportedVersion`; fields it does not know are ignored, so
/// a later minor revision of version 1 may add optional fields without breaking older peers. `Docs/OPERATING.md`
/// ("Control API") documents every operation, field and error code.
public enum ControlProtocol {
    /// The protocol version this library speaks, `1`.
    public static let version = 1

    /// Every version this library understands.
    public static let supportedVersions = [1]

    /// The socket path `vdpd` and `vdpctl` use unless told otherwise.
    public static let defaultSocketPath = "/run/vdpd/control.sock"
}
