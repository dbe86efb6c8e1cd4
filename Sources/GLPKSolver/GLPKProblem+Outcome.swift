import CGLPK
import LinearModel

extension GLPKProblem {
    /// What a GLPK return code and solution status mean, in solver-neutral terms, with
    /// GLPK's own wording of the reason.
    struct Outcome {
        var termination: TerminationStatus
        var primal: PrimalStatus
        var message: String

        init(code: Int32, which: Int32, readback: stk_readback) {
            let primal: PrimalStatus =
                switch readback.primal_status {
                case GLP_FEAS, GLP_OPT: .feasible
                case GLP_INFEAS, GLP_NOFEAS: which == STK_SOL_MIP ? .none : .infeasible
                default: .none
                }
            switch code {
            case 0:
                (termination, message) = Self.fromStatus(readback.status, which: which)
                self.primal = termination == .optimal ? .feasible : primal
                if which == STK_SOL_MIP, readback.status == GLP_FEAS {
                    // intopt returns 0 with a feasible (not proven) point only after a stop.
                    (termination, message) = (.gapLimit, "integer search stopped with a feasible point")
                }
                return
            case GLP_ETMLIM: (termination, message) = (.timeLimit, "time limit exceeded")
            case GLP_EITLIM: (termination, message) = (.iterationLimit, "iteration limit exceeded")
            case GLP_EMIPGAP: (termination, message) = (.gapLimit, "relative MIP gap tolerance reached")
            case GLP_ENOPFS: (termination, message) = (.infeasible, "the presolver found no primal feasible solution")
            case GLP_ENODFS: (termination, message) = (.infeasibleOrUnbounded, "the presolver found no dual feasible solution")
            case GLP_ENOFEAS: (termination, message) = (.infeasibleOrUnbounded, "no primal/dual feasible solution")
            case GLP_ESING: (termination, message) = (.numericalFailure, "basis matrix is singular")
            case GLP_ECOND: (termination, message) = (.numericalFailure, "basis matrix is ill-conditioned")
            case GLP_ENOCVG: (termination, message) = (.numericalFailure, "interior point: very slow convergence or divergence")
            case GLP_EINSTAB: (termination, message) = (.numericalFailure, "interior point: numerical instability")
            case GLP_EFAIL: (termination, message) = (.numericalFailure, "solver failed")
            case GLP_EBADB: (termination, message) = (.solverError, "invalid initial basis")
            case GLP_EBOUND: (termination, message) = (.solverError, "a double-bounded variable has invalid bounds")
            case GLP_EROOT: (termination, message) = (.solverError, "optimal basis for the root relaxation not provided")
            default: (termination, message) = (.solverError, "GLPK returned code \(code)")
            }
            // After a stop, only a point GLPK itself calls feasible is offered as one.
            if termination == .infeasible || termination == .infeasibleOrUnbounded {
                self.primal = primal == .feasible ? .infeasible : primal
            } else {
                self.primal = primal
            }
        }

        private static func fromStatus(_ status: Int32, which: Int32) -> (TerminationStatus, String) {
            switch status {
            case GLP_OPT: (.optimal, "optimal solution found")
            case GLP_FEAS: (.solverError, "solution is feasible but not proven optimal")
            case GLP_INFEAS: (.numericalFailure, "solution is infeasible (intermediate)")
            case GLP_NOFEAS: (.infeasible, "problem has no feasible solution")
            case GLP_UNBND: (.unbounded, "problem has unbounded solution")
            default: (.solverError, "solution is undefined")
            }
        }
    }
}
