import CareFlowAnalysis
import CareFlowEngine
import Foundation

/// Which part of a sweep's tasks one process runs.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based: shard k of n runs the tasks whose index t satisfies t % n == k - 1.
    public var k: Int
    public var n: Int

    public init(k: Int, n: Int) throws {
        guard n >= 1, k >= 1, k <= n else { throw SweepInputError("shard \(k)/\(n): expected K/N with 1 <= K <= N (K is 1-based)") }
        self.k = k
        self.n = n
    }

    /// "K/N" (1-based K), or "slurm": K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1
    /// (array ids are 0-based with --array=0-(N-1)), N = SLURM_ARRAY_TASK_COUNT.
    public static func parse(_ s: String, environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard {
        if s == "slurm" {
            guard let id = env["SLURM_ARRAY_TASK_ID"].flatMap({ Int($0) }), let count = env["SLURM_ARRAY_TASK_COUNT"].flatMap({ Int($0) }) else {
                throw SweepInputError("--shard slurm: SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT are not set (run it as a task of a Slurm job array)")
            }
            let min = env["SLURM_ARRAY_TASK_MIN"].flatMap { Int($0) } ?? 0
            let (k, overflow) = id.subtractingReportingOverflow(min)
            guard !overflow, k < Int.max else { throw SweepInputError("--shard slurm: SLURM_ARRAY_TASK_ID \(id) and SLURM_ARRAY_TASK_MIN \(min) give no task number") }
            return try Shard(k: k + 1, n: count)
        }
        let parts = s.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw SweepInputError("--shard '\(s)': expected K/N (e.g. 1/4; K is 1-based) or 'slurm'")
        }
        return try Shard(k: k, n: n)
    }

    public func contains(task t: Int) -> Bool { t % n == k - 1 }
    public var fileName: String { "shard-\(k)-of-\(n).sqlite" }
    public var description: String { "\(k)/\(n)" }
}

/// Runs (point, replication) tasks on a pool of worker threads and hands
/// finished tasks to a sink in batches.
public enum SweepExecutor {
    /// Task t is replication t % replications of point t / replications.
    public static func tasks(_ spec: SweepSpec, shard: Shard?) -> [Int] {
        (0..<spec.taskCount).filter { shard?.contains(task: $0) ?? true }
    }

    /// Runs `pending` tasks. `sink` receives batches (at least one task; a
    /// batch is written after `batchSize` tasks or `batchSeconds`, whichever
    /// comes first) from one thread at a time; `progress` gets the number of
    /// tasks finished so far in this call. The first error a sink throws
    /// stops the workers and is rethrown.
    public static func run(_ spec: SweepSpec, pending: [Int], workers: Int, batchSize: Int = 16, batchSeconds: Double = 1,
                           sink: (@Sendable ([TaskResult]) throws -> Void)?, progress: (@Sendable (Int) -> Void)? = nil) throws {
        guard !pending.isEmpty else { return }
        let state = PoolState(pending: pending)
        let kpis = spec.kpis
        let reps = spec.replications
        let models = spec.models
        let seed = spec.seed
        let w = max(1, min(workers, pending.count))
        let group = DispatchGroup()
        for _ in 0..<w {
            group.enter()
            let t = Thread {
                defer { group.leave() }
                while let task = state.claim() {
                    let p = task / reps, r = task % reps
                    let pm = models[p]
                    let res: ReplicationResult
                    do {
                        res = try Runner.one(model: pm.model, config: pm.config, seed: seed, replication: r,
                                             limits: RunLimits.forMachine(pm.model, workers: w))
                    } catch {
                        state.fail(SweepInputError("design point \(p): \(error)"))
                        continue
                    }
                    var index: [String: Int] = [:]
                    for (i, n) in res.names.enumerated() where index[n] == nil { index[n] = i }
                    // A deadlocked run's values are not valid: recorded as missing.
                    let values = res.deadlock != nil ? kpis.map { _ in .nan } : kpis.map { index[$0].map { res.values[$0] } ?? .nan }
                    let done = state.finish(TaskResult(point: p, replication: r, values: values))
                    progress?(done)
                    if let sink { state.flushIfDue(sink, batchSize: batchSize, seconds: batchSeconds, force: false) }
                }
            }
            t.stackSize = 8 << 20
            t.start()
        }
        group.wait()
        if let sink { state.flushIfDue(sink, batchSize: batchSize, seconds: batchSeconds, force: true) }
        if let e = state.error { throw e }
    }
}

/// Shared state of the worker threads: the next task, finished results not
/// yet written, and the first write error.
final class PoolState: @unchecked Sendable {
    private let lock = NSLock()
    private let flushLock = NSLock()
    private let pending: [Int]
    private var next = 0
    private var done = 0
    private var buffer: [TaskResult] = []
    private var lastFlush = Date()
    private(set) var error: Error?

    init(pending: [Int]) { self.pending = pending }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, next < pending.count else { return nil }
        next += 1
        return pending[next - 1]
    }

    /// Records the first error; workers then stop claiming tasks.
    func fail(_ e: Error) {
        lock.lock(); defer { lock.unlock() }
        if error == nil { error = e }
    }

    func finish(_ r: TaskResult) -> Int {
        lock.lock(); defer { lock.unlock() }
        buffer.append(r)
        done += 1
        return done
    }

    /// Writes the buffer if it is due; a worker that finds another one
    /// writing goes back to simulating.
    func flushIfDue(_ sink: ([TaskResult]) throws -> Void, batchSize: Int, seconds: Double, force: Bool) {
        if force { flushLock.lock() } else if !flushLock.try() { return }
        defer { flushLock.unlock() }
        lock.lock()
        let due = !buffer.isEmpty && (force || buffer.count >= batchSize || Date().timeIntervalSince(lastFlush) >= seconds)
        let batch = due ? buffer : []
        if due { buffer.removeAll(keepingCapacity: true) }
        lock.unlock()
        guard due else { return }
        do {
            try sink(batch)
            lock.lock(); lastFlush = Date(); lock.unlock()
        } catch {
            lock.lock()
            if self.error == nil { self.error = error }
            lock.unlock()
        }
    }
}
