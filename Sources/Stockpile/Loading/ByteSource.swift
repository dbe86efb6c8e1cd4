/// Where a reader's bytes come from, a chunk at a time: a file (``FileByteSource``) or bytes
/// in memory (``MemoryByteSource``). A reader keeps one buffer and asks for the next chunk
/// when it has used up the last, so a large file is never held whole.
protocol ByteSource {
    /// Copies the next bytes into the start of `buffer` (which is never empty) and returns
    /// how many; 0 at the end of the input (or after a read error, which the source keeps).
    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int

    /// The input's whole length in bytes, when known (to size what is read from it).
    var byteCount: Int? { get }
}

/// Bytes in memory handed out at most `chunkSize` at a time (tests use small chunks to put
/// fields, quotes and line breaks across chunk boundaries).
struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private let chunkSize: Int
    private var offset = 0

    /// `chunkSize`: most bytes per ``read(into:)`` (at least 1).
    init(_ bytes: some Sequence<UInt8>, chunkSize: Int = .max) {
        self.bytes = Array(bytes)
        self.chunkSize = max(1, chunkSize)
    }

    var byteCount: Int? { bytes.count }

    mutating func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = min(chunkSize, buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress, let target = buffer.baseAddress else { return }
            target.update(from: base + offset, count: count)
        }
        offset += count
        return count
    }
}
