import HTTPTypes
import Hummingbird

/// A refusal with its HTTP status; the message is shown to the user (escaped).
public struct ServeError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case badRequest, forbidden, notFound, unprocessable, tooLarge, busy, unauthorized, `internal` }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
    public var description: String { message }

    var status: HTTPResponse.Status {
        switch kind {
        case .badRequest: return .badRequest
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .unprocessable: return .unprocessableContent
        case .tooLarge: return .contentTooLarge
        case .busy: return .serviceUnavailable
        case .unauthorized: return .unauthorized
        case .internal: return .internalServerError
        }
    }
}
