/*
 * suggest.c: the nearest valid word to a misspelt one, for messages.
 *
 * Owns nothing.
 */
#include "suggest.h"

#include <string.h>

int
suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int *d = g_new(int, (la + 1) * (lb + 1));
	int r;

#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = (int)i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int cost = g_ascii_tolower(a[i - 1]) !=
			    g_ascii_tolower(b[j - 1]);
			int v = MIN(D(i - 1, j) + 1, D(i, j - 1) + 1);

			v = MIN(v, D(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1])
				v = MIN(v, D(i - 2, j - 2) + 1);
			D(i, j) = v;
		}
	r = D(la, lb);
#undef D
	g_free(d);
	return r;
}

const char *
suggest_closest(const char *word, char *const *cands, guint n)
{
	const char *best = NULL;
	int bestd = 0;
	int limit = MAX(2, (int)strlen(word) / 3);

	if (strlen(word) > 200)
		return NULL;
	for (guint i = 0; i < n; i++) {
		int d = suggest_distance(word, cands[i]);

		if (strcmp(word, cands[i]) != 0 &&
		    d < (int)strlen(cands[i]) && d <= limit &&
		    (best == NULL || d < bestd)) {
			best = cands[i];
			bestd = d;
		}
	}
	return best;
}
