import Foundation

/// A file read a chunk at a time through its descriptor, which it closes when released.
///
/// Only what can end is read: a regular file, or a pipe on standard input named `-` or
/// `/dev/stdin`. A device (`/dev/zero` never ends), a named pipe (its `open` waits for a
/// writer), a socket or a directory is refused with the reason and the fix, and no input
/// is read past its ``ReadLimit``.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    /// The file's size in bytes when opened (nil if not a regular file).
    let byteCount: Int?
    /// Why reading stopped early, if it did (then ``read(into:)`` has returned 0).
    private(set) var failure: FileReadFailure?
    private let limit: ReadLimit
    /// Bytes read so far.
    private var total = 0

    /// Whether `path` names standard input: `-`, or `/dev/stdin`.
    static func isStandardInput(_ path: String) -> Bool { path == "-" || path == "/dev/stdin" }

    /// Opens `path` for reading (`-` is standard input); fails with the operating system's
    /// reason ("No such file or directory", "Permission denied"), or why a file that is not
    /// a regular file cannot be read, or when a regular file is larger than `limit`.
    static func open(_ path: String, limit: ReadLimit) -> Result<FileByteSource, FileReadFailure> {
        guard !path.isEmpty else { return .failure(FileReadFailure(reason: "the path is empty; give a file name")) }
        // Non-blocking, so that opening a named pipe without a writer does not wait for one.
        let descriptor = path == "-" ? dup(STDIN_FILENO) : Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(FileReadFailure(errno: errno)) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = FileReadFailure(errno: errno)
            close(descriptor)
            return .failure(failure)
        }
        let type = status.st_mode & S_IFMT
        let isPipe = type == S_IFIFO && isStandardInput(path)
        guard type == S_IFREG || isPipe else {
            close(descriptor)
            return .failure(FileReadFailure(reason: refusal(type, path: path)))
        }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0, flags & O_NONBLOCK != 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        let size = type == S_IFREG ? Int(status.st_size) : nil
        let source = FileByteSource(descriptor: descriptor, byteCount: size, limit: limit)
        if let size, size > limit.bytes { return .failure(limit.exceeded) }
        return .success(source)
    }

    /// Why a file of `type` (`st_mode & S_IFMT`) is not read, and what to give instead.
    private static func refusal(_ type: mode_t, path: String) -> String {
        let fix = "name a regular file, or give `-` and pipe the file to standard input"
        if isStandardInput(path) {
            let what = type == S_IFCHR ? "a terminal or device" : type == S_IFSOCK ? "a socket" : "not a pipe or a file"
            return "standard input is \(what); pipe the file to it (`stockpile plan - < model.yaml`) or name the file"
        }
        switch type {
        case S_IFDIR: return "it is a directory; name a file in it"
        case S_IFCHR: return "it is a character device, not a regular file (a device may never end); \(fix)"
        case S_IFBLK: return "it is a block device, not a regular file; \(fix)"
        case S_IFIFO: return "it is a named pipe (FIFO), not a regular file (reading it would wait for a writer); \(fix)"
        case S_IFSOCK: return "it is a socket, not a regular file; \(fix)"
        default: return "it is not a regular file; \(fix)"
        }
    }

    private init(descriptor: Int32, byteCount: Int?, limit: ReadLimit) {
        self.descriptor = descriptor
        self.byteCount = byteCount
        self.limit = limit
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard failure == nil, let base = buffer.baseAddress else { return 0 }
        while true {
            // At most one byte past the limit, which is enough to know it is passed.
            let count = Foundation.read(descriptor, base, min(buffer.count, limit.bytes - total + 1))
            if count > 0, total + count > limit.bytes {
                failure = limit.exceeded
                return 0
            }
            if count >= 0 {
                total += count
                return count
            }
            if errno == EINTR { continue }
            failure = FileReadFailure(errno: errno)  // e.g. "Is a directory"
            return 0
        }
    }
}

/// The most bytes read from one kind of input file, and what to say when a file holds more.
struct ReadLimit: Sendable, Hashable {
    /// Most bytes read.
    var bytes: Int
    /// The kind of file, for the message (`an offers CSV file`).
    var what: String
    /// What to do about a larger file.
    var advice: String

    /// Offers CSV files: 2 GiB, some ten million offers.
    static let offersCSV = ReadLimit(
        bytes: 2 << 30, what: "an offers CSV file", advice: "split the model, e.g. one model file per group of materials")
    /// Model files (YAML or JSON): 1 GiB. Parsing takes many times the file's size in
    /// memory (``ModelFile/memoryPerByte``); large offer lists belong in a CSV file.
    static let modelFile = ReadLimit(
        bytes: 1 << 30, what: "a model file", advice: "move the offers to a CSV file (`offers: offers.csv`), which is read in far less memory")
    /// Scenario files: 16 MiB, far more than any list of changes needs.
    static let scenarioFile = ReadLimit(
        bytes: 16 << 20, what: "a scenario file", advice: "a scenario lists a few changes; check that this is the right file")

    /// The failure of a file larger than the limit.
    var exceeded: FileReadFailure {
        FileReadFailure(reason: "it is larger than \(Self.describeSize(bytes)), the most read from \(what); \(advice)")
    }

    /// A size in bytes for people: `2 GiB`, `1.5 MiB`, `900 bytes`.
    static func describeSize(_ bytes: Int) -> String {
        let units: [(Int, String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, unit) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            return (value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}

extension FileReadFailure {
    /// The operating system's reason for `errno`.
    init(errno: Int32) { self.init(reason: String(cString: strerror(errno))) }
}
