import VDPControl
import VDPSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

let result = await VDPControlCommand.run(arguments: Array(CommandLine.arguments.dropFirst())) { text in
    writeAll(text, to: STDOUT_FILENO)
}
writeAll(result.standardOutput, to: STDOUT_FILENO)
writeAll(result.standardError, to: STDERR_FILENO)
exit(result.status.rawValue)
