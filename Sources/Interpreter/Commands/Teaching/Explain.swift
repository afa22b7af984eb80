import CoveoAPI
import Foundation

/// `explain`: the API operations behind a command, their privileges, fields and sources.
struct ExplainCommand: ShellCommand {
    static let command = CommandSpec.Positional("COMMAND", .command)

    static let spec = CommandSpec(
        name: "explain", group: .teaching,
        summary: "The API operations behind a command, their privileges, fields and sources",
        positionals: [command], options: [], example: "explain create")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let name = args[ExplainCommand.command]
        guard let spec = CommandCatalog.resolve(name) else {
            throw ShellError.usage(
                "explain: unknown command '\(name)'\(ParsedArguments.suggestion(name, CommandCatalog.all.map(\.name)))")
        }
        guard let explanation = CommandExplanations.explanation(for: spec.name) else {
            shell.console.write(
                "\(spec.name) calls no API operation: it is part of pshell itself (`help \(spec.name)`).\n")
            return .success
        }
        let r = shell.renderer
        var text = r.bold(spec.name) + " — " + spec.summary + "\n\n"
        for operation in explanation.operations {
            text += "  " + operation.call + "\n"
            text += "    privilege: " + operation.privilege + "\n"
        }
        text += "\n" + explanation.fields.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        text += "\nsource: " + explanation.reference + "\n"
        shell.console.write(r.wrapped(text))
        return .success
    }
}
