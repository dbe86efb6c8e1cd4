import Foundation
import GLPKSolver
import Stockpile
import Testing

/// Every model file shipped in `Models/` loads and plans, to the optimum found by an
/// independent solver: `python3 Models/tools/check_models.py` (SciPy's HiGHS, the same
/// two-stage model, integer rules included, as a mixed-integer program), whose printed
/// totals are copied here.
@Suite struct ShippedModelTests {
    static let models = Repository.root.appendingPathComponent("Models")

    static var files: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: models.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") || $0.hasSuffix(".xlsx") }.sorted()
    }

    /// file -> (status, total cost in USD, shortfall by material in units), from HiGHS.
    static let expected: [String: (Plan.Status, Double, [String: Double])] = [
        "budget-shortfall.yaml": (.shortfall, 20_000_000, ["cobalt": 0, "lithium": 1_000]),
        "csv-offers.yaml": (.optimal, 73_541_747, ["lithium": 0, "cobalt": 0, "graphite": 0]),
        // Worked by hand in the file's header too (stage caps at 65%).
        "eu-crma.yaml": (.optimal, 227_773_000, ["lithium": 0, "cobalt": 0, "nickel": 0, "rare-earths": 0, "graphite": 0]),
        // Worked by hand in StageCapJapanTests (China capped at every stage).
        "japan-critical-minerals.yaml": (
            .optimal, 311_661_000, ["lithium": 0, "cobalt": 0, "nickel": 0, "rare-earths": 0, "graphite": 0]
        ),
        // Made from the YAML file by Models/tools/yaml_to_xlsx.py (openpyxl): the same optimum.
        "japan-critical-minerals.xlsx": (
            .optimal, 311_661_000, ["lithium": 0, "cobalt": 0, "nickel": 0, "rare-earths": 0, "graphite": 0]
        ),
        // Orders + holding over the four half-years.
        "japan-buildup.yaml": (.optimal, 92_869_486.08, ["lithium": 0, "cobalt": 0, "rare-earths": 0]),
        "lots-and-minimum-orders.yaml": (.optimal, 39_700_000, ["cobalt": 0, "lithium": 0]),
        "tutorial.yaml": (.optimal, 7_000_000, ["cobalt": 0]),
    ]

    /// The shipped workbook holds the YAML model, field for field.
    @Test func japanWorkbookIsTheYAMLModel() throws {
        let workbook = try ModelFile.load(path: Self.models.appendingPathComponent("japan-critical-minerals.xlsx").path)
        let yaml = try ModelFile.load(path: Self.models.appendingPathComponent("japan-critical-minerals.yaml").path)
        #expect(workbook.model == yaml.model)
    }

    @Test func everyShippedModelHasAnExpectedResult() {
        #expect(Self.files == Self.expected.keys.sorted())
    }

    @Test(arguments: files)
    func loadsAndPlansToTheIndependentOptimum(file: String) throws {
        let loaded = try ModelFile.load(path: Self.models.appendingPathComponent(file).path)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        if loaded.model.isMultiPeriod {
            try checkSchedule(loaded, file: file)
            return
        }
        var planner = Planner(solver: GLPKSolver())
        planner.linearSplitThreshold = 0  // split even these small models, to compare
        let plan = try planner.plan(loaded.model)
        // Solved whole, the same plan.
        var whole = Planner(solver: GLPKSolver())
        whole.decompose = false
        let wholePlan = try whole.plan(loaded.model)
        #expect(wholePlan.blocks == nil)
        #expect(abs(wholePlan.totalCost - plan.totalCost) <= 1e-6 * plan.totalCost)
        #expect(wholePlan.materials.map(\.shortfall) == plan.materials.map(\.shortfall))
        let (status, cost, shortfalls) = try #require(Self.expected[file])
        #expect(plan.status == status)
        // HiGHS's totals are printed to the unit.
        #expect(abs(plan.totalCost - cost) <= 1, "\(plan.totalCost) vs \(cost)")
        for material in plan.materials {
            // Stage 2 may trade shortfall for cost within the stage tolerance (1e-9 of the
            // weighted shortfall, 2e-6 t here): compare relatively.
            let expected = try #require(shortfalls[material.id])
            #expect(abs(material.shortfall - expected) <= 1e-6 * max(1, expected), "\(material.id)")
        }
        #expect(plan.violations(of: loaded.model).isEmpty)
    }

    /// A multi-period model: its schedule's status, total cost (orders + holding) and
    /// shortfall summed over the periods, against the independent solver's
    /// (`python3 Models/tools/check_schedule.py`).
    private func checkSchedule(_ loaded: ValidatedModel, file: String) throws {
        let schedule = try Planner(solver: GLPKSolver()).schedule(loaded)
        let (status, cost, shortfalls) = try #require(Self.expected[file])
        #expect(schedule.status == status)
        #expect(abs(schedule.totalCost - cost) <= 1, "\(schedule.totalCost) vs \(cost)")
        for material in schedule.materials {
            let expected = try #require(shortfalls[material.id])
            let shortfall = material.periods.reduce(0) { $0 + $1.shortfall }
            #expect(abs(shortfall - expected) <= 1e-6 * max(1, expected), "\(material.id)")
        }
        #expect(schedule.violations(of: loaded.model).isEmpty)
    }
}
