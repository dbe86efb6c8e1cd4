/// Workbook files (`.xlsx`) as inputs: how they are recognised and read.
enum WorkbookFile {
    /// Whether `path` names a workbook: it ends in `.xlsx` (any case).
    static func isWorkbook(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

    /// Whether `bytes` start as a zip archive does (`PK\3\4`), as a workbook does.
    static func looksLikeZip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    /// Why the file at `path` is not read as a workbook (not a regular file, larger than
    /// ``ReadLimit/workbook``, cannot be opened), nil when it may be; what it expands to is
    /// bounded by ``WorkbookReader/Limits``.
    static func refusal(_ path: String) -> FileReadFailure? {
        // A workbook is read through its path (ZIPFoundation seeks in it): a pipe will not do.
        if FileByteSource.isStandardInput(path) {
            return FileReadFailure(reason: "a workbook cannot be read from standard input; give its path")
        }
        switch FileByteSource.open(path, limit: .workbook) {
        case .failure(let failure): return failure
        case .success: return nil
        }
    }
}

extension ReadLimit {
    /// Workbooks: 256 MiB compressed, about a million offer rows (what they expand to is
    /// bounded apart, by ``WorkbookReader/Limits``).
    static let workbook = ReadLimit(
        bytes: 256 << 20, what: "a workbook", advice: "keep large offer lists in a CSV file (`offers: offers.csv`), which is read a row at a time")
}
