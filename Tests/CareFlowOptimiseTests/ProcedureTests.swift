import CareFlowOptimise
import Foundation
import Testing

@Suite("Optimise: procedures")
struct ProcedureTests {
    @Test("h² of Andradóttir & Kim for n0 = 10, α = 0.05: 2η(n0−1), η = ½((2α)^(−2/9) − 1)")
    func constant() {
        let eta = 0.5 * (pow(0.1, -2.0 / 9) - 1)
        #expect(abs(Procedures.h2(alpha: 0.05, n0: 10) - 18 * eta) < 1e-12)
        #expect(abs(Procedures.h2(alpha: 0.05, n0: 10) - 6.0136) < 1e-3)
    }

    @Test("feasibility check: clear cases decide at n0, constants decide at once, the region closes")
    func feasibility() {
        // All values 1 below the limit: feasible at n0 (S² = 0, a(r) = 0).
        #expect(Procedures.feasibility(Array(repeating: 4, count: 10), limit: 5, tolerance: 0.1, alpha: 0.05, n0: 10, maxN: 100) == (.feasible, 10))
        #expect(Procedures.feasibility(Array(repeating: 6, count: 10), limit: 5, tolerance: 0.1, alpha: 0.05, n0: 10, maxN: 100) == (.infeasible, 10))
        // Alternating 4, 6 around a limit of 5 (mean exactly at the limit): S² = 10/9;
        // the region closes at r = h²S²/ε² = 6.0136·1.111/0.25 ≈ 26.7, so by r = 27 a decision is made.
        let ys = (0..<100).map { $0 % 2 == 0 ? 4.0 : 6.0 }
        let (d, n) = Procedures.feasibility(ys, limit: 5, tolerance: 0.5, alpha: 0.05, n0: 10, maxN: 100)
        #expect(d != .undecided)
        #expect(n <= 27 && n >= 20)
        // With fewer than n0 values nothing is decided.
        #expect(Procedures.feasibility([1, 2, 3], limit: 5, tolerance: 0.5, alpha: 0.05, n0: 10, maxN: 100).0 == .undecided)
    }

    @Test("KN selection: a clearly smaller system wins, equal systems stay until the region closes")
    func selection() {
        let a = (0..<50).map { Double($0 % 5) }
        let b = a.map { $0 + 3 }
        #expect(Procedures.selectSmallest([b, a], delta: 0.5, alpha: 0.05, n0: 10, maxN: 50).survivors == [1])
        let same = Procedures.selectSmallest([a, a], delta: 0.5, alpha: 0.05, n0: 10, maxN: 12)
        #expect(same.survivors == [0, 1])
    }
}
