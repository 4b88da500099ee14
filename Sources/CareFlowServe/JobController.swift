import CareFlowReport
import CareFlowScenario
import Foundation
import HTTPTypes
import Hummingbird

/// Run requests: submit, follow (status and server-sent events), cancel,
/// and the results (report, what-if files).
struct JobController {
    let folder: ServedFolder
    let queue: JobQueue
    let configuration: ServeConfiguration

    struct RunRequest: Decodable {
        struct WhatIf: Decodable {
            /// An existing what-if file in the folder...
            var file: String?
            /// ...or knob settings over the baseline.
            var name: String?
            var title: String?
            var settings: [String: String]?
        }
        var baseline: String
        var whatIfs: [WhatIf]
        var replications: Int?
        var seed: UInt64?
    }

    struct Status: Encodable {
        var id: String
        var state: String
        var done: Int
        var total: Int
        var position: Int
        var running: Int
        var waiting: Int
        var error: String?
        var seconds: Double?
        var scenarios: [String]
        var files: [String]
        var generated: [String]
        var command: String
    }

    func addRoutes(to group: RouterGroup<ServeRequestContext>) {
        group.post("") { request, _ -> Response in
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            } catch {
                throw ServeError(.tooLarge, "the request is larger than \(configuration.maxBodyBytes / 1024) KiB")
            }
            let run: RunRequest
            do {
                run = try JSONDecoder().decode(RunRequest.self, from: Data(body.readableBytesView))
            } catch {
                throw ServeError(.badRequest, "the request is not a run request (JSON with baseline and whatIfs)")
            }
            let spec = try JobBuilder(folder: folder, configuration: configuration).spec(run)
            let job = try queue.submit(spec)
            return JSONResponse.encode(status(job), status: .accepted)
        }
        group.get(":id") { _, context -> Response in
            JSONResponse.encode(status(try job(context)))
        }
        group.post(":id/cancel") { _, context -> Response in
            let j = try job(context)
            queue.cancel(j)
            return JSONResponse.encode(status(j))
        }
        group.get(":id/events") { _, context -> Response in
            let j = try job(context)
            let body = ResponseBody { writer in
                // One event on every change, a comment line every 5 s to keep
                // the connection open; ends when the job does (at most 24 h).
                var last = ""
                var quiet = 0
                let deadline = Date().addingTimeInterval(86_400)
                while Date() < deadline {
                    let s = status(j)
                    let data = String(decoding: (try? JSONEncoder().encode(s)) ?? Data(), as: UTF8.self)
                    if data != last {
                        try await writer.write(ByteBuffer(string: "data: \(data)\n\n"))
                        last = data
                        quiet = 0
                    } else {
                        quiet += 1
                        if quiet % 50 == 0 { try await writer.write(ByteBuffer(string: ": waiting\n\n")) }
                    }
                    if s.state != Job.State.queued.rawValue && s.state != Job.State.running.rawValue { break }
                    try await Task.sleep(nanoseconds: 100_000_000)
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
        }
        group.get(":id/view") { request, context -> Response in
            let (j, ref, lang) = try results(request, context)
            guard let view = j.view(reference: ref, language: lang) else { throw notFound(j, ref) }
            return JSONResponse.encode(view)
        }
        group.get(":id/report") { request, context -> Response in
            let (j, ref, lang) = try results(request, context)
            guard let html = j.report(reference: ref, language: lang) else { throw notFound(j, ref) }
            // The report's own policy: no scripts, no loads.
            return JSONResponse.text(html, type: "text/html; charset=utf-8",
                                     csp: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
                                     attachment: "report-\(j.spec.scenarios[ref].name).html")
        }
        group.get(":id/xlsx") { request, context -> Response in
            let (j, ref, _) = try results(request, context)
            guard let data = try j.workbook(reference: ref, resultsFolder: configuration.resultsFolder) else { throw notFound(j, ref) }
            var r = Response(status: .ok, headers: [.contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
                             body: .init(byteBuffer: ByteBuffer(bytes: data)))
            r.headers[.contentDisposition] = "attachment; filename=\"comparison-\(JobBuilder.slug(j.spec.scenarios[ref].name)).xlsx\""
            return r
        }
        group.get(":id/files/:name") { _, context -> Response in
            let j = try job(context)
            let name = context.parameters.get("name") ?? ""
            guard let f = j.spec.generated.first(where: { ($0.name as NSString).lastPathComponent == name }) else {
                throw ServeError(.notFound, "no what-if file '\(name)' in this run")
            }
            return JSONResponse.text(f.text, type: "application/yaml; charset=utf-8", attachment: name)
        }
    }

    /// The job, `?reference=` (index of the reference scenario, default 0)
    /// and `?lang=` (else the server's --lang, else Accept-Language).
    private func results(_ request: Request, _ context: ServeRequestContext) throws(ServeError) -> (Job, Int, ReportLanguage) {
        let j = try job(context)
        let q = request.uri.queryParameters
        let ref = q.get("reference").map { Int($0) ?? -1 } ?? 0
        let lang = q.get("lang").flatMap { ReportLanguage(rawValue: String($0)) }
            ?? configuration.language(acceptLanguage: request.headers[.acceptLanguage])
        return (j, ref, lang)
    }

    private func notFound(_ j: Job, _ ref: Int) -> ServeError {
        ServeError(.notFound, j.snapshot.state == .done ? "no scenario \(ref) in this run" : "the run has not finished")
    }

    private func job(_ context: ServeRequestContext) throws(ServeError) -> Job {
        guard let id = context.parameters.get("id"), let j = queue.job(id) else {
            throw ServeError(.notFound, "no such run (finished runs are kept in memory up to \(configuration.maxJobsInMemory); see \(configuration.resultsFolder))")
        }
        return j
    }

    private func status(_ j: Job) -> Status {
        let s = j.snapshot
        let c = queue.counts
        return Status(id: j.id, state: s.state.rawValue, done: s.done, total: j.total, position: queue.position(j),
                      running: c.running, waiting: c.waiting, error: s.error, seconds: s.seconds,
                      scenarios: j.spec.scenarios.map(\.name), files: j.spec.files,
                      generated: j.spec.generated.map { ($0.name as NSString).lastPathComponent }, command: j.command())
    }
}
