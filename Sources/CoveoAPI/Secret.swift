/// A token. Its description shows only the last four characters, so it cannot leak through
/// string interpolation, logs or error messages by accident.
package struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    package let value: String

    package init(_ value: String) {
        self.value = value
    }

    package var masked: String {
        let tail = value.count > 8 ? String(value.suffix(4)) : ""
        return "••••" + tail
    }

    package var description: String { masked }
    package var debugDescription: String { "Secret(\(masked))" }
}
