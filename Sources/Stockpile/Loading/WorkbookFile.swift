import Foundation

/// Workbook files (`.xlsx`) as inputs: how they are recognised and read.
enum WorkbookFile {
    /// Whether `path` names a workbook: it ends in `.xlsx` (any case).
    static func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

    /// Whether `bytes` start as a zip archive does (`PK\3\4`), as a workbook does.
    static func looksLikeZip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    /// The file's bytes (a regular file, or a pipe on standard input given as `-`), up to
    /// ``ReadLimit/workbook``; what it expands to is bounded by ``WorkbookReader/Limits``.
    static func read(_ path: String) -> Result<Data, FileReadFailure> {
        FileContents.withBytes(path, limit: .workbook) { Data($0) }
    }
}

extension ReadLimit {
    /// Workbooks: 256 MiB compressed, about a million offer rows (what they expand to is
    /// bounded apart, by ``WorkbookReader/Limits``).
    static let workbook = ReadLimit(
        bytes: 256 << 20, what: "a workbook", advice: "keep large offer lists in a CSV file (`offers: offers.csv`), which is read a row at a time")
}
