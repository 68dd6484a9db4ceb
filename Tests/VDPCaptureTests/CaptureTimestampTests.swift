import Testing
import VDPCapture

@Suite("CaptureTimestamp")
struct CaptureTimestampTests {
    @Test("description has nine fractional digits")
    func description() {
        #expect(CaptureTimestamp(seconds: 1, nanoseconds: 123_456).description == "1.000123456")
        #expect(CaptureTimestamp(seconds: 0).description == "0.000000000")
        #expect(CaptureTimestamp(seconds: -1, nanoseconds: 750_000_000).description == "-0.250000000")
        #expect(CaptureTimestamp(seconds: -2).description == "-2.000000000")
        #expect(CaptureTimestamp(seconds: Int64.min).description == "-9223372036854775808.000000000")
        var unnormalized = CaptureTimestamp(seconds: -3)
        unnormalized.nanoseconds = 2_250_000_000
        #expect(unnormalized.description == "-0.750000000")
    }

    @Test("init carries whole seconds out of nanoseconds")
    func normalization() {
        let timestamp = CaptureTimestamp(seconds: 1, nanoseconds: 2_500_000_000)
        #expect(timestamp.seconds == 3)
        #expect(timestamp.nanoseconds == 500_000_000)
        #expect(CaptureTimestamp(seconds: Int64.max, nanoseconds: UInt32.max).seconds == Int64.max)
    }

    @Test("ordering and elapsed time")
    func ordering() {
        let early = CaptureTimestamp(seconds: 10, nanoseconds: 900_000_000)
        let late = CaptureTimestamp(seconds: 11, nanoseconds: 100_000_000)
        #expect(early < late)
        #expect(abs(late.seconds(since: early) - 0.2) < 1e-12)
        #expect(abs(early.seconds(since: late) + 0.2) < 1e-12)
        let extreme = CaptureTimestamp(seconds: Int64.max).seconds(since: CaptureTimestamp(seconds: Int64.min))
        #expect(extreme > 1.8e19)
    }
}
