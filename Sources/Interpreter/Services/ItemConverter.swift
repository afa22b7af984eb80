import CoveoAPI

/// Turns an item as the Coveo CLI's JSON files write it (`documentId` or `uri`, `title`, known keys, the
/// rest metadata; keys in any case) into a Push API body, refusing what the platform would reject.
enum ItemConverter {
    enum Converted {
        case item(id: String, body: JSONObject)
        case bad(String)
    }

    /// Known keys, lower-cased, with the spelling the Push API uses.
    static let known: [String: String] = [
        "title": "title", "author": "author", "clickableuri": "clickableUri", "data": "data", "date": "date",
        "modifieddate": "modifiedDate", "fileextension": "fileExtension", "permanentid": "permanentId",
        "compressedbinarydata": "compressedBinaryData", "compressiontype": "compressionType",
        "permissions": "permissions", "parentid": "parentId",
    ]
    /// Keys no item may carry as metadata.
    static let reserved: Set<String> = ["orderingid", "compressedbinarydatafileid"]
    /// The most text an item's `data` may hold (the documented 5 MB).
    static let maximumDataBytes = 5 * 1024 * 1024

    /// `[a-z][a-z0-9_]*`, checked by hand: a Regex costs more than the rest of an item's conversion.
    static func isFieldName(_ lowered: String) -> Bool {
        var bytes = lowered.utf8.makeIterator()
        guard let first = bytes.next(), first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        while let byte = bytes.next() {
            let letter = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard letter || digit || byte == UInt8(ascii: "_") else { return false }
        }
        return true
    }

    /// `dictionaries`: a Catalog source's items may hold dictionary fields, an object of plain values (a price per
    /// store).
    static func convert(_ value: JSON, dictionaries: Bool = false) -> Converted {
        guard case .object(let object) = value else {
            return .bad("an item must be a JSON object, not \(value.kindName)")
        }
        var id: String?
        var body = JSONObject()
        var seen: Set<String> = []
        for member in object.members {
            let lowered = member.key.lowercased()
            guard seen.insert(lowered).inserted else {
                return .bad("the key '\(member.key)' appears twice (keys ignore case)")
            }
            if lowered == "documentid" || lowered == "uri" {
                guard let text = member.value.stringValue, !text.isEmpty else {
                    return .bad("\(member.key) must be a non-empty string")
                }
                if id != nil { return .bad("give documentId or uri, not both") }
                id = text
                continue
            }
            if reserved.contains(lowered) { return .bad("'\(member.key)' is reserved by the Push API") }
            if let canonical = known[lowered] {
                body[canonical] = member.value
                continue
            }
            guard Self.isFieldName(lowered) else {
                return .bad("'\(member.key)' is not a valid field name (a letter, then letters, digits or _)")
            }
            switch member.value {
            case .object(let dictionary)
            where dictionaries
                && dictionary.members.allSatisfy({ $0.value.objectValue == nil && $0.value.arrayValue == nil }):
                body[member.key] = member.value
            case .object:
                return .bad(
                    "metadata '\(member.key)' is an object; values are strings, numbers, booleans or lists of them")
            case .array(let values) where values.contains(where: { $0.objectValue != nil || $0.arrayValue != nil }):
                return .bad("metadata '\(member.key)' nests lists or objects")
            default: body[member.key] = member.value
            }
        }
        guard let id else { return .bad("no documentId (or uri)") }
        if let data = body["data"]?.stringValue, data.utf8.count > maximumDataBytes {
            return .bad("data is \(data.utf8.count) bytes; an item's text may be at most 5 MB")
        }
        if let permissions = body["permissions"] {
            let count = (permissions.arrayValue ?? []).reduce(0) { total, level in
                let sets = level["permissionSets"]?.arrayValue ?? [level]
                return total
                    + sets.reduce(0) {
                        ($1["allowedPermissions"]?.arrayValue?.count ?? 0)
                            + ($1["deniedPermissions"]?.arrayValue?.count ?? 0) + $0
                    }
            }
            if count > 5000 { return .bad("\(count) permissions; an item may have at most 5,000") }
        }
        var withId = JSONObject([.init(key: "documentId", value: .string(id))])
        withId.members += body.members
        return .item(id: id, body: withId)
    }
}
