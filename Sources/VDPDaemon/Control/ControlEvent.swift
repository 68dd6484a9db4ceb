import VDPProtocol
import VDPWire

/// What a `watch` connection is told: the station ports' events, link changes, and how wanted VSIs' requests end.
///
/// Not frozen: cases may be added in later versions, so switch over it with a `default`; a client reading an event
/// kind it does not know skips it (``ControlServerMessage/unknownEvent``).
///
/// On the wire `{"v":1,"event":{…}}`, the event encoded with `Codable` as an object with one key, the case:
/// `{"station": {"interface": "eth0", "event": { … }}}` (a `StationEVBEvent`), `{"link": {"interface": "eth0",
/// "change": "down"}}`, `{"outcome": {"interface": "eth0", "vsiID": { … }, "action": {"associate": {}},
/// "outcome": {"succeeded": { … }}}}`, `{"requestedAgain": {"interface": "eth0", "vsiID": { … }, "action": { … },
/// "reason": "retry"}}`, `{"retryScheduled": {"interface": "eth0", "vsiID": { … }, "delayMilliseconds": 1000,
/// "failures": 1}}`, `{"reloaded": {"added": ["eth2"], "removed": [], "changed": []}}`.
public enum ControlEvent: Hashable, Sendable, Codable {
    /// An interface's station port reported an event.
    case station(interface: String, event: StationEVBEvent)
    /// An interface's link changed.
    case link(interface: String, change: ControlLinkChange)
    /// A request for a wanted VSI ended, asked by a client or sent again by the daemon.
    case outcome(interface: String, vsiID: VSIID, action: ControlLifecycleAction, outcome: ControlOutcome)
    /// The daemon requests a wanted VSI on its own: `reason` is `restart` (wanted when it started), `retry` (the
    /// bridge ended it, its keep-alive or a request failed) or `linkUp` (the link or the bridge came back).
    case requestedAgain(interface: String, vsiID: VSIID, action: ControlLifecycleAction, reason: String)
    /// A wanted VSI is not confirmed and is requested again after `delay` (the back-off).
    case retryScheduled(interface: String, vsiID: VSIID, delayMilliseconds: Int64, failures: Int)
    /// A new configuration is in force (SIGHUP): the interfaces started, stopped and restarted.
    case reloaded(added: [String], removed: [String], changed: [String])

    /// The interface the event is about.
    public var interface: String {
        switch self {
        case .station(let interface, _), .link(let interface, _), .outcome(let interface, _, _, _),
            .requestedAgain(let interface, _, _, _), .retryScheduled(let interface, _, _, _):
            interface
        case .reloaded: ""
        }
    }
}
