#if os(Linux)
    import Foundation
    import Glibc

    /// What the network tests of one process have made and not yet removed, noted in a run directory, so that a
    /// later test process removes what a killed one (SIGKILL, a CI time-out) left behind.
    ///
    /// A process notes each namespace, interface of the root namespace and temporary directory (which holds its
    /// Open vSwitch run directories) in `<run directory>/<pid>-<start time>/`, one file per resource, written
    /// before the resource is made and deleted once it is removed. Before a process makes its first resource,
    /// ``sweepOnce()`` removes the resources of every owner whose process no longer exists: it kills the processes
    /// still inside such a namespace (the Open vSwitch daemons, lldpad, tcpdump of the dead test), deletes the
    /// namespace, the interface and the directory, and prints what it removed. An owner counts as alive while
    /// `/proc/<pid>/stat` shows its start time, so that neither a live test process (tests run in parallel, also
    /// in several processes) nor one that reused a dead owner's pid loses anything.
    package struct NetworkLeftovers: Sendable {
        /// What a note is about.
        package enum Kind: String, Sendable, CaseIterable {
            /// A network namespace made with `ip netns add`.
            case namespace = "netns"
            /// An interface in the root namespace (a veth end: deleting it deletes its peer).
            case link
            /// A temporary directory named `vdp-…`.
            case directory
        }

        /// A process, told apart from a later one with the same pid by its start time.
        package struct Owner: Hashable, Sendable {
            /// The process ID.
            package var pid: pid_t
            /// Field 22 of `/proc/<pid>/stat`: clock ticks from boot to the process's start.
            package var startTime: UInt64

            /// The process with `pid` as it is now, or `nil` when there is none.
            package static func running(_ pid: pid_t) -> Owner? {
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                    let endOfName = stat.lastIndex(of: ")")
                else {
                    return nil
                }
                // After the name: state (field 3), …, start time (field 22).
                let fields = stat[stat.index(after: endOfName)...].split(separator: " ")
                guard fields.count > 19, let startTime = UInt64(fields[19]) else {
                    return nil
                }
                return Owner(pid: pid, startTime: startTime)
            }

            /// This process.
            package static let current = running(getpid()) ?? Owner(pid: getpid(), startTime: 0)

            /// Whether the process still runs (the pid's process has the same start time).
            package var isAlive: Bool { Self.running(pid) == self }

            /// The owner's folder in the run directory.
            var folderName: String { "\(pid)-\(startTime)" }

            init(pid: pid_t, startTime: UInt64) {
                self.pid = pid
                self.startTime = startTime
            }

            init?(folderName: String) {
                let parts = folderName.split(separator: "-")
                guard parts.count == 2, let pid = pid_t(parts[0]), let startTime = UInt64(parts[1]) else {
                    return nil
                }
                self.init(pid: pid, startTime: startTime)
            }
        }

        /// Where the notes are kept.
        package let runDirectory: String
        /// Whose notes this value writes.
        package let owner: Owner

        /// Notes of `owner` in `runDirectory`.
        package init(runDirectory: String, owner: Owner) {
            self.runDirectory = runDirectory
            self.owner = owner
        }

        /// This process's notes, in `/run/vdp-tests` (a tmpfs: emptied at boot, when nothing is left anyway).
        package static let shared = NetworkLeftovers(runDirectory: "/run/vdp-tests", owner: .current)

        private var ownerFolder: String { "\(runDirectory)/\(owner.folderName)" }

        private static func fileName(_ kind: Kind, _ name: String) -> String {
            "\(kind.rawValue).\(name.replacingOccurrences(of: "/", with: "%2F"))"
        }

        /// Notes that the owner is about to make `name` (a directory: its full path).
        package func note(_ kind: Kind, _ name: String) throws {
            try FileManager.default.createDirectory(atPath: ownerFolder, withIntermediateDirectories: true)
            try Data(name.utf8).write(to: URL(fileURLWithPath: "\(ownerFolder)/\(Self.fileName(kind, name))"))
        }

        /// Takes back the note about `name`, once it is removed (or kept on purpose).
        package func forget(_ kind: Kind, _ name: String) {
            try? FileManager.default.removeItem(atPath: "\(ownerFolder)/\(Self.fileName(kind, name))")
        }

        /// Removes what owners that no longer run left behind and their notes; leaves live owners' alone. Returns
        /// a line per resource removed.
        package func sweep() -> [String] {
            guard let folders = try? FileManager.default.contentsOfDirectory(atPath: runDirectory) else {
                return []
            }
            var removed: [String] = []
            for folder in folders.sorted() {
                guard let owner = Owner(folderName: folder), !owner.isAlive else {
                    continue
                }
                let path = "\(runDirectory)/\(folder)"
                var notes: [Kind: [String]] = [:]
                for file in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                    guard let kind = Kind(rawValue: String(file.prefix { $0 != "." })),
                        let name = try? String(contentsOfFile: "\(path)/\(file)", encoding: .utf8)
                    else {
                        continue
                    }
                    notes[kind, default: []].append(name)
                }
                // Namespaces first: that stops the daemons whose files are in the directories.
                for kind in Kind.allCases {
                    for name in notes[kind, default: []].sorted() {
                        if let what = Self.remove(kind, name) {
                            removed.append("\(what) of pid \(owner.pid), which no longer runs")
                        }
                    }
                }
                try? FileManager.default.removeItem(atPath: path)
            }
            return removed
        }

        /// Removes one resource; returns what it removed, or `nil` when there was nothing to remove.
        private static func remove(_ kind: Kind, _ name: String) -> String? {
            switch kind {
            case .namespace:
                guard !name.contains("/"), FileManager.default.fileExists(atPath: "/run/netns/\(name)") else {
                    return nil
                }
                let killed = killProcesses(in: name)
                guard (try? IPCommand.run("netns", "del", name)) != nil else {
                    return nil
                }
                return "netns \(name)" + (killed.isEmpty ? "" : " (processes killed in it: \(killed))")
            case .link:
                return (try? IPCommand.run("link", "del", name)).map { _ in "link \(name)" }
            case .directory:
                // Only what the notes can name: a `vdp-…` folder directly in the temporary directory.
                let url = URL(fileURLWithPath: name)
                guard url.lastPathComponent.hasPrefix("vdp-"),
                    url.deletingLastPathComponent().standardizedFileURL.path
                        == FileManager.default.temporaryDirectory.standardizedFileURL.path,
                    FileManager.default.fileExists(atPath: name)
                else {
                    return nil
                }
                return (try? FileManager.default.removeItem(atPath: name)).map { _ in "directory \(name)" }
            }
        }

        /// SIGKILLs every process in `namespace` (SIGCONT first, in case a test stopped it), waits up to 2 s for
        /// them to go, and returns their pids.
        private static func killProcesses(in namespace: String) -> [pid_t] {
            let pids = ((try? IPCommand.run("netns", "pids", namespace)) ?? "").split(separator: "\n")
                .compactMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
            for pid in pids where pid > 1 {
                kill(pid, SIGCONT)
                kill(pid, SIGKILL)
            }
            for _ in 0..<200 where pids.contains(where: { kill($0, 0) == 0 }) {
                usleep(10_000)
            }
            return pids
        }

        /// Runs ``sweep()`` on ``shared`` the first time it is called in the process, and prints what it removed.
        /// Every helper that makes a namespace, an interface or a test directory calls it first.
        package static func sweepOnce() {
            _ = sweptOnce
        }

        private static let sweptOnce: Void = {
            for line in shared.sweep() {
                print("VDPTestSupport: removed leftover \(line)")
            }
        }()
    }
#endif
