/*
 * page.h: laid-out pages, as boxes to draw.
 *
 * The lay-out stage produces these; render.c draws them on any Cairo
 * surface; --dump layout prints them.  Coordinates are points from the
 * page's top left corner.
 */
#ifndef UCAPGEN_PAGE_H
#define UCAPGEN_PAGE_H

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

#include "layoutfile.h"

enum box_kind {
	BOX_FILL,               /* a filled rectangle x, y, w, h */
	BOX_RULE,               /* a line from (x, y) to (x + w, y + h) */
	BOX_TEXT,               /* a line of text, origin x, baseline y */
	BOX_LINK,               /* a link area x, y, w, h */
	BOX_IMAGE,              /* an image scaled into x, y, w, h */
};

/* A line of set text, in the coordinates of its layout, Pango units. */
struct tline {
	guint start, length;    /* its bytes of the layout's text */
	GSList *runs;           /* of PangoGlyphItem, left to right */
	int x;                  /* left of its logical box */
	int top, height;        /* its logical box */
	int baseline;
	int width;              /* its logical width */
};

struct box {
	enum box_kind kind;
	double x, y, w, h;
	double width;           /* RULE: stroke width */
	struct rgba color;      /* FILL, RULE, TEXT (default colour) */
	PangoLayout *layout;    /* TEXT: a reference */
	const struct tline *line; /* TEXT: a line of the layout, borrowed
				   from it (a layout is never changed once
				   set, and the box holds a reference) */
	char *uri;              /* LINK: owned */
	int link;               /* LINK: the number of its link in the
				   document (the areas of one link, on
				   several lines or pages, share it) */
	cairo_surface_t *image; /* IMAGE: a reference */
	int tag;                /* its element of the structure tree, 1-based;
				   0: an artifact (decoration, page bands) */
};

/* An element of the tagged PDF's structure tree. */
struct snode {
	const char *type;       /* "P", "TD", …: a standard structure type */
	int parent;             /* 1-based; 0 for the root */
	char *alt;              /* owned; a Figure's alternative text */
	char *outline;          /* owned; the bookmark that leads here */
	char *lang;             /* owned; its language, if not the document's */
};

struct page {
	GArray *boxes;          /* owned; of struct box */
};

/* A laid-out document: pages and what the output files say of it. */
struct document {
	double width, height;   /* page size */
	GPtrArray *pages;       /* owned; of struct page */
	char *title;            /* owned; document title */
	char *author;           /* owned; may be NULL */
	char *subject;          /* owned; may be NULL */
	char *keywords;         /* owned; may be NULL */
	char *language;         /* owned; "en" */
	char *date;             /* owned; ISO 8601, may be NULL */
	char *id_prefix;        /* owned; of the ids in an SVG, may be NULL */
	GArray *nodes;          /* owned; of struct snode, the structure tree
				   in the order its elements begin */
};

struct page *page_new(void);
void page_free(struct page *);
void page_add(struct page *, const struct box *);
struct document *document_new(double width, double height);
void document_free(struct document *);
/* Add an element to the structure tree; returns its 1-based index.
 * alt and outline are copied (may be NULL). */
int document_node(struct document *, const char *type, int parent,
    const char *alt, const char *outline);
/* A text dump of every box, for tests and --dump layout. Caller frees. */
char *document_dump(const struct document *);

#endif
