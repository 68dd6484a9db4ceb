#if os(Linux)
    import Testing
    import VDPTestSupport
    @testable import VDPNetlink

    /// The monitor against the kernel, in a network namespace each test creates with a veth pair in it (root).
    @Suite(.serialized, .timeLimit(.minutes(1)))
    struct LinkMonitorLiveTests {
        /// `vA`/`vB`: the pair; the names are short and fixed because each test has a namespace of its own.
        static let a = "vA"
        static let b = "vB"

        /// Creates the pair, both ends up.
        static func makePair(in namespace: TestNamespace) throws {
            try namespace.ip("link", "add", a, "type", "veth", "peer", "name", b)
            try namespace.ip("link", "set", a, "up")
            try namespace.ip("link", "set", b, "up")
        }

        static func change(_ change: LinkChange, of name: String, _ test: (LinkStatus) -> Bool) -> Bool {
            switch change {
            case .appeared(let link), .changed(let link): link.name == name && test(link)
            case .removed, .resynchronised: false
            }
        }

        @Test func theFirstDumpHoldsEveryLinkOfTheNamespace() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                try Self.makePair(in: namespace)
                try namespace.ip("link", "set", Self.b, "mtu", "1400")
                let monitor = try await namespace.monitor()
                defer { monitor.stop() }
                let links = try monitor.links()
                #expect(links.map(\.name).sorted() == ["lo", Self.a, Self.b].sorted())
                #expect(links.map(\.index) == links.map(\.index).sorted())
                let loopback = try #require(links.first { $0.name == "lo" })
                #expect(loopback.isAdministrativelyUp)
                #expect(loopback.macAddress == [0, 0, 0, 0, 0, 0])
                let b = try #require(links.first { $0.name == Self.b })
                #expect(b.mtu == 1400)
                #expect(b.isAdministrativelyUp)
                #expect(b.macAddress?.count == 6)
            }
        }

        @Test func carrierLossWhenThePeerGoesDownAndBack() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                try Self.makePair(in: namespace)
                let monitor = try await namespace.monitor()
                defer { monitor.stop() }
                let changes = ChangeCollector(monitor.changes())
                // The carrier of a freshly raised veth comes through the kernel's link watcher, a moment later.
                if try monitor.links().first(where: { $0.name == Self.a })?.hasCarrier != true {
                    let up = await changes.next { Self.change($0, of: Self.a) { $0.hasCarrier } }
                    #expect(up != nil, "no carrier on \(Self.a): \(changes.all)")
                }
                try namespace.ip("link", "set", Self.b, "down")
                let lost = await changes.next { Self.change($0, of: Self.a) { !$0.hasCarrier } }
                let status = try #require(lost.flatMap(Self.status), "no carrier loss: \(changes.all)")
                #expect(status.isAdministrativelyUp)
                #expect(status.operationalState != .up)
                #expect(try monitor.links().first { $0.name == Self.a }?.hasCarrier == false)

                try namespace.ip("link", "set", Self.b, "up")
                let back = await changes.next {
                    Self.change($0, of: Self.a) { $0.hasCarrier && $0.operationalState == .up }
                }
                #expect(back != nil, "carrier not back: \(changes.all)")
            }
        }

        @Test func administrativeDownAndUp() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                try Self.makePair(in: namespace)
                let monitor = try await namespace.monitor()
                defer { monitor.stop() }
                let changes = ChangeCollector(monitor.changes(followingInterfaceNamed: Self.a))
                let first = await changes.next { _ in true }
                #expect(Self.isAppeared(first, named: Self.a), "\(changes.all)")

                try namespace.ip("link", "set", Self.a, "down")
                let down = await changes.next { Self.change($0, of: Self.a) { !$0.isAdministrativelyUp } }
                let status = try #require(down.flatMap(Self.status), "not down: \(changes.all)")
                #expect(!status.hasCarrier)
                #expect(status.operationalState == .down)

                try namespace.ip("link", "set", Self.a, "up")
                let up = await changes.next {
                    Self.change($0, of: Self.a) { $0.isAdministrativelyUp && $0.hasCarrier }
                }
                #expect(up != nil, "not up: \(changes.all)")
            }
        }

        @Test func aRenameKeepsTheIndexAndMovesTheFollowedName() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                try Self.makePair(in: namespace)
                let monitor = try await namespace.monitor()
                defer { monitor.stop() }
                let index = try #require(try monitor.links().first { $0.name == Self.a }?.index)
                let all = ChangeCollector(monitor.changes())
                let oldName = ChangeCollector(monitor.changes(followingInterfaceNamed: Self.a))
                let newName = ChangeCollector(monitor.changes(followingInterfaceNamed: "vC"))

                try namespace.ip("link", "set", Self.a, "down")
                try namespace.ip("link", "set", Self.a, "name", "vC")
                let renamed = await all.next { Self.change($0, of: "vC") { _ in true } }
                #expect(renamed.flatMap(Self.status)?.index == index, "\(all.all)")
                if case .changed = renamed {
                } else {
                    Issue.record("a rename is not a change: \(all.all)")
                }

                _ = await oldName.next { _ in true }  // the appearance at subscription
                let gone = await oldName.next { if case .removed = $0 { true } else { false } }
                #expect(gone == .removed(try #require(renamed.flatMap(Self.status))), "\(oldName.all)")
                let came = await newName.next { _ in true }
                #expect(Self.isAppeared(came, named: "vC"), "\(newName.all)")
                #expect(try monitor.links().first { $0.index == index }?.name == "vC")
            }
        }

        @Test func removalAndRecreation() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                try Self.makePair(in: namespace)
                let monitor = try await namespace.monitor()
                defer { monitor.stop() }
                let index = try #require(try monitor.links().first { $0.name == Self.a }?.index)
                let followed = ChangeCollector(monitor.changes(followingInterfaceNamed: Self.a))
                _ = await followed.next { _ in true }

                try namespace.ip("link", "del", Self.a)
                // The kernel takes the link down (a change) before it removes it.
                let removed = await followed.next { if case .removed = $0 { true } else { false } }
                guard case .removed(let last)? = removed else {
                    Issue.record("no removal: \(followed.all)")
                    return
                }
                #expect(last.index == index)
                #expect(try monitor.links().contains { $0.name == Self.a || $0.name == Self.b } == false)

                try Self.makePair(in: namespace)
                let again = await followed.next { _ in true }
                #expect(Self.isAppeared(again, named: Self.a), "\(followed.all)")
                #expect(again.flatMap(Self.status)?.index != index)
            }
        }

        @Test func anOverrunIsResynchronisedWithAFreshDump() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                // The smallest receive queue the kernel grants (a few kilobytes), and no reader yet: a few dozen
                // notifications overrun it for certain.
                let configuration = LinkMonitorConfiguration(receiveQueueSize: 1)
                let monitor = try await namespace.monitor(configuration: configuration, startsReader: false)
                defer { monitor.stop() }
                let changes = ChangeCollector(monitor.changes())
                let followed = ChangeCollector(monitor.changes(followingInterfaceNamed: "vA7"))
                for pair in 0..<8 {
                    try namespace.ip("link", "add", "vA\(pair)", "type", "veth", "peer", "name", "vB\(pair)")
                }
                try monitor.startReader()
                let resynchronised = await changes.next {
                    if case .resynchronised = $0 { true } else { false }
                }
                guard case .resynchronised(let links)? = resynchronised else {
                    Issue.record("no resynchronisation: \(changes.all), \(monitor.statistics)")
                    return
                }
                #expect(links.count == 17)
                #expect(links.contains { $0.name == "vB7" })
                #expect(monitor.statistics.overruns >= 1)
                #expect(monitor.statistics.resynchronisations >= 1)
                let appeared = await followed.next { _ in true }
                #expect(Self.isAppeared(appeared, named: "vA7"), "\(followed.all)")
                #expect(try monitor.links().count == 17)
            }
        }

        @Test func stopEndsTheStreamsAndCloses() async throws {
            guard TestNamespace.check() else { return }
            try await TestNamespace.with { namespace in
                let monitor = try await namespace.monitor()
                let changes = ChangeCollector(monitor.changes())
                monitor.stop()
                #expect(await changes.waitUntilFinished())
                #expect(throws: NetlinkError.self) { try monitor.links() }
                let late = ChangeCollector(monitor.changes())
                #expect(await late.waitUntilFinished())
                monitor.stop()
            }
        }

        static func status(_ change: LinkChange) -> LinkStatus? {
            switch change {
            case .appeared(let link), .changed(let link), .removed(let link): link
            case .resynchronised: nil
            }
        }

        static func isAppeared(_ change: LinkChange?, named name: String) -> Bool {
            if case .appeared(let link)? = change { link.name == name } else { false }
        }
    }
#endif
