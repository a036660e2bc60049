/*
 * summary.h - the report's first page, for a council member's two minutes.
 *
 * The question; the headline probabilities in words ("in 7 van de 100
 * doorgerekende toekomsten"), observed targets as met or missed; what
 * they rest on (the assumptions that move each target most); what moves
 * them (the keuzes of a comparison ranked by their largest significant
 * dP, with intervals; without a comparison, how to make one); and what
 * such a probability is not.
 */
#ifndef LS_SUMMARY_H
#define LS_SUMMARY_H

#include "../sim/compare.h"
#include "../sim/result.h"
#include "doc.h"

/* Adds the summary of run r to d; c, when not NULL, is a comparison whose
 * reference (scenario 0) is r's scenario, for the keuzes' ranking. */
void ls_summary_doc(ls_doc *d, const ls_result *r, const ls_compare *c);

/* "in 7 van de 100", "in 3 van de 1.000", "in geen van de 20.000": how
 * often hits of n paths hit, in words, into buf.  Returns buf. */
/* A small probability in Dutch words, "2,3 op de miljoen" (p in
 * (0, 0.1]); "0" for p <= 0. */
const char *ls_summary_small(double p, char *buf, size_t size);

/* p with its interval lo-hi in those words: "2,2 op de 1.000 (2,0-2,3
 * op de 1.000)", the scale once when lo and hi share p's. */
const char *ls_summary_small_ci(double p, double lo, double hi, char *buf,
                                size_t size);

/* The Dutch reason of a rare-estimate check (rare.h), after "want". */
const char *ls_summary_rare_why(int flag);

const char *ls_summary_words(uint64_t hits, uint64_t n, char *buf,
                             size_t size);

#endif /* LS_SUMMARY_H */
