import VDPDaemon
import VDPLldpad
import VDPSystem

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

let status = await Daemon.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    frontDoors: [LldpadFrontDoors()],
    write: { writeAll($0, to: STDOUT_FILENO) },
    writeError: { writeAll($0, to: STDERR_FILENO) }
)
exit(status)
