/*
 * layout.c: from a layout and a plan to rows of set text.
 *
 * Resolves each block's path in the plan, formats the values, and sets
 * them as pieces in the cells of rows (flow.h).  Owns nothing it returns.
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "image.h"
#include "markup.h"
#include "paginate.h"

/* The official colours of the 17 SDGs (UN SDG icon guidelines). */
static const char *const S_sdg_colors[17] = {
	"#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2",
	"#FCC30B", "#A21942", "#FD6925", "#DD1367", "#FD9D24", "#BF8B2E",
	"#3F7E44", "#0A97D9", "#56C02B", "#00689D", "#19486A",
};

/* Filling one cell with pieces. */
struct filler {
	const struct layout_in *in;
	struct fcell *cell;
	const struct lstyle *style;     /* the cell's */
	double width;                   /* the cell's content width */
	double pending;                 /* space owed after the last piece */
	double scale;                   /* of every font size and space */
	const xmlNode *longest;         /* the plan text with most lines */
	guint longest_lines;
	int list;                       /* the list being filled, or 0 */
	int lists;                      /* lists begun in this cell */
	double indent;                  /* the list's markers need this much */
	/* A floating image and the pieces beside it (S_image, S_beside) */
	enum side float_side;           /* SIDE_NONE: none, or past it */
	double float_room;              /* the width it takes, gap included */
	double float_height;            /* its height */
	double float_used;              /* the height of the pieces beside it */
	const xmlNode *tallest;         /* the plan's image drawn highest */
	double tallest_w, tallest_h;    /* its size */
};

/* The gap between a floating image and the text beside it. */
#define FLOAT_GAP 8.0

/* The least width a box leaves its text. */
#define TEXT_MIN_WIDTH 18

/* The space between two words put together (a label and its value):
 * none after full-width punctuation, which holds its own room ("请联系："
 * and an address). */
static const char *
S_gap(const char *before)
{
	const char *last = *before != '\0' ?
	    g_utf8_find_prev_char(before, before + strlen(before)) : NULL;
	gunichar c = last != NULL ? g_utf8_get_char(last) : 0;

	return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
	    (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
	    (c >= 0xFF5B && c <= 0xFF65) ? "" : " ";
}

/* A filler for a new cell of width w in a style; an error at the style
 * when its padding leaves too little of w for text. */
static struct filler
S_filler(const struct layout_in *in, double x, double w,
    const struct lstyle *style)
{
	struct filler f = { .in = in, .cell = fcell_new(x, w, style),
	    .style = style, .width = w - style->padding[1] - style->padding[3],
	    .scale = 1.0 };

	if (f.width < TEXT_MIN_WIDTH) {
		diags_add(in->diags, SEV_ERROR, style->padding_loc.file,
		    style->padding_loc.pos, "this padding (%.0f pt at the left, "
		    "%.0f pt at the right) leaves less than %d pt for text in "
		    "the boxes that have it; make it smaller",
		    style->padding[3], style->padding[1], TEXT_MIN_WIDTH);
		f.width = TEXT_MIN_WIDTH;
	}
	return f;
}

/* ---- Paths into the plan ---- */

/* The nodes a path names: one per entry of any list on the way (NULL
 * where an entry lacks the key).  A path ending on a list gives its
 * entries.  Caller frees the array. */
static GPtrArray *
S_resolve_ex(const xmlNode *from, const char *path, bool expand)
{
	GPtrArray *set = g_ptr_array_new();
	char **steps = g_strsplit(path, "/", -1);

	g_ptr_array_add(set, (gpointer)from);
	for (char **s = steps; *s != NULL; s++) {
		GPtrArray *next = g_ptr_array_new();

		for (guint i = 0; i < set->len; i++) {
			const xmlNode *n = set->pdata[i];

			if (n == NULL)
				g_ptr_array_add(next, NULL);
			else if (tree_is_list(n))
				for (xmlNodePtr it = tree_first(n); it;
				    it = tree_next(it))
					g_ptr_array_add(next,
					    tree_child(it, *s));
			else
				g_ptr_array_add(next, tree_child(n, *s));
		}
		g_ptr_array_free(set, TRUE);
		set = next;
	}
	g_strfreev(steps);
	if (expand && set->len == 1 && set->pdata[0] != NULL &&
	    tree_is_list(set->pdata[0])) {
		const xmlNode *list = set->pdata[0];

		g_ptr_array_set_size(set, 0);
		for (xmlNodePtr it = tree_first(list); it; it = tree_next(it))
			g_ptr_array_add(set, it);
	}
	return set;
}

static bool S_has_value(const xmlNode *);

/* A path may give alternatives, "summary|objectives": the first that
 * names a value wins. */
static GPtrArray *
S_resolve_alt(const xmlNode *from, const char *path, bool expand)
{
	char **alts;
	GPtrArray *set = NULL;

	if (strchr(path, '|') == NULL)
		return S_resolve_ex(from, path, expand);
	alts = g_strsplit(path, "|", -1);
	for (char **a = alts; *a != NULL; a++) {
		bool any = false;

		if (set != NULL)
			g_ptr_array_free(set, TRUE);
		set = S_resolve_ex(from, *a, expand);
		for (guint i = 0; i < set->len && !any; i++)
			any = S_has_value(set->pdata[i]);
		if (any)
			break;
	}
	g_strfreev(alts);
	return set;
}

static GPtrArray *
S_resolve(const xmlNode *from, const char *path)
{
	return S_resolve_alt(from, path, true);
}

/* The one node a path names (the first, if a list is on the way). */
static const xmlNode *
S_one(const xmlNode *from, const char *path)
{
	GPtrArray *set = S_resolve_alt(from, path, false);
	const xmlNode *n = set->len > 0 ? set->pdata[0] : NULL;

	g_ptr_array_free(set, TRUE);
	return n;
}

static bool
S_has_value(const xmlNode *n)
{
	const char *t = tree_text(n);

	return n != NULL && ((t != NULL && *t != '\0') ||
	    tree_first(n) != NULL);
}

/* Whether any of the paths has a value (no paths: true). */
static bool
S_when(const xmlNode *root, char **paths)
{
	bool any = false;

	if (paths == NULL)
		return true;
	for (char **p = paths; *p != NULL && !any; p++) {
		GPtrArray *set = S_resolve(root, *p);

		for (guint i = 0; i < set->len && !any; i++)
			any = S_has_value(set->pdata[i]);
		g_ptr_array_free(set, TRUE);
	}
	return any;
}

static const xmlNode *
S_root(const struct layout_in *in)
{
	return xmlDocGetRootElement(in->plan->xml);
}

/* ---- Pieces ---- */

/* A style with its sizes and spaces scaled (for text that shrinks to
 * fit a frame). */
static struct lstyle
S_scaled(const struct lstyle *s, double k)
{
	struct lstyle c = *s;

	c.size *= k;
	c.space_before *= k;
	c.space_after *= k;
	c.para_spacing *= k;
	c.indent *= k;
	c.hanging *= k;
	return c;
}

/* Put a piece in the cell, after the space owed. */
/* The space before the next piece of the cell: none at its top. */
static double
S_space(const struct filler *f, double space)
{
	return f->cell->pieces->len == 0 ? 0 : MAX(space, f->pending) *
	    f->scale;
}

static void
S_push(struct filler *f, struct piece *p, double space)
{
	p->space_before = S_space(f, space);
	g_ptr_array_add(f->cell->pieces, p);
	if (f->float_side == SIDE_NONE)
		return;
	f->float_used += p->space_before + piece_height(p);
	if (f->float_used >= f->float_height)
		f->float_side = SIDE_NONE;
	else
		p->keep_with_next = true;   /* the float stays with its text */
}

/* The width a floating image takes beside a piece that would come next
 * after space: 0 when there is none, or the piece starts below it. */
static double
S_beside(const struct filler *f, double space)
{
	if (f->float_side == SIDE_NONE ||
	    f->float_used + S_space(f, space) >= f->float_height)
		return 0;
	return f->float_room;
}

/* Past a floating image: the rest of its height as an empty piece, so
 * that what follows starts below it. */
static void
S_clear(struct filler *f)
{
	struct piece *p;
	struct pline pl = { 0 };

	if (f->float_side == SIDE_NONE)
		return;
	p = piece_new();
	pl.bottom = pl.baseline = f->float_height - f->float_used;
	g_array_append_val(p->lines, pl);
	p->role = ROLE_ARTIFACT;
	p->min_lines = 1;
	p->keep_with_prev = true;
	g_ptr_array_add(f->cell->pieces, p);
	f->float_side = SIDE_NONE;
	f->pending = 0;
}

/* A text as the next piece of the cell, indented; plain with a link
 * when link is not NULL. */
static struct piece *
S_add_text(struct filler *f, const struct lstyle *s, const char *text,
    bool markup, const xmlNode *src, double space, double indent,
    const struct textlink *link)
{
	struct lstyle k = S_scaled(s, f->scale);
	double beside = S_beside(f, space);
	double width = f->width - indent * f->scale - beside;
	struct piece *p;

	/* (A box its padding left too narrow has had its message.) */
	if (k.hanging > 0 && width - k.hanging < TEXT_MIN_WIDTH &&
	    width > TEXT_MIN_WIDTH)
		diags_add(f->in->diags, SEV_ERROR, s->hanging_loc.file,
		    s->hanging_loc.pos, "this hanging-indent (%.0f pt) leaves "
		    "less than %d pt for the lines after a paragraph's first "
		    "in the boxes that have it; make it smaller", s->hanging,
		    TEXT_MIN_WIDTH);
	if (k.hanging > 0 && width - k.hanging < TEXT_MIN_WIDTH)
		k.hanging = 0;
	p = text_piece(f->in->text, &k, text, markup, width, src, link);

	p->x = indent * f->scale + (f->float_side == SIDE_LEFT ? beside : 0);
	p->from_plan = src != NULL;
	S_push(f, p, space);
	/* Space after a block comes at its end (S_block); a heading's right
	 * after it (S_heading). */
	f->pending = 0;
	return p;
}

static struct piece *
S_add(struct filler *f, const struct lstyle *s, const char *text,
    bool markup, const xmlNode *src, double space, double indent)
{
	return S_add_text(f, s, text, markup, src, space, indent, NULL);
}

/* A heading: kept whole and with what follows, its space after it. */
static void
S_heading(struct filler *f, struct piece *p, enum role role,
    const struct lstyle *s)
{
	p->keep_with_next = true;
	p->min_lines = HEADING_WHOLE;
	p->role = role;
	f->pending = s->space_after;
}

/* A list entry: the text indented, the marker hanging before it. */
static struct piece *
S_add_entry(struct filler *f, const struct lstyle *ls, const char *text,
    bool markup, const xmlNode *src, double space, const char *marker)
{
	double indent = marker != NULL ? MAX(ls->indent, f->indent) : 0;
	struct piece *p;

	/* A marker wider than the indent pushes the text on: a quarter of
	 * an em stays between them. */
	if (marker != NULL) {
		struct lstyle k = S_scaled(ls, f->scale);
		double need = text_width(f->in->text, &k, marker) +
		    k.size * 0.25;

		indent = MAX(indent, need / f->scale);
	}
	p = S_add(f, ls, text, markup, src, space, indent);

	if (f->list > 0) {
		p->role = ROLE_LBODY;
		p->list = f->list;
	}
	if (marker != NULL) {
		struct lstyle k = S_scaled(ls, f->scale);

		/* (at the left of the text's indent: past a float there) */
		text_marker(f->in->text, p, &k, marker, p->x - indent *
		    f->scale);
	}
	return p;
}

static const char *
S_word(const struct layout_in *in, const char *key)
{
	const char *t = key != NULL ? catalog_key(in->cat, key) : NULL;

	return t != NULL ? t : "";
}

/*
 * Keep the entries first..last of a list together at their ends: a page
 * break leaves at least two entries on each side.  A paragraph that
 * introduces the list (it ends with a colon) stays with it.
 */
static void
S_keep_list(struct filler *f, guint first)
{
	GPtrArray *v = f->cell->pieces;
	guint last = v->len - 1;

	if (first >= v->len)
		return;
	if (last > first) {
		((struct piece *)v->pdata[first])->keep_with_next = true;
		((struct piece *)v->pdata[last])->keep_with_prev = true;
	}
	if (first > 0) {
		struct piece *p = v->pdata[first - 1];
		const char *t = p->layout != NULL ?
		    pango_layout_get_text(p->layout) : "";
		size_t n = strlen(t);

		if (n > 0 && t[n - 1] == ':')
			p->keep_with_next = true;
	}
}

/* A rich text: paragraphs and lists.  The first piece gets space. */
static void
S_rich(struct filler *f, const struct lstyle *s, const struct lstyle *ls,
    const xmlNode *n, double space)
{
	const char *text = tree_text(n);

	if (text != NULL && tree_first(n) == NULL) {
		char **paras = markup_paragraphs(text);

		for (char **p = paras; *p != NULL; p++) {
			S_add(f, s, *p, true, n, space, 0);
			space = s->para_spacing;
		}
		g_strfreev(paras);
		return;
	}
	for (xmlNodePtr it = tree_first(n); it != NULL; it = tree_next(it)) {
		xmlNodePtr list = tree_first(it);

		if (list == NULL) {
			if (tree_text(it) != NULL)
				S_add(f, s, tree_text(it), true, it, space, 0);
			space = s->para_spacing;
			continue;
		}
		{
			bool numbered = strcmp((const char *)list->name,
			    "numbered") == 0;
			int k = 1;
			guint first = f->cell->pieces->len;

			f->list = ++f->lists;
			/* Room for the widest number, "12.", and a space. */
			if (numbered) {
				char widest[16];
				struct lstyle k2 = S_scaled(ls, f->scale);
				guint count = 0;

				for (xmlNodePtr e = tree_first(list); e != NULL;
				    e = tree_next(e))
					count++;
				g_snprintf(widest, sizeof widest, "%u.", count);
				g_strdelimit(widest, "123456789", '8');
				f->indent = (text_width(f->in->text, &k2,
				    widest) + ls->size * 0.45 * f->scale) /
				    f->scale;
			}
			for (xmlNodePtr e = tree_first(list); e != NULL;
			    e = tree_next(e), k++) {
				char num[16];
				const char *marker = ls->marker;

				if (numbered) {
					g_snprintf(num, sizeof num, "%d.", k);
					marker = num;
				}
				S_add_entry(f, ls, tree_text(e) ? tree_text(e) :
				    "", true, e, space, marker);
				space = ls->para_spacing;
			}
			S_keep_list(f, first);
			f->list = 0;
			f->indent = 0;
			space = s->para_spacing;
		}
	}
}

/* A list of points (texts): one entry each. */
static void
S_points(struct filler *f, const struct lstyle *ls, const xmlNode *n,
    double space)
{
	guint first = f->cell->pieces->len;

	f->list = ++f->lists;
	for (xmlNodePtr e = tree_first(n); e != NULL; e = tree_next(e)) {
		S_add_entry(f, ls, tree_text(e) ? tree_text(e) : "", true, e,
		    space, ls->marker);
		space = ls->para_spacing;
	}
	S_keep_list(f, first);
	f->list = 0;
}

/* Whether a rich or points node is a list of plain texts. */
static bool
S_is_points(const xmlNode *n)
{
	if (!tree_is_list(n))
		return false;
	for (xmlNodePtr it = tree_first(n); it != NULL; it = tree_next(it))
		if (tree_first(it) != NULL)
			return false;
	return strcmp((const char *)n->name, "items") == 0 ||
	    strcmp((const char *)n->name, "bullets") == 0;
}

/* ---- Blocks ---- */

/* A catalog text with its {words} filled from the plan (and, in bands,
 * the page numbers).  Sets *src to the first value's node.  Caller frees. */
static char *
S_fill_text(const struct layout_in *in, const struct block *b,
    const char *page, const char *pages, const xmlNode **src)
{
	GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
	char *text;

	*src = NULL;
	for (guint i = 0; b->args != NULL && i < b->args->len; i++) {
		const struct larg *a = &g_array_index(b->args, struct larg, i);
		const xmlNode *n = S_one(S_root(in), a->path);

		g_ptr_array_add(args, g_strdup(a->name));
		g_ptr_array_add(args, format_value(in->cat, a->format, n));
		if (*src == NULL)
			*src = n;
	}
	if (page != NULL) {
		g_ptr_array_add(args, g_strdup("page"));
		g_ptr_array_add(args, g_strdup(page));
		g_ptr_array_add(args, g_strdup("pages"));
		g_ptr_array_add(args, g_strdup(pages));
	}
	g_ptr_array_add(args, NULL);
	text = catalog_fill(S_word(in, b->key),
	    (const char *const *)args->pdata);
	g_ptr_array_free(args, TRUE);
	return text;
}

/* A catalog text in a cell is a label or a heading: it stays with what
 * follows it. */
static void
S_text(struct filler *f, const struct block *b, const struct lstyle *s,
    double space)
{
	const xmlNode *src;
	char *text = S_fill_text(f->in, b, NULL, NULL, &src);
	struct piece *p = S_add(f, s, text, false, src, space, 0);

	S_heading(f, p, ROLE_H3, s);
	p->from_plan = false;
	g_free(text);
}

/* The address a value links to.  Caller frees. */
static char *
S_uri(const struct block *b, const xmlNode *n)
{
	if (b->link == LINK_MAILTO)
		return g_strconcat("mailto:", tree_text(n), NULL);
	return g_strdup(tree_text(n));
}

static void
S_value(struct filler *f, const struct block *b, const struct lstyle *s,
    double space)
{
	const xmlNode *n = S_one(S_root(f->in), b->path);
	char *v = format_value(f->in->cat, b->format, n);
	const char *prefix = b->prefix != NULL ? S_word(f->in, b->prefix) :
	    NULL;
	char *text;
	guint at = 0;

	if (v == NULL) {
		if (b->missing != NULL)
			S_add(f, s, S_word(f->in, b->missing), false, NULL,
			    space, 0);
		return;
	}
	/* The value as it is; with a prefix or a link, as plain text whose
	 * link covers the value only. */
	if (prefix == NULL) {
		text = v;
		v = NULL;
	} else {
		text = g_strconcat(prefix, S_gap(prefix), v, NULL);
		at = (guint)(strlen(prefix) + strlen(S_gap(prefix)));
	}
	if (b->link != LINK_NONE) {
		char *uri = S_uri(b, n);
		struct textlink link = { at, (guint)strlen(text), uri };

		S_add_text(f, s, text, false, n, space, 0, &link);
		g_free(uri);
	} else
		S_add(f, s, text, format_is_markup(b->format) &&
		    prefix == NULL, n, space, 0);
	g_free(text);
	g_free(v);
}

/* The nearest element that holds both a and n (a NULL: n itself): where
 * a text joined from several values comes from. */
static const xmlNode *
S_common(const xmlNode *a, const xmlNode *n)
{
	if (a == NULL || n == NULL)
		return a != NULL ? a : n;
	for (; a != NULL; a = a->parent)
		for (const xmlNode *k = n; k != NULL; k = k->parent)
			if (k == a)
				return a;
	return NULL;
}

static void
S_list(struct filler *f, const struct block *b, const struct lstyle *s,
    double space)
{
	GPtrArray *set = S_resolve(S_root(f->in), b->path);
	bool any = false;
	guint first;

	for (guint i = 0; i < set->len; i++)
		any = any || S_has_value(set->pdata[i]);
	if (!any && b->none != NULL && set->len > 0) {
		S_add(f, s, S_word(f->in, b->none), false, NULL, space, 0);
		g_ptr_array_free(set, TRUE);
		return;
	}
	if (b->join_inline) {
		GString *line = g_string_new(NULL);
		const xmlNode *src = NULL;
		bool markup = format_is_markup(b->format);

		for (guint i = 0; i < set->len; i++) {
			char *v = format_value(f->in->cat, b->format,
			    set->pdata[i]);

			if (v == NULL && b->missing != NULL)
				v = g_strdup(S_word(f->in, b->missing));
			if (v == NULL)
				continue;
			if (line->len > 0)
				g_string_append(line, b->separator);
			g_string_append(line, v);
			src = S_common(src, set->pdata[i]);
			g_free(v);
		}
		if (line->len > 0)
			S_add(f, s, line->str, markup, src, space, 0);
		g_string_free(line, TRUE);
		g_ptr_array_free(set, TRUE);
		return;
	}
	first = f->cell->pieces->len;
	/* Stacked values with markers are a list; without, lines. */
	if (s->marker != NULL)
		f->list = ++f->lists;
	for (guint i = 0; i < set->len; i++) {
		const xmlNode *n = set->pdata[i];
		char *v = format_value(f->in->cat, b->format, n);
		struct piece *p = NULL;

		if (v != NULL)
			p = S_add_entry(f, s, v, format_is_markup(b->format),
			    n, space, s->marker);
		else if (b->missing != NULL)
			p = S_add_entry(f, s, S_word(f->in, b->missing),
			    false, NULL, space, s->marker);
		if (p != NULL) {
			p->entry = i + 1;
			p->entry_of = b->path;
			p->entries = set->len;
		}
		space = s->para_spacing;
		g_free(v);
	}
	S_keep_list(f, first);
	f->list = 0;
	g_ptr_array_free(set, TRUE);
}

static void
S_sections(struct filler *f, const struct block *b, const struct lstyle *s,
    double space)
{
	const struct lstyle *hs = b->heading_style ? b->heading_style : s;
	const struct lstyle *ls = b->list_style ? b->list_style : s;
	GPtrArray *set = S_resolve(S_root(f->in), b->path);

	for (guint i = 0; i < set->len; i++) {
		const xmlNode *it = set->pdata[i];
		const xmlNode *h = tree_child(it, b->heading);
		const xmlNode *body = tree_child(it, b->body);
		struct piece *p;

		if (h != NULL && tree_text(h) != NULL) {
			p = S_add(f, hs, tree_text(h), true, h,
			    MAX(space, hs->space_before), 0);
			S_heading(f, p, ROLE_H3, hs);
			space = 0;
		}
		if (body == NULL)
			continue;
		if (S_is_points(body))
			S_points(f, ls, body, space);
		else
			S_rich(f, s, ls, body, space);
		space = s->para_spacing;
	}
	g_ptr_array_free(set, TRUE);
}

/* A heading starts with a capital, whatever the catalog's words do inside
 * a sentence ("marzo de 2017" heads an activity as "Marzo de 2017").
 * Takes and returns an allocated string. */
static char *
S_capital(char *s)
{
	gunichar c = g_utf8_get_char(s);
	gunichar t = g_unichar_totitle(c);
	char buf[8];
	int n;

	if (*s == '\0' || t == c)
		return s;
	n = g_unichar_to_utf8(t, buf);
	{
		char *r = g_strdup_printf("%.*s%s", n, buf,
		    g_utf8_next_char(s));

		g_free(s);
		return r;
	}
}

static void
S_timeline(struct filler *f, const struct block *b, const struct lstyle *s,
    double space)
{
	const struct lstyle *ws = b->when_style ? b->when_style : s;
	const struct lstyle *ls = b->list_style ? b->list_style : s;
	GPtrArray *set = S_resolve(S_root(f->in), b->path);

	for (guint i = 0; i < set->len; i++) {
		const xmlNode *it = set->pdata[i];
		const xmlNode *date = tree_child(it, "date");
		const xmlNode *place = tree_child(it, "place");
		const xmlNode *head = tree_child(it, "headline");
		const xmlNode *text = tree_child(it, "text");
		const xmlNode *items = tree_child(it, "items");
		char *when = format_value(f->in->cat, FMT_MONTH, date);
		char *line;
		struct piece *p;

		if (place != NULL && tree_text(place) != NULL) {
			const char *args[] = { "when", when, "where",
			    tree_text(place), NULL };

			line = catalog_fill(S_word(f->in, "when-where"), args);
		} else
			line = g_strdup(when != NULL ? when : "");
		line = S_capital(line);
		/* Made of the date and the place: the entry is its source. */
		p = S_add(f, ws, line, false, it, MAX(space,
		    ws->space_before), 0);
		S_heading(f, p, ROLE_H3, ws);
		g_free(line);
		g_free(when);
		space = 0;
		if (head != NULL && tree_text(head) != NULL) {
			struct lstyle bold = *s;
			char *t = g_strdup(tree_text(head));

			bold.bold = true;
			p = S_add(f, &bold, t, true, head, space, 0);
			p->keep_with_next = text != NULL || items != NULL;
			g_free(t);
			space = s->para_spacing;
		}
		if (text != NULL) {
			S_rich(f, s, ls, text, space);
			space = s->para_spacing;
		}
		if (items != NULL)
			S_points(f, ls, items, space);
		space = s->para_spacing;
	}
	g_ptr_array_free(set, TRUE);
}

static struct rgba
S_hex(const char *s)
{
	unsigned v = (unsigned)strtoul(s + 1, NULL, 16);
	struct rgba c = { ((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0,
	    (v & 0xFF) / 255.0, 1.0 };

	return c;
}

static void
S_sdg_list(struct filler *f, const struct lstyle *s, GPtrArray *set,
    double space)
{
	double sq = s->size * 0.95 * f->scale;
	guint first = f->cell->pieces->len;

	f->list = ++f->lists;
	for (guint i = 0; i < set->len; i++) {
		const xmlNode *n = set->pdata[i];
		int goal = tree_text(n) ? atoi(tree_text(n)) : 0;
		char *line;
		struct piece *p;

		if (goal < 1 || goal > 17)
			continue;
		line = format_sdg(f->in->cat, goal);
		p = S_add(f, s, line, false, n, space,
		    (sq + s->size * 0.55 * f->scale) / f->scale);
		p->role = ROLE_LBODY;
		p->list = f->list;
		p->swatch = true;
		p->swatch_color = S_hex(S_sdg_colors[goal - 1]);
		p->swatch_size = sq;
		g_free(line);
		space = s->para_spacing > 0 ? s->para_spacing * 0.5 : 0;
	}
	S_keep_list(f, first);
	f->list = 0;
}

/* Add a piece's lines as text boxes of another piece's line, at dx, dy. */
static void
S_decor_text(struct piece *into, int line, int figure,
    const struct piece *text, double dx, double dy, struct rgba color)
{
	for (guint i = 0; i < text->lines->len; i++) {
		const struct pline *l = &g_array_index(text->lines,
		    struct pline, i);
		struct box b = { 0 };

		b.kind = BOX_TEXT;
		b.x = dx + l->x;
		b.y = dy + l->baseline;
		b.color = color;
		b.layout = text->layout;
		b.line = l->line;
		piece_decor(into, line, figure, &b);
	}
}

/* The style of a badge's number and of its title. */
static struct lstyle
S_badge_style(const struct lstyle *s, double size)
{
	struct lstyle b = *s;

	b.bold = true;
	b.size = size;
	b.line_height = 1.0;
	b.align = ALIGN_LEFT;
	return b;
}

static const char *
S_goal_title(const struct layout_in *in, int goal, char *key, gsize n)
{
	const char *t;

	g_snprintf(key, n, "sdg-%d", goal);
	t = catalog_key(in->cat, key);
	return t != NULL ? t : key;
}

/* The smallest size a badge's title is set in; below it, badges show
 * their number alone. */
#define BADGE_TITLE_MIN 4.0

/*
 * The size of the badges' titles: the largest, in steps, at which every
 * title fits under its number, so that all badges read alike; 0 when
 * that is below BADGE_TITLE_MIN (badges too small for their titles).
 */
static double
S_badge_title_size(struct filler *f, const struct lstyle *s, double size,
    GPtrArray *set)
{
	double pad = size * 0.07;
	struct lstyle num = S_badge_style(s, size * 0.34);
	struct piece *pn = text_piece(f->in->text, &num, "88", false,
	    size - 2 * pad, NULL, NULL);
	double room = size - piece_height(pn) - 1.5 * pad;
	double k;

	piece_free(pn);
	for (k = 0.115; k > 0.055; k -= 0.005) {
		struct lstyle title = S_badge_style(s, size * k);
		bool fits = true;

		for (guint i = 0; i < set->len && fits; i++) {
			const char *v = tree_text(set->pdata[i]);
			int goal = v != NULL ? atoi(v) : 0;
			char key[16];
			struct piece *pt;

			if (goal < 1 || goal > 17)
				continue;
			pt = text_piece(f->in->text, &title, S_goal_title(f->in,
			    goal, key, sizeof key), false, size - 2 * pad,
			    NULL, NULL);
			fits = piece_height(pt) <= room;
			piece_free(pt);
		}
		if (fits)
			break;
	}
	return size * k >= BADGE_TITLE_MIN ? size * k : 0;
}

/*
 * One badge: a square in the goal's colour, its number large and its
 * title small, both white.
 */
static void
S_badge(struct filler *f, const struct lstyle *s, struct piece *row,
    int line, double x, double size, double title_size, int goal,
    const xmlNode *src)
{
	int figure;
	struct lstyle num = S_badge_style(s, size * 0.34);
	struct lstyle title = S_badge_style(s, title_size);
	struct rgba white = { 1, 1, 1, 1 };
	double pad = size * 0.07;
	char key[16], digits[8];
	struct piece *pn, *pt;
	struct box sq = { 0 };

	sq.kind = BOX_FILL;
	sq.x = x;
	sq.w = sq.h = size;
	sq.color = S_hex(S_sdg_colors[goal - 1]);
	/* Each badge is a figure; its alt text is the goal's line. */
	g_ptr_array_add(row->alts, format_sdg(f->in->cat, goal));
	figure = (int)row->alts->len;
	piece_decor(row, line, figure, &sq);

	g_snprintf(digits, sizeof digits, "%d", goal);
	pn = text_piece(f->in->text, &num, digits, false, size - 2 * pad, src,
	    NULL);
	S_decor_text(row, line, figure, pn, x + pad, pad * 0.4 -
	    g_array_index(pn->lines, struct pline, 0).top, white);
	piece_free(pn);
	if (title_size <= 0)
		return;         /* too small to read: the number alone */
	pt = text_piece(f->in->text, &title, S_goal_title(f->in, goal, key,
	    sizeof key), false, size - 2 * pad, src, NULL);
	S_decor_text(row, line, figure, pt, x + pad,
	    size - pad - piece_height(pt), white);
	piece_free(pt);
}

/* The SDGs as badges in rows that wrap; each row is a line of one piece,
 * so a page may break between rows. */
static void
S_sdg_badges(struct filler *f, const struct block *b, const struct lstyle *s,
    GPtrArray *set, double space)
{
	double size = (b->size > 0 ? b->size : 42) * f->scale;
	double gap = size * 0.09;
	int per = MAX(1, (int)((f->width + gap) / (size + gap)));
	struct piece *row = piece_new();
	int k = 0;
	double title_size = S_badge_title_size(f, s, size, set);

	row->role = ROLE_FIGURE;
	row->alts = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < set->len; i++) {
		const xmlNode *n = set->pdata[i];
		int goal = tree_text(n) ? atoi(tree_text(n)) : 0;
		int line = k / per, col = k % per;

		if (goal < 1 || goal > 17)
			continue;
		if (col == 0) {
			struct pline pl;

			pl.top = line * (size + gap);
			pl.bottom = pl.top + size;
			pl.baseline = pl.bottom;
			pl.x = 0;
			g_array_append_val(row->lines, pl);
		}
		S_badge(f, s, row, line, col * (size + gap), size, title_size,
		    goal, n);
		k++;
	}
	if (k == 0) {
		piece_free(row);
		return;
	}
	row->min_lines = 1;
	S_push(f, row, space);
	f->pending = s->space_after;
}

static void
S_sdgs(struct filler *f, const struct block *b, const struct lstyle *s,
    double space)
{
	GPtrArray *set = S_resolve(S_root(f->in), b->path);

	if (b->badges)
		S_sdg_badges(f, b, s, set, space);
	else
		S_sdg_list(f, s, set, space);
	g_ptr_array_free(set, TRUE);
}

/* What an image shows, in words: its caption in the plan, else the
 * layout's alt text ({city} filled in), else the city's name.  Caller
 * frees. */
static char *
S_alt(const struct layout_in *in, const struct block *b, const xmlNode *img)
{
	const xmlNode *root = S_root(in);
	const char *city = tree_text(tree_child(tree_child(root, "city"),
	    "name"));
	const char *caption = img != NULL && img->parent != NULL ?
	    tree_text(tree_child(img->parent, "caption")) : NULL;
	const char *args[] = { "city", city, "caption", caption, NULL };
	const char *t = b->alt != NULL ? catalog_key(in->cat, b->alt) : NULL;

	if (caption != NULL) {
		struct markup m;
		struct markup_error e;

		/* The caption's words, without its markup. */
		if (markup_parse(caption, &m, &e)) {
			char *plain = g_strdup(m.text->str);

			markup_clear(&m);
			return plain;
		}
		g_free(e.msg);
		return g_strdup(caption);
	}
	if (t != NULL)
		return catalog_fill(t, args);
	return g_strdup(city != NULL ? city : "");
}

/* An image the plan names: as wide as the block allows, at most as high
 * as it allows, in proportion. */
static void S_float(struct filler *, struct piece *, struct box *,
    enum side, double);

static void
S_image(struct filler *f, const struct block *b, const struct lstyle *s,
    double space)
{
	const xmlNode *n = S_one(S_root(f->in), b->path);
	const char *ref = tree_text(n);
	struct image img;
	char *path, *err = NULL;
	double w, h;
	struct piece *p;
	struct pline pl = { 0 };
	struct box box = { 0 };
	struct raster_fit fit;
	double beside, room;

	if (ref == NULL)
		return;
	beside = S_beside(f, space);
	room = f->width - beside;
	fit.width = b->width > 0 ? MIN(b->width * f->scale, room) : room;
	fit.max_height = b->height > 0 ? b->height * f->scale : INFINITY;
	path = image_resolve(f->in->plan->dir, ref, f->in->allowed, &err);
	if (path != NULL && f->in->deps != NULL)
		g_ptr_array_add(f->in->deps, g_strdup(path));
	if (path == NULL || !image_load_cached(f->in->images, path, ref, &fit,
	    &img, &err)) {
		diags_add(f->in->diags, SEV_ERROR, f->in->plan->file,
		    tree_valpos(f->in->plan, n), "%s", err);
		g_free(err);
		g_free(path);
		return;
	}
	g_free(path);
	w = fit.width;
	h = w * img.height / img.width;
	if (h > fit.max_height) {
		h = fit.max_height;
		w = h * img.width / img.height;
	}
	if (h > f->tallest_h) {
		f->tallest = n;
		f->tallest_w = w;
		f->tallest_h = h;
	}
	p = piece_new();
	pl.bottom = pl.baseline = h;
	g_array_append_val(p->lines, pl);
	box.kind = BOX_IMAGE;
	box.w = w;
	box.h = h;
	box.x = (f->float_side == SIDE_LEFT ? beside : 0) +
	    (s->align == ALIGN_CENTER ? (room - w) / 2 :
	    s->align == ALIGN_RIGHT ? room - w : 0);
	box.image = img.surface;
	p->role = ROLE_FIGURE;
	p->alts = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(p->alts, S_alt(f->in, b, n));
	p->min_lines = 1;
	if (b->floating != SIDE_NONE && beside == 0 &&
	    room - w - FLOAT_GAP * f->scale >= room / 3)
		S_float(f, p, &box, b->floating, space);
	else {
		piece_decor(p, 0, 1, &box);
		S_push(f, p, space);
		f->pending = s->space_after;
	}
	image_clear(&img);
}

/*
 * Float the image piece p (its one line as high as the image box) at
 * the side of the cell: a line of no height, the box below it, and the
 * pieces that follow set beside it until they are past its foot.  The
 * first of them starts level with its top.
 */
static void
S_float(struct filler *f, struct piece *p, struct box *box, enum side side,
    double space)
{
	struct pline *pl = &g_array_index(p->lines, struct pline, 0);

	S_clear(f);
	box->x = side == SIDE_LEFT ? 0 : f->width - box->w;
	piece_decor(p, 0, 1, box);
	pl->bottom = pl->baseline = 0;
	p->keep_with_next = true;
	S_push(f, p, space);
	f->float_side = side;
	f->float_room = box->w + FLOAT_GAP * f->scale;
	f->float_height = box->h;
	f->float_used = 0;
	f->pending = 0;
}

static const enum role S_roles[] = {
	[BROLE_DEFAULT] = ROLE_P, [BROLE_H1] = ROLE_H1, [BROLE_H2] = ROLE_H2,
	[BROLE_H3] = ROLE_H3, [BROLE_P] = ROLE_P,
	[BROLE_ARTIFACT] = ROLE_ARTIFACT,
};

static void
S_block(struct filler *f, const struct block *b)
{
	const struct lstyle *s = b->style != NULL ? b->style : f->style;
	double space = MAX(s->space_before, f->style->para_spacing);
	guint first = f->cell->pieces->len;

	if (!S_when(S_root(f->in), b->when))
		return;
	switch (b->kind) {
	case BLOCK_TEXT:
		S_text(f, b, s, space);
		break;
	case BLOCK_VALUE:
		S_value(f, b, s, space);
		break;
	case BLOCK_LIST:
		S_list(f, b, s, space);
		break;
	case BLOCK_RICH: {
		const xmlNode *n = S_one(S_root(f->in), b->path);

		if (n != NULL)
			S_rich(f, s, b->list_style ? b->list_style : s, n,
			    space);
		break;
	}
	case BLOCK_SECTIONS:
		S_sections(f, b, s, space);
		break;
	case BLOCK_TIMELINE:
		S_timeline(f, b, s, space);
		break;
	case BLOCK_SDGS:
		S_clear(f);     /* badge rows are as wide as the cell */
		S_sdgs(f, b, s, space);
		break;
	case BLOCK_IMAGE:
		S_image(f, b, s, space);
		break;
	}
	f->pending = MAX(f->pending, s->space_after);
	/* The plan field that takes the most lines, for a frame's message
	 * when its text does not fit. */
	if (b->path != NULL && b->kind != BLOCK_IMAGE &&
	    b->kind != BLOCK_SDGS) {
		guint lines = 0;

		for (guint i = first; i < f->cell->pieces->len; i++)
			lines += ((struct piece *)f->cell->pieces->pdata[i])
			    ->lines->len;
		if (lines > f->longest_lines) {
			f->longest = S_one(S_root(f->in), b->path);
			f->longest_lines = lines;
		}
	}
	for (guint i = first; i < f->cell->pieces->len; i++)
		((struct piece *)f->cell->pieces->pdata[i])->loc = &b->loc;
	/* The layout may say what the block is. */
	if (b->role != BROLE_DEFAULT)
		for (guint i = first; i < f->cell->pieces->len; i++) {
			struct piece *p = f->cell->pieces->pdata[i];

			if (p->role != ROLE_FIGURE)
				p->role = S_roles[b->role];
		}
}

static void
S_blocks(struct filler *f, GPtrArray *blocks)
{
	for (guint i = 0; blocks != NULL && i < blocks->len; i++)
		S_block(f, blocks->pdata[i]);
	S_clear(f);
}

/* A cell at x, width w, filled with the blocks of a layout cell. */
static struct fcell *
S_cell(const struct layout_in *in, double x, double w,
    const struct lstyle *style, GPtrArray *blocks)
{
	struct filler f = S_filler(in, x, w, style);

	S_blocks(&f, blocks);
	return f.cell;
}

/* ---- Entries side by side ---- */

/* Whether two pieces are entries of lists over the same set: paths that
 * start with the same list ("partners" and "partners/country") and sets
 * of the same size, one slot per entry of that list. */
static bool
S_same_set(const struct piece *a, const struct piece *b)
{
	size_t n = strcspn(a->entry_of, "/|");

	return a->entries == b->entries && strchr(a->entry_of, '|') == NULL &&
	    strchr(b->entry_of, '|') == NULL &&
	    strcspn(b->entry_of, "/|") == n &&
	    strncmp(a->entry_of, b->entry_of, n) == 0;
}

/* A cell's walk down its pieces, for S_align_entries. */
struct column {
	struct fcell *cell;
	guint k;                /* the next piece */
	double bottom;          /* the bottom of the pieces before it */
	bool first;             /* no piece with lines before it */
	struct piece *at;       /* the entry in hand, or NULL */
	double top;             /* and its top */
};

/* The piece of entry e in a column, its top in *top; NULL if the column
 * has none.  Moves the walk on to it. */
static struct piece *
S_column_entry(struct column *c, guint e, double *top)
{
	for (; c->k < c->cell->pieces->len; c->k++) {
		struct piece *p = c->cell->pieces->pdata[c->k];
		double t;

		if (p->lines->len == 0)
			continue;
		t = c->first ? c->bottom : c->bottom + p->space_before;
		if (p->entry == e) {
			*top = t;
			return p;
		}
		if (p->entry > e)
			return NULL;
		c->bottom = t + piece_height(p) -
		    g_array_index(p->lines, struct pline, 0).top;
		c->first = false;
	}
	return NULL;
}

/*
 * Lists over one set stacked in the cells of a row (the partners' names
 * in one, their countries in the next) keep each entry level with its
 * fellows: an entry starts as low as the lowest of them, so a name that
 * takes two lines keeps its country beside its first line and the next
 * country beside the next name.  A cell takes part if all its entries
 * are of the first such list's set.
 */
static void
S_align_entries(struct frow *r)
{
	struct column *cols = g_new0(struct column, r->cells->len);
	const struct piece *model = NULL;
	guint n = 0, last = 0;

	for (guint i = 0; i < r->cells->len; i++) {
		struct fcell *c = r->cells->pdata[i];
		bool ok = true, any = false;

		for (guint k = 0; k < c->pieces->len && ok; k++) {
			const struct piece *p = c->pieces->pdata[k];

			if (p->entry == 0)
				continue;
			if (model == NULL)
				model = p;
			ok = S_same_set(model, p);
			any = true;
		}
		if (ok && any) {
			cols[n].cell = c;
			cols[n].bottom = c->style->padding[0];
			cols[n].first = true;
			n++;
		}
	}
	if (model != NULL)
		last = model->entries;
	for (guint e = 1; n > 1 && e <= last; e++) {
		double low = 0;
		guint found = 0;
		bool movable = true;

		for (guint i = 0; i < n; i++) {
			cols[i].at = S_column_entry(&cols[i], e, &cols[i].top);
			if (cols[i].at == NULL)
				continue;
			found++;
			low = MAX(low, cols[i].top);
		}
		/* A cell's first piece has no space before it to grow. */
		for (guint i = 0; i < n; i++)
			if (cols[i].at != NULL && cols[i].first &&
			    cols[i].top < low)
				movable = false;
		for (guint i = 0; found > 1 && movable && i < n; i++)
			if (cols[i].at != NULL)
				cols[i].at->space_before += low - cols[i].top;
	}
	/* An entry that a page break cut in one cell would leave its
	 * fellows a line off on the next page. */
	for (guint i = 0; n > 1 && i < n; i++) {
		struct fcell *c = cols[i].cell;

		c->aligned = true;
		for (guint k = 0; k < c->pieces->len; k++) {
			struct piece *p = c->pieces->pdata[k];

			if (p->entry > 0)
				p->min_lines = HEADING_WHOLE;
		}
	}
	g_free(cols);
}

/* A cell holding one catalog text (a row's label). */
static struct fcell *
S_label(const struct layout_in *in, double x, double w,
    const struct lstyle *style, const char *key,
    const struct lstyle *cont_style)
{
	struct filler f = S_filler(in, x, w, style);
	struct piece *p;

	f.cell->kind = CELL_TH;
	p = S_add(&f, style, S_word(in, key), false, NULL, 0, 0);
	p->role = cont_style != NULL ? ROLE_ARTIFACT : ROLE_TH;
	if (cont_style != NULL) {
		/* The repeated label is a reminder, not content. */
		p = S_add(&f, cont_style, S_word(in, "continued"), false, NULL,
		    0, 0);
		p->role = ROLE_ARTIFACT;
	}
	return f.cell;
}

/* ---- Rows ---- */

/* The widths of a table's columns in a region of the given width. */
static double *
S_columns(const struct ltable *t, double width)
{
	double *w = g_new0(double, t->ncolumns);
	double fixed = 0;
	int stars = 0;

	for (int i = 0; i < t->ncolumns; i++) {
		if (strcmp(t->columns[i], "*") == 0)
			stars++;
		else
			fixed += w[i] = layoutfile_length(t->columns[i]);
	}
	for (int i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i], "*") == 0)
			w[i] = MAX(0, (width - fixed) / stars);
	return w;
}

/* Where the page's size came from when --page gave it (" on the W × H
 * mm page of --page SIZE ..."), else "". */
static char *
S_paper_said(const struct layoutfile *lf)
{
	if (lf->paper == NULL)
		return g_strdup("");
	return g_strdup_printf(" on the %.0f × %.0f mm page of --page %s (the "
	    "layout stays %s)", lf->page_w * 25.4 / 72, lf->page_h * 25.4 / 72,
	    lf->paper, lf->landscape ? "landscape" : "portrait");
}

static bool
S_table(const struct layout_in *in, const struct ltable *t, bool span,
    double width, int table_id, GPtrArray *rows)
{
	double *cols = S_columns(t, width);
	double sum = 0;

	for (int i = 0; i < t->ncolumns; i++)
		sum += cols[i];
	for (int i = 0; i < t->ncolumns; i++)
		if (cols[i] < 36 || sum > width + 0.5) {
			char *all = g_strjoinv(" ", t->columns);
			char *paper = S_paper_said(in->lf);

			diags_add(in->diags, SEV_ERROR, t->loc.file, t->loc.pos,
			    "the table's columns \"%s\" do not fit the %.0f pt "
			    "it has%s; each needs at least 36 pt", all, width,
			    paper);
			g_free(all);
			g_free(paper);
			g_free(cols);
			return false;
		}
	for (guint i = 0; i < t->rows->len; i++) {
		const struct lrow *lr = t->rows->pdata[i];
		struct frow *r;
		double x = cols[0];
		bool any = false;

		if (!S_when(S_root(in), lr->when))
			continue;
		r = frow_new();
		r->table = true;
		r->table_id = table_id;
		r->outline = g_strdup(S_word(in, lr->label));
		r->span = span;
		r->keep_together = lr->keep_together;
		if (t->rule_style != NULL) {
			r->rule = t->rule_style->border;
			r->rule_color = t->rule_style->border_color;
		}
		r->label = S_label(in, 0, cols[0], t->label_style, lr->label,
		    NULL);
		r->label_cont = S_label(in, 0, cols[0], t->label_style,
		    lr->label, t->continued_style ? t->continued_style :
		    t->label_style);
		for (guint c = 0; c < lr->cells->len; c++) {
			const struct lcell *lc = lr->cells->pdata[c];
			double w = cols[c + 1];
			struct fcell *fc;

			/* The last cell takes the columns left over. */
			if (c + 1 == lr->cells->len)
				for (int k = (int)c + 2; k < t->ncolumns; k++)
					w += cols[k];
			fc = S_cell(in, x, w, lc->style, lc->blocks);
			fc->kind = CELL_TD;
			any = any || fc->pieces->len > 0;
			g_ptr_array_add(r->cells, fc);
			x += w;
		}
		S_align_entries(r);
		if (any || lr->when != NULL)
			g_ptr_array_add(rows, r);
		else
			frow_free(r);
	}
	if (rows->len > 0 && t->space_after > 0)
		((struct frow *)rows->pdata[rows->len - 1])->space_after =
		    t->space_after;
	g_free(cols);
	return true;
}

/* A row of one cell: a block or a titled section of the flow. */
static void
S_single(const struct layout_in *in, const struct litem *it, double width,
    GPtrArray *rows)
{
	const struct layoutfile *lf = in->lf;
	struct frow *r;
	struct filler f;

	if (it->section != NULL) {
		const struct lsection *sec = it->section;

		if (!S_when(S_root(in), sec->when))
			return;
		f = S_filler(in, 0, width, sec->style);
		if (sec->title != NULL) {
			struct piece *p = S_add(&f, sec->title_style,
			    S_word(in, sec->title), false, NULL, 0, 0);

			S_heading(&f, p, ROLE_H2, sec->title_style);
		}
		S_blocks(&f, sec->blocks);
	} else {
		const struct lstyle *s = it->block->style ?
		    it->block->style : lf->body_style;
		GPtrArray one = { (gpointer *)&it->block, 1 };

		f = S_filler(in, 0, width, s);
		S_blocks(&f, &one);
		/* A text of the body is the title, unless said otherwise. */
		if (it->block->kind == BLOCK_TEXT &&
		    it->block->role == BROLE_DEFAULT)
			for (guint i = 0; i < f.cell->pieces->len; i++)
				((struct piece *)f.cell->pieces->pdata[i])->role
				    = ROLE_H1;
	}
	if (f.cell->pieces->len == 0) {
		fcell_free(f.cell);
		return;
	}
	r = frow_new();
	r->span = it->span;
	if (it->section != NULL && it->section->title != NULL)
		r->outline = g_strdup(S_word(in, it->section->title));
	/* A lone title or value moves whole; longer texts may split. */
	r->keep_together = it->block != NULL &&
	    (it->block->kind == BLOCK_TEXT || it->block->kind == BLOCK_VALUE);
	r->space_after = MAX(f.pending, f.style->space_after);
	g_ptr_array_add(r->cells, f.cell);
	g_ptr_array_add(rows, r);
}

/* The frame's content set at scale k: a filler holding a new cell. */
static struct filler
S_frame_fill(const struct layout_in *in, const struct lframe *lf, double k)
{
	struct filler f = S_filler(in, 0, lf->width, lf->style);

	f.scale = k;
	S_blocks(&f, lf->blocks);
	return f;
}

static bool
S_frame_fits(const struct lframe *lf, const struct filler *f)
{
	return fcell_height(f->cell) <= lf->height + 0.01;
}

/* Scale number i of a shrinking frame: 2% smaller a step. */
static double
S_frame_scale(int i)
{
	double k = 1.0;

	while (i-- > 0)
		k *= 0.98;
	return k;
}

/* The message for a frame whose content does not fit, as set in f. */
static void
S_frame_overflow(const struct layout_in *in, const struct lframe *lf,
    const struct filler *f)
{
	double need = fcell_height(f->cell) / lf->height;
	const char *file = in->plan->file;
	struct srcpos at = { 0, 0 };

	/* An image without which the rest would fit: the image's fault. */
	if (f->tallest != NULL && fcell_height(f->cell) - f->tallest_h <=
	    lf->height + 0.01) {
		diags_add(in->diags, SEV_ERROR, in->plan->file,
		    tree_valpos(in->plan, f->tallest), "this image is drawn "
		    "%.0f pt wide and %.0f pt high in the layout '%s', and "
		    "with it its frame (line %d of the layout, %.0f pt high) "
		    "needs %.0f%% of its room%s; use an image less tall for "
		    "its width", f->tallest_w, f->tallest_h, in->lf->name,
		    lf->loc.pos.line, lf->height,
		    need * 100, lf->shrink ? ", even at the smallest size "
		    "allowed" : "");
		return;
	}
	/* A translated text is shortened in its translation. */
	if (f->longest != NULL &&
	    !tree_origin(in->plan, f->longest, &file, &at))
		at = tree_keypos(in->plan, f->longest);
	if (f->longest != NULL)
		diags_add(in->diags, SEV_ERROR, file, at, "%s: the text does "
		    "not fit its box in the layout '%s'%s (it needs %.0f%% "
		    "of the room); shorten it, or give its frame (line %d of "
		    "the layout) more room", (const char *)f->longest->name,
		    in->lf->name, lf->shrink ? ", even at the smallest size "
		    "allowed" : "", need * 100, lf->loc.pos.line);
	else
		diags_add(in->diags, SEV_ERROR, lf->loc.file, lf->loc.pos,
		    "the content of this frame does not fit it (it needs "
		    "%.0f%% of the room); make the frame bigger or what it "
		    "holds smaller", need * 100);
}

/*
 * The step to try next between lo (too big) and hi (the smallest
 * allowed; tried or not): the scale at which the text would just fit if
 * its height went with the square of the scale (its lines as tall, and
 * as many, as it is big), from the height h set at scale k.  A guess
 * that left more than half the steps to search is followed by a plain
 * halving.  Always above lo, and below hi when hi is known to fit.
 */
static int
S_frame_guess(const struct lframe *lf, double k, double h, int lo, int hi,
    bool hi_fits, bool halve)
{
	int top = hi_fits ? hi - 1 : hi, i;

	if (halve || h <= 0)
		i = lo + (hi - lo + 1) / 2;
	else
		i = (int)ceil(log(k * sqrt(lf->height / h)) / log(0.98) -
		    1e-9);
	return CLAMP(i, lo + 1, top);
}

/*
 * A frame's cell; with fit="shrink", the largest scale (in steps of 2%)
 * at which everything fits, down to the smallest font size allowed.
 * Each setting of the text tells how far it is from fitting, and the
 * next step tried follows from that (S_frame_guess): fewer settings than
 * halving alone, and the smallest size is set only when it is needed.
 * Ends with a step that fits and the step above it, which does not.
 */
static struct fframe *
S_frame(const struct layout_in *in, const struct lframe *lf)
{
	struct fframe *fr = g_new0(struct fframe, 1);
	double floor = lf->min_size / MAX(lf->style->size, 1);
	struct filler f = S_frame_fill(in, lf, 1.0), best = { 0 };
	double k = 1.0, h = fcell_height(f.cell);
	int lo = 0, hi = 0;
	bool hi_fits = false, halve = false;

	fr->x = lf->x;
	fr->y = lf->y;
	fr->width = lf->width;
	fr->height = lf->height;
	fr->valign = lf->valign;
	if (S_frame_fits(lf, &f) || !lf->shrink) {
		if (!S_frame_fits(lf, &f))
			S_frame_overflow(in, lf, &f);
		fr->cell = f.cell;
		return fr;
	}
	while (S_frame_scale(hi + 1) >= floor - 1e-9)
		hi++;
	/* Scale lo does not fit (f is set at it); hi fits if hi_fits (and
	 * best is set at it). */
	while (hi > lo && !(hi_fits && hi - lo == 1)) {
		int i = S_frame_guess(lf, k, h, lo, hi, hi_fits, halve);
		int before = hi - lo;
		struct filler g = S_frame_fill(in, lf, S_frame_scale(i));

		k = S_frame_scale(i);
		h = fcell_height(g.cell);
		if (S_frame_fits(lf, &g)) {
			if (hi_fits)
				fcell_free(best.cell);
			best = g;
			hi = i;
			hi_fits = true;
		} else {
			fcell_free(f.cell);
			f = g;
			lo = i;
		}
		halve = 2 * (hi - lo) > before;
	}
	if (!hi_fits) {
		/* Not even at the smallest size: f is set at it. */
		S_frame_overflow(in, lf, &f);
		fr->cell = f.cell;
		return fr;
	}
	fcell_free(f.cell);
	fr->cell = best.cell;
	return fr;
}

/* The width of the flow's regions: all columns, or one. */
static double
S_region(const struct layoutfile *lf, bool span)
{
	double w = lf->page_w - lf->margin[1] - lf->margin[3];

	if (span || lf->columns <= 1)
		return w;
	return (w - (lf->columns - 1) * lf->column_gap) / lf->columns;
}

struct flow *
layout_body(const struct layout_in *in)
{
	struct flow *flow = flow_new();
	const struct layoutfile *lf = in->lf;
	int tables = 0;

	if (lf->columns > 1 && S_region(lf, false) < 36) {
		diags_add(in->diags, SEV_ERROR, lf->body_loc.file,
		    lf->body_loc.pos, "the body's %d columns, %.0f pt apart, "
		    "leave %.0f pt for each on a page %.0f pt wide; a column "
		    "needs at least 36 pt", lf->columns, lf->column_gap,
		    S_region(lf, false), lf->page_w);
		return flow;
	}
	for (guint i = 0; i < lf->items->len; i++) {
		const struct litem *it = lf->items->pdata[i];
		double width = S_region(lf, it->span);

		if (it->frame != NULL) {
			if (S_when(S_root(in), it->frame->when))
				g_ptr_array_add(flow->frames,
				    S_frame(in, it->frame));
		} else if (it->table != NULL)
			S_table(in, it->table, it->span, width, ++tables,
			    flow->rows);
		else
			S_single(in, it, width, flow->rows);
	}
	return flow;
}

/* A band's cell: its blocks run together on one line. */
static struct fcell *
S_band_cell(const struct layout_in *in, const struct lcell *c, double x,
    double w, const char *page, const char *pages)
{
	struct lstyle s = *c->style;
	struct filler f = S_filler(in, x, w, c->style);
	GString *acc = g_string_new(NULL);
	guint link_start = 0, link_end = 0;
	char *uri = NULL;

	s.align = c->align;
	f.style = &s;
	for (guint k = 0; k < c->blocks->len; k++) {
		const struct block *b = c->blocks->pdata[k];
		const xmlNode *n = NULL;
		char *t = NULL;
		bool is_value = false;

		if (!S_when(S_root(in), b->when))
			continue;
		if (b->kind == BLOCK_TEXT)
			t = S_fill_text(in, b, page, pages, &n);
		else if (b->kind == BLOCK_VALUE) {
			n = S_one(S_root(in), b->path);
			t = format_value(in->cat, b->format, n);
			is_value = t != NULL;
			if (t == NULL && b->missing != NULL)
				t = g_strdup(S_word(in, b->missing));
		}
		if (t == NULL)
			continue;
		if (acc->len > 0)
			g_string_append(acc, S_gap(acc->str));
		if (is_value && b->prefix != NULL)
			g_string_append_printf(acc, "%s%s", S_word(in, b->prefix),
			    S_gap(S_word(in, b->prefix)));
		if (is_value && b->link != LINK_NONE && uri == NULL) {
			link_start = (guint)acc->len;
			link_end = link_start + (guint)strlen(t);
			uri = S_uri(b, n);
		}
		g_string_append(acc, t);
		g_free(t);
	}
	{
		struct textlink link = { link_start, link_end, uri };

		S_add_text(&f, &s, acc->str, false, NULL, 0, 0,
		    uri != NULL ? &link : NULL);
	}
	g_free(uri);
	g_string_free(acc, TRUE);
	return f.cell;
}

struct frow *
layout_band(const struct layout_in *in, const struct lband *band, int n,
    int m)
{
	const struct layoutfile *lf = in->lf;
	double x = 0;
	double width = lf->page_w - lf->margin[1] - lf->margin[3];
	double fixed = 0;
	int autos = 0;
	char page[16], pages[16];
	struct frow *r;

	if (!layout_band_on(band, n))
		return NULL;
	g_snprintf(page, sizeof page, "%d", n);
	g_snprintf(pages, sizeof pages, "%d", m);
	for (guint i = 0; i < band->cells->len; i++) {
		const struct lcell *c = band->cells->pdata[i];

		if (c->width > 0)
			fixed += c->width;
		else
			autos++;
	}
	r = frow_new();
	r->rule = band->rule;
	r->rule_color = band->rule_color;
	for (guint i = 0; i < band->cells->len; i++) {
		const struct lcell *c = band->cells->pdata[i];
		double w = c->width > 0 ? c->width :
		    (width - fixed) / MAX(autos, 1);

		g_ptr_array_add(r->cells, S_band_cell(in, c, x, w, page,
		    pages));
		x += w;
	}
	return r;
}

bool
layout_band_on(const struct lband *band, int n)
{
	switch (band->pages) {
	case PAGES_ALL:
		return true;
	case PAGES_FIRST:
		return n == 1;
	case PAGES_REST:
		return n > 1;
	case PAGES_NONE:
		break;
	}
	return false;
}

struct document *
layout_plan(const struct layoutfile *lf, const struct catalog *cat,
    const struct tree *plan, const struct fonts *fonts,
    struct textcache *cache, struct imagecache *images,
    char *const *allowed, GPtrArray *deps, struct diags *diags)
{
	struct textctx text;
	const xmlNode *root = xmlDocGetRootElement(plan->xml);
	/* The language of the sheet's words when one was chosen, else the
	 * plan's: Pango breaks lines and picks glyphs for it. */
	const char *lang = catalog_language(cat) != NULL ?
	    catalog_language(cat) : tree_text(tree_child(root, "language"));
	struct layout_in in = { lf, cat, plan, &text, diags, allowed, deps,
	    images };
	struct document *doc = NULL;
	struct flow *flow;
	int errors = diags->errors;

	textctx_init(&text, fonts, lang, diags, plan, cache);
	flow = layout_body(&in);
	if (diags->errors == errors)
		doc = paginate(&in, flow, diags);
	flow_free(flow);
	textctx_flush(&text);
	textctx_clear(&text);
	return doc;
}
