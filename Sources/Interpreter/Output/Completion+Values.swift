import CoveoAPI
import Foundation

/// Tab on what the session holds and the files around it: `$name`, `$last.path`, `@file`, a script's path.
extension Completion {
    /// `$na` → the variables (and `$last`, `$status`) so named; `$last.inf` → the keys of the JSON held there,
    /// as deep as it is typed (`$last.information.` offers the keys under `information`); an array offers
    /// `[*]` and its first indexes (`$last.sourceModels[*].` then offers its elements' keys).
    static func variables(_ typed: String, in session: Session) -> [String] {
        let text = typed.dropFirst()
        guard let cut = text.lastIndex(where: { $0 == "." || $0 == "[" }) else {
            let names = ["last", "status"] + session.variables.keys.sorted()
            return names.filter { $0.hasPrefix(text) }.map { "$" + $0 }
        }
        // What is typed before the last `.` or `[` is a path as references write it; after it, the start of a key.
        let stem = "$" + text[..<cut]
        let partial = text[text.index(after: cut)...].filter { $0 != "]" }
        var components = text[..<cut].replacing("[", with: ".").replacing("]", with: "").split(
            separator: ".", omittingEmptySubsequences: false
        ).map(String.init)
        let name = components.removeFirst()
        let held: JSON? =
            name == "last" ? session.last : session.variables[name].flatMap { try? JSONParser.parse($0) }
        guard var value = held else { return [] }
        for component in components {
            // `[*]` stands for every element: their keys are the first one's.
            guard let next = component == "*" ? value.arrayValue?.first : value.value(at: [component]) else {
                return []
            }
            value = next
        }
        if let object = value.objectValue, text[cut] == "." {
            return object.keys.filter { $0.hasPrefix(partial) && Completion.isPathWord($0) }.map { key in
                // A key that holds more offers its dot, so the next Tab goes on down.
                let deeper = object[key].map { $0.objectValue != nil || $0.arrayValue?.isEmpty == false } ?? false
                return stem + "." + key + (deeper ? "." : "")
            }
        }
        if let elements = value.arrayValue, !elements.isEmpty {
            return (["*"] + elements.indices.prefix(10).map(String.init)).filter { $0.hasPrefix(partial) }.map {
                stem + "[" + $0 + "]"
            }
        }
        return []
    }

    /// The files and folders whose path starts with `typed`, relative to the working directory (or absolute, or
    /// from `~`); a folder ends in `/`, so the next Tab goes into it. Hidden files only when `.` is typed.
    static func paths(_ typed: String, home: String?) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var directory = folder.isEmpty ? "." : folder
        if directory.hasPrefix("~") {
            directory = (home ?? NSHomeDirectory()) + directory.dropFirst()
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
