/*
 * suggest.h - "did you mean": the likely intended name for a typo.
 *
 * For unknown settings, model types, generators, parameters, metrics and
 * command names alike.
 */
#ifndef LS_SUGGEST_H
#define LS_SUGGEST_H

/* Levenshtein distance between a and b, capped at 255. */
unsigned ls_edit_distance(const char *a, const char *b);

/* The candidate closest to name if it is close enough to be a likely typo,
 * else NULL.  candidates is NULL-terminated. */
const char *ls_suggest(const char *name, const char *const *candidates);

#endif /* LS_SUGGEST_H */
