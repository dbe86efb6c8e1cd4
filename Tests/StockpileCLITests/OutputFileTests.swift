import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The files `stockpile` writes (`--output`, `--chart`, `--export-lp`, `--export-mps`):
/// devices written in place, links followed, modes kept, inputs never overwritten, and
/// nothing replaced by a run that fails.
@Suite struct OutputFileTests {
    static let tutorial = "Models/tutorial.yaml"
    static let isRoot = geteuid() == 0

    /// A fresh folder for one test; the caller removes it.
    func folder() throws -> URL { try CLI.temporaryDirectory() }

    func text(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// The `stat` of `path`, links followed or (`link`) not.
    func info(_ path: String, link: Bool = false) throws -> stat {
        var result = stat()
        let status = link ? lstat(path, &result) : stat(path, &result)
        try #require(status == 0, "cannot stat \(path)")
        return result
    }

    /// A character device with the numbers of `/dev/null` (1, 3) or `/dev/full` (1, 7).
    func makeDevice(at url: URL, minor: UInt) throws {
        // Linux's encoding of (major 1, minor) for numbers this small.
        try #require(mknod(url.path, S_IFCHR | 0o666, dev_t((1 << 8) | minor)) == 0, "mknod failed: \(errno)")
    }

    /// Names in `folder`, sorted (hidden ones too: that is where temporaries would hide).
    func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    // MARK: Devices

    @Test(.enabled(if: isRoot, "making a character device with mknod needs root"))
    func reportToACharacterDeviceIsWrittenInPlaceAndItStaysADevice() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let null = dir.appendingPathComponent("null")
        try makeDevice(at: null, minor: 3)
        let run = try CLI.run(["plan", Self.tutorial, "--output", null.path, "--export-lp", null.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(try info(null.path, link: true).st_mode & S_IFMT == S_IFCHR)
        #expect(try names(in: dir) == ["null"])
    }

    @Test(.enabled(if: isRoot, "making a character device with mknod needs root"))
    func aFullDeviceFailsWith70AndReplacesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full")
        try makeDevice(at: full, minor: 7)
        let lp = dir.appendingPathComponent("plan.lp")
        try "old program\n".write(to: lp, atomically: false, encoding: .utf8)
        let run = try CLI.run(["plan", Self.tutorial, "--output", full.path, "--export-lp", lp.path])
        #expect(run.status == 70)
        #expect(run.error.contains("cannot write \(full.path): No space left on device"), "\(run.error)")
        #expect(try text(lp) == "old program\n")
        #expect(try info(full.path, link: true).st_mode & S_IFMT == S_IFCHR)
        #expect(try names(in: dir) == ["full", "plan.lp"])
    }

    @Test func aDescriptorLinkToAPipeGetsTheReport() throws {
        // /proc/self/fd/1 is the child's standard output, a pipe here.
        let run = try CLI.run(["plan", Self.tutorial, "--output", "/proc/self/fd/1"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("Tutorial"))
        #expect(run.output.contains("Status: optimal"))
    }

    @Test func aDescriptorLinkToAFileAppendsToIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("log.txt")
        try "before\n".write(to: log, atomically: false, encoding: .utf8)
        let handle = try FileHandle(forWritingTo: log)  // not at the end: the append is the tool's
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["plan", Self.tutorial, "--output", "/proc/self/fd/1"]
        process.currentDirectoryURL = CLI.packageRoot
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let written = try text(log)
        #expect(written.hasPrefix("before\nTutorial"), "\(written.prefix(80))")
        #expect(written.contains("Status: optimal"))
    }

    // MARK: Links and modes

    @Test func aSymbolicLinkIsFollowedAndStaysALink() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real.txt")
        let link = dir.appendingPathComponent("link.txt")
        try "old\n".write(to: real, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real.txt")
        let run = try CLI.run(["plan", Self.tutorial, "--output", link.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(try info(link.path, link: true).st_mode & S_IFMT == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real.txt")
        #expect(try text(real).contains("Status: optimal"))
        #expect(try names(in: dir) == ["link.txt", "real.txt"])
    }

    @Test func aDanglingLinkGetsItsFileMadeWhereItPoints() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("out"), withIntermediateDirectories: false)
        let link = dir.appendingPathComponent("plan.lp")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "out/made.lp")
        let run = try CLI.run(["plan", Self.tutorial, "--export-lp", link.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(try info(link.path, link: true).st_mode & S_IFMT == S_IFLNK)
        #expect(try text(dir.appendingPathComponent("out/made.lp")).contains("Minimize"))
        #expect(try names(in: dir.appendingPathComponent("out")) == ["made.lp"])
    }

    /// A hard-linked report is rewritten in place: every name of the file sees the new
    /// report (a rename would leave the other names on the old contents).
    @Test func aHardLinkedReportIsRewrittenInPlaceForEveryName() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("a.txt")
        let second = dir.appendingPathComponent("b.txt")
        try String(repeating: "a much longer old report than the new one\n", count: 200).write(to: first, atomically: false, encoding: .utf8)
        try FileManager.default.linkItem(at: first, to: second)
        let inode = try info(first.path).st_ino
        let run = try CLI.run(["plan", Self.tutorial, "--output", first.path])
        #expect(run.status == 0, "\(run.error)")
        let report = try text(second)
        #expect(report.hasPrefix("Tutorial") && report.contains("Status: optimal"))
        #expect(!report.contains("old report"))  // cut to the new length
        #expect(try text(first) == report)
        #expect(try info(first.path).st_ino == inode)
        #expect(try names(in: dir) == ["a.txt", "b.txt"])
    }

    @Test func aReplacedFileKeepsItsModeAndANewOneGetsTheUmasksMode() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.txt")
        let lp = dir.appendingPathComponent("plan.lp")
        let fresh = dir.appendingPathComponent("fresh.mps")
        for url in [report, lp] {
            try "old\n".write(to: url, atomically: false, encoding: .utf8)
            try #require(chmod(url.path, 0o600) == 0)
        }
        let mask = umask(0o022)
        umask(mask)
        let run = try CLI.run(["plan", Self.tutorial, "-o", report.path, "--export-lp", lp.path, "--export-mps", fresh.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(try text(report).contains("Status: optimal"))
        #expect(try text(lp).contains("Minimize"))
        #expect(try info(report.path).st_mode & 0o777 == 0o600)
        #expect(try info(lp.path).st_mode & 0o777 == 0o600)
        #expect(try info(fresh.path).st_mode & 0o777 == 0o666 & ~mask)
    }

    @Test func linksPlantedAtTemporaryLookingNamesAreNotFollowed() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim.txt")
        try "precious\n".write(to: victim, atomically: false, encoding: .utf8)
        // The templates themselves, and names of the shapes other tools use.
        let planted = [
            ".stockpile-tmp-report.txt-XXXXXX", ".stockpile-tmp-export-XXXXXX", "report.txt.tmp", "plan.lp.tmp",
            ".report.txt.tmp", "report.txt~",
        ]
        for name in planted {
            try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(name).path, withDestinationPath: victim.path)
        }
        let run = try CLI.run([
            "plan", Self.tutorial, "-o", dir.appendingPathComponent("report.txt").path, "--export-lp", dir.appendingPathComponent("plan.lp").path,
        ])
        #expect(run.status == 0, "\(run.error)")
        #expect(try text(victim) == "precious\n")
        #expect(try names(in: dir) == (planted + ["plan.lp", "report.txt", "victim.txt"]).sorted())
        for name in planted {
            #expect(try info(dir.appendingPathComponent(name).path, link: true).st_mode & S_IFMT == S_IFLNK)
        }
    }

    // MARK: Inputs and other outputs

    @Test func anOutputNamingTheModelIsRefusedWith64() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.yaml")
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent(Self.tutorial).path, toPath: model.path)
        let original = try text(model)
        // By the same path, and through a link to it (same device and inode).
        let link = dir.appendingPathComponent("also-model.yaml")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "model.yaml")
        for (option, path) in [("--output", model.path), ("--export-lp", link.path), ("--export-mps", dir.path + "/./model.yaml")] {
            let run = try CLI.run(["plan", model.path, option, path])
            #expect(run.status == 64, "\(option) \(path): \(run.error)")
            #expect(run.error.contains("\(option) \(path) names the model file \(model.path)"), "\(run.error)")
            #expect(!run.error.contains("Status"))
        }
        #expect(try text(model) == original)
        #expect(try names(in: dir) == ["also-model.yaml", "model.yaml"])
    }

    @Test func anOutputNamingTheOffersFileOrAScenarioIsRefusedWith64() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = CLI.packageRoot.appendingPathComponent("Models")
        for name in ["csv-offers.yaml", "csv-offers.csv"] {
            try FileManager.default.copyItem(at: root.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let scenario = dir.appendingPathComponent("cut.yaml")
        try FileManager.default.copyItem(at: root.appendingPathComponent("scenarios/budget-cut-20.yaml"), to: scenario)
        let offers = dir.appendingPathComponent("csv-offers.csv")
        let before = try text(offers)
        let scenarioBefore = try text(scenario)
        let model = dir.appendingPathComponent("csv-offers.yaml").path

        let plan = try CLI.run(["plan", model, "--output", offers.path])
        #expect(plan.status == 64)
        #expect(plan.error.contains("names the offers file"), "\(plan.error)")
        let sweep = try CLI.run(["sweep", model, "--budget=-20%...+0%:10%", "--chart", offers.path])
        #expect(sweep.status == 64)
        #expect(sweep.error.contains("--chart \(offers.path) names the offers file"), "\(sweep.error)")
        let scenarioRun = try CLI.run(["plan", model, "--scenario", scenario.path, "--export-mps", scenario.path])
        #expect(scenarioRun.status == 64)
        #expect(scenarioRun.error.contains("names the scenario file \(scenario.path)"), "\(scenarioRun.error)")
        let compare = try CLI.run(["compare", model, scenario.path, "-o", scenario.path])
        #expect(compare.status == 64)
        #expect(compare.error.contains("names the scenario file"), "\(compare.error)")

        #expect(try text(offers) == before)
        #expect(try text(scenario) == scenarioBefore)
    }

    @Test func twoOutputsNamingOneFileAreRefusedWith64() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let same = dir.appendingPathComponent("same.txt").path
        let plan = try CLI.run(["plan", Self.tutorial, "--output", same, "--export-lp", same])
        #expect(plan.status == 64)
        #expect(plan.error.contains("--export-lp \(same) and --output \(same) name the same file"), "\(plan.error)")
        let sweep = try CLI.run(["sweep", Self.tutorial, "--budget=-20%...+0%:10%", "--output", same, "--chart", same])
        #expect(sweep.status == 64)
        #expect(sweep.error.contains("--chart \(same) and --output \(same) name the same file"), "\(sweep.error)")
        #expect(try names(in: dir).isEmpty)
    }

    // MARK: All or nothing

    /// A report that cannot be written is refused before anything is solved or exported
    /// (a report that fails while being written, after the exports were made, is
    /// `aFullDeviceFailsWith70AndReplacesNothing`).
    @Test func aRunThatFailsReplacesNoExport() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lp = dir.appendingPathComponent("plan.lp")
        let mps = dir.appendingPathComponent("plan.mps")
        for url in [lp, mps] { try "old program\n".write(to: url, atomically: false, encoding: .utf8) }
        let missing = dir.appendingPathComponent("no-such-folder/report.txt").path
        let run = try CLI.run(["plan", Self.tutorial, "-o", missing, "--export-lp", lp.path, "--export-mps", mps.path])
        #expect(run.status == 64)
        #expect(run.error.contains("no-such-folder` does not exist"), "\(run.error)")
        #expect(try text(lp) == "old program\n")
        #expect(try text(mps) == "old program\n")
        #expect(try names(in: dir) == ["plan.lp", "plan.mps"])
    }

    @Test func aSolverFailureReplacesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lp = dir.appendingPathComponent("plan.lp")
        let report = dir.appendingPathComponent("report.txt")
        for url in [lp, report] { try "old\n".write(to: url, atomically: false, encoding: .utf8) }
        // An integer model given a microsecond: its first search stops at the time limit.
        let run = try CLI.run([
            "plan", "Models/lots-and-minimum-orders.yaml", "--time-limit", "0.000001", "-o", report.path, "--export-lp", lp.path,
        ])
        #expect(run.status == 70, "\(run.error)")
        #expect(try text(lp) == "old\n")
        #expect(try text(report) == "old\n")
        #expect(try names(in: dir) == ["plan.lp", "report.txt"])
    }

    @Test func aSweepWithFailedPointsReplacesNeitherReportNorChart() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("sweep.csv")
        let chart = dir.appendingPathComponent("sweep.svg")
        for url in [report, chart] { try "old\n".write(to: url, atomically: false, encoding: .utf8) }
        let run = try CLI.run([
            "sweep", "Models/lots-and-minimum-orders.yaml", "--price", "cobalt=+0%...+10%:10%", "--time-limit", "0.000001", "--quiet",
            "-o", report.path, "--chart", chart.path,
        ])
        #expect(run.status == 70, "\(run.error)")
        #expect(run.error.contains("price cobalt = +10%: stage 1"), "\(run.error)")  // the failures, as the report is not written
        #expect(try text(report) == "old\n")
        #expect(try text(chart) == "old\n")
        #expect(try names(in: dir) == ["sweep.csv", "sweep.svg"])
    }

    @Test func aSuccessfulRunLeavesOnlyItsFiles() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.run([
            "plan", "Models/budget-shortfall.yaml", "-o", dir.appendingPathComponent("r.json").path, "--format", "json",
            "--export-lp", dir.appendingPathComponent("p.lp").path, "--export-mps", dir.appendingPathComponent("p.mps").path,
        ])
        #expect(run.status == 3, "\(run.error)")  // a shortfall plan is a result: its files are written
        #expect(try names(in: dir) == ["p.lp", "p.mps", "r.json"])
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as? [String: Any]
        #expect(report?["status"] as? String == "shortfall")
    }
}
