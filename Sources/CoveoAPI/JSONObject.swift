/// An ordered JSON object. Lookups are linear: API objects have tens of keys, and order matters more
/// than speed here (a PUT sends back what a GET returned, in the same order).
package struct JSONObject: Sendable, Equatable {
    package struct Member: Sendable, Equatable {
        package var key: String
        package var value: JSON

        package init(key: String, value: JSON) {
            self.key = key
            self.value = value
        }
    }

    package var members: [Member]

    package init(_ members: [Member] = []) {
        self.members = members
    }

    /// A dictionary's members in key order, so that what is written from it is the same every time.
    package init(sortingKeysOf dictionary: [String: JSON]) {
        self.init(dictionary.sorted { $0.key < $1.key }.map { Member(key: $0.key, value: $0.value) })
    }

    package var keys: [String] { members.map(\.key) }
    package var isEmpty: Bool { members.isEmpty }
    package var count: Int { members.count }

    /// Setting a value replaces it in place (keeping its position) or appends it; `nil` removes it.
    package subscript(key: String) -> JSON? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// The value of `key` compared without regard to case (Coveo treats metadata keys that way).
    package func valueIgnoringCase(_ key: String) -> JSON? {
        let lowered = key.lowercased()
        return members.first(where: { $0.key.lowercased() == lowered })?.value
    }

    /// Every member of `other` replaces or joins the members of `self`.
    package func merging(_ other: JSONObject) -> JSONObject {
        var result = self
        for member in other.members { result[member.key] = member.value }
        return result
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Members in the order written.
    package init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements.map { Member(key: $0.0, value: $0.1) })
    }
}
