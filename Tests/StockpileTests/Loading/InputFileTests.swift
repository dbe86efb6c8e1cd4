import Foundation
import Testing

@testable import Stockpile

/// What the loaders read: regular files and pipes on standard input only, within a size
/// bound, as UTF-8 text, with a located reason for anything else.
@Suite struct InputFileTests {
    /// Bytes and the offset of the first ill-formed UTF-8 sequence, worked out by hand from
    /// the Unicode standard's table 3-7 (nil: all well-formed).
    static let utf8Cases: [(bytes: [UInt8], firstInvalid: Int?)] = [
        (Array("plain ascii".utf8), nil),
        (Array("Zürich – 東京 😀".utf8), nil),
        ([0x61, 0xFF], 1),  // 0xFF never appears in UTF-8
        ([0xC0, 0x80], 0),  // overlong NUL
        ([0xED, 0xA0, 0x80], 0),  // a UTF-16 surrogate, U+D800
        ([0x61, 0x62, 0xE2, 0x82], 2),  // cut short at the end
        ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
        (Array("0123456789".utf8) + [0x80], 10),  // a lone continuation byte after the 8-byte ASCII run
        ([0xE2, 0x82, 0x41], 0),  // a three-byte lead with an ASCII byte in place of the third
    ]

    @Test(arguments: utf8Cases.indices)
    func firstInvalidUTF8Byte(_ index: Int) {
        let (bytes, expected) = Self.utf8Cases[index]
        #expect(bytes.withUnsafeBufferPointer { UTF8Check.firstInvalid(in: $0) } == expected)
    }

    /// Line 3, after the four scalars of "  é:" (the é is two bytes): column 5.
    /// A model file of more than 1 MiB is read into memory mapped for it alone: the same
    /// model as from its text, and a bad byte at its end located as in a small file.
    @Test func aLargeModelFileReadsAsItsText() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = "name: large\nmaterials: [{id: m, target: 10}]\noffers:\n"
        for k in 0..<15_000 { text += "  - {id: o\(k), supplier: s\(k % 7), country: AU, material: m, price: \(1000 + k).25, capacity: 3}\n" }
        #expect(text.utf8.count > 1 << 20)
        let file = directory.appendingPathComponent("large.yaml")
        try Data(text.utf8).write(to: file)
        let loaded = try ModelFile.load(path: file.path)
        #expect(loaded.model == (try ModelFile.parse(text, path: file.path)).model)
        #expect(loaded.model.offers.count == 15_000)
        #expect(loaded.model.offers.last?.price == 15_999.25)
        try Data(text.utf8 + [0x23, 0x20, 0xFF, 0x0A]).write(to: file)
        do {
            _ = try ModelFile.load(path: file.path)
            Issue.record("loaded a file that is not UTF-8")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.line == 15_004)
            #expect(diagnostic.column == 3)
        }
    }

    @Test func invalidUTF8InAModelIsLocated() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.yaml").path
        try Data("name: x\nmaterials:\n  é:".utf8 + [0xFF] + Array(" 1\n".utf8)).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: InvalidModelError.self) { try ModelFile.load(path: path) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(error?.diagnostics.count == 1)
        #expect((diagnostic.file, diagnostic.line, diagnostic.column) == (path, 3, 5))
        #expect(diagnostic.message == "byte 0xFF is not UTF-8 text; save the file as UTF-8")
    }

    @Test func invalidUTF8InAScenarioIsLocated() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("scenario.yaml").path
        try Data("name: x\nchanges:\n  - ban: C".utf8 + [0xC3, 0x28] + Array("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ScenarioError.self) { try ScenarioFile.load(path: path) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect((diagnostic.line, diagnostic.column) == (3, 11))
        #expect(diagnostic.message.hasPrefix("byte 0xC3 is not UTF-8 text"))
    }

    /// The bad byte is in the supplier of the second data row (line 3), the 6th scalar of
    /// "o2,S\u{FC}d,..." counting the ü: before this it was read as U+FFFD without a word.
    @Test func invalidUTF8InAnOffersRowIsRefusedAtItsLine() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = Array("id,supplier,country,material,price\no1,A,CN,a,1\no2,Sü".utf8) + [0xFF] + Array("d,AU,a,2\n".utf8)
        try Data(csv).write(to: directory.appendingPathComponent("offers.csv"))
        let modelPath = directory.appendingPathComponent("model.yaml").path
        try "name: x\nmaterials:\n  - {id: a, target: 1}\noffers: offers.csv\n".write(toFile: modelPath, atomically: true, encoding: .utf8)
        let error = #expect(throws: InvalidModelError.self) { try ModelFile.load(path: modelPath) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(error?.diagnostics.count == 1)
        #expect(diagnostic.file == directory.appendingPathComponent("offers.csv").path)
        #expect((diagnostic.line, diagnostic.column, diagnostic.path) == (3, 6, "offers[1]"))
        #expect(diagnostic.message.contains("byte 0xFF is not UTF-8 text"))
    }

    @Test func aDeviceAsOffersIsRefusedNotReadForever() throws {
        let diagnostics = loadDiagnostics("name: x\nmaterials:\n  - {id: a, target: 1}\noffers: /dev/zero\n")
        #expect(
            diagnostics.map(\.message) == [
                "cannot read offers file `/dev/zero`: it is a character device, not a regular file (a device may never end); "
                    + "name a regular file, or give `-` and pipe the file to standard input (a CSV path is relative to the model file's directory)"
            ])
        #expect(diagnostics.first?.line == 4)
    }

    /// Opening a named pipe with no writer would wait for one; it is refused instead.
    @Test func aNamedPipeAsOffersIsRefusedWithoutWaiting() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("offers.csv").path
        guard mkfifo(fifo, 0o600) == 0 else {
            print("skipped: mkfifo failed here (\(String(cString: strerror(errno))))")
            return
        }
        let diagnostics = loadDiagnostics(
            "name: x\nmaterials:\n  - {id: a, target: 1}\noffers: offers.csv\n", path: directory.appendingPathComponent("m.yaml").path)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("it is a named pipe (FIFO), not a regular file") == true, "\(diagnostics)")
    }

    /// /proc files say they are empty: only the bound on what is read stops them.
    @Test func theSizeBoundHoldsWhileReading() {
        let limit = ReadLimit(bytes: 10, what: "a test file", advice: "use a smaller one")
        guard case .failure(let failure) = FileContents.read("/proc/self/status", limit: limit) else {
            Issue.record("read more than 10 bytes")
            return
        }
        #expect(failure.reason == "it is larger than 10 bytes, the most read from a test file; use a smaller one")
    }

    @Test func aFileLargerThanTheBoundIsRefusedBeforeReading() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.csv").path
        try Data(repeating: 0x41, count: 3 << 10).write(to: URL(fileURLWithPath: path))
        let limit = ReadLimit(bytes: 2 << 10, what: "a test file", advice: "split it")
        guard case .failure(let failure) = FileContents.read(path, limit: limit) else {
            Issue.record("a 3 KiB file passed a 2 KiB bound")
            return
        }
        #expect(failure.reason == "it is larger than 2 KiB, the most read from a test file; split it")
        guard case .success(let bytes) = FileContents.read(path, limit: ReadLimit(bytes: 3 << 10, what: "", advice: "")) else {
            Issue.record("a 3 KiB file failed a 3 KiB bound")
            return
        }
        #expect(bytes.count == 3 << 10)
    }

    @Test func anEmptyPathSaysSo() {
        let error = #expect(throws: InvalidModelError.self) { try ModelFile.load(path: "") }
        #expect(error?.diagnostics.first?.message == "cannot read model file ``: the path is empty; give a file name")
    }
}
