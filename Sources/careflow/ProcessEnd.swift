/// Values a one-shot command (`run`, `compare`) no longer needs but keeps
/// until the process exits, which it is about to do. Freeing them would walk
/// a comparison's JSON trees and the replications' results node by node on
/// one thread after the last output is written (about 8 million
/// instructions for the 8-replication baseline, and the unmapping of its
/// large blocks); the operating system takes the address space back at
/// once. Never for `serve`, which lives on.
enum ProcessEnd {
    static func keep<T>(_ value: T) {
        _ = Unmanaged.passRetained(Kept(value))
    }

    private final class Kept<T> {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
