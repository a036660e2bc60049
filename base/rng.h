/*
 * rng.h - keyed random streams that are real gsl_rng generators.
 *
 * A stream is a gsl_rng whose position is a pure function of a key
 * (seed, path, model, year).  The engine re-keys it before every
 * (path, model, year) unit of work, so a draw never depends on which thread
 * ran the path or on what other models drew: that is what makes results
 * reproducible for any thread count and gives common random numbers across
 * scenarios.  Because the stream is a gsl_rng, every gsl_ran_* sampler and
 * gsl_cdf_*_Pinv inverse works on it unchanged.
 */
#ifndef LS_RNG_H
#define LS_RNG_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Year code used to key the per-path parameter draws (model->sample). */
#define LS_KEY_SAMPLE 0

/*
 * A selectable generator.  key() positions the state at the start of the
 * substream for the given key; unkey() makes every later draw abort until
 * the next key().
 */
typedef struct ls_rng_kind {
    const char *name;          /* configuration name, e.g. "philox4x64" */
    const gsl_rng_type *type;  /* what a stream allocates */
    const char *doc;           /* one line for --help and the docs */
    int (*attach)(gsl_rng *r); /* optional: allocate helpers; 0 on success */
    void (*detach)(gsl_rng *r);/* optional: undo attach */
    void (*key)(gsl_rng *r, uint64_t seed, uint64_t path, uint64_t model,
                int year);
    void (*unkey)(gsl_rng *r);
    void (*site)(gsl_rng *r, unsigned site);
    /* The pair of uniforms, in (0, 1), at the fixed place of draw site
     * `site` of the current key (ls_stream_pair). */
    void (*pair)(gsl_rng *r, unsigned site, double u[2]);
    /* Positions r where draw site `site` finds further uniforms. */
    void (*more)(gsl_rng *r, unsigned site);
} ls_rng_kind;

/* The generators, NULL-terminated; the first is the default. */
extern const ls_rng_kind *const ls_rng_kinds[];

/* Looks a generator up by name; NULL if there is none. */
const ls_rng_kind *ls_rng_find(const char *name);

/* Which samplers the draws of sample.h use. */
typedef enum ls_samplers {
    LS_SAMPLERS_FAST,  /* sample.h's, on the sites' pairs; the default */
    LS_SAMPLERS_GSL    /* GSL's, on the sites' substreams (reference) */
} ls_samplers;

typedef struct ls_stream {
    gsl_rng *r;               /* pass this to gsl_ran_* */
    const ls_rng_kind *kind;  /* generator behind r */
    ls_samplers samplers;     /* what sample.h's draws use */
} ls_stream;

/* Allocates an unkeyed stream of the given kind; NULL if out of memory. */
ls_stream *ls_stream_alloc(const ls_rng_kind *kind);

/* Frees a stream from ls_stream_alloc; st may be NULL. */
void ls_stream_free(ls_stream *st);

/* Positions st at the start of substream (seed, path, model, year). */
static inline void ls_stream_key(ls_stream *st, uint64_t seed, uint64_t path,
                                 uint64_t model, int year)
{
    st->kind->key(st->r, seed, path, model, year);
}

/*
 * Moves st to the start of draw site `site` of its current key and returns
 * the generator to draw from.  Each site of a (path, model, year) is a
 * substream of its own (Philox: the counter's fourth word), so what a draw
 * takes never depends on how many uniforms the draws before it consumed:
 * GSL's binomial takes none for n = 0 and a variable number for large n,
 * and a keuze that changes one draw must not shift the next.  A model
 * gives every draw (or every loop of draws whose length is random) a site
 * number of its own that does not depend on the path's state; site 0 is
 * the sample phase's parameter uniforms.
 */
static inline const gsl_rng *ls_stream_site(ls_stream *st, unsigned site)
{
    st->kind->site(st->r, site);
    return st->r;
}

/*
 * The pair of uniforms of draw site `site` (>= 1) of the current key, in
 * (0, 1): what the samplers of sample.h decide most draws from.  Philox
 * keeps the pairs of sites 2j and 2j+1 in one block, counter {path, year,
 * j, LS_PAIR_WORD}, so a path-year of seven draws computes four blocks,
 * not seven; a pair's place depends only on its site, so it keeps the
 * property of ls_stream_site.  The reference generators take the first
 * two uniforms of the site's substream.
 */
static inline void ls_stream_pair(ls_stream *st, unsigned site, double u[2])
{
    st->kind->pair(st->r, site, u);
}

/* Positions st where draw site `site` finds uniforms beyond its pair and
 * returns the generator: for Philox the site's substream, for the
 * reference generators the rest of it after the pair. */
static inline const gsl_rng *ls_stream_more(ls_stream *st, unsigned site)
{
    st->kind->more(st->r, site);
    return st->r;
}

/* Counter word 3 of Philox's pair blocks: no site number reaches it. */
#define LS_PAIR_WORD (UINT64_C(1) << 63)

/* A 64-bit word as a uniform in (0, 1): its top 53 bits, centred. */
static inline double ls_rng_open01(uint64_t w)
{
    return ((double)(w >> 11) + 0.5) * 0x1.0p-53;
}

/* Philox4x64-10 block {path[l], year, c2, c3} of key {seed, model} for
 * each of `lanes` paths: out[4 * l + w] is word w of path l's block (a
 * pair block: c2 = j, c3 = LS_PAIR_WORD). */
void ls_rng_blocks(uint64_t seed, uint64_t model, int year,
                   const uint64_t *path, size_t lanes, uint64_t c2,
                   uint64_t c3, uint64_t *out);

/* Makes every draw from st abort with a message until it is keyed again. */
static inline void ls_stream_unkey(ls_stream *st)
{
    st->kind->unkey(st->r);
}

/* splitmix64's output function (Steele, Lea, Flood 2014): a bijective
 * 64-bit mixer. */
static inline uint64_t ls_rng_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Stable 64-bit id of a name (FNV-1a, then mixed), used as the model id of
 * the key so that a model's draws do not depend on its position in any
 * table. */
uint64_t ls_rng_name_id(const char *name);

/* The 64-bit seed the GSL reference generators are seeded with for a key. */
uint64_t ls_rng_key_hash(uint64_t seed, uint64_t path, uint64_t model,
                         int year);

#endif /* LS_RNG_H */
