import Foundation
import Stockpile

/// The repository's folders, found from this file's place (`Tests/StockpileTests/Support/`).
enum Repository {
    /// The repository's root folder.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Whether `a` is within `tolerance` of `b`, relative to the larger of 1 and |b| (false
/// when `a` is nil): how the planner tests compare hand-worked figures with solved ones.
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// What `schedule` orders of `offer` in `period`, over all its orders.
func ordered(_ schedule: Schedule, _ offer: String, in period: String) -> Double {
    schedule.orders.filter { $0.offer == offer && $0.ordered == period }.reduce(0) { $0 + $1.quantity }
}

/// A blocker as a test states it: its kind and values, without the stage-1 shadow price
/// or the cap's index (`Blocker/blocked`).
struct Blocked: Equatable, CustomStringConvertible {
    var kind: Blocker.Kind
    var limit: Double?
    var period: String?
    var country: String?
    var spend = false
    var scope: String?
    var offers: [String] = []

    static func budget(_ limit: Double) -> Blocked { Blocked(kind: .budget, limit: limit) }
    static func periodBudget(_ limit: Double, in period: String) -> Blocked { Blocked(kind: .periodBudget, limit: limit, period: period) }
    static func materialBudget(_ limit: Double) -> Blocked { Blocked(kind: .materialBudget, limit: limit) }
    static func noOffers(by period: String? = nil) -> Blocked { Blocked(kind: .noOffers, period: period) }
    /// Offers of a one-period plan at their capacity, `units` in all.
    static func capacity(_ offers: [String], _ units: Double) -> Blocked { Blocked(kind: .capacity, limit: units, offers: offers) }
    /// Every order of a schedule's material that can arrive by `period`, at its capacity.
    static func capacity(by period: String) -> Blocked { Blocked(kind: .capacity, period: period) }
    /// A cap on `country` at `share`, over material `scope` (nil: all materials).
    static func cap(_ country: String, _ share: Double, spend: Bool = false, on scope: String?, in period: String? = nil) -> Blocked {
        Blocked(kind: .cap, limit: share, period: period, country: country, spend: spend, scope: scope)
    }

    var description: String {
        "\(kind) \(limit.map { "\($0)" } ?? "") \(period ?? "") \(country ?? "") \(spend ? "spend" : "") \(scope ?? "") \(offers)"
    }
}

extension Blocker {
    /// What the blocker names (a schedule's capacity without its units: the test states the period).
    var blocked: Blocked {
        Blocked(
            kind: kind, limit: kind == .capacity && period != nil ? nil : limit, period: period, country: cap?.cap.country,
            spend: cap?.cap.basis == .spend, scope: cap?.material, offers: offers)
    }
}

/// A small, fixed-seed random number generator, so that random tests repeat: the
/// library's SplitMix64 started at the seed.
typealias SeededGenerator = SplitMix64

/// Runs a Python 3 script that needs `module` (e.g. `openpyxl`) and returns its standard
/// output, or nil, after printing why, when `python3` or the module is missing here (the
/// test then checks nothing more; CI installs both). A script that fails is a test failure
/// for the caller to report: its status and standard error come back too.
func runPython(needing module: String, script: String, arguments: [String] = []) throws -> (status: Int32, output: String, error: String)? {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import \(module)"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    do {
        try probe.run()
        probe.waitUntilExit()
    } catch {
        print("skipped: python3 cannot be started (\(error))")
        return nil
    }
    guard probe.terminationStatus == 0 else {
        print("skipped: python3 has no `\(module)` module here (pip install \(module))")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    // Read both pipes to the end before waiting, so a large output cannot block the script.
    let errorData = LockedData()
    let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { usleep(1000) }
    return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData.value, as: UTF8.self))
}

/// Data handed from one thread to another.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}
