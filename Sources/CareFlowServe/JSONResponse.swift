import Foundation
import HTTPTypes
import Hummingbird

/// JSON and text responses.
enum JSONResponse {
    static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let data = (try? enc.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct ErrorBody: Encodable { var error: String }

    static func error(_ e: ServeError) -> Response { encode(ErrorBody(error: e.message), status: e.status) }

    static func text(_ s: String, type: String, status: HTTPResponse.Status = .ok, csp: String? = nil, attachment: String? = nil) -> Response {
        var r = Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: s)))
        if let csp { r.headers[.contentSecurityPolicy] = csp }
        if let attachment {
            let safe = String(attachment.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
            r.headers[.contentDisposition] = "attachment; filename=\"\(safe)\""
        }
        return r
    }
}
