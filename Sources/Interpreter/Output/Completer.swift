import CoveoAPI
import Foundation

extension Shell {
    /// Completes the last word of `line` (the text before the cursor). Never waits on the network for
    /// longer than `timeout`: if the source list is not cached yet, one request is made, and if it is
    /// slower than that, Tab offers nothing this time and the cache fills in the background.
    package func complete(_ line: String, timeout: Duration = .milliseconds(800)) async -> Completion {
        let completer = Completer(session: session, sources: sources, client: { try await self.completionClient() })
        return await completer.complete(line, timeout: timeout)
    }

    /// The client Tab uses: one attempt, no retry and no notice (nothing may print over the prompt), not traced.
    func completionClient() async throws -> CoveoClient {
        var client = try await client()
        client.retry = .none
        client.observer = nil
        return client
    }
}

/// Tab: the last word of a line, from the command specs, what the session holds, the files around it, and the
/// sources and providers (fetched once; never waited on for longer than a timeout).
struct Completer: Sendable {
    let session: Session
    let sources: SourceDirectory
    /// A client for Tab's own reads.
    let client: @Sendable () async throws -> CoveoClient

    private var home: String? { session.environmentVariables["HOME"] }

    func complete(_ line: String, timeout: Duration) async -> Completion {
        let (words, openQuote) = Completion.roughWords(line)
        // A space inside an open quote is part of the word (`get "My ` goes on completing `"My `).
        let endsWithSpace = !openQuote && (line.last.map { $0 == " " || $0 == "\t" } ?? true)
        let typed = endsWithSpace ? "" : (words.last ?? "")
        let previous = endsWithSpace ? words : Array(words.dropLast())
        let quote = typed.first.flatMap { $0 == "\"" || $0 == "'" ? $0 : nil }
        let bare = quote == nil ? typed : String(typed.dropFirst())
        // What the session holds and files, wherever a word may stand for them.
        if typed.hasPrefix("$"), !previous.isEmpty {
            return Completion(typed: typed, candidates: referenceCandidates(typed))
        }
        if bare.hasPrefix("@"), !previous.isEmpty {
            let paths = Completion.paths(String(bare.dropFirst()), home: home).map { "@" + $0 }
            return Completion(typed: typed, candidates: Completion.quotedPaths(paths, quote))
        }
        if let first = previous.first, ["\\i", "\\ir"].contains(first) {
            return Completion(
                typed: typed, candidates: Completion.quotedPaths(Completion.paths(bare, home: home), quote))
        }
        guard let commandWord = previous.first else { return Completion(typed: typed, candidates: commands(typed)) }
        // `unalias NAME` and `alias NAME` (to see or redefine one): the aliases defined.
        if ["unalias", "alias"].contains(commandWord), previous.count == 1 {
            return Completion(typed: typed, candidates: session.aliases.keys.filter { $0.hasPrefix(typed) }.sorted())
        }
        guard let spec = CommandCatalog.resolve(commandWord) else { return Completion(typed: typed, candidates: []) }
        // The value of an option, long or short (`--output`, `-o`)?
        if let last = previous.last, previous.count > 1, last.hasPrefix("-"),
            let (option, inline) = try? ParsedArguments.option(last, spec: spec), inline == nil, let kind = option.value
        {
            return Completion(typed: typed, candidates: await values(kind, typed, timeout: timeout))
        }
        if typed.hasPrefix("-") {
            return Completion(typed: typed, candidates: Self.optionNames(spec, previous).filter { $0.hasPrefix(typed) })
        }
        // Which positional is this? Count the words that are not options or option values.
        var position = 0
        var skipNext = false
        for word in previous.dropFirst() {
            if skipNext {
                skipNext = false
                continue
            }
            if word.hasPrefix("-"), word.count > 1 {
                // An option, long or short (`-y`, `-o json`): not a positional; its value is not one either.
                if let (option, inline) = try? ParsedArguments.option(word, spec: spec), inline == nil,
                    option.value != nil
                {
                    skipNext = true
                }
                continue
            }
            position += 1
        }
        guard !spec.positionals.isEmpty else { return Completion(typed: typed, candidates: []) }
        let positional = spec.positionals[min(position, spec.positionals.count - 1)]
        if position >= spec.positionals.count, !positional.variadic { return Completion(typed: typed, candidates: []) }
        return Completion(typed: typed, candidates: await values(positional.kind, typed, timeout: timeout))
    }

    /// A statement's first word: the commands, and the session's aliases, which are commands to the one typing.
    private func commands(_ typed: String) -> [String] {
        Set((CommandCatalog.all.map(\.name) + session.aliases.keys).filter { $0.hasPrefix(typed) }).sorted()
    }

    /// `$name`, `$last.path`, and the braced form, whose complete names and keys are closed with their brace.
    private func referenceCandidates(_ typed: String) -> [String] {
        guard typed.hasPrefix("${"), !typed.contains("}") else { return Completion.variables(typed, in: session) }
        return Completion.variables("$" + typed.dropFirst(2), in: session).map { candidate in
            "${" + candidate.dropFirst() + (candidate.last.map { ".[]".contains($0) } == true ? "" : "}")
        }
    }

    private func values(_ kind: CommandSpec.ValueKind, _ typed: String, timeout: Duration) async -> [String] {
        switch kind {
        case .choice(let choices):
            let lowered = typed.lowercased()
            return choices.filter { $0.lowercased().hasPrefix(lowered) }.map {
                typed.first?.isLowercase == true ? $0.lowercased() : $0
            }
        case .command:
            return (CommandCatalog.all.map(\.name) + LanguageTopics.names).filter { $0.hasPrefix(typed) }
        case .sourceID:
            var sources = await cachedSources(timeout: timeout)
            let bare = typed.hasPrefix("\"") || typed.hasPrefix("'") ? String(typed.dropFirst()) : typed
            // The cache holds the first 1,000 sources: past that, the platform is asked for those holding the text.
            if sources.count >= 1000, bare.count >= 2 {
                sources =
                    await bounded(timeout) { try await self.sources.matching(bare, client: self.client()) }
                    ?? sources
            }
            var result = sources.map(\.id).filter { $0.hasPrefix(bare) }
            for name in sources.map(\.name) where name.hasPrefix(bare) {
                result.append(
                    name.contains(where: { $0 == " " || $0 == "'" || $0 == "\"" }) ? Completion.quote(name) : name)
            }
            return result
        case .file:
            let quote = typed.first.flatMap { $0 == "\"" || $0 == "'" ? $0 : nil }
            return Completion.quotedPaths(
                Completion.paths(quote == nil ? typed : String(typed.dropFirst()), home: home), quote)
        case .providerID:
            var providers = sources.cachedProviders ?? []
            if sources.cachedProviders == nil {
                providers =
                    await bounded(timeout) { try await self.sources.providerIDs(client: self.client()) } ?? []
            }
            let bare = typed.hasPrefix("\"") || typed.hasPrefix("'") ? String(typed.dropFirst()) : typed
            return providers.filter { $0.hasPrefix(bare) }.map { $0.contains(" ") ? Completion.quote($0) : $0 }
        default:
            return []
        }
    }

    /// `work`'s result, or `nil` if it takes longer than `timeout`. It then goes on in the background to fill its
    /// cache, for a few seconds at most.
    private func bounded<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> T) async -> T?
    {
        let task = Task { try await work() }
        Task {
            try? await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { try? await task.value }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// The cached sources, or one bounded attempt at fetching them.
    private func cachedSources(timeout: Duration) async -> [(id: String, name: String)] {
        if let cached = sources.cached { return cached }
        return await bounded(timeout) { try await self.sources.fetch(client: self.client()) } ?? []
    }

}

extension Completion {
    /// A name as a word: in double quotes, its `\\`, `"` and `$` escaped (a `$` would be a variable).
    static func quote(_ text: String) -> String {
        "\"" + escaped(text) + "\""
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "$", with: "\\$")
    }

    /// Paths as words: quoted when typed in a quote or when they hold a space, a quote or a `$`; a folder's
    /// quote left open, so that Tab goes on into it.
    static func quotedPaths(_ paths: [String], _ typedQuote: Character?) -> [String] {
        paths.map { path in
            guard typedQuote != nil || path.contains(where: { " \"'$\\".contains($0) }) else { return path }
            let quote = typedQuote ?? "\""
            let body = quote == "'" ? path : escaped(path)
            return String(quote) + body + (path.hasSuffix("/") ? "" : String(quote))
        }
    }

    /// Words as typed so far, with quotes kept open, and whether the line ends inside a quote not yet closed: good
    /// enough to decide what to complete. A backslash escapes the next character, but inside single quotes.
    static func roughWords(_ line: String) -> (words: [String], openQuote: Bool) {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var escaping = false
        for c in line {
            if escaping {
                escaping = false
            } else if c == "\\", quote != "'" {
                escaping = true
            } else if let q = quote {
                if c == q { quote = nil }
            } else if c == " " || c == "\t" {
                if !current.isEmpty { words.append(current) }
                current = ""
                continue
            } else if c == "\"" || c == "'" {
                quote = c
            }
            current.append(c)
        }
        if !current.isEmpty { words.append(current) }
        return (words, quote != nil)
    }
}

extension Completer {
    /// The options of the command, and once its action is typed (`stream S load`), only those that go with it.
    static func optionNames(_ spec: CommandSpec, _ previous: [String]) -> [String] {
        let action = spec.action(in: Array(previous.dropFirst()))
        return spec.options.filter { $0.goes(with: action) }.map { "--" + $0.name }
    }
}
