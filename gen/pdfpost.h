/*
 * pdfpost.h: finishing the PDF cairo wrote, as an incremental update.
 */
#ifndef UCAPGEN_PDFPOST_H
#define UCAPGEN_PDFPOST_H

#include <glib.h>

#include "diag.h"
#include "page.h"

/*
 * Add to a tagged PDF from cairo 1.16 what cairo cannot write: content
 * marked "Private" becomes an artifact (page bands, rules, fills),
 * Figures get their alternative text and text in another language its
 * /Lang (begun: the node of each element the renderer began, in order),
 * the catalog gets the document's
 * language and asks viewers to show the title, the dates get their
 * "D:" prefix.  The original bytes are kept and the changes appended
 * as a new revision.  Returns the new bytes (caller unrefs), or NULL
 * with a message in diags when the PDF is not what cairo writes.
 */
GBytes *pdfpost_finish(GBytes *pdf, const struct document *,
    const GArray *begun, struct diags *);

#endif
