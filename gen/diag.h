/*
 * diag.h: diagnostics, the one way every stage reports a problem.
 *
 * A stage adds messages to a struct diags; only main.c prints them, once,
 * as "FILE:LINE:COL: error: MESSAGE" (the form GCC uses).  The exit status
 * follows from the worst severity seen.
 */
#ifndef UCAPGEN_DIAG_H
#define UCAPGEN_DIAG_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

enum severity {
	SEV_WARNING,
	SEV_ERROR,
};

/* A source position, 1-based; line 0 means "the whole file". */
struct srcpos {
	int line;
	int col;
};

struct diag {
	enum severity sev;
	char *file;            /* owned; the name as the user gave it */
	struct srcpos pos;
	char *msg;             /* owned; plain words, no trailing newline */
	unsigned seq;          /* order of arrival, for a stable sort */
	unsigned filerank;     /* seq of the first message of this file */
};

struct diags {
	GArray *list;          /* of struct diag */
	GHashTable *said;      /* owned; each message's line as printed */
	int errors;            /* number of SEV_ERROR entries (said twice:
				   counted twice, kept once) */
	int warnings;          /* number of SEV_WARNING entries */
};

void diags_init(struct diags *);
void diags_clear(struct diags *);
void diags_add(struct diags *, enum severity, const char *file,
    struct srcpos, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
void diags_addv(struct diags *, enum severity, const char *file,
    struct srcpos, const char *fmt, va_list);
/* Add a copy of every message of src to d, counted as src counted
 * them: messages made once and given to several jobs. */
void diags_append(struct diags *d, const struct diags *src);
/* Sort by file order of arrival, then line and column. */
void diags_sort(struct diags *);
/* Print every message; with strict, warnings print as errors. */
void diags_print(const struct diags *, FILE *, bool strict);
/* The same, leaving out the messages already in printed (a set of
 * strings, which takes the new ones): a batch prints a plan's message
 * once, not once for each layout and language it was rendered in. */
void diags_print_once(const struct diags *, FILE *, bool strict,
    GHashTable *printed);
/* Whether the run failed: any error, or any warning when strict. */
bool diags_failed(const struct diags *, bool strict);

#endif
