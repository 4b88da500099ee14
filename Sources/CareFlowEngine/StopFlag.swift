internal import _CareFlowShims

/// A request to stop runs early (the workbench's cancel button). Another
/// thread sets it; a running `Simulation` polls it every 4,096 events, so a
/// replication stops within milliseconds and the hot loop pays one masked
/// compare per event. A stopped run's results are incomplete: discard them.
public final class StopFlag: @unchecked Sendable {
    private let cell: UnsafeMutablePointer<Int32>

    public init() {
        cell = .allocate(capacity: 1)
        cell.initialize(to: 0)
    }
    deinit { cell.deallocate() }

    public func set() { cf_flag_store(cell, 1) }
    public var isSet: Bool { cf_flag_load(cell) != 0 }
}
