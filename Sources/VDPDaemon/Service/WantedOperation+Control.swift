extension WantedOperation {
    /// The operation a control request asks for.
    public init(_ action: ControlLifecycleAction) {
        switch action {
        case .preAssociate(let reserve): self = reserve ? .preAssociateWithReservation : .preAssociate
        case .associate: self = .associate
        case .suspend: self = .suspend
        case .resume: self = .resume
        case .emigrate: self = .emigrate
        case .immigrate(let associate): self = associate ? .immigrateAssociate : .immigratePreAssociate
        case .deAssociate: self = .deAssociate
        }
    }

    /// The control protocol's name for the operation.
    public var action: ControlLifecycleAction {
        switch self {
        case .preAssociate: .preAssociate(reserveResources: false)
        case .preAssociateWithReservation: .preAssociate(reserveResources: true)
        case .associate: .associate
        case .suspend: .suspend
        case .resume: .resume
        case .emigrate: .emigrate
        case .immigratePreAssociate: .immigrate(associate: false)
        case .immigrateAssociate: .immigrate(associate: true)
        case .deAssociate: .deAssociate
        }
    }
}
