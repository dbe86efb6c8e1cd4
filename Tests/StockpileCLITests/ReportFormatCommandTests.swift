import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `--format html` and `--format xlsx` end to end, and the status column of the plan's
/// CSV: which command writes which format, a workbook never sent to a terminal, and
/// workbooks written through the same safe outputs as text reports.
@Suite struct ReportFormatCommandTests {
    static let tutorial = "Models/tutorial.yaml"
    static let japan = "Models/japan-critical-minerals.yaml"
    static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    /// The bytes of the file at `url`.
    func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    // MARK: CSV status

    @Test func anOptimalPlansCSVSaysOptimalOnEveryRow() throws {
        let run = try CLI.run(["plan", Self.tutorial, "--format", "csv"])
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.first?.hasSuffix(",fixed_cost,status") == true)
        // The tutorial's plan, worked out in its comments: 150 t CN, 100 t AU, 50 t CA.
        #expect(
            Array(lines.dropFirst()) == [
                "cobalt,au-murrin,Murrin Murrin,AU,100,25000,2500000,USD,0,optimal",
                "cobalt,ca-sherritt,Sherritt,CA,50,30000,1500000,USD,0,optimal",
                "cobalt,cn-huayou,Huayou Cobalt,CN,150,20000,3000000,USD,0,optimal",
            ])
        #expect(!run.error.contains("warning"))
    }

    @Test func aShortPlansCSVSaysShortfallOnEveryRowAndWarns() throws {
        let run = try CLI.run(["plan", "Models/budget-shortfall.yaml", "--format", "csv"])
        #expect(run.status == 3, "\(run.error)")
        let rows = run.output.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.hasSuffix(",shortfall") })
        #expect(run.error.contains("stockpile: warning: the plan falls short of its targets"))
    }

    @Test func aScheduleCSVCarriesTheStatusToo() throws {
        let run = try CLI.run(["plan", "Models/japan-buildup.yaml", "--budget=-20%", "--format", "csv"])
        #expect(run.status == 3, "\(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.first?.hasSuffix(",fixed_cost,status") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",shortfall") })
    }

    // MARK: Which command writes which format

    @Test(arguments: [
        ["explain", "Models/tutorial.yaml"], ["compare", "Models/tutorial.yaml"],
        ["sweep", "Models/tutorial.yaml", "--price", "cobalt=-20%...+0%:10%", "--quiet"],
    ])
    func onlyPlanWritesAWorkbook(_ arguments: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLI.run(arguments + ["--format", "xlsx", "--output", dir.appendingPathComponent("out.xlsx").path])
        #expect(run.status == 64)
        #expect(run.error.contains("--format xlsx is not one this command writes; give one of table, json, csv, markdown, html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test(arguments: ["plan", "explain", "compare", "sweep"])
    func everyCommandsHelpNamesHTML(_ command: String) throws {
        let run = try CLI.run([command, "--help"])
        #expect(run.status == 0)
        let help = run.output.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(help.contains("html (one self-contained page"))
        // ArgumentParser lists every value of the type after the help, xlsx too; only
        // plan's own words offer it (the others refuse it, above).
        #expect(help.contains("or xlsx (a workbook") == (command == "plan"))
    }

    @Test(arguments: [
        ["plan", "Models/tutorial.yaml"], ["plan", "Models/japan-buildup.yaml"], ["explain", "Models/tutorial.yaml"],
        ["compare", "Models/japan-critical-minerals.yaml", "Models/scenarios/budget-cut-20.yaml"],
        ["sweep", "Models/tutorial.yaml", "--price", "cobalt=-20%...+0%:10%", "--quiet"],
    ])
    func htmlGoesToStandardOutputAsOnePage(_ arguments: [String]) throws {
        let run = try CLI.run(arguments + ["--format", "html"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("<!DOCTYPE html>\n") && run.output.hasSuffix("</html>\n"))
        #expect(run.output.components(separatedBy: "<html").count == 2)
        // Charts: a plan's shares and costs, a sweep's curve; a comparison is its tables.
        #expect(run.output.contains("<svg") == (arguments[0] != "compare"))
    }

    // MARK: Workbooks and terminals

    @Test func aWorkbookWithoutOutputGoesToAPipe() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["plan", Self.tutorial, "--format", "xlsx"]
        process.currentDirectoryURL = CLI.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Array(data.prefix(4)) == Self.zip)
        // The same bytes as written to a file.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plan.xlsx")
        #expect(try CLI.run(["plan", Self.tutorial, "--format", "xlsx", "--output", file.path]).status == 0)
        #expect(try bytes(file) == [UInt8](data))
    }

    @Test func aWorkbooksCertificateGoesToStandardError() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plan.xlsx")
        let run = try CLI.run(["plan", Self.tutorial, "--certify", "--format", "xlsx", "--output", file.path])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.contains("10 of 10 checks passed"))
        #expect(Array(try bytes(file).prefix(4)) == Self.zip)
    }

    /// A pseudo-terminal: the controller's descriptor and the device's path. Linux's
    /// `/dev/ptmx` with its ioctls (Glibc's `posix_openpt` and `unlockpt` are not imported
    /// into Swift): TIOCSPTLCK 0x40045431 unlocks, TIOCGPTN 0x80045430 gives the number.
    func terminal() throws -> (controller: Int32, path: String) {
        let controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(controller >= 0, "no pseudo-terminal: \(errno)")
        var unlock: Int32 = 0
        var number: UInt32 = 0
        try #require(ioctl(controller, 0x4004_5431, &unlock) == 0, "cannot unlock the pseudo-terminal: \(errno)")
        try #require(ioctl(controller, 0x8004_5430, &number) == 0, "cannot number the pseudo-terminal: \(errno)")
        return (controller, "/dev/pts/\(number)")
    }

    @Test func aWorkbookIsNotWrittenToATerminal() throws {
        let (controller, device) = try terminal()
        defer { close(controller) }
        let screen = open(device, O_RDWR | O_NOCTTY)
        try #require(screen >= 0)
        defer { close(screen) }

        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["plan", Self.tutorial, "--format", "xlsx"]
        process.currentDirectoryURL = CLI.packageRoot
        process.standardOutput = FileHandle(fileDescriptor: screen, closeOnDealloc: false)
        let error = Pipe()
        process.standardError = error
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(message.contains("--format xlsx writes a binary file, which a terminal cannot show; give --output FILE"))

        // Named as the output, the terminal is refused too.
        let named = try CLI.run(["plan", Self.tutorial, "--format", "xlsx", "--output", device])
        #expect(named.status == 64, "\(named.error)")
        #expect(named.error.contains("a terminal cannot show"))
        // Text formats still go to a terminal.
        #expect(try CLI.run(["plan", Self.tutorial, "--format", "html", "--output", device]).status == 0)
    }

    // MARK: Workbooks through the safe outputs

    @Test func aWorkbookToDevNullLeavesTheDevice() throws {
        let run = try CLI.run(["plan", Self.tutorial, "--format", "xlsx", "--output", "/dev/null"])
        #expect(run.status == 0, "\(run.error)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
    }

    @Test(.enabled(if: geteuid() == 0, "making a character device with mknod needs root"))
    func aWorkbookToACharacterDeviceIsWrittenInPlace() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let null = dir.appendingPathComponent("null")
        try #require(mknod(null.path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0)
        let run = try CLI.run(["plan", Self.tutorial, "--format", "xlsx", "--output", null.path])
        #expect(run.status == 0, "\(run.error)")
        var info = stat()
        #expect(lstat(null.path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["null"])
    }

    @Test func aWorkbookNeverReplacesAnInput() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.yaml")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent(Self.tutorial), to: model)
        let before = try bytes(model)
        let run = try CLI.run(["plan", model.path, "--format", "xlsx", "--output", model.path])
        #expect(run.status == 64)
        #expect(run.error.contains("names the model file"))
        #expect(try bytes(model) == before)
    }

    @Test func aWorkbookFollowsALinkAndRewritesEveryHardLinkedName() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("target.xlsx")
        let link = dir.appendingPathComponent("link.xlsx")
        try Data("old".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        #expect(try CLI.run(["plan", Self.tutorial, "--format", "xlsx", "--output", link.path]).status == 0)
        var info = stat()
        #expect(lstat(link.path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        let workbook = try bytes(target)
        #expect(Array(workbook.prefix(4)) == Self.zip)

        let other = dir.appendingPathComponent("other-name.xlsx")
        try #require(Glibc.link(target.path, other.path) == 0)
        try Data("old".utf8).write(to: target, options: [])  // in place: both names see it
        #expect(try bytes(other) == Array("old".utf8))
        #expect(try CLI.run(["plan", Self.tutorial, "--format", "xlsx", "--output", other.path]).status == 0)
        #expect(try bytes(target) == workbook && bytes(other) == workbook)
    }

    @Test func aFailedRunLeavesTheOldWorkbook() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plan.xlsx")
        try Data("old".utf8).write(to: file)
        let broken = dir.appendingPathComponent("broken.yaml")
        try "name: x\nmaterials: [\n".write(to: broken, atomically: false, encoding: .utf8)
        let run = try CLI.run(["plan", broken.path, "--format", "xlsx", "--output", file.path])
        #expect(run.status == 65)
        #expect(try bytes(file) == Array("old".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["broken.yaml", "plan.xlsx"])
    }
}
