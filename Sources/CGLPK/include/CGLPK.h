/* GLPK from Debian's libglpk-dev, and the guard that keeps its errors from aborting.
 *
 * GLPK calls abort() when it detects an error. Every stk_* function below runs one coarse
 * GLPK step with an error hook that longjmp()s back into the function, which then frees
 * this thread's GLPK environment (glp_free_env(), which frees every problem of the thread)
 * and returns STK_FAILED. What GLPK printed is kept in a per-thread buffer (stk_output()).
 * All functions act on the calling thread's environment only. Arrays are 1-based as GLPK
 * wants them; index 0 is unused. */
#ifndef STOCKPILE_CGLPK_H
#define STOCKPILE_CGLPK_H

#include <glpk.h>

#define STK_OK 0
#define STK_FAILED 1

/* Everything glp_load_matrix and the column/row setters need, already in GLPK's terms. */
typedef struct {
    int rows, cols, entries;
    const char *name;                 /* may be NULL */
    int sense;                        /* GLP_MIN or GLP_MAX */
    double objective_constant;
    const int *col_type;              /* GLP_FR/LO/UP/DB/FX, [1..cols] */
    const double *col_lb, *col_ub, *objective;
    const int *col_kind;              /* GLP_CV, GLP_IV or GLP_BV */
    const int *row_type;
    const double *row_lb, *row_ub;
    /* Names: one buffer of NUL-terminated strings; offsets < 0 mean "no name". All three
     * may be NULL (no names; stk_set_names can add them later). */
    const char *names;
    const long *col_name_offset, *row_name_offset;
    const int *ia, *ja;               /* [1..entries] */
    const double *ar;
} stk_model;

/* Values read back from a solved problem; any array pointer may be NULL. Unlike GLPK's
 * own arrays these are 0-based: column j's value goes to col_value[j - 1], so the caller's
 * arrays become the solution without a copy. */
typedef struct {
    double *col_value, *col_dual, *row_value, *row_dual;  /* [0..n-1] */
    int *col_stat, *row_stat;         /* basis statuses (GLP_BS ...), simplex only, [0..n-1] */
    double objective;
    int status, primal_status, dual_status;
} stk_readback;

/* Which solution to read: the simplex one, the interior-point one, or the MIP one. */
#define STK_SOL_SIMPLEX 0
#define STK_SOL_INTERIOR 1
#define STK_SOL_MIP 2

int stk_build(const stk_model *model, int memory_limit_mb, glp_prob **out);
int stk_delete(glp_prob *problem);
/* Names the problem, its columns [1..cols] and rows [1..rows] (offsets into `names`, < 0 for none). */
int stk_set_names(glp_prob *problem, const char *name, const char *names,
                  const long *col_offset, int cols, const long *row_offset, int rows);
int stk_simplex(glp_prob *problem, const glp_smcp *parm, int scale_flags, int advanced_basis, int *ret);
/* glp_exact (the simplex method in exact rational arithmetic) from the current basis, or
   from the standard basis when that one is invalid or singular. */
int stk_exact(glp_prob *problem, const glp_smcp *parm, int *ret);
int stk_interior(glp_prob *problem, const glp_iptcp *parm, int *ret);
int stk_intopt(glp_prob *problem, const glp_iocp *parm, int *ret);
int stk_read(glp_prob *problem, int which, stk_readback *out);
/* Sets the scale factors of every row [1..rows] and column [1..cols] (positive, finite). */
int stk_set_scale(glp_prob *problem, const double *row_scale, const double *col_scale);
/* Sets the basis statuses of every row [1..rows] and column [1..cols] (GLP_BS ... GLP_NS). */
int stk_set_basis(glp_prob *problem, const int *row_stat, const int *col_stat);
int stk_mip_gap(glp_prob *problem, double *gap);
/* Seconds from the start of the last stk_intopt on this thread to its first integer-feasible
 * point found in the search (GLP_IBINGO); < 0 when the search found none itself. */
int stk_mip_first_feasible(double *seconds);
int stk_write(glp_prob *problem, int mps, const char *path, int *ret);
int stk_set_col_bounds(glp_prob *problem, int j, int type, double lb, double ub);
/* Sets the bounds of `count` columns j[k] (1-based) at once. */
int stk_set_col_bounds_many(glp_prob *problem, int count, const int *j, const int *type, const double *lb, const double *ub);
int stk_set_row_bounds(glp_prob *problem, int i, int type, double lb, double ub);
int stk_set_objective(glp_prob *problem, int j, double coefficient);
/* Sets the objective constant (coefficient[0]) and every column's coefficient[1..n]. */
int stk_set_objective_all(glp_prob *problem, int n, const double *coefficient);
/* Replaces row i's coefficients: columns[1..count] (distinct), values[1..count]. */
int stk_set_row_terms(glp_prob *problem, int i, int count, const int *columns, const double *values);

/* Post-optimal analysis of the current basic solution. For each column cols[1..nc]: its
 * basis status and the range [col_lo, col_hi] of its objective coefficient over which the
 * basis stays optimal (glp_analyze_coef when basic; from the reduced cost when not). For
 * each row rows[1..nr]: its status and, when non-basic, the range of its active bound over
 * which the basis stays primal feasible (glp_analyze_bound). +-DBL_MAX means no limit.
 * *ok is 0 (and nothing is written) when the solution is not optimal or the basis cannot
 * be factorised. */
int stk_ranges(glp_prob *problem, int nc, const int *cols, int *col_stat, double *col_lo, double *col_hi,
               int nr, const int *rows, int *row_stat, double *row_lo, double *row_hi, int *ok);

/* Initialise control parameters with GLPK's defaults (these never fail). */
void stk_init_smcp(glp_smcp *parm);
void stk_init_iptcp(glp_iptcp *parm);
void stk_init_iocp(glp_iocp *parm);

/* This thread's captured GLPK output, and clearing it. */
const char *stk_output(void);
void stk_clear_output(void);
/* Frees this thread's output buffer (call once the output has been read). */
void stk_release_output(void);
/* Counts environments freed on this thread after an error; problems made before the
 * current generation no longer exist. */
unsigned long stk_generation(void);

#endif
