/// A way into the daemon besides its own control socket, such as lldpad's netlink and client-socket protocols: it
/// translates what its clients send into the daemon's control operations.
///
/// `vdpd` asks each ``DaemonFrontDoorFactory`` for the front doors a configuration enables, claims them before the
/// station service starts (so that a daemon that must not run touches no interface), starts them after the service
/// and its control socket, and stops them first. A front door that cannot be claimed or started stops the daemon's
/// start.
public protocol DaemonFrontDoor: Sendable {
    /// What the front door serves, for the log (`lldpad client socket`).
    var name: String { get }

    /// Takes what the front door needs for itself before the daemon starts (a pid file, a socket address); throws
    /// to refuse the start. ``stop()`` releases it. The default takes nothing.
    func claim(log: @escaping @Sendable (String) -> Void) async throws(DaemonFrontDoorError)

    /// Starts serving: each request goes to `handler`; `log` takes one line about the front door's own state.
    func start(
        handler: any ControlHandler,
        log: @escaping @Sendable (String) -> Void
    ) async throws(DaemonFrontDoorError)

    /// Stops serving and releases what ``claim(log:)`` and ``start(handler:log:)`` took (sockets, pid files).
    func stop() async
}

extension DaemonFrontDoor {
    /// Takes nothing.
    public func claim(log: @escaping @Sendable (String) -> Void) async throws(DaemonFrontDoorError) {}
}

/// Makes the front doors `configuration` enables (none when it enables none).
public protocol DaemonFrontDoorFactory: Sendable {
    /// The front doors to start for `configuration`.
    func frontDoors(for configuration: DaemonConfiguration) -> [any DaemonFrontDoor]
}

/// Why a front door could not start.
public struct DaemonFrontDoorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for the log and standard error.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
