/// The console of a command under a dry run: its notes tell what it did, and it did nothing, so each says so
/// (`dry run (nothing sent): created the SECURED source 'sec' (dry-run:id) ...`). Everything else passes through.
final class DryRunConsole: Console {
    private let outer: any Console

    init(around outer: any Console) { self.outer = outer }

    var isTerminal: Bool { outer.isTerminal }
    var usesColor: Bool { outer.usesColor }
    var width: Int? { outer.width }
    var height: Int? { outer.height }
    var isInteractive: Bool { outer.isInteractive }
    var showsProgress: Bool { outer.showsProgress }

    func write(_ text: String) { outer.write(text) }
    func diagnose(_ diagnostic: Diagnostic) {
        guard diagnostic.severity == .note, !diagnostic.message.hasPrefix("dry run") else {
            return outer.diagnose(diagnostic)
        }
        var said = diagnostic
        said.message = "dry run (nothing sent): " + said.message
        outer.diagnose(said)
    }
    func ask(_ prompt: String) -> String? { outer.ask(prompt) }
    func askSecret(_ prompt: String) -> String? { outer.askSecret(prompt) }
    func confirmAtTerminal(_ prompt: String) -> String? { outer.confirmAtTerminal(prompt) }
    func progress(_ text: String?) { outer.progress(text) }
}

/// The console of a command run with `-q` or `-o none`: its result is not printed (it is still `$last`); what
/// it says on standard error, and its questions, still reach the person. A dry run's requests are not its result:
/// they are shown on the console `beneath`.
final class QuietConsole: Console {
    let beneath: any Console

    init(around beneath: any Console) { self.beneath = beneath }

    var unquiet: any Console { beneath }
    var isTerminal: Bool { false }
    var usesColor: Bool { false }
    var isInteractive: Bool { beneath.isInteractive }
    var showsProgress: Bool { beneath.showsProgress }

    func write(_ text: String) {}
    func diagnose(_ diagnostic: Diagnostic) { beneath.diagnose(diagnostic) }
    func ask(_ prompt: String) -> String? { beneath.ask(prompt) }
    func askSecret(_ prompt: String) -> String? { beneath.askSecret(prompt) }
    func confirmAtTerminal(_ prompt: String) -> String? { beneath.confirmAtTerminal(prompt) }
    func progress(_ text: String?) { beneath.progress(text) }
}
