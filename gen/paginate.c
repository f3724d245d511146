/*
 * paginate.c: cutting rows into columns and pages, and the boxes of every
 * page.
 *
 * A position in a cell is a cursor: a piece and a line in it.  A row is
 * placed part by part: each part takes, in every cell, the lines from the
 * cell's cursor up to the last allowed break that fits the room left.
 * The flow fills the body's columns left to right, then the next page;
 * rows that span every column come first.  Frames go on the first page
 * at their places; headers and footers on every page once the number of
 * pages is known.  Owns the document it builds until it returns it.
 */
#include "paginate.h"

#include <string.h>

#include "text.h"

struct cursor {
	guint piece;
	guint line;
};

struct pager {
	const struct layout_in *in;
	struct diags *diags;
	struct document *doc;
	struct page *page;      /* the page being filled */
	double y;               /* the next free line in the region */
	double top, bottom;     /* the page's body area */
	double col_top;         /* where the columns start on this page */
	int col;                /* the column being filled, or -1: spanning */
	double x0;              /* left of the region being filled */
	bool fresh;             /* nothing placed in the region yet */
	/* A table's bottom rule, owed until the table stops in a region. */
	bool rule_owed;
	double rule_x0, rule_x1, rule_y, rule_w;
	struct rgba rule_color;
	double header_h[2], footer_h[2];        /* on the first page, then */
	/* Balancing the last page's columns: on page cap_page (1-based; 0:
	 * never) the columns end cap_h below their top, and a break that
	 * breaks the rules there (forced) makes the attempt fail. */
	guint cap_page;
	double cap_h;
	bool forced;
	double used[4];         /* how far each column of the page is filled */
	bool failed;
	GHashTable *nodes;      /* owned: struct nodekey -> structure node */
	char *text_lang;        /* owned; the plan's language when the
				   document's (the locale's) is another */
};

/* Where lines are drawn, and what they are in the structure tree. */
struct drawto {
	struct page *page;
	struct pager *pg;
	const struct frow *row;         /* NULL outside table rows */
	const struct fcell *cell;
	bool artifact;                  /* bands, repeated labels */
	bool no_fill;                   /* the cell's background is drawn */
};

/* ---- The structure tree ---- */

/* What a node is made for: an object of a kind, and a part of it. */
struct nodekey {
	const char *kind;
	const void *obj;
	int sub;
};

static guint
S_nodekey_hash(gconstpointer p)
{
	const struct nodekey *k = p;

	return g_str_hash(k->kind) ^ g_direct_hash(k->obj) ^
	    ((guint)k->sub * 2654435761u);
}

static gboolean
S_nodekey_equal(gconstpointer a, gconstpointer b)
{
	const struct nodekey *x = a, *y = b;

	return x->obj == y->obj && x->sub == y->sub &&
	    strcmp(x->kind, y->kind) == 0;
}

/* The node of an object, made on first use. */
static int
S_node(struct pager *pg, const char *kind, const void *obj, int sub,
    const char *type, int parent, const char *alt, const char *outline)
{
	struct nodekey k = { kind, obj, sub };
	int n = GPOINTER_TO_INT(g_hash_table_lookup(pg->nodes, &k));

	if (n == 0) {
		n = document_node(pg->doc, type, parent, alt, outline);
		g_hash_table_insert(pg->nodes, g_memdup2(&k, sizeof k),
		    GINT_TO_POINTER(n));
	}
	return n;
}

/* The element that holds a cell's content: its TD or TH in its row and
 * table, a section, or the document itself. */
static int
S_container(const struct drawto *dt)
{
	struct pager *pg = dt->pg;
	const struct frow *r = dt->row;
	int top = 1;            /* the Document */

	if (r == NULL)
		return top;
	if (!r->table)
		return r->outline != NULL ? S_node(pg, "sect", r, 0, "Sect",
		    top, NULL, r->outline) : top;
	{
		int table = S_node(pg, "table", NULL, r->table_id, "Table",
		    top, NULL, NULL);
		int tr = S_node(pg, "tr", r, 0, "TR", table, NULL, NULL);

		if (dt->cell == NULL)
			return tr;
		if (dt->cell->kind == CELL_TH)
			return S_node(pg, "cell", r, -1, "TH", tr, NULL,
			    r->outline);
		return S_node(pg, "cell", dt->cell, 0, "TD", tr, NULL, NULL);
	}
}

static const char *
S_type(enum role role)
{
	switch (role) {
	case ROLE_H1:
		return "H1";
	case ROLE_H2:
		return "H2";
	case ROLE_H3:
		return "H3";
	case ROLE_P:
	case ROLE_LBODY:
	case ROLE_TH:
	case ROLE_FIGURE:
	case ROLE_ARTIFACT:
		break;
	}
	return "P";
}

/* The plan's text in a document of another language says its own. */
static int
S_lang(const struct drawto *dt, const struct piece *pc, int node)
{
	struct snode *s = &g_array_index(dt->pg->doc->nodes, struct snode,
	    node - 1);

	if (pc->from_plan && dt->pg->text_lang != NULL && s->lang == NULL)
		s->lang = g_strdup(dt->pg->text_lang);
	return node;
}

/* The list item that holds an entry of a list. */
static int
S_item(const struct drawto *dt, const struct piece *pc)
{
	int list = S_node(dt->pg, "list", dt->cell, pc->list, "L",
	    S_container(dt), NULL, NULL);

	return S_node(dt->pg, "li", pc, 0, "LI", list, NULL, NULL);
}

/* The element a line of a piece belongs to; 0 for an artifact. */
static int
S_leaf(const struct drawto *dt, const struct piece *pc)
{
	if (dt->artifact || dt->pg == NULL)
		return 0;
	switch (pc->role) {
	case ROLE_ARTIFACT:
	case ROLE_FIGURE:
		return 0;
	case ROLE_TH:
		/* A row's label is the heading of what the row holds. */
		return S_node(dt->pg, "label", dt->row, 0, "H2",
		    S_container(dt), NULL, NULL);
	case ROLE_LBODY:
		return S_lang(dt, pc, S_node(dt->pg, "lbody", pc, 0, "LBody",
		    S_item(dt, pc), NULL, NULL));
	case ROLE_P:
	case ROLE_H1:
	case ROLE_H2:
	case ROLE_H3:
		break;
	}
	return S_lang(dt, pc, S_node(dt->pg, "leaf", pc, 0, S_type(pc->role),
	    S_container(dt), NULL, NULL));
}

/* A list entry's marker: its Lbl, made before its LBody. */
static int
S_label(const struct drawto *dt, const struct piece *pc)
{
	if (dt->artifact || dt->pg == NULL || pc->role != ROLE_LBODY)
		return 0;
	return S_node(dt->pg, "lbl", pc, 0, "Lbl", S_item(dt, pc), NULL,
	    NULL);
}

/* One of a piece's figures. */
static int
S_figure(const struct drawto *dt, const struct piece *pc, int figure)
{
	const char *alt;

	if (dt->artifact || dt->pg == NULL || figure == 0 || pc->alts == NULL ||
	    figure > (int)pc->alts->len)
		return 0;
	alt = pc->alts->pdata[figure - 1];
	return S_node(dt->pg, "figure", pc, figure, "Figure", S_container(dt),
	    alt, NULL);
}

static bool
S_at_end(const struct fcell *c, struct cursor k)
{
	return k.piece >= c->pieces->len;
}

static const struct pline *
S_line(const struct piece *p, guint i)
{
	return &g_array_index(p->lines, struct pline, i);
}

/* Whether the part may end after line l of piece p (whose part started
 * at line s). */
static bool
S_break_ok(const struct fcell *c, guint p, guint s, guint l, bool forced)
{
	const struct piece *pc = c->pieces->pdata[p];
	guint n = pc->lines->len;

	if (forced)
		return true;
	if (l + 1 < n)
		return (int)(l + 1 - s) >= pc->min_lines &&
		    (int)(n - l - 1) >= pc->min_lines;
	if (p + 1 == c->pieces->len)
		return true;
	return !pc->keep_with_next &&
	    !((const struct piece *)c->pieces->pdata[p + 1])->keep_with_prev;
}

/* Draw line l of a piece whose layout top is at (left, y). */
static void
S_draw_line(const struct drawto *dt, const struct piece *pc, guint l,
    double left, double y)
{
	struct page *page = dt->page;
	const struct pline *ln = S_line(pc, l);
	struct box b = { 0 };

	/* The marker first: text extraction then reads "• item". */
	if (l == 0 && pc->marker != NULL) {
		b.kind = BOX_TEXT;
		b.x = left + pc->marker_x;
		b.y = y + ln->baseline;
		b.color = pc->color;
		b.layout = pc->marker;
		b.line = text_line(pc->marker, 0);
		b.tag = S_label(dt, pc);
		page_add(page, &b);
	}
	if (l == 0 && pc->swatch) {
		struct box sw = { 0 };

		sw.kind = BOX_FILL;
		sw.x = left + pc->marker_x;
		sw.w = sw.h = pc->swatch_size;
		sw.y = y + ln->baseline - pc->swatch_size * 0.86;
		sw.color = pc->swatch_color;
		page_add(page, &sw);
	}
	if (pc->layout != NULL) {
		b.kind = BOX_TEXT;
		b.x = left + pc->x + ln->x;
		b.y = y + ln->baseline;
		b.color = pc->color;
		b.layout = pc->layout;
		b.line = ln->line;
		b.tag = S_leaf(dt, pc);
		page_add(page, &b);
	}
	for (guint k = 0; k < pc->decor->len; k++) {
		const struct pdecor *d = &g_array_index(pc->decor,
		    struct pdecor, k);
		struct box db;

		if (d->line != (int)l)
			continue;
		db = d->box;
		db.x += left + pc->x;
		db.y += y + ln->top;
		db.tag = S_figure(dt, pc, d->figure);
		page_add(page, &db);
	}
	for (guint k = 0; k < pc->links->len; k++) {
		const struct plink *lk = &g_array_index(pc->links,
		    struct plink, k);
		struct box lb = { 0 };

		if (lk->line != (int)l)
			continue;
		lb.kind = BOX_LINK;
		lb.x = left + pc->x + lk->x0;
		lb.w = lk->x1 - lk->x0;
		lb.y = y + ln->top;
		lb.h = ln->bottom - ln->top;
		lb.uri = lk->uri;
		lb.link = (int)lk->id;
		lb.tag = b.tag;
		page_add(page, &lb);
	}
}

/*
 * Walk the cell from cursor a, line by line, and find the furthest
 * allowed end whose content height is at most avail.  Returns that end
 * (a itself if none) and its height in *h.  With draw, instead draws the
 * lines from a to the end given in *limit, the content's top left at
 * (left, y).
 */
static struct cursor
S_walk(const struct fcell *c, struct cursor a, double avail, bool forced,
    double *h, const struct cursor *limit, const struct drawto *draw,
    double left, double y)
{
	struct cursor best = a;
	double used = 0;
	bool first = true;

	*h = 0;
	for (guint p = a.piece; p < c->pieces->len; p++) {
		const struct piece *pc = c->pieces->pdata[p];
		guint s = p == a.piece ? a.line : 0;
		double base;

		if (s >= pc->lines->len)
			continue;
		if (limit != NULL && (p > limit->piece ||
		    (p == limit->piece && s >= limit->line)))
			break;
		base = used + (first ? 0 : pc->space_before) -
		    S_line(pc, s)->top;
		first = false;
		for (guint l = s; l < pc->lines->len; l++) {
			const struct pline *ln = S_line(pc, l);
			struct cursor end = { p, l + 1 };
			double bottom = base + ln->bottom;

			if (end.line == pc->lines->len) {
				end.piece = p + 1;
				end.line = 0;
			}
			if (limit != NULL) {
				if (p == limit->piece && l >= limit->line)
					break;
			} else if (bottom > avail + 0.01)
				return best;
			if (draw != NULL)
				S_draw_line(draw, pc, l, left, y + base);
			if (limit != NULL ||
			    S_break_ok(c, p, s, l, forced)) {
				best = end;
				*h = bottom;
			}
		}
		used = base + S_line(pc, pc->lines->len - 1)->bottom;
	}
	return best;
}

static double
S_pad(const struct fcell *c)
{
	return c->style->padding[0] + c->style->padding[2];
}

/* Draw a cell's lines from a to b in a part at (ox + its x, y) of
 * height hpart. */
static void
S_draw_cell(const struct drawto *dt, const struct fcell *c, struct cursor a,
    struct cursor b, double ox, double y, double hpart)
{
	struct drawto here = *dt;
	double h;

	here.cell = c;
	if (c->style->has_background && !dt->no_fill) {
		struct box f = { 0 };

		f.kind = BOX_FILL;
		f.x = ox + c->x;
		f.y = y;
		f.w = c->width;
		f.h = hpart;
		f.color = c->style->background;
		page_add(dt->page, &f);
	}
	S_walk(c, a, 0, true, &h, &b, &here, ox + c->x + c->style->padding[3],
	    y + c->style->padding[0]);
}

/* Draw the whole of a cell. */
static void
S_draw_all(const struct drawto *dt, const struct fcell *c, double ox,
    double y, double hpart)
{
	struct cursor a = { 0, 0 }, b = { c->pieces->len, 0 };

	S_draw_cell(dt, c, a, b, ox, y, hpart);
}

static void
S_rule(struct page *page, double x, double y, double w, double h,
    double width, struct rgba color)
{
	struct box r = { 0 };

	r.kind = BOX_RULE;
	r.x = x;
	r.y = y;
	r.w = w;
	r.h = h;
	r.width = width;
	r.color = color;
	page_add(page, &r);
}

static void
S_pay_rule(struct pager *pg)
{
	if (!pg->rule_owed)
		return;
	S_rule(pg->page, pg->rule_x0, pg->rule_y, pg->rule_x1 - pg->rule_x0,
	    0, pg->rule_w, pg->rule_color);
	pg->rule_owed = false;
}

static double
S_column_width(const struct pager *pg)
{
	const struct layoutfile *lf = pg->in->lf;
	double w = lf->page_w - lf->margin[1] - lf->margin[3];

	return (w - (lf->columns - 1) * lf->column_gap) / lf->columns;
}

/* Start a new page; its body area depends on its header and footer. */
/* The body area of page n (1-based): between its header and footer. */
static void
S_body(const struct pager *pg, int n, double *top, double *bottom)
{
	const struct layoutfile *lf = pg->in->lf;
	bool header = lf->header != NULL && layout_band_on(lf->header, n);
	bool footer = lf->footer != NULL && layout_band_on(lf->footer, n);

	*top = lf->margin[0] + (header ? pg->header_h[n > 1] +
	    lf->header->gap : 0);
	*bottom = lf->page_h - lf->margin[2] -
	    (footer ? pg->footer_h[n > 1] + lf->footer->gap : 0);
}

/* Whether the header and the footer leave page n (1 or 2: the first or
 * the others) an inch of body at least; an error at the footer's gap
 * (or the header's) if not. */
static bool
S_body_room(struct pager *pg, int n)
{
	const struct layoutfile *lf = pg->in->lf;
	const struct lband *b = lf->footer != NULL ? lf->footer : lf->header;
	double top, bottom;

	S_body(pg, n, &top, &bottom);
	if (bottom - top >= 72 || b == NULL)
		return true;
	diags_add(pg->diags, SEV_ERROR, b->gap_loc.file, b->gap_loc.pos,
	    "the header and the footer, with their gaps (%.0f and %.0f pt), "
	    "leave %.0f pt of the page for the body; it needs an inch (72 pt) "
	    "at least", lf->header != NULL ? lf->header->gap : 0,
	    lf->footer != NULL ? lf->footer->gap : 0, bottom - top);
	return false;
}

static void
S_new_page(struct pager *pg)
{
	const struct layoutfile *lf = pg->in->lf;
	int n = (int)pg->doc->pages->len + 1;

	if (pg->page != NULL)
		S_pay_rule(pg);
	pg->page = page_new();
	g_ptr_array_add(pg->doc->pages, pg->page);
	S_body(pg, n, &pg->top, &pg->bottom);
	pg->y = pg->col_top = pg->top;
	pg->fresh = true;
	memset(pg->used, 0, sizeof pg->used);
	if (pg->col >= 0) {
		pg->col = 0;
		pg->x0 = lf->margin[3];
	}
}

/* Move on to the next column, or the next page. */
static void
S_next_region(struct pager *pg)
{
	const struct layoutfile *lf = pg->in->lf;

	if (pg->col >= 0 && pg->col + 1 < lf->columns) {
		S_pay_rule(pg);
		pg->col++;
		pg->x0 = lf->margin[3] + pg->col * (S_column_width(pg) +
		    lf->column_gap);
		pg->y = pg->col_top;
		pg->fresh = true;
		return;
	}
	S_new_page(pg);
}

/* The flow leaves the spanning items: columns start here. */
static void
S_begin_columns(struct pager *pg)
{
	S_pay_rule(pg);
	pg->col = 0;
	pg->x0 = pg->in->lf->margin[3];
	pg->col_top = pg->y;
	pg->fresh = pg->y <= pg->top + 0.01;
}

/* Place one part of a row at pg->y; cells from a[i] to b[i]. */
static void
S_place(struct pager *pg, const struct frow *r, const struct fcell *label,
    const struct cursor *a, const struct cursor *b, double h)
{
	double y = pg->y, ox = pg->x0;
	const struct fcell *first = label != NULL ? label : r->cells->pdata[0];
	const struct fcell *last = r->cells->pdata[r->cells->len - 1];
	double x0 = ox + first->x, x1 = ox + last->x + last->width;

	struct drawto dt = { pg->page, pg, r, NULL, false, false };

	if (label != NULL) {
		struct drawto lt = dt;

		/* A repeated label is a reminder: an artifact. */
		lt.artifact = label == r->label_cont;
		S_draw_all(&lt, label, ox, y, h);
	}
	for (guint i = 0; i < r->cells->len; i++)
		S_draw_cell(&dt, r->cells->pdata[i], a[i], b[i], ox, y, h);
	if (r->table && r->rule > 0) {
		/* Top rule, then the column rules; the bottom rule is owed
		 * until the next part below it or the end of the region. */
		S_rule(pg->page, x0, y, x1 - x0, 0, r->rule, r->rule_color);
		if (label != NULL)
			S_rule(pg->page, x0, y, 0, h, r->rule, r->rule_color);
		for (guint i = 0; i < r->cells->len; i++) {
			const struct fcell *c = r->cells->pdata[i];

			S_rule(pg->page, ox + c->x, y, 0, h, r->rule,
			    r->rule_color);
		}
		S_rule(pg->page, x1, y, 0, h, r->rule, r->rule_color);
		pg->rule_owed = true;
		pg->rule_x0 = x0;
		pg->rule_x1 = x1;
		pg->rule_y = y + h;
		pg->rule_w = r->rule;
		pg->rule_color = r->rule_color;
	} else
		S_pay_rule(pg);
	pg->y = y + h + r->space_after;
	pg->fresh = false;
	if (pg->col >= 0 && pg->col < (int)G_N_ELEMENTS(pg->used))
		pg->used[pg->col] = y + h - pg->col_top;
}

/* The first list entry that a cell's part ending at b leaves for the
 * next part, or G_MAXUINT if none. */
static guint
S_entry_left(const struct fcell *c, struct cursor b)
{
	for (guint p = b.piece + (b.line > 0); p < c->pieces->len; p++) {
		const struct piece *pc = c->pieces->pdata[p];

		if (pc->entry > 0)
			return pc->entry;
	}
	return G_MAXUINT;
}

/* The end of a cell's part from a to b moved back to the start of list
 * entry e (or the first entry after it), if the part holds it. */
static struct cursor
S_entry_start(const struct fcell *c, struct cursor a, struct cursor b,
    guint e)
{
	for (guint p = a.piece; p < b.piece; p++) {
		const struct piece *pc = c->pieces->pdata[p];

		if (pc->entry >= e) {
			struct cursor k = { p, p == a.piece ? a.line : 0 };

			return k;
		}
	}
	return b;
}

/* The aligned cells of a row end their parts before the same entry:
 * partner 12's country goes to the next page with partner 12.  Returns
 * whether it moved an end. */
static bool
S_align_ends(const struct frow *r, const struct cursor *a, struct cursor *b)
{
	guint e = G_MAXUINT;
	bool moved = false;

	for (guint i = 0; i < r->cells->len; i++) {
		const struct fcell *c = r->cells->pdata[i];

		if (c->aligned)
			e = MIN(e, S_entry_left(c, b[i]));
	}
	for (guint i = 0; e != G_MAXUINT && i < r->cells->len; i++) {
		const struct fcell *c = r->cells->pdata[i];
		struct cursor k;

		if (!c->aligned)
			continue;
		k = S_entry_start(c, a[i], b[i], e);
		moved = moved || k.piece != b[i].piece || k.line != b[i].line;
		b[i] = k;
	}
	return moved;
}

/*
 * For each cell, the furthest end that fits in avail; returns whether
 * any cell advances, and sets *h to the part's height.
 */
static bool
S_fit(const struct frow *r, const struct cursor *a, struct cursor *b,
    double avail, bool forced, double *h)
{
	bool progress = false;

	*h = 0;
	for (guint i = 0; i < r->cells->len; i++) {
		const struct fcell *c = r->cells->pdata[i];
		double ch;

		b[i] = a[i];
		if (S_at_end(c, a[i]))
			continue;
		b[i] = S_walk(c, a[i], avail - S_pad(c), forced, &ch, NULL,
		    NULL, 0, 0);
		if (b[i].piece != a[i].piece || b[i].line != a[i].line) {
			progress = true;
			*h = MAX(*h, ch + S_pad(c));
		}
	}
	if (forced || !S_align_ends(r, a, b))
		return progress;
	/* Some ends moved back: the part's height again, to them. */
	progress = false;
	*h = 0;
	for (guint i = 0; i < r->cells->len; i++) {
		const struct fcell *c = r->cells->pdata[i];
		double ch;

		if (b[i].piece == a[i].piece && b[i].line == a[i].line)
			continue;
		S_walk(c, a[i], 0, true, &ch, &b[i], NULL, 0, 0);
		progress = true;
		*h = MAX(*h, ch + S_pad(c));
	}
	return progress;
}

static bool
S_done(const struct frow *r, const struct cursor *k)
{
	for (guint i = 0; i < r->cells->len; i++)
		if (!S_at_end(r->cells->pdata[i], k[i]))
			return false;
	return true;
}

/* The foot of the region being filled. */
static double
S_bottom(const struct pager *pg)
{
	if (pg->col >= 0 && pg->doc->pages->len == pg->cap_page)
		return MIN(pg->bottom, pg->col_top + pg->cap_h);
	return pg->bottom;
}

/* The message for a row whose next line is taller than a whole region:
 * at the layout's block that made the line, when it is known. */
static void
S_too_tall(struct pager *pg, const struct frow *r, const struct cursor *a,
    double avail)
{
	const struct piece *tall = NULL;
	double h = 0;

	for (guint i = 0; i < r->cells->len; i++) {
		const struct fcell *c = r->cells->pdata[i];
		const struct piece *pc;
		double lh;

		if (S_at_end(c, a[i]))
			continue;
		pc = c->pieces->pdata[a[i].piece];
		if (a[i].line >= pc->lines->len)
			continue;
		lh = S_line(pc, a[i].line)->bottom - S_line(pc, a[i].line)->top;
		if (tall == NULL || lh > h) {
			tall = pc;
			h = lh;
		}
	}
	if (tall != NULL && tall->loc != NULL)
		diags_add(pg->diags, SEV_ERROR, tall->loc->file, tall->loc->pos,
		    "this block has a line or an image %.0f pt tall, and the "
		    "page's body has room for %.0f pt: make it smaller, or "
		    "the page or its margins bigger", h, avail);
	else {
		struct srcpos none = { 0, 0 };

		diags_add(pg->diags, SEV_ERROR, pg->in->lf->files->pdata[0],
		    none, "a line of text or an image is taller than the "
		    "page's body (%.0f pt); the page is too small for it",
		    avail);
	}
}

/* Whether the region is empty and as tall as a region gets: moving on
 * cannot give a row more room.  (The columns under a page's spanning
 * blocks are shorter than the next page's.) */
static bool
S_roomy(const struct pager *pg)
{
	return pg->fresh && (pg->col < 0 || pg->col_top <= pg->top + 0.01);
}

/* The height of the region the flow moves on to from this one. */
static double
S_next_height(const struct pager *pg)
{
	const struct layoutfile *lf = pg->in->lf;
	int n = (int)pg->doc->pages->len + 1;
	double top, bottom;

	if (pg->col >= 0 && pg->col + 1 < lf->columns)
		return S_bottom(pg) - pg->col_top;
	S_body(pg, n, &top, &bottom);
	if (pg->col >= 0 && (guint)n == pg->cap_page)
		bottom = MIN(bottom, top + pg->cap_h);
	return bottom - top;
}

/* Whether a row, from its start a, fits whole in a region of the given
 * height. */
static bool
S_fits_whole(const struct frow *r, const struct cursor *a, double height)
{
	struct cursor *b = g_new0(struct cursor, r->cells->len);
	double h;
	bool whole;

	S_fit(r, a, b, height, false, &h);
	whole = S_done(r, b) && (r->label == NULL ||
	    fcell_height(r->label) <= height);
	g_free(b);
	return whole;
}

static void
S_row(struct pager *pg, const struct frow *r)
{
	guint n = r->cells->len;
	struct cursor *a = g_new0(struct cursor, n);
	struct cursor *b = g_new0(struct cursor, n);
	bool first = true;

	if (!r->span && pg->col < 0)
		S_begin_columns(pg);
	while (!S_done(r, a) && !pg->failed) {
		const struct fcell *label = first ? r->label : r->label_cont;
		double lh = label != NULL ? fcell_height(label) : 0;
		double avail = S_bottom(pg) - pg->y;
		double h;
		bool progress;

		if (lh > avail && !S_roomy(pg)) {
			S_next_region(pg);
			continue;
		}
		progress = S_fit(r, a, b, avail, false, &h);
		/* A row kept together moves on only if it fits whole
		 * there: else it is cut here, as any row. */
		if (r->keep_together && first && !S_done(r, b) &&
		    !S_roomy(pg) && S_fits_whole(r, a, S_next_height(pg))) {
			S_next_region(pg);
			continue;
		}
		if (!progress && !S_roomy(pg)) {
			S_next_region(pg);
			continue;
		}
		if (!progress) {
			/* The rules cannot be kept even in a whole region:
			 * break anywhere rather than lose text. */
			progress = S_fit(r, a, b, avail, true, &h);
			if (pg->doc->pages->len == pg->cap_page)
				pg->forced = true;
		}
		if (!progress) {
			S_too_tall(pg, r, a, avail);
			pg->failed = true;
			break;
		}
		h = MAX(h, lh);
		S_place(pg, r, label, a, b, h);
		memcpy(a, b, n * sizeof *a);
		first = false;
		if (!S_done(r, a))
			S_next_region(pg);
	}
	g_free(a);
	g_free(b);
}

/* The height of a band's tallest cell. */
static double
S_row_height(const struct frow *r)
{
	double h = 0;

	for (guint i = 0; i < r->cells->len; i++)
		h = MAX(h, fcell_height(r->cells->pdata[i]));
	return h;
}

/* Place a header or footer row at y. */
static void
S_band(struct pager *pg, struct page *page, const struct frow *r, double y,
    bool rule_below, double gap)
{
	const struct layoutfile *lf = pg->in->lf;
	double h = S_row_height(r);
	struct drawto dt = { page, pg, NULL, NULL, true, false };

	for (guint i = 0; i < r->cells->len; i++)
		S_draw_all(&dt, r->cells->pdata[i], lf->margin[3], y, h);
	if (r->rule > 0) {
		double ry = rule_below ? y + h + gap / 2 : y - gap / 2;

		S_rule(page, lf->margin[3], ry, lf->page_w - lf->margin[1] -
		    lf->margin[3], 0, r->rule, r->rule_color);
	}
}

static double
S_band_height(const struct layout_in *in, const struct lband *band, int n)
{
	struct frow *r;
	double h;

	if (band == NULL || (r = layout_band(in, band, n, 99)) == NULL)
		return 0;
	h = S_row_height(r);
	frow_free(r);
	return h;
}

static void
S_bands(struct pager *pg)
{
	const struct layoutfile *lf = pg->in->lf;
	int m = (int)pg->doc->pages->len;

	for (int n = 1; n <= m; n++) {
		struct page *page = pg->doc->pages->pdata[n - 1];
		struct frow *r;

		if (lf->header != NULL &&
		    (r = layout_band(pg->in, lf->header, n, m)) != NULL) {
			S_band(pg, page, r, lf->margin[0], true,
			    lf->header->gap);
			frow_free(r);
		}
		if (lf->footer != NULL &&
		    (r = layout_band(pg->in, lf->footer, n, m)) != NULL) {
			S_band(pg, page, r, lf->page_h - lf->margin[2] -
			    S_row_height(r), false, lf->footer->gap);
			frow_free(r);
		}
	}
}

/* Frames, on the first page, their content aligned in them. */
static void
S_frames(struct pager *pg, GPtrArray *frames)
{
	struct page *page = pg->doc->pages->pdata[0];

	for (guint i = 0; i < frames->len; i++) {
		const struct fframe *f = frames->pdata[i];
		double h = fcell_height(f->cell), y = f->y;

		if (f->cell->style->has_background) {
			struct box b = { 0 };

			b.kind = BOX_FILL;
			b.x = f->x;
			b.y = f->y;
			b.w = f->width;
			b.h = f->height;
			b.color = f->cell->style->background;
			page_add(page, &b);
		}
		if (f->valign == VALIGN_MIDDLE)
			y += (f->height - h) / 2;
		else if (f->valign == VALIGN_BOTTOM)
			y += f->height - h;
		{
			/* The frame's fill is drawn whole, above. */
			struct drawto dt = { page, pg, NULL, NULL, false, true };

			S_draw_all(&dt, f->cell, f->x, y, h);
		}
		if (f->cell->style->border > 0) {
			const struct lstyle *s = f->cell->style;

			S_rule(page, f->x, f->y, f->width, 0, s->border,
			    s->border_color);
			S_rule(page, f->x, f->y + f->height, f->width, 0,
			    s->border, s->border_color);
			S_rule(page, f->x, f->y, 0, f->height, s->border,
			    s->border_color);
			S_rule(page, f->x + f->width, f->y, 0, f->height,
			    s->border, s->border_color);
		}
	}
}

/* What a pass of the pager tells the balancing. */
struct pass {
	guint pages;
	bool columns;           /* the last page has columns */
	double col_top, bottom; /* the last page's columns' room */
	bool forced;            /* a rule was broken on the capped page */
	double sum, tallest;    /* the last page's columns' heights */
};

/* Lay the flow out on pages; with cap_page, the columns of that page
 * end cap_h below their top.  A trial leaves out frames, headers and
 * footers.  NULL on failure. */
static struct document *
S_paginate(const struct layout_in *in, const struct flow *flow,
    struct diags *diags, guint cap_page, double cap_h, bool trial,
    struct pass *out)
{
	struct pager pg = { 0 };

	pg.in = in;
	pg.diags = diags;
	pg.cap_page = cap_page;
	pg.cap_h = cap_h;
	pg.doc = document_new(in->lf->page_w, in->lf->page_h);
	pg.nodes = g_hash_table_new_full(S_nodekey_hash, S_nodekey_equal,
	    g_free, NULL);
	document_node(pg.doc, "Document", 0, NULL, NULL);
	{
		const char *plan = tree_text(tree_child(xmlDocGetRootElement(
		    in->plan->xml), "language"));
		const char *doc = catalog_language(in->cat);

		if (plan == NULL)
			plan = "en";
		if (doc != NULL && g_ascii_strcasecmp(doc, plan) != 0)
			pg.text_lang = g_strdup(plan);
	}
	/* Bands may show on the first page only, or on the others. */
	for (int k = 0; k < 2; k++) {
		pg.header_h[k] = S_band_height(in, in->lf->header, k + 1);
		pg.footer_h[k] = S_band_height(in, in->lf->footer, k + 1);
	}
	for (int k = 0; k < 2 && !pg.failed; k++)
		pg.failed = !S_body_room(&pg, k + 1);
	pg.col = -1;
	pg.x0 = in->lf->margin[3];
	S_new_page(&pg);
	for (guint i = 0; i < flow->rows->len && !pg.failed; i++) {
		S_row(&pg, flow->rows->pdata[i]);
		if (cap_page > 0 && pg.doc->pages->len > cap_page)
			break;  /* the cap does not hold the rest */
	}
	out->pages = pg.doc->pages->len;
	out->columns = pg.col >= 0;
	out->col_top = pg.col_top;
	out->bottom = pg.bottom;
	out->forced = pg.forced;
	out->sum = out->tallest = 0;
	for (guint k = 0; k < G_N_ELEMENTS(pg.used); k++) {
		out->sum += pg.used[k];
		out->tallest = MAX(out->tallest, pg.used[k]);
	}
	S_pay_rule(&pg);
	if (!pg.failed && !trial) {
		S_frames(&pg, flow->frames);
		S_bands(&pg);
	}
	g_hash_table_destroy(pg.nodes);
	g_free(pg.text_lang);
	if (pg.failed) {
		document_free(pg.doc);
		return NULL;
	}
	return pg.doc;
}

/*
 * With columns, the last page's are balanced: the least height for them
 * (found by halving, to half a point, between their even share of what
 * the page holds and its tallest column) that holds the rest of the flow
 * on that page without breaking a rule.  Each trial lays out the whole
 * flow again, without headers and footers: that places lines already
 * set, which is cheap beside setting them.
 */
struct document *
paginate(const struct layout_in *in, const struct flow *flow,
    struct diags *diags)
{
	struct pass first, p;
	struct document *doc = S_paginate(in, flow, diags, 0, 0, false,
	    &first);
	double lo, hi;

	if (doc == NULL || in->lf->columns < 2 || !in->lf->balance ||
	    !first.columns)
		return doc;
	lo = first.sum / in->lf->columns - 1;
	hi = first.tallest;
	while (hi - lo > 0.5) {
		double mid = (lo + hi) / 2;
		struct diags quiet;
		struct document *d;
		bool ok;

		diags_init(&quiet);
		d = S_paginate(in, flow, &quiet, first.pages, mid, true, &p);
		ok = d != NULL && p.pages == first.pages && !p.forced;
		diags_clear(&quiet);
		document_free(d);
		if (ok)
			hi = mid;
		else
			lo = mid;
	}
	if (hi >= first.tallest)
		return doc;
	{
		struct diags quiet;
		struct document *d;

		diags_init(&quiet);
		d = S_paginate(in, flow, &quiet, first.pages, hi, false, &p);
		diags_clear(&quiet);
		if (d == NULL || p.pages != first.pages || p.forced) {
			document_free(d);
			return doc;
		}
		document_free(doc);
		return d;
	}
}
