import CZlib
package import Foundation

/// ZLIB compression (RFC 1950), the Push API's `compressionType: ZLIB`.
package enum Zlib {
    package static func compress(_ data: Data) -> Data? {
        var capacity = compressBound(uLong(data.count))
        var output = Data(count: Int(capacity))
        let status = output.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { input in
                compress2(
                    out.baseAddress?.assumingMemoryBound(to: Bytef.self), &capacity,
                    input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(data.count), Z_DEFAULT_COMPRESSION)
            }
        }
        guard status == Z_OK else { return nil }
        output.count = Int(capacity)
        return output
    }

    /// Decompresses a ZLIB stream; `nil` when it is not one. `limit` bounds the output.
    package static func decompress(_ data: Data, limit: Int = 512 * 1024 * 1024) -> Data? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let result: Int32 = data.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(data.count)
            var status: Int32 = Z_OK
            repeat {
                status = chunk.withUnsafeMutableBytes { buffer in
                    stream.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                guard status == Z_OK || status == Z_STREAM_END else { return status }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if output.count > limit { return Z_MEM_ERROR }
            } while status != Z_STREAM_END && (stream.avail_in > 0 || stream.avail_out == 0)
            return status
        }
        return result == Z_STREAM_END ? output : nil
    }
}
