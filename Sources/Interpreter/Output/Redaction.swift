import CoveoAPI
import Foundation

/// Text on its way to the terminal: a secret is masked by its value, wherever it is (a URL, a header whatever its
/// name, an error message, a body), any API key's value too, and control characters from a server (escape
/// sequences that would retitle the window or clear the screen) are made visible.
package struct Redaction: Sendable {
    /// The secrets to mask: the session's token and the sandbox's keys. Short values are left alone (masking
    /// a 3-character "token" would mangle ordinary text).
    let secrets: [String]
    /// Each secret with every form it is written in (as it is, percent-encoded in a URL, escaped in a JSON body)
    /// and its mask: worked out once here, not on every write.
    private let forms: [(secret: String, forms: [String], mask: String)]

    /// The fewest characters a secret has to be masked.
    static let shortest = 8

    init(secrets: [String]) {
        self.secrets = secrets.filter { $0.count >= Self.shortest }
        forms = self.secrets.map { secret in
            var json = ""
            JSONWriter.writeString(secret, into: &json)
            let written = [
                secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics),
                String(json.dropFirst().dropLast()),
            ]
            let others = written.compactMap { $0 }.filter { $0 != secret }
            return (secret, [secret] + Array(Set(others)), Secret(secret).masked)
        }
    }

    /// The secrets masked, the rest as it is (a cast keeps pshell's own colours). `shown` is a secret the
    /// user asked to see (`sandbox key`, a new API key's value, printed once).
    func masked(_ text: String, except shown: String? = nil) -> String {
        // Each search is a byte search first: most output holds no secret, and the regex and Foundation's
        // replacing, run on every write, had doubled the CPU each command costs.
        var result = text
        // Any Coveo API key (`xx` and a UUID), known or not: the answer that creates a key holds its value.
        if Self.holds(result, "xx") {
            result = result.replacing(/xx[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/) {
                String($0.output) == shown ? shown ?? "" : Secret(String($0.output)).masked
            }
        }
        // Any JWT (a search token, an OAuth token): a header `eyJ...`, a payload, a signature.
        if Self.holds(result, "eyJ") {
            result = result.replacing(/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/) {
                String($0.output) == shown ? shown ?? "" : Secret(String($0.output)).masked
            }
        }
        for entry in forms where entry.secret != shown {
            for form in entry.forms where Self.holds(result, form) {
                result = result.replacingOccurrences(of: form, with: entry.mask)
            }
        }
        return result
    }

    /// Whether `text` holds `needle`, by their bytes.
    static func holds(_ text: String, _ needle: String) -> Bool {
        guard !needle.isEmpty else { return false }
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { wanted in
                guard wanted.count <= haystack.count, let start = haystack.baseAddress, let other = wanted.baseAddress
                else { return false }
                // memchr to each candidate first byte (glibc's is vectorised): every line pshell prints is
                // searched for each secret's forms.
                let first = Int32(wanted[0])
                let last = haystack.count - wanted.count
                var index = 0
                while index <= last, let found = memchr(start + index, first, last - index + 1) {
                    let offset = UnsafeRawPointer(found) - UnsafeRawPointer(start)
                    if memcmp(start + offset, other, wanted.count) == 0 { return true }
                    index = offset + 1
                }
                return false
            }
        }
    }

    /// C0 controls but newline and tab, DEL, the C1 controls and the bidirectional controls, written as
    /// `\u{1B}`-style escapes: a server's text never retitles the window, clears the screen or reorders a line.
    package static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || JSONWriter.isInvisibleControl(scalar)
    }

    /// A presigned upload URL without its signature: the query of an S3-style URL is a credential.
    static func withoutSignature(_ url: String) -> String {
        guard let query = url.firstIndex(of: "?"),
            url.range(of: "Signature", options: .caseInsensitive) != nil || url.contains("X-Amz-")
        else { return url }
        return String(url[..<query]) + "?… (signature hidden)"
    }
}

extension Shell {
    /// Tells the console the secrets to mask from now on.
    func rememberSecrets() { masking.remember(redaction.secrets) }

    /// The secrets the session may send: its token, and the sandbox's keys when it runs one.
    var redaction: Redaction {
        Redaction(
            secrets: [session.token?.value, connections.sandbox?.adminKey.value, connections.sandbox?.viewerKey.value]
                .compactMap { $0 })
    }
}
