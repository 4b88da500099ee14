import HTTPTypes
import Hummingbird

/// The page and its script and style, served by the binary (no framework,
/// no external loads). The policy lets the page load only its own script
/// and style, talk only to this server, and frame only its own reports.
struct PageController {
    let csrfToken: String

    static let pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

    func addRoutes(to router: Router<ServeRequestContext>) {
        let html = PageAssets.html.replacingOccurrences(of: "{{CSRF}}", with: csrfToken)
        router.get("/") { _, _ -> Response in
            JSONResponse.text(html, type: "text/html; charset=utf-8", csp: PageController.pageCSP)
        }
        router.get("/static/app.js") { _, _ -> Response in
            JSONResponse.text(PageAssets.script, type: "text/javascript; charset=utf-8")
        }
        router.get("/static/app.css") { _, _ -> Response in
            JSONResponse.text(PageAssets.style, type: "text/css; charset=utf-8")
        }
        router.get("/favicon.ico") { _, _ -> Response in
            Response(status: .noContent)
        }
    }
}
