#if os(Linux)
    /// The control socket of `vdpd`. This build has no control server yet: the daemon runs its interfaces and
    /// its wanted VSIs from the state file, and serves nothing. With `ControlServer` in the library, this file
    /// starts it with the configured path, mode and group (see the branch that joins the two).
    struct ControlEndpoint: CustomStringConvertible {
        static func start(_ configuration: DaemonConfiguration, service: StationService) throws -> ControlEndpoint {
            ControlEndpoint()
        }

        var description: String { "no control socket: this build has no control server" }

        func stop() {}
    }
#endif
