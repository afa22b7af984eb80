import CoveoAPI
import Foundation

/// `source`: run a script file (relative to the including script).
struct SourceCommand: ShellCommand {
    static let file = CommandSpec.Positional("FILE", .file)
    static let arguments = CommandSpec.Positional("ARGS", optional: true, variadic: true)

    static let spec = CommandSpec(
        name: "source", group: .scripting, summary: "Run a script file (relative to the including script)",
        positionals: [file, arguments], options: [],
        example: "source setup.pshell",
        // The words after FILE are the script's ($1...), options or not: `source create X --visibility SHARED`
        // reaches the hint about Coveo's sources instead of "unknown option".
        wordsOnly: true)

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        return try await sourceFile(args, in: shell)
    }
}

extension SourceCommand {
    /// What `source WORD` means when WORD is a source command's verb, not a file.
    static let coveoWords = [
        "create": "create NAME", "get": "get SOURCE", "list": "list", "ls": "list", "delete": "delete SOURCE",
        "update": "update SOURCE", "show": "get SOURCE", "rm": "delete SOURCE", "new": "create NAME",
    ]

    private static func sourceFile(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let path = shell.inputs.path(args[SourceCommand.file])
        guard shell.scriptStack.count < 32 else {
            throw ShellError.failure("source: scripts nested more than 32 deep (a loop?)")
        }
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            let word = args[SourceCommand.file]
            // `source create "My docs"`: Coveo's sources are the commands themselves, `source` runs a script.
            if error.missing, let meant = Self.coveoWords[word] {
                throw ShellError.usage(
                    "source runs a script file, and there is no file '\(word)'; for Coveo's sources, use `\(meant)`")
            }
            throw ShellError.failure("source: \(path): \(error.reason)")
        }
        let saved = shell.session.arguments
        // `source FILE -- --x`: the `--` goes, as on pshell's own command line.
        var arguments = args.words(SourceCommand.arguments)
        if arguments.first == "--" { arguments.removeFirst() }
        shell.session.arguments = arguments
        defer { shell.session.arguments = saved }
        let status = await shell.runScript(text, name: path)
        return status == 0 ? .success : .stopped(status)
    }
}
