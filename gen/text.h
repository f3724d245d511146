/*
 * text.h: setting one paragraph with Pango: a struct piece.
 */
#ifndef UCAPGEN_TEXT_H
#define UCAPGEN_TEXT_H

#include <pango/pango.h>

#include "diag.h"
#include "flow.h"
#include "fonts.h"
#include "layoutfile.h"
#include "tree.h"

struct fillcache;

/* Texts set once and kept, across the documents of one worker: labels,
 * markers and placeholders recur from summary to summary. */
struct textcache {
	GHashTable *shared;     /* plain texts already set: key -> layout */
	GHashTable *heights;    /* font and language -> the line height */
	struct fillcache *fill; /* words shaped (fill.h) */
};

struct textcache *textcache_new(void);
void textcache_free(struct textcache *);

/* What setting text needs; one per document. */
struct textctx {
	PangoContext *pango;    /* owned */
	const struct fonts *fonts;
	struct diags *diags;
	const struct tree *plan; /* for missing-glyph warnings, or NULL */
	char *lang;             /* owned; the language of the text */
	GHashTable *warned;     /* "line:col:char" already warned (owned) */
	guint unlisted;         /* characters no font has, past the first
				   ones warned about one by one */
	char *unlisted_file;    /* owned: where the first of them is */
	struct srcpos unlisted_pos;
	gunichar unlisted_char;
	struct textcache *cache;        /* owned if own_cache */
	bool own_cache;
	guint links;            /* links set so far: each has its number */
};

/* With cache NULL, the context keeps a cache of its own. */
void textctx_init(struct textctx *, const struct fonts *, const char *lang,
    struct diags *, const struct tree *plan, struct textcache *cache);
/* Add the one warning about the characters no font has that were not
 * listed one by one (a text in a script no font has holds hundreds). */
void textctx_flush(struct textctx *);
void textctx_clear(struct textctx *);

/* A byte range of a plain text that is a link. */
struct textlink {
	guint start, end;
	const char *uri;
};

/*
 * Set text in the style at the given width.  With markup, the text is
 * parsed as inline markup (markup.h); a text the validator let through
 * always parses, anything else is set as it is.  src is the element of
 * the plan the text came from (NULL: not from the plan), for warnings
 * about characters no bundled font has, at the character's own place.
 * link, for a plain text, makes a range of it a link (or NULL).
 * Returns a new piece.
 */
struct piece *text_piece(struct textctx *, const struct lstyle *,
    const char *text, bool markup, double width, const xmlNode *src,
    const struct textlink *link);
/* Give a piece a text marker (a bullet) set in the style. */
void text_marker(struct textctx *, struct piece *, const struct lstyle *,
    const char *marker, double x);
/* Line i of a layout set by text_piece or text_marker, or NULL. */
const struct tline *text_line(PangoLayout *, guint i);
/* A run's colour (its foreground attribute), else dflt; whether it is
 * underlined: what a renderer draws it with. */
struct rgba text_run_color(const PangoGlyphItem *, struct rgba dflt);
bool text_run_underlined(const PangoGlyphItem *);
/* The width of a line of text in a style. */
double text_width(struct textctx *, const struct lstyle *, const char *);

#endif
