/*
 * rng.c - the stream generators: Philox4x64-10 and GSL reference wrappers.
 *
 * The production generator is Philox4x64-10 from Random123 (Salmon et al.,
 * SC'11), a counter-based generator: output block = philox(counter, key).
 * We map a stream key onto it without hashing, so distinct keys can never
 * collide:   key = {seed, model id},   counter = {path, year, block, site}.
 * Re-keying therefore costs a few stores, and each draw site of a
 * (path, model, year) has 2^64 blocks of four 64-bit words.  The pairs of
 * the fast samplers (sample.h) live apart from the sites' substreams, in
 * the blocks {path, year, j, 2^63}: sites 2j and 2j+1 share one.
 *
 * gsl_rng_uniform() takes the top 53 bits of one word (get_double);
 * gsl_rng_get() returns the top 32 bits of one word, so the type reports
 * max = 2^32-1 like GSL's own 32-bit generators.
 *
 * The reference generators (GSL's taus2, mt19937, ranlxd1) are wrapped in a
 * gsl_rng_type of our own that forwards to an inner GSL generator; keying
 * calls gsl_rng_set(inner, splitmix-hash of the key).  They take only the
 * low 32 bits of the seed, so two keys can share a substream by the
 * birthday bound; they are for cross-checking results, not for production.
 *
 * Rejected: one stream per thread (results would depend on the thread
 * count), and xoshiro256** seeded by splitmix64 (hash collisions are
 * possible, where Philox's key mapping is injective).
 */
#include "rng.h"

#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "error.h"

/* ---- Philox4x64-10 ---------------------------------------------------- */

/* gsl_rng_alloc() places the state with calloc; the padding keeps the
 * fields that change on every draw off cache lines shared with other
 * threads' allocations (see mem.h). */
typedef struct philox_state {
    unsigned char pad0[64];
    philox4x64_ctr_t ctr;   /* {path, year, block, site} */
    philox4x64_key_t key;   /* {seed, model id} */
    philox4x64_ctr_t out;   /* current output block */
    unsigned idx;           /* next word of out to hand out, 4 = empty */
    int keyed;              /* 0 until keyed, and after unkey */
    int pair_ok;            /* pair_out is pair block pair_j of the key */
    uint64_t pair_j;
    uint64_t pair_out[4];
    unsigned char pad1[64];
} philox_state;

static void philox_unkeyed(void)
{
    ls_panic("a random stream was drawn from before the engine keyed it "
             "(or after it was unkeyed); draws are only allowed inside "
             "sample() and step()");
}

static inline uint64_t philox_next(philox_state *s)
{
    if (s->idx == 4) {
        if (!s->keyed)
            philox_unkeyed();
        s->out = philox4x64(s->ctr, s->key);
        s->ctr.v[2]++;
        s->idx = 0;
    }
    return s->out.v[s->idx++];
}

static unsigned long philox_get(void *vstate)
{
    return (unsigned long)(philox_next(vstate) >> 32);
}

static double philox_get_double(void *vstate)
{
    return (double)(philox_next(vstate) >> 11) * 0x1.0p-53;
}

/* gsl_rng_set() entry: a plain seed keys substream (seed, 0, 0, 0), which
 * keeps gsl_rng_alloc() and any direct gsl_rng_set() well defined. */
static void philox_set(void *vstate, unsigned long seed)
{
    philox_state *s = vstate;
    memset(s, 0, sizeof *s);   /* also zeroes the padding */
    s->key.v[0] = seed;
    s->idx = 4;
    s->keyed = 1;
}

static const gsl_rng_type philox_type = {
    "philox4x64", 0xffffffffUL, 0, sizeof(philox_state),
    philox_set, philox_get, philox_get_double,
};

static void philox_key(gsl_rng *r, uint64_t seed, uint64_t path,
                       uint64_t model, int year)
{
    philox_state *s = r->state;
    s->key.v[0] = seed;
    s->key.v[1] = model;
    s->ctr.v[0] = path;
    s->ctr.v[1] = (uint64_t)(int64_t)year;
    s->ctr.v[2] = 0;
    s->ctr.v[3] = 0;
    s->idx = 4;
    s->keyed = 1;
    s->pair_ok = 0;
}

static void philox_site(gsl_rng *r, unsigned site)
{
    philox_state *s = r->state;
    s->ctr.v[2] = 0;
    s->ctr.v[3] = site;
    s->idx = 4;
}

static void philox_unkey(gsl_rng *r)
{
    philox_state *s = r->state;
    s->keyed = 0;
    s->idx = 4;
    s->pair_ok = 0;
}

void ls_rng_blocks(uint64_t seed, uint64_t model, int year,
                   const uint64_t *path, size_t lanes, uint64_t c2,
                   uint64_t c3, uint64_t *out)
{
    philox4x64_key_t key = {{seed, model}};
    for (size_t l = 0; l < lanes; l++) {
        philox4x64_ctr_t ctr = {{path[l], (uint64_t)(int64_t)year, c2, c3}};
        philox4x64_ctr_t b = philox4x64(ctr, key);
        for (int w = 0; w < 4; w++)
            out[4 * l + (size_t)w] = b.v[w];
    }
}

static void philox_pair(gsl_rng *r, unsigned site, double u[2])
{
    philox_state *s = r->state;
    if (!s->keyed)
        philox_unkeyed();
    uint64_t j = site >> 1;
    if (!s->pair_ok || s->pair_j != j) {
        ls_rng_blocks(s->key.v[0], s->key.v[1], (int)s->ctr.v[1],
                      &s->ctr.v[0], 1, j, LS_PAIR_WORD, s->pair_out);
        s->pair_j = j;
        s->pair_ok = 1;
    }
    unsigned w = (site & 1) * 2;
    u[0] = ls_rng_open01(s->pair_out[w]);
    u[1] = ls_rng_open01(s->pair_out[w + 1]);
}

static const ls_rng_kind philox_kind = {
    "philox4x64", &philox_type,
    "Philox4x64-10 (Random123), counter-based; the default",
    NULL, NULL, philox_key, philox_unkey, philox_site, philox_pair,
    philox_site,
};

/* ---- GSL reference generators, wrapped -------------------------------- */

typedef struct wrap_state {
    gsl_rng *inner;   /* the GSL generator doing the work */
    uint64_t hash;    /* ls_rng_key_hash of the current key */
    int keyed;        /* 0 until keyed, and after unkey */
} wrap_state;

/* The inner generator's state is allocated by GSL and written on every
 * draw; reference generators are for cross-checks, so false sharing there
 * costs speed, never correctness. */

static unsigned long wrap_get(void *vstate)
{
    wrap_state *s = vstate;
    if (!s->keyed)
        philox_unkeyed();
    return s->inner->type->get(s->inner->state);
}

static double wrap_get_double(void *vstate)
{
    wrap_state *s = vstate;
    if (!s->keyed)
        philox_unkeyed();
    return s->inner->type->get_double(s->inner->state);
}

static void wrap_set(void *vstate, unsigned long seed)
{
    wrap_state *s = vstate;
    if (s->inner != NULL) {
        gsl_rng_set(s->inner, seed);
        s->keyed = 1;
    }
}

/* max/min are those of the inner generators (all three are 32-bit); a test
 * checks that they agree. */
#define WRAP_TYPE(var, nm)                                                   \
    static const gsl_rng_type var = {nm, 0xffffffffUL, 0,                    \
                                     sizeof(wrap_state), wrap_set,           \
                                     wrap_get, wrap_get_double}
WRAP_TYPE(taus2_type, "taus2");
WRAP_TYPE(mt19937_type, "mt19937");
WRAP_TYPE(ranlxd1_type, "ranlxd1");

static int wrap_attach(gsl_rng *r, const gsl_rng_type *inner)
{
    wrap_state *s = r->state;
    s->inner = gsl_rng_alloc(inner);
    s->keyed = 0;
    return s->inner == NULL ? -1 : 0;
}

static int taus2_attach(gsl_rng *r) { return wrap_attach(r, gsl_rng_taus2); }
static int mt19937_attach(gsl_rng *r) { return wrap_attach(r, gsl_rng_mt19937); }
static int ranlxd1_attach(gsl_rng *r) { return wrap_attach(r, gsl_rng_ranlxd1); }

static void wrap_detach(gsl_rng *r)
{
    wrap_state *s = r->state;
    gsl_rng_free(s->inner);
    s->inner = NULL;
}

static void wrap_key(gsl_rng *r, uint64_t seed, uint64_t path,
                     uint64_t model, int year)
{
    wrap_state *s = r->state;
    s->hash = ls_rng_key_hash(seed, path, model, year);
    gsl_rng_set(s->inner, (unsigned long)s->hash);
    s->keyed = 1;
}

/* A site re-seeds the inner generator from the key's hash and the site:
 * slow for mt19937 (624 words of set-up), which is for cross-checks. */
static void wrap_site(gsl_rng *r, unsigned site)
{
    wrap_state *s = r->state;
    uint64_t h = site == 0 ? s->hash : ls_rng_mix(s->hash ^ site);
    gsl_rng_set(s->inner, (unsigned long)h);
}

static void wrap_unkey(gsl_rng *r)
{
    wrap_state *s = r->state;
    s->keyed = 0;
}

/* The pair is the site substream's first two uniforms ... */
static void wrap_pair(gsl_rng *r, unsigned site, double u[2])
{
    wrap_site(r, site);
    u[0] = gsl_rng_uniform_pos(r);
    u[1] = gsl_rng_uniform_pos(r);
}

/* ... and further uniforms are the rest of it. */
static void wrap_more(gsl_rng *r, unsigned site)
{
    (void)r;
    (void)site;
}

static const ls_rng_kind taus2_kind = {
    "taus2", &taus2_type, "GSL taus2 (L'Ecuyer 1996), reference",
    taus2_attach, wrap_detach, wrap_key, wrap_unkey, wrap_site,
    wrap_pair, wrap_more,
};
static const ls_rng_kind mt19937_kind = {
    "mt19937", &mt19937_type, "GSL mt19937 (Matsumoto, Nishimura 1998), reference",
    mt19937_attach, wrap_detach, wrap_key, wrap_unkey, wrap_site,
    wrap_pair, wrap_more,
};
static const ls_rng_kind ranlxd1_kind = {
    "ranlxd1", &ranlxd1_type, "GSL ranlxd1 (Luescher 1994), reference",
    ranlxd1_attach, wrap_detach, wrap_key, wrap_unkey, wrap_site,
    wrap_pair, wrap_more,
};

const ls_rng_kind *const ls_rng_kinds[] = {
    &philox_kind, &taus2_kind, &mt19937_kind, &ranlxd1_kind, NULL,
};

/* ---- streams and hashes ----------------------------------------------- */

const ls_rng_kind *ls_rng_find(const char *name)
{
    for (size_t i = 0; ls_rng_kinds[i] != NULL; i++)
        if (strcmp(ls_rng_kinds[i]->name, name) == 0)
            return ls_rng_kinds[i];
    return NULL;
}

ls_stream *ls_stream_alloc(const ls_rng_kind *kind)
{
    ls_stream *st = calloc(1, sizeof *st);
    if (st == NULL)
        return NULL;
    st->kind = kind;
    st->r = gsl_rng_alloc(kind->type);
    if (st->r == NULL) {
        free(st);
        return NULL;
    }
    if (kind->attach != NULL && kind->attach(st->r) != 0) {
        gsl_rng_free(st->r);
        free(st);
        return NULL;
    }
    kind->unkey(st->r);
    return st;
}

void ls_stream_free(ls_stream *st)
{
    if (st == NULL)
        return;
    if (st->kind->detach != NULL)
        st->kind->detach(st->r);
    gsl_rng_free(st->r);
    free(st);
}

uint64_t ls_rng_name_id(const char *name)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);    /* FNV-1a 64 offset */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);             /* FNV-1a 64 prime */
    }
    return ls_rng_mix(h);
}

uint64_t ls_rng_key_hash(uint64_t seed, uint64_t path, uint64_t model,
                         int year)
{
    uint64_t h = ls_rng_mix(seed + UINT64_C(0x9e3779b97f4a7c15));
    h = ls_rng_mix(h ^ path);
    h = ls_rng_mix(h ^ model);
    return ls_rng_mix(h ^ (uint64_t)(int64_t)year);
}
