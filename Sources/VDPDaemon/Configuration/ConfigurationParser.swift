/// Reads the `key = value` lines of a configuration file into a ``DaemonConfiguration``.
///
/// Lines: blank, `# comment`, `[interface NAME]`, or `key = value` (a `#` after the value starts a comment).
/// Keys before the first section are global; the interface keys may also stand there, as defaults for every
/// interface declared after them. Keys and values are case-sensitive; booleans are `on`/`off`, `yes`/`no` or
/// `true`/`false`.
struct ConfigurationParser {
    private var configuration = DaemonConfiguration()
    private var defaults = InterfaceConfiguration(name: "")
    private var current: InterfaceConfiguration?
    private var seenKeys: Set<String> = []
    private var lineNumber = 0

    /// The keys allowed before the first section only.
    static let globalKeys: Set<String> = [
        "state-directory", "control-socket", "control-socket-mode", "control-socket-group", "log-format", "log-rate",
        "log-total-rate",
    ]
    /// The keys of an interface section (also allowed globally, as defaults).
    static let interfaceKeys: Set<String> = [
        "evb", "groupids", "retries", "rte", "rwd", "rka", "max-wanted-vsis", "max-frame-size", "realtime-priority",
        "spacing-ms",
    ]

    mutating func parse(_ text: String) throws(ConfigurationError) -> DaemonConfiguration {
        guard text.utf8.count <= DaemonConfiguration.maximumFileSize else {
            throw ConfigurationError(.tooLarge, "larger than \(DaemonConfiguration.maximumFileSize) octets")
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            try parseLine(Self.stripComment(rawLine))
        }
        try finishSection()
        guard !configuration.interfaces.isEmpty else {
            throw ConfigurationError(.noInterfaces, "no [interface NAME] section")
        }
        return configuration
    }

    private mutating func parseLine(_ line: Substring) throws(ConfigurationError) {
        let line = Self.trimmed(line)
        if line.isEmpty {
            return
        }
        if line.first == "[" {
            try startSection(line)
            return
        }
        guard let equals = line.firstIndex(of: "=") else {
            throw error(.malformedLine, "expected 'key = value', '[interface NAME]' or a comment")
        }
        let key = String(Self.trimmed(line[..<equals]))
        let value = String(Self.trimmed(line[line.index(after: equals)...]))
        guard !key.isEmpty else {
            throw error(.malformedLine, "a key is missing before '='")
        }
        guard seenKeys.insert(key).inserted else {
            throw error(.duplicateKey, "'\(key)' is given twice in this section")
        }
        if current != nil {
            guard Self.interfaceKeys.contains(key) else {
                let global = Self.globalKeys.contains(key)
                throw error(
                    .unknownKey,
                    global ? "'\(key)' is global: put it before the first section" : "unknown key '\(key)'"
                )
            }
            try apply(key, value, to: &current)
        } else if Self.interfaceKeys.contains(key) {
            var target: InterfaceConfiguration? = defaults
            try apply(key, value, to: &target)
            defaults = target ?? defaults
        } else {
            try applyGlobal(key, value)
        }
    }

    private mutating func startSection(_ line: Substring) throws(ConfigurationError) {
        guard line.last == "]" else {
            throw error(.badSection, "a section is '[interface NAME]'")
        }
        let words = line.dropFirst().dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2, words[0] == "interface" else {
            throw error(.badSection, "a section is '[interface NAME]'")
        }
        let name = String(words[1])
        guard Self.isValidInterfaceName(name) else {
            throw error(.badSection, "'\(name)' is not an interface name (1 to 15 characters, no '/' or ':')")
        }
        try finishSection()
        guard configuration.interface(name) == nil else {
            throw error(.duplicateInterface, "interface \(name) has a section already")
        }
        guard configuration.interfaces.count < DaemonConfiguration.maximumInterfaces else {
            throw error(.tooLarge, "more than \(DaemonConfiguration.maximumInterfaces) interfaces")
        }
        var section = defaults
        section.name = name
        current = section
        seenKeys = []
    }

    private mutating func finishSection() throws(ConfigurationError) {
        if let current {
            configuration.interfaces.append(current)
        }
        current = nil
    }

    private func apply(_ key: String, _ value: String, to target: inout InterfaceConfiguration?)
        throws(ConfigurationError)
    {
        guard var interface = target else {
            return
        }
        switch key {
        case "evb": interface.evb = try boolean(key, value)
        case "groupids": interface.groupIDs = try boolean(key, value)
        case "retries": interface.maximumRetries = UInt8(try integer(key, value, in: 0...7))
        case "rte": interface.retransmissionExponent = UInt8(try integer(key, value, in: 0...31))
        case "rwd": interface.resourceWaitDelayExponent = UInt8(try integer(key, value, in: 0...31))
        case "rka": interface.reinitKeepAliveExponent = UInt8(try integer(key, value, in: 0...31))
        case "max-wanted-vsis": interface.maximumWantedVSIs = try integer(key, value, in: 1...1_048_576)
        case "max-frame-size": interface.maximumFrameSize = try integer(key, value, in: 1_500...65_535)
        case "realtime-priority": interface.realTimePriority = Int32(try integer(key, value, in: 1...99))
        case "spacing-ms": interface.minimumSpacing = .milliseconds(try integer(key, value, in: 0...1_000))
        default: throw error(.unknownKey, "unknown key '\(key)'")
        }
        target = interface
    }

    private mutating func applyGlobal(_ key: String, _ value: String) throws(ConfigurationError) {
        switch key {
        case "state-directory": configuration.stateDirectory = try path(key, value)
        case "control-socket": configuration.controlSocket = try path(key, value)
        case "control-socket-mode":
            guard value.utf8.count <= 4, let mode = UInt16(value, radix: 8), mode <= 0o777 else {
                throw error(.invalidValue, "'\(key)' needs an octal mode such as 0660, not '\(value)'")
            }
            configuration.controlSocketMode = mode
        case "control-socket-group":
            guard !value.isEmpty, value.utf8.count <= 64, !value.contains(where: { $0 == " " || $0 == ":" }) else {
                throw error(.invalidValue, "'\(key)' needs a group name, not '\(value)'")
            }
            configuration.controlSocketGroup = value
        case "log-format":
            guard let format = LogFormat(rawValue: value) else {
                throw error(.invalidValue, "'\(key)' is text or json, not '\(value)'")
            }
            configuration.logFormat = format
        case "log-rate": configuration.logLinesPerCause = try integer(key, value, in: 1...1_000_000)
        case "log-total-rate": configuration.logLinesPerInterval = try integer(key, value, in: 1...1_000_000)
        case "lldpad-compatible": configuration.lldpadCompatible = try boolean(key, value)
        case "lldpad-pid-file": configuration.lldpadPIDFile = try path(key, value)
        default: throw error(.unknownKey, "unknown key '\(key)'")
        }
    }

    private func boolean(_ key: String, _ value: String) throws(ConfigurationError) -> Bool {
        switch value {
        case "on", "yes", "true": return true
        case "off", "no", "false": return false
        default: throw error(.invalidValue, "'\(key)' is on or off, not '\(value)'")
        }
    }

    private func integer(_ key: String, _ value: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let digits = value.replacingUnderscores
        guard let number = Int(digits), range.contains(number) else {
            throw error(
                .invalidValue,
                "'\(key)' needs a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'"
            )
        }
        return number
    }

    private func path(_ key: String, _ value: String) throws(ConfigurationError) -> String {
        guard value.first == "/", value.utf8.count <= 4_000, !value.contains("\0") else {
            throw error(.invalidValue, "'\(key)' needs an absolute path, not '\(value)'")
        }
        return value
    }

    private func error(_ code: ConfigurationError.Code, _ message: String) -> ConfigurationError {
        ConfigurationError(code, line: lineNumber, message)
    }

    /// The line without its comment (from the first `#`).
    private static func stripComment(_ line: Substring) -> Substring {
        guard let hash = line.firstIndex(of: "#") else {
            return line
        }
        return line[..<hash]
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" || first == "\r" {
            text = text.dropFirst()
        }
        while let last = text.last, last == " " || last == "\t" || last == "\r" {
            text = text.dropLast()
        }
        return text
    }

    /// Linux's rule: 1 to 15 octets, no '/', ':' or whitespace, not `.` or `..`.
    static func isValidInterfaceName(_ name: String) -> Bool {
        guard (1...15).contains(name.utf8.count), name != ".", name != ".." else {
            return false
        }
        return !name.contains { $0 == "/" || $0 == ":" || $0.isWhitespace || $0 == "\0" }
    }
}

extension String {
    /// `65_536` → `65536`.
    fileprivate var replacingUnderscores: String {
        String(filter { $0 != "_" })
    }
}
