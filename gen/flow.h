/*
 * flow.h: the sheet's content, set in lines but not yet cut into pages.
 *
 * layout.c builds a flow from a layout and a plan: rows of cells, each
 * cell a column of pieces (a paragraph, a list entry, a heading), each
 * piece a Pango layout whose lines are measured.  paginate.c cuts the
 * rows into pages at line boundaries.
 */
#ifndef UCAPGEN_FLOW_H
#define UCAPGEN_FLOW_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "layoutfile.h"

/* One line of a piece, relative to the piece's top. */
struct pline {
	double top;             /* top of the line's box */
	double bottom;          /* bottom of the line's box */
	double baseline;
	double x;               /* left edge of the line's ink start */
};

/* A link area on one line of a piece. */
struct plink {
	int line;
	double x0, x1;          /* relative to the piece's left */
	char *uri;              /* owned */
};

struct piece {
	PangoLayout *layout;    /* owned */
	GArray *lines;          /* owned; of struct pline */
	GArray *links;          /* owned; of struct plink */
	double x;               /* left of the text in the cell's content */
	double space_before;    /* dropped at the top of a cell or page */
	bool keep_with_next;    /* no break after it (a heading) */
	bool keep_with_prev;    /* no break before it (a list's last entry) */
	int min_lines;          /* lines kept together at a break, each side */
	struct rgba color;      /* the text's colour */
	PangoLayout *marker;    /* owned, or NULL: bullet before line 1 */
	double marker_x;        /* left of the marker in the cell's content */
	bool swatch;            /* a coloured square before line 1 */
	struct rgba swatch_color;
	double swatch_size;
};

struct fcell {
	double x;               /* left of the cell on the page */
	double width;           /* its outer width */
	const struct lstyle *style;     /* background and padding */
	GPtrArray *pieces;      /* owned; of struct piece */
};

struct frow {
	struct fcell *label;    /* owned, or NULL: a table row's label */
	struct fcell *label_cont;  /* owned, or NULL: the label, continued */
	GPtrArray *cells;       /* owned; of struct fcell: the values */
	bool keep_together;     /* move rather than split, if it fits */
	bool table;             /* part of a table: draw its rules */
	double rule;            /* width of the table's rules, or 0 */
	struct rgba rule_color;
	double space_after;     /* after the row (not in a table) */
};

struct fcell *fcell_new(double x, double width, const struct lstyle *);
void fcell_free(struct fcell *);
struct frow *frow_new(void);
void frow_free(struct frow *);

/* The content height of a piece. */
double piece_height(const struct piece *);
void piece_free(struct piece *);

#endif
