/*
 * suggest.c - suggestions for mistyped names.
 *
 * The plain Levenshtein distance (one row of the table on the stack, so
 * names are capped at 63 characters, beyond which nothing is suggested);
 * a candidate is offered when the distance is at most a third of the
 * name's length (at least 2), or when the name is a prefix (3 or more
 * characters) of the candidate.  Rejected: Damerau transpositions and
 * keyboard distances, which would suggest more often and wrongly more
 * often too.
 */
#include "suggest.h"

#include <string.h>

unsigned ls_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 255;
    unsigned row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (unsigned)j;
    for (size_t i = 1; i <= la; i++) {
        unsigned diag = row[0];
        row[0] = (unsigned)i;
        for (size_t j = 1; j <= lb; j++) {
            unsigned up = row[j];
            unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            unsigned best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *ls_suggest(const char *name, const char *const *candidates)
{
    const char *best = NULL;
    unsigned best_d = 255;
    for (size_t i = 0; candidates != NULL && candidates[i] != NULL; i++) {
        unsigned d = ls_edit_distance(name, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    size_t len = strlen(name);
    unsigned limit = len / 3 > 2 ? (unsigned)(len / 3) : 2;
    if (best_d <= limit)
        return best;
    /* A truncated name ("philox" for "philox4x64") is a likely slip too. */
    for (size_t i = 0; len >= 3 && candidates != NULL && candidates[i] != NULL;
         i++)
        if (strncmp(name, candidates[i], len) == 0)
            return candidates[i];
    return NULL;
}
