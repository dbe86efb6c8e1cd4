import ArgumentParser
import Stockpile

/// The scenario flags shared by `plan`, `explain` and `sweep`: each names a change in the
/// vocabulary of scenario files (see docs/commands.md). Files apply first, then the flags grouped
/// by kind (bans, prices, capacities, budgets, targets, caps, stocks), whatever their order
/// on the command line.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .customLong("scenario"), help: ArgumentHelp("Apply the scenario file FILE first (repeatable).", valueName: "FILE"))
    var files: [String] = []

    @Option(
        help: ArgumentHelp(
            "Drop a country's, group's or offer's offers: CN (any stage), CN@refined (origin at a stage), CN:graphite (repeatable).",
            valueName: "WHO"))
    var ban: [String] = []

    @Option(
        help: ArgumentHelp("Change prices of a material, country, group or offer: cobalt=+40%, CN=x1.3, li-cl-sqm=9900.", valueName: "WHO=CHANGE"))
    var price: [String] = []

    @Option(help: ArgumentHelp("Change capacities: CD=-50%, co-cd-kcc=100.", valueName: "WHO=CHANGE"))
    var capacity: [String] = []

    @Option(
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Change the total budget (-20%, 1.5e9, none) or a material's (cobalt=-20%).", valueName: "CHANGE"))
    var budget: [String] = []

    @Option(help: ArgumentHelp("Change a target: lithium=120d (days of use), lithium=4000 (units) or lithium=+20%.", valueName: "MATERIAL=VALUE"))
    var target: [String] = []

    @Option(
        help: ArgumentHelp(
            "Set a share cap: CN=0.4 or CN=40%, CN:rare-earths=0.4, CN@refined=0.65 at a stage, '*=0.65' for every country, CN=none.",
            valueName: "WHO=SHARE"))
    var cap: [String] = []

    @Option(help: ArgumentHelp("Change a stock held: nickel=0, nickel=-50%, nickel=30d.", valueName: "MATERIAL=VALUE"))
    var stock: [String] = []

    /// The flags' changes, in the order they are applied: read once, by ``parseFlags(excluding:)``.
    private(set) var changes: [ScenarioChange] = []

    /// The options alone are read from the command line; ``changes`` is made from them.
    private enum CodingKeys: CodingKey {
        case files, ban, price, capacity, budget, target, cap, stock
    }

    /// Every flag as (kind, value), in the order they are applied.
    var flags: [(ScenarioChange.Kind, String)] {
        let groups: [(ScenarioChange.Kind, [String])] = [
            (.ban, ban), (.price, price), (.capacity, capacity), (.budget, budget), (.target, target), (.cap, cap), (.stock, stock),
        ]
        return groups.flatMap { kind, values in values.map { (kind, $0) } }
    }

    /// Reads the flags into ``changes``, leaving out the flag whose value is `swept` (the
    /// range a sweep runs over), and refuses an empty scenario file path. For the command's
    /// `validate()`: a flag that cannot be read is a usage error (64); names are checked
    /// against the model later.
    mutating func parseFlags(excluding swept: String? = nil) throws {
        try ModelInput.validate(scenarioFiles: files)
        var changes: [ScenarioChange] = []
        for (kind, value) in flags where value != swept {
            do {
                changes.append(try ScenarioChange.parse(kind, value, source: .flag(kind, value)))
            } catch {
                throw ValidationError(flag: error)
            }
        }
        self.changes = changes
    }

    /// The scenario files' changes, then the flags' (``changes``), as one scenario; nil when
    /// nothing is asked.
    func scenario() throws(ScenarioError) -> Scenario? {
        guard !files.isEmpty || !changes.isEmpty else { return nil }
        var names: [String] = []
        var descriptions: [String] = []
        var all: [ScenarioChange] = []
        var problems: [Diagnostic] = []
        for file in files {
            do {
                let scenario = try ScenarioFile.load(path: file)
                names.append(scenario.name)
                if !scenario.description.isEmpty { descriptions.append(scenario.description) }
                all += scenario.changes
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw ScenarioError(problems) }
        // Flags alone are named as typed: a flag's change is located at `--kind value`.
        if names.isEmpty { names.append(changes.map(\.source.path).joined(separator: " ")) }
        return Scenario(name: names.joined(separator: " + "), description: descriptions.joined(separator: " "), changes: all + changes)
    }
}

extension ValidationError {
    /// A what-if flag that cannot be read, as a usage error (64) naming the flag as typed:
    /// `--price cobalt: expected NAME=VALUE, ...`.
    init(flag problem: Diagnostic) {
        self.init("\(problem.path): \(problem.message)")
    }
}
