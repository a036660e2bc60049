/*
 * lanes.c - the samplers of sample.h over lanes.
 *
 * Each sampler runs in three passes.  The first sets up every lane and
 * decides the common case from the pair's first uniform, branch-free, as
 * plain loops over LS_LANES lanes that gcc vectorises; the inline pieces
 * are sample.h's, so a lane computes exactly what the per-path draw
 * computes.  Inversion steps every undecided lane together until none is
 * left.  The last pass hands the lanes the first uniform did not decide to
 * sample.c's per-path continuation, with that lane's own substream.
 *
 * Rejected: intrinsics per instruction set (the loops vectorise as they
 * are, and one source keeps one set of results); a ziggurat normal
 * (inversion keeps the draw monotone in its uniform, which is what makes
 * common random numbers work for a changed sigma).
 */
#include "lanes.h"

#include <stdlib.h>
#include <string.h>

#include "sample.h"

#define W LS_LANES

ls_lanes *ls_lanes_alloc(void)
{
    ls_lanes *ln = calloc(1, sizeof *ln);
    if (ln == NULL)
        return NULL;
    ln->st = ls_stream_alloc(ls_rng_kinds[0]);
    if (ln->st == NULL) {
        free(ln);
        return NULL;
    }
    return ln;
}

void ls_lanes_free(ls_lanes *ln)
{
    if (ln == NULL)
        return;
    ls_stream_free(ln->st);
    free(ln);
}

void ls_lanes_key(ls_lanes *ln, uint64_t seed, const uint64_t *path,
                  size_t n, uint64_t model, int year)
{
    if (n < 1 || n > W)
        ls_panic("%zu lanes (expected 1..%d)", n, W);
    ln->n = n;
    ln->seed = seed;
    ln->model = model;
    ln->year = year;
    memcpy(ln->path, path, n * sizeof *path);
    ln->pair_ok = 0;
}

void ls_lanes_pairs(ls_lanes *ln, unsigned site, double *u0, double *u1)
{
    uint64_t j = site >> 1;
    if (!ln->pair_ok || ln->pair_j != j) {
        ls_rng_pair_blocks(ln->seed, ln->model, ln->year, ln->path, ln->n, j,
                           ln->pair);
        ln->pair_j = j;
        ln->pair_ok = 1;
    }
    size_t w = (site & 1) * 2;
    for (size_t l = 0; l < ln->n; l++) {
        u0[l] = ls_rng_open01(ln->pair[4 * l + w]);
        u1[l] = ls_rng_open01(ln->pair[4 * l + w + 1]);
    }
}

/* Lane l's further uniforms of site `site`. */
static ls_more lane_more(ls_lanes *ln, size_t l, unsigned site)
{
    ls_stream_key(ln->st, ln->seed, ln->path[l], ln->model, ln->year);
    ls_more m = {ln->st, site, 0};
    return m;
}

/* ---- vectors of lanes ------------------------------------------------
 * GCC's vector extensions: a vd holds one double per lane, and each
 * operator works lane by lane with IEEE rounding, exactly as the scalar
 * operator does (no contraction into FMAs, CMakeLists.txt).  The compiler
 * lowers them to the widest vectors of the clone it compiles (below).  A
 * vector comparison gives a vi of -1 (true) or 0 per lane. */
typedef double vd __attribute__((vector_size(W * sizeof(double))));
/* The helpers below pass vectors by value; they are always inlined into
 * the clones, so GCC's note that a 64-byte vector argument's ABI depends
 * on AVX-512 does not apply. */
#pragma GCC diagnostic ignored "-Wpsabi"
#define VINLINE static inline __attribute__((always_inline))
typedef int64_t vi __attribute__((vector_size(W * sizeof(int64_t))));

VINLINE vd splat(double x)
{
    vd v;
    for (size_t l = 0; l < W; l++)
        v[l] = x;
    return v;
}

/* m ? a : b, lane by lane. */
VINLINE vd sel(vi m, vd a, vd b)
{
    return (vd)(((vi)a & m) | ((vi)b & ~m));
}

VINLINE vd vabs(vd x)
{
    return (vd)((vi)x & ~(vi)splat(-0.0));
}

VINLINE vd vmin(vd a, vd b)
{
    return sel(a < b, a, b);
}

/* ls_floor_pos lane by lane. */
VINLINE vd vfloor_pos(vd x)
{
    vd t = (x + 0x1p52) - 0x1p52;
    return sel(t > x, t - 1, t);
}

VINLINE vd vsqrt(vd x)
{
    for (size_t l = 0; l < W; l++)
        x[l] = sqrt(x[l]);
    return x;
}

VINLINE int any(vi m)
{
    int64_t a = 0;
    for (size_t l = 0; l < W; l++)
        a |= m[l];
    return a != 0;
}

/* Runtime dispatch: a clone of each sampler per instruction set, the
 * best one picked when the program starts (GNU ifunc).  The clones differ
 * only in vector width, and every operation rounds as in the scalar code,
 * so the results are the same on every processor. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(LS_NO_DISPATCH)
#define DISPATCH __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define DISPATCH
#endif

/* ls_btrd_setup and ls_btrd_quick of sample.h, lane by lane, the same
 * operations in the same order: the value of BTRD's step 1 in k, and
 * whether it accepts. */
VINLINE vi btrd_quick(vd p, vd n, vd v, vd *k)
{
    vd spq = vsqrt(n * p * (1 - p));
    vd b = 1.15 + 2.53 * spq;
    vd a = -0.0873 + 0.0248 * b + 0.01 * p;
    vd c = n * p + 0.5;
    vd vr = 0.92 - 4.2 / b;
    vd urvr = 0.86 * vr;
    vd w = vmin(v, urvr);
    vd u = w / vr - 0.43;
    *k = vfloor_pos((2 * a / (0.5 - vabs(u)) + b) * u + c);
    return v <= urvr;
}

/* BTRD's first pass through steps 2, 3.0 and 3.1 (ls_btrd_rest's first
 * iteration), lane by lane, for the lanes of go that step 1 did not
 * accept: the lanes whose candidate 3.1 accepts, with it in *k.  The
 * others (rejected, or |k - m| > 15) go to the per-lane code, which
 * starts again from the same pair. */
VINLINE vi btrd_first(vd p, vd n, vd v, vd u1, vi go, vd *k)
{
    vd spq = vsqrt(n * p * (1 - p));
    vd m = vfloor_pos((n + 1) * p);
    vd r = p / (1 - p);
    vd nr = (n + 1) * r;
    vd b = 1.15 + 2.53 * spq;
    vd a = -0.0873 + 0.0248 * b + 0.01 * p;
    vd c = n * p + 0.5;
    vd alpha = (2.83 + 5.1 / b) * spq;
    vd vr = 0.92 - 4.2 / b;
    /* Step 2. */
    vi high = v >= vr;
    vd u2 = v / vr - 0.93;
    vd side = (vd)((vi)splat(0.5) | ((vi)u2 & (vi)splat(-0.0))) - u2;
    vd u = sel(high, u1 - 0.5, side);
    v = sel(high, v, u1 * vr);
    /* Step 3.0. */
    vd us = 0.5 - vabs(u);
    vd x = (2 * a / us + b) * u + c;
    go = go & (x >= 0) & (x < n + 1);
    vd kk = vfloor_pos(sel(go, x, splat(0)));
    v = v * alpha / (a / (us * us) + b);
    vd km = vabs(kk - m);
    go = go & (km <= 15);
    /* Step 3.1: f(k) / f(m) by the recurrence. */
    vd f = splat(1);
    vi up = m < kk;
    for (int j = 1; j <= 15; j++) {
        vd i = sel(up, m, kk) + j;
        vd term = nr / i - r;
        vi on = go & (i <= sel(up, kk, m));
        f = sel(on & up, f * term, f);
        v = sel(on & ~up, v * term, v);
    }
    *k = kk;
    return go & (v <= f);
}

/* (1 - p)^n lane by lane, by ls_pow_count's squarings: the same
 * multiplications of the same numbers, the exponent's bits taken by
 * halving. */
VINLINE vd vpow_count(vd p, vd n)
{
    vd e = n, x = 1 - p, r = splat(1);
    double top = 0;
    for (size_t l = 0; l < W; l++)
        top = top > n[l] ? top : n[l];
    for (; top >= 1; top = ls_floor_pos(top * 0.5)) {
        vd h = vfloor_pos(e * 0.5);
        r = sel(e != 2 * h, r * x, r);
        x = x * x;
        e = h;
    }
    return r;
}

/* Inversion's first attempt (ls_binomial_inversion's loop) in the lanes
 * of go: every step runs on all lanes, a lane's result kept only while it
 * is still searching.  Returns the lanes that met the rounding gap, with
 * the value in *k for the others. */
VINLINE vi vinversion(vd p, vd n, vd f0, vd u, vi go, vd *k)
{
    vd s = p / (1 - p), f = f0, F = f0, kk = splat(0);
    for (int step = 0; step < LS_INVERSION_STEPS; step++) {
        go = go & (u > F) & (kk < n);
        if (!any(go))
            break;
        vd ratio = s * (n - kk) / (kk + 1);
        vd fn = f * ratio;
        f = sel(go, fn, f);
        F = sel(go, F + fn, F);
        kk = sel(go, kk + 1, kk);
    }
    *k = kk;
    return ~((u <= F) | (kk == n));
}

/* The per-lane classification of ls_binomial. */
enum { B_CONST, B_INV, B_BTRD };

/* Lanes l < L whose draw is random get kind B_INV or B_BTRD, with pp =
 * min(p, 1 - p); the others have their value in x.  Returns the number
 * of random lanes. */
static size_t classify(size_t L, const double *p, const double *n,
                       vd *pp, vd *nn, int *kind, unsigned char *flip,
                       double *x)
{
    size_t random = 0;
    *pp = splat(0);
    *nn = splat(0);
    for (size_t l = 0; l < W; l++) {
        kind[l] = B_CONST;
        flip[l] = 0;
    }
    for (size_t l = 0; l < L; l++) {
        ls_check_count(n[l], "binomial");
        if (n[l] == 0 || !(p[l] > 0) || p[l] >= 1) {
            x[l] = n[l] == 0 || !(p[l] > 0) ? 0 : n[l];
            continue;
        }
        (*nn)[l] = n[l];
        flip[l] = p[l] > 0.5;
        (*pp)[l] = flip[l] ? 1 - p[l] : p[l];
        kind[l] = n[l] * (*pp)[l] < LS_BINOMIAL_INVERSION_MEAN ? B_INV
                                                               : B_BTRD;
        random++;
    }
    return random;
}

/* The draws the vector passes left to single lanes. */
static double binomial_slow(ls_lanes *ln, size_t l, unsigned site,
                            int kind, double p, double n, double f0,
                            double u0, double u1)
{
    ls_more more = lane_more(ln, l, site);
    if (kind == B_INV)
        return ls_binomial_inversion(p, n, f0, ls_more_uniform(&more),
                                     &more);
    ls_btrd t;
    ls_btrd_setup(&t, p, n);
    return ls_btrd_rest(&t, u0, u1, &more);
}

DISPATCH
void ls_lanes_binomial(ls_lanes *ln, unsigned site, const double *p,
                       const double *n, double *x)
{
    size_t L = ln->n;
    vd pp, nn, u0 = splat(0.5), u1 = splat(0.5), kq = splat(0),
               ki = splat(0), f0 = splat(1);
    int kind[W];
    unsigned char flip[W];
    if (classify(L, p, n, &pp, &nn, kind, flip, x) == 0)
        return;
    double a0[W], a1[W];
    ls_lanes_pairs(ln, site, a0, a1);
    vi inv = splat(0) != splat(0), btrd = inv;
    for (size_t l = 0; l < L; l++) {
        u0[l] = a0[l];
        u1[l] = a1[l];
        inv[l] = kind[l] == B_INV ? -1 : 0;
        btrd[l] = kind[l] == B_BTRD ? -1 : 0;
    }
    vi quick = inv, gap = inv, first = inv;
    vd kf = splat(0);
    if (any(btrd)) {
        quick = btrd_quick(pp, nn, u0, &kq) & btrd;
        if (any(btrd & ~quick))
            first = btrd_first(pp, nn, u0, u1, btrd & ~quick, &kf);
    }
    if (any(inv)) {
        f0 = vpow_count(pp, nn);
        gap = vinversion(pp, nn, f0, u0, inv, &ki);
    }
    for (size_t l = 0; l < L; l++) {
        double v;
        if (kind[l] == B_CONST)
            continue;
        if (kind[l] == B_INV ? gap[l] == 0 : quick[l] != 0)
            v = kind[l] == B_INV ? ki[l] : kq[l];
        else if (first[l] != 0)
            v = kf[l];
        else
            v = binomial_slow(ln, l, site, kind[l], pp[l], nn[l], f0[l],
                              u0[l], u1[l]);
        x[l] = flip[l] ? nn[l] - v : v;
    }
}

/* ls_normal_central of sample.h lane by lane. */
VINLINE vd vnormal_central(vd u)
{
    vd q = u - 0.5, r = 0.180625 - q * q;
    return q * LS_AS241_NUM(r) / LS_AS241_DEN(r);
}

DISPATCH
void ls_lanes_normal(ls_lanes *ln, unsigned site, double sigma, double *x)
{
    size_t L = ln->n;
    double a0[W], a1[W];
    ls_lanes_pairs(ln, site, a0, a1);
    vd u = splat(0.5);
    for (size_t l = 0; l < L; l++)
        u[l] = a0[l];
    vd z = vnormal_central(u);
    for (size_t l = 0; l < L; l++) {
        double zl = ls_normal_is_central(u[l]) ? z[l] : ls_normal_tail(u[l]);
        x[l] = sigma * zl;
    }
}
