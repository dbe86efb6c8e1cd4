import LinearModel
import Testing

@Suite("Solver options")
struct OptionsTests {
    @Test("the defaults are valid")
    func defaults() {
        #expect(throws: Never.self) { try SolverOptions().validate() }
    }

    enum Change: String, CaseIterable, Sendable {
        case negativeTimeLimit, zeroTimeLimit, nanTimeLimit, infiniteTimeLimit
        case interiorPointWithTimeLimit, gapOne, gapAboveOne, negativeGap, nanGap, zeroMemoryLimit
        case zeroJobs, negativeJobs, tooManyJobs

        /// The setting the change puts out of range.
        var setting: SolverOptions.Setting {
            switch self {
            case .negativeTimeLimit, .zeroTimeLimit, .nanTimeLimit, .infiniteTimeLimit: .timeLimit
            case .interiorPointWithTimeLimit: .method
            case .gapOne, .gapAboveOne, .negativeGap, .nanGap: .relativeGap
            case .zeroMemoryLimit: .memoryLimit
            case .zeroJobs, .negativeJobs, .tooManyJobs: .jobs
            }
        }

        func apply(_ options: inout SolverOptions) {
            switch self {
            case .negativeTimeLimit: options.timeLimit = -1
            case .zeroTimeLimit: options.timeLimit = 0
            case .nanTimeLimit: options.timeLimit = .nan
            case .infiniteTimeLimit: options.timeLimit = .infinity
            case .interiorPointWithTimeLimit:
                options.method = .interiorPoint
                options.timeLimit = 5
            case .gapOne: options.relativeGap = 1
            case .gapAboveOne: options.relativeGap = 1.5
            case .negativeGap: options.relativeGap = -0.1
            case .nanGap: options.relativeGap = .nan
            case .zeroMemoryLimit: options.memoryLimit = 0
            case .zeroJobs: options.jobs = 0
            case .negativeJobs: options.jobs = -1
            case .tooManyJobs: options.jobs = 65
            }
        }
    }

    @Test("out-of-range settings throw .invalidOptions", arguments: Change.allCases)
    func invalid(_ change: Change) {
        var options = SolverOptions()
        change.apply(&options)
        let error = #expect(throws: SolverError.self) { try options.validate() }
        #expect(error?.code == .invalidOptions)
        #expect(error?.message.isEmpty == false)
        #expect(error?.setting == change.setting)
    }

    @Test("in-range settings pass")
    func valid() {
        var options = SolverOptions()
        options.timeLimit = 0.5
        options.relativeGap = 0
        options.memoryLimit = 1
        options.method = .primal
        options.jobs = 64
        #expect(throws: Never.self) { try options.validate() }
        var interior = SolverOptions()
        interior.method = .interiorPoint  // no time limit: fine
        #expect(throws: Never.self) { try interior.validate() }
    }
}
