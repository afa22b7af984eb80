import CoveoAPI
import Foundation
import Interpreter
import LineEditor

extension PShell {
    /// What the REPL says first: what pshell is, and what it targets; wrapped at a word on a narrow terminal.
    func banner(
        _ startup: StartupConfiguration, sandboxState: String? = nil, heldElsewhere: String? = nil, color: Bool
    ) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var text =
            "\(bold)pshell\(reset) 0.1.0 — Coveo Push sources. `help` lists commands; Tab completes; Ctrl-D exits.\n"
        let session = startup.session
        switch session.target {
        case .sandbox:
            text += "Target: \(startup.origin), organization pshellsandbox, offline.\n"
            let home = startup.session.environmentVariables["HOME"] ?? ""
            func shown(_ path: String) -> String {
                !home.isEmpty && path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
            }
            if let sandboxState {
                text += "Kept in \(shown(sandboxState)) between sessions (`sandbox reset` empties it).\n"
            } else if let heldElsewhere {
                text += "In memory: another pshell's sandbox holds \(shown(heldElsewhere)); this one ends with "
                    + "pshell.\n"
            }
            text += "Set `org`, `region` and `token` (or PSHELL_ORG/PSHELL_TOKEN) to use the real platform.\n"
        case .coveo(let region, let environment):
            text += "Target: \(Self.hosts(.coveo(region: region, environment: environment)))"
            text += "\(Self.organization(session)) (from \(startup.origin)).\n"
        case .custom(let endpoints):
            text += "Target: \(Self.hosts(endpoints))\(Self.organization(session)) (from \(startup.origin)).\n"
        }
        guard let columns = Terminal.columns(STDOUT_FILENO) else { return text }
        return Renderer.wrapLines(text, width: columns)
    }

    /// The hosts, as a user would paste them: one when the platform and the Push API share it.
    private static func hosts(_ endpoints: Endpoints) -> String {
        let platform = endpoints.platform.absoluteString
        let push = endpoints.push.absoluteString
        return platform == push ? platform : "\(platform) (Push API at \(push))"
    }

    private static func organization(_ session: Session) -> String {
        session.organization.map { ", organization \($0)" } ?? ", no organization yet (`org ID`)"
    }
}
