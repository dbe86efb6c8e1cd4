import Foundation

/// The output files of one run, written together or not at all.
///
/// Every output is staged first: a report into a temporary file made exclusively (random
/// name, `O_EXCL`) beside the file it replaces, an export into a private directory
/// (`mkdtemp`, mode 0700) beside it, where GLPK writes it by name. ``commit()``, called
/// once the run has succeeded, writes devices and hard-linked files in place, then renames
/// every staged file over its target; ``discard()`` (also on `deinit`, so on any error
/// thrown before the commit) removes what was staged and leaves every old file as it was.
/// Temporary names start with `.stockpile-tmp-`, so a killed run's leftovers are known.
///
/// Symbolic links are followed: the file a link points to is replaced and the link stays.
/// A replaced file keeps its permission bits; a new one gets 0666 less the umask.
final class OutputTransaction {
    /// One output: its target and what is staged for it.
    private struct Entry {
        var target: OutputTarget
        /// The contents to write in place at commit (devices and hard-linked files).
        var contents: Contents?
        /// The staged file: renamed over the target, or copied into it when in place.
        var file: String?
        /// The private directory holding `file`, removed at the end.
        var directory: String?
    }

    /// What an output holds: a report's text or a workbook's bytes.
    enum Contents {
        case text(String)
        case bytes(Data)

        /// Calls `body` with the contents' bytes, without copying a text's.
        func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            switch self {
            case .text(var text): text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
            case .bytes(let data): data.withUnsafeBytes(body)
            }
        }
    }

    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    /// Looks at every output (option name and path) and refuses, with status 64, one that
    /// names an input (role and path: the model file, its offers CSV file, a scenario file)
    /// or the same file as another output. Nothing is written yet.
    init(outputs: [(option: String, path: String)], inputs: [(role: String, path: String)]) throws(CLIError) {
        let sources = inputs.map { (role: $0.role, path: $0.path, identity: FileIdentity($0.path)) }
        var seen: [(option: String, target: OutputTarget)] = []
        for (option, path) in outputs {
            let target = try OutputTarget(path)
            // Writing to a device never destroys what it reads from, and two outputs may share one.
            if target.kind != .device {
                if let input = sources.first(where: { $0.identity == target.identity }) {
                    throw CLIError(
                        "\(option) \(path) names the \(input.role) \(input.path); an input is never overwritten, so choose another output file",
                        status: 64)
                }
                if let other = seen.first(where: { $0.target.kind != .device && $0.target.identity == target.identity }) {
                    throw CLIError(
                        "\(option) \(path) and \(other.option) \(other.target.path) name the same file; give each output its own file",
                        status: 64)
                }
            }
            seen.append((option, target))
            order.append(option)
            entries[option] = Entry(target: target)
        }
    }

    deinit { discard() }

    /// Stages `text` as the contents of the output of `option` (one given at init).
    func stage(_ text: String, for option: String) throws(CLIError) {
        try stage(.text(text), for: option)
    }

    /// Stages `contents` (text or bytes) as the output of `option` (one given at init).
    func stage(_ contents: Contents, for option: String) throws(CLIError) {
        guard var entry = entries[option] else { return }
        if entry.target.inPlace {
            entry.contents = contents
        } else {
            entry.file = try Self.stageFile(contents, target: entry.target)
        }
        entries[option] = entry
    }

    /// A path, in a private directory made for it, where the solver may write the export
    /// for the output of `option` by name; ``commit()`` moves it into place.
    func exportPath(for option: String) throws(CLIError) -> String? {
        guard var entry = entries[option] else { return nil }
        // A device's folder (`/dev`) is not ours to write in: such an export waits in the
        // temporary folder until it is copied to the device.
        let folder = entry.target.kind == .device ? NSTemporaryDirectory() : entry.target.folder
        var template = Array(((folder.hasSuffix("/") ? folder : folder + "/") + ".stockpile-tmp-export-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CLIError("cannot write \(entry.target.path): \(String(cString: strerror(errno))); check that its folder exists and is writable")
        }
        let directory = String(cString: made)
        entry.directory = directory
        entry.file = directory + "/" + entry.target.name
        entries[option] = entry
        return directory + "/" + entry.target.name
    }

    /// Puts every staged output in place: in-place targets first (a device can refuse, as
    /// `/dev/full` does), then the renames. On a failure the outputs not yet put in place
    /// are discarded, and the error (status 70) says which file failed.
    func commit() throws(CLIError) {
        defer { discard() }
        for option in order {
            guard let entry = entries[option], entry.target.inPlace else { continue }
            let contents: Contents
            if let staged = entry.contents {
                contents = staged
            } else if let file = entry.file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIError("cannot write \(entry.target.path): its staged copy \(file) cannot be read")
                }
                contents = .bytes(data)
            } else {
                continue
            }
            try Self.writeInPlace(contents, to: entry.target)
        }
        for option in order {
            guard let entry = entries[option], !entry.target.inPlace, let file = entry.file else { continue }
            if case .replace(let mode?) = entry.target.kind, entry.directory != nil {
                chmod(file, mode)  // GLPK made the export with the default mode
            }
            guard rename(file, entry.target.resolved) == 0 else {
                throw CLIError("cannot write \(entry.target.path): \(String(cString: strerror(errno))); check that its folder is writable")
            }
            entries[option]?.file = nil
        }
    }

    /// Removes every staged file and private directory; old files stay as they were.
    func discard() {
        for option in order {
            guard let entry = entries[option] else { continue }
            if let file = entry.file { unlink(file) }
            if let directory = entry.directory { rmdir(directory) }
            entries[option]?.file = nil
            entries[option]?.directory = nil
            entries[option]?.contents = nil
        }
    }

    // MARK: Files

    /// Permission bits of a new file: 0666 less the process's umask (read once, before any
    /// other thread makes files).
    static let newFileMode: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return 0o666 & ~mask
    }()

    /// Writes `contents` to a new temporary file beside `target`, with the target's
    /// permission bits (see ``temporaryFile(with:in:stem:mode:for:)``); returns its path.
    private static func stageFile(_ contents: Contents, target: OutputTarget) throws(CLIError) -> String {
        var mode = newFileMode
        if case .replace(let kept?) = target.kind { mode = kept }
        return try temporaryFile(with: contents, in: target.folder, stem: String(target.name.prefix(60)), mode: mode, for: target.path)
    }

    /// Writes `contents` to a new file `.stockpile-tmp-STEM-XXXXXX` in `folder` (made with
    /// `mkstemp`: a random name, created exclusively (`O_EXCL`, which also refuses to follow
    /// a link), so no planted file or link is ever opened), flushed to disk, with permission
    /// bits `mode`; returns its path. Errors name `path`, the file it stands in for. Also how
    /// `init` makes each file before linking it into place.
    static func temporaryFile(with contents: Contents, in folder: String, stem: String, mode: mode_t, for path: String) throws(CLIError) -> String {
        var template = Array((folder + "/.stockpile-tmp-\(stem)-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno))); check that its folder exists and is writable")
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let file = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // The text's own bytes, not a copy: a plan's JSON can be tens of megabytes.
        let failure =
            contents.withBytes { writeAll($0, to: descriptor) }
            ?? (fchmod(descriptor, mode) == 0 && fsync(descriptor) == 0 ? nil : errno)
        let closed = close(descriptor) == 0 ? nil : errno
        if let error = failure ?? closed {
            unlink(file)
            throw CLIError("cannot write \(path): \(String(cString: strerror(error)))")
        }
        return file
    }

    /// Writes `contents` into the existing file of `target`: a device as it is, a file reached
    /// through a descriptor link appended to, a hard-linked file overwritten and cut to length.
    private static func writeInPlace(_ contents: Contents, to target: OutputTarget) throws(CLIError) {
        let flags = O_WRONLY | O_CLOEXEC | O_NOCTTY | (target.kind == .descriptor ? O_APPEND : 0)
        let descriptor = open(target.kind == .hardLinked ? target.resolved : target.path, flags)
        guard descriptor >= 0 else { throw CLIError("cannot write \(target.path): \(String(cString: strerror(errno)))") }
        var failure = contents.withBytes { writeAll($0, to: descriptor) }
        let count = contents.withBytes { $0.count }
        if failure == nil, target.kind == .hardLinked, ftruncate(descriptor, off_t(count)) != 0 || fsync(descriptor) != 0 {
            failure = errno
        }
        let closed = close(descriptor) == 0 ? nil : errno
        if let error = failure ?? closed { throw CLIError("cannot write \(target.path): \(String(cString: strerror(error)))") }
    }

    /// Writes every byte, however many calls it takes; the `errno` of a failure, or nil.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return nil
    }
}
