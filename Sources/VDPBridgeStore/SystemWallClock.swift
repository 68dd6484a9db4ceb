#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system's wall clock (`CLOCK_REALTIME`) as ``BridgeTableStorage/wallClock`` takes it: the time since
/// 1970-01-01 00:00 UTC.
public enum SystemWallClock {
    /// The time now.
    @Sendable public static func now() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return .seconds(Int64(spec.tv_sec)) + .nanoseconds(Int64(spec.tv_nsec))
    }
}
