#include "CGLPK.h"

#include <float.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char *output_text;
static _Thread_local size_t output_length, output_capacity;
static _Thread_local unsigned long generation;
static _Thread_local int live_problems;

static int capture(void *info, const char *text) {
    (void)info;
    size_t length = strlen(text);
    if (output_length + length + 1 > output_capacity) {
        size_t capacity = output_capacity ? output_capacity : 4096;
        while (capacity < output_length + length + 1) capacity *= 2;
        char *grown = realloc(output_text, capacity);
        if (grown == NULL) return 1; /* drop the text rather than fail */
        output_text = grown;
        output_capacity = capacity;
    }
    memcpy(output_text + output_length, text, length + 1);
    output_length += length;
    return 1; /* nonzero: GLPK prints nothing itself */
}

static void escape(void *info) { longjmp(*(jmp_buf *)info, 1); }

/* After the jump: every problem of this thread is gone with the environment. */
static int recover(void) {
    glp_free_env();
    generation += 1;
    live_problems = 0;
    return STK_FAILED;
}

/* Runs `body` with the hooks installed; the jmp_buf lives in this frame only. */
#define GUARDED(...)                                    \
    do {                                                \
        jmp_buf jump;                                   \
        glp_term_hook(capture, NULL);                   \
        glp_error_hook(escape, &jump);                  \
        if (setjmp(jump)) return recover();             \
        __VA_ARGS__;                                    \
        glp_error_hook(NULL, NULL);                     \
        return STK_OK;                                  \
    } while (0)

static void load(const stk_model *m, glp_prob *p) {
    if (m->name) glp_set_prob_name(p, m->name);
    glp_set_obj_dir(p, m->sense);
    glp_set_obj_coef(p, 0, m->objective_constant);
    if (m->rows > 0) glp_add_rows(p, m->rows);
    if (m->cols > 0) glp_add_cols(p, m->cols);
    for (int i = 1; i <= m->rows; i++) {
        glp_set_row_bnds(p, i, m->row_type[i], m->row_lb[i], m->row_ub[i]);
        if (m->names && m->row_name_offset[i] >= 0) glp_set_row_name(p, i, m->names + m->row_name_offset[i]);
    }
    for (int j = 1; j <= m->cols; j++) {
        glp_set_col_bnds(p, j, m->col_type[j], m->col_lb[j], m->col_ub[j]);
        glp_set_obj_coef(p, j, m->objective[j]);
        if (m->col_kind[j] != GLP_CV) glp_set_col_kind(p, j, m->col_kind[j]);
        if (m->names && m->col_name_offset[j] >= 0) glp_set_col_name(p, j, m->names + m->col_name_offset[j]);
    }
    if (m->entries > 0) glp_load_matrix(p, m->entries, m->ia, m->ja, m->ar);
}

int stk_build(const stk_model *model, int memory_limit_mb, glp_prob **out) {
    *out = NULL;
    GUARDED({
        /* The limit is per thread: set it on every build, lifting an earlier one. */
        glp_mem_limit(memory_limit_mb > 0 ? memory_limit_mb : INT_MAX);
        glp_prob *p = glp_create_prob();
        live_problems += 1;
        load(model, p);
        *out = p;
    });
}

int stk_set_names(glp_prob *p, const char *name, const char *names,
                  const long *col_offset, int cols, const long *row_offset, int rows) {
    GUARDED({
        if (name) glp_set_prob_name(p, name);
        for (int j = 1; j <= cols; j++)
            if (col_offset[j] >= 0) glp_set_col_name(p, j, names + col_offset[j]);
        for (int i = 1; i <= rows; i++)
            if (row_offset[i] >= 0) glp_set_row_name(p, i, names + row_offset[i]);
    });
}

int stk_delete(glp_prob *problem) {
    GUARDED({
        glp_delete_prob(problem);
        live_problems -= 1;
        /* Free the environment with the last problem, so no thread leaves it behind. */
        if (live_problems == 0) {
            glp_error_hook(NULL, NULL);
            glp_free_env();
            return STK_OK;
        }
    });
}

int stk_simplex(glp_prob *problem, const glp_smcp *parm, int scale_flags, int advanced_basis, int *ret) {
    GUARDED({
        if (scale_flags) glp_scale_prob(problem, scale_flags);
        if (advanced_basis) glp_adv_basis(problem, 0);
        *ret = glp_simplex(problem, parm);
    });
}

int stk_exact(glp_prob *problem, const glp_smcp *parm, int *ret) {
    GUARDED({
        *ret = glp_exact(problem, parm);
        if (*ret == GLP_EBADB || *ret == GLP_ESING) {
            /* The current basis is invalid or singular: start from the standard one. */
            glp_std_basis(problem);
            *ret = glp_exact(problem, parm);
        }
    });
}

int stk_set_scale(glp_prob *p, const double *row_scale, const double *col_scale) {
    GUARDED({
        int m = glp_get_num_rows(p), n = glp_get_num_cols(p);
        for (int i = 1; i <= m; i++) glp_set_rii(p, i, row_scale[i]);
        for (int j = 1; j <= n; j++) glp_set_sjj(p, j, col_scale[j]);
    });
}

int stk_set_basis(glp_prob *p, const int *row_stat, const int *col_stat) {
    GUARDED({
        int m = glp_get_num_rows(p), n = glp_get_num_cols(p);
        for (int i = 1; i <= m; i++) glp_set_row_stat(p, i, row_stat[i]);
        for (int j = 1; j <= n; j++) glp_set_col_stat(p, j, col_stat[j]);
    });
}

int stk_interior(glp_prob *problem, const glp_iptcp *parm, int *ret) {
    GUARDED(*ret = glp_interior(problem, parm));
}

static _Thread_local double last_gap;
static _Thread_local double search_start, first_feasible;

/* Records the search's relative gap (GLPK offers it only from inside the search) and
 * when the first integer-feasible point was found (GLP_IBINGO). */
static void record_gap(glp_tree *tree, void *info) {
    (void)info;
    last_gap = glp_ios_mip_gap(tree);
    if (glp_ios_reason(tree) == GLP_IBINGO && first_feasible < 0)
        first_feasible = glp_difftime(glp_time(), search_start);
}

int stk_intopt(glp_prob *problem, const glp_iocp *parm, int *ret) {
    glp_iocp with_callback = *parm;
    with_callback.cb_func = record_gap;
    last_gap = 0;
    first_feasible = -1;
    GUARDED({
        search_start = glp_time();
        *ret = glp_intopt(problem, &with_callback);
    });
}

int stk_mip_gap(glp_prob *problem, double *gap) {
    (void)problem;
    *gap = last_gap;
    return STK_OK;
}

int stk_mip_first_feasible(double *seconds) {
    *seconds = first_feasible;
    return STK_OK;
}

int stk_read(glp_prob *p, int which, stk_readback *out) {
    GUARDED({
        int m = glp_get_num_rows(p), n = glp_get_num_cols(p);
        for (int j = 1; j <= n; j++) {
            if (which == STK_SOL_SIMPLEX) {
                if (out->col_value) out->col_value[j - 1] = glp_get_col_prim(p, j);
                if (out->col_dual) out->col_dual[j - 1] = glp_get_col_dual(p, j);
                if (out->col_stat) out->col_stat[j - 1] = glp_get_col_stat(p, j);
            } else if (which == STK_SOL_INTERIOR) {
                if (out->col_value) out->col_value[j - 1] = glp_ipt_col_prim(p, j);
                if (out->col_dual) out->col_dual[j - 1] = glp_ipt_col_dual(p, j);
            } else {
                if (out->col_value) out->col_value[j - 1] = glp_mip_col_val(p, j);
            }
        }
        for (int i = 1; i <= m; i++) {
            if (which == STK_SOL_SIMPLEX) {
                if (out->row_value) out->row_value[i - 1] = glp_get_row_prim(p, i);
                if (out->row_dual) out->row_dual[i - 1] = glp_get_row_dual(p, i);
                if (out->row_stat) out->row_stat[i - 1] = glp_get_row_stat(p, i);
            } else if (which == STK_SOL_INTERIOR) {
                if (out->row_value) out->row_value[i - 1] = glp_ipt_row_prim(p, i);
                if (out->row_dual) out->row_dual[i - 1] = glp_ipt_row_dual(p, i);
            } else {
                if (out->row_value) out->row_value[i - 1] = glp_mip_row_val(p, i);
            }
        }
        if (which == STK_SOL_SIMPLEX) {
            out->objective = glp_get_obj_val(p);
            out->status = glp_get_status(p);
            out->primal_status = glp_get_prim_stat(p);
            out->dual_status = glp_get_dual_stat(p);
        } else if (which == STK_SOL_INTERIOR) {
            out->objective = glp_ipt_obj_val(p);
            out->status = out->primal_status = out->dual_status = glp_ipt_status(p);
        } else {
            out->objective = glp_mip_obj_val(p);
            out->status = out->primal_status = glp_mip_status(p);
            out->dual_status = GLP_UNDEF;
        }
    });
}

/* GLPK's LP writer keeps the objective constant only as a comment: write a copy that
 * carries it as a column fixed at 1, so other solvers read the same objective. */
static int write_lp(glp_prob *problem, const char *path) {
    double constant = glp_get_obj_coef(problem, 0);
    if (constant == 0.0) return glp_write_lp(problem, NULL, path);
    glp_prob *copy = glp_create_prob();
    glp_copy_prob(copy, problem, GLP_ON);
    /* A name no column of the model already has. */
    char name[48] = "objective_constant";
    glp_create_index(copy);
    for (int k = 2; glp_find_col(copy, name) != 0; k++) snprintf(name, sizeof name, "objective_constant_%d", k);
    int j = glp_add_cols(copy, 1);
    glp_set_col_name(copy, j, name);
    glp_set_col_bnds(copy, j, GLP_FX, 1.0, 1.0);
    glp_set_obj_coef(copy, j, constant);
    glp_set_obj_coef(copy, 0, 0.0);
    int ret = glp_write_lp(copy, NULL, path);
    glp_delete_prob(copy);
    return ret;
}

/* GLPK's MPS writer omits the objective row when the problem has a free row, and readers
 * then take that free row (the first row of type N) as the objective. Free rows constrain
 * nothing, so write a copy without them. */
static int write_mps(glp_prob *problem, const char *path) {
    int m = glp_get_num_rows(problem), count = 0;
    for (int i = 1; i <= m; i++) if (glp_get_row_type(problem, i) == GLP_FR) count++;
    if (count == 0) return glp_write_mps(problem, GLP_MPS_FILE, NULL, path);
    glp_prob *copy = glp_create_prob();
    glp_copy_prob(copy, problem, GLP_ON);
    int *rows = glp_alloc(count + 1, sizeof(int));
    for (int i = 1, k = 0; i <= m; i++) if (glp_get_row_type(problem, i) == GLP_FR) rows[++k] = i;
    glp_del_rows(copy, count, rows);
    glp_free(rows);
    int ret = glp_write_mps(copy, GLP_MPS_FILE, NULL, path);
    glp_delete_prob(copy);
    return ret;
}

int stk_write(glp_prob *problem, int mps, const char *path, int *ret) {
    GUARDED({
        if (mps) *ret = write_mps(problem, path);
        else *ret = write_lp(problem, path);
    });
}

int stk_set_col_bounds(glp_prob *problem, int j, int type, double lb, double ub) {
    GUARDED(glp_set_col_bnds(problem, j, type, lb, ub));
}

int stk_set_col_bounds_many(glp_prob *problem, int count, const int *j, const int *type, const double *lb, const double *ub) {
    GUARDED({
        for (int k = 0; k < count; k++) glp_set_col_bnds(problem, j[k], type[k], lb[k], ub[k]);
    });
}

int stk_set_row_bounds(glp_prob *problem, int i, int type, double lb, double ub) {
    GUARDED(glp_set_row_bnds(problem, i, type, lb, ub));
}

int stk_set_objective(glp_prob *problem, int j, double coefficient) {
    GUARDED(glp_set_obj_coef(problem, j, coefficient));
}

int stk_set_objective_all(glp_prob *problem, int n, const double *coefficient) {
    GUARDED(for (int j = 0; j <= n; j++) glp_set_obj_coef(problem, j, coefficient[j]));
}

void stk_init_smcp(glp_smcp *parm) { glp_init_smcp(parm); }
void stk_init_iptcp(glp_iptcp *parm) { glp_init_iptcp(parm); }
void stk_init_iocp(glp_iocp *parm) { glp_init_iocp(parm); }

const char *stk_output(void) { return output_text ? output_text : ""; }

void stk_clear_output(void) {
    output_length = 0;
    if (output_text) output_text[0] = '\0';
}

void stk_release_output(void) {
    free(output_text);
    output_text = NULL;
    output_length = output_capacity = 0;
}

unsigned long stk_generation(void) { return generation; }

int stk_set_row_terms(glp_prob *problem, int i, int count, const int *columns, const double *values) {
    GUARDED(glp_set_mat_row(problem, i, count, columns, values));
}

static void ranges(glp_prob *p, int nc, const int *cols, int *col_stat, double *col_lo, double *col_hi,
                   int nr, const int *rows, int *row_stat, double *row_lo, double *row_hi, int *ok) {
    *ok = 0;
    if (glp_get_status(p) != GLP_OPT) return;
    if (!glp_bf_exists(p) && glp_factorize(p) != 0) return;
    int m = glp_get_num_rows(p);
    int minimize = glp_get_obj_dir(p) == GLP_MIN;
    for (int k = 1; k <= nc; k++) {
        int j = cols[k], stat = glp_get_col_stat(p, j);
        /* c - d is where the reduced cost d reaches 0 (d moves with c). */
        double limit = glp_get_obj_coef(p, j) - glp_get_col_dual(p, j);
        col_stat[k] = stat;
        col_lo[k] = -DBL_MAX;
        col_hi[k] = DBL_MAX;
        if (stat == GLP_BS) {
            glp_analyze_coef(p, m + j, &col_lo[k], NULL, NULL, &col_hi[k], NULL, NULL);
        } else if (stat == GLP_NL) {
            /* At its lower bound, it stays there while its reduced cost keeps its sign. */
            if (minimize) col_lo[k] = limit; else col_hi[k] = limit;
        } else if (stat == GLP_NU) {
            if (minimize) col_hi[k] = limit; else col_lo[k] = limit;
        } else if (stat == GLP_NF) {
            col_lo[k] = col_hi[k] = limit;
        }
    }
    for (int k = 1; k <= nr; k++) {
        int i = rows[k], stat = glp_get_row_stat(p, i);
        row_stat[k] = stat;
        row_lo[k] = -DBL_MAX;
        row_hi[k] = DBL_MAX;
        if (stat == GLP_NL || stat == GLP_NU || stat == GLP_NS) {
            glp_analyze_bound(p, i, &row_lo[k], NULL, &row_hi[k], NULL);
        }
    }
    *ok = 1;
}

int stk_ranges(glp_prob *problem, int nc, const int *cols, int *col_stat, double *col_lo, double *col_hi,
               int nr, const int *rows, int *row_stat, double *row_lo, double *row_hi, int *ok) {
    GUARDED(ranges(problem, nc, cols, col_stat, col_lo, col_hi, nr, rows, row_stat, row_lo, row_hi, ok));
}
