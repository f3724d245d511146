/*
 * pdf.c: a laid-out document written as a tagged PDF (pdf.h).
 *
 * The pages' boxes become content streams directly: fills and rules as
 * paths, each line of text as glyph codes placed where Pango set them
 * (fonts and their subsets are pdffont.c's, pictures and drawings
 * pdfimage.c's).  While it draws, it builds the structure tree the
 * document's nodes describe: a node's lines on a page are one Span
 * (one marked-content sequence), a Figure holds its drawing itself, a
 * link is a Link element with an annotation for each of its areas
 * (however many lines and pages it is broken across), and decoration
 * (bands, rules, headers and footers) is marked as an artifact; a
 * node with a bookmark gets one leading to where it begins.  Then the
 * parent tree, the pages, the catalog, the document information and
 * its XMP metadata are written, and pdfout.c makes the file.  Owns
 * everything it builds while it runs.
 */
#include "pdf.h"
#include "append.h"
#include "hexbox.h"
#include "pdfimage.h"
#include "pdfout.h"
#include "text.h"

#include <hb.h>
#include <math.h>
#include <string.h>

/* ---- The structure tree ---- */

enum kidkind {
	KID_ELEM,               /* value: an element's index */
	KID_MCID,               /* value: a marked-content id on page */
	KID_OBJR,               /* value: an annotation's index */
};

struct kid {
	enum kidkind kind;
	int value;
	int page;
};

struct elem {
	const char *type;       /* borrowed: a node's, or a static string */
	int parent;             /* an element's index; -1: the tree's root */
	int node;               /* its node of the document, or 0 */
	int num;                /* its object */
	int page;               /* the page of its first content, or -1 */
	GArray *kids;           /* owned; of struct kid */
};

struct annot {
	int num;                /* its object */
	int page;
	int elem;               /* its Link element */
	const char *uri;        /* borrowed from the box */
	double x, y, w, h;      /* the area, in the page's coordinates */
};

struct bookmark {
	const char *title;      /* borrowed from the node */
	int page;
	double x, y;            /* in the page's coordinates */
};

enum mark {
	MARK_NONE,
	MARK_ARTIFACT,
	MARK_SPAN,              /* a Span of a node's lines */
	MARK_DIRECT,            /* content of the innermost element itself */
};

struct pdfw {
	const struct document *doc;
	struct pdfout *out;
	struct pdffonts *fonts;         /* owned */
	struct pdfimages *images;       /* owned */
	bool tagged;                    /* the document has a structure */
	GString *cs;                    /* owned: the page's content */
	int page;                       /* the page being drawn */
	GPtrArray *page_mcids;          /* owned; per page, a GArray of int:
					   the element of each MCID */
	GArray *elems;                  /* owned; of struct elem */
	GArray *open;                   /* of int: the elements open, the
					   root first */
	GArray *annots;                 /* owned; of struct annot */
	GArray *bookmarks;              /* owned; of struct bookmark */
	GHashTable *links;              /* a box's link number -> its Link
					   element + 1 */
	GArray *loose;                  /* of int: Link elements of artifacts,
					   which go at the end of the root */
	GArray *alphas;                 /* of double: the ExtGStates /GSn */
	GHashTable *hexboxes;           /* owned: struct hexkey of a
					   character no font has -> its form
					   /HxN as N + 1, or -1: nothing to
					   draw */
	GArray *hexbox_forms;           /* of int: form /HxN's object */
	enum mark mark;
	int mark_node;                  /* SPAN, DIRECT: the node marked */
	/* the graphics state of the content so far */
	struct rgba fill, stroke;
	double line_width;
	int alpha;                      /* the ExtGState set, -1: none */
};

static struct elem *
S_elem(struct pdfw *w, int i)
{
	return &g_array_index(w->elems, struct elem, i);
}

static const struct snode *
S_snode(const struct pdfw *w, int n)
{
	return &g_array_index(w->doc->nodes, struct snode, n - 1);
}

/* A new element under parent (-1: the tree's root). */
static int
S_new_elem(struct pdfw *w, const char *type, int parent, int node)
{
	struct elem e = { type, parent, node, pdfout_reserve(w->out), -1,
	    g_array_new(FALSE, FALSE, sizeof(struct kid)) };
	int i = (int)w->elems->len;

	g_array_append_val(w->elems, e);
	if (parent >= 0) {
		struct kid k = { KID_ELEM, i, -1 };

		g_array_append_val(S_elem(w, parent)->kids, k);
	}
	return i;
}

static int
S_top(const struct pdfw *w)
{
	return w->open->len > 0 ?
	    g_array_index(w->open, int, w->open->len - 1) : -1;
}

static int
S_top_node(struct pdfw *w)
{
	int t = S_top(w);

	return t >= 0 ? S_elem(w, t)->node : 0;
}

static void
S_kid(struct pdfw *w, int elem, enum kidkind kind, int value)
{
	struct kid k = { kind, value, w->page };
	struct elem *e = S_elem(w, elem);

	g_array_append_val(e->kids, k);
	if (e->page < 0 && kind == KID_MCID)
		e->page = w->page;
}

/* Begin a marked-content sequence of element elem, tagged with its
 * type. */
static void
S_bdc(struct pdfw *w, int elem)
{
	GArray *ids = w->page_mcids->pdata[w->page];
	int mcid = (int)ids->len;

	g_array_append_val(ids, elem);
	S_kid(w, elem, KID_MCID, mcid);
	pdfout_name(w->cs, S_elem(w, elem)->type);
	append_lit(w->cs, " <</MCID ");
	pdfout_int(w->cs, mcid);
	append_lit(w->cs, ">> BDC\n");
}

/* Only a Figure holds its drawing directly; text goes in spans. */
static bool
S_direct(const struct pdfw *w, int node)
{
	return node > 0 && strcmp(S_snode(w, node)->type, "Figure") == 0;
}

/* End the artifact or element content left open by the boxes before. */
static void
S_mark_close(struct pdfw *w)
{
	if (w->mark != MARK_NONE)
		append_lit(w->cs, "EMC\n");
	w->mark = MARK_NONE;
}

/*
 * Open the elements from the root to node n, closing those not on the
 * way; the elements of the nodes already open stay, so that a node drawn
 * in several pieces (a paragraph across two pages) is one element.  A
 * node with a bookmark gets one where it begins.
 */
static void
S_enter(struct pdfw *w, int n, double x, double y)
{
	int path[64], depth = 0;
	guint keep = 0;

	for (int k = n; k > 0 && depth < 64; k = S_snode(w, k)->parent)
		path[depth++] = k;
	while (keep < w->open->len && keep < (guint)depth &&
	    S_elem(w, g_array_index(w->open, int, keep))->node ==
	    path[depth - 1 - (int)keep])
		keep++;
	g_array_set_size(w->open, keep);
	for (int i = depth - 1 - (int)keep; i >= 0; i--) {
		const struct snode *s = S_snode(w, path[i]);
		int e = S_new_elem(w, s->type, S_top(w), path[i]);

		g_array_append_val(w->open, e);
		if (s->outline != NULL) {
			struct bookmark b = { s->outline, w->page, x,
			    MAX(0, y - 12) };

			g_array_append_val(w->bookmarks, b);
		}
	}
}

/*
 * Put the next box in the right mark: an artifact for decoration, a
 * Span for a line of a node's text (lines: true), the node's element
 * itself for anything else.  Marks stay open while the boxes that follow
 * need the same one, so a table's rules are one artifact and a
 * paragraph's lines on a page one Span: fewer, larger marks, as a reader
 * expects them.
 */
static void
S_mark(struct pdfw *w, const struct box *b, bool lines)
{
	enum mark want;

	if (!w->tagged)
		return;
	if (b->tag <= 0) {
		if (w->mark == MARK_ARTIFACT)
			return;
		S_mark_close(w);
		/* an element that holds drawing directly gets no
		 * artifact inside it */
		while (S_direct(w, S_top_node(w)))
			g_array_set_size(w->open, w->open->len - 1);
		append_lit(w->cs, "/Artifact BMC\n");
		w->mark = MARK_ARTIFACT;
		return;
	}
	want = lines && !S_direct(w, b->tag) ? MARK_SPAN : MARK_DIRECT;
	if (w->mark == want && w->mark_node == b->tag)
		return;
	S_mark_close(w);
	S_enter(w, b->tag, b->x, b->y);
	if (want == MARK_SPAN)
		S_bdc(w, S_new_elem(w, "Span", S_top(w), 0));
	else
		S_bdc(w, S_top(w));
	w->mark = want;
	w->mark_node = b->tag;
}

/* ---- Graphics state ---- */

static void
S_put(struct pdfw *w, double v)
{
	pdfout_num(w->cs, v, 3);
	g_string_append_c(w->cs, ' ');
}

static bool
S_same_rgb(struct rgba a, struct rgba b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* The ExtGState for an opacity, made once. */
static void
S_alpha(struct pdfw *w, double a)
{
	int i;

	if (a >= 1 && w->alpha < 0)
		return;
	for (i = 0; i < (int)w->alphas->len; i++)
		if (g_array_index(w->alphas, double, i) == a)
			break;
	if (i == (int)w->alphas->len)
		g_array_append_val(w->alphas, a);
	if (i != w->alpha)
		g_string_append_printf(w->cs, "/GS%d gs\n", i);
	w->alpha = i;
}

static void
S_rgb(struct pdfw *w, struct rgba c)
{
	pdfout_num(w->cs, c.r, 4);
	g_string_append_c(w->cs, ' ');
	pdfout_num(w->cs, c.g, 4);
	g_string_append_c(w->cs, ' ');
	pdfout_num(w->cs, c.b, 4);
}

static void
S_fill_color(struct pdfw *w, struct rgba c)
{
	S_alpha(w, c.a);
	if (S_same_rgb(c, w->fill))
		return;
	S_rgb(w, c);
	append_lit(w->cs, " rg\n");
	w->fill = c;
}

static void
S_stroke_color(struct pdfw *w, struct rgba c)
{
	S_alpha(w, c.a);
	if (S_same_rgb(c, w->stroke))
		return;
	S_rgb(w, c);
	append_lit(w->cs, " RG\n");
	w->stroke = c;
}

/* ---- Text ---- */

/* The bytes of glyph i's cluster in the item (start, length), or
 * length 0 if the glyph does not begin its cluster. */
static void
S_cluster(const PangoGlyphItem *run, int i, int *start, int *len)
{
	const PangoGlyphString *g = run->glyphs;
	int c = g->log_clusters[i], end = run->item->length;
	bool rtl = run->item->analysis.level % 2 != 0;

	*start = c;
	*len = 0;
	if (!g->glyphs[i].attr.is_cluster_start)
		return;
	if (!rtl) {
		for (int j = i + 1; j < g->num_glyphs; j++)
			if (g->log_clusters[j] != c) {
				end = g->log_clusters[j];
				break;
			}
	} else {
		for (int j = i - 1; j >= 0; j--)
			if (g->log_clusters[j] != c) {
				end = g->log_clusters[j];
				break;
			}
	}
	if (end > c)
		*len = end - c;
}

static bool
S_blank(const char *s, int len)
{
	for (const char *c = s; c < s + len; c = g_utf8_next_char(c))
		if (!g_unichar_isspace(g_utf8_get_char(c)))
			return false;
	return len > 0;
}

/* The text being written into a TJ array. */
struct tj {
	struct pdfw *w;
	double pen;             /* where the next glyph goes, thousandths of
				   the em from the run's origin */
	bool open;              /* an array is open */
	bool str;               /* a string is open in it */
};

/* A byte of a glyph code in a literal string: the string's delimiters
 * and the backslash escaped, and a carriage return, which a reader
 * would take for the end of a line.  Half the size of the same code in
 * hex, and so half the bytes to compress. */
static void
S_str_byte(GString *cs, guint b)
{
	if (b == '(' || b == ')' || b == '\\') {
		g_string_append_c(cs, '\\');
		g_string_append_c(cs, (char)b);
	} else if (b == '\r')
		append_lit(cs, "\\r");
	else
		g_string_append_c(cs, (char)b);
}

static void
S_tj_glyph(struct tj *t, double at, guint code, int width)
{
	GString *cs = t->w->cs;
	long adj = lround(t->pen - at);

	if (!t->open) {
		g_string_append_c(cs, '[');
		t->open = true;
	}
	if (adj != 0) {
		if (t->str)
			g_string_append_c(cs, ')');
		t->str = false;
		pdfout_int(cs, adj);
		t->pen -= (double)adj;
	}
	if (!t->str)
		g_string_append_c(cs, '(');
	t->str = true;
	S_str_byte(cs, (code >> 8) & 0xff);
	S_str_byte(cs, code & 0xff);
	t->pen += width;
}

static void
S_tj_end(struct tj *t)
{
	if (t->str)
		g_string_append_c(t->w->cs, ')');
	if (t->open)
		g_string_append(t->w->cs, "]TJ\n");
	t->open = t->str = false;
}

/* "em 0 0 -em x y Tm": the text's origin at (x, y), upright. */
static void
S_tm(struct pdfw *w, double em, double x, double y)
{
	S_put(w, em);
	append_lit(w->cs, "0 0 ");
	S_put(w, -em);
	S_put(w, x);
	S_put(w, y);
	append_lit(w->cs, "Tm\n");
}

/* What goes on a line after its text object: underlines, and the boxes
 * of characters no font has. */
struct rect {
	double x, y, w, h;
	struct rgba color;
};

struct hexbox {
	double x, y;            /* the glyph's origin */
	struct rgba color;
	int form;               /* its form, /HxN */
};

struct after {
	GArray *rects;          /* owned; of struct rect */
	GArray *boxes;          /* owned; of struct hexbox */
};

/* An unknown glyph of a font: what its box's form is kept under. */
struct hexkey {
	PangoFont *font;        /* the document's layouts hold it */
	PangoGlyph glyph;
};

static guint
S_hexkey_hash(gconstpointer p)
{
	const struct hexkey *k = p;

	return g_direct_hash(k->font) ^ (k->glyph * 2654435761u);
}

static gboolean
S_hexkey_equal(gconstpointer a, gconstpointer b)
{
	const struct hexkey *x = a, *y = b;

	return x->font == y->font && x->glyph == y->glyph;
}

/*
 * The form XObject that draws the box of an unknown glyph of a font, at
 * the glyph's origin: made once a document, as a text in a script no
 * font has can hold thousands of them.  -1 when Pango draws nothing.
 */
static int
S_hexbox_form(struct pdfw *w, PangoFont *pf, const PangoGlyphInfo *gi)
{
	struct hexkey look = { pf, gi->glyph }, *key;
	gpointer had = g_hash_table_lookup(w->hexboxes, &look);
	GString *path, *dict;
	double bbox[4];
	int form = -1;

	if (had != NULL)
		return GPOINTER_TO_INT(had) - 1;
	path = g_string_new(NULL);
	if (hexbox_path(pf, gi, path, bbox)) {
		int n = pdfout_reserve(w->out);

		append_lit(path, "f\n");
		dict = g_string_new("/Type /XObject /Subtype /Form /BBox [");
		for (int i = 0; i < 4; i++) {
			pdfout_num(dict, bbox[i], 3);
			g_string_append_c(dict, i < 3 ? ' ' : ']');
		}
		pdfout_stream(w->out, n, dict->str, path->str, path->len,
		    NULL);
		g_string_free(dict, TRUE);
		form = (int)w->hexbox_forms->len;
		g_array_append_val(w->hexbox_forms, n);
	}
	g_string_free(path, TRUE);
	key = g_memdup2(&look, sizeof look);
	g_hash_table_insert(w->hexboxes, key, GINT_TO_POINTER(form + 1));
	return form;
}

/*
 * Draw a run with its origin at (x, y) (inside BT … ET): each glyph
 * where Pango placed it, under a code that keeps the characters it
 * stands for.  A space Pango dropped at the end of a line (no glyph)
 * is drawn as the font's space with no width, so that the text keeps
 * it.  An unknown glyph (a character no font has) is the font's empty
 * glyph drawn invisibly, which keeps the character in the text, under
 * the box with its code that Pango draws in the PNG (added to boxes,
 * to be drawn after the text object).
 */
static void
S_run_glyphs(struct pdfw *w, const char *text, const PangoGlyphItem *run,
    double x, double y, struct rgba color, GArray *boxes, int *font)
{
	PangoFont *pf = run->item->analysis.font;
	const PangoGlyphString *g = run->glyphs;
	const char *itext = text + run->item->offset;
	double em, pos = 0;
	int f = pdffonts_font(w->fonts, pf, &em);
	struct tj t = { w, 0, false, false };
	hb_codepoint_t space = 0;
	bool have_space = false, placed = false;

	if (em <= 0)
		return;
	if (f != *font) {
		append_lit(w->cs, "/F");
		pdfout_int(w->cs, f);
		append_lit(w->cs, " 1 Tf\n");
		*font = f;
	}
	for (int i = 0; i < g->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &g->glyphs[i];
		double gx = pos + (double)gi->geometry.x_offset / PANGO_SCALE;
		guint glyph = gi->glyph;
		int cs, cl, width;
		guint code;
		bool unknown = false;

		pos += (double)gi->geometry.width / PANGO_SCALE;
		S_cluster(run, i, &cs, &cl);
		if (glyph == PANGO_GLYPH_EMPTY ||
		    glyph == (0x20 | PANGO_GLYPH_UNKNOWN_FLAG)) {
			/* no ink: Pango draws nothing of an unknown space
			 * either */
			if (!S_blank(itext + cs, cl))
				continue;
			if (!have_space)
				have_space = hb_font_get_nominal_glyph(
				    pango_font_get_hb_font(pf), ' ', &space);
			if (!have_space || space == 0)
				continue;
			glyph = space;
		} else if (glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
			struct hexbox h = { x + gx, y + (double)
			    gi->geometry.y_offset / PANGO_SCALE, color,
			    S_hexbox_form(w, pf, gi) };

			if (h.form >= 0)
				g_array_append_val(boxes, h);
			glyph = 0;
			unknown = true;
		}
		code = pdffonts_code(w->fonts, f, glyph, itext + cs,
		    (gsize)cl, &width);
		if (gi->geometry.y_offset != 0 || unknown) {
			/* a mark moved up or down, or a glyph drawn
			 * invisibly: placed alone */
			S_tj_end(&t);
			S_tm(w, em, x + gx, y + (double)gi->geometry.y_offset /
			    PANGO_SCALE);
			t.pen = 0;
			if (unknown)
				append_lit(w->cs, "3 Tr\n");
			S_tj_glyph(&t, 0, code, width);
			S_tj_end(&t);
			if (unknown)
				append_lit(w->cs, "0 Tr\n");
			placed = false;
			continue;
		}
		if (!placed) {
			/* glyphs are placed from the run's origin */
			S_tj_end(&t);
			S_tm(w, em, x, y);
			t.pen = 0;
			placed = true;
		}
		S_tj_glyph(&t, gx * 1000 / em, code, width);
	}
	S_tj_end(&t);
}

/* An underline for a run at x on the line, as Pango's renderer draws
 * it; rectangles go after the text (a path cannot be drawn inside a
 * text object). */
static void
S_underline(GArray *under, const PangoGlyphItem *run, double x, double y,
    double width, struct rgba c)
{
	PangoFontMetrics *m = pango_font_get_metrics(run->item->analysis.font,
	    NULL);
	struct rect r = { x, y - (double)
	    pango_font_metrics_get_underline_position(m) / PANGO_SCALE, width,
	    (double)pango_font_metrics_get_underline_thickness(m) /
	    PANGO_SCALE, c };

	g_array_append_val(under, r);
	pango_font_metrics_unref(m);
}

/* Draw what a line's text object left for after it, and forget it. */
static void
S_after(struct pdfw *w, struct after *a)
{
	for (guint i = 0; i < a->rects->len; i++) {
		const struct rect *r = &g_array_index(a->rects, struct rect, i);

		S_fill_color(w, r->color);
		S_put(w, r->x);
		S_put(w, r->y);
		S_put(w, r->w);
		S_put(w, r->h);
		append_lit(w->cs, "re f\n");
	}
	g_array_set_size(a->rects, 0);
	for (guint i = 0; i < a->boxes->len; i++) {
		struct hexbox *h = &g_array_index(a->boxes, struct hexbox, i);

		S_fill_color(w, h->color);
		append_lit(w->cs, "q 1 0 0 1 ");
		S_put(w, h->x);
		S_put(w, h->y);
		append_lit(w->cs, "cm /Hx");
		pdfout_int(w->cs, h->form);
		append_lit(w->cs, " Do Q\n");
	}
	g_array_set_size(a->boxes, 0);
}

/* ---- Links ---- */

/*
 * Begin the Link of a link's area on a line of text: one Link element
 * for all the areas of a link (they share its number), an annotation
 * for each.  In an artifact (a footer), the Link goes at the end of the
 * root, since a link must be in the structure tree.
 */
static void
S_link_begin(struct pdfw *w, const struct box *link, bool artifact)
{
	int e = GPOINTER_TO_INT(g_hash_table_lookup(w->links,
	    GINT_TO_POINTER(link->link))) - 1;
	struct annot a = { pdfout_reserve(w->out), w->page, -1, link->uri,
	    link->x, link->y, link->w, link->h };

	if (!w->tagged) {
		g_array_append_val(w->annots, a);
		return;
	}
	if (e < 0) {
		e = S_new_elem(w, "Link", artifact ? -1 : S_top(w), 0);
		if (artifact)
			g_array_append_val(w->loose, e);
		g_hash_table_insert(w->links, GINT_TO_POINTER(link->link),
		    GINT_TO_POINTER(e + 1));
	}
	a.elem = e;
	S_kid(w, e, KID_OBJR, (int)w->annots->len);
	g_array_append_val(w->annots, a);
	S_bdc(w, e);
}

/* The link a run lies under (by its middle), or NULL. */
static const struct box *
S_link_at(const struct box *links, guint n, double x, double width)
{
	const struct box *in = NULL;
	double mid = x + width / 2;

	for (guint k = 0; k < n; k++)
		if (mid >= links[k].x && mid <= links[k].x + links[k].w)
			in = &links[k];
	return in;
}

/* End the text object, if one is open, and draw the underlines and
 * boxes of its runs. */
static void
S_text_end(struct pdfw *w, struct after *a, bool *bt)
{
	if (*bt)
		append_lit(w->cs, "ET\n");
	*bt = false;
	S_after(w, a);
}

/*
 * A line of text, run by run.  With links: an annotation for each
 * link's area, and in a tagged document each run in a Span (in a band:
 * an artifact) or, under a link, in its Link; each in a text object of
 * its own, as marked content and text objects must nest.
 */
static void
S_line(struct pdfw *w, const struct box *b, const struct box *links,
    guint nlinks, bool artifact)
{
	const char *text = pango_layout_get_text(b->layout);
	struct after a = { g_array_new(FALSE, FALSE, sizeof(struct rect)),
	    g_array_new(FALSE, FALSE, sizeof(struct hexbox)) };
	double x = b->x;
	int font = -1;
	const struct box *open = NULL;
	bool marked = false, bt = false;

	for (GSList *r = b->line->runs; r != NULL; r = r->next) {
		const PangoGlyphItem *run = r->data;
		double width = (double)pango_glyph_string_get_width(
		    run->glyphs) / PANGO_SCALE;
		struct rgba c = text_run_color(run, b->color);
		const struct box *in = nlinks > 0 ? S_link_at(links, nlinks,
		    x, width) : NULL;

		if (nlinks > 0 && (in != open || !marked)) {
			S_text_end(w, &a, &bt);
			if (marked && w->tagged)
				append_lit(w->cs, "EMC\n");
			if (in != NULL)
				S_link_begin(w, in, artifact);
			else if (w->tagged && artifact)
				append_lit(w->cs, "/Artifact BMC\n");
			else if (w->tagged)
				S_bdc(w, S_new_elem(w, "Span", S_top(w), 0));
			marked = true;
			open = in;
		}
		if (!bt) {
			append_lit(w->cs, "BT\n");
			bt = true;
			font = -1;
		}
		S_fill_color(w, c);
		S_run_glyphs(w, text, run, x, b->y - (double)run->y_offset /
		    PANGO_SCALE, c, a.boxes, &font);
		if (text_run_underlined(run))
			S_underline(a.rects, run, x, b->y, width, c);
		x += width;
	}
	S_text_end(w, &a, &bt);
	if (marked && w->tagged)
		append_lit(w->cs, "EMC\n");
	g_array_free(a.rects, TRUE);
	g_array_free(a.boxes, TRUE);
}

/* ---- Pages ---- */

static void
S_image(struct pdfw *w, const struct box *b)
{
	int n = pdfimages_image(w->images, b->image);

	append_lit(w->cs, "q ");
	S_put(w, b->w);
	append_lit(w->cs, "0 0 ");
	S_put(w, -b->h);
	S_put(w, b->x);
	S_put(w, b->y + b->h);
	g_string_append_printf(w->cs, "cm /Im%d Do Q\n", n);
}

static void
S_page(struct pdfw *w, const struct page *p)
{

	for (guint i = 0; i < p->boxes->len; i++) {
		const struct box *b = &g_array_index(p->boxes, struct box, i);
		guint n = 0;

		if (b->kind == BOX_LINK)
			continue;       /* with its line of text, below */
		/* A line's links follow it in the list. */
		while (b->kind == BOX_TEXT && i + 1 + n < p->boxes->len &&
		    g_array_index(p->boxes, struct box, i + 1 + n).kind ==
		    BOX_LINK)
			n++;
		if (n > 0) {
			/* links make marks of their own, run by run */
			S_mark_close(w);
			if (b->tag > 0 && w->tagged)
				S_enter(w, b->tag, b->x, b->y);
			S_line(w, b, &g_array_index(p->boxes, struct box,
			    i + 1), n, b->tag <= 0);
			i += n;
			continue;
		}
		i += n;
		S_mark(w, b, b->kind == BOX_TEXT);
		switch (b->kind) {
		case BOX_FILL:
			S_fill_color(w, b->color);
			S_put(w, b->x);
			S_put(w, b->y);
			S_put(w, b->w);
			S_put(w, b->h);
			append_lit(w->cs, "re f\n");
			break;
		case BOX_RULE:
			S_stroke_color(w, b->color);
			if (b->width != w->line_width) {
				S_put(w, b->width);
				append_lit(w->cs, "w\n");
				w->line_width = b->width;
			}
			S_put(w, b->x);
			S_put(w, b->y);
			append_lit(w->cs, "m ");
			S_put(w, b->x + b->w);
			S_put(w, b->y + b->h);
			append_lit(w->cs, "l S\n");
			break;
		case BOX_TEXT:
			S_line(w, b, NULL, 0, false);
			break;
		case BOX_IMAGE:
			S_image(w, b);
			break;
		case BOX_LINK:
			break;
		}
	}
	S_mark_close(w);
}

/* ---- The objects ---- */

/* A content stream's start: y runs down the page from its top, as the
 * boxes' coordinates do; rules have square caps. */
static void
S_page_begin(struct pdfw *w)
{
	struct rgba black = { 0, 0, 0, 1 };

	g_string_truncate(w->cs, 0);
	append_lit(w->cs, "1 0 0 -1 0 ");
	pdfout_num(w->cs, w->doc->height, 3);
	append_lit(w->cs, " cm\n2 J\n");
	w->fill = w->stroke = black;
	w->line_width = 1;
	w->alpha = -1;
}

static void
S_ref(GString *s, int n)
{
	pdfout_int(s, n);
	append_lit(s, " 0 R");
}

static void
S_put_object(struct pdfw *w, int n, GString *s)
{
	pdfout_object(w->out, n, s->str, s->len);
	g_string_truncate(s, 0);
}

/* A point of a page in PDF's coordinates (y up). */
static double
S_up(const struct pdfw *w, double y)
{
	return w->doc->height - y;
}

static void
S_annots_write(struct pdfw *w, int annot_key0, const int *pages)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < w->annots->len; i++) {
		const struct annot *a = &g_array_index(w->annots, struct annot,
		    i);
		double x0 = a->x, x1 = a->x + a->w, y0 = S_up(w, a->y + a->h),
		    y1 = S_up(w, a->y);

		append_lit(s, "<</Type /Annot /Subtype /Link /Rect [");
		pdfout_num(s, x0, 2);
		g_string_append_c(s, ' ');
		pdfout_num(s, y0, 2);
		g_string_append_c(s, ' ');
		pdfout_num(s, x1, 2);
		g_string_append_c(s, ' ');
		pdfout_num(s, y1, 2);
		append_lit(s, "] /QuadPoints [");
		/* counter-clockwise from the bottom left, as readers
		 * expect */
		{
			double q[8] = { x0, y1, x1, y1, x1, y0, x0, y0 };

			for (int k = 0; k < 8; k++) {
				if (k > 0)
					g_string_append_c(s, ' ');
				pdfout_num(s, q[k], 2);
			}
		}
		append_lit(s, "] /BS <</W 0>> /A <</Type /Action /S /URI "
		    "/URI ");
		pdfout_text(s, a->uri);
		append_lit(s, ">> /Contents ");
		pdfout_text(s, a->uri);
		g_string_append_printf(s, " /P %d 0 R", pages[a->page]);
		if (a->elem >= 0)
			g_string_append_printf(s, " /StructParent %d",
			    annot_key0 + (int)i);
		append_lit(s, ">>");
		S_put_object(w, a->num, s);
	}
	g_string_free(s, TRUE);
}

static void
S_elems_write(struct pdfw *w, int tree_root, const int *pages)
{
	GString *s = g_string_new(NULL);

	/* the links of artifacts, at the end of the root */
	for (guint k = 0; k < w->loose->len; k++) {
		int l = g_array_index(w->loose, int, k);
		struct kid kd = { KID_ELEM, l, -1 };

		S_elem(w, l)->parent = 0;
		g_array_append_val(S_elem(w, 0)->kids, kd);
	}
	for (guint i = 0; i < w->elems->len; i++) {
		const struct elem *e = S_elem(w, (int)i);
		const struct snode *sn = e->node > 0 ? S_snode(w, e->node) :
		    NULL;

		append_lit(s, "<</Type /StructElem /S ");
		pdfout_name(s, e->type);
		append_lit(s, " /P ");
		S_ref(s, e->parent >= 0 ? S_elem(w, e->parent)->num :
		    tree_root);
		if (e->page >= 0) {
			append_lit(s, " /Pg ");
			S_ref(s, pages[e->page]);
		}
		if (sn != NULL && sn->alt != NULL) {
			append_lit(s, " /Alt ");
			pdfout_text(s, sn->alt);
		}
		if (sn != NULL && sn->lang != NULL) {
			append_lit(s, " /Lang ");
			pdfout_text(s, sn->lang);
		}
		append_lit(s, " /K [");
		for (guint k = 0; k < e->kids->len; k++) {
			const struct kid *kd = &g_array_index(e->kids,
			    struct kid, k);

			if (k > 0)
				g_string_append_c(s, ' ');
			if (kd->kind == KID_ELEM)
				S_ref(s, S_elem(w, kd->value)->num);
			else if (kd->kind == KID_MCID && kd->page == e->page)
				pdfout_int(s, kd->value);
			else if (kd->kind == KID_MCID)
				g_string_append_printf(s, "<</Type /MCR /Pg "
				    "%d 0 R /MCID %d>>", pages[kd->page],
				    kd->value);
			else {
				const struct annot *a = &g_array_index(
				    w->annots, struct annot, kd->value);

				g_string_append_printf(s, "<</Type /OBJR /Pg "
				    "%d 0 R /Obj %d 0 R>>", pages[a->page],
				    a->num);
			}
		}
		append_lit(s, "]>>");
		S_put_object(w, e->num, s);
	}
	g_string_free(s, TRUE);
}

/* The parent tree: each page's MCIDs to their elements, then each
 * annotation to its Link. */
static int
S_parent_tree(struct pdfw *w, int annot_key0)
{
	GString *s = g_string_new("<</Nums [");
	int n = pdfout_reserve(w->out);

	for (guint p = 0; p < w->page_mcids->len; p++) {
		GArray *ids = w->page_mcids->pdata[p];

		if (p > 0)
			g_string_append_c(s, ' ');
		pdfout_int(s, p);
		append_lit(s, " [");
		for (guint k = 0; k < ids->len; k++) {
			if (k > 0)
				g_string_append_c(s, ' ');
			S_ref(s, S_elem(w, g_array_index(ids, int, k))->num);
		}
		g_string_append_c(s, ']');
	}
	for (guint i = 0; i < w->annots->len; i++)
		g_string_append_printf(s, " %d %d 0 R", annot_key0 + (int)i,
		    S_elem(w, g_array_index(w->annots, struct annot,
		    i).elem)->num);
	append_lit(s, "]>>");
	S_put_object(w, n, s);
	g_string_free(s, TRUE);
	return n;
}

static int
S_outlines(struct pdfw *w, const int *pages)
{
	guint n = w->bookmarks->len;
	int root, *nums;
	GString *s;

	if (n == 0)
		return 0;
	root = pdfout_reserve(w->out);
	nums = g_new(int, n);
	for (guint i = 0; i < n; i++)
		nums[i] = pdfout_reserve(w->out);
	s = g_string_new(NULL);
	g_string_append_printf(s, "<</Type /Outlines /First %d 0 R /Last %d "
	    "0 R /Count %u>>", nums[0], nums[n - 1], n);
	S_put_object(w, root, s);
	for (guint i = 0; i < n; i++) {
		const struct bookmark *b = &g_array_index(w->bookmarks,
		    struct bookmark, i);

		append_lit(s, "<</Title ");
		pdfout_text(s, b->title);
		g_string_append_printf(s, " /Parent %d 0 R", root);
		if (i > 0)
			g_string_append_printf(s, " /Prev %d 0 R", nums[i - 1]);
		if (i + 1 < n)
			g_string_append_printf(s, " /Next %d 0 R", nums[i + 1]);
		g_string_append_printf(s, " /Dest [%d 0 R /XYZ ",
		    pages[b->page]);
		pdfout_num(s, b->x, 2);
		g_string_append_c(s, ' ');
		pdfout_num(s, S_up(w, b->y), 2);
		append_lit(s, " 0]>>");
		S_put_object(w, nums[i], s);
	}
	g_string_free(s, TRUE);
	g_free(nums);
	return root;
}

static char *
S_xml_escape(const char *s)
{
	return g_markup_escape_text(s != NULL ? s : "", -1);
}

/* The document's metadata as XMP, which the catalog points to: what
 * archives and accessibility checkers read. */
static int
S_xmp(struct pdfw *w)
{
	const struct document *d = w->doc;
	char *title = S_xml_escape(d->title), *lang = S_xml_escape(
	    d->language != NULL ? d->language : "en");
	char *subject = S_xml_escape(d->subject);
	char *keywords = S_xml_escape(d->keywords);
	char *author = S_xml_escape(d->author);
	GString *x = g_string_new(NULL);
	int n = pdfout_reserve(w->out);

	append_lit(x, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	g_string_append_printf(x, "   <dc:format>application/pdf</dc:format>\n"
	    "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li>"
	    "</rdf:Alt></dc:title>\n"
	    "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s"
	    "</rdf:li></rdf:Alt></dc:description>\n"
	    "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag>"
	    "</dc:language>\n", title, subject, lang);
	if (d->author != NULL)
		g_string_append_printf(x, "   <dc:creator><rdf:Seq><rdf:li>%s"
		    "</rdf:li></rdf:Seq></dc:creator>\n", author);
	g_string_append_printf(x, "   <pdf:Keywords>%s</pdf:Keywords>\n"
	    "   <pdf:Producer>ucapgen %s</pdf:Producer>\n"
	    "   <xmp:CreatorTool>ucapgen %s</xmp:CreatorTool>\n", keywords,
	    UCAPGEN_VERSION, UCAPGEN_VERSION);
	if (d->date != NULL)
		g_string_append_printf(x, "   <xmp:CreateDate>%s"
		    "</xmp:CreateDate>\n   <xmp:ModifyDate>%s"
		    "</xmp:ModifyDate>\n", d->date, d->date);
	append_lit(x, "  </rdf:Description>\n </rdf:RDF>\n"
	    "</x:xmpmeta>\n<?xpacket end=\"r\"?>");
	/* left plain, as XMP should be, for tools that look for it */
	pdfout_stream(w->out, n, "/Type /Metadata /Subtype /XML", x->str,
	    x->len, "");
	g_string_free(x, TRUE);
	g_free(title);
	g_free(lang);
	g_free(subject);
	g_free(keywords);
	g_free(author);
	return n;
}

/* An ISO 8601 date ("2017-07-14T02:40:00Z") as PDF writes dates
 * ("D:20170714024000Z", "D:20170714024000+08'00'"). */
static void
S_date(GString *s, const char *iso)
{
	GString *d = g_string_new("D:");
	const char *t = strchr(iso, 'T'), *c;

	/* the digits, up to the zone after the time */
	for (c = iso; *c != '\0'; c++) {
		if (t != NULL && c > t && (*c == 'Z' || *c == '+' ||
		    *c == '-'))
			break;
		if (g_ascii_isdigit(*c))
			g_string_append_c(d, *c);
	}
	if (*c == 'Z')
		g_string_append_c(d, 'Z');
	else if (*c == '+' || *c == '-') {
		g_string_append_c(d, *c);
		for (int k = 0; *++c != '\0' && k < 4;)
			if (g_ascii_isdigit(*c)) {
				g_string_append_c(d, *c);
				if (++k == 2)
					g_string_append_c(d, '\'');
			}
		g_string_append_c(d, '\'');
	}
	pdfout_text(s, d->str);
	g_string_free(d, TRUE);
}

static int
S_info(struct pdfw *w)
{
	const struct document *d = w->doc;
	GString *s = g_string_new("<<");
	int n = pdfout_reserve(w->out);
	const struct {
		const char *key, *value;
	} e[] = { { "Title", d->title }, { "Author", d->author },
	    { "Subject", d->subject }, { "Keywords", d->keywords },
	    { "Creator", "ucapgen " UCAPGEN_VERSION },
	    { "Producer", "ucapgen " UCAPGEN_VERSION } };

	for (size_t i = 0; i < G_N_ELEMENTS(e); i++) {
		if (e[i].value == NULL)
			continue;
		g_string_append_printf(s, "/%s ", e[i].key);
		pdfout_text(s, e[i].value);
		g_string_append_c(s, ' ');
	}
	if (d->date != NULL) {
		append_lit(s, "/CreationDate ");
		S_date(s, d->date);
		append_lit(s, " /ModDate ");
		S_date(s, d->date);
	}
	append_lit(s, ">>");
	S_put_object(w, n, s);
	g_string_free(s, TRUE);
	return n;
}

/* The resources every page shares: fonts, images, opacities. */
static bool
S_resources(struct pdfw *w, int n, struct diags *diags)
{
	GString *fonts = g_string_new(NULL), *xobj = g_string_new(NULL);
	GString *s = g_string_new("<<");
	bool ok = pdffonts_write(w->fonts, w->out, fonts, diags) &&
	    pdfimages_write(w->images, w->out, xobj, diags);

	if (fonts->len > 0)
		g_string_append_printf(s, "/Font <<%s>> ", fonts->str);
	for (guint i = 0; i < w->hexbox_forms->len; i++)
		g_string_append_printf(xobj, "/Hx%u %d 0 R", i,
		    g_array_index(w->hexbox_forms, int, i));
	if (xobj->len > 0)
		g_string_append_printf(s, "/XObject <<%s>> ", xobj->str);
	if (w->alphas->len > 0) {
		append_lit(s, "/ExtGState <<");
		for (guint i = 0; i < w->alphas->len; i++) {
			double a = g_array_index(w->alphas, double, i);

			g_string_append_printf(s, "/GS%u <</CA ", i);
			pdfout_num(s, a, 4);
			append_lit(s, " /ca ");
			pdfout_num(s, a, 4);
			append_lit(s, ">> ");
		}
		append_lit(s, ">> ");
	}
	append_lit(s, ">>");
	S_put_object(w, n, s);
	g_string_free(s, TRUE);
	g_string_free(fonts, TRUE);
	g_string_free(xobj, TRUE);
	return ok;
}

/* The file's /ID: a digest of what it says, so that the same document
 * gets the same one, and another document another. */
static char *
S_file_id(GChecksum *sum)
{
	const char *hex = g_checksum_get_string(sum);

	return g_strndup(hex, 32);
}

GBytes *
pdf_render(const struct document *d, struct pdffontcache *fontcache,
    struct diags *diags)
{
	struct pdfw w = { 0 };
	guint np = d->pages->len;
	int *pages, *contents, pages_root, res, tree_root = 0, catalog,
	    info, outlines, annot_key0 = (int)np, xmp;
	GChecksum *sum = g_checksum_new(G_CHECKSUM_MD5);
	GBytes *out = NULL;
	GString *s;

	w.doc = d;
	w.out = pdfout_new();
	w.fonts = pdffonts_new(fontcache);
	w.images = pdfimages_new();
	w.tagged = d->nodes->len > 0;
	w.cs = g_string_sized_new(16384);
	w.page_mcids = g_ptr_array_new_with_free_func((GDestroyNotify)
	    g_array_unref);
	w.elems = g_array_new(FALSE, FALSE, sizeof(struct elem));
	w.open = g_array_new(FALSE, FALSE, sizeof(int));
	w.annots = g_array_new(FALSE, FALSE, sizeof(struct annot));
	w.bookmarks = g_array_new(FALSE, FALSE, sizeof(struct bookmark));
	w.links = g_hash_table_new(NULL, NULL);
	w.loose = g_array_new(FALSE, FALSE, sizeof(int));
	w.alphas = g_array_new(FALSE, FALSE, sizeof(double));
	w.hexboxes = g_hash_table_new_full(S_hexkey_hash, S_hexkey_equal,
	    g_free, NULL);
	w.hexbox_forms = g_array_new(FALSE, FALSE, sizeof(int));

	catalog = pdfout_reserve(w.out);
	pages_root = pdfout_reserve(w.out);
	res = pdfout_reserve(w.out);
	pages = g_new(int, np + 1);
	contents = g_new(int, np + 1);
	for (guint i = 0; i < np; i++) {
		pages[i] = pdfout_reserve(w.out);
		contents[i] = pdfout_reserve(w.out);
	}
	/* the root first, as the reading order begins there */
	if (w.tagged) {
		g_ptr_array_add(w.page_mcids, g_array_new(FALSE, FALSE,
		    sizeof(int)));
		S_enter(&w, 1, 0, 0);
	}
	for (guint i = 0; i < np; i++) {
		w.page = (int)i;
		if (i > 0 || !w.tagged)
			g_ptr_array_add(w.page_mcids, g_array_new(FALSE, FALSE,
			    sizeof(int)));
		S_page_begin(&w);
		S_page(&w, d->pages->pdata[i]);
		g_checksum_update(sum, (const guchar *)w.cs->str,
		    (gssize)w.cs->len);
		pdfout_stream(w.out, contents[i], "", w.cs->str, w.cs->len,
		    NULL);
	}
	s = g_string_new(NULL);
	S_annots_write(&w, annot_key0, pages);
	if (w.tagged) {
		tree_root = pdfout_reserve(w.out);
		S_elems_write(&w, tree_root, pages);
		/* the root's elements: the document's, and any other the
		 * nodes begin with none above them */
		g_string_assign(s, "<</Type /StructTreeRoot /K [");
		for (guint i = 0, first = 1; i < w.elems->len; i++)
			if (S_elem(&w, (int)i)->parent < 0) {
				if (!first)
					g_string_append_c(s, ' ');
				S_ref(s, S_elem(&w, (int)i)->num);
				first = 0;
			}
		g_string_append_printf(s, "] /ParentTree %d 0 R "
		    "/ParentTreeNextKey %d>>", S_parent_tree(&w, annot_key0),
		    annot_key0 + (int)w.annots->len);
		S_put_object(&w, tree_root, s);
	}
	for (guint i = 0; i < np; i++) {
		append_lit(s, "<</Type /Page /Parent ");
		S_ref(s, pages_root);
		append_lit(s, " /MediaBox [0 0 ");
		pdfout_num(s, d->width, 3);
		g_string_append_c(s, ' ');
		pdfout_num(s, d->height, 3);
		g_string_append_printf(s, "] /Contents %d 0 R /Resources %d 0 R",
		    contents[i], res);
		if (w.tagged)
			g_string_append_printf(s, " /StructParents %u /Tabs /S",
			    i);
		for (guint k = 0, first = 1; k < w.annots->len; k++) {
			const struct annot *a = &g_array_index(w.annots,
			    struct annot, k);

			if (a->page != (int)i)
				continue;
			g_string_append_printf(s, "%s%d 0 R", first ?
			    " /Annots [" : " ", a->num);
			first = 0;
			if (k + 1 == w.annots->len || g_array_index(w.annots,
			    struct annot, k + 1).page != (int)i)
				g_string_append_c(s, ']');
		}
		append_lit(s, ">>");
		S_put_object(&w, pages[i], s);
	}
	g_string_append_printf(s, "<</Type /Pages /Count %u /Kids [", np);
	for (guint i = 0; i < np; i++)
		g_string_append_printf(s, "%s%d 0 R", i > 0 ? " " : "",
		    pages[i]);
	append_lit(s, "]>>");
	S_put_object(&w, pages_root, s);
	outlines = S_outlines(&w, pages);
	xmp = S_xmp(&w);
	info = S_info(&w);
	g_string_append_printf(s, "<</Type /Catalog /Pages %d 0 R /Metadata "
	    "%d 0 R /ViewerPreferences <</DisplayDocTitle true>>",
	    pages_root, xmp);
	if (d->language != NULL) {
		append_lit(s, " /Lang ");
		pdfout_text(s, d->language);
	}
	if (w.tagged)
		g_string_append_printf(s, " /StructTreeRoot %d 0 R "
		    "/MarkInfo <</Marked true>>", tree_root);
	if (outlines > 0)
		g_string_append_printf(s, " /Outlines %d 0 R /PageMode "
		    "/UseOutlines", outlines);
	append_lit(s, ">>");
	S_put_object(&w, catalog, s);
	g_string_free(s, TRUE);
	if (S_resources(&w, res, diags)) {
		char *id;

		if (d->title != NULL)
			g_checksum_update(sum, (const guchar *)d->title, -1);
		if (d->date != NULL)
			g_checksum_update(sum, (const guchar *)d->date, -1);
		id = S_file_id(sum);
		out = pdfout_finish(w.out, catalog, info, id);
		g_free(id);
		if (out == NULL) {
			struct srcpos none = { 0, 0 };

			diags_add(diags, SEV_ERROR, NULL, none, "the PDF could "
			    "not be finished: an object was left unwritten");
		}
	}
	g_checksum_free(sum);
	for (guint i = 0; i < w.elems->len; i++)
		g_array_free(S_elem(&w, (int)i)->kids, TRUE);
	g_array_free(w.elems, TRUE);
	g_array_free(w.open, TRUE);
	g_array_free(w.annots, TRUE);
	g_array_free(w.bookmarks, TRUE);
	g_array_free(w.loose, TRUE);
	g_array_free(w.alphas, TRUE);
	g_hash_table_destroy(w.hexboxes);
	g_array_free(w.hexbox_forms, TRUE);
	g_hash_table_destroy(w.links);
	g_ptr_array_unref(w.page_mcids);
	g_string_free(w.cs, TRUE);
	pdfimages_free(w.images);
	pdffonts_free(w.fonts);
	pdfout_free(w.out);
	g_free(pages);
	g_free(contents);
	return out;
}
