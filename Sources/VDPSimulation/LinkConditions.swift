import VDPWire

/// What a simulated link does to the frames it carries.
public struct LinkConditions: Hashable, Sendable {
    /// The one-way delay of every frame.
    public var latency: Duration
    /// The chance, 0 to 1, that a frame is lost.
    public var lossProbability: Double
    /// The chance, 0 to 1, that a frame arrives twice.
    public var duplicationProbability: Double
    /// The chance, 0 to 1, that a frame is held back by up to ``reorderDelay`` (so later frames overtake it).
    public var reorderProbability: Double
    /// The most a reordered frame is held back.
    public var reorderDelay: Duration
    /// The link's MTU: the longest Ethernet payload its ends accept (default 1500, the standard's). A longer frame
    /// is counted undecodable and lost, as a peer that cannot take it drops it.
    public var maximumPayloadLength: Int

    /// Creates conditions.
    public init(
        latency: Duration = .microseconds(50),
        lossProbability: Double = 0,
        duplicationProbability: Double = 0,
        reorderProbability: Double = 0,
        reorderDelay: Duration = .milliseconds(1),
        maximumPayloadLength: Int = Frame.maximumPayloadLength
    ) {
        self.latency = latency
        self.lossProbability = lossProbability
        self.duplicationProbability = duplicationProbability
        self.reorderProbability = reorderProbability
        self.reorderDelay = reorderDelay
        self.maximumPayloadLength = maximumPayloadLength
    }

    /// A link that loses, duplicates and reorders nothing.
    public static let perfect = LinkConditions()
}

/// A SplitMix64 generator: small, fast and seeded, so a simulation can be replayed from its seed.
public struct SimulationRandom: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
