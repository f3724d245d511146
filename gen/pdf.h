/*
 * pdf.h: a laid-out document written as a tagged PDF, by ucapgen itself.
 */
#ifndef UCAPGEN_PDF_H
#define UCAPGEN_PDF_H

#include <glib.h>

#include "diag.h"
#include "page.h"
#include "pdffont.h"

/*
 * The document as a tagged PDF 1.5: its pages' boxes as content streams,
 * each piece of text or picture marked as an element of the structure
 * tree or as an artifact, links with their annotations, bookmarks, the
 * fonts' subsets, the images, the document information and its XMP
 * metadata.  fonts: what the worker keeps of its fonts between
 * documents (may be NULL).  Returns the file's bytes (caller unrefs), or
 * NULL with a message in diags.
 */
GBytes *pdf_render(const struct document *, struct pdffontcache *fonts,
    struct diags *);

#endif
