/// How a ``BridgeAgent`` drives a data plane: the backend, the name of the agent's port in it, and how many
/// changes go in one batch.
public struct BridgeDataPlane: Sendable {
    /// The backend.
    public var backend: any DataPlaneBackend
    /// The bridge port (interface) the agent's stations are on, as the backend names it.
    public var port: String
    /// The most changes one ``DataPlaneBackend/apply(_:)`` call carries (default 1,024; values below 1 count
    /// as 1).
    public var batchLimit: Int

    /// Creates a configuration.
    public init(backend: any DataPlaneBackend, port: String, batchLimit: Int = 1_024) {
        self.backend = backend
        self.port = port
        self.batchLimit = batchLimit
    }
}
