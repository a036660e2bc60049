/*
 * names.h - a map from names to indices, for lookups in constant time.
 *
 * The loader looks names up once per setting it reads (is this target
 * name taken? which metric is "homes.nom"?); a linear search over tens of
 * thousands of names made loading quadratic.  Open addressing with linear
 * probing, FNV-1a hashes, at most half full; keys are borrowed (the map
 * never copies or frees them, so they must outlive it).  No removal: the
 * loader never needs it.
 */
#ifndef LS_NAMES_H
#define LS_NAMES_H

#include <stddef.h>

typedef struct ls_names {
    size_t cap;         /* slots, 0 or a power of two */
    size_t n;           /* names held */
    const char **key;   /* [cap], NULL for a free slot */
    size_t *val;        /* [cap] */
} ls_names;

/* An empty map (allocates nothing until the first add). */
void ls_names_init(ls_names *m);

/* Frees the slots (not the keys); m is then empty and may be reused. */
void ls_names_free(ls_names *m);

/* Adds key with value val.  Returns 1 if added, 0 if key was already
 * there (its value unchanged), -1 if out of memory (m unchanged). */
int ls_names_add(ls_names *m, const char *key, size_t val);

/* Looks key up: 1 and its value in *val (if val is not NULL), or 0. */
int ls_names_get(const ls_names *m, const char *key, size_t *val);

#endif /* LS_NAMES_H */
