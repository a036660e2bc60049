/*
 * lanes.c - keyed Philox and the samplers of sample.h over lanes.
 *
 * The samplers are written with GCC's vector extensions, one double per
 * lane, and run in three passes.  The first sets up every lane and decides
 * the common case from the pair's first uniform, branch-free (BTRD's
 * quick acceptance and its first pass through steps 2 to 3.1, AS 241's
 * central region).  Inversion then steps every undecided lane together
 * until none is left.  The last pass hands the lanes the vectors did not
 * decide to sample.c's per-path code, started again from the same pair
 * with that lane's own substream.  Each vector operation is the scalar
 * code's operation on every lane, in the same order, so a lane draws
 * exactly what the per-path draw draws (test_sample.c).
 *
 * Philox4x64-10 over lanes needs 64 x 64 -> 128-bit products, which the
 * vector extensions cannot express; it is written with AVX2 and AVX-512
 * intrinsics, and with rng.c's scalar rounds for the baseline.  The
 * samplers and the blocks are compiled once per level (LEVEL, kernels[])
 * and picked at run time (ls_lanes_simd_default).
 *
 * Rejected: a ziggurat normal (inversion keeps the draw monotone in its
 * uniform, which is what makes common random numbers work for a changed
 * sigma); target_clones (one copy per level through a table can be
 * chosen by the tests and by LEUSDEN_SIMD); vectorising BTRD's later
 * iterations in lock step, vector logarithms for its steps 3.2-3.3 and
 * reciprocal tables for inversion (each measured slower,
 * docs/performance.md).
 */
#include "lanes.h"

#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define LS_LANES_X86 1
#include <immintrin.h>
#else
#define LS_LANES_X86 0
#endif

#include "sample.h"

#define W LS_LANES

/* ---- vectors of lanes ------------------------------------------------
 * GCC's vector extensions: a vd holds one double per lane, and each
 * operator works lane by lane with IEEE rounding, exactly as the scalar
 * operator does (no contraction into FMAs, CMakeLists.txt).  The compiler
 * lowers them to the widest vectors of the level it compiles (below).  A
 * vector comparison gives a vi of -1 (true) or 0 per lane. */
typedef double vd __attribute__((vector_size(W * sizeof(double))));
/* The helpers below pass vectors by value; they are always inlined into
 * the clones, so GCC's note that a 64-byte vector argument's ABI depends
 * on AVX-512 does not apply. */
#pragma GCC diagnostic ignored "-Wpsabi"
#define VINLINE static inline __attribute__((always_inline))
typedef int64_t vi __attribute__((vector_size(W * sizeof(int64_t))));
typedef uint64_t vu __attribute__((vector_size(W * sizeof(uint64_t))));

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

/* A level's copies of the kernels. */
struct kernel {
    const char *name;
    void (*blocks)(const ls_lanes *ln, uint64_t c2, size_t count,
                   uint64_t c3, uint64_t (*out)[4][W]);
    void (*binomial)(ls_lanes *ln, unsigned site, const double *p,
                     const double *n, double *x);
    void (*normal)(ls_lanes *ln, unsigned site, double sigma, double *x);
};
static const struct kernel kernels[];

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
    ln->simd = ls_lanes_simd_default();
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

/* ---- Philox4x64-10 over lanes -----------------------------------------
 * Random123's rounds (philox4x64 in rng.c) on vectors of 64-bit words, one
 * path per lane; test_sample.c compares every level with rng.c's blocks.
 * A 64 x 64 -> 128-bit product is built from four 32 x 32 -> 64-bit ones
 * (vpmuludq), which AVX2 and AVX-512 have and GCC's vector extensions
 * cannot express, hence the intrinsics. */

/* The baseline: rng.c's scalar blocks, lane after lane. */
static void blocks_base(const ls_lanes *ln, uint64_t c2, size_t count,
                        uint64_t c3, uint64_t (*out)[4][W])
{
    uint64_t b[4 * W];
    for (size_t c = 0; c < count; c++) {
        ls_rng_blocks(ln->seed, ln->model, ln->year, ln->path, ln->n, c2 + c,
                      c3, b);
        for (size_t l = 0; l < W; l++)
            for (size_t w = 0; w < 4; w++)
                out[c][w][l] = b[4 * (l < ln->n ? l : 0) + w];
    }
}

#if LS_LANES_X86
/* hi:lo = a b on 64-bit lanes of a V-bit vector type T (intrinsics prefix
 * P, broadcast S) for a constant b. */
#define PHILOX_MULHILO(T, P, V, S, a, b, hi, lo)                              \
    do {                                                                      \
        T bl_ = S((long long)((b) & 0xffffffffu));                            \
        T bh_ = S((long long)((b) >> 32));                                    \
        T ah_ = P##_srli_epi64(a, 32), m_ = S(0xffffffffLL);                  \
        T ll_ = P##_mul_epu32(a, bl_), lh_ = P##_mul_epu32(a, bh_);           \
        T hl_ = P##_mul_epu32(ah_, bl_), hh_ = P##_mul_epu32(ah_, bh_);       \
        T mid_ = P##_add_epi64(P##_srli_epi64(ll_, 32),                       \
                               P##_add_epi64(P##_and_si##V(lh_, m_),          \
                                             P##_and_si##V(hl_, m_)));        \
        lo = P##_add_epi64(ll_,                                               \
                           P##_slli_epi64(P##_add_epi64(lh_, hl_), 32));      \
        hi = P##_add_epi64(P##_add_epi64(hh_, P##_srli_epi64(mid_, 32)),      \
                           P##_add_epi64(P##_srli_epi64(lh_, 32),             \
                                         P##_srli_epi64(hl_, 32)));           \
    } while (0)

/* Philox4x64-10 on C independent blocks x[c][0..3] at once (their rounds
 * interleave, so the processor is not waiting on one chain): the same
 * words as Random123's philox4x64_R(10, ...). */
#define PHILOX_CHAINS(T, P, V, S, x, C, seed, model)                          \
    do {                                                                      \
        uint64_t k0_ = (seed), k1_ = (model);                                 \
        for (int r_ = 0; r_ < 10; r_++) {                                     \
            if (r_ > 0) {                                                     \
                k0_ += PHILOX_W64_0;                                          \
                k1_ += PHILOX_W64_1;                                          \
            }                                                                 \
            T kk0_ = S((long long)k0_), kk1_ = S((long long)k1_);             \
            for (size_t c_ = 0; c_ < (C); c_++) {                             \
                T hi0_, lo0_, hi1_, lo1_;                                     \
                PHILOX_MULHILO(T, P, V, S, x[c_][0], PHILOX_M4x64_0, hi0_,    \
                               lo0_);                                         \
                PHILOX_MULHILO(T, P, V, S, x[c_][2], PHILOX_M4x64_1, hi1_,    \
                               lo1_);                                         \
                x[c_][0] = P##_xor_si##V(P##_xor_si##V(hi1_, x[c_][1]), kk0_);\
                x[c_][1] = lo1_;                                              \
                x[c_][2] = P##_xor_si##V(P##_xor_si##V(hi0_, x[c_][3]), kk1_);\
                x[c_][3] = lo0_;                                              \
            }                                                                 \
        }                                                                     \
    } while (0)

/* Blocks c2 .. c2 + count - 1 (count <= LS_LANES_GROUP) of every lane,
 * with counter word 3 c3, for vectors of L lanes (type T, prefix P, width
 * V, broadcast S, unaligned load LD and store ST). */
#define PHILOX_BLOCKS(T, P, V, S, LD, ST, L)                                  \
    do {                                                                      \
        uint64_t path_[W];                                                    \
        for (size_t l_ = 0; l_ < W; l_++)                                     \
            path_[l_] = ln->path[l_ < ln->n ? l_ : 0];                        \
        for (size_t h_ = 0; h_ < W; h_ += (L)) {                              \
            T x_[LS_LANES_GROUP][4];                                          \
            for (size_t c_ = 0; c_ < LS_LANES_GROUP; c_++) {                  \
                x_[c_][0] = LD((const void *)(path_ + h_));                   \
                x_[c_][1] = S((long long)(int64_t)ln->year);                  \
                x_[c_][2] = S((long long)(c2 + c_));                          \
                x_[c_][3] = S((long long)c3);                                 \
            }                                                                 \
            if (count == 1)                                                   \
                PHILOX_CHAINS(T, P, V, S, x_, 1, ln->seed, ln->model);        \
            else                                                              \
                PHILOX_CHAINS(T, P, V, S, x_, LS_LANES_GROUP, ln->seed,       \
                              ln->model);                                     \
            for (size_t c_ = 0; c_ < count; c_++)                             \
                for (size_t w_ = 0; w_ < 4; w_++)                             \
                    ST((void *)(out[c_][w_] + h_), x_[c_][w_]);               \
        }                                                                     \
    } while (0)

static inline __attribute__((target("avx2"), always_inline)) __m256i
load256(const void *p)
{
    return _mm256_loadu_si256(p);
}

static inline __attribute__((target("avx2"), always_inline)) void
store256(void *p, __m256i x)
{
    _mm256_storeu_si256(p, x);
}

__attribute__((target("avx2")))
static void blocks_avx2(const ls_lanes *ln, uint64_t c2, size_t count,
                        uint64_t c3, uint64_t (*out)[4][W])
{
    PHILOX_BLOCKS(__m256i, _mm256, 256, _mm256_set1_epi64x, load256,
                  store256, 4);
}

__attribute__((target("avx512f")))
static void blocks_avx512(const ls_lanes *ln, uint64_t c2, size_t count,
                          uint64_t c3, uint64_t (*out)[4][W])
{
    PHILOX_BLOCKS(__m512i, _mm512, 512, _mm512_set1_epi64,
                  _mm512_loadu_si512, _mm512_storeu_si512, 8);
}
#endif

/* ls_rng_open01 lane by lane. */
VINLINE vd vopen01(const uint64_t *w)
{
    vu x;
    memcpy(&x, w, sizeof x);
    return (__builtin_convertvector(x >> 11, vd) + 0.5) * 0x1.0p-53;
}

/* The pairs of draw site `site` of every lane, as vectors.  Pair blocks
 * are computed LS_LANES_GROUP at a time (sites 0 .. 2 LS_LANES_GROUP - 1
 * in one go), which keeps the vector units busy. */
static inline void lanes_pair(ls_lanes *ln, unsigned site, vd *u0, vd *u1)
{
    uint64_t j = site >> 1, j0 = j - j % LS_LANES_GROUP;
    if (!ln->pair_ok || ln->pair_j != j0) {
        kernels[ln->simd].blocks(ln, j0, LS_LANES_GROUP, LS_PAIR_WORD,
                                 ln->pair);
        ln->pair_j = j0;
        ln->pair_ok = 1;
    }
    size_t w = (site & 1) * 2;
    *u0 = vopen01(ln->pair[j - j0][w]);
    *u1 = vopen01(ln->pair[j - j0][w + 1]);
}

void ls_lanes_pairs(ls_lanes *ln, unsigned site, double *u0, double *u1)
{
    vd a, b;
    lanes_pair(ln, site, &a, &b);
    memcpy(u0, &a, ln->n * sizeof *u0);
    memcpy(u1, &b, ln->n * sizeof *u1);
}

/* Lane l's further uniforms of site `site`. */
static ls_more lane_more(ls_lanes *ln, size_t l, unsigned site)
{
    ls_stream_key(ln->st, ln->seed, ln->path[l], ln->model, ln->year);
    ls_more m = {ln->st, site, 0};
    return m;
}

/* BTRD's constants lane by lane: ls_btrd_setup of sample.h, the same
 * operations in the same order, computed once for both passes below. */
typedef struct vbtrd {
    vd n, m, r, nr, a, b, c, alpha, vr, urvr;
} vbtrd;

VINLINE vbtrd vbtrd_setup(vd p, vd n)
{
    vbtrd t;
    vd spq = vsqrt(n * p * (1 - p));
    t.n = n;
    t.m = vfloor_pos((n + 1) * p);
    t.r = p / (1 - p);
    t.nr = (n + 1) * t.r;
    t.b = 1.15 + 2.53 * spq;
    t.a = -0.0873 + 0.0248 * t.b + 0.01 * p;
    t.c = n * p + 0.5;
    t.alpha = (2.83 + 5.1 / t.b) * spq;
    t.vr = 0.92 - 4.2 / t.b;
    t.urvr = 0.86 * t.vr;
    return t;
}

/* ls_btrd_quick lane by lane: the value of BTRD's step 1 in k, and
 * whether it accepts. */
VINLINE vi btrd_quick(const vbtrd *t, vd v, vd *k)
{
    vd w = vmin(v, t->urvr);
    vd u = w / t->vr - 0.43;
    *k = vfloor_pos((2 * t->a / (0.5 - vabs(u)) + t->b) * u + t->c);
    return v <= t->urvr;
}

/* BTRD's first pass through steps 2, 3.0 and 3.1 (ls_btrd_rest's first
 * iteration), lane by lane, for the lanes of go that step 1 did not
 * accept: the lanes whose candidate 3.1 accepts, with it in *k.  The
 * others (rejected, or |k - m| > LS_BTRD_RECURRENCE) go to the per-lane
 * code, which starts again from the same pair. */
VINLINE vi btrd_first(const vbtrd *t, vd v, vd u1, vi go, vd *k)
{
    /* Step 2. */
    vi high = v >= t->vr;
    vd u2 = v / t->vr - 0.93;
    vd side = (vd)((vi)splat(0.5) | ((vi)u2 & (vi)splat(-0.0))) - u2;
    vd u = sel(high, u1 - 0.5, side);
    v = sel(high, v, u1 * t->vr);
    /* Step 3.0. */
    vd us = 0.5 - vabs(u);
    vd x = (2 * t->a / us + t->b) * u + t->c;
    go = go & (x >= 0) & (x < t->n + 1);
    vd kk = vfloor_pos(sel(go, x, splat(0)));
    v = v * t->alpha / (t->a / (us * us) + t->b);
    vd km = vabs(kk - t->m);
    go = go & (km <= LS_BTRD_RECURRENCE);
    /* Step 3.1: f(k) / f(m) by the recurrence. */
    vd f = splat(1);
    vi up = t->m < kk;
    double most = 0;
    for (size_t l = 0; l < W; l++)
        most = go[l] && km[l] > most ? km[l] : most;
    for (int j = 1; j <= most; j++) {
        vd i = sel(up, t->m, kk) + j;
        vd term = t->nr / i - t->r;
        vi on = go & (i <= sel(up, kk, t->m));
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
        /* A lane still searching has kk = step, so the ratio does not wait
         * for the comparison: the loop's chain is a product and a sum. */
        vd ks = splat(step);
        vd ratio = s * (n - ks) / (ks + 1);
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

VINLINE void binomial_body(ls_lanes *ln, unsigned site, const double *p,
                           const double *n, double *x)
{
    size_t L = ln->n;
    vd pp, nn, u0, u1, kq = splat(0),
               ki = splat(0), f0 = splat(1);
    int kind[W];
    unsigned char flip[W];
    if (classify(L, p, n, &pp, &nn, kind, flip, x) == 0)
        return;
    lanes_pair(ln, site, &u0, &u1);
    vi inv = splat(0) != splat(0), btrd = inv;
    for (size_t l = 0; l < L; l++) {
        inv[l] = kind[l] == B_INV ? -1 : 0;
        btrd[l] = kind[l] == B_BTRD ? -1 : 0;
    }
    vi quick = inv, gap = inv, first = inv;
    vd kf = splat(0);
    if (any(btrd)) {
        vbtrd t = vbtrd_setup(pp, nn);
        quick = btrd_quick(&t, u0, &kq) & btrd;
        if (any(btrd & ~quick))
            first = btrd_first(&t, u0, u1, btrd & ~quick, &kf);
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

VINLINE void normal_body(ls_lanes *ln, unsigned site, double sigma,
                         double *x)
{
    size_t L = ln->n;
    vd u, u1;
    lanes_pair(ln, site, &u, &u1);
    vd z = vnormal_central(u);
    for (size_t l = 0; l < L; l++) {
        double zl = ls_normal_is_central(u[l]) ? z[l] : ls_normal_tail(u[l]);
        x[l] = sigma * zl;
    }
}

/* ---- dispatch --------------------------------------------------------
 * One copy of the samplers per instruction-set level, compiled from the
 * same bodies with the level's target; the vector operations round alike
 * on every level, so the results are the same (test_sample.c runs every
 * level the processor has and compares). */
#define LEVEL(name, target)                                                  \
    target static void binomial_##name(ls_lanes *ln, unsigned site,          \
                                       const double *p, const double *n,    \
                                       double *x)                           \
    {                                                                        \
        binomial_body(ln, site, p, n, x);                                    \
    }                                                                        \
    target static void normal_##name(ls_lanes *ln, unsigned site,            \
                                     double sigma, double *x)                \
    {                                                                        \
        normal_body(ln, site, sigma, x);                                     \
    }

LEVEL(base, )
#if LS_LANES_X86
LEVEL(avx2, __attribute__((target("avx2"))))
LEVEL(avx512, __attribute__((target("avx512f"))))
#endif

static const struct kernel kernels[] = {
    [LS_SIMD_BASE] = {"baseline", blocks_base, binomial_base, normal_base},
#if LS_LANES_X86
    [LS_SIMD_AVX2] = {"avx2", blocks_avx2, binomial_avx2, normal_avx2},
    [LS_SIMD_AVX512] = {"avx512", blocks_avx512, binomial_avx512,
                        normal_avx512},
#endif
};

int ls_lanes_simd_supported(ls_simd level)
{
    switch (level) {
    case LS_SIMD_BASE:
        return 1;
#if LS_LANES_X86
    case LS_SIMD_AVX2:
        return __builtin_cpu_supports("avx2");
    case LS_SIMD_AVX512:
        return __builtin_cpu_supports("avx512f");
#endif
    default:
        return 0;
    }
}

const char *ls_lanes_simd_name(ls_simd level)
{
    return level < LS_SIMD_LEVELS && ls_lanes_simd_supported(level)
               ? kernels[level].name
               : "unsupported";
}

ls_simd ls_lanes_simd_best(void)
{
    ls_simd best = LS_SIMD_BASE;
    for (int k = 0; k < LS_SIMD_LEVELS; k++)
        if (ls_lanes_simd_supported((ls_simd)k))
            best = (ls_simd)k;
    return best;
}

ls_simd ls_lanes_simd_default(void)
{
    const char *want = getenv("LEUSDEN_SIMD");
    ls_simd best = ls_lanes_simd_best();
    for (int k = 0; want != NULL && k <= (int)best; k++)
        if (strcmp(want, kernels[k].name) == 0)
            return (ls_simd)k;
    return best;
}

int ls_lanes_set_simd(ls_lanes *ln, ls_simd level)
{
    if (level >= LS_SIMD_LEVELS || !ls_lanes_simd_supported(level))
        return -1;
    ln->simd = level;
    return 0;
}

void ls_lanes_binomial(ls_lanes *ln, unsigned site, const double *p,
                       const double *n, double *x)
{
    kernels[ln->simd].binomial(ln, site, p, n, x);
}

void ls_lanes_normal(ls_lanes *ln, unsigned site, double sigma, double *x)
{
    kernels[ln->simd].normal(ln, site, sigma, x);
}
