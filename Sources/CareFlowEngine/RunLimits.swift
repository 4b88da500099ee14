/// Guards against runs that would never end or would exhaust memory.
///
/// Both are checked off the hot path: patients in the system when the
/// patient pool grows past its high-water mark (so the limit is exact), the
/// clock's progress every `checkInterval` events, and zero-time jumps only
/// on jump steps inside one patient's turn. The engine does no I/O: it stops
/// with a `StopReason` and the caller turns it into a message.
public struct RunLimits: Sendable, Equatable {
    /// Stop when more patients than this are in the system at once.
    public var maxPatients: Int
    /// Stop when this many events (or jumps within one patient's turn)
    /// happen while the clock advances by less than `minimumProgress`.
    public var maxStalledEvents: Int
    /// Clock movement (minutes) that counts as progress: 1e-6 min = 60 us,
    /// far below any duration in a care pathway.
    public static let minimumProgress = 1e-6
    /// Events between two checks (a power of two: the check is a mask test).
    public static let checkInterval = 1 << 16

    public init(maxPatients: Int = .max, maxStalledEvents: Int = 1 << 24) {
        self.maxPatients = Swift.max(1, maxPatients)
        self.maxStalledEvents = Swift.max(1, maxStalledEvents)
    }

    /// No limit on patients; the default no-progress limit.
    public static let unlimited = RunLimits()
}

/// Why a run stopped before its horizon (or before running dry).
public enum StopReason: Sendable, Equatable {
    /// Too many patients in the system. `unit`: the unit with the longest
    /// queue (-1 if no one queues); `pathway`: the pathway with most
    /// patients in the system.
    /// `arrivals`/`departures`: patients who came and left so far (their
    /// rates over `time` are the observed arrival and service rates).
    case tooManyPatients(inSystem: Int, limit: Int, time: Double, unit: Int32, queueLength: Int, pathway: Int32, pathwayCount: Int,
                         arrivals: Int, departures: Int)
    /// The clock stopped advancing: `events` events or jumps without
    /// `RunLimits.minimumProgress` of simulated time. `pathway`/`step`: where
    /// the last patient processed was (-1 if the last event was not a patient's).
    case noProgress(time: Double, events: Int, pathway: Int32, step: Int32)
}
