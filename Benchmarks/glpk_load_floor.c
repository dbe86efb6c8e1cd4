/* The floor under `load` in `make bench`: GLPK 5.0 alone, in plain C, loading the very
 * matrix the benchmark exports (read from its free MPS file), given row by row as
 * Stockpile gives it, with every bound and cost.
 *
 *   cc -O2 Benchmarks/glpk_load_floor.c -lglpk -o /tmp/glpk_load_floor
 *   /tmp/glpk_load_floor procurement.mps        (make bench-glpk-floor does both)
 *
 * Prints each of 5 runs and their median: creating the problem with its rows, columns,
 * bounds and costs (what stk_build does before the matrix), glp_load_matrix, and the two. */
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { RUNS = 5 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s MODEL.mps\n", argv[0]); return 2; }
    glp_term_out(GLP_OFF);
    glp_prob *source = glp_create_prob();
    if (glp_read_mps(source, GLP_MPS_FILE, NULL, argv[1]) != 0) { fprintf(stderr, "cannot read %s\n", argv[1]); return 1; }
    int m = glp_get_num_rows(source), n = glp_get_num_cols(source), nz = glp_get_num_nz(source);
    int *ia = malloc((nz + 1) * sizeof *ia), *ja = malloc((nz + 1) * sizeof *ja), *ind = malloc((n + 1) * sizeof *ind);
    double *ar = malloc((nz + 1) * sizeof *ar), *val = malloc((n + 1) * sizeof *val);
    int *rtype = malloc((m + 1) * sizeof *rtype), *ctype = malloc((n + 1) * sizeof *ctype);
    double *rlb = malloc((m + 1) * sizeof *rlb), *rub = malloc((m + 1) * sizeof *rub);
    double *clb = malloc((n + 1) * sizeof *clb), *cub = malloc((n + 1) * sizeof *cub), *cost = malloc((n + 1) * sizeof *cost);
    if (!ia || !ja || !ind || !ar || !val || !rtype || !ctype || !rlb || !rub || !clb || !cub || !cost) return 1;
    int k = 0;
    for (int i = 1; i <= m; i++) {
        rtype[i] = glp_get_row_type(source, i); rlb[i] = glp_get_row_lb(source, i); rub[i] = glp_get_row_ub(source, i);
        int len = glp_get_mat_row(source, i, ind, val);
        /* Columns in increasing order within the row, as Stockpile's merged rows are. */
        for (int a = 1; a <= len; a++)
            for (int b = a + 1; b <= len; b++)
                if (ind[b] < ind[a]) { int t = ind[a]; ind[a] = ind[b]; ind[b] = t; double v = val[a]; val[a] = val[b]; val[b] = v; }
        for (int e = 1; e <= len; e++) { k++; ia[k] = i; ja[k] = ind[e]; ar[k] = val[e]; }
    }
    for (int j = 1; j <= n; j++) {
        ctype[j] = glp_get_col_type(source, j); clb[j] = glp_get_col_lb(source, j); cub[j] = glp_get_col_ub(source, j);
        cost[j] = glp_get_obj_coef(source, j);
    }
    glp_delete_prob(source);
    glp_free_env();

    double setup[RUNS], load[RUNS], total[RUNS];
    for (int run = 0; run < RUNS; run++) {
        double t0 = now();
        glp_prob *p = glp_create_prob();
        glp_add_rows(p, m);
        glp_add_cols(p, n);
        for (int i = 1; i <= m; i++) glp_set_row_bnds(p, i, rtype[i], rlb[i], rub[i]);
        for (int j = 1; j <= n; j++) { glp_set_col_bnds(p, j, ctype[j], clb[j], cub[j]); glp_set_obj_coef(p, j, cost[j]); }
        double t1 = now();
        glp_load_matrix(p, k, ia, ja, ar);
        double t2 = now();
        glp_delete_prob(p);
        glp_free_env(); /* as Stockpile does when a thread's last problem goes */
        setup[run] = (t1 - t0) * 1e3;
        load[run] = (t2 - t1) * 1e3;
        total[run] = (t2 - t0) * 1e3;
        printf("run %d: rows, columns, bounds and costs %.1f ms, glp_load_matrix %.1f ms, together %.1f ms\n", run + 1, setup[run], load[run], total[run]);
    }
    qsort(setup, RUNS, sizeof *setup, compare);
    qsort(load, RUNS, sizeof *load, compare);
    qsort(total, RUNS, sizeof *total, compare);
    printf("median of %d (%d columns, %d rows, %d entries): rows, columns, bounds and costs %.1f ms, glp_load_matrix %.1f ms, together %.1f ms\n",
           RUNS, n, m, k, setup[RUNS / 2], load[RUNS / 2], total[RUNS / 2]);
    return 0;
}
