import Foundation
import Testing
import Yams

@testable import Stockpile

/// The fast path (libyaml's events read into a ``ModelDocument``) against the path it stands
/// in for (`Yams.compose`, then the same document): the same nodes, and the same model or
/// diagnostics from ``ModelFile``.
@Suite("Model documents")
struct ModelDocumentTests {
    /// The document the fast path reads, or nil when it declines the text.
    static func fast(_ text: String) -> ModelDocument? {
        var text = text
        return text.withUTF8 { ModelDocument.parse($0) }
    }

    /// Node by node: kind, tag, style, line, column, text, children.
    static func expectSame(_ a: ModelDocument, _ b: ModelDocument, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        func same(_ x: ModelDocument.NodeID, _ y: ModelDocument.NodeID, at path: String) -> Bool {
            guard a.kind(x) == b.kind(y), a.mark(x)?.line == b.mark(y)?.line, a.mark(x)?.column == b.mark(y)?.column else {
                Issue.record("kind or mark differ at \(path)", sourceLocation: sourceLocation)
                return false
            }
            switch a.kind(x) {
            case .scalar:
                guard a.string(x) == b.string(y), a.tag(x) == b.tag(y), a.style(x) == b.style(y) else {
                    Issue.record(
                        "scalar differs at \(path): \(a.string(x)) \(a.tag(x)) vs \(b.string(y)) \(b.tag(y))", sourceLocation: sourceLocation)
                    return false
                }
                return true
            case .mapping:
                let (p, q) = (Array(a.pairs(x)), Array(b.pairs(y)))
                guard p.count == q.count else {
                    Issue.record("pair counts differ at \(path)", sourceLocation: sourceLocation)
                    return false
                }
                return zip(p, q).allSatisfy { same($0.key, $1.key, at: path + ".key") && same($0.value, $1.value, at: path + "." + a.string($0.key)) }
            case .sequence:
                let (p, q) = (a.items(x), b.items(y))
                guard p.count == q.count else {
                    Issue.record("item counts differ at \(path)", sourceLocation: sourceLocation)
                    return false
                }
                return zip(p.indices, zip(p, q)).allSatisfy { same($1.0, $1.1, at: "\(path)[\($0)]") }
            case .alias:
                return true
            }
        }
        _ = same(a.root, b.root, at: "")
    }

    /// The fast path reads `text` as Yams composes it, and the model file gives the same
    /// model or diagnostics either way.
    static func expectAgreement(_ text: String, path: String = "m.json", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        if let document = fast(text) {
            do {
                expectSame(document, try ModelFile.composed(text, path: path), sourceLocation: sourceLocation)
            } catch {
                Issue.record("Yams refused what the fast path read: \(error.diagnostics)", sourceLocation: sourceLocation)
            }
        }
        #expect(outcome(text, path: path, fast: true) == outcome(text, path: path, fast: false), sourceLocation: sourceLocation)
    }

    enum Outcome: Equatable {
        case model(ProcurementModel, [Diagnostic])
        case failure([Diagnostic])
    }

    static func outcome(_ text: String, path: String, fast: Bool) -> Outcome {
        do {
            let loaded = fast ? try ModelFile.parse(text, path: path) : try ModelFile.read(nil, text: text, path: path)
            return .model(loaded.model, loaded.warnings)
        } catch {
            return .failure(error.diagnostics)
        }
    }

    /// A small valid model as JSON, with `offer` (a JSON object's members) as its one offer.
    static func json(offer: String, extra: String = "") -> String {
        """
        {"name": "t", \(extra)"materials": [{"id": "m", "target": 10}],
         "offers": [{\(offer)}]}
        """
    }

    static let offer = #""id": "o", "supplier": "s", "country": "AU", "material": "m""#

    @Test(
        "JSON escapes read as Yams reads them",
        arguments: [
            #"a\"b\\c\/d"#, #"tab\there\nnew\rline\b\f"#, #"\u00e9\u4e2d\u0041"#, "é, 中, 😀 raw", "",
        ])
    func escapes(_ supplier: String) {
        Self.expectAgreement(Self.json(offer: #""id": "o", "supplier": "\#(supplier)", "country": "AU", "material": "m", "price": 1"#))
    }

    @Test("A \\u surrogate pair is left to Yams, which reports it as before")
    func surrogates() {
        let text = Self.json(offer: #""id": "o", "supplier": "\ud83d\ude00", "country": "AU", "material": "m", "price": 1"#)
        #expect(Self.fast(text) == nil)
        Self.expectAgreement(text)
        #expect(loadDiagnostics(text, path: "m.json").first?.message.hasPrefix("malformed YAML or JSON") == true)
    }

    @Test(
        "Numbers get Yams's tags and values",
        arguments: [
            "1e308", "-0", "1.0e-5", "1E5", "0.5", "10", "-12", "+7", "1e400", "-1e400", "007", "08", "0x1F", "0o17", "1_000", ".5", "-.5",
            "1.", "0", "9223372036854775808", "-9223372036854775809", "1:30", ".inf", "-.inf", ".nan", "1e", "1e+", "--1", "1.2.3",
            "\"5\"", "'5'", "null", "~", "true", "yes", "No", "on", "2026-01-01", "<<", "=",
        ])
    func numbers(_ price: String) {
        Self.expectAgreement(Self.json(offer: Self.offer + #", "price": \#(price)"#))
        Self.expectAgreement(
            "name: t\nmaterials: [{id: m, target: 10}]\noffers:\n  - {id: o, supplier: s, country: AU, material: m, price: \(price)}\n",
            path: "m.yaml")
    }

    @Test(
        "Plain decimals read as the values Yams's constructors give",
        arguments: [
            ("1e10", 1e10), ("1.0e-5", 1.0e-5), ("10", 10), ("-0", -0.0), ("0", 0), ("+7", 7), ("007", 7), ("1_000", 1000), ("0x1F", 31),
        ])
    func values(_ price: String, _ expected: Double) throws {
        let loaded = try ModelFile.parse(Self.json(offer: Self.offer + #", "price": \#(price)"#), path: "m.json")
        let value = try #require(loaded.model.offers.first?.price)
        #expect(value == expected)
        #expect(value.sign == expected.sign)
    }

    @Test("A duplicate key is reported as Yams reports it")
    func duplicateKeys() {
        let text = Self.json(offer: Self.offer + #", "price": 1, "price": 2"#)
        #expect(Self.fast(text) == nil)
        Self.expectAgreement(text)
        Self.expectAgreement(#"{"name": "a", "name": "b", "materials": [], "offers": []}"#)
        let message = loadDiagnostics(text, path: "m.json").first?.message ?? ""
        #expect(message.hasPrefix("duplicate key `price`"))
    }

    @Test("Keys that differ only in their quotes or tag go to Yams")
    func keysLikeEachOther() {
        Self.expectAgreement("name: t\n\"name\": u\nmaterials: []\n", path: "m.yaml")
        Self.expectAgreement("name: t\n1: a\n\"1\": b\nmaterials: []\n", path: "m.yaml")
        Self.expectAgreement("name: t\ncaf\u{E9}: a\ncafe\u{301}: b\n", path: "m.yaml")
    }

    @Test("Flow collections that JSON refuses but YAML allows")
    func flowLeniency() {
        Self.expectAgreement(#"{"name": "t",}"#)
        Self.expectAgreement(#"{"name": "t", "materials": [{"id": "m", "target": 10},], "offers": []}"#)
    }

    @Test("Deep nesting")
    func deepNesting() {
        let depth = 500
        let nested = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        Self.expectAgreement(#"{"name": "t", "extra": \#(nested), "materials": [{"id": "m", "target": 10}], "offers": []}"#)
        Self.expectAgreement(Self.json(offer: Self.offer + #", "price": 1, "tiers": \#(nested)"#))
    }

    @Test("A byte order mark, CRLF line ends and tabs keep lines and columns")
    func bomAndLineEnds() {
        let text = Self.json(offer: Self.offer + #", "price": -1"#)
        Self.expectAgreement("\u{FEFF}" + text)
        Self.expectAgreement(text.replacingOccurrences(of: "\n", with: "\r\n"))
        Self.expectAgreement(text.replacingOccurrences(of: " ", with: "\t"))
        let yaml =
            "name: t\r\nmaterials:\r\n  - id: m\r\n    target: 10\r\noffers:\r\n  - id: o\r\n    supplier: s\r\n    country: AU\r\n    material: m\r\n    price: -1\r\n"
        Self.expectAgreement(yaml, path: "m.yaml")
        Self.expectAgreement("\u{FEFF}" + yaml, path: "m.yaml")
        let diagnostics = loadDiagnostics(yaml, path: "m.yaml")
        #expect(diagnostics.contains { $0.line == 10 && $0.path == "offers[0].price" }, "\(diagnostics)")
    }

    @Test(
        "What the fast path leaves to Yams",
        arguments: [
            "name: &a t\nmaterials: []\n", "name: t\nx: *a\n", "name: !!str t\n", "name: t\n---\nname: u\n", "", "# only a comment\n",
            "name: t\n  bad: indent\n", "[1, 2", "name: [t\n", "name: t\nmaterials: !!seq []\n",
            "\u{FEFF}\u{FEFF}# note: x\nname: t\n", "{\"name\": \"\u{FEFF}t\"}", "{\"name\": \"\\ufefft\"}",
        ])
    func declined(_ text: String) {
        #expect(Self.fast(text) == nil)
        Self.expectAgreement(text, path: "m.yaml")
    }

    @Test("Every shipped model reads the same on both paths")
    func shippedModels() throws {
        let folder = Repository.root.appendingPathComponent("Models")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(Self.fast(text) != nil, "\(name)")
            Self.expectAgreement(text, path: path)
        }
    }

    @Test("Bytes that are not UTF-8 are reported with their line and column")
    func invalidUTF8() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.json")
        var bytes = Array(#"{"name": "t", "#.utf8)
        bytes += [0x0A, 0x20, 0x22, 0xFF, 0x22]
        try Data(bytes).write(to: file)
        do {
            _ = try ModelFile.load(path: file.path)
            Issue.record("loaded a file that is not UTF-8")
        } catch {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(diagnostic.line == 2)
            #expect(diagnostic.column == 3)
            #expect(diagnostic.message == "byte 0xFF is not UTF-8 text; save the file as UTF-8")
        }
    }

    @Test("Block and flow YAML and JSON give the same model and diagnostics")
    func styles() throws {
        let block = """
            name: t
            materials:
              - id: m
                target: 10
            offers:
              - id: o1
                supplier: s
                country: AU
                material: m
                price: 12.5
                capacity: 100
                tiers:
                  - from: 5
                    price: 11
              - id: o2
                supplier: s
                country: CA
                material: m
                price: 13
                periods: [P1]
            periods:
              - id: P1
                draw: true

            """
        let flow = """
            {name: t, materials: [{id: m, target: 10}], offers: [{id: o1, supplier: s, country: AU, material: m, price: 12.5, capacity: 100,
                tiers: [{from: 5, price: 11}]}, {id: o2, supplier: s, country: CA, material: m, price: 13, periods: [P1]}],
              periods: [{id: P1, draw: true}]}
            """
        let json = """
            {"name": "t", "materials": [{"id": "m", "target": 10}], "offers": [{"id": "o1", "supplier": "s", "country": "AU",
             "material": "m", "price": 12.5, "capacity": 100, "tiers": [{"from": 5, "price": 11}]}, {"id": "o2", "supplier": "s", "country": "CA",
             "material": "m", "price": 13, "periods": ["P1"]}], "periods": [{"id": "P1", "draw": true}]}
            """
        let models = try [block, flow, json].map { text in
            #expect(Self.fast(text) != nil)
            Self.expectAgreement(text, path: "m.yaml")
            return try ModelFile.parse(text, path: "m.yaml").model
        }
        #expect(models[0] == models[1])
        #expect(models[0] == models[2])
        #expect(models[0].offers.count == 2)
        #expect(models[0].offers[0].tiers == [PriceTier(from: 5, price: 11)])
    }

    @Test(
        "Problems in inline offers are located as before",
        arguments: [
            "price: -1", "price: \"12\"", "price: [1]", "capacity: x", "tiers: [{from: 1}]", "tiers: [{from: 0, price: 1}]", "periods: [P9]",
            "prices: {P1: x}", "prices: {P9: 1}", "prices: 5", "lead: 1.5", "bogus: 1", "pirce: 1", "tiers: 5",
            "a.b: 1", "prices: {P.1: x}", "capacities: {P1: -1}", "min_order: -1",
        ])
    func offerProblems(_ field: String) {
        let price = field.hasPrefix("price:") ? "" : "    price: 2\n"
        let text = """
            name: t
            materials: [{id: m, target: 10}]
            periods: [{id: P1}]
            offers:
              - {id: o0, supplier: s, country: AU, material: m, price: 1}
              - id: o1
                supplier: s
                country: AU
                material: m

            """ + price + "    \(field)\n"
        #expect(Self.fast(text) != nil)
        Self.expectAgreement(text, path: "m.yaml")
        #expect(!loadDiagnostics(text, path: "m.yaml").isEmpty)
    }
}
