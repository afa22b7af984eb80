package import CoveoAPI

/// One operation the sandbox emulates: Coveo's declaration of it (method, path, API, access) and the store's work.
/// The server mounts each at its path for its method; the store checks the access the declaration names before
/// the work runs, and shapes the work's failures as the operation's API does. Nothing else routes.
struct SandboxOperation: Sendable {
    /// The work throws only `SandboxFailure`s (a closure's thrown type is not inferred from its context, so the
    /// table's closures could not say so without spelling it out in each).
    typealias Work = @Sendable (isolated SandboxStore, SandboxCall) throws -> SandboxResponse

    /// What committing a request may have to write.
    enum Effect: Sendable {
        /// It only reads: a read is answered from what is on disk even when the indexing its group applied cannot
        /// be committed.
        case reads
        /// It writes rows of its own tables (items, the queue, containers), never the organization's row, so
        /// committing it skips comparing that row.
        case writesRows
        /// It may change the organization's row (keys, fields, identities, the license, sources).
        case writes
    }

    let operation: CoveoOperation
    let work: Work
    let effect: Effect

    init(_ operation: CoveoOperation, _ work: @escaping Work) {
        self.operation = operation
        self.work = work
        effect = Self.effect(of: operation)
    }

    /// Read from the declaration: a GET, a Source Logs query or a search (POSTs that read) only reads; the Push API's
    /// items, statuses and containers and an upload write rows of their own; the rest may write anything.
    private static func effect(of operation: CoveoOperation) -> Effect {
        // A search token is signed, not stored: the Search API only reads.
        if operation.method == "GET" || operation.api == .logs || operation.api == .search { return .reads }
        if operation.api == .upload || (operation.api == .push && !operation.path.contains("/providers/")) {
            return .writesRows
        }
        return .writes
    }
}

/// A request for one operation, with its path's parameters (percent-decoded) and, once the access the operation
/// names was checked, the key that made it.
struct SandboxCall: Sendable {
    var request: SandboxRequest
    var parameters: [String: String]
    var key: SandboxAPIKey?

    subscript(_ name: String) -> String { parameters[name] ?? "" }

    /// The key that made the request; an operation open to anyone has none.
    func caller() throws(SandboxFailure) -> SandboxAPIKey {
        guard let key else {
            throw SandboxFailure(401, "UNAUTHORIZED", "The request has no Authorization header with a Bearer token.")
        }
        return key
    }
}

extension SandboxStore {
    /// Checks the access the operation declares, then does its work; failures take the shape of the operation's
    /// API.
    func perform(
        _ operation: SandboxOperation, _ request: SandboxRequest, _ parameters: [String: String]
    )
        throws(SandboxFailure) -> SandboxResponse
    {
        do {
            var call = SandboxCall(request: request, parameters: parameters)
            switch operation.operation.access {
            case .open:
                break
            case .token:
                call.key = try authenticate(request)
            case .organization(let privilege):
                let target = privilege?.targetParameter.map { call[$0] } ?? "*"
                call.key = try authorize(
                    request, call["organizationId"],
                    privilege.map { SandboxAPIKey.Privilege($0.targetDomain, $0.type, targetId: target) })
            }
            return try operation.work(self, call)
        } catch let failure as SandboxFailure {
            throw failure.shaped(as: operation.operation.api)
        } catch {
            throw SandboxFailure(500, "INTERNAL_ERROR", "\(error)").shaped(as: operation.operation.api)
        }
    }

    /// A request no operation takes: 404 in the shape of the API its path belongs to, naming the methods the sandbox
    /// serves at that path, if any (a method it does not serve there may still be the platform's).
    func notEmulated(_ request: SandboxRequest) -> SandboxFailure {
        let served = SandboxOperation.all.map(\.operation).filter { $0.matches(path: request.path) }.map(\.method)
        let hint = served.isEmpty ? "" : " (it serves \(served.joined(separator: " or ")) there)"
        let failure = SandboxFailure(
            404, "NOT_FOUND", "Not emulated by the sandbox: \(request.method) \(request.path)\(hint).")
        if request.path.hasPrefix("/push/") { return failure.shaped(as: .push) }
        if request.path.hasPrefix("/upload/") { return failure.shaped(as: .upload) }
        if request.path.hasPrefix("/rest/search/") { return failure.shaped(as: .search) }
        return failure
    }
}

extension SandboxFailure {
    /// The failure in the error shape of an API.
    func shaped(as api: CoveoOperation.API) -> SandboxFailure {
        var shaped = self
        shaped.api = api
        return shaped
    }
}

extension SandboxServer {
    /// Every operation the sandbox emulates, as declared: what it answers, and nothing else.
    package static var emulatedOperations: [CoveoOperation] { SandboxOperation.all.map(\.operation) }
}
