/*
 * fonts.h: the bundled fonts, through a private fontconfig configuration.
 *
 * Only the fonts in the data folder's fonts/ are visible, so the same plan
 * gives the same pages on every machine.  Fontconfig's cache of them lives
 * in the user's cache folder (ucapgen/fontconfig).
 */
#ifndef UCAPGEN_FONTS_H
#define UCAPGEN_FONTS_H

#include <fontconfig/fontconfig.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "diag.h"

/* Characters below this are looked up in struct fonts' own bitmap. */
#define FONTS_LOW 0xA000

struct fonts {
	FcConfig *config;       /* owned */
	PangoFontMap *map;      /* owned */
	FcCharSet *coverage;    /* owned; every character some font has */
	guint32 low[FONTS_LOW / 32]; /* the same, a bit a character, for
				   those below FONTS_LOW */
	GPtrArray *families;    /* owned strings: every family name, sorted */
};

/* Set up fontconfig and Pango on the fonts in fontdir.  Returns false
 * with a message in diags when no font is there. */
bool fonts_init(struct fonts *, const char *fontdir, struct diags *);
void fonts_clear(struct fonts *);
/* Whether a bundled font has this family name (compared as fontconfig
 * does: case and spaces aside). */
bool fonts_has_family(const struct fonts *, const char *family);
/* Whether some bundled font has a glyph for c. */
bool fonts_covers(const struct fonts *, gunichar c);

#endif
