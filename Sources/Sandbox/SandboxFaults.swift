import Foundation

/// Faults the sandbox injects before it handles a request, to show and test retries:
/// `429=0.2,503=0.05,reset=0.02` answers 20 % of requests with a 429, 5 % with a 503, and drops 2 % of
/// connections mid-answer; `retry-after=N` sets the `Retry-After` seconds of those answers (default 1).
/// A faulted request is not processed, as a throttled or failed request on the platform is not.
package struct SandboxFaults: Sendable, Equatable {
    package var statuses: [(status: Int, probability: Double)] = []
    package var reset = 0.0
    package var retryAfter = 1

    package init() {}

    package static func == (a: SandboxFaults, b: SandboxFaults) -> Bool {
        a.statuses.map(\.status) == b.statuses.map(\.status)
            && a.statuses.map(\.probability) == b.statuses.map(\.probability)
            && a.reset == b.reset && a.retryAfter == b.retryAfter
    }

    package var isEmpty: Bool { statuses.isEmpty && reset == 0 }

    /// Parses `STATUS=P,...,reset=P,retry-after=N`.
    package static func parse(_ text: String) throws(SandboxStartError) -> SandboxFaults {
        var faults = SandboxFaults()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw SandboxStartError(message: "fault '\(part)': expected NAME=VALUE") }
            if pair[0] == "retry-after" {
                guard let seconds = Int(pair[1]), seconds >= 0 else {
                    throw SandboxStartError(message: "retry-after must be whole seconds, not '\(pair[1])'")
                }
                faults.retryAfter = seconds
                continue
            }
            guard let probability = Double(pair[1]), (0...1).contains(probability) else {
                throw SandboxStartError(message: "fault '\(part)': the probability must be from 0 to 1")
            }
            if pair[0] == "reset" {
                faults.reset = probability
            } else if let status = Int(pair[0]), status == 429 || (500...599).contains(status) {
                faults.statuses.append((status, probability))
            } else {
                throw SandboxStartError(message: "fault '\(pair[0])': expected 429, a 5xx status, reset or retry-after")
            }
        }
        guard faults.statuses.reduce(faults.reset, { $0 + $1.probability }) <= 1 else {
            throw SandboxStartError(message: "the fault probabilities add up to more than 1")
        }
        return faults
    }

    enum Fault {
        case status(Int)
        case reset
    }

    /// Draws the fault for one request, if any.
    func draw() -> Fault? {
        guard !isEmpty else { return nil }
        var roll = Double.random(in: 0..<1)
        for (status, probability) in statuses {
            if roll < probability { return .status(status) }
            roll -= probability
        }
        return roll < reset ? .reset : nil
    }
}
