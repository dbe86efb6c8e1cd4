import Foundation
import Testing

extension CLI {
    /// Runs the binary like ``run(_:)``, through `/bin/sh` so that `limits` (e.g.
    /// `ulimit -v 300000`) apply to it, with `input` on standard input (nil: /dev/null),
    /// from `directory` (nil: the package's top folder), killed after `seconds` (status 124).
    static func run(
        _ arguments: [String], input: Data? = nil, limits: String = "", directory: URL? = nil, seconds: Int = 60
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(limits)\nexec timeout \(seconds) \"$0\" \"$@\"", binary.path] + arguments
        process.currentDirectoryURL = directory ?? packageRoot
        if input == nil { process.standardInput = FileHandle.nullDevice }
        return try collect(process, input: input)
    }
}

/// Inputs and processes that used to hang, crash or mislead: each ends promptly with its
/// documented status and a message that says what is wrong and what to do.
@Suite struct InputSafetyCommandTests {
    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let smallModel = "name: x\nmaterials:\n  - {id: a, target: 10}\n"

    @Test func offersFromADeviceAreRefusedNotReadForever() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try Self.write(Self.smallModel + "offers: /dev/zero\n", "zero.yaml", in: directory)
        let run = try CLI.run(["plan", model], seconds: 20)
        #expect(run.status == 65, "\(run.error)")
        #expect(run.error.contains("zero.yaml:4:1: error: offers: cannot read offers file `/dev/zero`: it is a character device"), "\(run.error)")
    }

    @Test func namedPipesAreRefusedWithoutWaitingForAWriter() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("pipe").path
        guard mkfifo(fifo, 0o600) == 0 else {
            print("skipped: mkfifo failed (\(String(cString: strerror(errno))))")
            return
        }
        let model = try Self.write(Self.smallModel + "offers: pipe\n", "m.yaml", in: directory)
        let asOffers = try CLI.run(["plan", model], seconds: 20)
        #expect(asOffers.status == 65, "\(asOffers.error)")
        #expect(asOffers.error.contains("it is a named pipe (FIFO), not a regular file"), "\(asOffers.error)")
        let asModel = try CLI.run(["plan", fifo], seconds: 20)
        #expect(asModel.status == 65, "\(asModel.error)")
        #expect(asModel.error.contains("cannot read model file `\(fifo)`: it is a named pipe (FIFO)"), "\(asModel.error)")
    }

    /// A character device made with mknod (root only) named as the model file.
    @Test func aDeviceAsTheModelIsRefused() throws {
        guard getuid() == 0 else {
            print("skipped: mknod needs root")
            return
        }
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let device = directory.appendingPathComponent("model.yaml").path
        guard mknod(device, S_IFCHR | 0o600, dev_t(1 << 8 | 5)) == 0 else {  // Linux's makedev(1, 5): /dev/zero
            print("skipped: mknod failed (\(String(cString: strerror(errno))))")
            return
        }
        let run = try CLI.run(["plan", device], seconds: 20)
        #expect(run.status == 65, "\(run.error)")
        #expect(run.error.contains("it is a character device, not a regular file"), "\(run.error)")
    }

    @Test func aModelPipedOnStandardInputIsPlanned() throws {
        let model = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("Models/tutorial.yaml"))
        for path in ["-", "/dev/stdin"] {
            let run = try CLI.run(["plan", path], input: model)
            #expect(run.status == 0, "\(path): \(run.error)")
            #expect(run.output.contains("Status: optimal"), "\(path)")
            #expect(!run.error.contains("Permission denied"))
        }
    }

    /// From standard input, a relative offers path is relative to the current directory:
    /// the package's top folder here, where Models/csv-offers.csv is.
    @Test func offersOfAPipedModelAreRelativeToTheCurrentDirectory() throws {
        var text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("Models/csv-offers.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "offers: csv-offers.csv", with: "offers: Models/csv-offers.csv")
        #expect(text.contains("offers: Models/csv-offers.csv"))
        let run = try CLI.run(["plan", "-"], input: Data(text.utf8))
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Total cost: 73.54M USD"), "\(run.output)")
    }

    @Test func aTerminalOrDeviceOnStandardInputIsRefused() throws {
        let run = try CLI.run(["plan", "-"], seconds: 20)  // standard input is /dev/null
        #expect(run.status == 65)
        #expect(run.error.contains("<stdin>: error: cannot read model file `-`: standard input is a terminal or device"), "\(run.error)")
    }

    @Test func invalidUTF8IsLocated() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("bad.yaml")
        try Data(Array("name: x\nmaterials:\n  - id: a".utf8) + [0xFF] + Array("\n".utf8)).write(to: model)
        let run = try CLI.run(["plan", model.path])
        #expect(run.status == 65)
        #expect(run.error.contains("bad.yaml:3:10: error: byte 0xFF is not UTF-8 text; save the file as UTF-8"), "\(run.error)")

        let csv = Array("id,supplier,country,material,price\nx1,S".utf8) + [0xC3, 0x28] + Array(",CN,a,10\n".utf8)
        try Data(csv).write(to: directory.appendingPathComponent("offers.csv"))
        let withCSV = try Self.write(Self.smallModel + "offers: offers.csv\n", "m.yaml", in: directory)
        let offers = try CLI.run(["plan", withCSV])
        #expect(offers.status == 65)
        #expect(offers.error.contains("offers.csv:2:5: error: offers[0]: malformed CSV row: byte 0xC3 is not UTF-8 text"), "\(offers.error)")
    }

    static let badOutputs: [(path: String, message: String)] = [
        ("", "--output is empty; give a file name"),
        ("/tmp", "--output `/tmp` is a directory; give a file path, e.g. /tmp/plan.txt"),
        ("/nonexistent-stockpile/plan.txt", "--output `/nonexistent-stockpile/plan.txt`: the folder `/nonexistent-stockpile` does not exist"),
    ]

    @Test(arguments: badOutputs.indices)
    func outputPathsAreCheckedBeforePlanning(_ index: Int) throws {
        let (path, message) = Self.badOutputs[index]
        for command in [["plan", "Models/tutorial.yaml"], ["explain", "Models/tutorial.yaml"], ["compare", "Models/tutorial.yaml"]] {
            let run = try CLI.run(command + ["--output", path])
            #expect(run.status == 64, "\(command): \(run.error)")
            #expect(run.error.contains(message), "\(run.error)")
            #expect(!run.error.contains("NSCocoaErrorDomain"))
        }
        let chart = try CLI.run(["sweep", "Models/tutorial.yaml", "--cap", "CN=0.3...0.5:0.1", "--chart", path])
        #expect(chart.status == 64)
        #expect(chart.error.contains(message.replacingOccurrences(of: "--output", with: "--chart")), "\(chart.error)")
    }

    @Test func anEmptyScenarioPathIsAUsageError() throws {
        for arguments in [["plan", "Models/tutorial.yaml", "--scenario", ""], ["compare", "Models/tutorial.yaml", ""]] {
            let run = try CLI.run(arguments)
            #expect(run.status == 64)
            #expect(run.error.contains("a scenario file path is empty"), "\(run.error)")
            #expect(!run.error.contains("Is a directory"))
        }
    }

    static let negativeValues: [(arguments: [String], message: String)] = [
        (["plan", "Models/tutorial.yaml", "--time-limit", "-5"], "--time-limit must be a positive number of seconds, not -5.0"),
        (["explain", "Models/tutorial.yaml", "--time-limit", "-5"], "--time-limit must be a positive number of seconds, not -5.0"),
        (["plan", "Models/tutorial.yaml", "--mip-gap", "-1"], "--mip-gap must be a fraction from 0 up to (not including) 1, not -1.0"),
        (["sweep", "Models/tutorial.yaml", "--cap", "CN=0.3...0.5:0.1", "--jobs", "-1"], "--jobs must be from 1 to 64, not -1"),
        (["compare", "Models/tutorial.yaml", "--jobs", "-1"], "--jobs must be from 1 to 64, not -1"),
        (["compare", "Models/tutorial.yaml", "--time-limit", "-0.5"], "--time-limit must be a positive number of seconds, not -0.5"),
    ]

    @Test(arguments: negativeValues.indices)
    func negativeValuesReachTheRangeCheck(_ index: Int) throws {
        let (arguments, message) = Self.negativeValues[index]
        let run = try CLI.run(arguments)
        #expect(run.status == 64)
        #expect(run.error.contains(message), "\(run.error)")
        #expect(!run.error.contains("Missing value"))
    }

    /// Three changes; only the second (line 4) pushes prices out of range (x1e300).
    @Test func aScenarioThatBreaksTheModelNamesTheChangesLine() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = try Self.write(
            "name: Bad\nchanges:\n  - ban: AU\n  - price: cobalt=x1e300\n  - budget: -10%\n", "bad.yaml", in: directory)
        let run = try CLI.run(["plan", "Models/japan-critical-minerals.yaml", "--scenario", scenario])
        #expect(run.status == 65)
        let lines = run.error.split(separator: "\n").filter { $0.contains("error:") }
        #expect(!lines.isEmpty)
        #expect(
            lines.allSatisfy { $0.hasPrefix("\(scenario):4:12: error: changes[1].price: this change of scenario `Bad` makes the model invalid") },
            "\(run.error)")
    }

    /// 600,000 inline offers (about 45 MB) need some 360 MB to parse (8 bytes a byte); under
    /// a 293 MiB address-space limit the file is refused up front (70), not a crash part way.
    /// Not under AddressSanitizer (`make leaks`), whose shadow memory alone is larger than
    /// any such limit: the binary cannot start there.
    @Test(.disabled(if: ProcessInfo.processInfo.environment["ASAN_OPTIONS"] != nil, "AddressSanitizer cannot run under ulimit -v"))
    func aModelTooLargeForTheMemoryLimitIsRefused() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var text = Self.smallModel + "offers:\n"
        for k in 0..<600_000 { text += "  - {id: o\(k), supplier: S\(k), country: CN, material: a, price: \(k % 97 + 1)}\n" }
        let model = try Self.write(text, "big.yaml", in: directory)
        let run = try CLI.run(["plan", model], limits: "ulimit -v 300000", seconds: 60)
        #expect(run.status == 70, "\(run.error)")
        #expect(run.error.contains("model file would take about"), "\(run.error)")
        #expect(run.error.contains("under the process's limit (ulimit -v)"))
    }
}
