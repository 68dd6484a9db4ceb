#if os(Linux)
    import Glibc
    import Testing

    import VDPTypeDatabase

    @testable import VDPControl

    /// `vdpctl bridge --types FILE`: the option, and loading the file with its errors.
    @Suite struct TypesOptionTests {
        @Test func theOptionTakesAFileAndExcludesRejectType() throws {
            guard case .success(let options) = AgentOptions.parse(["-i", "eth0", "--types", "/x/types.conf"]) else {
                Issue.record("--types FILE was refused")
                return
            }
            #expect(options.typesPath == "/x/types.conf")
            guard case .failure(let missing) = AgentOptions.parse(["-i", "eth0", "--types"]) else {
                Issue.record("--types without a file was accepted")
                return
            }
            #expect(missing.message == "--types needs a file name")
            guard case .failure(let both) = AgentOptions.parse(["-i", "eth0", "--types", "t", "--reject-type", "6"])
            else {
                Issue.record("--types with --reject-type was accepted")
                return
            }
            #expect(both.message.hasPrefix("--reject-type and --types exclude each other"))
        }

        @Test func loadingNamesThePathAndTheError() throws {
            let path = "/tmp/vdpctl-types-\(getpid()).conf"
            defer { unlink(path) }
            #expect(TypeDatabaseFile.load(path).failureMessage == "\(path): No such file or directory")
            try write("100/1 vn=any\n200/2 vid=fixed:300\n", to: path)
            #expect(TypeDatabaseFile.load(path).entryCount == 2)
            try write("100/1 vn=any\n100/1\n", to: path)
            #expect(
                TypeDatabaseFile.load(path).failureMessage
                    == "\(path): line 2, column 1: 100/1 already has an entry, on line 1"
            )
            // Only one byte past the limit is read.
            try write(String(repeating: "# padding\n", count: 2_000), to: path)
            var limits = VSITypeDatabaseLimits()
            limits.maximumBytes = 15_000
            #expect(
                TypeDatabaseFile.load(path, limits: limits).failureMessage
                    == "\(path): line 1501, column 1: the file exceeds 15000 bytes"
            )
        }

        private func write(_ text: String, to path: String) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) } == bytes.count)
        }
    }

    extension Result where Success == VSITypeDatabase, Failure == CommandLineError {
        fileprivate var failureMessage: String? {
            if case .failure(let error) = self { error.message } else { nil }
        }

        fileprivate var entryCount: Int? {
            if case .success(let database) = self { database.entries.count } else { nil }
        }
    }
#endif
