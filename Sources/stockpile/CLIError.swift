import Foundation

/// Writes output files atomically: to a temporary file beside the target, then renamed
/// over it, so a failed run never leaves half a file.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        do {
            // The text's own bytes, not a copy: a plan's JSON can be tens of megabytes.
            var text = text
            try text.withUTF8 { bytes in
                let data = bytes.baseAddress.map {
                    Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: bytes.count, deallocator: .none)
                } ?? Data()
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            }
        } catch {
            throw CLIError("cannot write \(path): \((error as NSError).localizedDescription); check that its folder exists and is writable")
        }
    }
}

/// A failure to report on standard error, with the exit status to end with.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var status: Int32

    init(_ description: String, status: Int32 = 70) {
        self.description = description
        self.status = status
    }
}

/// Writes `text` to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
