import ArgumentParser

/// `stockpile`: plans purchases of critical minerals for strategic reserves.
@main
struct StockpileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stockpile",
        abstract: "Plan the cheapest purchases that reach strategic-reserve targets.",
        discussion: """
            Exit status: 0 every target met; 3 plan with shortfall; 64 usage error; \
            65 invalid model file; 70 solver failure.
            """,
        version: "0.1.0",
        subcommands: [PlanCommand.self, ExplainCommand.self, CompareCommand.self, SweepCommand.self, RiskCommand.self, InitCommand.self],
        defaultSubcommand: nil)

    /// Sets the heap up for large models (``HeapTuning``), then runs the command line.
    static func main() {
        HeapTuning.prepare()
        main(nil)
    }
}
