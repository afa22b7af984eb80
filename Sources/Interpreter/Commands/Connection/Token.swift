import CoveoAPI
import Foundation

/// `token`: set the access token (prompts with echo off).
struct TokenCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "token", group: .connection, summary: "Set the access token (prompts with echo off)",
        positionals: [],
        options: [
            .init("env", value: .text, valueName: "NAME", help: "read the token from an environment variable"),
            .init("clear", help: "forget the token"),
        ],
        example: "token --env COVEO_API_KEY",
        details: "A token is never taken as an argument: it would end up in history and in `ps`.")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        if args.has("clear") {
            shell.session.token = nil
            shell.session.tokenOrigin = nil
            return .success
        }
        if let name = args.value("env") {
            guard let value = shell.session.environmentVariables[name], !value.isEmpty else {
                throw ShellError.failure("token: the environment variable \(name) is not set")
            }
            shell.session.token = Secret(value.trimmingCharacters(in: .whitespacesAndNewlines))
            shell.session.tokenOrigin = "$\(name)"
        } else {
            guard shell.console.isInteractive else {
                throw ShellError.failure("token: no terminal to ask on; use `token --env NAME` in scripts")
            }
            guard let value = shell.console.askSecret("Token (input hidden): ") else {
                throw ShellError(.cancelled, "token: nothing entered; the token is unchanged")
            }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw ShellError.failure("token: nothing entered; the token is unchanged") }
            shell.session.token = Secret(trimmed)
            shell.session.tokenOrigin = "typed at the prompt"
        }
        shell.sources.forget()
        return .success
    }
}
