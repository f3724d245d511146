/*
 * fill-test.c: paragraphs set by text_piece (gen/fill.c where it can)
 * and by PangoLayout, compared, for tests/fill.sh.
 *
 *   fill-test FONTDIR [LANG [PDF]] < CORPUS
 *
 * Reads one paragraph a line, in the inline markup of a plan's texts,
 * and sets each as text_piece sets a plan's text, in the language LANG
 * (default en; it chooses fonts and baselines): in several styles
 * (regular, bold, italic; left, centred, right; a hanging indent; two
 * line heights; balanced), at several widths, and as a plain text with a
 * link.  Each piece must have the lines PangoLayout gives a copy of its
 * layout: the same breaks, runs, fonts, glyphs and their places,
 * colours and underlines, and line boxes.  Prints each difference, then
 * "N pieces: N set by fill.c, N by PangoLayout, N differ"; exit status 1
 * if any differs.  With PDF, one piece of each paragraph (the styles in
 * turn, 260 pt wide) is also written there by the PDF writer
 * (gen/pdf.c), a paragraph of the structure tree each, line after line.
 */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "flow.h"
#include "fonts.h"
#include "page.h"
#include "pdf.h"
#include "text.h"

struct tally {
	unsigned pieces, filled, pango, differ;
};

/* The colour (0xRRGGBB, or -1) and underline of a run, as drawn. */
static void
S_look(const PangoGlyphItem *run, long *fg, int *ul)
{
	*fg = -1;
	*ul = 0;
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *at = a->data;

		if (at->klass->type == PANGO_ATTR_FOREGROUND) {
			const PangoColor *c = &((const PangoAttrColor *)
			    (const void *)at)->color;

			*fg = (c->red >> 8) << 16 | (c->green >> 8) << 8 |
			    (c->blue >> 8);
		} else if (at->klass->type == PANGO_ATTR_UNDERLINE)
			*ul = ((const PangoAttrInt *)(const void *)at)->value;
	}
}

/* The first difference of two runs, or NULL.  Returns a new string. */
static char *
S_run_diff(const PangoGlyphItem *a, const PangoGlyphItem *b)
{
	const PangoGlyphString *x = a->glyphs, *y = b->glyphs;
	long fa, fb;
	int ua, ub;

	if (a->item->offset != b->item->offset ||
	    a->item->length != b->item->length ||
	    a->item->num_chars != b->item->num_chars)
		return g_strdup_printf("run at byte %d+%d / %d+%d",
		    a->item->offset, a->item->length, b->item->offset,
		    b->item->length);
	if (a->item->analysis.font != b->item->analysis.font)
		return g_strdup("run font");
	if (a->y_offset != b->y_offset)
		return g_strdup_printf("run baseline shift %d / %d",
		    a->y_offset, b->y_offset);
	S_look(a, &fa, &ua);
	S_look(b, &fb, &ub);
	if (fa != fb || ua != ub)
		return g_strdup_printf("run colour %lx/%lx underline %d/%d",
		    fa, fb, ua, ub);
	if (x->num_glyphs != y->num_glyphs)
		return g_strdup_printf("run glyphs %d / %d", x->num_glyphs,
		    y->num_glyphs);
	for (int g = 0; g < x->num_glyphs; g++) {
		const PangoGlyphInfo *i = &x->glyphs[g], *j = &y->glyphs[g];

		if (i->glyph != j->glyph ||
		    i->geometry.width != j->geometry.width ||
		    i->geometry.x_offset != j->geometry.x_offset ||
		    i->geometry.y_offset != j->geometry.y_offset ||
		    x->log_clusters[g] != y->log_clusters[g])
			return g_strdup_printf("glyph %d of the run at byte "
			    "%d: %u w %d c %d / %u w %d c %d", g,
			    a->item->offset, i->glyph, i->geometry.width,
			    x->log_clusters[g], j->glyph, j->geometry.width,
			    y->log_clusters[g]);
	}
	return NULL;
}

/* The first difference of the piece's line i and PangoLayout's line at
 * the iterator, or NULL.  Returns a new string. */
static char *
S_line_diff(const struct tline *own, PangoLayoutIter *it)
{
	PangoLayoutLine *pl = pango_layout_iter_get_line_readonly(it);
	PangoRectangle r;
	int y0, y1, base;
	GSList *a, *b;

	pango_layout_iter_get_line_yrange(it, &y0, &y1);
	pango_layout_iter_get_line_extents(it, NULL, &r);
	base = pango_layout_iter_get_baseline(it);
	if (own->start != (guint)pl->start_index ||
	    own->length != (guint)pl->length)
		return g_strdup_printf("bytes %u+%u / %d+%d", own->start,
		    own->length, pl->start_index, pl->length);
	if (own->x != r.x || own->width != r.width || own->top != y0 ||
	    own->height != y1 - y0 || own->baseline != base)
		return g_strdup_printf("box x %d w %d top %d h %d base %d / "
		    "x %d w %d top %d h %d base %d", own->x, own->width,
		    own->top, own->height, own->baseline, r.x, r.width, y0,
		    y1 - y0, base);
	for (a = own->runs, b = pl->runs; a != NULL && b != NULL;
	    a = a->next, b = b->next) {
		char *d = S_run_diff(a->data, b->data);

		if (d != NULL)
			return d;
	}
	if (a != NULL || b != NULL)
		return g_strdup_printf("runs %u / %u", g_slist_length(
		    own->runs), g_slist_length(pl->runs));
	return NULL;
}

/* Compare a piece with PangoLayout's lines of a copy of its layout. */
static void
S_compare(struct tally *t, const struct piece *p, const char *what)
{
	PangoLayout *copy = pango_layout_copy(p->layout);
	PangoLayoutIter *it = pango_layout_get_iter(copy);
	const struct tline *first = text_line(p->layout, 0);
	char *diff = NULL;
	guint i = 0;

	do {
		const struct tline *own = text_line(p->layout, i++);

		diff = own == NULL ? g_strdup("fewer lines") :
		    S_line_diff(own, it);
	} while (diff == NULL && pango_layout_iter_next_line(it));
	if (diff == NULL && text_line(p->layout, i) != NULL)
		diff = g_strdup("more lines");
	t->pieces++;
	if (diff != NULL) {
		t->differ++;
		printf("differs, line %u: %s\n  %s\n  %s\n", i - 1, diff,
		    what, pango_layout_get_text(p->layout));
		g_free(diff);
	}
	/* PangoLayout's own runs: the piece was set by PangoLayout. */
	if (first != NULL && first->runs ==
	    pango_layout_get_line_readonly(p->layout, 0)->runs)
		t->pango++;
	else
		t->filled++;
	pango_layout_iter_free(it);
	g_object_unref(copy);
}

/* The pieces' lines as a PDF's pages, from the top down. */
struct sheet {
	struct document *doc;
	struct page *page;
	double y;
};

#define SHEET_W 595.0
#define SHEET_H 842.0
#define SHEET_MARGIN 36.0

static void
S_sheet_add(struct sheet *sh, const struct piece *p)
{
	int node = document_node(sh->doc, "P", 1, NULL, NULL);

	for (guint i = 0; i < p->lines->len; i++) {
		const struct pline *l = &g_array_index(p->lines, struct pline, i);
		struct box b = { 0 };

		if (sh->page == NULL || sh->y + l->bottom - l->top >
		    SHEET_H - SHEET_MARGIN) {
			sh->page = page_new();
			g_ptr_array_add(sh->doc->pages, sh->page);
			sh->y = SHEET_MARGIN;
		}
		b.kind = BOX_TEXT;
		b.x = SHEET_MARGIN + p->x + l->x;
		b.y = sh->y + l->baseline - l->top;
		b.w = SHEET_W - 2 * SHEET_MARGIN;
		b.h = l->bottom - l->top;
		b.color = p->color;
		b.layout = p->layout;
		b.line = l->line;
		b.tag = node;
		page_add(sh->page, &b);
		sh->y += l->bottom - l->top;
	}
}

/* Write the sheet's PDF to path; false with a message on stderr. */
static bool
S_sheet_write(struct sheet *sh, const char *path, struct diags *diags)
{
	GBytes *pdf = pdf_render(sh->doc, NULL, diags);
	GError *e = NULL;
	bool ok = pdf != NULL && g_file_set_contents(path,
	    g_bytes_get_data(pdf, NULL), (gssize)g_bytes_get_size(pdf), &e);

	if (pdf == NULL)
		diags_print(diags, stderr, false);
	else if (!ok) {
		fprintf(stderr, "fill-test: %s\n", e->message);
		g_error_free(e);
	}
	if (pdf != NULL)
		g_bytes_unref(pdf);
	return ok;
}

static void
S_style(struct lstyle *s, bool bold, bool italic, enum align align,
    double hanging, double line_height, bool balance)
{
	memset(s, 0, sizeof *s);
	s->font = (char *)"Noto Sans";
	s->size = 9;
	s->bold = bold;
	s->italic = italic;
	s->align = align;
	s->hanging = hanging;
	s->line_height = line_height;
	s->balance = balance;
	s->color.a = 1;
}

int
main(int argc, char **argv)
{
	static const double widths[] = { -1, 60, 110, 170, 260, 420 };
	struct lstyle styles[7];
	struct tally t = { 0, 0, 0, 0 };
	struct fonts fonts;
	struct diags diags;
	struct textctx ctx;
	char buf[65536];

	struct sheet sheet = { NULL, NULL, 0 };
	guint paragraphs = 0;
	bool written = true;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: fill-test FONTDIR [LANG [PDF]] < "
		    "CORPUS\n");
		return 2;
	}
	if (argc == 4) {
		sheet.doc = document_new(SHEET_W, SHEET_H);
		document_node(sheet.doc, "Document", 0, NULL, NULL);
		sheet.doc->title = g_strdup("fill-test");
		sheet.doc->language = g_strdup(argv[2]);
	}
	diags_init(&diags);
	if (!fonts_init(&fonts, argv[1], &diags)) {
		diags_print(&diags, stderr, false);
		return 2;
	}
	S_style(&styles[0], false, false, ALIGN_LEFT, 0, 1.2, false);
	S_style(&styles[1], true, false, ALIGN_LEFT, 0, 1.0, false);
	S_style(&styles[2], false, true, ALIGN_RIGHT, 0, 1.35, false);
	S_style(&styles[3], false, false, ALIGN_CENTER, 0, 1.2, false);
	S_style(&styles[4], false, false, ALIGN_LEFT, 7, 1.2, false);
	S_style(&styles[5], true, false, ALIGN_RIGHT, 7, 1.2, false);
	S_style(&styles[6], true, false, ALIGN_CENTER, 0, 1.1, true);
	textctx_init(&ctx, &fonts, argc >= 3 ? argv[2] : "en", &diags, NULL,
	    NULL);
	while (fgets(buf, sizeof buf, stdin) != NULL) {
		size_t n = strcspn(buf, "\n");

		buf[n] = '\0';
		if (n == 0)
			continue;
		for (size_t s = 0; s < G_N_ELEMENTS(styles); s++)
			for (size_t w = 0; w < G_N_ELEMENTS(widths); w++) {
				struct piece *p = text_piece(&ctx, &styles[s],
				    buf, true, widths[w], NULL, NULL);
				char *what = g_strdup_printf("style %zu, width "
				    "%g", s, widths[w]);

				S_compare(&t, p, what);
				g_free(what);
				if (sheet.doc != NULL && widths[w] == 260 &&
				    s == paragraphs % G_N_ELEMENTS(styles))
					S_sheet_add(&sheet, p);
				piece_free(p);
			}
		/* As a plain text with a link over its first half. */
		for (size_t w = 0; w < G_N_ELEMENTS(widths); w++) {
			struct textlink link = { 0, (guint)n / 2,
			    "https://example.org/" };
			struct piece *p;

			while (link.end > 0 && (buf[link.end] & 0xC0) == 0x80)
				link.end--;
			p = text_piece(&ctx, &styles[0], buf, false, widths[w],
			    NULL, &link);
			S_compare(&t, p, "plain, with a link");
			piece_free(p);
		}
		paragraphs++;
	}
	if (sheet.doc != NULL) {
		written = S_sheet_write(&sheet, argv[3], &diags);
		document_free(sheet.doc);
	}
	printf("%u pieces: %u set by fill.c, %u by PangoLayout, %u differ\n",
	    t.pieces, t.filled, t.pango, t.differ);
	textctx_clear(&ctx);
	fonts_clear(&fonts);
	diags_clear(&diags);
	return t.differ > 0 || !written ? 1 : 0;
}
