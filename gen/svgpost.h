/*
 * svgpost.h: making cairo's SVG fit to be embedded in a web page.
 */
#ifndef UCAPGEN_SVGPOST_H
#define UCAPGEN_SVGPOST_H

#include <glib.h>

#include "diag.h"
#include "page.h"

/*
 * Prefix and renumber every id, add viewBox, role="img", <title>,
 * <desc> and an invisible text layer.  gap is the space between the
 * pages stacked in the SVG.  Returns the new bytes (caller unrefs), or
 * NULL with a message in diags.
 */
GBytes *svgpost_finish(GBytes *svg, const struct document *,
    const char *prefix, double gap, struct diags *);
/* The id prefix of a summary: the same for the same plan (its text,
 * plan), layout and language; another for another.  Caller frees. */
char *svgpost_prefix(const char *city, const char *layout, const char *lang,
    const char *plan, gsize plan_len);

#endif
