/*
 * flow.h: the sheet's content, set in lines but not yet cut into pages.
 *
 * layout.c builds a flow from a layout and a plan: rows of cells, each
 * cell a column of pieces (a paragraph, a list entry, a heading, a row of
 * badges, an image), each piece measured line by line; and frames, boxes
 * at fixed places.  paginate.c cuts the rows into pages at line
 * boundaries.
 */
#ifndef UCAPGEN_FLOW_H
#define UCAPGEN_FLOW_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "layoutfile.h"
#include "page.h"

/* One line of a piece, relative to the piece's top. */
struct pline {
	double top;             /* top of the line's box */
	double bottom;          /* bottom of the line's box */
	double baseline;
	double x;               /* left edge of the line */
	const struct tline *line;       /* borrowed from the piece's
					   layout (text_line) */
};

/* A link area on one line of a piece. */
struct plink {
	int line;
	double x0, x1;          /* relative to the piece's left */
	char *uri;              /* owned */
	guint id;               /* the link's number in the document: the
				   areas of one link share it */
};

/* A box drawn with one line of a piece (a badge, an image), placed
 * relative to the piece's left and top. */
struct pdecor {
	int line;
	int figure;             /* 1-based figure it belongs to, 0: none */
	struct box box;         /* its layout and image are references */
};

/* What a piece is, for the tagged PDF's structure tree. */
enum role {
	ROLE_P,                 /* a paragraph */
	ROLE_H1,                /* the document's title */
	ROLE_H2,                /* a section's title */
	ROLE_H3,                /* a heading inside a section */
	ROLE_LBODY,             /* the text of a list entry */
	ROLE_TH,                /* the text of a table row's label */
	ROLE_FIGURE,            /* badges or an image: figures with alt text */
	ROLE_ARTIFACT,          /* decoration, repeated text: not content */
};

#define HEADING_WHOLE 10000

struct piece {
	PangoLayout *layout;    /* owned, or NULL: decor only */
	GArray *lines;          /* owned; of struct pline */
	GArray *links;          /* owned; of struct plink */
	GArray *decor;          /* owned; of struct pdecor */
	double x;               /* left of the text in the cell's content */
	double space_before;    /* dropped at the top of a cell or page */
	bool keep_with_next;    /* no break after it (a heading) */
	bool keep_with_prev;    /* no break before it (a list's last entry) */
	int min_lines;          /* lines kept together at a break, each side;
				   HEADING_WHOLE: no break inside */
	struct rgba color;      /* the text's colour */
	PangoLayout *marker;    /* owned, or NULL: bullet before line 1 */
	double marker_x;        /* left of the marker in the cell's content */
	bool swatch;            /* a coloured square before line 1 */
	struct rgba swatch_color;
	double swatch_size;
	enum role role;
	bool from_plan;         /* its text is the plan's (in the plan's
				   language), not the catalog's */
	int list;               /* LBODY: entries of one list share it */
	guint entry;            /* 1-based: the value of the set's entry
				   entry (partner 2's country), 0: none */
	const char *entry_of;   /* borrowed from the layout file: the path
				   of the stacked list it is an entry of */
	guint entries;          /* how many entries that list's set has */
	GPtrArray *alts;        /* owned; FIGURE: alt text of each figure */
	const struct lloc *loc; /* borrowed from the layout file, or NULL:
				   the block that made it, for messages */
};

enum cell_kind {
	CELL_PLAIN,             /* not part of a table */
	CELL_TH,                /* a row's label */
	CELL_TD,                /* a row's value */
};

struct fcell {
	enum cell_kind kind;
	double x;               /* left of the cell, from its region's left */
	double width;           /* its outer width */
	const struct lstyle *style;     /* background and padding */
	GPtrArray *pieces;      /* owned; of struct piece */
	bool aligned;           /* its list entries line up with those of
				   the row's other aligned cells, and a
				   page break leaves the same entries
				   for the next page in all of them */
};

struct frow {
	struct fcell *label;    /* owned, or NULL: a table row's label */
	struct fcell *label_cont;  /* owned, or NULL: the label, continued */
	GPtrArray *cells;       /* owned; of struct fcell: the values */
	bool keep_together;     /* move rather than split, if it fits */
	bool table;             /* part of a table: draw its rules */
	bool span;              /* crosses every column of the flow */
	double rule;            /* width of the table's rules, or 0 */
	struct rgba rule_color;
	double space_after;     /* after the row */
	int table_id;           /* rows of one table share it; 0: none */
	char *outline;          /* owned; its bookmark's text, or NULL */
};

/* A box at a fixed place of the first page. */
struct fframe {
	double x, y, width, height;
	enum valign valign;
	struct fcell *cell;     /* owned; x is 0 */
};

struct flow {
	GPtrArray *rows;        /* owned; of struct frow */
	GPtrArray *frames;      /* owned; of struct fframe */
};

struct piece *piece_new(void);
void piece_free(struct piece *);
/* The content height of a piece. */
double piece_height(const struct piece *);
/* Add a box drawn with a line of the piece (references are taken);
 * figure is the 1-based figure it belongs to, or 0. */
void piece_decor(struct piece *, int line, int figure, const struct box *);

struct fcell *fcell_new(double x, double width, const struct lstyle *);
void fcell_free(struct fcell *);
/* The height of all of a cell's content, padding included. */
double fcell_height(const struct fcell *);
struct frow *frow_new(void);
void frow_free(struct frow *);
struct flow *flow_new(void);
void flow_free(struct flow *);

#endif
