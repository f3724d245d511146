/*
 * markup.h: the inline markup of plan texts.
 *
 *   **bold**   *italic*   __underline__   [link text](https://example.org)
 *   \*  \_  \[  \]  \\    the characters themselves
 *
 * A single "_" between letters (IUC-ASIA_office) is an underscore.  Spans
 * do not nest.  Runs of white space, line breaks included, read as one
 * space.  Bare web and e-mail addresses become links.  The grammar is the
 * pattern of the Inline type in plan.xsd; this parser is its twin, used
 * where the schema cannot reach and to explain what the pattern refused.
 */
#ifndef UCAPGEN_MARKUP_H
#define UCAPGEN_MARKUP_H

#include <glib.h>
#include <stdbool.h>

enum run_kind {
	RUN_BOLD,
	RUN_ITALIC,
	RUN_UNDERLINE,
	RUN_LINK,
};

/* A styled range of the plain text, in bytes. */
struct run {
	enum run_kind kind;
	guint start;
	guint end;
	char *href;            /* owned; RUN_LINK only */
};

struct markup {
	GString *text;         /* owned; the plain text, markup removed */
	GArray *runs;          /* owned; of struct run, in order of start */
};

struct markup_error {
	guint offset;          /* byte offset in the source text */
	char *msg;             /* owned; plain words */
};

/* A paragraph has at most this many runs (links and marked words): Pango
 * 1.50 spends time on each of a paragraph's runs for each of its lines,
 * so thousands of them would take minutes. */
#define MARKUP_RUNS_MAX 1000

/*
 * Parse src.  On success fills out (release with markup_clear) and
 * returns true; on failure fills err (release with g_free(err->msg)) and
 * returns false.
 */
bool markup_parse(const char *src, struct markup *out,
    struct markup_error *err);
void markup_clear(struct markup *);

/* Split a rich text into its paragraphs (blank lines separate them).
 * Returns a NULL-terminated vector; caller frees with g_strfreev. */
char **markup_paragraphs(const char *src);

#endif
