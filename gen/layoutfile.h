/*
 * layoutfile.h: a layout file (layouts/NAME.xml) read into memory.
 *
 * The layout says what goes where: page, styles, header and footer, and
 * the blocks of the body bound to paths of the plan.  This module reads
 * it, merges it with the layouts it is based on, and checks it; layout.c
 * applies it to a plan.  Lengths are in points.
 */
#ifndef UCAPGEN_LAYOUTFILE_H
#define UCAPGEN_LAYOUTFILE_H

#include <glib.h>
#include <libxml/xmlschemas.h>
#include <stdbool.h>

#include "catalog.h"
#include "diag.h"
#include "fonts.h"
#include "format.h"

struct rgba {
	double r, g, b, a;
};

enum align {
	ALIGN_LEFT,
	ALIGN_CENTER,
	ALIGN_RIGHT,
	ALIGN_JUSTIFY,
};

/* Where an element of a layout was written. */
struct lloc {
	const char *file;       /* one of struct layoutfile's files */
	struct srcpos pos;
};

/* A style with every property resolved (its bases applied). */
struct lstyle {
	char *name;             /* owned */
	struct lloc padding_loc;        /* where its padding was set */
	struct lloc hanging_loc;        /* where its hanging-indent was */
	char *font;             /* owned; family list, "Noto Sans, …" */
	struct lloc font_loc;   /* where font was set; file NULL: default */
	double size;            /* font size */
	bool bold;
	bool italic;
	struct rgba color;
	double line_height;     /* factor of the font's line height */
	enum align align;
	double space_before;    /* above a piece set in this style */
	double space_after;     /* below it */
	double para_spacing;    /* between paragraphs of one block */
	bool has_background;
	struct rgba background;
	double padding[4];      /* top, right, bottom, left */
	double border;          /* rule width; 0 for none */
	struct rgba border_color;
	char *marker;           /* owned; list marker, or NULL */
	double indent;          /* hanging indent of list entries */
	double hanging;         /* a paragraph's lines after its first
				   start this much further in */
	bool balance;           /* a text's lines about equally long
				   (wrap="balance") */
};

enum block_kind {
	BLOCK_TEXT,             /* a catalog text with {words} from the plan */
	BLOCK_VALUE,            /* one value */
	BLOCK_LIST,             /* the values of a list */
	BLOCK_RICH,             /* a rich text */
	BLOCK_SECTIONS,         /* headings with bodies */
	BLOCK_TIMELINE,         /* dated activities */
	BLOCK_SDGS,             /* the SDGs with their colours */
	BLOCK_IMAGE,            /* an image the plan names */
};

enum link_kind {
	LINK_NONE,
	LINK_MAILTO,
	LINK_URL,
};

struct larg {
	char *name;             /* owned */
	char *path;             /* owned */
	enum format format;
};

/* A block's role in the tagged PDF, when the layout gives one. */
enum brole {
	BROLE_DEFAULT,
	BROLE_H1,
	BROLE_H2,
	BROLE_H3,
	BROLE_P,
	BROLE_ARTIFACT,
};

/* Where a floating image sits beside the blocks that follow it. */
enum side {
	SIDE_NONE,              /* above them: it does not float */
	SIDE_LEFT,
	SIDE_RIGHT,
};

struct block {
	enum block_kind kind;
	enum brole role;
	struct lloc loc;
	const struct lstyle *style;     /* NULL: the cell's style */
	char **when;            /* owned; show only if a path has a value */
	char *key;              /* owned; TEXT: catalog key */
	GArray *args;           /* owned; TEXT: of struct larg */
	char *path;             /* owned; plan path ("a|b": first with a value) */
	enum format format;
	char *missing;          /* owned; catalog key for a missing value */
	char *prefix;           /* owned; VALUE: catalog key written before */
	char *alt;              /* owned; IMAGE: catalog key of its alt text */
	char *none;             /* owned; LIST: key when no entry has one */
	bool join_inline;       /* LIST: on one line */
	char *separator;        /* owned; LIST: between joined values */
	enum link_kind link;
	char *heading;          /* owned; SECTIONS: path in each entry */
	char *body;             /* owned; SECTIONS: path in each entry */
	const struct lstyle *heading_style;
	const struct lstyle *list_style;
	const struct lstyle *when_style;
	bool badges;            /* SDGS: badges rather than a list */
	double size;            /* SDGS: badge size; IMAGE: 0 */
	double width;           /* IMAGE: width, 0 for the whole cell */
	double height;          /* IMAGE: most height, 0 for no limit */
	enum side floating;     /* IMAGE: beside the blocks after it */
};

struct lcell {
	const struct lstyle *style;
	double width;           /* 0: share what is left */
	enum align align;
	GPtrArray *blocks;      /* owned; of struct block */
};

struct lrow {
	char *label;            /* owned; catalog key */
	char **when;            /* owned; NULL: when any block has content */
	bool keep_together;
	GPtrArray *cells;       /* owned; of struct lcell */
	struct lloc loc;
};

struct ltable {
	char **columns;         /* owned; widths as written ("43mm", "*") */
	int ncolumns;
	const struct lstyle *label_style;
	const struct lstyle *cell_style;
	const struct lstyle *rule_style;        /* may be NULL */
	const struct lstyle *continued_style;   /* may be NULL */
	double space_after;
	GPtrArray *rows;        /* owned; of struct lrow */
	struct lloc loc;
};

/* A titled part of the flow. */
struct lsection {
	char *title;            /* owned; catalog key, or NULL */
	const struct lstyle *title_style;
	const struct lstyle *style;
	char **when;            /* owned */
	GPtrArray *blocks;      /* owned; of struct block */
};

enum valign {
	VALIGN_TOP,
	VALIGN_MIDDLE,
	VALIGN_BOTTOM,
};

/* A box at a fixed place of the first page. */
struct lframe {
	double x, y, width, height;
	const struct lstyle *style;
	bool shrink;            /* make the text smaller until it fits */
	double min_size;        /* the smallest font size shrinking may reach */
	enum valign valign;
	char **when;            /* owned; show only if a path has a value */
	GPtrArray *blocks;      /* owned; of struct block */
	struct lloc loc;
};

enum band_pages {
	PAGES_ALL,
	PAGES_FIRST,
	PAGES_REST,
	PAGES_NONE,
};

struct lband {
	const struct lstyle *style;
	double rule;            /* width of the rule between band and body */
	struct rgba rule_color;
	double gap;             /* between band and body; the rule in its
				   middle */
	struct lloc gap_loc;    /* where the gap is set (or the band is) */
	enum band_pages pages;
	GPtrArray *cells;       /* owned; of struct lcell */
};

/* One item of the body: exactly one of its pointers is set. */
struct litem {
	struct block *block;    /* owned */
	struct ltable *table;   /* owned */
	struct lsection *section;       /* owned */
	struct lframe *frame;   /* owned */
	bool span;              /* crosses every column */
};

struct layoutfile {
	char *name;             /* owned */
	GPtrArray *files;       /* owned strings: every layout file read, the
				   one asked for first, then its bases */
	double page_w, page_h;
	char *paper;            /* owned; --page SIZE when it replaced the
				   layout's paper, else NULL */
	bool landscape;         /* the layout asks for landscape */
	double margin[4];       /* top, right, bottom, left */
	int columns;            /* columns of the flow */
	struct lloc body_loc;   /* where <body> is */
	double column_gap;
	bool balance;           /* even the last page's columns */
	GHashTable *styles;     /* owned; name -> struct lstyle * */
	GPtrArray *derived;     /* owned; of struct lstyle: a table cell's
				   style with the cell's align */
	const struct lstyle *body_style; /* the style named "body" */
	struct lband *header;   /* owned, or NULL */
	struct lband *footer;   /* owned, or NULL */
	GPtrArray *items;       /* owned; of struct litem */
};

/* The layout schema in xsd (layouts/layout.xsd), read once for all the
 * layouts of a run; NULL if it cannot be read.  Free with
 * xmlSchemaFree. */
xmlSchemaPtr layoutfile_schema(const char *xsd);

/*
 * Read the layout in file with the layouts it is based on (built-in ones
 * from layouts_dir), check each against the layout schema (read from
 * xsd by layoutfile_schema; NULL is an error), merge them, and check
 * that every catalog key and style named exists, every {word} of a text
 * is given, and (with plan_keys, the set of a plan's keys, or NULL)
 * every path names keys plans have.
 * Returns NULL with messages (FILE:LINE:COL) in diags when it is not
 * usable.  Free with layoutfile_free.
 */
struct layoutfile *layoutfile_load(const char *file, const char *layouts_dir,
    const char *xsd, xmlSchemaPtr schema, const struct catalog *cat,
    GHashTable *plan_keys, struct diags *);
void layoutfile_free(struct layoutfile *);

/* The file of a built-in layout or a path given by the user.  Caller
 * frees. */
char *layoutfile_resolve(const char *layouts_dir, const char *name);

/* A paper size by name (A3, A4, A5, Letter, Legal) or as WxH with units,
 * in points, portrait as written; false if not one. */
bool layoutfile_paper(const char *, double *w, double *h);
/* Put the layout on another paper, in its own orientation.  Layouts with
 * frames at fixed places refuse.  false with a message in diags. */
bool layoutfile_set_paper(struct layoutfile *, const char *size,
    struct diags *);

/* Warn of each font family a style asks for that no bundled font has,
 * once for each place in seen (a set of strings the caller owns); with
 * strict, worded as the errors they then are.  Returns how many there
 * are, warned about now or before. */
int layoutfile_check_fonts(const struct layoutfile *, const struct fonts *,
    GHashTable *seen, bool strict, struct diags *);

/* Lengths as layouts write them ("12mm", "4.5pt", "1in"), in points. */
double layoutfile_length(const char *);

#endif
