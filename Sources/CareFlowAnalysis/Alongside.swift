import Foundation

/// Runs `side` on a thread of its own while `main` runs on this one, and
/// returns both results once both are done (also when `main` throws: `side`
/// never outlives the call).
///
/// For the serial end of a run: the JSON files and the HTML report depend on
/// the same results but not on each other, and the report's sections and
/// intervals already use every core, so writing the files beside them turns
/// one core's idle moments into work instead of adding to the wall time.
/// `side` must not depend on task-local values (the report language is one:
/// `main` keeps it, the other thread would not see it).
public func alongside<A, B>(_ main: () throws -> A, _ side: @escaping () -> B) rethrows -> (A, B) {
    let box = SideResult<B>()
    nonisolated(unsafe) let work = side
    let t = Thread {
        box.value = work()
        box.done.signal()
    }
    t.stackSize = 8 << 20
    t.start()
    let a: A
    do {
        a = try main()
    } catch {
        box.done.wait()
        throw error
    }
    box.done.wait()
    guard let b = box.value else { preconditionFailure("alongside: the side computation returned nothing") }
    return (a, b)
}

/// The side thread's result; the semaphore orders its write before the read.
private final class SideResult<B>: @unchecked Sendable {
    var value: B?
    let done = DispatchSemaphore(value: 0)
}
