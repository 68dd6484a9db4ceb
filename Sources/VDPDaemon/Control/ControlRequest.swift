/// One request of a control client: its identifier and the operation asked for.
///
/// On the wire: `{"v":1,"id":7,"op":"associate","interface":"eth0","vsi":{…}}`; the operation's fields sit beside
/// `v`, `id` and `op` (see ``ControlOperation``). ``ControlMessageParser`` reads it, ``ControlMessageEncoder``
/// writes it.
public struct ControlRequest: Hashable, Sendable {
    /// The client's identifier, echoed in the response.
    public var id: ControlRequestID
    /// What the client asks for.
    public var operation: ControlOperation

    /// Creates a request.
    public init(id: ControlRequestID, operation: ControlOperation) {
        self.id = id
        self.operation = operation
    }
}
