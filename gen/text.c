/*
 * text.c: one paragraph set with Pango, measured line by line.
 *
 * Turns a text and a style into a struct piece: the Pango layout with its
 * attributes (bold, italic, underline, links), the position of each line,
 * the link areas, and a warning for every character no bundled font has.
 * Owns the Pango context shared by every piece of a document.
 */
#include "text.h"

#include <hb.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <string.h>

#include "append.h"
#include "fill.h"
#include "markup.h"

/* The colour of links in running text. */
static const struct rgba S_link_color = { 0.075, 0.36, 0.66, 1.0 };

/* A cache of texts holds this many at most, so that a long batch does
 * not grow it without end. */
#define CACHE_MAX 4096

/* Items of a text end after about ITEM_SOFT bytes where a word or an
 * ideograph ends, or after ITEM_HARD bytes wherever they can (see
 * S_cut_items). */
#define ITEM_SOFT 256
#define ITEM_HARD 4096

/* A document lists this many characters no font has, each where it
 * first is, and counts the others in one warning (S_check_glyphs). */
#define GLYPHS_LISTED 10

/* A paragraph with more links than this keeps no hyphens between them
 * (see S_no_hyphens). */
#define LINKS_APART 64

/* A font description in a language: what a line height is for. */
struct fontlang {
	PangoFontDescription *fd;       /* owned */
	PangoLanguage *lang;            /* Pango's, one per language */
};

static guint
S_fontlang_hash(gconstpointer p)
{
	const struct fontlang *k = p;

	return pango_font_description_hash(k->fd) ^ g_direct_hash(k->lang);
}

static gboolean
S_fontlang_equal(gconstpointer a, gconstpointer b)
{
	const struct fontlang *x = a, *y = b;

	return x->lang == y->lang &&
	    pango_font_description_equal(x->fd, y->fd);
}

static void
S_fontlang_free(gpointer p)
{
	struct fontlang *k = p;

	pango_font_description_free(k->fd);
	g_free(k);
}

struct textcache *
textcache_new(void)
{
	struct textcache *c = g_new0(struct textcache, 1);

	c->shared = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_object_unref);
	c->heights = g_hash_table_new_full(S_fontlang_hash, S_fontlang_equal,
	    S_fontlang_free, NULL);
	c->fill = fillcache_new();
	return c;
}

void
textcache_free(struct textcache *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->shared);
	g_hash_table_destroy(c->heights);
	fillcache_free(c->fill);
	g_free(c);
}

void
textctx_init(struct textctx *t, const struct fonts *fonts, const char *lang,
    struct diags *diags, const struct tree *plan, struct textcache *cache)
{
	cairo_font_options_t *o = cairo_font_options_create();

	memset(t, 0, sizeof *t);
	t->pango = pango_font_map_create_context(fonts->map);
	/* Points are device units: "9pt" is 9 units, not 12 (96 dpi). */
	pango_cairo_context_set_resolution(t->pango, 72);
	/* Metrics independent of the output's resolution: the same
	 * lines in PDF, SVG and PNG at any dpi. */
	cairo_font_options_set_hint_style(o, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(o, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(t->pango, o);
	cairo_font_options_destroy(o);
	pango_context_set_round_glyph_positions(t->pango, FALSE);
	pango_context_set_language(t->pango,
	    pango_language_from_string(lang != NULL ? lang : "en"));
	t->fonts = fonts;
	t->diags = diags;
	t->plan = plan;
	t->warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	t->lang = g_strdup(lang != NULL ? lang : "en");
	t->own_cache = cache == NULL;
	t->cache = cache != NULL ? cache : textcache_new();
	if (g_hash_table_size(t->cache->shared) > CACHE_MAX)
		g_hash_table_remove_all(t->cache->shared);
}

void
textctx_clear(struct textctx *t)
{
	if (t->pango != NULL)
		g_object_unref(t->pango);
	if (t->warned != NULL)
		g_hash_table_destroy(t->warned);
	g_free(t->unlisted_file);
	if (t->own_cache)
		textcache_free(t->cache);
	g_free(t->lang);
	memset(t, 0, sizeof *t);
}

static PangoFontDescription *
S_font(const struct lstyle *s)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, s->font);
	pango_font_description_set_size(fd, (gint)(s->size * PANGO_SCALE));
	pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD :
	    PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, s->italic ? PANGO_STYLE_ITALIC :
	    PANGO_STYLE_NORMAL);
	return fd;
}

/* A font's line height, as Pango's metrics give it: ascender, descender
 * and line gap of its face. */
static int
S_face_height(PangoFont *font)
{
	hb_font_extents_t e;

	hb_font_get_extents_for_direction(pango_font_get_hb_font(font),
	    HB_DIRECTION_LTR, &e);
	return e.ascender - e.descender + e.line_gap;
}

static gboolean
S_first_font(PangoFontset *set, PangoFont *font, gpointer data)
{
	(void)set;
	*(PangoFont **)data = g_object_ref(font);
	return TRUE;
}

/*
 * The line height of a font description in the context's language, as
 * pango_context_get_metrics() has it: the tallest of the first font and
 * the fonts the language's sample text takes.  Pango also shapes that
 * text twice to measure character widths, which a line height does not
 * need; this only itemizes it.
 */
static int
S_line_height(struct textctx *t, const PangoFontDescription *fd)
{
	PangoLanguage *lang = pango_context_get_language(t->pango);
	PangoFontset *set = pango_context_load_fontset(t->pango, fd, lang);
	const char *sample = pango_language_get_sample_string(lang);
	PangoAttrList *attrs = pango_attr_list_new();
	PangoFont *first = NULL;
	GList *items;
	int h = 0;

	if (set != NULL) {
		pango_fontset_foreach(set, S_first_font, &first);
		g_object_unref(set);
	}
	if (first != NULL) {
		h = S_face_height(first);
		g_object_unref(first);
	}
	pango_attr_list_insert(attrs, pango_attr_font_desc_new(fd));
	items = pango_itemize(t->pango, sample, 0, (int)strlen(sample), attrs,
	    NULL);
	for (GList *i = items; i != NULL; i = i->next) {
		PangoItem *item = i->data;

		if (item->analysis.font != NULL)
			h = MAX(h, S_face_height(item->analysis.font));
		pango_item_free(item);
	}
	g_list_free(items);
	pango_attr_list_unref(attrs);
	return h;
}

/*
 * Every line of a paragraph the same height: the first font's line
 * height times the style's factor, whatever other fonts a line needs (a
 * Chinese name would otherwise open its line wider).
 */
static PangoAttrList *
S_base_attrs(struct textctx *t, const PangoFontDescription *fd,
    const struct lstyle *s)
{
	PangoAttrList *attrs = pango_attr_list_new();
	struct fontlang key = { (PangoFontDescription *)fd,
	    pango_context_get_language(t->pango) };
	gpointer cached = g_hash_table_lookup(t->cache->heights, &key);
	int h;

	/* Once a font and language. */
	if (cached != NULL)
		h = GPOINTER_TO_INT(cached);
	else {
		struct fontlang *k = g_new(struct fontlang, 1);

		h = S_line_height(t, fd);
		k->fd = pango_font_description_copy(fd);
		k->lang = key.lang;
		g_hash_table_insert(t->cache->heights, k, GINT_TO_POINTER(h));
	}
	pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute(
	    (int)(h * s->line_height)));
	return attrs;
}

/* Where a text may end an item after a few hundred bytes: after a space,
 * or between two ideographs; shaping reaches across neither (no
 * ligature, no kerning), so the glyphs are those of the text whole. */
static bool
S_soft_cut(gunichar prev, gunichar next)
{
	return prev == ' ' || (g_unichar_break_type(prev) ==
	    G_UNICODE_BREAK_IDEOGRAPHIC && g_unichar_break_type(next) ==
	    G_UNICODE_BREAK_IDEOGRAPHIC);
}

/* Where a text with no soft cut for thousands of bytes ends an item:
 * anywhere but inside a character sequence that shapes as one. */
static bool
S_hard_cut(gunichar prev, gunichar next)
{
	return !g_unichar_ismark(next) && next != 0x200D && prev != 0x200D &&
	    !(prev == '\r' && next == '\n');
}

/*
 * Cut a text into items of a few hundred bytes.  Pango 1.50 shapes an
 * item whole and, at each line break inside it, shapes the rest of it
 * again, so a paragraph costs the square of its length; and an item
 * wider than 2^31 Pango units (some 450,000 characters on one line)
 * overflows and is set as a single line off the page.  An item ends
 * where the attributes change: a no-op attribute (font fallback on, as
 * it is already) over each piece cuts them.  Adds to attrs.
 */
static void
S_cut_items(PangoAttrList *attrs, const char *text, int len)
{
	const char *end = text + len, *start = text, *c = text;
	gunichar prev = 0;

	while (c < end) {
		gunichar u = g_utf8_get_char(c);
		ptrdiff_t n = c - start;

		if ((n >= ITEM_SOFT && S_soft_cut(prev, u)) ||
		    (n >= ITEM_HARD && S_hard_cut(prev, u))) {
			PangoAttribute *a = pango_attr_fallback_new(TRUE);

			a->start_index = (guint)(start - text);
			a->end_index = (guint)(c - text);
			pango_attr_list_insert(attrs, a);
			start = c;
		}
		prev = u;
		c = g_utf8_next_char(c);
	}
}

/* A layout of the text in the style at the width: its font, line
 * height, alignment and items.  Returns a new layout. */
static PangoLayout *
S_layout(struct textctx *t, const struct lstyle *s, double width,
    const char *text, int len)
{
	PangoLayout *l = pango_layout_new(t->pango);
	PangoFontDescription *fd = S_font(s);
	PangoAttrList *attrs = S_base_attrs(t, fd, s);

	if (len > ITEM_SOFT)
		S_cut_items(attrs, text, len);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, text, len);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	pango_font_description_free(fd);
	pango_layout_set_width(l, width < 0 ? -1 : (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	/* Pango's negative indent: the first line at the left, the others
	 * further in. */
	if (s->hanging > 0)
		pango_layout_set_indent(l, -(int)(s->hanging * PANGO_SCALE));
	switch (s->align) {
	case ALIGN_CENTER:
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
		break;
	case ALIGN_RIGHT:
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		break;
	case ALIGN_JUSTIFY:
		pango_layout_set_justify(l, TRUE);
		break;
	case ALIGN_LEFT:
		break;
	}
	return l;
}

static PangoAttribute *
S_attr(const struct run *r)
{
	switch (r->kind) {
	case RUN_BOLD:
		return pango_attr_weight_new(PANGO_WEIGHT_BOLD);
	case RUN_ITALIC:
		return pango_attr_style_new(PANGO_STYLE_ITALIC);
	case RUN_UNDERLINE:
		return pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
	case RUN_LINK:
		/* the colour; a hyphen is kept out of addresses below */
		return pango_attr_foreground_new(
		    (guint16)(S_link_color.r * 65535),
		    (guint16)(S_link_color.g * 65535),
		    (guint16)(S_link_color.b * 65535));
	}
	return NULL;
}

/*
 * Where a character of a text made from src is: in the plan's text that
 * has it, src's own or (for a text made of the plan's, such as the page
 * header's "Summary — city") any; in the translation's PO file when that
 * text was translated.  Returns the file, NULL when it cannot be told.
 */
static const char *
S_glyph_place(const struct tree *plan, const xmlNode *src, const char *ch,
    struct srcpos *pos)
{
	const xmlNode *root = plan->xml != NULL ?
	    xmlDocGetRootElement(plan->xml) : NULL;
	const xmlNode *in = src != NULL ? tree_holding(src, ch) : NULL;
	const char *file = plan->file;

	if (in == NULL && src != NULL)
		*pos = tree_valpos(plan, src);
	if (in == NULL && pos->line == 0 && root != NULL)
		in = tree_holding(root, ch);
	if (in != NULL && tree_origin(plan, in, &file, pos))
		return file;
	if (in != NULL)
		*pos = tree_findpos(plan, in, ch);
	return pos->line > 0 ? plan->file : NULL;
}

/* Warn once per character and place about what no font can show: where
 * the character first is in the plan's text, if it is there. */
static void
S_check_glyphs(struct textctx *t, const char *text, const xmlNode *src)
{
	for (const char *c = text; *c != '\0'; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);
		char ch[8] = { 0 };
		struct srcpos pos = { 0, 0 };
		const char *file = NULL;
		char *key;

		if (fonts_covers(t->fonts, u))
			continue;
		g_unichar_to_utf8(u, ch);
		if (t->plan != NULL)
			file = S_glyph_place(t->plan, src, ch, &pos);
		key = g_strdup_printf("%s:%d:%d:%x", file != NULL ? file : "",
		    pos.line, pos.col, u);
		if (g_hash_table_contains(t->warned, key)) {
			g_free(key);
			continue;
		}
		g_hash_table_add(t->warned, key);
		if (g_hash_table_size(t->warned) > GLYPHS_LISTED) {
			if (t->unlisted++ == 0) {
				t->unlisted_file = g_strdup(file);
				t->unlisted_pos = pos;
				t->unlisted_char = u;
			}
			continue;
		}
		diags_add(t->diags, SEV_WARNING, file, pos, "the character "
		    "'%s' (U+%04X) is in none of the bundled fonts and would "
		    "print as a box with its code", ch, (unsigned)u);
	}
}

void
textctx_flush(struct textctx *t)
{
	char ch[8] = { 0 };

	if (t->unlisted == 0)
		return;
	g_unichar_to_utf8(t->unlisted_char, ch);
	if (t->unlisted == 1)
		diags_add(t->diags, SEV_WARNING, t->unlisted_file,
		    t->unlisted_pos, "one more character is in none of the "
		    "bundled fonts either ('%s', U+%04X); it would print as a "
		    "box with its code", ch, (unsigned)t->unlisted_char);
	else
		diags_add(t->diags, SEV_WARNING, t->unlisted_file,
		    t->unlisted_pos, "%u more characters are in none of the "
		    "bundled fonts either, the first of them here ('%s', "
		    "U+%04X); they would print as boxes with their codes",
		    t->unlisted, ch, (unsigned)t->unlisted_char);
	t->unlisted = 0;
}

/* The lines of a layout, set once and kept with it under this key. */
static const char S_lines_key[] = "ucapgen-lines";

struct setlines {
	GArray *lines;          /* owned; of struct tline */
	bool own_runs;          /* set by fill.c; else the layout's own */
};

static void
S_setlines_free(gpointer data)
{
	struct setlines *s = data;

	if (s->own_runs)
		fill_free(s->lines);
	else
		g_array_free(s->lines, TRUE);
	g_free(s);
}

/* The lines PangoLayout sets, borrowing their runs. */
static GArray *
S_pango_lines(PangoLayout *l)
{
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct tline));
	PangoLayoutIter *it = pango_layout_get_iter(l);

	do {
		PangoLayoutLine *pl = pango_layout_iter_get_line_readonly(it);
		PangoRectangle logical;
		struct tline ln;
		int y0, y1;

		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		ln.start = (guint)pl->start_index;
		ln.length = (guint)pl->length;
		ln.runs = pl->runs;
		ln.x = logical.x;
		ln.width = logical.width;
		ln.top = y0;
		ln.height = y1 - y0;
		ln.baseline = pango_layout_iter_get_baseline(it);
		g_array_append_val(lines, ln);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return lines;
}

/* The lines of a layout: set by fill.c, which shapes each word once,
 * or by PangoLayout where fill.c declines.  Sets them once. */
static const GArray *
S_lines(struct textctx *t, PangoLayout *l)
{
	struct setlines *s = g_object_get_data(G_OBJECT(l), S_lines_key);

	if (s != NULL)
		return s->lines;
	s = g_new0(struct setlines, 1);
	s->lines = fill_lines(t->cache->fill, l);
	s->own_runs = s->lines != NULL;
	if (s->lines == NULL)
		s->lines = S_pango_lines(l);
	g_object_set_data_full(G_OBJECT(l), S_lines_key, s,
	    S_setlines_free);
	return s->lines;
}

const struct tline *
text_line(PangoLayout *l, guint i)
{
	const struct setlines *s = g_object_get_data(G_OBJECT(l),
	    S_lines_key);

	return s != NULL && i < s->lines->len ?
	    &g_array_index(s->lines, struct tline, i) : NULL;
}

struct rgba
text_run_color(const PangoGlyphItem *run, struct rgba dflt)
{
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *attr = a->data;

		if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
			const PangoColor *c = &((const PangoAttrColor *)(const
			    void *)attr)->color;
			struct rgba r = { c->red / 65535.0, c->green / 65535.0,
			    c->blue / 65535.0, 1 };

			return r;
		}
	}
	return dflt;
}

bool
text_run_underlined(const PangoGlyphItem *run)
{
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *attr = a->data;

		if (attr->klass->type == PANGO_ATTR_UNDERLINE &&
		    ((const PangoAttrInt *)(const void *)attr)->value !=
		    PANGO_UNDERLINE_NONE)
			return true;
	}
	return false;
}

/* Measure every line of the piece's layout. */
static void
S_measure(struct textctx *t, struct piece *p)
{
	const GArray *lines = S_lines(t, p->layout);

	for (guint i = 0; i < lines->len; i++) {
		const struct tline *ln = &g_array_index(lines, struct tline, i);
		struct pline pl;

		pl.top = (double)ln->top / PANGO_SCALE;
		pl.bottom = (double)(ln->top + ln->height) / PANGO_SCALE;
		pl.baseline = (double)ln->baseline / PANGO_SCALE;
		pl.x = (double)ln->x / PANGO_SCALE;
		pl.line = ln;
		g_array_append_val(p->lines, pl);
	}
}

/* A link of a piece's text: a byte range, its address and its number in
 * the document. */
struct span {
	guint start, end;
	const char *uri;        /* borrowed */
	guint id;
};

/* The first of the spans (sorted, not overlapping) that ends after byte
 * i, or n. */
static guint
S_span_after(const struct span *spans, guint n, guint i)
{
	guint lo = 0, hi = n;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (spans[mid].end <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where byte i of a run is, from the run's left, in Pango units. */
static int
S_run_x(const char *text, const PangoGlyphItem *run, guint i)
{
	const PangoItem *item = run->item;
	int x;

	if (i >= (guint)(item->offset + item->length))
		return item->analysis.level % 2 ? 0 :
		    pango_glyph_string_get_width(run->glyphs);
	pango_glyph_string_index_to_x(run->glyphs,
	    (char *)text + item->offset, item->length,
	    (PangoAnalysis *)&item->analysis, (int)i - item->offset, FALSE,
	    &x);
	return x;
}

/* Add the area of a span on a line, from x0 to x1 (Pango units, the
 * layout's left), to the piece: to the span's last area when they touch
 * (a link is one area a line however many runs it takes). */
static void
S_add_area(struct piece *p, const struct span *sp, int line, int x0, int x1)
{
	struct plink pl;

	if (p->links->len > 0) {
		struct plink *last = &g_array_index(p->links, struct plink,
		    p->links->len - 1);

		if (last->id == sp->id && last->line == line &&
		    (double)x0 / PANGO_SCALE <= last->x1 + 0.001) {
			last->x1 = MAX(last->x1, (double)x1 / PANGO_SCALE);
			return;
		}
	}
	pl.line = line;
	pl.x0 = (double)x0 / PANGO_SCALE;
	pl.x1 = (double)x1 / PANGO_SCALE;
	pl.uri = g_strdup(sp->uri);
	pl.id = sp->id;
	g_array_append_val(p->links, pl);
}

/*
 * The areas of the links of a piece: one a line each link touches.
 * Walks each line's runs once, finding their links by bisection: Pango's
 * pango_layout_line_get_x_ranges() counts characters from the start of
 * the text at each call, which a paragraph of thousands of links made
 * quadratic.
 */
static void
S_link_areas(struct piece *p, const struct span *spans, guint n)
{
	const char *text = pango_layout_get_text(p->layout);

	for (guint i = 0; i < p->lines->len && n > 0; i++) {
		const struct pline *ln = &g_array_index(p->lines,
		    struct pline, i);
		int x = (int)(ln->x * PANGO_SCALE + (ln->x < 0 ? -0.5 : 0.5));

		for (GSList *r = ln->line->runs; r != NULL; r = r->next) {
			const PangoGlyphItem *run = r->data;
			guint rs = (guint)run->item->offset;
			guint re = rs + (guint)run->item->length;
			int w = pango_glyph_string_get_width(run->glyphs);

			for (guint k = S_span_after(spans, n, rs);
			    k < n && spans[k].start < re; k++) {
				guint s = MAX(spans[k].start, rs);
				guint e = MIN(spans[k].end, re);
				int a, b;

				if (s >= e)
					continue;
				if (s == rs && e == re) {
					a = 0;
					b = w;
				} else {
					a = S_run_x(text, run, s);
					b = S_run_x(text, run, e);
				}
				S_add_area(p, &spans[k], (int)i, x + MIN(a, b),
				    x + MAX(a, b));
			}
			x += w;
		}
	}
}

/* n thousandths, rounded, then c: a key's number. */
static void
S_key_num(GString *k, double v, char c)
{
	append_int(k, (gint64)llround(v * 1000), c);
}

/* What S_shared keys a layout by: everything its setting depends on.
 * Caller frees. */
static char *
S_shared_key(const struct textctx *t, const struct lstyle *s,
    const char *text, double width, const struct textlink *link)
{
	GString *k = g_string_sized_new(64 + strlen(text));

	g_string_append(k, t->lang != NULL ? t->lang : "");
	g_string_append_c(k, '|');
	g_string_append(k, s->font != NULL ? s->font : "");
	g_string_append_c(k, '|');
	S_key_num(k, s->size, '|');
	S_key_num(k, s->bold, ' ');
	S_key_num(k, s->italic, '|');
	S_key_num(k, s->line_height, '|');
	S_key_num(k, (int)s->align, '|');
	S_key_num(k, s->hanging, '|');
	S_key_num(k, width, '|');
	S_key_num(k, link != NULL ? link->start : 0, '-');
	S_key_num(k, link != NULL ? link->end : 0, '|');
	g_string_append(k, text);
	return g_string_free(k, FALSE);
}

/*
 * A plain text set in a style at a width, with the colour of a link on
 * a range of it or not, shared: labels, markers, placeholders and page
 * footers recur, and setting them once saves the shaping.  The layout is
 * never changed after it is set.  Returns a new reference.
 */
static PangoLayout *
S_shared(struct textctx *t, const struct lstyle *s, const char *text,
    double width, const struct textlink *link)
{
	char *key = S_shared_key(t, s, text, width, link);
	PangoLayout *l = g_hash_table_lookup(t->cache->shared, key);

	if (l != NULL) {
		g_free(key);
		return g_object_ref(l);
	}
	l = S_layout(t, s, width, text, (int)strlen(text));
	if (link != NULL) {
		PangoAttrList *attrs = pango_attr_list_copy(
		    pango_layout_get_attributes(l));
		const struct run r = { RUN_LINK, link->start, link->end,
		    NULL };
		PangoAttribute *a = S_attr(&r);

		a->start_index = link->start;
		a->end_index = link->end;
		pango_attr_list_insert(attrs, a);
		/* An address that breaks gets no hyphen (S_no_hyphens). */
		a = pango_attr_insert_hyphens_new(FALSE);
		a->start_index = link->start;
		a->end_index = link->end;
		pango_attr_list_insert(attrs, a);
		pango_layout_set_attributes(l, attrs);
		pango_attr_list_unref(attrs);
	}
	g_hash_table_insert(t->cache->shared, key, g_object_ref(l));
	return l;
}


static void
S_add_span(GArray *spans, guint start, guint end, const char *uri, guint id)
{
	struct span sp = { start, end, uri, id };

	g_array_append_val(spans, sp);
}

/*
 * An address that breaks gets no hyphen: one would read as part of it.
 * Pango 1.50 counts the characters from the start of the paragraph for
 * each attribute that changes its breaks, so a paragraph of more than
 * LINKS_APART links (a list of addresses) gets one attribute from its
 * first link to its last instead of one a link.
 */
static void
S_no_hyphens(PangoAttrList *attrs, const GArray *spans)
{
	const struct span *sp = (const struct span *)(void *)spans->data;
	PangoAttribute *a;

	if (spans->len > LINKS_APART) {
		a = pango_attr_insert_hyphens_new(FALSE);
		a->start_index = sp[0].start;
		a->end_index = sp[spans->len - 1].end;
		pango_attr_list_insert(attrs, a);
		return;
	}
	for (guint i = 0; i < spans->len; i++) {
		a = pango_attr_insert_hyphens_new(FALSE);
		a->start_index = sp[i].start;
		a->end_index = sp[i].end;
		pango_attr_list_insert(attrs, a);
	}
}

/*
 * A text of several lines set as narrow as it can be with no more lines
 * (to a tenth of a point), so that its lines are about as long as each
 * other: a title's last word is not left alone (the style's
 * wrap="balance").  p's layout is set anew at that width (a shared one
 * is replaced by another, S_shared); returns how far
 * its lines move to keep their alignment in the width they had.
 */
static double
S_balance(struct textctx *t, struct piece *p, const struct lstyle *s,
    bool shared, const struct textlink *link, double width)
{
	int n = pango_layout_get_line_count(p->layout);
	PangoLayout *c;
	double lo = 0, hi = width;
	bool rtl;

	/* Justified lines fill their box whatever it holds. */
	if (width <= 0 || n < 2 || s->align == ALIGN_JUSTIFY)
		return 0;
	/* Breaking between words only: a width that would cut a word
	 * (wider than the width then) does not fit. */
	c = pango_layout_copy(p->layout);
	pango_layout_set_wrap(c, PANGO_WRAP_WORD);
	while (hi - lo > 0.1) {
		double mid = (lo + hi) / 2;
		PangoRectangle r;

		pango_layout_set_width(c, (int)(mid * PANGO_SCALE));
		pango_layout_get_extents(c, NULL, &r);
		if (pango_layout_get_line_count(c) > n ||
		    r.width > (int)(mid * PANGO_SCALE))
			lo = mid;
		else
			hi = mid;
	}
	g_object_unref(c);
	if (pango_layout_get_width(p->layout) == -1 || hi >= width)
		return 0;
	if (shared) {
		char *text = g_strdup(pango_layout_get_text(p->layout));

		g_object_unref(p->layout);
		p->layout = S_shared(t, s, text, hi, link);
		g_free(text);
	} else
		pango_layout_set_width(p->layout, (int)(hi * PANGO_SCALE));
	/* Pango sets a right-to-left paragraph's "left" at the right. */
	rtl = pango_layout_get_direction(p->layout, 0) == PANGO_DIRECTION_RTL;
	switch (s->align) {
	case ALIGN_CENTER:
		return (width - hi) / 2;
	case ALIGN_RIGHT:
		return rtl ? 0 : width - hi;
	case ALIGN_LEFT:
		return rtl ? width - hi : 0;
	case ALIGN_JUSTIFY:
		break;
	}
	return 0;
}

struct piece *
text_piece(struct textctx *t, const struct lstyle *s, const char *text,
    bool markup, double width, const xmlNode *src,
    const struct textlink *link)
{
	struct piece *p = piece_new();
	struct markup m = { NULL, NULL };
	struct markup_error err;
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct span));
	double shift;
	bool shared = false;

	p->color = s->color;
	if (markup && markup_parse(text, &m, &err)) {
		PangoAttrList *attrs;

		p->layout = S_layout(t, s, width, m.text->str,
		    (int)m.text->len);
		attrs = pango_attr_list_copy(pango_layout_get_attributes(
		    p->layout));
		for (guint i = 0; i < m.runs->len; i++) {
			const struct run *r = &g_array_index(m.runs,
			    struct run, i);
			PangoAttribute *a = S_attr(r);

			a->start_index = r->start;
			a->end_index = r->end;
			pango_attr_list_insert(attrs, a);
			if (r->kind == RUN_LINK)
				S_add_span(spans, r->start, r->end, r->href,
				    ++t->links);
		}
		S_no_hyphens(attrs, spans);
		pango_layout_set_attributes(p->layout, attrs);
		pango_attr_list_unref(attrs);
	} else {
		if (markup)
			g_free(err.msg);
		p->layout = S_shared(t, s, text, width, link);
		shared = true;
		if (link != NULL)
			S_add_span(spans, link->start, link->end, link->uri,
			    ++t->links);
	}
	shift = s->balance ? S_balance(t, p, s, shared, link, width) : 0;
	S_check_glyphs(t, pango_layout_get_text(p->layout), src);
	S_measure(t, p);
	for (guint i = 0; i < p->lines->len; i++)
		g_array_index(p->lines, struct pline, i).x += shift;
	S_link_areas(p, (const struct span *)(void *)spans->data, spans->len);
	g_array_free(spans, TRUE);
	markup_clear(&m);
	return p;
}

void
text_marker(struct textctx *t, struct piece *p, const struct lstyle *s,
    const char *marker, double x)
{
	p->marker = S_shared(t, s, marker, -1, NULL);
	(void)S_lines(t, p->marker);
	p->marker_x = x;
}



double
text_width(struct textctx *t, const struct lstyle *s, const char *text)
{
	PangoLayout *l = S_shared(t, s, text, -1, NULL);
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	g_object_unref(l);
	return (double)r.width / PANGO_SCALE;
}
