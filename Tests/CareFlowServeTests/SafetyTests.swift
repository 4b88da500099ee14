import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import CareFlowServe

/// Path, token and CSRF rules: nothing outside the served folder is read,
/// no request passes without the token when there is one, and no
/// state-changing request passes without the page's CSRF token.
@Suite struct SafetyTests {
    @Test func pathsOutsideTheFolderAreRefused() async throws {
        let folder = try TestFolder()
        let app = try buildApplication(configuration: folder.configuration())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/knobs?file=clinic.yaml", method: .get, headers: .local) { r in
                #expect(r.status == .ok)
                let knobs = json(r)["knobs"] as? [[String: Any]]
                #expect(knobs?.first?["name"] as? String == "desks")
                #expect(knobs?.first?["current"] as? Double == 2)
            }
            for bad in ["../x.yaml", "../secret.yaml", "sub/../../secret.yaml", "/etc/passwd", "%2Fetc%2Fpasswd", "..%2Fsecret.yaml",
                        "link.yaml", "sub/sneaky.yaml", ".hidden.yaml", "clinic.txt"] {
                try await client.execute(uri: "/api/knobs?file=\(bad)", method: .get, headers: .local) { r in
                    #expect(r.status == .forbidden, "\(bad): \(r.status)")
                    #expect(!String(buffer: r.body).contains(folder.root), "the absolute path is not echoed")
                }
            }
            try await client.execute(uri: "/api/knobs?file=missing.yaml", method: .get, headers: .local) { r in
                #expect(r.status == .notFound)
            }
            // The listing offers only what is inside (not the symlink out, not the sneaky extends target).
            try await client.execute(uri: "/api/scenarios", method: .get, headers: .local) { r in
                let paths = (json(r)["scenarios"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
                #expect(paths.contains("clinic.yaml") && paths.contains("three.yaml"))
                #expect(!paths.contains("link.yaml"))
            }
            // A run request naming a file outside is refused the same way.
            let req = #"{"baseline": "clinic.yaml", "whatIfs": [{"file": "../secret.yaml"}], "replications": 1}"#
            try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(req)) { r in
                #expect(r.status == .forbidden)
            }
        }
    }

    @Test func tokenIsCheckedOnEveryRequest() async throws {
        let folder = try TestFolder()
        let token = "0123456789abcdef0123"
        let app = try buildApplication(configuration: folder.configuration(token: token))
        try await app.test(.router) { client in
            for uri in ["/", "/static/app.js", "/api/scenarios", "/api/knobs?file=clinic.yaml", "/api/jobs/x"] {
                try await client.execute(uri: uri, method: .get, headers: .local) { r in #expect(r.status == .unauthorized, "\(uri)") }
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer wrong-token-wrong-token"]) { r in
                    #expect(r.status == .unauthorized, "\(uri) with a wrong token")
                }
                try await client.execute(uri: uri, method: .get, headers: [.cookie: "careflow_token=\(token)x"]) { r in
                    #expect(r.status == .unauthorized, "\(uri) with a wrong cookie")
                }
            }
            try await client.execute(uri: "/api/scenarios", method: .get, headers: [.authorization: "Bearer \(token)"]) { r in
                #expect(r.status == .ok)
            }
            // The printed URL: the token in the query sets the cookie and leaves the address bar.
            try await client.execute(uri: "/?token=\(token)", method: .get, headers: .local) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.setCookie]?.hasPrefix("careflow_token=\(token);") == true)
                #expect(r.headers[.setCookie]?.contains("HttpOnly") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "a=b; careflow_token=\(token)"]) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
        }
        // Another address without a token does not start.
        var open = folder.configuration()
        open.host = "0.0.0.0"
        #expect(throws: ServeError.self) { _ = try buildApplication(configuration: open) }
    }

    @Test func loopbackServerAnswersOnlyToLoopbackHostNames() {
        // Against DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example.
        for ok in ["127.0.0.1:8080", "localhost:8080", "localhost", "[::1]:8080", "127.0.0.2"] {
            #expect(TokenMiddleware<ServeRequestContext>.loopbackHost(ok), "\(ok)")
        }
        for bad in ["evil.example:8080", "evil.example", "127.0.0.1.evil.example:80", "", "10.0.0.1:8080"] {
            #expect(!TokenMiddleware<ServeRequestContext>.loopbackHost(bad), "\(bad)")
        }
    }

    @Test func crossSiteAndTokenlessPostsAreRefused() async throws {
        let folder = try TestFolder()
        let app = try buildApplication(configuration: folder.configuration())
        let req = #"{"baseline": "clinic.yaml", "whatIfs": [{"settings": {"desks": "3"}}], "replications": 1}"#
        try await app.test(.router) { client in
            // A form post from another site: no CSRF header.
            try await client.execute(uri: "/api/jobs", method: .post, headers: [.contentType: "application/x-www-form-urlencoded",
                                                                                  .origin: "http://evil.example"], body: body(req)) { r in
                #expect(r.status == .forbidden)
            }
            // Even with the token copied, another origin or a cross-site fetch is refused.
            var withOrigin = HTTPFields.page
            withOrigin[.origin] = "http://evil.example"
            try await client.execute(uri: "/api/jobs", method: .post, headers: withOrigin, body: body(req)) { r in #expect(r.status == .forbidden) }
            var crossSite = HTTPFields.page
            crossSite[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            try await client.execute(uri: "/api/jobs", method: .post, headers: crossSite, body: body(req)) { r in #expect(r.status == .forbidden) }
            var wrong = HTTPFields.page
            wrong[HTTPField.Name("X-CareFlow-CSRF")!] = "nope"
            try await client.execute(uri: "/api/jobs", method: .post, headers: wrong, body: body(req)) { r in #expect(r.status == .forbidden) }
            try await client.execute(uri: "/api/jobs/x/cancel", method: .post, headers: .local) { r in #expect(r.status == .forbidden) }
            // Too large a body.
            let big = #"{"baseline": "clinic.yaml", "whatIfs": [], "pad": ""# + String(repeating: "x", count: 70_000) + "\"}"
            try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(big)) { r in #expect(r.status == .contentTooLarge) }
            // Bad knob values and bad JSON are refused with a message, escaped by the page.
            let badKnob = #"{"baseline": "clinic.yaml", "whatIfs": [{"settings": {"desks": "<script>"}}]}"#
            try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(badKnob)) { r in
                #expect(r.status == .badRequest)
                #expect(json(r)["error"] as? String == "Desks: '<script>' is not a number")
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body("{nope")) { r in #expect(r.status == .badRequest) }
            // The page's own request passes.
            try await client.execute(uri: "/api/jobs", method: .post, headers: .page, body: body(req)) { r in #expect(r.status == .accepted) }
        }
    }
}
