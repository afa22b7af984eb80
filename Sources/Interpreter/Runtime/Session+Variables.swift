import CoveoAPI
import Foundation

extension Shell {
    /// Expands a `$` reference for the tokenizer; `$0` is the running script.
    func resolve(_ reference: Tokenizer.Reference) throws -> String {
        try session.resolve(reference, script: scriptStack.last)
    }
}

/// What `$` expands to: variables, the script's arguments, `$last`, the environment.
extension Session {
    func resolve(_ reference: Tokenizer.Reference, script: String?) throws -> String {
        let value = try lookUp(reference, script: script)
        switch reference.modifier {
        case .count:
            guard let value else { return "0" }
            if let json = try? JSONParser.parse(value), let count = json.arrayValue?.count ?? json.objectValue?.count {
                return String(count)
            }
            return String(value.count)
        case .orDefault(let text):
            return value.flatMap { $0.isEmpty ? nil : $0 } ?? text
        case .orFail(let message):
            guard let value, !value.isEmpty else {
                let name = "$" + ([reference.name] + reference.path).joined(separator: ".")
                throw ShellError.failure(message.isEmpty ? "\(name) is not set" : "\(name): \(message)")
            }
            return value
        case nil:
            guard let value else { throw unset(reference) }
            return value
        }
    }

    /// The text a reference stands for, or nil when it is not set.
    private func lookUp(_ reference: Tokenizer.Reference, script: String?) throws -> String? {
        let name = reference.name
        if let index = Int(name) {
            if index == 0 { return script.map { $0 == "-c" ? "pshell" : $0 } ?? "pshell" }
            return index <= arguments.count ? arguments[index - 1] : nil
        }
        switch name {
        case "#": return String(arguments.count)
        case "status": return String(status)
        case "last":
            guard let last = last else {
                guard lastHeldBy != nil else { return nil }
                return DryRun.placeholder(for: (["last"] + reference.path).joined(separator: "."))
            }
            do {
                return try JSONPath.follow(reference.path, in: last, name: "$last").interpolationText
            } catch  where dryRun {
                // A dry run's results are stand-ins: what they lack is what was not sent.
                return DryRun.placeholder(for: (["last"] + reference.path).joined(separator: "."))
            }
        default: break
        }
        if name.hasPrefix("env.") { return environmentVariables[String(name.dropFirst(4))] }
        guard let text = variables[name] else { return nil }
        guard !reference.path.isEmpty else { return text }
        // A placeholder stands for a value a dry run did not get: so does any path into it.
        if DryRun.isPlaceholder(text) {
            return DryRun.placeholder(for: ([name] + reference.path).joined(separator: "."))
        }
        guard let json = try? JSONParser.parse(text) else {
            throw ShellError.failure("$\(name) holds text, not JSON: ${\(name).…} needs a JSON value")
        }
        return try JSONPath.follow(reference.path, in: json, name: "$" + name).interpolationText
    }

    private func unset(_ reference: Tokenizer.Reference) -> ShellError {
        let name = reference.name
        if let index = Int(name) {
            return .failure("$\(index) is not set: the script has \(arguments.count) argument(s)")
        }
        if name.hasPrefix("env.") { return .failure("the environment variable \(name.dropFirst(4)) is not set") }
        if name == "last" { return .failure("$last is empty: no command has returned a result yet") }
        return .failure("$\(name) is not set (set it with `set \(name) VALUE`)")
    }
}

extension JSONPath {
    /// The value at a path: keys, indexes, and `*` for every element of an array (a list of what follows).
    static func follow(_ path: [String], in value: JSON, name: String) throws -> JSON {
        var current = value
        for (position, component) in path.enumerated() {
            if component == "*" {
                guard let elements = current.arrayValue else {
                    throw ShellError.failure("\(name): [*] needs an array, not \(current.kindName)")
                }
                let rest = Array(path[(position + 1)...])
                return .array(try elements.map { try follow(rest, in: $0, name: name) })
            }
            guard let next = current.value(at: [component]) else {
                let written = ([name] + path[...position]).joined(separator: ".")
                throw ShellError.failure("\(written) does not exist in \(name == "$last" ? "the last result" : name)")
            }
            current = next
        }
        return current
    }
}
