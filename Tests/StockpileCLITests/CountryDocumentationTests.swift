import Foundation
import Testing

/// The examples of `docs/countries.md` run as the page says.
@Suite struct CountryDocumentationTests {
    static let page = CLI.packageRoot.appendingPathComponent("docs/countries.md")

    /// The page's fenced blocks of `kind` (`yaml`, `text`), in order.
    static func blocks(_ kind: String) throws -> [String] {
        let text = try String(contentsOf: page, encoding: .utf8)
        return text.components(separatedBy: "```\(kind)\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
    }

    /// Runs `plan` on `yaml` saved as `model.yaml`; its standard error with the folder taken out.
    private func plan(_ yaml: String) throws -> (status: Int32, error: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-country-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("model.yaml")
        try yaml.write(to: model, atomically: true, encoding: .utf8)
        let run = try CLI.run(["plan", model.path])
        return (run.status, run.error.replacingOccurrences(of: directory.path + "/", with: ""))
    }

    @Test func userAssignedCodeExampleAndItsErrors() throws {
        let declared = try #require(try Self.blocks("yaml").first { $0.contains("countries: [XK]") })
        let planned = try plan(declared)
        #expect(planned.status == 0, "\(planned.error)")
        let undeclared = try plan(declared.replacingOccurrences(of: "countries: [XK]", with: "# countries: [XK]"))
        #expect(undeclared.status == 65)
        let quoted = try #require(try Self.blocks("text").first { $0.contains("`XK` is a user-assigned code") })
        for line in quoted.split(separator: "\n") { #expect(undeclared.error.contains(line), "\(line)\n\(undeclared.error)") }
    }

    @Test func errorsForCodesThatAreNoCountries() throws {
        let run = try plan(
            """
            name: Test
            materials:
              - {id: a, target: 0}
            offers:
              - id: o
                supplier: S
                country: SW
                material: a
                price: 1
              - {id: o2, supplier: S, country: Congo, material: a, price: 1}
              - id: o3
                supplier: S
                country: Chlie
                material: a
                price: 1
            """)
        #expect(run.status == 65)
        let quoted = try #require(try Self.blocks("text").first { $0.contains("`SW` is not") })
        for line in quoted.split(separator: "\n") where line.hasPrefix("model.yaml") {
            #expect(run.error.contains(line), "\(line)\n\(run.error)")
        }
    }

    @Test func namesExampleReadsAsCodes() throws {
        let snippet = try #require(try Self.blocks("yaml").first { $0.contains("DR Congo") })
        let yaml = "name: Names\nmaterials:\n  - {id: lithium, target: 100}\n  - {id: cobalt, target: 100}\n" + snippet
        let run = try plan(yaml)
        #expect(run.status == 0, "\(run.error)")
    }
}
