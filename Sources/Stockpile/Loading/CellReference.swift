/// A cell of a worksheet: its 1-based row and column, written `E17` (column E, row 17).
struct CellReference: Sendable, Hashable, CustomStringConvertible {
    /// Row, from 1.
    var row: Int
    /// Column, from 1 (A).
    var column: Int

    init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Reads `E17` (column letters, then the row; `$` signs allowed); nil when malformed or
    /// past the largest sheet a spreadsheet program makes (column XFD, row 1,048,576).
    init?(_ bytes: some Collection<UInt8>) {
        var column = 0
        var row = 0
        var digits = 0
        for byte in bytes where byte != UInt8(ascii: "$") {
            let upper = byte & ~0x20
            if digits == 0, upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") {
                column = column * 26 + Int(upper - UInt8(ascii: "A")) + 1
                guard column <= Self.lastColumn else { return nil }
            } else if byte &- UInt8(ascii: "0") < 10 {
                row = row * 10 + Int(byte &- UInt8(ascii: "0"))
                digits += 1
                guard row <= Self.lastRow else { return nil }
            } else {
                return nil
            }
        }
        guard column > 0, row > 0 else { return nil }
        self.init(row: row, column: column)
    }

    /// The largest column (XFD) and row a worksheet may have (ECMA-376 part 1, 18.3.1.4).
    static let lastColumn = 16_384
    static let lastRow = 1_048_576

    /// The column's letters: 1 -> `A`, 27 -> `AA`.
    static func letters(ofColumn column: Int) -> String {
        var column = column
        var letters: [Character] = []
        while column > 0 {
            let digit = (column - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(digit))))
            column = (column - 1) / 26
        }
        return String(letters.reversed())
    }

    public var description: String { Self.letters(ofColumn: column) + String(row) }

    /// `Offers!E17`: a sheet's name and a cell, the name quoted as spreadsheet formulas
    /// quote it when it holds anything but letters, digits and `_` (`'Q1 offers'!E17`).
    static func name(sheet: String, row: Int, column: Int?) -> String {
        let plain = !sheet.isEmpty && sheet.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        let quoted = plain ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        guard let column else { return "\(quoted)!\(row):\(row)" }
        return "\(quoted)!\(CellReference(row: row, column: column))"
    }
}
