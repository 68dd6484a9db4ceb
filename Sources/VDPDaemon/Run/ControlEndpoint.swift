#if os(Linux)
    import Foundation
    import Glibc

    /// The control socket of `vdpd`: a ``ControlServer`` serving the station service, with the configured path,
    /// mode and group.
    struct ControlEndpoint: CustomStringConvertible {
        /// Why the socket could not be served.
        struct Failure: Error, CustomStringConvertible {
            var description: String
        }

        let server: ControlServer
        /// What serves the socket's requests, and those of the daemon's other front doors.
        let handler: StationControlHandler

        /// Creates the socket's directory when it is missing, resolves the group and starts the server.
        static func start(_ configuration: DaemonConfiguration, service: StationService) throws -> ControlEndpoint {
            var group: UInt32?
            if let name = configuration.controlSocketGroup {
                guard let entry = getgrnam(name) else {
                    throw Failure(description: "no group called \(name)")
                }
                group = entry.pointee.gr_gid
            }
            let directory = (configuration.controlSocket as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: directory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o755]
                )
            }
            let handler = StationControlHandler(service: service)
            let server = ControlServer(
                configuration: ControlServerConfiguration(
                    path: configuration.controlSocket,
                    mode: UInt32(configuration.controlSocketMode),
                    group: group
                ),
                handler: handler
            )
            try server.start()
            return ControlEndpoint(server: server, handler: handler)
        }

        /// `control socket /run/vdpd/control.sock (mode 0600)`.
        var description: String {
            "control socket \(server.configuration.path) (mode "
                + String(server.configuration.mode, radix: 8)
                + (server.configuration.group.map { ", group \($0)" } ?? "") + ")"
        }

        func stop() {
            server.stop()
        }
    }
#endif
