import CoveoAPI
import Foundation
import Synchronization

/// Streams the items of a JSON file (one object, or an array of objects) or an NDJSON file (one object per
/// line), a megabyte at a time: a file of any size is never held in memory whole.
struct ItemFileReader {
    /// One element of the file, or why it could not be read; `position` is "file:LINE" or "file[INDEX]".
    struct Element {
        var position: String
        var value: Parsed
        /// The element's size in bytes, for progress.
        var bytes: Int
    }

    enum Parsed {
        case json(JSON)
        case invalid(String)
    }

    /// The file itself cannot be read on: its message starts with `file:LINE:COLUMN:` where it broke.
    struct Broken: Error {
        var message: String
    }

    let path: String
    let displayName: String

    static func isNDJSON(_ path: String) -> Bool {
        ["ndjson", "jsonl"].contains((path as NSString).pathExtension.lowercased())
    }

    /// Reads the whole file through `next()`: elements in order, then `nil`.
    private let handle: FileHandle
    private var ready: [Element] = []
    private var readyIndex = 0
    private var atEnd = false
    private var scanner: Scanner

    init(path: String, displayName: String) throws(Broken) {
        self.path = path
        self.displayName = displayName
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Broken(message: "\(displayName): cannot open it")
        }
        self.handle = handle
        scanner = Scanner(ndjson: Self.isNDJSON(path), name: displayName)
    }

    func close() { try? handle.close() }

    /// Whether the next element is read already (the next call will not wait for input).
    var hasBuffered: Bool { readyIndex < ready.count }

    /// The next element; errors of the file itself (not JSON at its top level) are thrown, errors of one
    /// element come back in the element.
    mutating func next() async throws(Broken) -> Element? {
        while readyIndex >= ready.count {
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            if atEnd { return nil }
            switch try await readChunk() {
            case .bytes(let chunk):
                try scanner.feed(chunk, into: &ready)
            case .end:
                atEnd = true
                try scanner.finish(into: &ready)
            case .cancelled:
                // Ctrl-C: the reading stops here, and what was half read is not reported as broken.
                atEnd = true
                return nil
            }
        }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }

    private enum Chunk {
        case bytes([UInt8])
        case end
        case cancelled
    }

    /// Up to a megabyte, as soon as some is there: a FIFO's writer may be slow, and what it wrote is pushed
    /// meanwhile. The read waits on a thread of its own, never one of Swift's few cooperative ones (two pushes
    /// waiting on silent FIFOs would hold them all), in slices of 100 ms, so that Ctrl-C (the task cancelled) stops
    /// the wait for a writer.
    private func readChunk() async throws(Broken) -> Chunk {
        let descriptor = handle.fileDescriptor
        let stop = StopFlag()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Chunk, Broken>, Never>) in
                DispatchQueue.global().async {
                    continuation.resume(returning: Self.blockingRead(descriptor, displayName, stop))
                }
            }
        } onCancel: {
            stop.set()
        }
        return try result.get()
    }

    private static func blockingRead(
        _ descriptor: Int32, _ displayName: String, _ stop: StopFlag
    ) -> Result<Chunk, Broken> {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            if stop.isSet { return .success(.cancelled) }
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&waiting, 1, 100)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(Broken(message: "\(displayName): cannot read it (\(String(cString: strerror(errno))))"))
            }
            guard count > 0 else { return .success(.end) }
            buffer.removeSubrange(count...)
            return .success(.bytes(buffer))
        }
    }

    private final class StopFlag: Sendable {
        private let stopped = Mutex(false)
        var isSet: Bool { stopped.withLock { $0 } }
        func set() { stopped.withLock { $0 = true } }
    }

    /// The elements of several files in turn. A file that breaks is handed to `onBroken` with the number of its
    /// elements read before, and the next file goes on: one bad file does not stop a folder.
    struct Files {
        private var pending: ArraySlice<(path: String, name: String)>
        private var current: ItemFileReader?
        private var elementsRead = 0

        init(_ files: [(path: String, name: String)]) { pending = files[...] }

        /// Whether the next element is read already.
        var hasBuffered: Bool { current?.hasBuffered ?? false }

        mutating func next(onBroken: (Broken, Int) -> Void) async -> Element? {
            while true {
                if current == nil {
                    guard let file = pending.popFirst() else { return nil }
                    elementsRead = 0
                    do {
                        current = try ItemFileReader(path: file.path, displayName: file.name)
                    } catch {
                        onBroken(error, 0)
                        continue
                    }
                }
                do {
                    if let element = try await current?.next() {
                        elementsRead += 1
                        return element
                    }
                } catch {
                    onBroken(error, elementsRead)
                }
                close()
            }
        }

        mutating func close() {
            current?.close()
            current = nil
        }
    }

    static func parse(_ bytes: ArraySlice<UInt8>) -> Parsed {
        var parser = JSONParser(allowsDuplicateKeys: false)
        do {
            return .json(try parser.parse(Array(bytes)))
        } catch {
            return .invalid("invalid JSON: \(error.reason)")
        }
    }

    /// Splits bytes into elements: lines for NDJSON; for JSON, the top-level elements of `[...]` (or the
    /// one top-level object), found by tracking strings and nesting.
    struct Scanner {
        let ndjson: Bool
        let name: String
        var buffer: [UInt8] = []
        var position = 0
        var elementStart: Int?
        var depth = 0
        var inString = false
        var escaped = false
        var sawTop = false
        var topIsObject = false
        var finished = false
        var index = 0
        var line = 1
        /// The column of the byte being scanned, in characters (UTF-8 continuation bytes do not count).
        var column = 0
        var elementLine = 1

        /// `file:LINE:COLUMN` of the byte being scanned.
        var location: String { "\(name):\(line):\(max(column, 1))" }

        init(ndjson: Bool, name: String) {
            self.ndjson = ndjson
            self.name = name
        }

        mutating func feed(_ chunk: [UInt8], into out: inout [Element]) throws(Broken) {
            buffer.append(contentsOf: chunk)
            if ndjson {
                var start = 0
                while let newline = buffer[start...].firstIndex(of: 0x0A) {
                    emitLine(buffer[start..<newline], into: &out)
                    start = newline + 1
                }
                buffer.removeFirst(start)
                return
            }
            try scanJSON(into: &out)
        }

        mutating func finish(into out: inout [Element]) throws(Broken) {
            if ndjson {
                if !buffer.isEmpty { emitLine(buffer[...], into: &out) }
                buffer.removeAll()
                return
            }
            guard sawTop else { throw Broken(message: "\(name): the file is empty") }
            guard finished else {
                let open = elementStart != nil ? " (its element from line \(elementLine) is cut short)" : ""
                throw Broken(message: "\(location): the file ends before its JSON closes\(open)")
            }
        }

        private mutating func emitLine(_ bytes: ArraySlice<UInt8>, into out: inout [Element]) {
            let lineNumber = line
            line += 1
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            out.append(
                Element(position: "\(name):\(lineNumber)", value: ItemFileReader.parse(bytes), bytes: bytes.count + 1))
        }

        private mutating func emitElement(_ bytes: ArraySlice<UInt8>, into out: inout [Element]) {
            out.append(
                Element(
                    position: "\(name)[\(index)] (line \(elementLine))", value: ItemFileReader.parse(bytes),
                    bytes: bytes.count + 1))
            index += 1
        }

        private mutating func scanJSON(into out: inout [Element]) throws(Broken) {
            while position < buffer.count {
                let byte = buffer[position]
                defer { position += 1 }
                if byte == 0x0A {
                    line += 1
                    column = 0
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                if finished {
                    guard Self.isSpace(byte) else {
                        throw Broken(message: "\(location): unexpected text after the end of the JSON")
                    }
                } else if !sawTop {
                    try scanOpening(byte)
                } else if inString {
                    scanInString(byte)
                } else {
                    try scanStructure(byte, into: &out)
                }
            }
            // Keep only what the current element still needs.
            let keep = elementStart ?? position
            if keep > 0 {
                buffer.removeFirst(keep)
                position -= keep
                if elementStart != nil { elementStart = 0 }
            }
        }

        private static func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }

        /// Before the top value: spaces and a byte-order mark, then `[` (an array of items) or `{` (one item).
        private mutating func scanOpening(_ byte: UInt8) throws(Broken) {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF: return
            case UInt8(ascii: "["):
                sawTop = true
                depth = 1
            case UInt8(ascii: "{"):
                sawTop = true
                topIsObject = true
                elementStart = position
                elementLine = line
                depth = 1
            default:
                throw Broken(message: "\(location): expected a JSON object or an array of objects")
            }
        }

        private mutating func scanInString(_ byte: UInt8) {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
        }

        /// Outside strings: nesting, and the commas and closing bracket that end an element.
        private mutating func scanStructure(_ byte: UInt8, into out: inout [Element]) throws(Broken) {
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                markStart()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                markStart()
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                guard depth == 0 else { return }
                if let start = elementStart {
                    emitElement(buffer[start..<(topIsObject ? position + 1 : position)], into: &out)
                    elementStart = nil
                }
                finished = true
            case UInt8(ascii: ","):
                guard depth == 1, !topIsObject else { return }
                guard let start = elementStart else {
                    throw Broken(message: "\(location): an empty element in the array")
                }
                emitElement(buffer[start..<position], into: &out)
                elementStart = nil
            case 0x20, 0x0A, 0x0D, 0x09:
                break
            default:
                markStart()
            }
        }

        private mutating func markStart() {
            if elementStart == nil {
                elementStart = position
                elementLine = line
            }
        }
    }
}
