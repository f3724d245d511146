/*
 * render.h: the render stage: laid-out pages drawn to PDF, SVG or PNG.
 */
#ifndef UCAPGEN_RENDER_H
#define UCAPGEN_RENDER_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"
#include "page.h"
#include "pdffont.h"

enum outfmt {
	OUT_PDF,
	OUT_SVG,
	OUT_PNG,
};

/* "pdf", "svg", "png" to a format; false if unknown. */
bool render_format_from_name(const char *, enum outfmt *);

/*
 * Draw the document.  PDF: one file of every page.  SVG: one file, the
 * pages one below the other.  PNG: one file per page at dpi, or only
 * page `only` (1-based) when it is not 0.  Returns an array of GBytes,
 * one per file (caller frees with g_ptr_array_unref), or NULL with a
 * message in diags.  fonts: the worker's prepared fonts, for a PDF (may
 * be NULL).
 */
GPtrArray *render_document(const struct document *, enum outfmt, double dpi,
    int only, struct pdffontcache *fonts, struct diags *);

#endif
