import ArgumentParser
import Foundation
import Stockpile

/// Reading the model file and applying scenarios, with the messages and exit statuses
/// every command shares.
enum ModelInput {
    /// Loads the model file at `path`, printing its warnings; on errors prints them all and
    /// exits with status 65.
    static func load(_ path: String) throws -> ValidatedModel {
        do {
            let loaded = try ModelFile.load(path: path)
            for warning in loaded.warnings { printError(warning.description) }
            return loaded
        } catch {
            printError(error.description)
            if error.isOutOfMemory {
                printError("stockpile: nothing was planned")
                throw ExitStatus.solverFailure
            }
            let count = error.diagnostics.filter { $0.severity == .error }.count
            printError("\(ModelFile.displayName(of: path)): \(count) error\(count == 1 ? "" : "s"); nothing was planned")
            throw ExitStatus.invalidModel
        }
    }

    /// Loads the model file at `path` for a command that plans single-period models only
    /// (`command`); a multi-period model is refused with status 64 and a pointer to `plan`.
    static func load(_ path: String, singlePeriodFor command: String) throws -> ValidatedModel {
        let loaded = try load(path)
        guard !loaded.model.isMultiPeriod else {
            printError(
                "stockpile \(command): \(path) is a multi-period model (it has `periods:`); `\(command)` works on single-period "
                    + "models only. `stockpile plan \(path)` gives its schedule; `compare` and `sweep` take it too.")
            throw ExitCode(64)
        }
        return loaded
    }

    /// `scenario` applied to `model`; on problems prints them all and exits with status 65
    /// when a scenario file is at fault, 64 when only flags are.
    static func apply(_ scenario: Scenario, to loaded: ValidatedModel) throws -> ValidatedModel {
        do {
            let result = try scenario.apply(to: loaded)
            for warning in result.warnings where !loaded.warnings.contains(warning) { printError(warning.description) }
            return result
        } catch {
            fail(error)
        }
    }

    /// Prints a scenario error and exits (65 for a scenario file at fault, 64 for flags only).
    static func fail(_ error: ScenarioError) -> Never {
        printError(error.description)
        printError("nothing was planned")
        let fromFile = error.diagnostics.contains { !$0.file.isEmpty }
        StockpileCommand.exit(withError: fromFile ? ExitStatus.invalidModel : ExitCode(64))
    }

    /// The scenario the flags and files of `options` describe, or nil; exits on problems.
    static func scenario(_ options: ScenarioOptions) -> Scenario? {
        do {
            return try options.scenario()
        } catch {
            fail(error)
        }
    }

    /// Refuses an empty scenario file path (a usage error, 64) before anything is read.
    static func validate(scenarioFiles paths: [String]) throws {
        guard !paths.contains(where: \.isEmpty) else {
            throw ValidationError("a scenario file path is empty; give a scenario file, e.g. Models/scenarios/budget-cut-20.yaml")
        }
    }

    /// Stages `text` as the output of `option` in `files`, or prints it to standard output
    /// when `path` is nil; on failure prints why and exits with status 70.
    static func write(_ text: String, to path: String?, option: String = "--output", in files: OutputTransaction) throws {
        guard path != nil else { return print(text, terminator: "") }
        try CLIError.printed { () throws(CLIError) in try files.stage(text, for: option) }
    }

    /// Stages `contents` (a report's text or a workbook's bytes) as the output `--output`
    /// in `files`, or writes it to standard output when `path` is nil (bytes only where
    /// ``OutputOptions/check()`` found no terminal); on failure prints why and exits with
    /// status 70.
    static func write(_ contents: OutputTransaction.Contents, to path: String?, in files: OutputTransaction) throws {
        switch contents {
        case .text(let text):
            try write(text, to: path, in: files)
        case .bytes(let bytes) where path == nil:
            fflush(nil)  // whatever print buffered goes first
            do {
                try FileHandle.standardOutput.write(contentsOf: bytes)
            } catch {
                printError("stockpile: cannot write the report to standard output: \(error.localizedDescription)")
                throw ExitStatus.solverFailure
            }
        case .bytes:
            try CLIError.printed { () throws(CLIError) in try files.stage(contents, for: "--output") }
        }
    }
}
