import CareFlowRandom

/// The reference benchmark models of Benchmarks/MODELS.md (B1-B3), built
/// with the Swift API, so that benchmarks and tests run exactly what
/// scenarios run: the general engine and step interpreter.
public enum BenchmarkModels {
    /// B1 (c = 10) and B3 (any c): M/M/c, arrival rate 0.09c per minute,
    /// exponential service with mean 10 min, stop after `patients` arrivals.
    public static func mmc(servers c: Int, patients: Int) throws -> Model {
        let b = ModelBuilder()
        let clinician = b.unit("clinician", capacity: c)
        let p = try b.pathway("patients") { p in
            p.seize(clinician)
            p.delay(try .exponential(mean: 10), stream: "service")
            p.release(clinician)
        }
        b.poisson("patients", ratePerMinute: 0.09 * Double(c), pathway: p, limit: patients)
        return try b.build()
    }

    /// B2: emergency department with triage, priority queues, imaging and
    /// ward boarding (30-day warm-up, 365 days measured).
    public static func b2(warmupDays: Double = 30, days: Double = 365) throws -> Model {
        let b = ModelBuilder()
        b.warmup = warmupDays * 1440
        b.horizon = (warmupDays + days) * 1440
        let triage = b.unit("triage_nurse", capacity: 2)
        let cubicle = b.unit("cubicle", capacity: 30)
        let physician = b.unit("physician", capacity: 6)
        let xray = b.unit("xray", capacity: 1)
        let ct = b.unit("ct", capacity: 1)
        let bed = b.unit("ward_bed", capacity: 120)
        let priority = b.attribute("priority")
        let leftED = b.milestone("left_ed")
        let bedRequest = b.milestone("bed_request")
        let bedAssigned = b.milestone("bed_assigned")
        b.kpi("ed_los", from: 0, to: leftED)
        b.kpi("boarding", from: bedRequest, to: bedAssigned)
        let ed = try b.pathway("ed") { p in
            p.seize(triage)
            p.delay(try .lognormal(mean: 5, sd: 2), stream: "triage")
            p.assign(priority, sample: try .discrete(values: [1, 2, 3, 4, 5], weights: [0.05, 0.20, 0.40, 0.30, 0.05]), stream: "priority")
            p.release(triage)
            p.seize(cubicle, priority: priority)
            p.seize(physician, priority: priority)
            p.delay(try .lognormal(mean: 25, sd: 15), stream: "assessment")
            p.release(physician)
            let imaging = p.label(), disposition = p.label(), xr = p.label(), ctl = p.label(), review = p.label()
            try p.branch([0.35, 0.65], to: [imaging, disposition], stream: "needs-imaging")
            p.place(imaging)
            try p.branch([0.7, 0.3], to: [xr, ctl], stream: "modality")
            p.place(xr)
            p.seize(xray, priority: priority)
            p.delay(try .triangular(min: 5, mode: 10, max: 20), stream: "xray")
            p.release(xray)
            p.goto(review)
            p.place(ctl)
            p.seize(ct, priority: priority)
            p.delay(try .triangular(min: 10, mode: 15, max: 30), stream: "ct")
            p.release(ct)
            p.place(review)
            p.seize(physician, priority: priority)
            p.delay(try .lognormal(mean: 10, sd: 5), stream: "review")
            p.release(physician)
            p.place(disposition)
            let admit = p.label(), home = p.label()
            try p.branch([0.25, 0.75], to: [admit, home], stream: "disposition")
            p.place(admit)
            p.mark(bedRequest)
            p.seize(bed, priority: priority)
            p.mark(bedAssigned)
            p.release(cubicle)
            p.mark(leftED)
            p.delay(try .lognormal(mean: 4320, sd: 2880), stream: "ward-los")
            p.release(bed)
            p.leave()
            p.place(home)
            p.release(cubicle)
            p.mark(leftED)
            p.leave()
        }
        b.poisson("ed", ratePerMinute: 150.0 / 1440.0, pathway: ed)
        return try b.build()
    }
}
