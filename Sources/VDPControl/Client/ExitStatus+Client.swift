extension ExitStatus {
    /// 1 for the control-client commands: the daemon refused the request, or the bridge rejected it, or it
    /// failed (any error response).
    public static let requestFailed = ExitStatus(rawValue: 1)
    /// 3 for the control-client commands: the daemon cannot be reached (no socket, no permission, connection
    /// closed before the answer).
    public static let daemonUnreachable = ExitStatus(rawValue: 3)
}
