import CProcess
import CoveoAPI
import Foundation
import Interpreter

/// Dispatches `pshell sandbox ...` by hand: a root command with a positional script argument would
/// otherwise take `sandbox` for a script's name.
@main
enum Entry {
    /// The words that make pshell another program when they come first (`pshell help` is a statement's).
    static let subcommands = ["sandbox", "kernel", "version", "man"]

    static func main() async {
        keepSecretsOutOfCoreFiles()
        _ = pshell_limit_malloc_arenas(2)  // set before main by CProcess; called to keep its constructor linked
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "sandbox" {
            await SandboxCommand.main(Array(arguments.dropFirst()))
        } else if arguments.first == "kernel" {
            KernelCommand.main(Array(arguments.dropFirst()))
        } else if let word = arguments.first, ["man", "version"].contains(word), arguments.count == 2,
            ["-h", "--help"].contains(arguments[1])
        {
            let what = word == "man" ? "Shows the manual page pshell(1)." : "Prints the version and its commit."
            print("usage: pshell \(word)\n\(what)")
        } else if let word = arguments.first, ["man", "version"].contains(word), arguments.count > 1 {
            StandardConsole.write(
                "pshell: error: \(word) takes no arguments (usage: pshell \(word))\n", to: STDERR_FILENO)
            exit(ExitStatus.usage)
        } else if arguments == ["man"] {
            await ManualPage.show()
        } else if arguments == ["version"] {
            // As `--version`, in the words other tools' `version` subcommands use.
            print("pshell \(PShell.version)")
        } else {
            // The interpreter runs on the transport's event loop: its thread starts now, beside the parsing of the
            // flags and the configuration, not after them.
            AsyncHTTPTransport.startEventLoop()
            await PShell.main(arguments)
        }
    }
}
