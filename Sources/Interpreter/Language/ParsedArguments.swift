/// A command's words, checked against its `CommandSpec`, read back through the spec's own declarations.
package struct ParsedArguments: Sendable {
    /// The positional words in order (a variadic one takes the rest).
    package private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    /// Where each declared positional sits, and which options the spec declares (to catch a misspelt lookup).
    private var positionalIndex: [String: Int] = [:]
    private var declaredOptions: Set<String> = []
    private var defaults: [String: Int] = [:]

    package func value(_ name: String) -> String? { values[declared(name)]?.last }
    /// A number option's value, if given (`parse` has checked it is a whole number within its bounds).
    package func optionalNumber(_ name: String) -> Int? { value(name).flatMap { Int($0) } }
    /// A number option declared with a default: its value, or that default.
    package func number(_ name: String) -> Int {
        guard let number = optionalNumber(name) ?? defaults[declared(name)] else {
            preconditionFailure("--\(name) declares no default: read it with optionalNumber")
        }
        return number
    }
    package func all(_ name: String) -> [String] { values[declared(name)] ?? [] }
    /// Whether the command declares an option (what several commands share reads it only where it is).
    package func declares(_ name: String) -> Bool { declaredOptions.contains(name) }

    package func has(_ name: String) -> Bool { flags.contains(declared(name)) || values[name] != nil }

    /// The word of a required positional, which `parse` has made sure is there.
    package subscript(_ positional: CommandSpec.Positional) -> String {
        precondition(!positional.optional, "\(positional.name) is optional: read it with word(_:)")
        return positionals[index(of: positional)]
    }

    /// The word of an optional positional, if given.
    package func word(_ positional: CommandSpec.Positional) -> String? {
        let index = index(of: positional)
        return index < positionals.count ? positionals[index] : nil
    }

    /// Every word from a variadic positional on.
    package func words(_ positional: CommandSpec.Positional) -> [String] {
        Array(positionals.dropFirst(index(of: positional)))
    }

    /// A choice positional as its type (`parse` has checked the word is one of the choices).
    package func choice<Value: RawRepresentable>(
        _ positional: CommandSpec.Positional, as type: Value.Type
    ) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: self[positional]) else {
            preconditionFailure("\(positional.name)'s choices are not all \(Value.self) values")
        }
        return value
    }

    private func index(of positional: CommandSpec.Positional) -> Int {
        guard let index = positionalIndex[positional.name] else {
            preconditionFailure("\(positional.name) is not one of the command's positionals")
        }
        return index
    }

    private func declared(_ option: String) -> String {
        assert(declaredOptions.contains(option), "--\(option) is not one of the command's options")
        return option
    }

    /// Parses `words` (the command name excluded). `--name=value`, `--name value`, `-y`; `--` ends options.
    package static func parse(_ words: [String], spec: CommandSpec) throws(ShellError) -> ParsedArguments {
        var result = ParsedArguments()
        result.declaredOptions = Set(spec.options.map(\.name))
        for option in spec.options { result.defaults[option.name] = option.defaultNumber }
        for (index, positional) in spec.positionals.enumerated() { result.positionalIndex[positional.name] = index }
        var rest = words[...]
        // A command that takes no option takes every word as a value, `--` and dashed words too (`set name "$1"`
        // where $1 is `--three`), as `x=--three` is in a POSIX shell; `--help` first is asked for before this.
        var optionsEnded = spec.wordsOnly || spec.options.isEmpty
        while let word = rest.popFirst() {
            if !optionsEnded, word == "--" {
                optionsEnded = true
            } else if !optionsEnded, word.hasPrefix("-"), word.count > 1, !isNegativeNumber(word) {
                try result.takeOption(word, from: &rest, spec: spec)
            } else {
                result.positionals.append(word)
            }
        }
        try result.checkPositionals(spec)
        try result.checkActions(spec)
        // `-q` prints ids (or nothing); an explicit other format says otherwise: which one is meant is not guessed.
        if result.declares("quiet"), result.has("quiet"), let output = result.value("output"),
            !["auto", "none"].contains(output)
        {
            throw .usage("\(spec.name): -q and -o \(output) ask for different outputs; give one")
        }
        return result
    }

    /// One option word (and its value, inline or the next word).
    private mutating func takeOption(
        _ word: String, from rest: inout ArraySlice<String>, spec: CommandSpec
    ) throws(ShellError) {
        let (option, inlineValue) = try Self.option(word, spec: spec)
        guard let kind = option.value else {
            if inlineValue != nil { throw .usage("\(spec.name): --\(option.name) takes no value") }
            flags.insert(option.name)
            return
        }
        guard let given = inlineValue ?? rest.popFirst() else {
            throw .usage("\(spec.name): --\(option.name) needs a value (\(option.valueName))")
        }
        let value = try Self.check(given, kind, what: "--\(option.name)", command: spec.name)
        if !option.repeatable, values[option.name] != nil {
            throw .usage("\(spec.name): --\(option.name) is given twice")
        }
        values[option.name, default: []].append(value)
    }

    /// The option a word names (`--name`, `--name=value`, `-y`), with its inline value. Tab completion reads words
    /// with it too.
    static func option(
        _ word: String, spec: CommandSpec
    ) throws(ShellError) -> (CommandSpec.Option, String?) {
        guard word.hasPrefix("--") else {
            guard word.count == 2, let letter = word.last, let found = spec.option(short: letter) else {
                throw .usage("\(spec.name): unknown option \(word)")
            }
            return (found, nil)
        }
        let body = word.dropFirst(2)
        let equals = body.firstIndex(of: "=")
        let name = String(body[..<(equals ?? body.endIndex)])
        guard let found = spec.option(named: name) else {
            throw .usage(
                "\(spec.name): unknown option --\(name)\(suggestion(name, spec.options.map(\.name), prefix: "--"))")
        }
        return (found, equals.map { String(body[body.index(after: $0)...]) })
    }

    /// The positional words against what the command takes: how many, and each one's kind.
    private mutating func checkPositionals(_ spec: CommandSpec) throws(ShellError) {
        let required = spec.positionals.filter { !$0.optional }.count
        let variadic = spec.positionals.contains { $0.variadic }
        if positionals.count < required {
            let missing = spec.positionals[positionals.count]
            throw .usage("\(spec.name): missing \(missing.name) (usage: \(spec.usage))")
        }
        if !variadic, positionals.count > spec.positionals.count {
            let extra = positionals[spec.positionals.count]
            throw .usage("\(spec.name): unexpected argument '\(extra)' (usage: \(spec.usage))")
        }
        for (index, positional) in spec.positionals.enumerated() where index < positionals.count && !positional.variadic
        {
            positionals[index] = try Self.check(
                positionals[index], positional.kind, what: positional.noun ?? positional.name, command: spec.name)
        }
    }

    /// An option declared for some actions only, given with another: the first choice positional is the action.
    private func checkActions(_ spec: CommandSpec) throws(ShellError) {
        for option in spec.options {
            guard let required = option.requires, has(option.name), !has(required) else { continue }
            throw .usage("\(spec.name): --\(option.name) goes with --\(required)")
        }
        guard let index = spec.positionals.firstIndex(where: { if case .choice = $0.kind { true } else { false } }),
            index < positionals.count
        else { return }
        let action = positionals[index]
        for option in spec.options where !option.goes(with: action) {
            guard flags.contains(option.name) || values[option.name] != nil else { continue }
            let forms = option.actions.map { "`\(spec.name) \($0)`" }
            let list = forms.count == 1 ? forms[0] : forms.dropLast().joined(separator: ", ") + " or " + forms.last!
            throw .usage("\(spec.name) \(action): --\(option.name) goes with \(list)")
        }
    }

    private static func isNegativeNumber(_ word: String) -> Bool {
        word.count > 1 && word.dropFirst().allSatisfy { $0.isNumber }
    }

    private static func check(
        _ value: String, _ kind: CommandSpec.ValueKind, what: String, command: String
    )
        throws(ShellError) -> String
    {
        switch kind {
        case .choice(let choices):
            if let match = choices.first(where: { $0.lowercased() == value.lowercased() }) { return match }
            // A word named by its choices (`on|off`) is said as such: "the word must be on or off".
            let named = what == choices.joined(separator: "|") ? "the word" : what
            let listed =
                choices.count == 2 ? "\(choices[0]) or \(choices[1])" : "one of \(choices.joined(separator: ", "))"
            throw .usage("\(command): \(named) must be \(listed), not '\(value)'")
        case .number(let low, let high):
            let bounds =
                high == Int.max ? "\(low) or more" : low == Int.min ? "\(high) or less" : "from \(low) to \(high)"
            guard let number = Int(value) else {
                // Digits too many for any number it could take: out of its bounds, not "not a whole number".
                let digits = value.drop { $0 == "-" || $0 == "+" }
                if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    let range = high == Int.max ? "from \(low) to \(Int.max)" : bounds
                    throw .usage("\(command): \(what) must be \(range), not \(value)")
                }
                throw .usage("\(command): \(what) must be a whole number, not '\(value)'")
            }
            guard number >= low, number <= high else {
                throw .usage("\(command): \(what) must be \(bounds), not \(value)")
            }
            return value
        case .time:
            guard Moment.milliseconds(value, now: 0) != nil else {
                throw .usage(
                    "\(command): \(what) \(value) is not a time: an ISO 8601 date-time, epoch milliseconds, "
                        + "or a time ago (90s, 15m, 2h, 7d)")
            }
            return value
        default:
            guard !value.isEmpty else { throw .usage("\(command): \(what) is empty") }
            return value
        }
    }

    /// A number written in decimal (`Double` also reads `0x10` and `nan`).
    package static func decimal(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || ".eE+-".contains($0)) }) else {
            return nil
        }
        return Double(text).flatMap { $0.isFinite ? $0 : nil }
    }

    /// ` (did you mean --x?)` when a close spelling exists.
    package static func suggestion(_ word: String, _ candidates: [String], prefix: String = "") -> String {
        let best = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(1, word.count / 3) else { return "" }
        return " (did you mean \(prefix)\(best.0)?)"
    }

    /// Edits between two words, two swapped letters counting as one (`--wiat` is one edit from `--wait`, as a
    /// typist sees it).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack: [Int] = []
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], twoBack[j - 2] + 1)
                }
            }
            twoBack = previous
            previous = current
        }
        return previous[b.count]
    }
}
