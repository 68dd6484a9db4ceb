import Testing
import VDPDaemon
import VDPProtocol

/// The configuration file: every key, its default, and every mistake with its line.
@Suite struct ConfigurationTests {
    @Test func defaults() throws {
        let configuration = try DaemonConfiguration.parse("[interface eth0]\n")
        #expect(configuration.stateDirectory == "/var/lib/vdpd")
        #expect(configuration.stateFilePath == "/var/lib/vdpd/state.json")
        #expect(configuration.controlSocket == "/run/vdpd/control.sock")
        #expect(configuration.controlSocketMode == 0o600)
        #expect(configuration.controlSocketGroup == nil)
        #expect(configuration.logFormat == .text)
        #expect(configuration.logLinesPerCause == 20 && configuration.logLinesPerInterval == 200)
        let eth0 = try #require(configuration.interface("eth0"))
        #expect(eth0.evb && eth0.groupIDs)
        #expect(eth0.maximumRetries == 3 && eth0.retransmissionExponent == 8)
        #expect(eth0.resourceWaitDelayExponent == 20 && eth0.reinitKeepAliveExponent == 20)
        #expect(eth0.maximumWantedVSIs == 65_536)
        #expect(eth0.minimumSpacing == .zero)
    }

    @Test func everyKey() throws {
        let text = """
            # vdpd on two ports
            state-directory = /srv/vdpd/   # trailing slash
            control-socket = /run/x/vdpd.sock
            control-socket-mode = 0660
            control-socket-group = kvm
            log-format = json
            log-rate = 5
            log-total-rate = 50
            rte = 12                        # default for the interfaces below

            [interface eth1]
            evb = off
            groupids = no
            retries = 7
            rwd = 21
            rka = 22
            max-wanted-vsis = 1_000
            max-frame-size = 9000
            realtime-priority = 10
            spacing-ms = 3

            [ interface   eth2 ]
            rte = 14
            """
        let configuration = try DaemonConfiguration.parse(text)
        #expect(configuration.stateFilePath == "/srv/vdpd/state.json")
        #expect(configuration.controlSocket == "/run/x/vdpd.sock")
        #expect(configuration.controlSocketMode == 0o660)
        #expect(configuration.controlSocketGroup == "kvm")
        #expect(configuration.logFormat == .json)
        #expect(configuration.logLinesPerCause == 5 && configuration.logLinesPerInterval == 50)
        #expect(configuration.interfaces.map(\.name) == ["eth1", "eth2"])
        let eth1 = try #require(configuration.interface("eth1"))
        #expect(!eth1.evb && !eth1.groupIDs)
        #expect(eth1.evbConfiguration == nil)
        #expect(eth1.maximumRetries == 7 && eth1.retransmissionExponent == 12)
        #expect(eth1.resourceWaitDelayExponent == 21 && eth1.reinitKeepAliveExponent == 22)
        #expect(eth1.maximumWantedVSIs == 1_000)
        #expect(eth1.batching(linkMaximum: 9000) == .batched(maximumULPDULength: 8993))
        #expect(eth1.batching(linkMaximum: 1500) == .enabled, "never above the interface's MTU")
        #expect(eth1.realTimePriority == 10)
        #expect(eth1.minimumSpacing == .milliseconds(3))
        let eth2 = try #require(configuration.interface("eth2"))
        #expect(eth2.retransmissionExponent == 14 && eth2.evb)
        #expect(eth2.batching(linkMaximum: 9000) == .enabled, "the standard's 1500 unless configured")
        #expect(eth2.realTimePriority == nil)
        #expect(eth2.minimumSpacing == .zero)
        #expect(eth2.evbConfiguration?.retransmissionExponent == 14)
        #expect(eth2.evbConfiguration?.supportsGroupIDs == true)
    }

    /// Each bad file, the error code and the line it names.
    @Test(
        arguments: [
            ("", ConfigurationError.Code.noInterfaces, nil),
            ("# only a comment\n", .noInterfaces, nil),
            ("[interface eth0]\nfoo = 1\n", .unknownKey, 2),
            ("[interface eth0]\nstate-directory = /x\n", .unknownKey, 2),
            ("bogus = 1\n[interface eth0]\n", .unknownKey, 1),
            ("[interface eth0]\njust words\n", .malformedLine, 2),
            ("[interface eth0]\n= 3\n", .malformedLine, 2),
            ("[interface eth0\n", .badSection, 1),
            ("[bridge eth0]\n", .badSection, 1),
            ("[interface a/b]\n", .badSection, 1),
            ("[interface abcdefghijklmnop]\n", .badSection, 1),
            ("[interface eth0]\n[interface eth0]\n", .duplicateInterface, 2),
            ("[interface eth0]\nrte = 3\nrte = 4\n", .duplicateKey, 3),
            ("[interface eth0]\nrte = 32\n", .invalidValue, 2),
            ("[interface eth0]\nretries = 8\n", .invalidValue, 2),
            ("[interface eth0]\nrka = -1\n", .invalidValue, 2),
            ("[interface eth0]\nevb = maybe\n", .invalidValue, 2),
            ("[interface eth0]\nmax-wanted-vsis = 0\n", .invalidValue, 2),
            ("[interface eth0]\nmax-frame-size = 1499\n", .invalidValue, 2),
            ("[interface eth0]\nrealtime-priority = 100\n", .invalidValue, 2),
            ("[interface eth0]\nspacing-ms = 1001\n", .invalidValue, 2),
            ("log-format = xml\n[interface eth0]\n", .invalidValue, 1),
            ("control-socket-mode = 0999\n[interface eth0]\n", .invalidValue, 1),
            ("control-socket-mode = 1777\n[interface eth0]\n", .invalidValue, 1),
            ("state-directory = relative/path\n[interface eth0]\n", .invalidValue, 1),
            ("log-rate = 0\n[interface eth0]\n", .invalidValue, 1),
        ] as [(String, ConfigurationError.Code, Int?)]
    )
    func mistakes(text: String, code: ConfigurationError.Code, line: Int?) {
        #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.parse(text)
        }
        do {
            _ = try DaemonConfiguration.parse(text)
        } catch {
            #expect(error.code == code, "\(error)")
            #expect(error.line == line, "\(error)")
        }
    }

    @Test func oversizedFileIsRefused() {
        let text = "[interface eth0]\n" + String(repeating: "#", count: DaemonConfiguration.maximumFileSize)
        #expect(throws: ConfigurationError(.tooLarge, "larger than \(DaemonConfiguration.maximumFileSize) octets")) {
            try DaemonConfiguration.parse(text)
        }
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try DaemonConfiguration.load(path: "/nonexistent/vdpd.conf")
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.line == nil)
        }
    }

    @Test func reloadChangeNamesWhatMoves() throws {
        let old = try DaemonConfiguration.parse("[interface eth0]\n[interface eth1]\nrte = 9\n[interface eth2]\n")
        let new = try DaemonConfiguration.parse(
            "log-format = json\n[interface eth1]\nrte = 10\n[interface eth2]\n[interface eth3]\n"
        )
        let change = ConfigurationChange(from: old, to: new)
        #expect(change.added == ["eth3"])
        #expect(change.removed == ["eth0"])
        #expect(change.changed == ["eth1"])
        #expect(change.restartNeeded == ["log-format"])
        #expect(ConfigurationChange(from: old, to: old).isEmpty)
    }

    @Test func commandLine() throws {
        let options = try DaemonOptions.parse(["--config", "/etc/x.conf", "--check-config", "--log-format", "json"])
        #expect(options.configurationPath == "/etc/x.conf" && options.checkOnly && options.logFormat == .json)
        #expect(try DaemonOptions.parse([]).configurationPath == "/etc/vdpd.conf")
        #expect(throws: DaemonUsageError("--log-format is text or json")) {
            try DaemonOptions.parse(["--log-format", "xml"])
        }
        #expect(throws: DaemonUsageError("--config needs a file name")) { try DaemonOptions.parse(["--config"]) }
        #expect(throws: DaemonUsageError("unknown option '--nope'")) { try DaemonOptions.parse(["--nope"]) }
    }
}
