internal import _CareFlowShims

/// A request to stop runs early (the workbench's cancel button), passed in
/// `RunLimits.stop`. Another thread sets it; a running `Simulation` polls it
/// with its other limits every `RunLimits.checkInterval` events (milliseconds),
/// so the hot loop pays nothing extra. The run then stops with
/// `StopReason.cancelled` and its results are discarded.
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
