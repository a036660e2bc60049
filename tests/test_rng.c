/*
 * test_rng.c - the keyed stream generators.
 *
 * Known answers: Philox4x64-10 blocks from Random123's kat_vectors file
 * (Random123 1.14, tests/kat_vectors, lines "philox4x64 10 ...").  The
 * wrappers of GSL's generators must reproduce GSL's own sequence for the
 * seed ls_rng_key_hash gives.  Statistical checks compare the uniform's
 * mean, variance and a 64-cell chi-square with their exact sampling
 * distributions at z = 4 (a false alarm about once in 16,000 runs; the
 * streams are deterministic, so a pass is stable).
 */
#include "test_util.h"

#include <gsl/gsl_errno.h>

#include <signal.h>
#include <sys/wait.h>

#include <Random123/philox.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "base/rng.h"

static void test_philox_kat(void **unused)
{
    (void)unused;
    static const struct {
        uint64_t ctr[4], key[2], out[4];
    } kat[] = {
        {{0, 0, 0, 0}, {0, 0},
         {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL,
          0x7e68b68aec7ba23bULL}},
        {{~0ULL, ~0ULL, ~0ULL, ~0ULL}, {~0ULL, ~0ULL},
         {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL,
          0xa09caebf594f0ba0ULL}},
        {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL,
          0x082efa98ec4e6c89ULL},
         {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
         {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL,
          0x57bd43b5e52b7fe6ULL}},
    };
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        philox4x64_ctr_t c = {{kat[i].ctr[0], kat[i].ctr[1], kat[i].ctr[2],
                               kat[i].ctr[3]}};
        philox4x64_key_t k = {{kat[i].key[0], kat[i].key[1]}};
        philox4x64_ctr_t r = philox4x64(c, k);
        for (int j = 0; j < 4; j++)
            assert_true(r.v[j] == kat[i].out[j]);
    }
}

/* Our stream maps key (seed, path, model, year) to Philox key {seed, model}
 * and counter {path, year, block, 0}; check the first words through
 * gsl_rng_get (top 32 bits) and gsl_rng_uniform (top 53 bits). */
static void test_philox_stream_mapping(void **unused)
{
    (void)unused;
    ls_stream *st = ls_stream_alloc(ls_rng_find("philox4x64"));
    assert_non_null(st);
    uint64_t seed = 0x452821e638d01377ULL, model = 0xbe5466cf34e90c6cULL;
    uint64_t path = 0x243f6a8885a308d3ULL;
    int year = 2031;
    ls_stream_key(st, seed, path, model, year);
    philox4x64_ctr_t c = {{path, (uint64_t)year, 0, 0}};
    philox4x64_key_t k = {{seed, model}};
    philox4x64_ctr_t r0 = philox4x64(c, k);
    c.v[2] = 1;
    philox4x64_ctr_t r1 = philox4x64(c, k);
    for (int j = 0; j < 4; j++)
        assert_true(gsl_rng_get(st->r) == (unsigned long)(r0.v[j] >> 32));
    for (int j = 0; j < 4; j++)
        assert_true(gsl_rng_uniform(st->r) ==
                    (double)(r1.v[j] >> 11) * 0x1.0p-53);
    /* A site's pair: words 2 (site % 2) and the next of block {path, year,
     * site / 2, 2^63}, each centred in its 2^-53 step. */
    for (unsigned site = 1; site < 9; site++) {
        double u[2];
        ls_stream_pair(st, site, u);
        philox4x64_ctr_t pc = {{path, (uint64_t)year, site / 2,
                                UINT64_C(1) << 63}};
        philox4x64_ctr_t b = philox4x64(pc, k);
        for (unsigned j = 0; j < 2; j++)
            assert_true(u[j] ==
                        ((double)(b.v[2 * (site % 2) + j] >> 11) + 0.5) *
                            0x1.0p-53);
    }
    ls_stream_free(st);
}

static void test_kinds_are_gsl_types(void **unused)
{
    (void)unused;
    const gsl_rng_type *inner[] = {NULL, gsl_rng_taus2, gsl_rng_mt19937,
                                   gsl_rng_ranlxd1};
    size_t n = 0;
    for (; ls_rng_kinds[n] != NULL; n++) {
        const ls_rng_kind *kind = ls_rng_kinds[n];
        assert_ptr_equal(ls_rng_find(kind->name), kind);
        ls_stream *st = ls_stream_alloc(kind);
        assert_non_null(st);
        assert_string_equal(gsl_rng_name(st->r), kind->name);
        if (n > 0 && n < 4) {
            assert_string_equal(kind->name, inner[n]->name);
            assert_true(gsl_rng_max(st->r) == inner[n]->max);
            assert_true(gsl_rng_min(st->r) == inner[n]->min);
        }
        ls_stream_free(st);
    }
    assert_int_equal(n, 4);
    assert_null(ls_rng_find("xorshift"));
}

/* A wrapped reference generator gives GSL's own sequence for the hash of
 * the key, so a user can cross-check results with plain GSL. */
static void test_reference_matches_gsl(void **unused)
{
    (void)unused;
    const gsl_rng_type *types[] = {gsl_rng_taus2, gsl_rng_mt19937,
                                   gsl_rng_ranlxd1};
    for (size_t i = 0; i < 3; i++) {
        ls_stream *st = ls_stream_alloc(ls_rng_find(types[i]->name));
        gsl_rng *ref = gsl_rng_alloc(types[i]);
        ls_stream_key(st, 17, 123456789, ls_rng_name_id("homes"), 2027);
        gsl_rng_set(ref, (unsigned long)ls_rng_key_hash(
                             17, 123456789, ls_rng_name_id("homes"), 2027));
        for (int j = 0; j < 1000; j++) {
            assert_true(gsl_rng_get(st->r) == gsl_rng_get(ref));
            assert_true(gsl_rng_uniform(st->r) == gsl_rng_uniform(ref));
        }
        gsl_rng_free(ref);
        ls_stream_free(st);
    }
}

/* Same key, same numbers; any change of one key component, other numbers;
 * and re-keying mid-stream restarts the substream. */
static void test_keying(void **unused)
{
    (void)unused;
    for (size_t n = 0; ls_rng_kinds[n] != NULL; n++) {
        ls_stream *st = ls_stream_alloc(ls_rng_kinds[n]);
        double a[8], b[8];
        ls_stream_key(st, 5, 77, 9, 2020);
        for (int j = 0; j < 8; j++)
            a[j] = gsl_rng_uniform(st->r);
        ls_stream_key(st, 5, 77, 9, 2020);
        for (int j = 0; j < 8; j++)
            b[j] = gsl_rng_uniform(st->r);
        assert_memory_equal(a, b, sizeof a);
        const uint64_t alt[4][4] = {
            {6, 77, 9, 2020}, {5, 78, 9, 2020}, {5, 77, 10, 2020},
            {5, 77, 9, 2021}};
        for (int v = 0; v < 4; v++) {
            ls_stream_key(st, alt[v][0], alt[v][1], alt[v][2],
                          (int)alt[v][3]);
            for (int j = 0; j < 8; j++)
                b[j] = gsl_rng_uniform(st->r);
            assert_true(memcmp(a, b, sizeof a) != 0);
        }
        ls_stream_free(st);
    }
}

/* Model ids depend on the name only (a stable hash), and differ. */
static void test_name_id(void **unused)
{
    (void)unused;
    assert_true(ls_rng_name_id("homes") == ls_rng_name_id("homes"));
    assert_true(ls_rng_name_id("homes") != ls_rng_name_id("dairy"));
    assert_true(ls_rng_name_id("a") != ls_rng_name_id("b"));
    /* The empty name hashes to the FNV-1a 64 offset basis, mixed. */
    assert_true(ls_rng_name_id("") == ls_rng_mix(0xcbf29ce484222325ULL));
}

/* Mean, variance and chi-square of the uniform, each against its exact
 * sampling distribution at z = 4, for every generator. */
static void test_uniform_moments(void **unused)
{
    (void)unused;
    const size_t n = 1u << 20;
    const size_t cells = 64;
    for (size_t g = 0; ls_rng_kinds[g] != NULL; g++) {
        ls_stream *st = ls_stream_alloc(ls_rng_kinds[g]);
        size_t count[64] = {0};
        double sum = 0, sum2 = 0;
        /* Many short substreams, as the engine uses them. */
        for (size_t i = 0; i < n; i++) {
            if (i % 32 == 0)
                ls_stream_key(st, 2018, i / 32, 42, 2025);
            double u = gsl_rng_uniform(st->r);
            assert_true(u >= 0.0 && u < 1.0);
            sum += u;
            sum2 += u * u;
            count[(size_t)(u * cells)]++;
        }
        double mean = sum / n, var = sum2 / n - mean * mean;
        /* sd of the mean of n U(0,1): sqrt(1/12 / n); of the variance
         * estimate: sqrt((mu4 - sigma^4) / n) with mu4 = 1/80. */
        ls_assert_close(mean, 0.5, 4 * sqrt(1.0 / 12 / n));
        ls_assert_close(var, 1.0 / 12, 4 * sqrt((1.0 / 80 - 1.0 / 144) / n));
        double chi2 = 0, expect = (double)n / cells;
        for (size_t c = 0; c < cells; c++)
            chi2 += (count[c] - expect) * (count[c] - expect) / expect;
        /* P(chi2_63 > x) = 1/16,000 (z = 4 one-sided equivalent). */
        double crit = gsl_cdf_chisq_Qinv(6.3e-5, (double)(cells - 1));
        if (chi2 > crit)
            fail_msg("%s: chi-square %.2f > %.2f", ls_rng_kinds[g]->name,
                     chi2, crit);
        ls_stream_free(st);
    }
}

/* A draw from a stream nobody keyed aborts with a clear message. */
static void test_unkeyed_fails_loudly(void **unused)
{
    (void)unused;
    for (size_t g = 0; ls_rng_kinds[g] != NULL; g++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            dup2(fds[1], 2);
            ls_stream *st = ls_stream_alloc(ls_rng_kinds[g]);
            ls_stream_key(st, 1, 2, 3, 2020);
            (void)gsl_rng_uniform(st->r);
            ls_stream_unkey(st);
            volatile double u = 0;
            for (int j = 0; j < 8; j++)
                u += gsl_rng_uniform(st->r);
            _exit(0); /* not reached */
        }
        close(fds[1]);
        char buf[512] = {0};
        size_t got = 0;
        ssize_t k;
        while (got < sizeof buf - 1 &&
               (k = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0)
            got += (size_t)k;
        close(fds[0]);
        int status = 0;
        waitpid(pid, &status, 0);
        assert_true(got > 0);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
        assert_non_null(strstr(buf, "before the engine keyed it"));
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_kat),
        cmocka_unit_test(test_philox_stream_mapping),
        cmocka_unit_test(test_kinds_are_gsl_types),
        cmocka_unit_test(test_reference_matches_gsl),
        cmocka_unit_test(test_keying),
        cmocka_unit_test(test_name_id),
        cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_unkeyed_fails_loudly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
