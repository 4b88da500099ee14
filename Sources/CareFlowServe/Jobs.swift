import CareFlowAnalysis
import CareFlowEngine
import CareFlowRandom
import CareFlowReport
import CareFlowScenario
import Foundation

/// What a job runs: compiled scenarios (baseline first), and the what-if
/// files built from knobs, as downloaded.
struct JobSpec: Sendable {
    var scenarios: [CompiledScenario]
    /// File names as given in the reproduce command (relative to the folder).
    var files: [String]
    /// What-if files written from knob settings: (file name, YAML text).
    var generated: [(name: String, text: String)]
    var replications: Int
    var seed: UInt64
}

/// One run request: queued, running, then done, failed or cancelled.
final class Job: @unchecked Sendable {
    enum State: String, Sendable { case queued, running, done, failed, cancelled }

    let id: String
    let spec: JobSpec
    let stop = StopFlag()
    let created = Date()
    private let lock = NSLock()
    private var _state = State.queued
    private var _done = 0
    private var _error: String?
    private var _comparison: Comparison?
    /// Reports, views and workbooks rendered so far (JobResults.swift).
    let renders = RenderCache()
    private var _started: Date?
    private var _finished: Date?

    init(id: String, spec: JobSpec) {
        self.id = id
        self.spec = spec
    }

    var total: Int { spec.replications * spec.scenarios.count }

    struct Snapshot: Sendable {
        var state: State
        var done: Int
        var error: String?
        var seconds: Double?
    }

    var snapshot: Snapshot {
        lock.lock(); defer { lock.unlock() }
        let secs = _started.map { (_finished ?? Date()).timeIntervalSince($0) }
        return Snapshot(state: _state, done: _done, error: _error, seconds: secs)
    }

    func progressed(_ n: Int) { lock.lock(); _done = max(_done, n); lock.unlock() }

    /// Moves to `to` unless the job already ended; returns whether it moved.
    @discardableResult
    func transition(_ to: State, error: String? = nil, comparison: Comparison? = nil) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if _state == .done || _state == .failed || _state == .cancelled { return false }
        _state = to
        if to == .running { _started = Date() }
        if to != .running { _finished = Date() }
        _error = error
        _comparison = comparison
        return true
    }

    var comparison: Comparison? { lock.lock(); defer { lock.unlock() }; return _comparison }

    /// The `careflow compare` command that reproduces the numbers.
    func command(reference: Int = 0) -> String {
        var files = spec.files
        if reference > 0, files.indices.contains(reference) { files.swapAt(0, reference) }
        return "careflow compare " + files.joined(separator: " ") + " --seed \(spec.seed) --replications \(spec.replications)"
    }
}

/// The bounded job queue: at most `concurrency` jobs run at once (each on
/// `workersPerJob` threads), at most `maxQueued` wait; finished jobs are
/// kept in memory up to a limit and written under the results folder.
final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let configuration: ServeConfiguration
    private var jobs: [String: Job] = [:]
    private var finishedOrder: [String] = []
    private var waiting: [Job] = []
    private var running = 0
    private var counter = 0

    init(configuration: ServeConfiguration) { self.configuration = configuration }

    func submit(_ spec: JobSpec) throws(ServeError) -> Job {
        lock.lock()
        guard waiting.count < configuration.maxQueued else {
            lock.unlock()
            throw ServeError(.busy, "\(waiting.count) runs are waiting already; try again when some have finished")
        }
        counter += 1
        let stamp = Int(Date().timeIntervalSince1970)
        let job = Job(id: "\(stamp)-\(counter)-\(ServeConfiguration.randomToken().prefix(6))", spec: spec)
        jobs[job.id] = job
        waiting.append(job)
        let start = takeStartable()
        lock.unlock()
        start.forEach(launch)
        return job
    }

    func job(_ id: String) -> Job? { lock.lock(); defer { lock.unlock() }; return jobs[id] }

    /// 1 for the next job to start, 0 when running or ended.
    func position(_ job: Job) -> Int {
        lock.lock(); defer { lock.unlock() }
        return (waiting.firstIndex { $0 === job }).map { $0 + 1 } ?? 0
    }

    var counts: (running: Int, waiting: Int) { lock.lock(); defer { lock.unlock() }; return (running, waiting.count) }

    /// A waiting job leaves the queue; a running one stops within
    /// RunLimits.checkInterval events per worker thread (tens of ms in release).
    func cancel(_ job: Job) {
        lock.lock()
        if let i = waiting.firstIndex(where: { $0 === job }) {
            waiting.remove(at: i)
            job.transition(.cancelled)
            retire(job)
        }
        lock.unlock()
        job.stop.set()
    }

    private func takeStartable() -> [Job] {
        var out: [Job] = []
        while running < configuration.concurrency, !waiting.isEmpty {
            out.append(waiting.removeFirst())
            running += 1
        }
        return out
    }

    private func launch(_ job: Job) {
        let workers = configuration.workersPerJob
        let results = configuration.resultsFolder
        let language = configuration.language
        let t = Thread { [self] in
            JobQueue.execute(job, workers: workers, resultsFolder: results, language: language)
            lock.lock()
            running -= 1
            retire(job)
            let next = takeStartable()
            lock.unlock()
            next.forEach(launch)
        }
        t.stackSize = 8 << 20
        t.start()
    }

    /// Called with the lock held: forget the oldest finished jobs past the limit.
    private func retire(_ job: Job) {
        finishedOrder.append(job.id)
        while finishedOrder.count > configuration.maxJobsInMemory {
            jobs[finishedOrder.removeFirst()] = nil
        }
    }

    static func execute(_ job: Job, workers: Int, resultsFolder: String, language: ReportLanguage?) {
        guard job.transition(.running) else { return }
        let spec = job.spec
        // The CLI's guards (runaway model, no progress) with the job's cancel flag on top.
        let w = max(1, min(workers, spec.replications * spec.scenarios.count))
        let limits = spec.scenarios.map { sc -> RunLimits in
            var l = RunLimits.forMachine(sc.model, workers: w)
            l.stop = job.stop
            return l
        }
        let results: [[ReplicationResult]]
        do {
            results = try Runner.runAll(spec.scenarios.map { ($0.model, $0.collector) }, seed: spec.seed,
                                        replications: 0..<spec.replications, workers: workers, limits: limits,
                                        progress: { job.progressed($0) })
        } catch let e as RunStopped {
            if e.reason == .cancelled || job.stop.isSet {
                job.transition(.cancelled)
            } else {
                let name = spec.scenarios.indices.contains(e.job) ? spec.scenarios[e.job].name : "?"
                job.transition(.failed, error: "\(name): \(e.description)")
            }
            return
        } catch {
            job.transition(.failed, error: "\(error)")
            return
        }
        let cmp = Comparison(scenarios: spec.scenarios, results: results, seed: spec.seed)
        // On disk first, so a finished job is never only half written.
        let comparison = cmp.json(command: job.command(), gslVersion: GSL.version)
        let series = cmp.seriesJSON()
        var files: [(String, String)] = [("comparison.json", comparison.serialized()), ("series.json", series.serialized()),
                                         ("report.html", HTMLReport.render(comparison: comparison, series: series, language: language))]
        files += spec.generated.map { ($0.name, $0.text) }
        do {
            try Outputs.write(files, into: (resultsFolder as NSString).appendingPathComponent(job.id))
        } catch {
            job.transition(.failed, error: "could not write the results under \(resultsFolder): \(error.localizedDescription)")
            return
        }
        job.transition(.done, comparison: cmp)
    }
}
