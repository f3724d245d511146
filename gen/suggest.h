/*
 * suggest.h: "did you mean …?" — the nearest of some words to a slip.
 */
#ifndef UCAPGEN_SUGGEST_H
#define UCAPGEN_SUGGEST_H

#include <glib.h>

/* Edit distance, case-insensitive, a swap of neighbours counting one. */
int suggest_distance(const char *a, const char *b);
/* The candidate nearest to word when it is near enough to be a slip
 * (at most a third of its letters, at least two, off), else NULL. */
const char *suggest_closest(const char *word, char *const *cands, guint n);

#endif
