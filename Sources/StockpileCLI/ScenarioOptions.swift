import ArgumentParser
import Stockpile

/// The scenario flags shared by `plan` and `sweep`: each names a change in the vocabulary
/// of scenario files (see the README). Files apply first, then the flags grouped by kind
/// (bans, prices, capacities, budgets, targets, caps, stocks), whatever their order on the
/// command line.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .customLong("scenario"), help: ArgumentHelp("Apply the scenario file FILE first (repeatable).", valueName: "FILE"))
    var files: [String] = []

    @Option(help: ArgumentHelp("Drop a country's, group's or offer's offers: CN, or CN:graphite for one material (repeatable).", valueName: "WHO"))
    var ban: [String] = []

    @Option(help: ArgumentHelp("Change prices of a material, country, group or offer: cobalt=+40%, CN=x1.3, li-cl-sqm=9900.", valueName: "WHO=CHANGE"))
    var price: [String] = []

    @Option(help: ArgumentHelp("Change capacities: CD=-50%, co-cd-kcc=100.", valueName: "WHO=CHANGE"))
    var capacity: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Change the total budget (-20%, 1.5e9, none) or a material's (cobalt=-20%).", valueName: "CHANGE"))
    var budget: [String] = []

    @Option(help: ArgumentHelp("Change a target: lithium=120d (days of use), lithium=4000 (units) or lithium=+20%.", valueName: "MATERIAL=VALUE"))
    var target: [String] = []

    @Option(help: ArgumentHelp("Set a share cap: CN=0.4 or CN=40%, CN:rare-earths=0.4, '*=0.65' for every country, CN=none.", valueName: "WHO=SHARE"))
    var cap: [String] = []

    @Option(help: ArgumentHelp("Change a stock held: nickel=0, nickel=-50%, nickel=30d.", valueName: "MATERIAL=VALUE"))
    var stock: [String] = []

    /// Every flag as (kind, value), in the order they are applied.
    var flags: [(ScenarioChange.Kind, String)] {
        let groups: [(ScenarioChange.Kind, [String])] = [
            (.ban, ban), (.price, price), (.capacity, capacity), (.budget, budget), (.target, target), (.cap, cap), (.stock, stock),
        ]
        return groups.flatMap { kind, values in values.map { (kind, $0) } }
    }

    /// Whether any change is asked for.
    var isEmpty: Bool { files.isEmpty && flags.isEmpty }

    /// Checks the flags' syntax (names are checked against the model later).
    func validateFlags(excluding swept: Set<String> = []) throws {
        try ModelInput.validate(scenarioFiles: files)
        for (kind, value) in flags where !swept.contains(value) {
            do {
                _ = try ScenarioChange.parse(kind, value, source: .flag(kind, value))
            } catch {
                throw ValidationError("\(error.path): \(error.message)")
            }
        }
    }

    /// The scenario files' changes, then the flags' (bans, prices, capacities, budgets,
    /// targets, caps, stocks), as one scenario; nil when nothing is asked. Flags whose value
    /// is in `skipping` (a swept parameter) are left out.
    func scenario(skipping: Set<String> = []) throws(ScenarioError) -> Scenario? {
        guard !isEmpty else { return nil }
        var names: [String] = []
        var descriptions: [String] = []
        var changes: [ScenarioChange] = []
        var problems: [Diagnostic] = []
        for file in files {
            do {
                let scenario = try ScenarioFile.load(path: file)
                names.append(scenario.name)
                if !scenario.description.isEmpty { descriptions.append(scenario.description) }
                changes += scenario.changes
            } catch {
                problems += error.diagnostics
            }
        }
        var flagTexts: [String] = []
        for (kind, value) in flags where !skipping.contains(value) {
            do {
                changes.append(try ScenarioChange.parse(kind, value, source: .flag(kind, value)))
                flagTexts.append("--\(kind.rawValue) \(value)")
            } catch {
                problems.append(error)
            }
        }
        guard problems.isEmpty else { throw ScenarioError(problems) }
        if files.isEmpty && flagTexts.isEmpty { return nil }
        if !flagTexts.isEmpty && names.isEmpty { names.append(flagTexts.joined(separator: " ")) }
        return Scenario(name: names.joined(separator: " + "), description: descriptions.joined(separator: " "), changes: changes)
    }
}
