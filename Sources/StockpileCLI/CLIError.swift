import ArgumentParser
import Foundation

/// A failure to report on standard error, with the exit status to end with.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    var status: Int32

    init(_ description: String, status: Int32 = 70) {
        self.description = description
        self.status = status
    }

    /// Runs `body`; a ``CLIError`` it throws is printed and ends the command with its status.
    static func printed<Result>(_ body: () throws(CLIError) -> Result) throws(ExitCode) -> Result {
        do {
            return try body()
        } catch {
            printError("stockpile: \(error.description)")
            throw ExitCode(error.status)
        }
    }
}

/// Writes `text` to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}
