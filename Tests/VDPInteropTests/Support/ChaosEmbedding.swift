#if os(Linux)
    /// What the chaos test's hypervisor wants, and the script of VSI operations that changes it, as an embedding of
    /// the station would keep it: the set of VSIs that should be associated, and the ones the station reported
    /// lost (a request that failed, a keep-alive that failed, a De-Associate from the bridge), to request again.
    ///
    /// VSI number `n` (below ``universe``, at most 65,536) is `vsiid=ipv4:10.77.<n / 256>.<n % 256>` with the filter
    /// `0-02:77:00:00:<n / 256>:<n % 256>`: VID 0, so the bridge chooses one VID per VSI from its pool.
    /// Operations are drawn from a ``SplitMix64``: while fewer than ``target`` VSIs are wanted, associate one that
    /// is not; then de-associate a wanted one (35 %), associate one that is not wanted (35 %, a re-association if
    /// it was associated before) or associate a wanted one again (30 %).
    struct ChaosEmbedding {
        /// How many operations of each kind were issued (repairs and restorations are counted apart).
        struct Tally: Sendable {
            var associations = 0
            var reassociations = 0
            var repeatedAssociations = 0
            var deassociations = 0
            /// Requests for wanted VSIs the station reported lost.
            var repairs = 0
            /// Requests handing a restarted station the whole wanted set.
            var restorations = 0
            /// Why wanted VSIs were lost, by the station's log.
            var losses = Losses()

            var operations: Int { associations + reassociations + repeatedAssociations + deassociations }
        }

        /// Why the station reported wanted VSIs lost.
        struct Losses: Sendable {
            /// A request failed: ECP retries exhausted, or no response within respWaitDelay.
            var requestFailed = 0
            /// A keep-alive failed; the station ended the VSI.
            var keepAliveFailed = 0
            /// A request was refused because one (a keep-alive) was outstanding for the VSI.
            var refusedBusy = 0
            /// The bridge sent a De-Associate (it aged the VSI out).
            var bridgeDeAssociated = 0
            /// After a peer loss, requesting the VSI again failed.
            var notRestored = 0
            /// Anything else.
            var other = 0
        }

        let universe: Int
        let target: Int
        private var random: SplitMix64
        private(set) var wanted: Set<Int> = []
        private var everAssociated: Set<Int> = []
        /// Wanted VSIs the station reported lost since they were last requested.
        private(set) var lost: Set<Int> = []
        private(set) var tally = Tally()
        /// Log lines about VSIs outside the universe, or that would not parse: each is a defect of the log.
        private(set) var unreadable: [String] = []

        init(universe: Int, target: Int, seed: UInt64) {
            self.universe = universe
            self.target = target
            random = SplitMix64(seed: seed)
        }

        // MARK: Commands

        static func command(_ mode: String, _ vsi: Int) -> String {
            let high = vsi / 256
            let low = vsi % 256
            return "mode=\(mode) mgrid=chaos typeid=7 typeidver=1 vsiid=ipv4:10.77.\(high).\(low) "
                + "filter=0-02:77:00:00:\(hex(high)):\(hex(low))"
        }

        private static func hex(_ value: Int) -> String {
            let digits = String(value, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }

        /// The VSI number of a log line's `vsi` member (`10.77.H.L`), or `nil`.
        static func number(of vsi: String) -> Int? {
            let parts = vsi.split(separator: ".").compactMap { Int($0) }
            guard parts.count == 4, parts[0] == 10, parts[1] == 77, (0..<256).contains(parts[2]),
                (0..<256).contains(parts[3])
            else {
                return nil
            }
            return parts[2] * 256 + parts[3]
        }

        /// The textual VSIID of VSI `n`, as the logs print it.
        static func vsiID(_ vsi: Int) -> String {
            "10.77.\(vsi / 256).\(vsi % 256)"
        }

        /// The next batch: first a request for every lost VSI, then up to `operations` drawn operations on other
        /// VSIs (one request per VSI in a batch). Returns the command lines and how many drawn operations they hold.
        mutating func nextBatch(operations: Int) -> (lines: [String], operations: Int) {
            var lines: [String] = []
            var touched: Set<Int> = []
            for vsi in lost.sorted() {
                lines.append(Self.command("assoc", vsi))
                touched.insert(vsi)
                tally.repairs += 1
            }
            lost.removeAll()
            var drawn = 0
            var attempts = 0
            while drawn < operations, attempts < operations * 20 {
                attempts += 1
                // Sorted: a Set's order differs from process to process, and the draws must follow the seed alone.
                let wantedList = wanted.subtracting(touched).sorted()
                let draw = Double.random(in: 0..<1, using: &random)
                if wanted.count >= target, draw < 0.35, let vsi = wantedList.randomElement(using: &random) {
                    wanted.remove(vsi)
                    lines.append(Self.command("deassoc", vsi))
                    touched.insert(vsi)
                    tally.deassociations += 1
                } else if wanted.count >= target, draw < 0.65, let vsi = wantedList.randomElement(using: &random) {
                    lines.append(Self.command("assoc", vsi))
                    touched.insert(vsi)
                    tally.repeatedAssociations += 1
                } else {
                    let vsi = Int.random(in: 0..<universe, using: &random)
                    guard !wanted.contains(vsi), !touched.contains(vsi) else {
                        continue
                    }
                    wanted.insert(vsi)
                    if everAssociated.insert(vsi).inserted {
                        tally.associations += 1
                    } else {
                        tally.reassociations += 1
                    }
                    lines.append(Self.command("assoc", vsi))
                    touched.insert(vsi)
                }
                drawn += 1
            }
            return (lines, drawn)
        }

        /// Every wanted VSI, for a restarted station (what it had is gone with its process).
        mutating func restoration() -> [String] {
            lost.removeAll()
            tally.restorations += wanted.count
            return wanted.sorted().map { Self.command("assoc", $0) }
        }

        // MARK: What the station reported

        private mutating func classify(_ record: AgentLogRecord) {
            let text = record.text
            if record.kind == "failure", text.contains("outstanding") {
                tally.losses.refusedBusy += 1
            } else if record.kind == "failure" {
                tally.losses.requestFailed += 1
            } else if text.contains("keep-alive failed") {
                tally.losses.keepAliveFailed += 1
            } else if text.contains("de-associated by the bridge") {
                tally.losses.bridgeDeAssociated += 1
            } else if text.contains("requested again") {
                tally.losses.notRestored += 1
            } else {
                tally.losses.other += 1
            }
        }

        /// Takes note of the station's log lines: a wanted VSI whose request failed or that ended is lost; one
        /// confirmed again is not.
        mutating func process(_ records: [AgentLogRecord]) {
            for record in records {
                guard let vsiText = record.vsi, ["result", "failure", "vsi"].contains(record.kind) else {
                    continue
                }
                guard let vsi = Self.number(of: vsiText), vsi < universe else {
                    unreadable.append("[\(record.kind)] \(record.text)")
                    continue
                }
                let isLoss = record.kind == "failure" || record.ended == true
                if isLoss {
                    if wanted.contains(vsi), record.mode != "DeAssociate" {
                        lost.insert(vsi)
                        classify(record)
                    }
                } else if record.vids != nil {
                    lost.remove(vsi)
                }
            }
        }
    }
#endif
