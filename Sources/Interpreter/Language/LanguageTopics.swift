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

    static func topic(named name: String) -> Topic? { all.first { $0.names.contains(name) } }

    static var names: [String] { all.flatMap(\.names) }
}
