import ArgumentParser

/// The model file argument every command takes.
///
/// Like every option group here it has no `validate()` of its own: argument-parser runs a
/// group's `validate()` while the command is decoded, before the command's, so the command's
/// `validate()` calls ``check()`` instead, in the order its problems are reported.
struct ModelOptions: ParsableArguments {
    @Argument(help: "The model file (YAML or JSON), or - to read it from standard input.")
    var model: String

    /// Refuses an empty model path (a usage error, 64) before anything is read.
    func check() throws {
        guard !model.isEmpty else { throw ValidationError("the model path is empty; give a model file, or `-` to read one from standard input") }
    }
}
