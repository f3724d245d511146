/*
 * fill.c: a paragraph broken into lines with each word shaped once.
 *
 * PangoLayout (1.50) shapes a paragraph whole, shapes it again for each
 * candidate break near the end of each line, and again what is left of
 * an item after each break: two to three times the text, and the larger
 * part of the time a summary takes.  Here the paragraph is itemized and
 * its break opportunities found by Pango just as PangoLayout does it;
 * the text is cut into words at the breaks that follow a space (no
 * shaping reaches across a space), each word is shaped by Pango once and
 * kept in a cache across the documents of a worker, and lines are filled
 * from the words' widths as PangoLayout fills them: each line ends at the
 * last break where it fits, the space that ends it does not count and
 * is not drawn.  Lines are measured and placed as PangoLayout measures
 * and places them (line height, alignment, indent).
 *
 * What this does not set as PangoLayout would, it declines, and the
 * caller sets that paragraph with PangoLayout: text right to left,
 * justified, with tabs or line separators, attributes it does not know,
 * and lines PangoLayout would break elsewhere than after a space (at a
 * hyphen, between ideographs, inside a word longer than its line).
 *
 * Owns the caches of shaped words and of set paragraphs, and the runs
 * of the lines it returns.
 */
#include "fill.h"

#include <hb-ot.h>
#include <math.h>
#include <string.h>

#include "append.h"

/* Pango 1.50's flag of an item that knows its character offset
 * (PANGO_ANALYSIS_FLAG_HAS_CHAR_OFFSET, private): every item
 * pango_itemize makes has it. */
#define ITEM_CHAR_OFFSET (1 << 7)

/* The cache of words holds this many at most, that of paragraphs this
 * many bytes of text and glyphs; past it, each starts again.  A text
 * longer than PARA_LONG is not kept: it seldom comes back whole. */
#define WORDS_MAX 65536
#define PARAS_BYTES (8 << 20)
#define PARA_LONG 16384

/* A word shaped: its glyphs, with clusters from its first byte. */
struct word {
	PangoGlyphString *glyphs;       /* owned */
	int width;
	int white;              /* logical width of its last character */
};

/* What a word's glyphs depend on: its text and how it is set. */
struct wkey {
	PangoFont *font;        /* a reference, in the cache */
	PangoLanguage *lang;
	guint32 how;            /* script, gravity, flags */
	guint len;
	const char *text;       /* in the cache: after the key itself */
};

struct fillcache {
	GHashTable *words;      /* struct wkey * -> struct word * */
	GHashTable *paras;      /* paragraph and setting -> its lines (a
				   reference), or S_declined */
	gsize para_bytes;       /* about what paras holds */
};

/* What the paragraph cache holds for a paragraph this does not set. */
static GArray *const S_declined = (GArray *)&S_declined;

static guint
S_key_hash(gconstpointer p)
{
	const struct wkey *k = p;
	guint h = 5381;

	for (guint i = 0; i < k->len; i++)
		h = h * 33 + (guchar)k->text[i];
	return h ^ GPOINTER_TO_UINT(k->font) ^ (k->how * 2654435761u) ^
	    GPOINTER_TO_UINT(k->lang);
}

static gboolean
S_key_equal(gconstpointer a, gconstpointer b)
{
	const struct wkey *x = a, *y = b;

	return x->font == y->font && x->lang == y->lang && x->how == y->how &&
	    x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

static void
S_key_free(gpointer p)
{
	struct wkey *k = p;

	g_object_unref(k->font);
	g_free(k);
}

static void
S_word_free(gpointer p)
{
	struct word *w = p;

	pango_glyph_string_free(w->glyphs);
	g_free(w);
}

static void
S_para_unref(gpointer p)
{
	if (p != S_declined)
		g_array_unref(p);
}

struct fillcache *
fillcache_new(void)
{
	struct fillcache *c = g_new0(struct fillcache, 1);

	c->words = g_hash_table_new_full(S_key_hash, S_key_equal, S_key_free,
	    S_word_free);
	c->paras = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    S_para_unref);
	return c;
}

void
fillcache_free(struct fillcache *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->paras);
	g_hash_table_destroy(c->words);
	g_free(c);
}

/* ---- What this sets ---- */

/* Attributes PangoLayout itemizes by (as its affects_itemization). */
static gboolean
S_itemizing(PangoAttribute *a, gpointer data)
{
	(void)data;
	switch ((int)a->klass->type) {
	case PANGO_ATTR_LANGUAGE:
	case PANGO_ATTR_FAMILY:
	case PANGO_ATTR_STYLE:
	case PANGO_ATTR_WEIGHT:
	case PANGO_ATTR_VARIANT:
	case PANGO_ATTR_STRETCH:
	case PANGO_ATTR_SIZE:
	case PANGO_ATTR_FONT_DESC:
	case PANGO_ATTR_SCALE:
	case PANGO_ATTR_FALLBACK:
	case PANGO_ATTR_ABSOLUTE_SIZE:
	case PANGO_ATTR_GRAVITY:
	case PANGO_ATTR_GRAVITY_HINT:
	case PANGO_ATTR_FONT_SCALE:
	case PANGO_ATTR_LETTER_SPACING:
	case PANGO_ATTR_SHAPE:
	case PANGO_ATTR_RISE:
	case PANGO_ATTR_BASELINE_SHIFT:
	case PANGO_ATTR_LINE_HEIGHT:
	case PANGO_ATTR_ABSOLUTE_LINE_HEIGHT:
	case PANGO_ATTR_TEXT_TRANSFORM:
		return TRUE;
	default:
		return FALSE;
	}
}

/* Attributes that change breaks or shaping (its affects_break_or_shape). */
static gboolean
S_breaking(PangoAttribute *a, gpointer data)
{
	(void)data;
	switch ((int)a->klass->type) {
	case PANGO_ATTR_ALLOW_BREAKS:
	case PANGO_ATTR_WORD:
	case PANGO_ATTR_SENTENCE:
	case PANGO_ATTR_INSERT_HYPHENS:
	case PANGO_ATTR_FONT_FEATURES:
	case PANGO_ATTR_SHOW:
		return TRUE;
	default:
		return FALSE;
	}
}

/* Whether the layout's settings are ones this sets as PangoLayout. */
static bool
S_plain_layout(PangoLayout *l)
{
	return !pango_layout_get_justify(l) &&
	    pango_layout_get_wrap(l) != PANGO_WRAP_CHAR &&
	    pango_layout_get_ellipsize(l) == PANGO_ELLIPSIZE_NONE &&
	    pango_layout_get_height(l) < 0 &&
	    pango_layout_get_spacing(l) == 0 &&
	    pango_layout_get_line_spacing(l) == 0 &&
	    pango_layout_get_tabs(l) == NULL &&
	    pango_layout_get_auto_dir(l) &&
	    !pango_layout_get_single_paragraph_mode(l);
}

/* Whether a text is one paragraph of one line's worth of characters:
 * no paragraph or line separator, no tab. */
static bool
S_plain_text(const char *text, int len)
{
	int delim, next;

	if (len == 0 || memchr(text, '\t', (size_t)len) != NULL)
		return false;
	pango_find_paragraph_boundary(text, len, &delim, &next);
	if (delim != len)
		return false;
	/* U+2028 LINE SEPARATOR: E2 80 A8 */
	for (int i = 0; i + 2 < len; i++)
		if ((guchar)text[i] == 0xE2 && (guchar)text[i + 1] == 0x80 &&
		    (guchar)text[i + 2] == 0xA8)
			return false;
	return true;
}

/* Whether an item is one this sets: left to right, with a font, and
 * no attribute on it that changes its glyphs or their place. */
static bool
S_plain_item(const PangoItem *item)
{
	if (item->analysis.level % 2 != 0 || item->analysis.font == NULL ||
	    (item->analysis.flags & ~ITEM_CHAR_OFFSET) != 0)
		return false;
	for (const GSList *a = item->analysis.extra_attrs; a != NULL;
	    a = a->next)
		switch ((int)((PangoAttribute *)a->data)->klass->type) {
		case PANGO_ATTR_FALLBACK:
		case PANGO_ATTR_LINE_HEIGHT:
		case PANGO_ATTR_ABSOLUTE_LINE_HEIGHT:
		case PANGO_ATTR_INSERT_HYPHENS:
		case PANGO_ATTR_ALLOW_BREAKS:
		case PANGO_ATTR_WORD:
		case PANGO_ATTR_SENTENCE:
			break;
		default:
			return false;
		}
	return true;
}

/* ---- A paragraph: items, breaks and words ---- */

/* A word of a paragraph: from one break after a space to the next, or
 * to the end of its item. */
struct seg {
	int start, end;         /* bytes */
	int cstart, cend;       /* characters */
	const PangoItem *item;
	const struct word *word;        /* borrowed from the cache */
	bool brk;               /* a line may end after it */
	bool rough;             /* PangoLayout may break inside it, or
				   after it though not after a space */
};

struct para {
	const char *text;
	int len;
	int nchars;
	GList *items;           /* owned; of PangoItem */
	PangoLogAttr *attrs;    /* owned; nchars + 1 */
	PangoAttrList *rest;    /* owned; what neither itemizes nor breaks:
				   colours, underlines */
	GArray *segs;           /* owned; of struct seg */
};

static void
S_para_clear(struct para *p)
{
	g_list_free_full(p->items, (GDestroyNotify)pango_item_free);
	g_free(p->attrs);
	if (p->rest != NULL)
		pango_attr_list_unref(p->rest);
	if (p->segs != NULL)
		g_array_free(p->segs, TRUE);
}

/* A line may end before character c with no word broken: a break that
 * follows a space. */
static bool
S_clean_break(const struct para *p, int c)
{
	const PangoLogAttr *a = &p->attrs[c];

	if (c == p->nchars)
		return true;
	return c > 0 && a->is_line_break && p->attrs[c - 1].is_white &&
	    !a->break_inserts_hyphen && !a->break_removes_preceding;
}

/*
 * Items and break opportunities as PangoLayout finds them
 * (pango_layout_check_lines): the layout's attributes after its font,
 * those that itemize, those that break or shape applied to the items,
 * the default breaks tailored item by item.  Returns false for what
 * this does not set.
 */
static bool
S_itemize(struct para *p, PangoLayout *l)
{
	PangoContext *ctx = pango_layout_get_context(l);
	PangoAttrList *all = pango_layout_get_attributes(l);
	const PangoFontDescription *fd = pango_layout_get_font_description(l);
	PangoAttrList *itemizing, *breaking;
	PangoDirection dir;
	int off = 0;

	/* Deprecated, as PangoLayout's own way to find it. */
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	dir = pango_find_base_dir(p->text, p->len);
	G_GNUC_END_IGNORE_DEPRECATIONS
	if (dir == PANGO_DIRECTION_NEUTRAL)
		dir = pango_context_get_base_dir(ctx);
	if (dir != PANGO_DIRECTION_LTR && dir != PANGO_DIRECTION_WEAK_LTR)
		return false;
	all = all != NULL ? pango_attr_list_copy(all) : pango_attr_list_new();
	if (fd != NULL) {
		PangoAttribute *a = pango_attr_font_desc_new(fd);

		a->start_index = PANGO_ATTR_INDEX_FROM_TEXT_BEGINNING;
		a->end_index = PANGO_ATTR_INDEX_TO_TEXT_END;
		pango_attr_list_insert_before(all, a);
	}
	itemizing = pango_attr_list_filter(all, S_itemizing, NULL);
	breaking = pango_attr_list_filter(all, S_breaking, NULL);
	p->rest = all;
	p->items = pango_itemize_with_base_dir(ctx, dir, p->text, 0, p->len,
	    itemizing, NULL);
	if (breaking != NULL) {
		PangoAttrIterator *it = pango_attr_list_get_iterator(breaking);

		for (GList *i = p->items; i != NULL; i = i->next)
			pango_item_apply_attrs(i->data, it);
		pango_attr_iterator_destroy(it);
	}
	p->nchars = (int)g_utf8_strlen(p->text, p->len);
	p->attrs = g_new0(PangoLogAttr, p->nchars + 1);
	pango_default_break(p->text, p->len, NULL, p->attrs, p->nchars + 1);
	for (GList *i = p->items; i != NULL; i = i->next) {
		PangoItem *item = i->data;

		pango_tailor_break(p->text + item->offset, item->length,
		    &item->analysis, -1, p->attrs + off, item->num_chars + 1);
		off += item->num_chars;
	}
	if (breaking != NULL && p->items != NULL)
		pango_attr_break(p->text, p->len, breaking,
		    ((PangoItem *)p->items->data)->offset, p->attrs,
		    p->nchars + 1);
	if (itemizing != NULL)
		pango_attr_list_unref(itemizing);
	if (breaking != NULL)
		pango_attr_list_unref(breaking);
	for (GList *i = p->items; i != NULL; i = i->next)
		if (!S_plain_item(i->data))
			return false;
	return p->items != NULL;
}

/* A word shaped, from the cache or shaped now and kept.  Returns a word
 * the cache owns. */
static const struct word *
S_word(struct fillcache *c, const struct para *p, const struct seg *s)
{
	const PangoAnalysis *an = &s->item->analysis;
	struct wkey key, *k;
	struct word *w;
	PangoItem item;
	int *widths;

	key.font = an->font;
	key.lang = an->language;
	key.how = (guint32)an->script << 16 | (guint32)an->gravity << 8 |
	    an->flags;
	key.len = (guint)(s->end - s->start);
	key.text = p->text + s->start;
	w = g_hash_table_lookup(c->words, &key);
	if (w != NULL)
		return w;
	/* Shaped as PangoLayout shapes a run: in its paragraph. */
	item = *s->item;
	/* A copy on the stack has no room for the offset the flag tells
	 * of (pango_shape_item does not read it). */
	item.analysis.flags &= ~ITEM_CHAR_OFFSET;
	item.offset = s->start;
	item.length = s->end - s->start;
	item.num_chars = s->cend - s->cstart;
	w = g_new0(struct word, 1);
	w->glyphs = pango_glyph_string_new();
	pango_shape_item(&item, p->text, p->len, p->attrs + s->cstart,
	    w->glyphs, PANGO_SHAPE_NONE);
	w->width = pango_glyph_string_get_width(w->glyphs);
	/* PangoLayout's log widths: a cluster's width shared among its
	 * characters. */
	widths = g_new0(int, item.num_chars);
	pango_glyph_string_get_logical_widths(w->glyphs, p->text + s->start,
	    item.length, 0, widths);
	w->white = widths[item.num_chars - 1];
	g_free(widths);
	k = g_malloc(sizeof *k + key.len);
	*k = key;
	memcpy(k + 1, key.text, key.len);
	k->text = (const char *)(k + 1);
	g_object_ref(k->font);
	g_hash_table_insert(c->words, k, w);
	return w;
}

/* Whether PangoLayout may break before character c where this does not. */
static bool
S_rough_break(const struct para *p, int c)
{
	return c < p->nchars && p->attrs[c].is_line_break &&
	    !S_clean_break(p, c);
}

/* Cut the items into words and shape them. */
static void
S_words(struct fillcache *c, struct para *p)
{
	int cbase = 0;

	p->segs = g_array_new(FALSE, FALSE, sizeof(struct seg));
	for (GList *i = p->items; i != NULL; i = i->next) {
		const PangoItem *item = i->data;
		const char *b = p->text + item->offset;
		struct seg s = { 0 };

		s.item = item;
		s.start = item->offset;
		s.cstart = cbase;
		for (int k = 0; k < item->num_chars; k++) {
			int ch = cbase + k + 1;

			s.rough = s.rough || S_rough_break(p, ch);
			b = g_utf8_next_char(b);
			if (k + 1 < item->num_chars && !S_clean_break(p, ch))
				continue;
			s.end = (int)(b - p->text);
			s.cend = ch;
			s.brk = S_clean_break(p, ch);
			s.word = S_word(c, p, &s);
			g_array_append_val(p->segs, s);
			s.start = s.end;
			s.cstart = s.cend;
			s.rough = false;
		}
		cbase += item->num_chars;
	}
}

/* ---- Lines ---- */

/* The width a line has: the layout's, less its indent
 * (process_line). */
static int
S_line_width(PangoLayout *l, bool first)
{
	int w = pango_layout_get_width(l);
	int indent = pango_layout_get_indent(l);

	if (w < 0 || pango_layout_get_alignment(l) == PANGO_ALIGN_CENTER)
		return w;
	if (first && indent >= 0)
		w -= indent;
	else if (!first && indent < 0)
		w += indent;
	return MAX(w, 0);
}

/*
 * The last word of the line that starts at word i: the last that ends
 * at a break and has the line fit, its final space not counted.
 * Returns -1 when PangoLayout would set the line otherwise: breaking
 * inside a word or where no space is, or a first word too long.
 */
static int
S_line_end(const struct para *p, guint i, int width)
{
	const struct seg *s = (const struct seg *)(void *)p->segs->data;
	gint64 acc = 0, content;
	int fit = -1;
	guint k;

	for (k = i; k < p->segs->len; k++) {
		acc += s[k].word->width;
		/* A line as wide as Pango units can count is PangoLayout's
		 * to set (it is set past the page's edge anyway). */
		if (acc > G_MAXINT / 2)
			return -1;
		if (!s[k].brk)
			continue;
		content = acc;
		if (p->attrs[s[k].cend - 1].is_white)
			content -= s[k].word->white;
		if (width >= 0 && content > width)
			break;
		fit = (int)k;
	}
	if (fit < 0)
		return -1;
	/* Where the line overflows, PangoLayout takes a break inside a
	 * word if it fits: leave that to it. */
	for (guint r = (guint)fit + 1; r <= k && r < p->segs->len; r++)
		if (s[r].rough)
			return -1;
	return fit;
}

/* The glyphs of words a to b (of one item), one string. */
static PangoGlyphString *
S_join(const struct para *p, guint a, guint b)
{
	const struct seg *s = (const struct seg *)(void *)p->segs->data;
	PangoGlyphString *g = pango_glyph_string_new();
	int n = 0;

	for (guint k = a; k <= b; k++)
		n += s[k].word->glyphs->num_glyphs;
	pango_glyph_string_set_size(g, n);
	n = 0;
	for (guint k = a; k <= b; k++) {
		const PangoGlyphString *w = s[k].word->glyphs;
		int shift = s[k].start - s[a].start;

		memcpy(g->glyphs + n, w->glyphs,
		    sizeof(PangoGlyphInfo) * (size_t)w->num_glyphs);
		for (int j = 0; j < w->num_glyphs; j++)
			g->log_clusters[n + j] = w->log_clusters[j] + shift;
		n += w->num_glyphs;
	}
	return g;
}

/* A run of words a to b, of one item.  Returns a new glyph item. */
static PangoGlyphItem *
S_run(const struct para *p, guint a, guint b)
{
	const struct seg *s = (const struct seg *)(void *)p->segs->data;
	const PangoItem *item = s[a].item;
	PangoGlyphItem *run = g_slice_new0(PangoGlyphItem);
	PangoItem *rest = pango_item_copy((PangoItem *)item);
	int before = s[a].start - item->offset;

	/* Split as PangoLayout splits an item, which keeps the private
	 * character offset right. */
	if (before > 0)
		pango_item_free(pango_item_split(rest, before,
		    (int)g_utf8_strlen(p->text + item->offset, before)));
	if (s[b].end < rest->offset + rest->length) {
		run->item = pango_item_split(rest, s[b].end - rest->offset,
		    s[b].cend - s[a].cstart);
		pango_item_free(rest);
	} else
		run->item = rest;
	run->glyphs = S_join(p, a, b);
	return run;
}

/* A wrapped line's final space has no width and no glyph
 * (zero_line_final_space). */
static void
S_zero_space(const struct para *p, PangoGlyphItem *run, int cend)
{
	PangoGlyphString *g = run->glyphs;
	int last = g->num_glyphs - 1;

	if (last < 0 || !p->attrs[cend - 1].is_white)
		return;
	if (last >= 1 && g->log_clusters[last] == g->log_clusters[last - 1])
		return;
	g->glyphs[last].geometry.width = 0;
	g->glyphs[last].glyph = PANGO_GLYPH_EMPTY;
}

/* The line height an item's attributes give, or 0. */
static int
S_line_height(const PangoItem *item, int natural)
{
	int abs = 0;
	double factor = 0;

	for (const GSList *a = item->analysis.extra_attrs; a != NULL;
	    a = a->next) {
		const PangoAttribute *at = a->data;

		if (at->klass->type == PANGO_ATTR_ABSOLUTE_LINE_HEIGHT)
			abs = ((const PangoAttrInt *)at)->value;
		else if (at->klass->type == PANGO_ATTR_LINE_HEIGHT)
			factor = ((const PangoAttrFloat *)at)->value;
	}
	if (abs == 0 && factor == 0)
		return 0;
	return MAX(abs, (int)ceilf((float)(factor * natural)));
}

/* A line's logical box, from its runs
 * (pango_layout_line_get_extents_and_height). */
static void
S_measure(struct tline *ln)
{
	PangoRectangle box = { 0, 0, 0, 0 };
	int x = 0;

	for (GSList *r = ln->runs; r != NULL; r = r->next) {
		const PangoGlyphItem *run = r->data;
		PangoRectangle lr;
		int lh, pos;

		pango_glyph_string_extents(run->glyphs,
		    run->item->analysis.font, NULL, &lr);
		lr.y -= run->y_offset;
		lh = S_line_height(run->item, lr.height);
		if (lh != 0) {
			int leading = lh - lr.height;

			lr.y -= leading / 2;
			lr.height += leading;
		}
		pos = MIN(box.x, x + lr.x);
		box.width = MAX(box.x + box.width, x + lr.x + lr.width) - pos;
		box.x = pos;
		pos = MIN(box.y, lr.y);
		box.height = MAX(box.y + box.height, lr.y + lr.height) - pos;
		box.y = pos;
		x += lr.width;
	}
	ln->x = box.x;
	ln->width = box.width;
	ln->top = box.y;
	ln->height = box.height;
}

/* Where a line starts, from its layout's left (get_x_offset): aligned
 * in width (the widest line's when the layout has none), indented. */
static int
S_x_offset(PangoLayout *l, int width, const struct tline *ln, bool first)
{
	PangoAlignment align = pango_layout_get_alignment(l);
	int indent = pango_layout_get_indent(l);
	int x = 0;

	if (width == 0)
		x = 0;
	else if (align == PANGO_ALIGN_RIGHT)
		x = width - ln->width;
	else if (align == PANGO_ALIGN_CENTER) {
		x = (width - ln->width) / 2;
		if (((width | ln->width) & (PANGO_SCALE - 1)) == 0)
			x = PANGO_UNITS_ROUND(x);
	}
	if (align == PANGO_ALIGN_CENTER)
		return x;
	if (first && indent > 0)
		x += align == PANGO_ALIGN_LEFT ? indent : -indent;
	else if (!first && indent < 0)
		x += align == PANGO_ALIGN_LEFT ? -indent : indent;
	return x;
}

/* The baseline of a run's font for the baseline tag, from its script and
 * language. */
static hb_position_t
S_baseline(const PangoItem *item, hb_ot_layout_baseline_tag_t *tag)
{
	hb_font_t *font = pango_font_get_hb_font(item->analysis.font);
	hb_script_t script = (hb_script_t)g_unicode_script_to_iso15924(
	    item->analysis.script);
	hb_language_t lang = hb_language_from_string(
	    pango_language_to_string(item->analysis.language), -1);
	hb_tag_t scripts[HB_OT_MAX_TAGS_PER_SCRIPT];
	hb_tag_t langs[HB_OT_MAX_TAGS_PER_LANGUAGE];
	unsigned int nscripts = HB_OT_MAX_TAGS_PER_SCRIPT;
	unsigned int nlangs = HB_OT_MAX_TAGS_PER_LANGUAGE;
	hb_position_t b;

	hb_ot_tags_from_script_and_language(script, lang, &nscripts, scripts,
	    &nlangs, langs);
	if (*tag == 0)
		*tag = hb_ot_layout_get_horizontal_baseline_tag_for_script(
		    script);
	hb_ot_layout_get_baseline_with_fallback(font, *tag,
	    HB_DIRECTION_LTR, scripts[nscripts - 1],
	    nlangs > 0 ? langs[nlangs - 1] : HB_TAG_NONE, &b);
	return b;
}

/* Runs of other scripts moved up or down to the first run's baseline: a
 * Chinese name in a Latin line sits on the line's baseline by its own
 * ideographic one (apply_baseline_shift). */
static void
S_align_baselines(GSList *runs)
{
	hb_ot_layout_baseline_tag_t tag = 0;
	hb_position_t first = 0;

	for (GSList *r = runs; r != NULL; r = r->next) {
		PangoGlyphItem *run = r->data;
		hb_position_t b = S_baseline(run->item, &tag);

		if (r == runs)
			first = b;
		run->y_offset = first - b;
	}
}

/* Runs of words a to b, split where the colours and underlines change
 * (apply_attributes_to_runs).  Returns a new list. */
static GSList *
S_runs(const struct para *p, guint a, guint b, bool wrapped)
{
	const struct seg *s = (const struct seg *)(void *)p->segs->data;
	GSList *runs = NULL, *split = NULL;

	for (guint k = a; k <= b;) {
		guint e = k;
		PangoGlyphItem *run;

		while (e < b && s[e + 1].item == s[k].item)
			e++;
		run = S_run(p, k, e);
		if (e == b && wrapped)
			S_zero_space(p, run, s[b].cend);
		runs = g_slist_append(runs, run);
		k = e + 1;
	}
	S_align_baselines(runs);
	for (GSList *r = runs; r != NULL; r = r->next)
		split = g_slist_concat(split, pango_glyph_item_apply_attrs(
		    r->data, p->text, p->rest));
	g_slist_free(runs);
	return split;
}

/* Place lines one under the other and align them
 * (pango_layout_get_extents_internal). */
static void
S_place(PangoLayout *l, GArray *lines)
{
	int width = pango_layout_get_width(l), y = 0;

	if (width < 0 && pango_layout_get_alignment(l) != PANGO_ALIGN_LEFT) {
		width = 0;
		for (guint i = 0; i < lines->len; i++)
			width = MAX(width, g_array_index(lines, struct tline,
			    i).width);
	}
	for (guint i = 0; i < lines->len; i++) {
		struct tline *ln = &g_array_index(lines, struct tline, i);
		int top = ln->top;

		ln->x += S_x_offset(l, width, ln, i == 0);
		ln->baseline = y - top;
		ln->top = y;
		y += ln->height;
	}
}

static void
S_tline_clear(gpointer data)
{
	struct tline *ln = data;

	g_slist_free_full(ln->runs, (GDestroyNotify)pango_glyph_item_free);
}

/* Set a paragraph: fill_lines without the cache of paragraphs. */
static GArray *
S_fill(struct fillcache *c, PangoLayout *l, const char *text)
{
	struct para p = { 0 };
	GArray *lines;
	guint i = 0;

	p.text = text;
	p.len = (int)strlen(p.text);
	if (!S_plain_layout(l) || !S_plain_text(p.text, p.len))
		return NULL;
	if (g_hash_table_size(c->words) > WORDS_MAX)
		g_hash_table_remove_all(c->words);
	if (!S_itemize(&p, l)) {
		S_para_clear(&p);
		return NULL;
	}
	S_words(c, &p);
	lines = g_array_new(FALSE, TRUE, sizeof(struct tline));
	g_array_set_clear_func(lines, S_tline_clear);
	while (i < p.segs->len) {
		int end = S_line_end(&p, i, S_line_width(l, lines->len == 0));
		const struct seg *a, *b;
		struct tline ln = { 0 };

		if (end < 0) {
			g_array_unref(lines);
			S_para_clear(&p);
			return NULL;
		}
		a = &g_array_index(p.segs, struct seg, i);
		b = &g_array_index(p.segs, struct seg, end);
		ln.start = (guint)a->start;
		ln.length = (guint)(b->end - a->start);
		ln.runs = S_runs(&p, i, (guint)end,
		    (guint)end + 1 < p.segs->len);
		S_measure(&ln);
		g_array_append_val(lines, ln);
		i = (guint)end + 1;
	}
	S_place(l, lines);
	S_para_clear(&p);
	return lines;
}

/* A font description's every field, quicker to make than Pango's own
 * string of it. */
static void
S_font_key(GString *k, const PangoFontDescription *fd)
{
	const char *family = pango_font_description_get_family(fd);
	const char *variations = pango_font_description_get_variations(fd);

	g_string_append(k, family != NULL ? family : "");
	g_string_append_c(k, '\x1e');
	append_int(k, pango_font_description_get_style(fd), ' ');
	append_int(k, pango_font_description_get_variant(fd), ' ');
	append_int(k, pango_font_description_get_weight(fd), ' ');
	append_int(k, pango_font_description_get_stretch(fd), ' ');
	append_int(k, pango_font_description_get_size(fd), ' ');
	append_int(k, pango_font_description_get_size_is_absolute(fd), ' ');
	append_int(k, pango_font_description_get_gravity(fd), ' ');
	append_int(k, pango_font_description_get_set_fields(fd), '\x1e');
	g_string_append(k, variations != NULL ? variations : "");
}

/* What the lines of a layout's paragraph depend on: its language,
 * font, width, indent, alignment and wrapping, its attributes and its
 * text.  Returns a new string. */
static char *
S_para_key(PangoLayout *l, const char *text)
{
	PangoContext *ctx = pango_layout_get_context(l);
	PangoAttrList *attrs = pango_layout_get_attributes(l);
	const PangoFontDescription *fd = pango_layout_get_font_description(l);
	char *a = attrs != NULL ? pango_attr_list_to_string(attrs) : NULL;
	GString *k = g_string_sized_new(128 + strlen(text));

	g_string_append(k, pango_language_to_string(
	    pango_context_get_language(ctx)));
	g_string_append_c(k, '\x1f');
	if (fd != NULL)
		S_font_key(k, fd);
	g_string_append_c(k, '\x1f');
	append_int(k, pango_layout_get_width(l), ' ');
	append_int(k, pango_layout_get_indent(l), ' ');
	append_int(k, pango_layout_get_alignment(l), ' ');
	append_int(k, pango_layout_get_wrap(l), ' ');
	append_int(k, pango_layout_get_justify(l), '\x1f');
	if (a != NULL)
		g_string_append(k, a);
	g_string_append_c(k, '\x1f');
	g_string_append(k, text);
	g_free(a);
	return g_string_free(k, FALSE);
}

/*
 * A paragraph set once is kept with its setting: the texts of a plan
 * come back in each language of a batch, labels and headings in every
 * plan, and the lines of a layout are never changed once set.
 */
GArray *
fill_lines(struct fillcache *c, PangoLayout *l)
{
	const char *text = pango_layout_get_text(l);
	char *key;
	GArray *lines;
	gsize bytes;

	if (strlen(text) > PARA_LONG)
		return S_fill(c, l, text);
	key = S_para_key(l, text);
	lines = g_hash_table_lookup(c->paras, key);
	if (lines != NULL) {
		g_free(key);
		return lines != S_declined ? g_array_ref(lines) : NULL;
	}
	lines = S_fill(c, l, text);
	bytes = strlen(key) + sizeof(struct tline) * (lines != NULL ?
	    lines->len : 0);
	for (guint i = 0; lines != NULL && i < lines->len; i++)
		for (GSList *r = g_array_index(lines, struct tline, i).runs;
		    r != NULL; r = r->next)
			bytes += sizeof(PangoGlyphItem) + sizeof(PangoItem) +
			    (sizeof(PangoGlyphInfo) + sizeof(int)) *
			    (gsize)((PangoGlyphItem *)r->data)->glyphs->
			    num_glyphs;
	if (c->para_bytes + bytes > PARAS_BYTES) {
		g_hash_table_remove_all(c->paras);
		c->para_bytes = 0;
	}
	c->para_bytes += bytes;
	g_hash_table_insert(c->paras, key, lines != NULL ?
	    g_array_ref(lines) : S_declined);
	return lines;
}

void
fill_free(GArray *lines)
{
	if (lines != NULL)
		g_array_unref(lines);
}
