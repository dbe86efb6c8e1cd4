import Foundation

/// Reads a whole file (or a pipe on standard input, `-`) up to a ``ReadLimit``, turning a
/// failure into its reason ("No such file or directory", "it is a directory; ...").
enum FileContents {
    /// The file's bytes.
    static func read(_ path: String, limit: ReadLimit) -> Result<[UInt8], FileReadFailure> {
        switch FileByteSource.open(path, limit: limit) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let source):
            return read(from: source)
        }
    }

    /// Runs `body` on the file's bytes, read into memory mapped for them alone and unmapped
    /// as soon as `body` returns, so a large model file's bytes leave no hole in the heap
    /// that the model read from them then grows around (files under 1 MiB, and pipes, are
    /// read into an array as by ``read(_:limit:)``).
    static func withBytes<Result>(
        _ path: String, limit: ReadLimit, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Swift.Result<Result, FileReadFailure> {
        let source: FileByteSource
        switch FileByteSource.open(path, limit: limit) {
        case .failure(let failure): return .failure(failure)
        case .success(let opened): source = opened
        }
        guard let size = source.byteCount, size >= 1 << 20 else {
            return read(from: source).map { bytes in bytes.withUnsafeBufferPointer(body) }
        }
        // Room for one byte more than the file holds, to see that it has grown.
        let capacity = size + 1
        guard let region = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), region != MAP_FAILED else {
            return read(from: source).map { bytes in bytes.withUnsafeBufferPointer(body) }
        }
        defer { munmap(region, capacity) }
        let base = region.assumingMemoryBound(to: UInt8.self)
        var count = 0
        while count < capacity {
            let read = source.read(into: UnsafeMutableBufferPointer(start: base + count, count: capacity - count))
            if read == 0 { break }
            count += read
        }
        if let failure = source.failure { return .failure(failure) }
        guard count < capacity else {
            // The file grew while it was read: the rest goes into an array with what was read.
            var bytes = Array(UnsafeBufferPointer(start: base, count: count))
            return read(from: source, into: &bytes).map { bytes in bytes.withUnsafeBufferPointer(body) }
        }
        return .success(body(UnsafeBufferPointer(start: base, count: count)))
    }

    /// The rest of `source`'s bytes, after `bytes`.
    private static func read(from source: FileByteSource, into bytes: inout [UInt8]) -> Swift.Result<[UInt8], FileReadFailure> {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBufferPointer { source.read(into: $0) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        if let failure = source.failure { return .failure(failure) }
        return .success(bytes)
    }

    private static func read(from source: FileByteSource) -> Swift.Result<[UInt8], FileReadFailure> {
        var bytes = [UInt8]()
        bytes.reserveCapacity((source.byteCount ?? 0) + 1)
        return read(from: source, into: &bytes)
    }

    /// Reads a UTF-8 text file (a leading byte order mark is kept; the YAML parser skips
    /// it). Bytes that are not UTF-8 fail with the line and column of the first.
    static func readText(_ path: String, limit: ReadLimit) -> Result<String, FileReadFailure> {
        read(path, limit: limit).flatMap(text)
    }

    /// `bytes` as text, or the line and column of the first byte that is not UTF-8.
    static func text(_ bytes: [UInt8]) -> Result<String, FileReadFailure> {
        bytes.withUnsafeBufferPointer { buffer in
            if let problem = UTF8Check.problem(in: buffer) {
                return .failure(FileReadFailure(reason: problem.message, line: problem.line, column: problem.column))
            }
            return .success(String(decoding: buffer, as: UTF8.self))
        }
    }
}

/// Why a file could not be read, and where in it when that is known.
struct FileReadFailure: Error, Sendable, Hashable {
    var reason: String
    /// Line (1-based) of the problem, for a file that was read but is not valid text.
    var line: Int?
    /// Column (1-based, in Unicode scalars) of the problem.
    var column: Int?

    init(reason: String, line: Int? = nil, column: Int? = nil) {
        self.reason = reason
        self.line = line
        self.column = column
    }
}

/// Finds bytes that are not well-formed UTF-8 (the Unicode standard's table 3-7: no
/// overlong forms, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    /// Offset of the first byte of the first ill-formed sequence, or nil when all is UTF-8.
    static func firstInvalid(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return nil }
        while index < count {
            // Plain ASCII eight bytes at a time: the common case of a large file.
            while index + 8 <= count, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF  // the second byte's range
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return index
            }
            guard index + length <= count, (low...high).contains(base[index + 1]) else { return index }
            for next in 2..<length where base[index + next] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// Where the first byte that is not UTF-8 is (line and column, 1-based, the column in
    /// Unicode scalars) and what to say about it; nil when all is UTF-8.
    static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int, message: String)? {
        guard let offset = firstInvalid(in: bytes) else { return nil }
        let (line, column) = position(of: offset, in: bytes)
        let byte = "0x" + String(bytes[offset], radix: 16, uppercase: true)
        return (line, column, "byte \(byte) is not UTF-8 text; save the file as UTF-8")
    }

    /// Line and column (1-based; the column in Unicode scalars) of `offset`, where the
    /// bytes before it are well-formed UTF-8.
    static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<offset] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
