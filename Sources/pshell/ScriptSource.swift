import CoveoAPI
import Foundation
import Interpreter

/// Where a script comes from: `-c TEXT`, `-f FILE`, `SCRIPT` (`-` for standard input), or standard input.
struct ScriptSource {
    var text: String
    /// What errors are located with: the file, `-c` or `<stdin>`.
    var name: String
    var arguments: [String]

    struct Unreadable: Error {
        var message: String
    }

    static func select(command: String?, file: String?, script: [String]) throws(Unreadable) -> ScriptSource {
        if let command { return ScriptSource(text: command, name: "-c", arguments: script) }
        if let file { return try read(file, arguments: script) }
        guard let path = script.first else { return standardInput(arguments: []) }
        // `pshell help [CMD]`, as git and gh have it, unless a script is really named `help`.
        if path == "help", !FileManager.default.fileExists(atPath: path) {
            let words = script.dropFirst().prefix(1).map { "'" + $0.replacingOccurrences(of: "'", with: "") + "'" }
            return ScriptSource(text: (["help"] + words).joined(separator: " "), name: "-c", arguments: [])
        }
        return try read(path, arguments: Array(script.dropFirst()))
    }

    /// `pshell --check`: every file named (or `-c`, `-f`, standard input).
    static func all(command: String?, file: String?, script: [String]) throws(Unreadable) -> [ScriptSource] {
        if command != nil || file != nil || script.isEmpty {
            return [try select(command: command, file: file, script: script)]
        }
        var sources: [ScriptSource] = []
        for path in script { sources.append(try read(path, arguments: [])) }
        return sources
    }

    private static func read(_ path: String, arguments: [String]) throws(Unreadable) -> ScriptSource {
        if path == "-" { return standardInput(arguments: arguments) }
        return ScriptSource(text: try text(of: path), name: path, arguments: arguments)
    }

    /// A script's text (`TextFile.read`), its failure said with the path and, for a subcommand's name given after
    /// a flag, where the subcommand goes.
    static func text(of path: String) throws(Unreadable) -> String {
        guard !path.isEmpty else { throw Unreadable(message: "a script's name is empty") }
        do {
            return try TextFile.read(path)
        } catch {
            // `pshell --org x sandbox`: a subcommand comes first.
            let subcommand = error.missing && Entry.subcommands.contains(path)
            throw Unreadable(
                message: "\(Redaction.visible(path)): \(error.reason)"
                    + (subcommand ? " (`\(path)` is a subcommand: pshell \(path) ...)" : ""))
        }
    }

    private static func standardInput(arguments: [String]) -> ScriptSource {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return ScriptSource(text: String(decoding: data, as: UTF8.self), name: "<stdin>", arguments: arguments)
    }
}

extension PShell {
    /// `pshell --check`: each problem of each script as `FILE:LINE: error:`; 65 when there is one, else 0.
    func checkScripts(_ settings: Settings) -> Int32 {
        let sources: [ScriptSource]
        do {
            sources = try ScriptSource.all(command: command, file: file, script: script)
        } catch {
            return Self.usageError(error.message)
        }
        // A script may hold the token (an option mistyped around `${env.PSHELL_TOKEN}`): masked like any output.
        let console = MaskingConsole(
            around: StandardConsole(
                color: settings.color, interactive: false, environment: settings.environment, asker: nil),
            secrets: [settings.session.token?.value].compactMap { $0 })
        var problems = 0
        for source in sources {
            for problem in ScriptChecker.check(source.text, variables: Set(settings.session.variables.keys)) {
                console.diagnose(Diagnostic(.error, problem.message, at: "\(source.name):\(problem.line)"))
                problems += 1
            }
        }
        return problems == 0 ? 0 : ExitStatus.syntax
    }
}
