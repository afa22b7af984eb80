import CoveoAPI

/// Sends a request that creates something once: it is never sent again once it may have arrived. A 500, 502, 503
/// or 504, or a connection lost after sending, may hide a success: `exists` reads back whether the thing is there
/// now (and a phrase naming it), and the user is told which it was: created, or safe to retry.
struct CreateOnce: Sendable {
    /// Where "it was created after all" is said.
    let console: any Console

    func callAsFunction<T: Sendable>(
        _ command: String, absent: String, check: String, _ send: () async throws(APIError) -> T,
        exists: () async throws -> (value: T, present: String)?
    ) async throws -> T {
        do {
            return try await send()
        } catch {
            guard error.mayHideASuccess else { throw error }
            let what = error.status.map { "answered \($0)" } ?? "lost the connection (\(error.message))"
            let found: (value: T, present: String)?
            do {
                found = try await exists()
            } catch let lookup {
                throw ShellError.failure(
                    "\(command): the platform \(what), and looking whether it was done failed too "
                        + "(\((lookup as? APIError)?.description ?? "\(lookup)")); "
                        + "check with `\(check)` before running it again")
            }
            guard let found else {
                throw ShellError.failure(
                    "\(command): the platform \(what) and \(absent): nothing was created, "
                        + "it is safe to run the command again (\(error.description))")
            }
            console.diagnose(.note, "the platform \(what), but \(found.present): it was created")
            return found.value
        }
    }
}
