import ArgumentParser
import Stockpile

extension OutputTransaction {
    /// The outputs a command was given (options without a path left out), checked against
    /// its inputs: the model file `model`, the offers CSV file `loaded` was read from, and
    /// the `scenarios` files. A conflict is printed and ends the command with status 64,
    /// before anything is solved.
    static func checked(
        outputs: [(option: String, path: String?)], model: String, loaded: ValidatedModel, scenarios: [String]
    ) throws -> OutputTransaction {
        let given = outputs.compactMap { output in output.path.map { (option: output.option, path: $0) } }
        var inputs: [(role: String, path: String)] = [("model file", model)]
        if let offers = loaded.offersFile { inputs.append(("offers file", offers)) }
        inputs += scenarios.map { ("scenario file", $0) }
        return try CLIError.printed { () throws(CLIError) in try OutputTransaction(outputs: given, inputs: inputs) }
    }

    /// ``commit()`` for a command: a failure is printed and ends it with status 70.
    func commitOrExit() throws {
        try CLIError.printed { () throws(CLIError) in try commit() }
    }
}
