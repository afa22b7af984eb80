/// What `help` says of the language's own words, which are not commands: `help if`, `help for` ... The blocks
/// are parsed by `Script`; this is their reference at the prompt.
enum LanguageTopics {
    struct Topic: Sendable {
        let names: [String]
        let usage: String
        let text: String
        let example: String
    }

    static let all: [Topic] = [
        Topic(
            names: ["if", "else", "end"],
            usage: "if CONDITION ... [else if CONDITION ...] [else ...] end",
            text: """
                Runs the first branch whose condition holds. A condition compares (`==`, `!=`; the right side is a \
                pattern when it holds * or ?: `${s.name} == "ci-*"`; `<`, `>` compare numbers when both are, \
                else text), tests (`exists NAME`: a variable is set; `empty VALUE`: "", [], {} or null), and \
                combines with `not`, `and` (binds tighter) and `or`. A command is a condition too: it holds when \
                the command succeeds; its error is not shown ($status has it), and `-q` keeps its result from \
                being printed (it is still $last). A block ends with `end`, at the prompt as in a script.
                """,
            example: """
                if get "$name" -q
                  echo "$name" exists: $last.id
                else if $status == 2
                  create "$name" --visibility SHARED
                end
                """),
        Topic(
            names: ["for", "break", "continue"],
            usage: "for NAME in WORDS... | $ARRAY | $(STATEMENT) ... end",
            text: """
                Runs its body once for each value, with $NAME set to it: the words given, the elements of a \
                JSON array ($last.sourceModels), or the lines a statement prints ($(list --quiet) gives a \
                table's ids). `break` leaves the loop; `continue` goes on with the next value.
                """,
            example: """
                for id in $(list --quiet)
                  if $id == "$keep"
                    continue
                  end
                  status $id IDLE -q
                end
                """),
    ]

    /// The meta-commands, which start with a backslash and take the rest of the line. `help \i` reaches `help` as
    /// `help i` (a backslash escapes the next character), so their bare names lead here too.
    static let metaCommands = Topic(
        names: ["meta", "\\"],
        usage: "\\i FILE | \\e | \\! COMMAND | \\timing | \\? | \\q",
        text: """
            At the prompt, a line that starts with a backslash is a meta-command, as in psql: \\i FILE (or \\ir) runs \
            a script's statements as if typed; \\e opens the last statement in $EDITOR (or $VISUAL) and runs what \
            is saved; \\! COMMAND runs the rest of the line in /bin/sh; \\timing turns `timing` on or off; \\? is \
            `help`; \\q quits.
            """,
        example: """
            \\i examples/seed-public.pshell
            \\! ls examples
            \\timing
            """)

    static let metaNames: Set<String> = [
        "i", "ir", "include", "e", "edit", "!", "q", "\\i", "\\ir", "\\e", "\\!", "\\q",
    ]

    static func topic(named name: String) -> Topic? {
        if metaNames.contains(name) { return metaCommands }
        return (all + [metaCommands]).first { $0.names.contains(name) }
    }

    static var names: [String] { (all + [metaCommands]).flatMap(\.names) }
}
