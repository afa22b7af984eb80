import CoveoAPI
import Foundation

extension Inputs {
    /// The item body from `push`'s options, checked before anything is sent, and the compressed content
    /// too large to go inline (it goes through a file container).
    func itemBody(_ args: ParsedArguments) throws -> (body: JSONObject, largeBinary: Data?) {
        var body = JSONObject()
        var largeBinary: Data?
        if let title = args.value("title") { body["title"] = .string(title) }
        if args.value("data") != nil, args.value("file") != nil {
            throw ShellError.usage("push: give --data or --file, not both")
        }
        if let data = args.value("data") { body["data"] = .string(data) }
        if let file = args.value("file") { largeBinary = try addContent(of: file, to: &body) }
        for pair in args.all("meta") { try ItemConverter.addMetadata(pair, to: &body) }
        if let parent = args.value("parent") { body["parentId"] = .string(parent) }
        let allowed = try args.all("allow").map(IdentityType.itemIdentity)
        let denied = try args.all("deny").map(IdentityType.itemIdentity)
        if !allowed.isEmpty || !denied.isEmpty || args.has("anyone") {
            guard allowed.count + denied.count <= 5000 else {
                throw ShellError.usage(
                    "push: \(allowed.count + denied.count) permissions; an item may have at most 5,000")
            }
            body["permissions"] = [
                [
                    "allowAnonymous": .bool(args.has("anyone")), "allowedPermissions": .array(allowed),
                    "deniedPermissions": .array(denied),
                ]
            ]
        }
        return (body, largeBinary)
    }

    /// `--file PATH`: text as `data`; binary, or text over the 5 MB of `data`, ZLIB-compressed, inline if it fits in
    /// one request; else returned, for the caller to upload through a file container.
    private func addContent(of file: String, to body: inout JSONObject) throws -> Data? {
        let path = self.path(file)
        guard let bytes = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read it" : "no such file"
            throw ShellError.failure("push: --file \(file): \(reason)")
        }
        let fileExtension = (path as NSString).pathExtension
        if !fileExtension.isEmpty { body["fileExtension"] = .string("." + fileExtension) }
        if let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0),
            bytes.count <= ItemConverter.maximumDataBytes
        {
            body["data"] = .string(text)
            return nil
        }
        guard let compressed = Zlib.compress(bytes) else {
            throw ShellError.failure("push: --file \(file): compression failed")
        }
        body["compressionType"] = "ZLIB"
        guard compressed.count > ItemConverter.inlineBinaryLimit else {
            body["compressedBinaryData"] = .string(compressed.base64EncodedString())
            return nil
        }
        return compressed
    }

}

extension IdentityType {
    /// `NAME[:TYPE[:PROVIDER]]`, type user (default), group, virtual-group or unknown. Without a provider, an item's
    /// permission names none (the platform then uses the source's first provider); source-level permissions and
    /// aliases default to the Email Security Provider.
    static func identity(_ text: String) throws -> JSON {
        try identity(text, defaultProvider: "Email Security Provider")
    }

    static func identity(_ text: String, defaultProvider: String?) throws -> JSON {
        let parts = text.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty else {
            throw ShellError.usage("'\(text)' is not an identity (NAME[:TYPE[:PROVIDER]])")
        }
        guard let type = IdentityType(word: parts.count > 1 ? parts[1] : "user") else {
            throw ShellError.usage(
                "'\(text)': the identity type must be user, group, virtual-group or unknown, not '\(parts[1])'")
        }
        var identity: JSON = ["identity": .string(name), "identityType": .string(type.permissionName)]
        if let provider = parts.count > 2 && !parts[2].isEmpty ? parts[2] : defaultProvider {
            identity["securityProvider"] = .string(provider)
        }
        return identity
    }

    static func itemIdentity(_ text: String) throws -> JSON {
        try identity(text, defaultProvider: nil)
    }
}

extension ItemConverter {
    /// Keys the Push API reserves for itself; they cannot be metadata.
    static let reservedKeys: Set<String> = [
        "compressedbinarydata", "compressedbinarydatafileid", "parentid", "fileextension", "data", "permissions",
        "documentid", "orderingid", "compressiontype",
    ]

    /// The pipeline writes an entry per stage; an item's fate is the INDEXING stage's COMPLETED, or a
    /// REJECTED or ERROR at any stage.
    static let finalResults = ["REJECTED", "ERROR"]

    static func isFinal(_ entry: LogEntry) -> Bool {
        let result = entry.result ?? ""
        return finalResults.contains(result) || (result == "COMPLETED" && (entry.task ?? "INDEXING") == "INDEXING")
    }

    /// The most compressed bytes sent inline: base64 makes them a third larger, and a request may carry 6 MB.
    static let inlineBinaryLimit = 4 * 1024 * 1024

    /// `--meta KEY=VALUE`: a metadata value; the same key given twice makes a list.
    static func addMetadata(_ pair: String, to body: inout JSONObject) throws {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw ShellError.usage("push: --meta \(pair): expected KEY=VALUE")
        }
        let key = String(pair[..<equals])
        let value = JSON.string(String(pair[pair.index(after: equals)...]))
        guard !reservedKeys.contains(key.lowercased()) else {
            throw ShellError.usage("push: --meta \(key) is reserved by the Push API; use the matching option instead")
        }
        guard ItemConverter.isFieldName(key.lowercased()) else {
            throw ShellError.usage(
                "push: --meta \(key) is not a valid field name (a letter, then letters, digits or _)")
        }
        if let existingKey = body.members.first(where: { $0.key.lowercased() == key.lowercased() })?.key,
            let existing = body[existingKey]
        {
            body[existingKey] = .array((existing.arrayValue ?? [existing]) + [value])
        } else {
            body[key] = value
        }
    }
}
