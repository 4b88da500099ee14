import Hummingbird

/// The per-request context of the workbench.
public struct ServeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
    /// Run requests are small JSON documents.
    public var maxUploadSize: Int { 64 * 1024 }
}
