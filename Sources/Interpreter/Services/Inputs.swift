import CoveoAPI
import Foundation

/// What commands read from the user: files named relative to the running script, JSON in them or in `--body`.
/// Errors start with what was being read (`raw --put @f.json: no such file`).
struct Inputs: Sendable {
    /// The running script (a relative path is read from its folder); nil at the prompt.
    var script: String?
    /// `~/` in a path.
    var home: String?

    /// A path as given, from the running script's folder when it is relative (the working directory at the prompt).
    func path(_ path: String) -> String {
        var expanded = path
        if expanded.hasPrefix("~/"), let home { expanded = home + expanded.dropFirst(1) }
        if expanded.hasPrefix("/") { return expanded }
        // The folder is worked out here, not for each statement: most statements read no file.
        guard let scriptFolder = script.map({ ($0 as NSString).deletingLastPathComponent }), !scriptFolder.isEmpty
        else { return expanded }
        return scriptFolder + "/" + expanded
    }

    /// A file's bytes and its JSON.
    func jsonFile(_ path: String, label: String) throws -> (data: Data, json: JSON) {
        let resolved = self.path(path)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            let reason = FileManager.default.fileExists(atPath: resolved) ? "cannot read it" : "no such file"
            throw ShellError.failure("\(label): \(reason)")
        }
        return (data, try Self.parse(Array(data), label: label))
    }

    /// A key given twice is refused, as the Push API refuses it: which of the two was meant is not guessed.
    static func parse(_ bytes: [UInt8], label: String) throws -> JSON {
        do {
            var parser = JSONParser(allowsDuplicateKeys: false)
            return try parser.parse(bytes)
        } catch {
            throw ShellError.usage("\(label): invalid JSON at \(error)")
        }
    }

    static func object(_ value: JSON, label: String) throws -> JSONObject {
        guard case .object(let object) = value else {
            throw ShellError.usage("\(label): expected a JSON object, not \(value.kindName)")
        }
        return object
    }

    /// `--body JSON` or `--body @FILE`, which must hold a JSON object.
    func body(_ args: ParsedArguments) throws -> JSONObject? {
        guard let text = args.value("body") else { return nil }
        if text.hasPrefix("@") {
            let label = "--body \(text)"
            return try Self.object(try jsonFile(String(text.dropFirst()), label: label).json, label: label)
        }
        do {
            return try Self.object(try Self.parse(Array(text.utf8), label: "--body"), label: "--body")
        } catch var error as ShellError where text.hasPrefix("{") && text.contains(":") && !text.contains("\"") {
            // `--body {"name":"x"}` typed in bash or zsh reaches pshell as {name:x}: the shell ate the quotes.
            error.message +=
                "; the shell that ran pshell removed the double quotes: wrap the JSON in single quotes, "
                + "as in --body '{\"name\": \"value\"}'"
            throw error
        }
    }
}
