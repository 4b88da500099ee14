/// The per-patient state the interpreter touches on every event, in one
/// 64-byte record (one cache line): with tens of thousands of patients in
/// service (B3 at c = 100,000) a patient's state is cold when its event
/// comes up, and one record costs one cache miss where a structure of
/// arrays cost a dozen. Attributes, milestone times and held amounts, whose
/// count depends on the model, stay in flat arrays beside it.
struct Patient: BitwiseCopyable {
    /// When the patient joined its current queue.
    var waitStart: Double = 0
    /// When its current activity ends; NaN when not in an activity.
    var wakeTime: Double = .nan
    /// >= 0: an interrupted activity resumes for this long when the patient
    /// gets its unit back.
    var remaining: Double = -1
    /// When the patient arrived.
    var arrival: Double = 0
    /// The step it executes next (or the seize it waits at).
    var pc: Int32 = 0
    var pathway: Int32
    /// Matches the token of its pending wake-up event (lazy cancellation).
    var token: UInt32
    /// Matches the token of its pending patience event.
    var patienceToken: UInt32
    /// Where to go when patience runs out.
    var patienceTarget: Int32 = -1
    /// The unit it waits for, or -1.
    var waitingAt: Int32 = -1
    /// Matches its live queue entry (stale entries are dropped lazily).
    var waitTicket: UInt32
    /// How many units of `waitingAt` it waits for.
    var waitAmount: UInt16 = 1
    /// Bit 0: reneged; bit 1: balked; bit 2: dropping out. Cleared when the
    /// patient gets a unit (see `Outcome`).
    var outcome: UInt8 = 0
    /// How many different units it holds (255: at least 255, count them),
    /// so that leaving needs no scan of the held amounts when it is 0.
    var heldUnits: UInt8 = 0

    init(pathway: Int32, token: UInt32, patienceToken: UInt32, waitTicket: UInt32) {
        self.pathway = pathway
        self.token = token
        self.patienceToken = patienceToken
        self.waitTicket = waitTicket
    }
}

/// An interval KPI that ends at a milestone, as the step interpreter needs
/// it there: which KPI, the milestone it starts from, the attribute it is
/// grouped by (-1: none).
struct KPIEnding: BitwiseCopyable {
    var kpi: Int32
    var from: Int32
    var groupBy: Int32
}
