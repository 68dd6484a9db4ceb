#if os(Linux)
    struct ControlEndpoint {
        struct Failure: Error {}
        static func start(_ configuration: DaemonConfiguration, service: StationService) throws -> ControlEndpoint {
            ControlEndpoint()
        }
        func stop() {}
    }
#endif
