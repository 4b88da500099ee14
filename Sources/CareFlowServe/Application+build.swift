import HTTPTypes
import Hummingbird
import Logging

/// The workbench as a Hummingbird application: middleware (security
/// headers, token, CSRF), then the page, scenario and job controllers.
public func buildApplication(configuration: ServeConfiguration,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws(ServeError) -> some ApplicationProtocol {
    if let problem = configuration.problem { throw ServeError(.badRequest, problem) }
    let folder = try ServedFolder(configuration.folder)
    let queue = JobQueue(configuration: configuration)
    let router = Router(context: ServeRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: TokenMiddleware(token: configuration.token))
    router.add(middleware: CSRFMiddleware(csrfToken: configuration.csrfToken))
    PageController(csrfToken: configuration.csrfToken, configuration: configuration).addRoutes(to: router)
    ScenarioController(folder: folder).addRoutes(to: router.group("api"))
    JobController(folder: folder, queue: queue, configuration: configuration).addRoutes(to: router.group("api/jobs"))
    var logger = Logger(label: "careflow-serve")
    logger.logLevel = .warning
    return Application(router: router,
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "careflow"),
                       onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
                       logger: logger)
}
