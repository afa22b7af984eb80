import CoveoAPI

/// The fields an item's metadata needs before it is pushed. On the platform, metadata that no field maps is
/// not searchable; Coveo's push clients therefore create the missing fields first, typing each from its
/// values: a whole number is LONG (LONG_64 past 32 bits), a fraction DOUBLE, anything else STRING; an array
/// takes the widest type of its values. A name is usable if, lower-cased, it is a letter then letters, digits
/// or underscores.
struct FieldPlanner {
    /// The organization's fields, lower-cased.
    private var existing: Set<String>
    /// Fields to create, in the order first seen, with the type guessed so far.
    private var missing: [(name: String, type: String)] = []
    private var missingIndex: [String: Int] = [:]
    /// Metadata names no field can have (`my-key`, `2nd`): reported once each.
    private(set) var unusableNames: [String] = []
    /// A name seen with values of types no one type holds (a number, then text): it is left to the user.
    private(set) var conflicts: [String: (String, String)] = [:]

    init(existingFields: [JSON]) {
        existing = Set(existingFields.compactMap { $0["name"]?.stringValue?.lowercased() })
    }

    /// Keys, as items spell them, that need no more thought: reserved, already a field, unusable or in conflict.
    /// A push of 100,000 items repeats the same few keys; this keeps the cost per item to a set lookup per key.
    private var settled: Set<String> = []

    mutating func add(_ body: JSONObject) {
        for member in body.members where !settled.contains(member.key) {
            let name = member.key.lowercased()
            if ItemConverter.reservedKeys.contains(name) || existing.contains(name) || conflicts[name] != nil {
                settled.insert(member.key)
                continue
            }
            let guess = Self.type(of: member.value)
            if let position = missingIndex[name] {
                let before = missing[position].type
                guard before != guess else { continue }
                if let wider = Self.widest(before, guess, allowing: Self.numeric) {
                    missing[position].type = wider
                } else {
                    conflicts[name] = (before, guess)
                    settled.insert(member.key)
                }
                continue
            }
            guard name.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil else {
                if !unusableNames.contains(member.key) { unusableNames.append(member.key) }
                settled.insert(member.key)
                continue
            }
            missingIndex[name] = missing.count
            missing.append((name, guess))
        }
    }

    /// The fields to create now (`{name, type}`), forgotten once taken: the next batch asks only for new ones.
    mutating func take() -> [JSON] {
        let fields = missing.filter { conflicts[$0.name] == nil }
        for field in missing { existing.insert(field.name) }
        missing = []
        missingIndex = [:]
        return fields.map { ["name": .string($0.name), "type": .string($0.type)] }
    }

    static let numeric = FieldType.numeric.map(\.rawValue)

    static func type(of value: JSON) -> String {
        switch value {
        case .number(let text):
            if let whole = Int64(text) { return Int32(exactly: whole) != nil ? "LONG" : "LONG_64" }
            return "DOUBLE"
        case .array(let values):
            var type = "LONG"
            for value in values {
                let next: String
                if case .array = value {
                    next = "STRING"
                } else if case .object = value {
                    next = "STRING"
                } else {
                    next = Self.type(of: value)
                }
                type = widest(type, next, allowing: numeric + ["STRING"]) ?? "STRING"
            }
            return type
        default:
            return "STRING"
        }
    }

    /// The wider of two types along `allowing` (LONG < LONG_64 < DOUBLE < STRING), or nil if either is off it.
    static func widest(_ a: String, _ b: String, allowing: [String]) -> String? {
        guard a != b else { return a }
        guard let i = allowing.firstIndex(of: a), let j = allowing.firstIndex(of: b) else { return nil }
        return allowing[max(i, j)]
    }
}
