package import CoveoAPI

/// Why a statement failed, as one line a user can act on. Rendered in one place (`Shell.render(_:at:)`).
package struct ShellError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, which decides the exit status (the README's table).
    package enum Kind: Sendable, Equatable {
        /// The statement itself is wrong (unknown command, bad flag, bad value): 64.
        case usage
        /// The statement is fine but could not be carried out: 1.
        case failure
        /// The platform answered 404: 2.
        case notFound
        /// The platform answered 401 or 403: 3.
        case notAuthorized
        /// The platform kept answering 429 past `--max-wait`: 4.
        case throttled
        /// No answer: DNS, TLS, a refused or dropped connection, a time-out: 5.
        case network
        /// A script that does not parse: 65.
        case syntax
        /// Ctrl-C stopped it: 130.
        case cancelled
    }

    package var kind: Kind
    package var message: String
    /// From the platform's answer, when the error is one: for `--output json`'s error object.
    package var status: Int?
    package var errorCode: String?
    package var requestID: String?
    /// The command that failed, for `--output json`'s error object.
    package var command: String?

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package static func usage(_ message: String) -> ShellError { ShellError(.usage, message) }
    package static func failure(_ message: String) -> ShellError { ShellError(.failure, message) }

    package init(_ error: APIError) {
        let kind: Kind =
            switch error.kind {
            case .status(404): .notFound
            // The Push API's word for a source that is not there (`status`, `remove`, `push` to an unknown id).
            case .status(412) where error.errorCode == "SOURCE_DOES_NOT_EXIST": .notFound
            case .status(401), .status(403): .notAuthorized
            case .status(429): .throttled
            case .transport: .network
            case .cancelled: .cancelled
            default: .failure
            }
        self.init(kind, error.description)
        status = error.status
        errorCode = error.errorCode
        requestID = error.requestID
    }

    package var description: String { message }

    /// Two errors are the same failure whatever command they are attributed to.
    package static func == (left: ShellError, right: ShellError) -> Bool {
        (left.kind, left.message, left.status, left.errorCode, left.requestID)
            == (right.kind, right.message, right.status, right.errorCode, right.requestID)
    }

    /// Whether `error` is Ctrl-C arriving from inside a command, whatever carried it (Swift's cancellation, a
    /// cancelled request, a command that stopped waiting).
    static func isInterruption(_ error: any Error) -> Bool {
        Task.isCancelled || error is CancellationError || (error as? ShellError)?.kind == .cancelled
            || (error as? APIError)?.kind == .cancelled
    }

    /// The exit status a script ends with when this error stops it.
    package var exitCode: Int32 { kind.exitCode }
}

extension ShellError.Kind {
    /// The exit status of each kind of failure (the README's table).
    package var exitCode: Int32 {
        switch self {
        case .failure: 1
        case .notFound: 2
        case .notAuthorized: 3
        case .throttled: 4
        case .network: 5
        case .usage: 64
        case .syntax: 65
        case .cancelled: 130
        }
    }
}
