import Foundation

/// One glpsol configuration, timed on the exported free-MPS file.
struct GlpsolSeries {
    var label: String
    var arguments: [String]
    /// Wall time of the whole glpsol process (read MPS, solve, write the solution).
    var wall: [Double] = []
    /// glpsol's own "Time used" (the solver call only), in seconds.
    var solverTime: [Double] = []
    var objective: Double?
    var status = ""
    var iterations: Int?
    /// glpsol's "Memory used" peak, in MB.
    var memoryMB: Double?
    var error: String?
    var skipped: String?
}

/// Runs `glpsol --freemps mpsPath -o out <extra>` `repeats` times, in `directory`.
func runGlpsol(
    _ label: String, executable: String, mpsPath: String, extra: [String], repeats: Int, directory: String
) -> GlpsolSeries {
    let slug = label.map { $0.isLetter || $0.isNumber ? $0 : "_" }
    let outputPath = "\(directory)/glpsol-\(String(slug)).sol"  // a real file: never /dev/null
    let logPath = "\(directory)/glpsol-\(String(slug)).log"
    var series = GlpsolSeries(label: label, arguments: ["--freemps", mpsPath, "-o", outputPath] + extra)
    for _ in 0..<max(1, repeats) {
        do {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            guard let log = FileHandle(forWritingAtPath: logPath) else {
                series.error = "cannot write \(logPath)"
                return series
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = series.arguments
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            let start = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            let wall = seconds(ContinuousClock.now - start)
            try? log.close()
            let logText = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            guard process.terminationStatus == 0 else {
                series.error =
                    "glpsol exited with status \(process.terminationStatus): "
                    + logText.split(separator: "\n").suffix(3).joined(separator: " | ")
                return series
            }
            series.wall.append(wall)
            let parsedLog = parseGlpsolLog(logText)
            if let time = parsedLog.time { series.solverTime.append(time) }
            series.iterations = parsedLog.iterations
            series.memoryMB = parsedLog.memoryMB
            let solution = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            let parsed = parseGlpsolSolution(solution)
            series.objective = parsed.objective
            series.status = parsed.status
            if parsed.objective == nil {
                series.error = "no objective found in \(outputPath)"
                return series
            }
        } catch {
            series.error = "could not run \(executable): \(error)"
            return series
        }
    }
    return series
}

/// Reads "Status:" and "Objective:  name = 1.234e+05 (MINimum)" from a glpsol `-o` report.
func parseGlpsolSolution(_ text: String) -> (objective: Double?, status: String) {
    var objective: Double?
    var status = ""
    for line in text.split(separator: "\n").prefix(20) {
        if line.hasPrefix("Status:") {
            status = line.dropFirst("Status:".count).trimmingCharacters(in: .whitespaces)
        } else if line.hasPrefix("Objective:"), let equals = line.firstIndex(of: "=") {
            let rest = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let token = rest.split(separator: " ").first { objective = Double(token) }
        }
    }
    return (objective, status)
}

/// Reads "Time used: 1.2 secs", "Memory used: 3.4 Mb" and the last iteration count
/// ("*  1234: obj = ..." primal, "#  1234: obj = ..." dual, " 12: obj = ..." interior point) from glpsol's log.
func parseGlpsolLog(_ text: String) -> (time: Double?, memoryMB: Double?, iterations: Int?) {
    var time: Double?
    var memory: Double?
    var iterations: Int?
    for rawLine in text.split(separator: "\n") {
        let line = rawLine.trimmingCharacters(in: .whitespaces)
        if line.hasPrefix("Time used:") {
            time = Double(line.dropFirst("Time used:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        } else if line.hasPrefix("Memory used:") {
            memory = Double(line.dropFirst("Memory used:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        } else if let colon = line.firstIndex(of: ":"), line[colon...].contains("obj =") {
            let head = line[..<colon].trimmingCharacters(in: CharacterSet(charactersIn: "*# "))
            if let count = Int(head) { iterations = count }
        }
    }
    return (time, memory, iterations)
}
