import Foundation

/// A file read a chunk at a time through its descriptor, which it closes when released.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    /// The file's size in bytes when opened (nil if not a regular file).
    let byteCount: Int?
    /// Why reading stopped early, if it did (then ``read(into:)`` has returned 0).
    private(set) var failure: FileReadFailure?

    /// Opens `path` for reading; fails with the operating system's reason ("No such file
    /// or directory", "Permission denied").
    static func open(_ path: String) -> Result<FileByteSource, FileReadFailure> {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileReadFailure(errno: errno)) }
        var status = stat()
        let known = fstat(descriptor, &status) == 0
        let source = FileByteSource(descriptor: descriptor, byteCount: known && status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : nil)
        if known, status.st_mode & S_IFMT == S_IFDIR {
            return .failure(FileReadFailure(errno: EISDIR))  // reading it would fail the same way
        }
        return .success(source)
    }

    private init(descriptor: Int32, byteCount: Int?) {
        self.descriptor = descriptor
        self.byteCount = byteCount
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard failure == nil, let base = buffer.baseAddress else { return 0 }
        while true {
            let count = Foundation.read(descriptor, base, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            failure = FileReadFailure(errno: errno)  // e.g. "Is a directory"
            return 0
        }
    }
}

extension FileReadFailure {
    /// The operating system's reason for `errno`.
    init(errno: Int32) { self.init(reason: String(cString: strerror(errno))) }
}
