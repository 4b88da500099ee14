import ArgumentParser
import CareFlow
import CareFlowServe
import Foundation
import Hummingbird

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The what-if workbench: a local web app to turn a scenario's knobs, run and compare.",
        discussion: "Serves FOLDER's scenario files (default: Scenarios) at http://127.0.0.1:PORT/. Another --host needs a token: give --token or one is generated and printed. Results are kept under Results/serve/. Stop with Ctrl-C.")

    @Argument(help: "The folder whose scenario files the workbench offers (nothing outside it is read).")
    var folder: String = "Scenarios"

    @Option(help: "Port (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "Address to listen on. Anything but 127.0.0.1/localhost/::1 requires a token.")
    var host: String = "127.0.0.1"

    @Option(help: "Token required on every request (at least 16 characters).")
    var token: String?

    @Option(help: "Where finished runs are written.")
    var results: String = "Results/serve"

    @Option(help: "Language of the page and the reports: en or sv (default: CAREFLOW_LANG, else the browser's language, else en; the page has a toggle).")
    var lang: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535") }
        if let lang, !ReportLanguage.codes.contains(lang) { throw ValidationError("--lang: '\(lang)' is not a report language; expected one of \(ReportLanguage.codes.joined(separator: ", "))") }
    }

    func run() async throws {
        var config = ServeConfiguration(folder: folder, host: host, port: port, token: token, resultsFolder: results)
        if let code = lang ?? ProcessInfo.processInfo.environment["CAREFLOW_LANG"] { config.language = ReportLanguage(rawValue: String(code.lowercased().prefix(2))) }
        if !ServeConfiguration.isLoopback(host), token == nil {
            config.token = ServeConfiguration.randomToken()
        }
        let shownToken = config.token
        let app: any ApplicationProtocol
        do {
            app = try buildApplication(configuration: config) { actual in
                let shown = host.contains(":") ? "[\(host)]" : host
                var url = "http://\(shown):\(actual)/"
                if let t = shownToken { url += "?token=\(t)" }
                var text = "CareFlow workbench serving \(folder) at \(url)\n"
                if token == nil, let t = shownToken { text += "generated token (needed because --host \(host) is not loopback): \(t)\n" }
                text += "press Ctrl-C to stop\n"
                // Unbuffered, so that a script reading a pipe sees the URL at once.
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch {
            throw InputError(message: error.message)
        }
        try await app.runService()
    }
}
