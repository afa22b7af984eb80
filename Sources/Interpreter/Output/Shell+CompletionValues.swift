import CoveoAPI
import Foundation

/// Tab on what the session holds and the files around it: `$name`, `$last.path`, `@file`, a script's path.
extension Shell {
    /// `$na` → the variables (and `$last`, `$status`) so named; `$last.inf` → the keys of the JSON held there,
    /// as deep as it is typed (`$last.information.` offers the keys under `information`).
    func variableCandidates(_ typed: String) -> [String] {
        let text = typed.dropFirst()
        guard let dot = text.firstIndex(of: ".") else {
            let names = ["last", "status"] + session.variables.keys.sorted()
            return names.filter { $0.hasPrefix(text) }.map { "$" + $0 }
        }
        let name = String(text[..<dot])
        var path = text[text.index(after: dot)...].split(separator: ".", omittingEmptySubsequences: false).map(
            String.init)
        let partial = path.removeLast()
        let held: JSON? =
            name == "last" ? session.last : session.variables[name].flatMap { try? JSONParser.parse($0) }
        guard let held, let value = try? JSONPath.follow(path, in: held, name: "$" + name) else { return [] }
        let stem = "$" + ([name] + path).joined(separator: ".") + "."
        if let object = value.objectValue {
            return object.keys.filter { $0.hasPrefix(partial) && Completion.isPathWord($0) }.map { key in
                // A key that holds more offers its dot, so the next Tab goes on down.
                let deeper = object[key].map { $0.objectValue != nil || $0.arrayValue?.isEmpty == false } ?? false
                return stem + key + (deeper ? "." : "")
            }
        }
        if let elements = value.arrayValue, !elements.isEmpty {
            return (["*"] + elements.indices.prefix(10).map(String.init)).filter { $0.hasPrefix(partial) }.map {
                stem + $0
            }
        }
        return []
    }

    /// The files and folders whose path starts with `typed`, relative to the working directory (or absolute, or
    /// from `~`); a folder ends in `/`, so the next Tab goes into it. Hidden files only when `.` is typed.
    func pathCandidates(_ typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var directory = folder.isEmpty ? "." : folder
        if directory.hasPrefix("~") {
            directory = (session.environmentVariables["HOME"] ?? NSHomeDirectory()) + directory.dropFirst()
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map {
            name in
            var isFolder: ObjCBool = false
            let full = (directory as NSString).appendingPathComponent(name)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
            return folder + name + (isFolder.boolValue ? "/" : "")
        }
    }
}

extension Completion {
    /// A key a `$last.key` path can name as it is written (the tokenizer's path words).
    static func isPathWord(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }
}
