/*
 * paginate.h: rows of set text cut into pages.
 */
#ifndef UCAPGEN_PAGINATE_H
#define UCAPGEN_PAGINATE_H

#include "layout.h"

/*
 * Fill pages with the flow's rows, splitting a row between pages at a line
 * boundary when it does not fit: at least two lines of a paragraph on
 * each side of a break, no heading or label alone at the foot of a page,
 * the label repeated (continued) on the next page.  Adds the header and
 * footer of every page.  Returns the document; NULL with a message in
 * diags if something cannot fit on any page.
 */
struct document *paginate(const struct layout_in *, const struct flow *,
    struct diags *);

#endif
