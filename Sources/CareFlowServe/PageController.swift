import CareFlowReport
import HTTPTypes
import Hummingbird

/// The page and its script and style, served by the binary (no framework,
/// no external loads). The policy lets the page load only its own script
/// and style, talk only to this server, and put the report's fragments (escaped HTML from CareFlowReport) in place.
struct PageController {
    let csrfToken: String
    let configuration: ServeConfiguration

    static let pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"

    func addRoutes(to router: Router<ServeRequestContext>) {
        let html = PageAssets.html.replacingOccurrences(of: "{{CSRF}}", with: csrfToken)
        router.get("/") { request, _ -> Response in
            // The page starts in --lang, else the browser's language; its toggle (remembered by the browser) overrides.
            let lang = configuration.language(acceptLanguage: request.headers[.acceptLanguage]).rawValue
            return JSONResponse.text(html.replacingOccurrences(of: "{{LANG}}", with: lang), type: "text/html; charset=utf-8",
                                     csp: PageController.pageCSP)
        }
        // The report's own stylesheet, so that its fragments look as in report.html.
        router.get("/static/report.css") { _, _ -> Response in
            JSONResponse.text(HTMLReport.stylesheet, type: "text/css; charset=utf-8")
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
