import Foundation

/// Identifiers shaped like the platform's.
enum Identifiers {
    /// 128 random bits as 26 lowercase RFC 4648 base32 characters, the suffix of Coveo source ids.
    static func base32GUID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var generator = SystemRandomNumberGenerator()
        var bits: UInt64 = 0
        var count = 0
        var result = ""
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.append(0)  // pad so the last 5-bit group is complete
        for byte in bytes {
            bits = (bits << 8) | UInt64(byte)
            count += 8
            while count >= 5, result.count < 26 {
                count -= 5
                result.append(alphabet[Int((bits >> UInt64(count)) & 31)])
            }
        }
        return result
    }

    static func requestID() -> String { UUID().uuidString.lowercased() }

    /// Coveo API keys look like `xx` followed by a UUID.
    static func apiKey() -> String { "xx" + UUID().uuidString.lowercased() }
}
