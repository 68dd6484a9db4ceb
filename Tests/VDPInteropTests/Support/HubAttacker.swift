#if os(Linux)
    import Foundation
    import Glibc
    import Synchronization
    import VDPTestSupport
    import VDPTransport
    import VDPWire

    /// A hostile station on a shared segment, in the test process: from its own namespace it floods the bridge with
    /// ECPDUs whose ULPDU is a Manager ID and 739 zero-length VSI TLVs (one malformed-TLV event each on a bridge
    /// that reports them one by one), and after every ECP request of the victim it sends a request with the
    /// victim's next sequence number (which a bridge with one ECP receiver for all stations takes for the victim's
    /// and then drops the victim's real one as a duplicate).
    ///
    /// Runs on a thread of its own that enters the namespace (a packet socket belongs to the namespace it was
    /// opened in); ``stop()`` ends it and waits for it.
    final class HubAttacker: Sendable {
        /// What the attacker did, to show that the attack really ran.
        struct Report: Sendable, CustomStringConvertible {
            var floodFrames: Int
            var victimRequestsSeen: Int
            var injected: Int

            var description: String {
                "\(floodFrames) flood frames, \(victimRequestsSeen) victim requests seen, \(injected) injected"
            }
        }

        /// Zero-length VSI TLV headers after the Manager ID in a 1,500-octet ECPDU.
        static let malformedTLVsPerFrame = (1500 - 4 - 18) / 2

        private let stopping = Atomic<Bool>(false)
        private let finished = DispatchSemaphore(value: 0)
        private let result = Mutex<Result<Report, any Error>?>(nil)

        /// Starts attacking `victim` from `interface` in `namespace`, one flood frame every `floodInterval`.
        init(namespace: String, interface: String, victim: MACAddress, floodInterval: Duration) {
            let thread = Thread { [self] in
                let outcome = Result { try self.attack(namespace, interface, victim, floodInterval) }
                result.withLock { $0 = outcome }
                finished.signal()
            }
            thread.start()
        }

        /// Stops the attack and returns what it did (or why it could not run).
        func stop() throws -> Report {
            stopping.store(true, ordering: .releasing)
            finished.wait()
            finished.signal()  // a second stop() returns at once
            guard let outcome = result.withLock({ $0 }) else {
                throw Failed(description: "the attacker ended without a result")
            }
            return try outcome.get()
        }

        struct Failed: Error, CustomStringConvertible {
            var description: String
        }

        private func attack(
            _ namespace: String,
            _ interface: String,
            _ victim: MACAddress,
            _ floodInterval: Duration
        ) throws -> Report {
            try NetworkNamespace.enter(namespace)
            // Closed when it goes out of scope.
            var socket = try PacketSocket(interface: interface)
            let own = socket.interface.address
            var report = Report(floodFrames: 0, victimRequestsSeen: 0, injected: 0)
            let flood = Self.ecpRequest(
                from: own,
                sequenceNumber: 0,
                // each TLV header word 0x0600: type 3 (Associate), length 0
                ulpdu: Self.managerID
                    + Array(repeating: [0x06, 0x00], count: Self.malformedTLVsPerFrame).flatMap { $0 }
            )
            var floodSequence: UInt16 = 0x4000
            var nextFlood = ContinuousClock.now
            var lastVictimSequence: UInt16?
            while !stopping.load(ordering: .acquiring) {
                if ContinuousClock.now >= nextFlood {
                    var frame = flood
                    frame[16] = UInt8(floodSequence >> 8)
                    frame[17] = UInt8(floodSequence & 0xFF)
                    floodSequence &+= 1
                    if (try? socket.send(frame)) != nil {
                        report.floodFrames += 1
                    }
                    nextFlood = nextFlood + floodInterval
                }
                guard try socket.waitForInput(timeout: .milliseconds(1)) else {
                    continue
                }
                while let frame = try socket.receive() {
                    guard let (source, sequence) = Self.ecpRequestHeader(frame), source == victim else {
                        continue
                    }
                    report.victimRequestsSeen += 1
                    guard sequence != lastVictimSequence else {
                        continue  // a retransmission: its successor is already taken
                    }
                    lastVictimSequence = sequence
                    if (try? socket.send(
                        Self.ecpRequest(from: own, sequenceNumber: sequence &+ 1, ulpdu: Self.managerID)
                    ))
                        != nil
                    {
                        report.injected += 1
                    }
                }
            }
            return report
        }

        /// A Manager ID TLV ("attack").
        static let managerID: [UInt8] = [0x0A, 0x10] + Array("attack".utf8) + [UInt8](repeating: 0, count: 10)

        /// An ECP request to 01-80-C2-00-00-00, padded to 60 octets.
        static func ecpRequest(from source: MACAddress, sequenceNumber: UInt16, ulpdu: [UInt8]) -> [UInt8] {
            var frame = MACAddress.nearestCustomerBridge.octets + source.octets + [0x89, 0x40, 0x10, 0x01]
            frame += [UInt8(sequenceNumber >> 8), UInt8(sequenceNumber & 0xFF)] + ulpdu
            return frame + [UInt8](repeating: 0, count: max(0, 60 - frame.count))
        }

        /// The source and sequence number of an ECP request frame.
        static func ecpRequestHeader(_ frame: [UInt8]) -> (MACAddress, UInt16)? {
            guard frame.count >= 18, frame[12] == 0x89, frame[13] == 0x40, (frame[14] >> 2) & 0x03 == 0 else {
                return nil
            }
            let raw = frame[6..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard let source = MACAddress(rawValue: raw) else {
                return nil
            }
            return (source, UInt16(frame[16]) << 8 | UInt16(frame[17]))
        }
    }
#endif
