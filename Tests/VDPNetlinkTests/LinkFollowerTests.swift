import Testing

@testable import VDPNetlink

@Suite struct LinkFollowerTests {
    static func link(_ index: Int32, _ name: String, up: Bool = true, carrier: Bool = true) -> LinkStatus {
        LinkStatus(
            index: index,
            name: name,
            isAdministrativelyUp: up,
            hasCarrier: carrier,
            operationalState: carrier ? .up : .down
        )
    }

    @Test func itStartsFromTheCurrentLinks() {
        let follower = LinkFollower(name: "eth1", links: [Self.link(1, "lo"), Self.link(2, "eth1")])
        #expect(follower.current == Self.link(2, "eth1"))
        #expect(LinkFollower(name: "eth9", links: [Self.link(1, "lo")]).current == nil)
    }

    @Test func itReportsTheNamedLinkOnly() {
        var follower = LinkFollower(name: "eth1")
        #expect(follower.follow(.appeared(Self.link(1, "lo"))) == [])
        #expect(follower.follow(.appeared(Self.link(2, "eth1"))) == [.appeared(Self.link(2, "eth1"))])
        let lost = Self.link(2, "eth1", carrier: false)
        #expect(follower.follow(.changed(lost)) == [.changed(lost)])
        #expect(follower.follow(.changed(lost)) == [])
        #expect(follower.follow(.changed(Self.link(1, "lo", up: false))) == [])
        #expect(follower.follow(.removed(Self.link(1, "lo"))) == [])
        #expect(follower.follow(.removed(lost)) == [.removed(lost)])
        #expect(follower.current == nil)
        // Re-created with a new index.
        #expect(follower.follow(.appeared(Self.link(5, "eth1"))) == [.appeared(Self.link(5, "eth1"))])
    }

    @Test func renamesMoveTheName() {
        var follower = LinkFollower(name: "eth1", links: [Self.link(2, "eth1")])
        #expect(follower.follow(.changed(Self.link(2, "old"))) == [.removed(Self.link(2, "old"))])
        #expect(follower.follow(.changed(Self.link(3, "eth1"))) == [.appeared(Self.link(3, "eth1"))])
        // A second link taking the name (a missed removal) ends the first.
        #expect(
            follower.follow(.appeared(Self.link(4, "eth1")))
                == [.removed(Self.link(3, "eth1")), .appeared(Self.link(4, "eth1"))]
        )
    }

    @Test func aResynchronisationBecomesTheChangeThatBridgesIt() {
        var follower = LinkFollower(name: "eth1")
        #expect(follower.follow(.resynchronised([Self.link(1, "lo")])) == [])
        #expect(follower.follow(.resynchronised([Self.link(2, "eth1")])) == [.appeared(Self.link(2, "eth1"))])
        #expect(follower.follow(.resynchronised([Self.link(2, "eth1")])) == [])
        let down = Self.link(2, "eth1", up: false, carrier: false)
        #expect(follower.follow(.resynchronised([down])) == [.changed(down)])
        #expect(follower.follow(.resynchronised([Self.link(2, "other")])) == [.removed(Self.link(2, "other"))])
        #expect(follower.follow(.resynchronised([Self.link(6, "eth1")])) == [.appeared(Self.link(6, "eth1"))])
        #expect(follower.follow(.resynchronised([])) == [.removed(Self.link(6, "eth1"))])
        // A resynchronisation that finds the name on another link: the old one is gone, the new one appears.
        _ = follower.follow(.appeared(Self.link(7, "eth1")))
        #expect(
            follower.follow(.resynchronised([Self.link(8, "eth1")]))
                == [.removed(Self.link(7, "eth1")), .appeared(Self.link(8, "eth1"))]
        )
    }

    @Test func theTableReportsRealChangesOnly() {
        var table = LinkTable()
        #expect(table.apply(Self.link(2, "eth1"), removed: false) == .appeared(Self.link(2, "eth1")))
        #expect(table.apply(Self.link(2, "eth1"), removed: false) == nil)
        #expect(table.apply(Self.link(2, "eth2"), removed: false) == .changed(Self.link(2, "eth2")))
        #expect(table.apply(Self.link(9, "x"), removed: true) == nil)
        #expect(table.apply(Self.link(2, "eth2"), removed: true) == .removed(Self.link(2, "eth2")))
        #expect(table.sorted.isEmpty)
        let links: [Int32: LinkStatus] = [3: Self.link(3, "b"), 1: Self.link(1, "a")]
        #expect(table.replace(with: links) == .resynchronised([Self.link(1, "a"), Self.link(3, "b")]))
    }
}
