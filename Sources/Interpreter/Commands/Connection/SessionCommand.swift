import CoveoAPI
import Foundation

/// `session`: show the session: target, hosts, organization, token (masked).
struct SessionCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "session", group: .connection, summary: "Show the session: target, hosts, organization, token (masked)",
        positionals: [], options: [], example: "session")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        showSession(in: shell)
        return .success
    }
}

extension SessionCommand {
    private static func showSession(in shell: isolated Shell) {
        var rows = identityRows(in: shell)
        rows.append(("output", shell.session.output.rawValue))
        rows.append(contentsOf: SessionCommand.networkRows(shell.session.network))
        rows.append(("on-error", shell.session.continueOnError || shell.options.keepGoing ? "continue" : "stop"))
        if !shell.session.variables.isEmpty {
            rows.append(("variables", shell.session.variables.keys.sorted().joined(separator: ", ")))
        }
        shell.console.write(SessionCommand.aligned(rows) + "\n")
    }

    /// Where pshell points and as whom: target, hosts, organization, token (masked). `session` and `whoami` show it.
    static func identityRows(in shell: isolated Shell) -> [(String, String)] {
        var rows: [(String, String)] = []
        let endpoints: Endpoints?
        switch shell.session.target {
        case .sandbox:
            rows.append(
                (
                    "target",
                    shell.connections.sandbox == nil ? "built-in sandbox (starts on first use)" : "built-in sandbox"
                ))
            endpoints = shell.connections.sandbox.map { Endpoints(platform: $0.url, push: $0.url) }
        case .coveo(let region, let environment):
            rows.append(("target", "Coveo, region \(region.rawValue), environment \(environment.rawValue)"))
            endpoints = .coveo(region: region, environment: environment)
        case .custom(let custom):
            rows.append(("target", "custom endpoints"))
            endpoints = custom
        }
        if let endpoints {
            // A password in a URL (`https://user:pw@host`) is never shown.
            rows.append(("platform", Endpoints.shown(endpoints.platform)))
            rows.append(("push", Endpoints.shown(endpoints.push)))
        }
        let organization =
            shell.session.organization
            ?? (shell.session.target == .sandbox
                ? shell.connections.sandbox?.organization ?? shell.connections.launcher?.organization : nil)
        rows.append(("organization", organization ?? "(none: set it with `org ID`)"))
        if let token = shell.session.token {
            rows.append(("token", "\(token.masked) (\(shell.session.tokenOrigin ?? "set"))"))
        } else if shell.session.target == .sandbox {
            rows.append(
                (
                    "token",
                    shell.connections.sandbox.map { "\($0.adminKey.masked) (the sandbox's administrator key)" }
                        ?? "the sandbox's administrator key"
                ))
        } else {
            rows.append(("token", "(none: set it with `token`)"))
        }
        return rows
    }

}

extension SessionCommand {
    /// `name  value` rows, the values in one column.
    static func aligned(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
    }
}
