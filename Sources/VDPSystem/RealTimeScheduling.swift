#if os(Linux)
    import Glibc

    /// Puts the calling thread under `SCHED_FIFO` with `priority` (pthread_setschedparam(3)); returns 0, or the
    /// error number it returned (`EPERM` without `CAP_SYS_NICE` or an `RLIMIT_RTPRIO` that allows it, `EINVAL`
    /// for a priority outside 1…99).
    package func setCurrentThreadFIFOPriority(_ priority: Int32) -> Int32 {
        var parameters = sched_param()
        parameters.sched_priority = priority
        return pthread_setschedparam(pthread_self(), SCHED_FIFO, &parameters)
    }
#endif
