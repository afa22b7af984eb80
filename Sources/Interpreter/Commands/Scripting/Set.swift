import CoveoAPI
import Foundation

/// `set`: set a variable, or a setting (on-error, output, max-wait, timeout).
struct SetCommand: ShellCommand {
    static let name = CommandSpec.Positional("NAME", optional: true)
    static let value = CommandSpec.Positional("VALUE", optional: true, variadic: true)

    static let spec = CommandSpec(
        name: "set", group: .scripting,
        summary: "Set a variable, or a setting (on-error, output, max-wait, timeout, pager)",
        positionals: [name, value], options: [],
        example: "set id $last.id",
        details: """
            `set` alone lists variables. Settings: `set on-error continue|stop`, `set output auto|json|pretty`,
            `set max-wait SECONDS` (how long one call may wait to retry 429, 5xx and dropped connections; default 120).
            `set timeout SECONDS` (the most one request may take, its whole answer included; default 60, or --timeout).
            `set pager on|off` (at the prompt, output taller than the terminal goes through $PAGER, else less -FRX).
            """)

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        guard let name = args.word(SetCommand.name) else {
            let text = shell.session.variables.keys.sorted().map { "\($0)=\(shell.session.variables[$0] ?? "")" }
                .joined(
                    separator: "\n")
            if !text.isEmpty { shell.console.write(text + "\n") }
            return .success
        }
        let value = args.words(SetCommand.value).joined(separator: " ")
        switch name {
        case "on-error":
            switch value {
            case "continue": shell.session.continueOnError = true
            case "stop": shell.session.continueOnError = false
            default: throw ShellError.usage("set on-error: expected continue or stop, not '\(value)'")
            }
        case "max-wait":
            guard let seconds = Double(value), seconds >= 0 else {
                throw ShellError.usage("set max-wait: expected a number of seconds, not '\(value)'")
            }
            shell.session.maximumRetryWait = seconds
        case "timeout":
            guard let seconds = Double(value), seconds > 0, seconds <= 86_400 else {
                throw ShellError.usage("set timeout: expected a number of seconds above 0, not '\(value)'")
            }
            shell.session.network.timeout = .milliseconds(Int64(seconds * 1000))
        case "output":
            guard let format = OutputFormat(rawValue: value) else {
                throw ShellError.usage("set output: expected one of \(OutputFormat.names), not '\(value)'")
            }
            shell.session.output = format
        case "pager":
            guard ["on", "off"].contains(value) else {
                throw ShellError.usage("set pager: expected on or off, not '\(value)'")
            }
            shell.session.pager = value == "on"
        default:
            guard Tokenizer.isName(name) else {
                throw ShellError.usage(
                    "set: '\(name)' is not a variable name (letters, digits and _, not starting with a digit)")
            }
            guard !["last", "env"].contains(name) else { throw ShellError.usage("set: $\(name) is reserved") }
            guard !args.words(SetCommand.value).isEmpty else {
                throw ShellError.usage("set: missing VALUE (usage: set NAME VALUE)")
            }
            shell.session.variables[name] = value
        }
        return .success
    }
}
