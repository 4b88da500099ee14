/// The run loop compiled for the standard collector, the observer of every
/// scenario run and benchmark.
///
/// `Simulation` is generic over its observer, and a generic method called
/// from another module runs unspecialised: every observer hook is then an
/// indirect call through the protocol witness table, and nothing inlines
/// (the release binaries of careflow and careflow-bench contained no
/// specialised `Simulation<StandardCollector>`). This overload is more
/// specific than the generic `run()`, so `sim.run()` on a
/// `Simulation<StandardCollector>` calls it from any module, and here, in
/// the engine's own module, the compiler specialises `runLoop` and
/// everything it calls for `StandardCollector`, whose hooks then inline.
/// Check with `nm careflow-bench | swift-demangle | grep 'specialized Simulation'`.
extension Simulation where Observer == StandardCollector {
    public mutating func run() { runLoop() }
}
