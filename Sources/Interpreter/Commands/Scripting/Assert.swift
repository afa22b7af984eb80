import CoveoAPI
import Foundation

/// `assert`: fail unless A == B (or A != B).
struct AssertCommand: ShellCommand {
    static let left = CommandSpec.Positional("A")
    static let comparison = CommandSpec.Positional("==|!=", .choice(["==", "!="]), noun: "the operator")
    static let right = CommandSpec.Positional("B")

    static let spec = CommandSpec(
        name: "assert", group: .scripting, summary: "Fail unless A == B (or A != B)",
        positionals: [left, comparison, right], options: [],
        example: "assert $last.sourceVisibility == SHARED")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let (a, op, b) = (args[AssertCommand.left], args[AssertCommand.comparison], args[AssertCommand.right])
        guard ["==", "!="].contains(op) else {
            throw ShellError.usage("assert: the operator must be == or !=, not '\(op)'")
        }
        // A dry run did not get what a placeholder stands for: the assertion cannot be checked, and the script goes on.
        if DryRun.isPlaceholder(a) || DryRun.isPlaceholder(b) {
            shell.console.diagnose(.note, "dry run: not checked: '\(a)' \(op) '\(b)' (nothing was sent to answer it)")
            return .success
        }
        switch op {
        case "==": if a != b { throw ShellError.failure("assertion failed: '\(a)' == '\(b)'") }
        case "!=": if a == b { throw ShellError.failure("assertion failed: '\(a)' != '\(b)'") }
        default: throw ShellError.usage("assert: the operator must be == or !=, not '\(op)'")
        }
        return .success
    }
}
