import Foundation
import Testing

/// `--time-limit`, `--mip-gap` and `--jobs` out of range: each reaches the one check
/// (`SolverOptions.validate`), negative values included, and is a usage error naming its flag.
@Suite struct SolverFlagsTests {
    static let tutorial = "Models/tutorial.yaml"
    static let sweep = ["sweep", tutorial, "--cap", "CN=0.3...0.5:0.1"]

    static let cases: [(arguments: [String], message: String)] = [
        (["compare", tutorial, "--jobs", "-1"], "--jobs must be from 1 to 64, not -1"),
        (sweep + ["--jobs", "-1"], "--jobs must be from 1 to 64, not -1"),
        (["compare", tutorial, "--jobs", "0"], "--jobs must be from 1 to 64, not 0"),
        (sweep + ["--jobs", "0"], "--jobs must be from 1 to 64, not 0"),
        (["compare", tutorial, "--jobs", "65"], "--jobs must be from 1 to 64, not 65"),
        (sweep + ["--jobs", "65"], "--jobs must be from 1 to 64, not 65"),
        (["plan", tutorial, "--time-limit", "-5"], "--time-limit must be a positive number of seconds, not -5.0"),
        (["explain", tutorial, "--time-limit", "-5"], "--time-limit must be a positive number of seconds, not -5.0"),
        (["compare", tutorial, "--time-limit", "-5"], "--time-limit must be a positive number of seconds, not -5.0"),
        (sweep + ["--time-limit", "-5"], "--time-limit must be a positive number of seconds, not -5.0"),
        (["plan", tutorial, "--mip-gap", "1"], "--mip-gap must be a fraction from 0 up to (not including) 1, not 1.0"),
    ]

    @Test(arguments: cases.indices)
    func anOutOfRangeFlagIsAUsageErrorNamingIt(_ index: Int) throws {
        let (arguments, message) = Self.cases[index]
        let run = try CLI.run(arguments)
        #expect(run.status == 64, "\(arguments): \(run.error)")
        #expect(run.error.hasPrefix("Error: \(message)\n"), "\(arguments): \(run.error)")
        #expect(!run.error.contains("Missing value"))
        #expect(run.output.isEmpty)
    }

    /// The edges of each range pass the check (the runs then plan as usual).
    @Test func theEdgesOfEachRangePass() throws {
        for arguments in [
            ["compare", Self.tutorial, "--jobs", "1"], ["compare", Self.tutorial, "--jobs", "64"],
            ["plan", Self.tutorial, "--mip-gap", "0"], ["plan", Self.tutorial, "--time-limit", "0.5"],
        ] {
            let run = try CLI.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run.error)")
        }
    }
}
