#if os(Linux)
    /// One client connection of a ``ControlServer``: its input, its output, its requests in flight and, once it
    /// watches, its buffered events. Reached only under the server's lock; a class, so that its buffers are
    /// mutated in place.
    final class ControlConnection {
        /// The socket.
        let descriptor: Int32

        /// Creates the state of a new connection.
        init(descriptor: Int32) {
            self.descriptor = descriptor
        }
        /// Octets read but not yet split into lines.
        var input: [UInt8] = []
        /// Octets to write, from `outputStart` on.
        var output: [UInt8] = []
        /// How much of `output` is written.
        var outputStart = 0
        /// Requests handed to the handler whose responses have not come back.
        var inFlight = 0
        /// Whether the connection sent a `watch` request.
        var watchRequested = false
        /// Whether the connection's `watch` is answered: events flow.
        var watching = false
        /// The task that moves the handler's events into `events`.
        var watchTask: Task<Void, Never>?
        /// Encoded event lines not yet moved to `output`, oldest first, from `eventsStart` on.
        var events: [[UInt8]] = []
        /// How many of `events` are already moved out.
        var eventsStart = 0
        /// Events dropped since the last `dropped` line.
        var dropped: UInt64 = 0
        /// Whether the client closed its side (end of stream): nothing more is read.
        var inputClosed = false
        /// Whether the connection is to be closed once `output` is written (after `messageTooLarge`).
        var closing = false

        /// Octets waiting to be written.
        var pendingOutput: Int { output.count - outputStart }

        /// Events waiting to be moved to `output`.
        var pendingEvents: Int { events.count - eventsStart }

        /// Appends a line to the output.
        func write(_ line: [UInt8]) {
            if outputStart > 0, outputStart == output.count {
                output.removeAll(keepingCapacity: true)
                outputStart = 0
            }
            output.append(contentsOf: line)
        }

        /// Marks `count` octets of the output written.
        func wrote(_ count: Int) {
            outputStart += count
            if outputStart == output.count {
                output.removeAll(keepingCapacity: output.capacity <= 1 << 16)
                outputStart = 0
            } else if outputStart > 1 << 16, outputStart * 2 > output.count {
                output.removeSubrange(0..<outputStart)
                outputStart = 0
            }
        }

        /// Buffers an event line; past `limit` the oldest is dropped. Returns whether one was dropped.
        func buffer(event line: [UInt8], limit: Int) -> Bool {
            var droppedOne = false
            if pendingEvents >= limit {
                eventsStart += 1
                dropped += 1
                droppedOne = true
            }
            events.append(line)
            if eventsStart > 1_024, eventsStart * 2 > events.count {
                events.removeSubrange(0..<eventsStart)
                eventsStart = 0
            }
            return droppedOne
        }

        /// Moves buffered events to the output while it holds less than `watermark` octets, the `dropped` line
        /// first when events were lost.
        func moveEvents(below watermark: Int, encoder: ControlMessageEncoder) {
            while pendingOutput < watermark, pendingEvents > 0 {
                if dropped > 0 {
                    write(encoder.encodeDropped(dropped))
                    dropped = 0
                }
                write(events[eventsStart])
                eventsStart += 1
            }
            if pendingEvents == 0 {
                events.removeAll(keepingCapacity: events.capacity <= 4_096)
                eventsStart = 0
            }
        }
    }
#endif
