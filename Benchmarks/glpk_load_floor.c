/* The floor under `load` in `make bench`: GLPK 5.0 alone, in plain C, loading the very
 * matrix the benchmark exports (read from its free MPS file), given row by row as
 * Stockpile gives it, with every bound and cost.
 *
 *   cc -O2 Benchmarks/glpk_load_floor.c -lglpk -o /tmp/glpk_load_floor
 *   /tmp/glpk_load_floor procurement.mps        (make bench-glpk-floor does both)
 *
 * Each load is timed in two parts: creating the problem with its rows, columns, bounds and
 * costs (what stk_build does before the matrix), and glp_load_matrix. Two series of 5:
 *   cold  every load gets memory the process has never touched (the earlier problems are
 *         kept until the series ends), so the kernel hands over and zeroes every page GLPK
 *         writes: what a one-shot `stockpile plan` or each load of `make bench` pays;
 *   warm  every load reuses the memory the one before freed (glp_delete_prob, then
 *         glp_free_env as Stockpile does), so no page is new; the first reuses the memory
 *         of the problem read from the file.
 * Page faults are counted with getrusage. For comparison only, a third series loads the
 * same matrix cold with glp_set_mat_col, column by column (Stockpile keeps the single
 * glp_load_matrix call its foundation issue asks for). */
#include <glpk.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

enum { RUNS = 5 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static long minor_faults(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct { int index; double value; } entry;

static int by_index(const void *a, const void *b) {
    int x = ((const entry *)a)->index, y = ((const entry *)b)->index;
    return (x > y) - (x < y);
}

/* The model as flat arrays, 1-based as GLPK takes them. */
static int m, n, k;
static int *ia, *ja, *rtype, *ctype;
static double *ar, *rlb, *rub, *clb, *cub, *cost;
/* The same matrix by columns, for the glp_set_mat_col series. */
static int *col_start, *col_row;
static double *col_value;

static glp_prob *create(void) {
    glp_prob *p = glp_create_prob();
    glp_add_rows(p, m);
    glp_add_cols(p, n);
    for (int i = 1; i <= m; i++) glp_set_row_bnds(p, i, rtype[i], rlb[i], rub[i]);
    for (int j = 1; j <= n; j++) { glp_set_col_bnds(p, j, ctype[j], clb[j], cub[j]); glp_set_obj_coef(p, j, cost[j]); }
    return p;
}

/* Problems of the cold series, kept to the end so that no later load reuses their pages. */
static glp_prob *kept[2 * RUNS + 1];
static int kept_count;

/* Runs one series and prints each load and the medians. */
static void series(const char *label, int warm, int by_columns) {
    double setup[RUNS], load[RUNS], total[RUNS];
    long faults[RUNS];
    for (int run = 0; run < RUNS; run++) {
        long f0 = minor_faults();
        double t0 = now();
        glp_prob *p = create();
        double t1 = now();
        if (by_columns) {
            for (int j = 1; j <= n; j++) {
                int start = col_start[j], length = col_start[j + 1] - start;
                if (length > 0) glp_set_mat_col(p, j, length, col_row + start - 1, col_value + start - 1);
            }
        } else {
            glp_load_matrix(p, k, ia, ja, ar);
        }
        double t2 = now();
        faults[run] = minor_faults() - f0;
        if (warm) {
            glp_delete_prob(p);
            glp_free_env(); /* as Stockpile does when a thread's last problem goes */
        } else {
            kept[kept_count++] = p;
        }
        setup[run] = (t1 - t0) * 1e3;
        load[run] = (t2 - t1) * 1e3;
        total[run] = (t2 - t0) * 1e3;
        printf("%s run %d: rows, columns, bounds and costs %.1f ms, matrix %.1f ms, together %.1f ms (%ld page faults)\n",
               label, run + 1, setup[run], load[run], total[run], faults[run]);
    }
    qsort(setup, RUNS, sizeof *setup, compare);
    qsort(load, RUNS, sizeof *load, compare);
    qsort(total, RUNS, sizeof *total, compare);
    printf("%s median of %d: rows, columns, bounds and costs %.1f ms, matrix %.1f ms, together %.1f ms\n",
           label, RUNS, setup[RUNS / 2], load[RUNS / 2], total[RUNS / 2]);
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s MODEL.mps\n", argv[0]); return 2; }
    glp_term_out(GLP_OFF);
    glp_prob *source = glp_create_prob();
    if (glp_read_mps(source, GLP_MPS_FILE, NULL, argv[1]) != 0) { fprintf(stderr, "cannot read %s\n", argv[1]); return 1; }
    m = glp_get_num_rows(source), n = glp_get_num_cols(source);
    int nz = glp_get_num_nz(source);
    ia = malloc((nz + 1) * sizeof *ia), ja = malloc((nz + 1) * sizeof *ja), ar = malloc((nz + 1) * sizeof *ar);
    int *ind = malloc((n + 1) * sizeof *ind);
    double *val = malloc((n + 1) * sizeof *val);
    entry *sorted = malloc((n + 1) * sizeof *sorted);
    rtype = malloc((m + 1) * sizeof *rtype), ctype = malloc((n + 1) * sizeof *ctype);
    rlb = malloc((m + 1) * sizeof *rlb), rub = malloc((m + 1) * sizeof *rub);
    clb = malloc((n + 1) * sizeof *clb), cub = malloc((n + 1) * sizeof *cub), cost = malloc((n + 1) * sizeof *cost);
    col_start = calloc(n + 2, sizeof *col_start), col_row = malloc((nz + 1) * sizeof *col_row);
    col_value = malloc((nz + 1) * sizeof *col_value);
    if (!ia || !ja || !ar || !ind || !val || !sorted || !rtype || !ctype || !rlb || !rub || !clb || !cub || !cost
        || !col_start || !col_row || !col_value)
        return 1;
    k = 0;
    for (int i = 1; i <= m; i++) {
        rtype[i] = glp_get_row_type(source, i); rlb[i] = glp_get_row_lb(source, i); rub[i] = glp_get_row_ub(source, i);
        int len = glp_get_mat_row(source, i, ind, val);
        /* Columns in increasing order within the row, as Stockpile's merged rows are. */
        for (int e = 0; e < len; e++) sorted[e] = (entry){ind[e + 1], val[e + 1]};
        qsort(sorted, len, sizeof *sorted, by_index);
        for (int e = 0; e < len; e++) { k++; ia[k] = i; ja[k] = sorted[e].index; ar[k] = sorted[e].value; }
    }
    for (int j = 1; j <= n; j++) {
        ctype[j] = glp_get_col_type(source, j); clb[j] = glp_get_col_lb(source, j); cub[j] = glp_get_col_ub(source, j);
        cost[j] = glp_get_obj_coef(source, j);
    }
    /* Columns: counts, starts, then the entries in row order within each column. */
    for (int e = 1; e <= k; e++) col_start[ja[e] + 1]++;
    col_start[1] = 1;
    for (int j = 2; j <= n + 1; j++) col_start[j] += col_start[j - 1];
    int *next = malloc((n + 1) * sizeof *next);
    if (!next) return 1;
    for (int j = 1; j <= n; j++) next[j] = col_start[j];
    for (int e = 1; e <= k; e++) { int at = next[ja[e]]++; col_row[at] = ia[e]; col_value[at] = ar[e]; }
    free(next);
    glp_delete_prob(source);
    glp_free_env();

    printf("%d columns, %d rows, %d entries\n", n, m, k);
    series("warm", 1, 0);
    /* One untimed load, kept, takes up the memory the warm series freed: from here on every
     * load gets pages the process has never touched. */
    kept[kept_count] = create();
    glp_load_matrix(kept[kept_count++], k, ia, ja, ar);
    series("cold", 0, 0);
    series("cold, glp_set_mat_col", 0, 1);
    for (int i = 0; i < kept_count; i++) glp_delete_prob(kept[i]);
    glp_free_env();
    return 0;
}
