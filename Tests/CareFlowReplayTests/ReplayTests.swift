import Testing
@testable import CareFlowReplay

@Suite struct ReplayPlaceholder {
    @Test func firstMonday() {
        #expect(Replay.firstMonday(after: 0) == 0)
        #expect(Replay.firstMonday(after: 90 * 1440) == 91)
    }
}
