// careflow-bench: the reference benchmark models B1-B3 (../shared/bench/MODELS.md)
// through the general engine, as `key: value` lines. Build with -c release.
import CareFlowEngine
import CareFlowRandom
import CareFlowStats
#if canImport(Glibc)
import Glibc
#endif

func usage() -> Never {
    print("""
    usage: careflow-bench b1 [--patients N] [--seed S]
           careflow-bench b3 --servers C [--patients N] [--seed S]
           careflow-bench b2 [--replications N] [--seed S] [--series 0|1]
           --dump 1: also print every result at full precision (bit-identity checks)
    """)
    exit(2)
}

/// Peak resident set size of this process, from /proc (Linux), in MB.
func peakRSSMegabytes() -> Double {
    guard let f = fopen("/proc/self/status", "r") else { return .nan }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, f) != nil {
        let s = String(cString: line)
        if s.hasPrefix("VmHWM:") {
            let kb = s.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) } ?? .nan
            return kb / 1024
        }
    }
    return .nan
}

func wallClock() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func fmt(_ x: Double, _ digits: Int = 4) -> String {
    let p = pow(10.0, Double(digits))
    return String((x * p).rounded() / p)
}

/// `--dump 1`: every result and series value at full precision (shortest
/// round-trip form), to check that a change to the engine or the collector
/// leaves the results identical to the last bit.
func dump(_ r: ReplicationResult, _ tag: String) {
    for (n, v) in zip(r.names, r.values) { print("\(tag) \(n) = \(v)") }
    guard let s = r.series else { return }
    for l in s.levels {
        print("\(tag) \(l.name) hourOfDay = \(l.hourOfDay)")
        print("\(tag) \(l.name) dayOfWeek = \(l.dayOfWeek)")
        print("\(tag) \(l.name) daily = \(l.daily)")
        print("\(tag) \(l.name) hourly = \(l.hourly)")
    }
    print("\(tag) arrivalsHourOfDay = \(s.arrivalsHourOfDay)")
    print("\(tag) arrivalsDaily = \(s.arrivalsDaily)")
    for h in s.histograms { print("\(tag) \(h.name) histogram = \(h.shares)") }
}

func main() {
    var args = Array(CommandLine.arguments.dropFirst())
    guard let model = args.first else { usage() }
    args.removeFirst()
    var options: [String: String] = [:]
    while !args.isEmpty {
        let k = args.removeFirst()
        guard k.hasPrefix("--"), let v = args.first, let _ = Int(v) else { usage() }
        args.removeFirst()
        options[String(k.dropFirst(2))] = v
    }
    func option(_ name: String, _ def: Int) -> Int { options[name].flatMap { Int($0) } ?? def }
    let seed = UInt64(option("seed", 1))
    let start = wallClock()

    do {
        switch model {
        case "b1", "b3":
            let servers = model == "b1" ? 10 : option("servers", -1)
            guard servers > 0 else { usage() }
            let patients = option("patients", model == "b1" ? 1_000_000 : 2_000_000)
            let m = try BenchmarkModels.mmc(servers: servers, patients: patients)
            var sim = Simulation(model: m, seed: seed, replication: 0, observer: StandardCollector())
            sim.run()
            let r = sim.observer.result()
            if option("dump", 0) == 1 { dump(r, model) }
            let wall = wallClock() - start
            let completed = r["pathway.patients.completed"] ?? 0
            print("model: \(model)")
            print("servers: \(servers)")
            print("patients_completed: \(Int(completed))")
            print("mean_wait_min: \(fmt(r["unit.clinician.wait_mean_min"] ?? .nan))")
            print("utilisation: \(fmt(r["unit.clinician.utilisation"] ?? .nan))")
            print("events: \(sim.eventCount)")
            print("wall_seconds: \(fmt(wall))")
            print("patients_per_second: \(Int(completed / wall))")
            print("peak_rss_mb: \(fmt(peakRSSMegabytes(), 1))")
        case "b2":
            let reps = option("replications", 10)
            // --series 1: also collect what scenario runs collect for reports
            // (profiles by hour and day, daily series, histograms); 0: KPIs only.
            let config = CollectorConfig(series: option("series", 0) == 1)
            let m = try BenchmarkModels.b2()
            var los: [Double] = [], boarding: [Double] = [], occupancy: [Double] = []
            var departures = 0
            for rep in 0..<reps {
                var sim = Simulation(model: m, seed: seed, replication: rep, observer: StandardCollector(config: config))
                sim.run()
                let r = sim.observer.result()
                if option("dump", 0) == 1 { dump(r, "b2.\(rep)") }
                // Like the peer scripts: patients who left the ED after the warm-up.
                departures += Int(r["ed_los.count"] ?? 0)
                los.append(r["ed_los.mean"] ?? .nan)
                boarding.append(r["boarding.mean"] ?? .nan)
                occupancy.append(r["unit.ward_bed.utilisation"] ?? .nan)
            }
            let wall = wallClock() - start
            func ci(_ xs: [Double]) -> (Double, Double) {
                var t = Tally()
                for x in xs { t.record(x) }
                let h = xs.count > 1 ? GSL.tQuantile(0.975, degreesOfFreedom: Double(xs.count - 1)) * t.standardDeviation / Double(xs.count).squareRoot() : .nan
                return (t.mean, h)
            }
            let (l, lh) = ci(los), (bo, bh) = ci(boarding), (oc, oh) = ci(occupancy)
            print("model: b2")
            print("replications: \(reps)")
            print("patients_completed: \(departures)")
            print("ed_los_mean_min: \(fmt(l))")
            print("ed_los_ci_halfwidth_min: \(fmt(lh))")
            print("boarding_mean_min: \(fmt(bo))")
            print("boarding_ci_halfwidth_min: \(fmt(bh))")
            print("ward_occupancy: \(fmt(oc))")
            print("ward_occupancy_ci_halfwidth: \(fmt(oh))")
            print("wall_seconds: \(fmt(wall))")
            print("patients_per_second: \(Int(Double(departures) / wall))")
            print("peak_rss_mb: \(fmt(peakRSSMegabytes(), 1))")
        default:
            usage()
        }
    } catch {
        print("error: \(error)")
        exit(1)
    }
}

main()
