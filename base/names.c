/*
 * names.c - the open-addressing name map of names.h.
 */
#include "names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a, 64 bits */
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3u;
    }
    return h;
}

void ls_names_init(ls_names *m)
{
    memset(m, 0, sizeof *m);
}

void ls_names_free(ls_names *m)
{
    free(m->key);
    free(m->val);
    ls_names_init(m);
}

/* The slot of key in m (cap > 0): where it is, or the free slot where it
 * would go. */
static size_t slot(const ls_names *m, const char *key)
{
    size_t mask = m->cap - 1, i = (size_t)hash(key) & mask;
    while (m->key[i] != NULL && strcmp(m->key[i], key) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Doubles the slots (16 at first), rehashing every key. */
static int grow(ls_names *m)
{
    size_t cap = m->cap ? 2 * m->cap : 16;
    if (cap < m->cap || cap > SIZE_MAX / sizeof *m->val)
        return -1;
    ls_names g = {cap, m->n, calloc(cap, sizeof *m->key),
                  calloc(cap, sizeof *m->val)};
    if (g.key == NULL || g.val == NULL) {
        free(g.key);
        free(g.val);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->key[i] != NULL) {
            size_t j = slot(&g, m->key[i]);
            g.key[j] = m->key[i];
            g.val[j] = m->val[i];
        }
    free(m->key);
    free(m->val);
    *m = g;
    return 0;
}

int ls_names_add(ls_names *m, const char *key, size_t val)
{
    if (m->cap > 0 && m->key[slot(m, key)] != NULL)
        return 0;
    if (2 * (m->n + 1) > m->cap && grow(m) != 0)
        return -1;
    size_t i = slot(m, key);
    m->key[i] = key;
    m->val[i] = val;
    m->n++;
    return 1;
}

int ls_names_get(const ls_names *m, const char *key, size_t *val)
{
    if (m->cap == 0)
        return 0;
    size_t i = slot(m, key);
    if (m->key[i] == NULL)
        return 0;
    if (val != NULL)
        *val = m->val[i];
    return 1;
}
