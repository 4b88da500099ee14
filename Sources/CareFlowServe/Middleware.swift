import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let csrf = HTTPField.Name("X-CareFlow-CSRF")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}

/// Security headers on every response: nothing is cached, sniffed or
/// framed by another site; pages that set no CSP get the strictest one.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let e as ServeError {
            response = JSONResponse.error(e)
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// The token, checked on every request when the server has one: an
/// `Authorization: Bearer` header, the `careflow_token` cookie, or
/// `?token=` on the first visit (answered with the cookie and a redirect,
/// so the token leaves the address bar). Without a token (loopback only)
/// the Host header must name a loopback address, against DNS rebinding.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    static var cookieName: String { "careflow_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token, !token.isEmpty else {
            let host = request.head.authority ?? ""
            guard TokenMiddleware.loopbackHost(host) else {
                throw ServeError(.forbidden, "this server answers only to localhost and 127.0.0.1")
            }
            return try await next(request, context)
        }
        if let auth = request.headers[.authorization], auth.hasPrefix("Bearer "), Self.same(String(auth.dropFirst(7)), token) {
            return try await next(request, context)
        }
        if let cookie = request.headers[.cookie], Self.cookieValue(cookie, Self.cookieName).map({ Self.same($0, token) }) == true {
            return try await next(request, context)
        }
        if let q = request.uri.queryParameters.get("token").map { String($0) }, Self.same(q, token) {
            if request.method == .get, request.uri.path == "/" {
                var r = Response(status: .seeOther)
                r.headers[.location] = "/"
                r.headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
                return r
            }
            return try await next(request, context)
        }
        throw ServeError(.unauthorized, "a valid token is needed: open the URL that `careflow serve` printed")
    }

    static func loopbackHost(_ authority: String) -> Bool {
        var h = authority
        if h.hasPrefix("[") { h = String(h.prefix { $0 != "]" }.dropFirst()) } else if let c = h.lastIndex(of: ":") { h = String(h[..<c]) }
        return ServeConfiguration.isLoopback(h)
    }

    static func cookieValue(_ header: String, _ name: String) -> String? {
        for part in header.split(separator: ";") {
            let kv = part.trimmingCharacters(in: .whitespaces)
            if kv.hasPrefix(name + "=") { return String(kv.dropFirst(name.count + 1)) }
        }
        return nil
    }

    /// Comparison in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// State-changing requests (anything but GET and HEAD) must carry the
/// page's CSRF token in X-CareFlow-CSRF, and come from this origin when the
/// browser says where they come from (Origin, Sec-Fetch-Site). A form or
/// script on another site can send neither.
struct CSRFMiddleware<Context: RequestContext>: RouterMiddleware {
    let csrfToken: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .get || request.method == .head { return try await next(request, context) }
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
            throw ServeError(.forbidden, "cross-site request refused")
        }
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard origin == "http://\(host)" || origin == "https://\(host)" else {
                throw ServeError(.forbidden, "cross-site request refused (origin \(origin))")
            }
        }
        guard let t = request.headers[.csrf], TokenMiddleware<Context>.same(t, csrfToken) else {
            throw ServeError(.forbidden, "missing or wrong CSRF token; reload the page")
        }
        return try await next(request, context)
    }
}
