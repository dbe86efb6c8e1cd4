import LinearModel
import Testing

@testable import GLPKSolver

/// How GLPK's printed output up to an internal error becomes the error's message.
@Suite struct InternalErrorMessageTests {
    /// What GLPK 5.0 printed when its memory ran out inside the simplex method: the step's
    /// log first, then the reason, then where (the first line used to be taken as the reason).
    @Test func outOfMemoryDuringSimplexIsSaidAsSuch() {
        let output = """
            Scaling...
             A: min|aij| =  1.000e+00  max|aij| =  1.000e+00  ratio =  1.000e+00
            Constructing initial basis...
            glp_alloc: memory allocation limit exceeded
            Error detected in file env/alloc.c at line 84

            """
        let error = GLPKProblem.internalError(output: output)
        #expect(error.code == .internalError)
        #expect(
            error.message == "GLPK ran out of memory (glp_alloc: memory allocation limit exceeded) and was recovered; "
                + "free memory or raise the limit (the solver's memory limit, or the process's: ulimit -v)")
        #expect(error.solverOutput == output)
    }

    /// malloc failing (the process's own limit) is GLPK's "no memory available".
    @Test func mallocFailureIsOutOfMemory() {
        let error = GLPKProblem.internalError(output: "glp_alloc: no memory available\nError detected in file env/alloc.c at line 70\n")
        #expect(error.message.hasPrefix("GLPK ran out of memory (glp_alloc: no memory available)"))
    }

    /// Another internal error keeps GLPK's reason, the line before "Error detected".
    @Test func otherErrorsNameTheLineBeforeTheLocation() {
        let output =
            "Constructing initial basis...\nglp_set_row_bnds: i = 0; row number out of range\nError detected in file api/prob1.c at line 100\n"
        let error = GLPKProblem.internalError(output: output)
        #expect(error.message == "GLPK stopped with an internal error and was recovered: glp_set_row_bnds: i = 0; row number out of range")
    }
}
