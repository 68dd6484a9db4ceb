#if os(Linux)
    import Foundation

    /// The chaos test's outcome table (Docs/CHAOS.md records the figures of real runs).
    struct ChaosOutcome {
        var seed: UInt64
        var faults: ChaosRelay.Faults
        var tally: ChaosEmbedding.Tally
        var relay: [ChaosRelay.Direction: ChaosRelay.Counters]
        var bridgeRestarts = 0
        var stationRestarts = 0
        var linkFlaps = 0
        var wanted = 0
        var onStation = 0
        var onBridge = 0
        var missingOnStation = 0
        var missingOnBridge = 0
        var extraOnStation = 0
        var extraOnBridge = 0
        var vidMismatches = 0
        var phases: [(String, Duration)] = []

        var agreed: Bool {
            missingOnStation == 0 && missingOnBridge == 0 && extraOnStation == 0 && extraOnBridge == 0
                && vidMismatches == 0 && onStation == wanted && onBridge == wanted
        }

        /// The table as Markdown.
        var table: String {
            var rows: [(String, String)] = [
                ("seed", "\(seed)"),
                ("faults (each direction)", faults.description),
                (
                    "VSI operations",
                    "\(tally.operations): \(tally.associations) associate, \(tally.reassociations) re-associate "
                        + "after de-associate, \(tally.repeatedAssociations) associate again, "
                        + "\(tally.deassociations) de-associate"
                ),
                (
                    "requests repeated by the embedding",
                    "\(tally.repairs) for lost VSIs, \(tally.restorations) to restore a restarted station"
                ),
                (
                    "losses the station reported",
                    "\(tally.losses.requestFailed) requests failed (ECP retries exhausted or no response), "
                        + "\(tally.losses.keepAliveFailed) keep-alives failed (the VSI ended), "
                        + "\(tally.losses.refusedBusy) refused locally (a keep-alive was outstanding), "
                        + "\(tally.losses.bridgeDeAssociated) de-associated by the bridge, "
                        + "\(tally.losses.notRestored) not restored after the bridge came back, \(tally.losses.other) other"
                ),
            ]
            for direction in ChaosRelay.Direction.allCases {
                let counters = relay[direction] ?? ChaosRelay.Counters()
                rows.append(
                    (
                        "relay \(direction)",
                        "\(counters.received) received, \(counters.dropped) dropped, \(counters.duplicated) duplicated, "
                            + "\(counters.reordered) reordered (\(counters.heldInOrder) more held back but not overtaken), "
                            + "\(counters.delayed) delayed, \(counters.sent) sent, "
                            + "\(counters.sendFailures) lost while the link was down"
                    )
                )
            }
            rows += [
                ("restarts (SIGKILL)", "bridge \(bridgeRestarts), station \(stationRestarts)"),
                ("link flaps", "\(linkFlaps)"),
                ("wanted VSIs at the end", "\(wanted)"),
                (
                    "associated on the station",
                    "\(onStation) (missing \(missingOnStation), not wanted \(extraOnStation))"
                ),
                (
                    "associated on the bridge",
                    "\(onBridge) (missing \(missingOnBridge), not wanted \(extraOnBridge), VIDs differing from the "
                        + "station's \(vidMismatches))"
                ),
                ("final agreement", agreed ? "yes" : "NO"),
            ]
            for (name, duration) in phases {
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                rows.append(("time: \(name)", String(format: "%.1f s", seconds)))
            }
            return "| | |\n|---|---|\n" + rows.map { "| \($0.0) | \($0.1) |" }.joined(separator: "\n")
        }
    }
#endif
