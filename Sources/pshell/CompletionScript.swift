import Foundation
import Interpreter

/// `pshell --generate-completion-script SHELL`: bash, zsh and fish completing the process's flags, their values
/// (regions, formats, files) and, after `-c`, the REPL's commands, from the table `--help` reads.
enum CompletionScript {
    enum Shell: String, CaseIterable {
        case bash, zsh, fish
    }

    static func text(for shell: Shell) -> String {
        switch shell {
        case .bash: bash()
        case .zsh: zsh()
        case .fish: fish()
        }
    }

    private static var commands: [String] { CommandCatalog.all.map(\.name) }

    /// What may come first besides a script: the subcommands, and `help` (`pshell help [COMMAND]`).
    private static let subcommands = Entry.subcommands + ["help"]

    /// The subcommands with flags of their own, and the words they take first.
    private static let subcommandTables: [(String, [ProcessOption], [String])] = [
        ("sandbox", SandboxCommand.options, []), ("kernel", KernelCommand.options, ["install"]),
    ]

    private static func values(_ completion: ProcessOption.Completion) -> [String]? {
        switch completion {
        case .values(let values): values
        case .commands: commands
        case .none, .files: nil
        }
    }

    private static func bash() -> String {
        var cases: [String] = []
        for option in ProcessOption.all where option.valueName != nil {
            let patterns = ([option.short.map { "-\($0)" }].compactMap { $0 } + ["--" + option.long])
                .joined(separator: "|")
            let reply =
                switch option.completion {
                case .files(let wanted?): #"_pshell_files '\#(wanted)'"#
                case .files(nil): #"COMPREPLY=($(compgen -f -- "$cur"))"#
                case .values, .commands:
                    #"COMPREPLY=($(compgen -W '\#(values(option.completion)!.joined(separator: " "))' -- "$cur"))"#
                case .none: "COMPREPLY=()"
                }
            cases.append("        \(patterns)) \(reply); return ;;")
        }
        let flags = ProcessOption.all.flatMap { [$0.short.map { "-\($0)" }, "--" + $0.long].compactMap { $0 } }
        let subcommandCases = bashSubcommandCases()
        return """
            # bash completion for pshell (pshell --generate-completion-script bash)
            _pshell_files() {
                local IFS=$'\\n'
                COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X "!*.$1" -- "$cur"))
            }

            _pshell() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev=""
                if ((COMP_CWORD > 0)); then prev="${COMP_WORDS[COMP_CWORD-1]}"; fi
                if ((COMP_CWORD > 1)); then
                    case "${COMP_WORDS[1]}" in
            \(subcommandCases.joined(separator: "\n"))
                    esac
                fi
                # `--region=e`: bash splits the word at `=`.
                if [[ "$cur" == "=" ]]; then prev="${COMP_WORDS[COMP_CWORD-1]}"; cur=""; fi
                if [[ "$prev" == "=" ]] && ((COMP_CWORD > 1)); then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi
                case "$prev" in
            \(cases.joined(separator: "\n"))
                esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W '\(flags.joined(separator: " "))' -- "$cur"))
                    return
                fi
                _pshell_files pshell
                if ((COMP_CWORD == 1)); then
                    COMPREPLY+=($(compgen -W '\(subcommands.joined(separator: " "))' -- "$cur"))
                fi
            }

            complete -o filenames -F _pshell pshell

            """
    }

    /// After `pshell sandbox` or `pshell kernel`: their own flags (files after those that take one).
    private static func bashSubcommandCases() -> [String] {
        subcommandTables.map { name, options, words in
            let files = options.filter(\.completion.isFiles).map { "--" + $0.long }
            let offered = (words + options.map { "--" + $0.long }).joined(separator: " ")
            let filesReply = #"COMPREPLY=($(compgen -f -- "$cur")); return ;; esac; "#
            let fileCase = files.isEmpty ? "" : #"case "$prev" in \#(files.joined(separator: "|"))) "# + filesReply
            return "            \(name)) \(fileCase)COMPREPLY=($(compgen -W '\(offered)' -- \"$cur\")); return ;;"
        }
    }

    private static func zsh() -> String {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "'\\''")
                .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
                .replacingOccurrences(of: ":", with: "\\:")
        }
        var specs: [String] = []
        for option in ProcessOption.all {
            let names = [option.short.map { "-\($0)" }, "--" + option.long].compactMap { $0 }
            let exclusive = option.repeatable ? "*" : names.count > 1 ? "(\(names.joined(separator: " ")))" : ""
            let spelled = names.count > 1 ? "{\(names.joined(separator: ","))}" : names[0]
            var action = ""
            if let value = option.valueName {
                let what: String =
                    switch option.completion {
                    case .files(let wanted?): "_files -g \"*.\(wanted)\""
                    case .files(nil): "_files"
                    case .values, .commands: "(\(values(option.completion)!.joined(separator: " ")))"
                    case .none: " "
                    }
                action = ":\(escaped(value)):\(what)"
            }
            let prefix = exclusive.isEmpty ? "" : "'\(exclusive)'"
            specs.append("        \(prefix)\(spelled)'[\(escaped(option.help))]\(action)'")
        }
        specs.append("        '*:script:_files -g \"*.pshell\"'")
        return """
            #compdef pshell
            # zsh completion for pshell (pshell --generate-completion-script zsh)
            _pshell() {
                _arguments -s \\
            \(specs.joined(separator: " \\\n"))
            }

            _pshell "$@"

            """
    }

    private static func fish() -> String {
        func quoted(_ text: String) -> String {
            "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }
        var lines = ["# fish completion for pshell (pshell --generate-completion-script fish)"]
        for option in ProcessOption.all {
            var line = "complete -c 'pshell'"
            if let short = option.short { line += " -s \(short)" }
            line += " -l \(option.long) -d \(quoted(option.help))"
            if option.valueName != nil {
                switch option.completion {
                case .files(let wanted?):
                    line += " -x -k -a " + quoted("(__fish_complete_suffix .\(wanted))")
                case .files(nil): line += " -r -F"
                case .values, .commands: line += " -x -a " + quoted(values(option.completion)!.joined(separator: " "))
                case .none: line += " -x"
                }
            }
            lines.append(line)
        }
        lines.append("complete -c 'pshell' -k -a '(__fish_complete_suffix .pshell)'")
        lines.append("complete -c 'pshell' -n '__fish_use_subcommand' -f -a '\(subcommands.joined(separator: " "))'")
        for (name, options, words) in subcommandTables {
            let seen = "-n '__fish_seen_subcommand_from \(name)'"
            if !words.isEmpty { lines.append("complete -c 'pshell' \(seen) -f -a '\(words.joined(separator: " "))'") }
            for option in options {
                let value = option.valueName == nil ? "" : (option.completion.isFiles ? " -r -F" : " -x")
                lines.append("complete -c 'pshell' \(seen) -l \(option.long) -d \(quoted(option.help))\(value)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
