import Testing
@testable import CareFlowEngine
import CareFlowRandom

/// Counts arrivals by hour of day (and keeps their times).
struct ArrivalCounter: SimObserver {
    var times: [Double] = []
    mutating func arrived(entity: Int32, pathway: Int32, at time: Double) { times.append(time) }
    func perHourOfDay() -> [Int] {
        var c = [Int](repeating: 0, count: 24)
        for t in times { c[Int(t / 60) % 24] += 1 }
        return c
    }
}

func arrivalsOnly(_ pattern: ArrivalPattern, horizon: Double = .infinity, limit: Int = .max) throws -> Model {
    let b = ModelBuilder()
    b.horizon = horizon
    let p = try b.pathway("p") { $0.leave() }
    b.source("s", pathway: p, pattern: pattern, limit: limit)
    return try b.build()
}

@Suite("Arrival processes")
struct ArrivalTests {
    @Test("scheduled arrivals happen at exactly the given times")
    func scheduledTimes() throws {
        let times = [0, 2.5, 2.5, 7, 30.25]
        let sim = run(try arrivalsOnly(.scheduled(times)), ArrivalCounter())
        #expect(sim.observer.times == times)
        #expect(sim.arrivalCount(source: 0) == 5)
    }

    @Test("scheduled arrivals stop at the limit and at the horizon")
    func scheduledLimitAndHorizon() throws {
        let times = [0, 10, 20, 30, 40.0]
        #expect(run(try arrivalsOnly(.scheduled(times), limit: 2), ArrivalCounter()).observer.times == [0, 10])
        // An arrival exactly at the horizon still happens.
        #expect(run(try arrivalsOnly(.scheduled(times), horizon: 20), ArrivalCounter()).observer.times == [0, 10, 20])
    }

    @Test("a Poisson source stops at its limit")
    func poissonLimit() throws {
        let sim = run(try arrivalsOnly(.poisson(rate: 2), limit: 1234), ArrivalCounter())
        #expect(sim.observer.times.count == 1234)
        #expect(sim.departures == 1234)
        #expect(zip(sim.observer.times, sim.observer.times.dropFirst()).allSatisfy { $0 <= $1 })
    }

    /// 24 hourly rates (one hour closed) over 60 days. The counts per hour
    /// of day are independent Poisson with means rate·60·60 (a NHPP's
    /// counts over disjoint intervals), so Σ (O - E)²/E is χ² with 23
    /// degrees of freedom, and each count is within 4 √E of E.
    @Test("a non-homogeneous profile gives Poisson counts per hour of day")
    func profileCountsPerHour() throws {
        let perHour: [Double] = [4, 3, 2, 0, 2, 3, 6, 10, 16, 20, 22, 21, 19, 18, 17, 16, 15, 14, 13, 12, 10, 8, 6, 5]
        let profile = RateProfile(pieceLength: 60, rates: perHour.map { $0 / 60 })
        let days = 60.0
        let sim = run(try arrivalsOnly(.profile(profile), horizon: days * 1440), ArrivalCounter())
        let counts = sim.observer.perHourOfDay()
        var chi2 = 0.0
        for h in 0..<24 {
            let e = perHour[h] * days
            if e == 0 {
                #expect(counts[h] == 0, "no arrivals while the rate is 0")
                continue
            }
            let o = Double(counts[h])
            #expect(abs(o - e) <= 4 * e.squareRoot(), "hour \(h): \(counts[h]) vs \(e)")
            chi2 += (o - e) * (o - e) / e
        }
        let p = GSL.chiSquaredQ(chi2, degreesOfFreedom: 23)
        #expect(p > 0.001, "χ² = \(chi2), p = \(p)")
        #expect(sim.observer.times.allSatisfy { $0 <= days * 1440 })
        #expect(abs(profile.arrivalsPerPeriod - perHour.reduce(0, +)) < 1e-9)
    }

    /// A rare event: 0.02 arrivals per day, all in 12:00-12:30, on 30-minute
    /// pieces. Most draws skip whole days. Over 20,000 days: Poisson(400).
    @Test("a sparse profile skips whole cycles and still lands in the open piece")
    func sparseProfile() throws {
        var rates = [Double](repeating: 0, count: 48)
        rates[24] = 0.02 / 30
        let profile = RateProfile(pieceLength: 30, rates: rates)
        let days = 20_000.0
        let times = run(try arrivalsOnly(.profile(profile), horizon: days * 1440), ArrivalCounter()).observer.times
        let e = 0.02 * days
        #expect(abs(Double(times.count) - e) <= 4 * e.squareRoot())
        for t in times {
            let minute = t.truncatingRemainder(dividingBy: 1440)
            #expect(minute >= 720 && minute <= 750, "arrival at minute \(minute) of the day")
        }
    }

    @Test("an all-zero profile produces no arrivals")
    func zeroProfile() throws {
        let sim = run(try arrivalsOnly(.profile(RateProfile(pieceLength: 60, rates: [0, 0])), horizon: 10_000), ArrivalCounter())
        #expect(sim.observer.times.isEmpty)
    }

    /// Common random numbers: arrivals come from the source's own named
    /// stream, so a model with a different service capacity sees the very
    /// same arrival times.
    @Test("arrival times do not depend on the rest of the model")
    func commonRandomNumbers() throws {
        func model(servers: Int) throws -> Model {
            let b = ModelBuilder()
            let u = b.unit("u", capacity: servers)
            let p = try b.pathway("p") { p in
                p.seize(u)
                p.delay(try .exponential(mean: 1), stream: "service")
                p.release(u)
            }
            b.poisson("s", ratePerMinute: 1.5, pathway: p, limit: 500)
            return try b.build()
        }
        let a = run(try model(servers: 2), seed: 5, ArrivalCounter()).observer.times
        let c = run(try model(servers: 3), seed: 5, ArrivalCounter()).observer.times
        #expect(a == c)
        let other = run(try model(servers: 2), seed: 5, replication: 1, ArrivalCounter()).observer.times
        #expect(a != other)
    }
}
