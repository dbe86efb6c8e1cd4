import Foundation
import Testing

/// Countries written as names, end to end through the built binary: read as alpha-2 codes,
/// reported as alpha-2 codes; a code that is no country exits 65 at its line.
@Suite struct CountryCommandTests {
    static let japan = "Models/japan-critical-minerals.yaml"

    @Test func whatIfFlagsTakeCountryNames() throws {
        // Banning Chile (SQM, Albemarle) costs the same whichever way it is written.
        let byName = try CLI.run(["plan", Self.japan, "--ban", "Chile", "--cap", "People's Republic of China=0.4", "--format", "json"])
        let byCode = try CLI.run(["plan", Self.japan, "--ban", "CL", "--cap", "CN=0.4", "--format", "json"])
        #expect(byName.status == byCode.status, "\(byName.error)")
        let named = try #require(try JSONSerialization.jsonObject(with: Data(byName.output.utf8)) as? [String: Any])
        let coded = try #require(try JSONSerialization.jsonObject(with: Data(byCode.output.utf8)) as? [String: Any])
        #expect(named["total_cost"] as? Double == coded["total_cost"] as? Double)
        #expect(
            (named["purchases"] as? [[String: Any]])?.compactMap { $0["country"] as? String }
                == (coded["purchases"] as? [[String: Any]])?.compactMap { $0["country"] as? String })
        #expect(!((named["purchases"] as? [[String: Any]]) ?? []).contains { $0["country"] as? String == "CL" })
    }

    @Test func aCodeThatIsNoCountryExits65AtItsLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stockpile-country-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("model.yaml")
        try """
        name: Names
        materials:
          - {id: lithium, target: 100}
        offers:
          - {id: a, supplier: S, country: Chile, material: lithium, price: 10}
          - {id: b, supplier: S, country: EL, material: lithium, price: 11}
        """.write(to: model, atomically: true, encoding: .utf8)
        let run = try CLI.run(["plan", model.path])
        #expect(run.status == 65)
        #expect(
            run.error.contains(
                "model.yaml:6:26: error: offers[1].country: `EL` is not an assigned ISO 3166-1 code (it is reserved for Greece, as the "
                    + "European Union writes it): write `GR` (Greece)"), "\(run.error)")
        #expect(run.output.isEmpty)
    }
}
