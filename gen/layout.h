/*
 * layout.h: the lay-out stage: a layout applied to a plan.
 *
 * Binds the layout's blocks to the plan's values, sets every text with
 * Pango (text.c) and cuts the result into pages (paginate.c).  Nothing is
 * drawn here: the result is a struct document of boxes.
 */
#ifndef UCAPGEN_LAYOUT_H
#define UCAPGEN_LAYOUT_H

#include "catalog.h"
#include "diag.h"
#include "flow.h"
#include "fonts.h"
#include "image.h"
#include "layoutfile.h"
#include "page.h"
#include "text.h"
#include "tree.h"

struct layout_in {
	const struct layoutfile *lf;
	const struct catalog *cat;
	const struct tree *plan;        /* a valid plan */
	struct textctx *text;
	struct diags *diags;
	char *const *allowed;   /* folders images may come from, besides the
				   plan's (NULL-terminated, may be NULL) */
	GPtrArray *deps;        /* gets the image files used (may be NULL) */
	struct imagecache *images; /* the worker's images (may be NULL) */
};

/* The body: its rows in order, and its frames.  Caller frees with
 * flow_free.  Problems (an image that cannot be read, text that does not
 * fit its frame) go to the diags. */
struct flow *layout_body(const struct layout_in *);
/* Whether a header or footer appears on page n. */
bool layout_band_on(const struct lband *, int n);
/* A header or footer for page n of m, or NULL when the band does not
 * appear on that page; its cells' x count from the left margin.  Caller
 * frees with frow_free. */
struct frow *layout_band(const struct layout_in *, const struct lband *,
    int n, int m);

/*
 * Lay out a valid plan: the whole stage.  Returns the document (caller
 * frees with document_free), or NULL with messages in diags.
 */
struct document *layout_plan(const struct layoutfile *,
    const struct catalog *, const struct tree *plan, const struct fonts *,
    struct textcache *, struct imagecache *, char *const *allowed,
    GPtrArray *deps, struct diags *);

#endif
