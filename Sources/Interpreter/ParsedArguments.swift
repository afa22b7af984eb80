/// A command's words, checked against its `CommandSpec`.
package struct ParsedArguments: Sendable {
    package var positionals: [String] = []
    package var values: [String: [String]] = [:]
    package var flags: Set<String> = []

    package func value(_ name: String) -> String? { values[name]?.last }
    package func all(_ name: String) -> [String] { values[name] ?? [] }
    package func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    /// Parses `words` (the command name excluded). `--name=value`, `--name value`, `-y`; `--` ends options.
    package static func parse(_ words: [String], spec: CommandSpec) throws(ShellError) -> ParsedArguments {
        var result = ParsedArguments()
        var i = 0
        var optionsEnded = false
        while i < words.count {
            let word = words[i]
            i += 1
            if !optionsEnded, word == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded, word.hasPrefix("-"), word.count > 1, !isNegativeNumber(word) {
                let option: CommandSpec.Option
                var inlineValue: String?
                if word.hasPrefix("--") {
                    let body = word.dropFirst(2)
                    let name: String
                    if let eq = body.firstIndex(of: "=") {
                        name = String(body[..<eq])
                        inlineValue = String(body[body.index(after: eq)...])
                    } else {
                        name = String(body)
                    }
                    guard let found = spec.option(named: name) else {
                        throw .usage(
                            "\(spec.name): unknown option --\(name)\(suggestion(name, spec.options.map(\.name), prefix: "--"))"
                        )
                    }
                    option = found
                } else {
                    guard word.count == 2, let letter = word.last, let found = spec.option(short: letter) else {
                        throw .usage("\(spec.name): unknown option \(word)")
                    }
                    option = found
                }
                guard let kind = option.value else {
                    if inlineValue != nil { throw .usage("\(spec.name): --\(option.name) takes no value") }
                    result.flags.insert(option.name)
                    continue
                }
                var value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard i < words.count else {
                        throw .usage("\(spec.name): --\(option.name) needs a value (\(option.valueName))")
                    }
                    value = words[i]
                    i += 1
                }
                value = try check(value, kind, what: "--\(option.name)", command: spec.name)
                if !option.repeatable, result.values[option.name] != nil {
                    throw .usage("\(spec.name): --\(option.name) is given twice")
                }
                result.values[option.name, default: []].append(value)
                continue
            }
            result.positionals.append(word)
        }
        // Check the positional words against what the command takes.
        let required = spec.positionals.filter { !$0.optional }.count
        let variadic = spec.positionals.contains { $0.variadic }
        if result.positionals.count < required {
            let missing = spec.positionals[result.positionals.count]
            throw .usage("\(spec.name): missing \(missing.name) (usage: \(spec.usage))")
        }
        if !variadic, result.positionals.count > spec.positionals.count {
            let extra = result.positionals[spec.positionals.count]
            throw .usage("\(spec.name): unexpected argument '\(extra)' (usage: \(spec.usage))")
        }
        for (index, positional) in spec.positionals.enumerated()
        where index < result.positionals.count && !positional.variadic {
            result.positionals[index] = try check(
                result.positionals[index], positional.kind, what: positional.name, command: spec.name)
        }
        return result
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
            throw .usage("\(command): \(what) must be one of \(choices.joined(separator: ", ")), not '\(value)'")
        case .number:
            guard Int(value) != nil else { throw .usage("\(command): \(what) must be a whole number, not '\(value)'") }
            return value
        default:
            guard !value.isEmpty else { throw .usage("\(command): \(what) is empty") }
            return value
        }
    }

    /// ` (did you mean --x?)` when a close spelling exists.
    static func suggestion(_ word: String, _ candidates: [String], prefix: String = "") -> String {
        let best = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(1, word.count / 3) else { return "" }
        return " (did you mean \(prefix)\(best.0)?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
