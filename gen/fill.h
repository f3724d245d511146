/*
 * fill.h: a paragraph broken into lines with each word shaped once.
 */
#ifndef UCAPGEN_FILL_H
#define UCAPGEN_FILL_H

#include <glib.h>
#include <pango/pango.h>

#include "page.h"

/* Words already shaped, kept across the documents of one worker. */
struct fillcache;

struct fillcache *fillcache_new(void);
void fillcache_free(struct fillcache *);

/*
 * Set the paragraph of a layout in lines as PangoLayout would set it,
 * from the layout's text, attributes, font, width, indent, wrapping and
 * alignment, without the layout laying itself out.  Returns a reference
 * to an array of struct tline that owns their runs, shared with the
 * cache and never changed (drop it with fill_free), or NULL: a
 * paragraph this does not set (see fill.c), for PangoLayout.
 */
GArray *fill_lines(struct fillcache *, PangoLayout *);
void fill_free(GArray *);

#endif
