import Testing
import CareFlowRandom

@Suite("Random streams")
struct RandomStreamTests {
    @Test("the same seed, replication and name give the same sequence")
    func sameSeedSameSequence() {
        let a = draws(seed: 42, replication: 3, named: "service")
        let b = draws(seed: 42, replication: 3, named: "service")
        #expect(a == b)
    }

    /// Common random numbers: a stream's sequence depends only on its
    /// name, not on which other streams exist or the order they were made.
    @Test("a stream does not depend on the other streams of its set")
    func independentOfCreationOrder() {
        let s1 = StreamSet(seed: 7, replication: 0), s2 = StreamSet(seed: 7, replication: 0)
        withExtendedLifetime((s1, s2)) {
            let x1 = s1.stream(named: "arrivals/ed")
            let y1 = s1.stream(named: "triage")
            _ = draws(y1, 10)
            _ = s2.stream(named: "triage")
            _ = s2.stream(named: "ct")
            let x2 = s2.stream(named: "arrivals/ed")
            #expect(draws(x1) == draws(x2))
        }
    }

    @Test("different stream names give different sequences")
    func differentNames() {
        let names = ["service", "arrivals/patients", "triage", "service2", "Service", ""]
        let seqs = names.map { draws(seed: 42, named: $0, 100) }
        for i in seqs.indices {
            for j in seqs.indices where j > i {
                #expect(seqs[i] != seqs[j], "\(names[i]) vs \(names[j])")
                // Not merely shifted: few equal words in the same positions.
                #expect(zip(seqs[i], seqs[j]).filter { $0 == $1 }.count < 3)
            }
        }
    }

    @Test("different replications and different seeds give different sequences")
    func differentReplicationsAndSeeds() {
        let base = draws(seed: 42, replication: 0, named: "service", 100)
        for r in 1...5 {
            #expect(draws(seed: 42, replication: r, named: "service", 100) != base)
        }
        #expect(draws(seed: 43, replication: 0, named: "service", 100) != base)
    }

    /// Two streams of one set are uncorrelated: the sample correlation of n
    /// independent uniform pairs has sd 1/√n.
    @Test("streams of one set are uncorrelated")
    func streamsUncorrelated() {
        let set = StreamSet(seed: 1, replication: 0)
        let n = 100_000
        var sxy = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0
        withExtendedLifetime(set) {
            let a = set.stream(named: "a"), b = set.stream(named: "b")
            for _ in 0..<n {
                let x = a.uniform(), y = b.uniform()
                sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y
            }
        }
        let nn = Double(n)
        let r = (sxy - sx * sy / nn) / ((sxx - sx * sx / nn) * (syy - sy * sy / nn)).squareRoot()
        #expect(abs(r) < 4 / nn.squareRoot())
    }

    @Test("uniform lies in [0, 1), uniformPositive in (0, 1), with mean 1/2")
    func uniformRange() {
        let n = 100_000
        var sum = 0.0
        withStream(seed: 5, named: "u") { s in
            for _ in 0..<n {
                let u = s.uniform(), v = s.uniformPositive()
                #expect(u >= 0 && u < 1)
                #expect(v > 0 && v < 1)
                sum += u
            }
        }
        // Var(U) = 1/12.
        #expect(abs(sum / Double(n) - 0.5) <= 4 * (1.0 / 12 / Double(n)).squareRoot())
    }

    /// Golden values of the published algorithms.
    @Test("seed derivation uses FNV-1a and the SplitMix64 finaliser")
    func seedDerivationGolden() {
        #expect(StreamSeed.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(StreamSeed.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StreamSeed.hash("foobar") == 0x8594_4171_f739_67e8)
        // First output of SplitMix64 seeded with 0.
        #expect(StreamSeed.mix(0) == 0xe220_a839_7b1d_cdaf)
    }

    @Test("GSL numerics: t, normal and chi-squared quantiles")
    func gslNumerics() {
        #expect(abs(GSL.normalQuantile(0.975) - 1.959964) < 1e-6)
        #expect(abs(GSL.tQuantile(0.975, degreesOfFreedom: 10) - 2.228139) < 1e-6)
        #expect(abs(GSL.chiSquaredQ(3.841459, degreesOfFreedom: 1) - 0.05) < 1e-6)
        #expect(!GSL.version.isEmpty)
    }
}
