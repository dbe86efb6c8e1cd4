import Foundation
import Testing

/// The figures the documentation quotes from the tool's reports are what the tool prints:
/// each quote must appear in the named document (line breaks and indentation aside) and
/// in the output of the command it comes from, so a change of either shows up here.
@Suite struct DocumentationTests {
    struct Quote: Sendable, CustomStringConvertible {
        var document: String
        var command: [String]
        var text: String
        var description: String { "\(document): \(text)" }
    }

    static let japan = "Models/japan-critical-minerals.yaml"

    static let quotes: [Quote] = [
        Quote(document: "README.md", command: ["plan", japan],
              text: "cap CN at refined <= 50% on rare-earths: each further percentage point would save 84,000 USD"),
        Quote(document: "docs/commands.md", command: ["plan", japan],
              text: "cap CN at refined <= 50% on rare-earths: each further percentage point would save 84,000 USD"),
        Quote(document: "docs/commands.md", command: ["plan", japan], text: "cobalt target: each further t costs 24,400 USD"),
        Quote(document: "docs/commands.md", command: ["plan", japan], text: "budget: not binding, 311.66M USD of 400.00M USD used (77.92%)"),
        Quote(document: "docs/commands.md", command: ["explain", japan],
              text: "li-cl-albemarle stays in the plan (200 t) while its price is between 10,200 and 10,400 USD/t"),
        Quote(document: "docs/commands.md", command: ["explain", japan],
              text: "li-cl-sqm stays fully bought (400 t) while its price is at most 10,300 USD/t"),
        Quote(document: "docs/commands.md", command: ["explain", japan],
              text: "gr-mz-syrah stays fully bought (1,400 t) while its price is at most 700 USD/t"),
        Quote(document: "docs/commands.md", command: ["explain", japan],
              text: "cap CN at refined <= 50% on rare-earths: each further percentage point saves 84,000 USD, valid from 37.5% to 75%"),
        Quote(document: "docs/commands.md", command: ["explain", japan],
              text: "lithium target: each further t costs 10,150 USD, valid for targets from 3,500 to 3,700 t (87.5 to 92.5 days)"),
        Quote(document: "README.md", command: ["risk", japan],
              text: "Over 5 years the plan cuts the expected value of unmet demand from 101.60M USD to 33.23M USD"),
        Quote(document: "README.md", command: ["plan", japan, "--objective", "risk"],
              text: "the risk plan costs 88.34M USD more than the cheapest plan that meets the targets"),
    ]

    /// `text` with every run of white space (line breaks, indentation) as one space.
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: quotes)
    func quoteIsInTheDocumentAndTheOutput(_ quote: Quote) throws {
        let document = try String(contentsOf: CLI.packageRoot.appendingPathComponent(quote.document), encoding: .utf8)
        #expect(Self.flattened(document).contains(Self.flattened(quote.text)), "not quoted in \(quote.document)")
        let run = try CLI.run(quote.command)
        #expect(run.status == 0, "\(run.error)")
        #expect(Self.flattened(run.output).contains(Self.flattened(quote.text)), "not in the output of \(quote.command.joined(separator: " "))")
    }
}
