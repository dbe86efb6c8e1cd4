import Foundation
import Testing

@testable import Stockpile

/// ``ModelTextScanner`` against libyaml's event stream, the reader it stands in for: on
/// every text it reads, the very same document (records, texts, marks, tags, styles); on
/// every text libyaml refuses, no document. Checked on the shipped models, the random
/// cases, the shapes the benchmark generators write, and seeded random edits of them all.
@Suite("Model text scanner")
struct ModelTextScannerTests {
    static func scanned(_ text: String) -> ModelDocument? {
        var text = text
        return text.withUTF8 { ModelTextScanner.document(of: $0) }
    }

    static func events(_ text: String) -> ModelDocument? {
        var text = text
        return text.withUTF8 { ModelDocument.events($0) }
    }

    /// Whether the scanner agrees with libyaml on `text`: it declines it, or reads exactly
    /// the document libyaml's events give.
    static func agrees(_ text: String) -> Bool {
        guard let document = scanned(text) else { return true }
        return events(text) == document
    }

    /// Model files in the repository: every shipped model and random case, and the shipped
    /// models written as JSON (by Python's `json`, as a user would convert them).
    static let files: [(name: String, text: String)] = {
        let root = Repository.root
        var files: [(String, String)] = []
        for folder in ["Models", "Tests/Random/cases"] {
            let url = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") {
                if let text = try? String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) { files.append((name, text)) }
            }
        }
        return files
    }()

    /// `document` written as JSON, indented or on one line, as a converter would write it.
    static func json(_ document: ModelDocument, indented: Bool) -> String {
        var out = ""
        func quoted(_ text: String) -> String {
            var result = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": result += "\\\""
                case "\\": result += "\\\\"
                case "\n": result += "\\n"
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result + "\""
        }
        func write(_ node: ModelDocument.NodeID, _ depth: Int) {
            let (open, close) = indented ? ("\n" + String(repeating: "  ", count: depth + 1), "\n" + String(repeating: "  ", count: depth)) : ("", "")
            switch document.kind(node) {
            case .scalar:
                switch document.tag(node) {
                case .int, .float, .bool, .null: out += document.string(node).isEmpty ? "null" : document.string(node)
                default: out += quoted(document.string(node))
                }
            case .mapping:
                out += "{"
                for (index, pair) in document.pairs(node).enumerated() {
                    out += (index > 0 ? "," : "") + open + quoted(document.string(pair.key)) + (indented ? ": " : ":")
                    write(pair.value, depth + 1)
                }
                out += close + "}"
            case .sequence:
                out += "["
                for (index, item) in document.items(node).enumerated() {
                    out += (index > 0 ? "," : "") + open
                    write(item, depth + 1)
                }
                out += close + "]"
            case .alias:
                out += "null"
            }
        }
        write(document.root, 0)
        return out + "\n"
    }

    /// The shipped models and random cases as JSON, indented and compact.
    static let jsonFiles: [(name: String, text: String)] = files.flatMap { name, text in
        guard let document = events(text) else { return [(String, String)]() }
        return [(name + " (JSON)", json(document, indented: true)), (name + " (compact JSON)", json(document, indented: false))]
    }

    @Test("Every shipped model and random case is read, as libyaml reads it")
    func repositoryFiles() {
        #expect(Self.files.count >= 12)
        for (name, text) in Self.files + Self.jsonFiles {
            var text = text
            let read = text.withUTF8 { ModelTextScanner.read($0) }
            #expect(throws: Never.self, "\(name)") { try read.get() }
            #expect((try? read.get()) == Self.events(text), "\(name)")
        }
    }

    /// The shapes users and the benchmark generators write, each with a twist.
    static let shapes: [String] = [
        // Block style, a compact mapping per item, comments, blank lines, CRLF.
        "# model\nname: Japan reserve (2026)\ncurrency: USD\nbudget: 4.0e8   # total\n\nmaterials:\n  - id: m0\n    stock: 1000\n"
            + "    daily_use: 100\n    target_days: 90\n  -   id: m1\n      target: 5\noffers:\n- {id: o0-47, supplier: S47, country: BZ, "
            + "material: m0, price: 20097.83, capacity: 22.9}\n- {id: o1, supplier: 'Lynas Rare Earths', country: \"AU\", material: m1, price: 3}\n",
        "name: t\r\nmaterials:\r\n  - id: m\r\n    target: 10\r\noffers: []\r\n",
        // Pretty-printed and compact JSON.
        "{\n \"name\": \"Generated 50 x 2000 x 60\",\n \"budget\": 1000000000000.0,\n \"materials\": [\n  {\n   \"id\": \"m0\",\n   \"stock\": 1000\n  }\n ],\n"
            + " \"offers\": [\n  {\n   \"id\": \"o0-0\",\n   \"price\": 18156.11,\n   \"capacity\": 7.2\n  }\n ]\n}\n",
        "{\"name\":\"t\",\"materials\":[{\"id\":\"m\",\"target\":10}],\"offers\":[],\"x\":[true,false,null,-1.5e-3,0]}",
        "{\"name\": \"t\",\n\t\"materials\": [\n\t\t{\"id\": \"m\", \"target\": 10}\n\t]\n}\n",
        // Nested block collections, indentless sequences, values on the next line.
        "periods:\n- id: FY1\n  budget: 5\n- id: FY2\ncaps:\n  - country: CN\n    max_share: 0.5\n    materials:\n    - a\n    - b\nname:\n  t\n",
        "a:\n  b:\n    - - 1\n      - 2\n    - [3, {c: d}]\n  e: {f: [g, h], 'i''j': \"k l\"}\n",
        // Flow collections over several lines, with comments.
        "offers: [{id: o, # first\n  supplier: s,\n  country: AU},\n  {id: p}]  # end\n",
        "x: {a: 1,\n b: 2\n}\n",
        "x: [1,\n2]\ny: 3\n",
        // Non-ASCII text (columns count characters).
        "name: Société générale 中文\nx: {a: é, b: 'ü', c: \"😀\", d: 1}\n",
        "x: [日本, 中国]\ny: {é: 1, z: 2}\n",
        // Numbers, booleans, nulls and words the resolver tells apart.
        "a: [1, -2, +3, 0.5, .5, -.5, 1e5, 1E-5, 007, 0x1F, 1_000, .inf, -.inf, .nan, 2026-01-01, ~, null, yes, No, on, <<, =, 1.2.3]\n",
        // What the scanner declines (and libyaml may accept or refuse).
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a: >\n  text\n", "a: b\n  c\n", "a: 'b\n  c'\n", "a:\nb: 1\n",
        "---\na: 1\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "\u{FEFF}a: 1\n", "a: \"b\\nc\"\n", "a:\tb\n", "a: b: c\n", "a: - b\n",
        "a: 1\na: 2\n", "{a: 1, a: 2}", "{a: 1,}", "[1, 2,]", "{a}", "[a: 1]", "{a:1}", "{\"a\":1}", "a: b#c\n", "a: b # c\n", "a: x:y\n",
        "a: AT&T\n", "a: {b: c\n  d}\n", "a: [b\nc]\n", "? a\n: b\n", "a: 1\r", "a: 1\n  # c\n b: 2\n", "- a\n- b\n", "a\n", "",
        "[1, 2]", "a: [1, 2\n", "a: \"x\n", "{a: [1, {b: 2}]}", " a: 1\n b: 2\n", "a:\n- 1\n -2\n", "a: [\n---\n]\n",
        String(repeating: "k", count: 1000) + String(repeating: " ", count: 30) + ": 1\n",
        "{\"" + String(repeating: "k", count: 998) + "\"" + String(repeating: " ", count: 30) + ": 1}",
        "a: b\u{85}c\n", "a: b\u{2028}c\n", "a: b\u{7F}\n", "a: \u{FFFE}\n", "a: {b: 1}: c\n",
    ]

    @Test("Shapes users write are read as libyaml reads them, or declined")
    func shapes() {
        for (index, text) in Self.shapes.enumerated() {
            let agrees = Self.agrees(text)
            #expect(agrees, "shape \(index): \(text.debugDescription)")
        }
        #expect(Self.shapes.prefix(13).allSatisfy { Self.scanned($0) != nil })
    }

    /// Bytes that edits insert: YAML's indicators, blanks, line ends, letters, digits and
    /// non-ASCII text.
    static let alphabet: [[UInt8]] = [
        "\"", "'", ":", "-", "#", "{", "}", "[", "]", ",", "\n", "\t", " ", "  ", "a", "1", ".", "\r\n", "é",
        "\\", "?", "&", "*", "!", "|", ">", "%", "---", ": ", "- ", "\n  ", "\n- ", "e5", "~", "\u{2028}", "\r",
    ].map { Array($0.utf8) }

    /// `text` with a few random edits: a byte range deleted, or bytes from ``alphabet``
    /// inserted or put in place of others; the result may not be UTF-8 only if `text` was not.
    static func mutated(_ text: [UInt8], random: inout SeededGenerator) -> [UInt8] {
        var bytes = text
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            // Edit at character boundaries only, so the text stays UTF-8.
            func boundary() -> Int {
                guard !bytes.isEmpty else { return 0 }
                var index = Int.random(in: 0...bytes.count, using: &random)
                while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
                return index
            }
            let start = boundary()
            var end = start
            if start < bytes.count {
                end = min(bytes.count, start + Int.random(in: 0...3, using: &random))
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            }
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes.removeSubrange(start..<end)
            case 1: bytes.insert(contentsOf: alphabet.randomElement(using: &random)!, at: start)
            default: bytes.replaceSubrange(start..<end, with: alphabet.randomElement(using: &random)!)
            }
        }
        return bytes
    }

    /// `STOCKPILE_SCANNER_EDITS=ROUNDS[:SEED]` runs more edits, with another seed.
    static let editRounds = Int(ProcessInfo.processInfo.environment["STOCKPILE_SCANNER_EDITS"]?.split(separator: ":").first ?? "1") ?? 1
    static let editSeed =
        ProcessInfo.processInfo.environment["STOCKPILE_SCANNER_EDITS"]?.split(separator: ":").dropFirst().first
        .flatMap { UInt64($0) } ?? 20_261_204

    @Test("Seeded random edits of every model: the scanner reads what libyaml reads, the same way, or declines")
    func randomEdits() {
        var random = SeededGenerator(seed: Self.editSeed)
        var read = 0
        var total = 0
        let sources = (Self.files + Self.jsonFiles).map { Array($0.text.utf8) } + Self.shapes.map { Array($0.utf8) }
        for source in sources {
            for _ in 0..<(source.count > 2000 ? 60 : 40) * Self.editRounds {
                let bytes = Self.mutated(source, random: &random)
                let text = String(decoding: bytes, as: UTF8.self)
                total += 1
                guard let document = Self.scanned(text) else { continue }
                read += 1
                let same = Self.events(text) == document
                if !same {
                    Issue.record("the scanner and libyaml disagree on this edited text: \(text.debugDescription)")
                    return
                }
            }
        }
        // Most edits leave text the scanner still reads; the check is not vacuous.
        #expect(read > total / 5, "\(read) of \(total) read")
    }
}
