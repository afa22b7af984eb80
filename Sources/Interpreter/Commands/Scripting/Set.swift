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
            `set` alone lists variables. Settings: `set on-error continue|stop`,
            `set output auto|json|pretty|csv|tsv|none`, `set max-wait SECONDS` (how long one call may wait to retry
            429, 5xx and dropped connections; default 120).
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
        let setting = try setting(name, value, given: !args.words(SetCommand.value).isEmpty)
        if setting == .variable { shell.session.variables[name] = value } else { shell.session.apply(setting) }
        return .success
    }

    /// What `set NAME VALUE` sets, its value checked: the run and `--check` refuse the same words.
    enum Setting: Equatable {
        case continueOnError(Bool)
        case maximumWait(Double)
        case timeout(Double)
        case output(OutputFormat)
        case pager(Bool)
        case variable
    }

    /// What users try to `set` that another command sets.
    static let settingsOfOtherCommands = [
        "cacert": "endpoint --cacert FILE", "ca": "endpoint --cacert FILE", "token": "token (it prompts)",
        "org": "org ID", "organization": "org ID", "region": "region us|eu|au|ca",
        "environment": "environment prod|hipaa|dev|stg", "endpoint": "endpoint --platform URL",
        "trace": "trace on|off", "timing": "timing on|off", "dry-run": "dry-run on|off",
    ]

    static func setting(_ name: String, _ value: String, given: Bool) throws(ShellError) -> Setting {
        switch name {
        case "on-error":
            guard ["continue", "stop"].contains(value) else {
                throw .usage("set on-error: expected continue or stop, not '\(value)'")
            }
            return .continueOnError(value == "continue")
        case "max-wait":
            guard let seconds = ParsedArguments.decimal(value), seconds >= 0, seconds <= 86_400 else {
                throw .usage("set max-wait: expected a number of seconds from 0 to 86400, not '\(value)'")
            }
            return .maximumWait(seconds)
        case "timeout":
            // A millisecond at least: the deadline is counted in them, and less was a deadline of 0.
            guard let seconds = ParsedArguments.decimal(value), seconds >= 0.001, seconds <= 86_400 else {
                throw .usage("set timeout: expected a number of seconds from 0.001 to 86400, not '\(value)'")
            }
            return .timeout(seconds)
        case "output":
            guard let format = OutputFormat(rawValue: value) else {
                throw .usage("set output: expected one of \(OutputFormat.names), not '\(value)'")
            }
            return .output(format)
        case "pager":
            guard ["on", "off"].contains(value) else { throw .usage("set pager: expected on or off, not '\(value)'") }
            return .pager(value == "on")
        default:
            guard Tokenizer.isName(name) else {
                throw .usage("set: '\(name)' is not a variable name (letters, digits and _, not starting with a digit)")
            }
            // $last and $status are the interpreter's; a variable of that name would never be read.
            guard !["last", "env", "status"].contains(name) else { throw .usage("set: $\(name) is reserved") }
            // Settings another command makes: a variable of that name would silently change nothing.
            if let command = Self.settingsOfOtherCommands[name] {
                throw .usage("set: \(name) is not a setting of `set`; use `\(command)`")
            }
            guard given else { throw .usage("set: missing VALUE (usage: set NAME VALUE)") }
            return .variable
        }
    }
}
