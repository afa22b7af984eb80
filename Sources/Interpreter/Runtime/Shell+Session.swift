import CoveoAPI
import Foundation

extension Shell {
    /// Points the session at `target` (`region`, `environment`, `endpoint`): leaving the sandbox drops its
    /// organization and keys, and the names Tab knew belong to the old target.
    func retarget(_ target: Target) {
        leaveSandboxIfNeeded()
        session.target = target
        sources.forget()
    }

    /// Leaving the sandbox: its organization and keys mean nothing elsewhere.
    private func leaveSandboxIfNeeded() {
        guard session.target == .sandbox else { return }
        if let connection = connections.sandbox {
            if session.organization == connection.organization { session.organization = nil }
            if session.token == connection.adminKey || session.token == connection.viewerKey {
                session.token = nil
                session.tokenOrigin = nil
            }
        }
        if session.organization == connections.launcher?.organization { session.organization = nil }
        if session.organization == nil || session.token == nil {
            console.diagnose(.note, "left the sandbox; set your organization with `org ID` and your token with `token`")
        }
    }

    /// Said when the session ends at the prompt: a built-in sandbox kept in memory goes with the process, and
    /// the sources made in it with it.
    package func farewell() async -> String? {
        guard session.target == .sandbox, let sandbox = connections.sandbox, sandbox.stateFile == nil,
            // One attempt, said nowhere: leaving must not wait for retries of a sandbox that is in trouble.
            let client = try? await completionClient(),
            let page = try? SourcePage(await client.listSources(page: 0, perPage: 1)),
            let count = page.totalEntries, count > 0
        else { return nil }
        return "the built-in sandbox is discarded now, with its \(count) source(s); "
            + "`pshell --sandbox-state FILE` keeps it from one run to the next"
    }

    /// After a 401: where the refused token came from, and how to get a good one from there.
    func unauthorizedHint() -> String? {
        guard let origin = session.tokenOrigin else { return nil }
        if origin.hasPrefix("your Coveo CLI login") {
            return "the token is \(origin), which has expired or was revoked: run `coveo auth:login`, then pshell again"
        }
        // "typed at the prompt" says where by itself; "$PSHELL_TOKEN" and a profile need "from".
        return "the token refused is the one " + (origin.hasPrefix("typed") ? origin : "from \(origin)")
    }
}

extension SessionCommand {
    /// How requests travel: what `session` shows so that a proxy or a CA in the environment is never a surprise.
    static func networkRows(_ network: TransportOptions) -> [(String, String)] {
        var rows: [(String, String)] = [("timeout", "\(network.timeout.secondsText) per request")]
        var trust = network.trustStoreFile.map { "\($0) (SSL_CERT_FILE)" } ?? "the system's CAs"
        for file in network.extraCAFiles { trust += " + \(file)" }
        rows.append(("trust", trust))
        let proxies = network.proxies
        var proxy: [String] = []
        if let https = proxies.https { proxy.append("https through \(https)") }
        if let http = proxies.http { proxy.append("http through \(http)") }
        if proxy.isEmpty {
            rows.append(("proxy", "none"))
        } else {
            let bypass = (["this machine"] + proxies.bypass).joined(separator: ", ")
            rows.append(("proxy", proxy.joined(separator: "; ") + "; direct to \(bypass)"))
        }
        return rows
    }
}
