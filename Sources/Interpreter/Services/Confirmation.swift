import Foundation

/// Whether a destructive command goes on: without asking in scripts or with --yes; at the prompt only on `y` or
/// `yes` (otherwise it says "Not deleted."). On a profile marked production, a script asks too when someone is at
/// a terminal; with no one there, nothing is deleted without --yes.
struct Confirmation: Sendable {
    var assumeYes: Bool
    /// A dry run deletes nothing: it asks nothing, and shows what would be sent.
    var dryRun = false
    /// The profile's name when it is marked production.
    var production: String?
    let console: any Console

    /// `question` is built only when it is asked; `declined` is said when the answer is no.
    func confirmed(
        _ args: ParsedArguments, declined: String = "Not deleted.", _ question: () async throws -> String
    ) async throws -> Bool {
        if assumeYes || dryRun || args.has("yes") { return true }
        let answer: String?
        if let production {
            guard let given = console.confirmAtTerminal("[\(production)] " + (try await question())) else {
                throw ShellError.usage(
                    "the profile '\(production)' is marked production and no one is at a terminal to "
                        + "confirm: add --yes; nothing was sent")
            }
            answer = given
        } else {
            guard console.isInteractive else { return true }
            answer = console.ask(try await question())
        }
        guard let answer, ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
            console.diagnose(declined)
            return false
        }
        return true
    }
}
