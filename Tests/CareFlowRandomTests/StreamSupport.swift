import CareFlowRandom

/// Runs `body` with the stream `name` of (seed, replication). A
/// `RandomStream` is a non-owning handle: its `StreamSet` must outlive it,
/// so the set is kept alive explicitly for the duration of `body`.
func withStream<T>(seed: UInt64, replication: Int = 0, named name: String, _ body: (RandomStream) throws -> T) rethrows -> T {
    let set = StreamSet(seed: seed, replication: replication)
    return try withExtendedLifetime(set) { try body(set.stream(named: name)) }
}

/// The first `n` raw outputs of a stream.
func draws(seed: UInt64, replication: Int = 0, named name: String, _ n: Int = 1000) -> [UInt32] {
    withStream(seed: seed, replication: replication, named: name) { s in draws(s, n) }
}

func draws(_ s: RandomStream, _ n: Int = 1000) -> [UInt32] { (0..<n).map { _ in s.nextUInt32() } }
