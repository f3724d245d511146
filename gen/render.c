/*
 * render.c: one drawing routine for every output format.
 *
 * S_draw_page paints a page's boxes on any cairo_t; the formats differ
 * only in the surface made for it (lowdown's and pango-view's way).  The
 * bytes are collected in memory and handed back: writing files is the
 * caller's business (output.c), so a failed render leaves no file.
 */
#include "render.h"
#include "pdfpost.h"
#include "svgpost.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <hb.h>
#include <pango/pangocairo.h>
#include <string.h>

/* The gap between pages stacked in one SVG. */
#define SVG_PAGE_GAP 24.0

/*
 * Once, before any thread starts: cairo 1.16 deflates a PDF's content
 * streams (at zlib's default level) unless CAIRO_DEBUG_PDF is set, and
 * pdfpost.c inflates them again to mark their artifacts and deflates
 * them once more.  Told to, cairo leaves them plain, and pdfpost.c
 * deflates every plain stream once: a tenth of a summary's time.
 */
void
render_setup(void)
{
	g_setenv("CAIRO_DEBUG_PDF", "1", TRUE);
}

bool
render_format_from_name(const char *s, enum outfmt *f)
{
	if (g_ascii_strcasecmp(s, "pdf") == 0)
		*f = OUT_PDF;
	else if (g_ascii_strcasecmp(s, "svg") == 0)
		*f = OUT_SVG;
	else if (g_ascii_strcasecmp(s, "png") == 0)
		*f = OUT_PNG;
	else
		return false;
	return true;
}

static cairo_status_t
S_write(void *closure, const unsigned char *data, unsigned int length)
{
	g_byte_array_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static void
S_source(cairo_t *cr, struct rgba c)
{
	cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* "uri='…' rect=[x y w h]", with quotes and backslashes escaped. */
static char *
S_link_attrs(const struct box *b)
{
	GString *s = g_string_new("uri='");
	char num[4][G_ASCII_DTOSTR_BUF_SIZE];

	for (const char *c = b->uri; *c != '\0'; c++) {
		if (*c == '\'' || *c == '\\')
			g_string_append_c(s, '\\');
		g_string_append_c(s, *c);
	}
	g_ascii_formatd(num[0], sizeof num[0], "%.2f", b->x);
	g_ascii_formatd(num[1], sizeof num[1], "%.2f", b->y);
	g_ascii_formatd(num[2], sizeof num[2], "%.2f", b->w);
	g_ascii_formatd(num[3], sizeof num[3], "%.2f", b->h);
	g_string_append_printf(s, "' rect=[%s %s %s %s]", num[0], num[1],
	    num[2], num[3]);
	return g_string_free(s, FALSE);
}

/* The size of an image surface in its own units. */
static void
S_image_size(cairo_surface_t *s, double *w, double *h)
{
	cairo_rectangle_t ext;

	if (cairo_surface_get_type(s) == CAIRO_SURFACE_TYPE_RECORDING &&
	    cairo_recording_surface_get_extents(s, &ext)) {
		*w = ext.width;
		*h = ext.height;
	} else {
		*w = cairo_image_surface_get_width(s);
		*h = cairo_image_surface_get_height(s);
	}
	if (*w <= 0)
		*w = 1;
	if (*h <= 0)
		*h = 1;
}

/* ---- Tags: the structure tree of a tagged PDF ---- */

/* Drawing a document's pages, with its structure when tagged. */
struct painter {
	cairo_t *cr;
	cairo_surface_t *pdf;   /* the PDF surface when tagging, else NULL */
	const struct document *doc;
	GArray *open;           /* of int: structure nodes open, outermost
				   first */
	int dests;              /* destinations made for bookmarks */
	GArray *begun;          /* of int: for each structure element cairo
				   makes, in order, its node (0: a Span or
				   an artifact; -N: a Link, N the link it
				   is a part of), for pdfpost.c */
	GHashTable *links;      /* owned: the number of a link -> N */
	enum { MARK_NONE, MARK_ARTIFACT, MARK_SPAN } mark;
				/* the mark open around the last boxes
				   drawn: consecutive decoration shares one
				   artifact, a node's consecutive lines one
				   Span */
	int mark_tag;           /* MARK_SPAN: the node of its lines */
};

/* Begin a structure element, and note which node it is. */
static void
S_begin(struct painter *pt, const char *type, const char *attrs, int node)
{
	cairo_tag_begin(pt->cr, type, attrs);
	if (pt->begun != NULL)
		g_array_append_val(pt->begun, node);
}

static const struct snode *
S_snode(const struct painter *pt, int n)
{
	return &g_array_index(pt->doc->nodes, struct snode, n - 1);
}

static int
S_top(const struct painter *pt)
{
	return pt->open->len > 0 ?
	    g_array_index(pt->open, int, pt->open->len - 1) : 0;
}

static void
S_close_top(struct painter *pt)
{
	cairo_tag_end(pt->cr, S_snode(pt, S_top(pt))->type);
	g_array_set_size(pt->open, pt->open->len - 1);
}

/* Open the elements from the root to node n, closing those not on the
 * way.  A node with a bookmark gets a destination where it begins. */
static void
S_enter(struct painter *pt, int n, double x, double y)
{
	int path[64], depth = 0;
	guint keep = 0;

	for (int k = n; k > 0 && depth < 64; k = S_snode(pt, k)->parent)
		path[depth++] = k;
	while (keep < pt->open->len && keep < (guint)depth &&
	    g_array_index(pt->open, int, keep) == path[depth - 1 - (int)keep])
		keep++;
	while (pt->open->len > keep)
		S_close_top(pt);
	for (int i = depth - 1 - (int)keep; i >= 0; i--) {
		const struct snode *s = S_snode(pt, path[i]);

		S_begin(pt, s->type, NULL, path[i]);
		g_array_append_val(pt->open, path[i]);
		if (s->outline != NULL) {
			char name[32], attrs[96], xs[G_ASCII_DTOSTR_BUF_SIZE],
			    ys[G_ASCII_DTOSTR_BUF_SIZE];

			g_snprintf(name, sizeof name, "dest%d", ++pt->dests);
			g_ascii_formatd(xs, sizeof xs, "%.1f", x);
			g_ascii_formatd(ys, sizeof ys, "%.1f", MAX(0, y - 12));
			g_snprintf(attrs, sizeof attrs, "name='%s' x=%s y=%s",
			    name, xs, ys);
			cairo_tag_begin(pt->cr, CAIRO_TAG_DEST, attrs);
			cairo_tag_end(pt->cr, CAIRO_TAG_DEST);
			g_snprintf(attrs, sizeof attrs, "dest='%s'", name);
			cairo_pdf_surface_add_outline(pt->pdf,
			    CAIRO_PDF_OUTLINE_ROOT, s->outline, attrs, 0);
		}
	}
}

/* Only a Figure holds its drawing directly; text goes in spans. */
static bool
S_direct(const struct painter *pt, int n)
{
	return n > 0 && strcmp(S_snode(pt, n)->type, "Figure") == 0;
}

/* Before an artifact: an element that holds drawing directly must not
 * get one inside it. */
static void
S_artifact_begin(struct painter *pt)
{
	if (pt->pdf == NULL)
		return;
	while (S_direct(pt, S_top(pt)))
		S_close_top(pt);
	/* Marked "Private" for now: the finished PDF turns it into an
	 * artifact (pdfpost.c), which cairo 1.16 cannot write itself. */
	S_begin(pt, "Private", NULL, 0);
}

static void
S_artifact_end(struct painter *pt)
{
	if (pt->pdf != NULL)
		cairo_tag_end(pt->cr, "Private");
}

/* End the artifact or Span left open by the boxes drawn before. */
static void
S_mark_close(struct painter *pt)
{
	if (pt->mark == MARK_ARTIFACT)
		S_artifact_end(pt);
	else if (pt->mark == MARK_SPAN)
		cairo_tag_end(pt->cr, "Span");
	pt->mark = MARK_NONE;
}

/*
 * Put the next box in the right mark: an artifact for decoration, a
 * Span for a line of a node's text (lines: true), the node itself for
 * anything else.  Marks stay open while the boxes that follow need the
 * same one, so a table's rules are one artifact and a paragraph's lines
 * on a page one Span: fewer, larger marks, as a reader expects them.
 */
static void
S_mark(struct painter *pt, const struct box *b, bool lines)
{
	if (b->tag <= 0) {
		if (pt->mark == MARK_ARTIFACT)
			return;
		S_mark_close(pt);
		S_artifact_begin(pt);
		pt->mark = MARK_ARTIFACT;
		return;
	}
	if (lines && pt->mark == MARK_SPAN && pt->mark_tag == b->tag)
		return;
	S_mark_close(pt);
	S_enter(pt, b->tag, b->x, b->y);
	if (lines && !S_direct(pt, b->tag)) {
		S_begin(pt, "Span", NULL, 0);
		pt->mark = MARK_SPAN;
		pt->mark_tag = b->tag;
	}
}

/* ---- Text lines ---- */

/*
 * Begin or end the Link of a link's area on a line of text.  A link that
 * breaks across lines has an area on each; they are numbered alike, so
 * that pdfpost.c can make them one Link element.
 */
static void
S_link_tag(struct painter *pt, const struct box *link, bool begin)
{
	char *attrs, *key;
	int n;

	if (!begin) {
		cairo_tag_end(pt->cr, CAIRO_TAG_LINK);
		return;
	}
	key = g_strdup_printf("%d", link->link);
	n = GPOINTER_TO_INT(g_hash_table_lookup(pt->links, key));
	if (n == 0) {
		n = (int)g_hash_table_size(pt->links) + 1;
		g_hash_table_insert(pt->links, key, GINT_TO_POINTER(n));
	} else
		g_free(key);
	attrs = S_link_attrs(link);
	S_begin(pt, CAIRO_TAG_LINK, attrs, -n);
	g_free(attrs);
}

/* The colour a run asks for, else the line's. */
static void
S_run_source(cairo_t *cr, const PangoGlyphItem *run, struct rgba dflt)
{
	for (GSList *a = run->item->analysis.extra_attrs; a; a = a->next) {
		const PangoAttribute *attr = a->data;

		if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
			const PangoColor *c = &((const PangoAttrColor *)(const
			    void *)attr)->color;

			cairo_set_source_rgb(cr, c->red / 65535.0,
			    c->green / 65535.0, c->blue / 65535.0);
			return;
		}
	}
	S_source(cr, dflt);
}

static bool
S_underlined(const PangoGlyphItem *run)
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

/*
 * Whether a run is the spaces that end a line: Pango draws them as no
 * glyph at all, so a run of nothing else (after an underlined or linked
 * word) would leave no space in the PDF's text, and the line's last
 * word would run into the next line's first.
 */
static bool
S_blank_tail(const PangoGlyphItem *run, const char *text)
{
	const PangoItem *item = run->item;

	if (run->glyphs->num_glyphs == 0)
		return false;
	for (int i = 0; i < run->glyphs->num_glyphs; i++)
		if (run->glyphs->glyphs[i].glyph != PANGO_GLYPH_EMPTY)
			return false;
	for (const char *c = text + item->offset;
	    c < text + item->offset + item->length; c = g_utf8_next_char(c))
		if (!g_unichar_isspace(g_utf8_get_char(c)))
			return false;
	return true;
}

/*
 * Draw a run.  In a PDF, a blank run that ends a line is drawn with the
 * font's space glyph, which has no ink and here no width, so that the
 * text keeps its space.
 */
static void
S_show_run(cairo_t *cr, const char *text, PangoGlyphItem *run, bool pdf)
{
	hb_codepoint_t space;
	PangoGlyphItem blank;

	if (!pdf || !S_blank_tail(run, text) ||
	    !hb_font_get_nominal_glyph(pango_font_get_hb_font(
	    run->item->analysis.font), ' ', &space)) {
		pango_cairo_show_glyph_item(cr, text, run);
		return;
	}
	blank.item = run->item;
	blank.glyphs = pango_glyph_string_copy(run->glyphs);
	for (int i = 0; i < blank.glyphs->num_glyphs; i++)
		blank.glyphs->glyphs[i].glyph = space;
	pango_cairo_show_glyph_item(cr, text, &blank);
	pango_glyph_string_free(blank.glyphs);
}

/* Draw a run at x in its colour, and its underline if it has one, as
 * Pango's own renderer would.  Returns its width. */
static double
S_draw_run(struct painter *pt, const struct box *b, const char *text,
    PangoGlyphItem *run, double x)
{
	cairo_t *cr = pt->cr;
	double w = (double)pango_glyph_string_get_width(run->glyphs) /
	    PANGO_SCALE;

	S_run_source(cr, run, b->color);
	/* A run of another script is moved to sit on the line's baseline
	 * by its own (Pango's line setting, and fill.c's as it). */
	cairo_move_to(cr, x, b->y - (double)run->y_offset / PANGO_SCALE);
	S_show_run(cr, text, run, pt->pdf != NULL);
	if (S_underlined(run)) {
		PangoFontMetrics *m = pango_font_get_metrics(
		    run->item->analysis.font, NULL);
		double pos = (double)
		    pango_font_metrics_get_underline_position(m) / PANGO_SCALE;
		double th = (double)
		    pango_font_metrics_get_underline_thickness(m) /
		    PANGO_SCALE;

		cairo_rectangle(cr, x, b->y - pos, w, th);
		cairo_fill(cr);
		pango_font_metrics_unref(m);
	}
	return w;
}

/*
 * A line with links, run by run, each run in a Span or, under a link,
 * in a Link whose area is the link's on this line (so a link that breaks
 * across lines or pages is a link on each).
 */
static void
S_runs(struct painter *pt, const struct box *b, const struct box *links,
    guint nlinks, bool artifact)
{
	cairo_t *cr = pt->cr;
	const char *text = pango_layout_get_text(b->layout);
	double x = b->x;
	const struct box *open = NULL;
	bool span = false;

	for (GSList *r = b->line->runs; r != NULL; r = r->next) {
		PangoGlyphItem *run = r->data;
		double w = (double)pango_glyph_string_get_width(run->glyphs) /
		    PANGO_SCALE;
		double mid = x + w / 2;
		const struct box *in = NULL;

		for (guint k = 0; k < nlinks; k++)
			if (mid >= links[k].x && mid <= links[k].x +
			    links[k].w)
				in = &links[k];
		/* In a band (an artifact) only the links are content: the
		 * finished PDF moves them out of the artifact (pdfpost.c),
		 * since a link must be in the structure tree. */
		if (pt->pdf != NULL && (in != open || (in == NULL && !span))) {
			if (open != NULL)
				S_link_tag(pt, open, false);
			if (span)
				cairo_tag_end(cr, artifact ? "Private" :
				    "Span");
			span = false;
			if (in != NULL)
				S_link_tag(pt, in, true);
			else {
				/* In an artifact, the text around a link
				 * needs marks of its own too: cairo marks
				 * nothing of an element that holds another. */
				S_begin(pt, artifact ? "Private" : "Span",
				    NULL, 0);
				span = true;
			}
			open = in;
		}
		x += S_draw_run(pt, b, text, run, x);
	}
	if (open != NULL)
		S_link_tag(pt, open, false);
	if (span)
		cairo_tag_end(cr, artifact ? "Private" : "Span");
}

/* A line of text without links, and in a PDF the space that ends it. */
static void
S_show_line(struct painter *pt, const struct box *b)
{
	const char *text = pango_layout_get_text(b->layout);
	double x = b->x;

	for (GSList *r = b->line->runs; r != NULL; r = r->next)
		x += S_draw_run(pt, b, text, r->data, x);
}

/* ---- The one drawing routine ---- */

/* A page's boxes, in order; with a PDF surface, in their structure. */
static void
S_draw_page(struct painter *pt, const struct page *p)
{
	cairo_t *cr = pt->cr;

	cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
	for (guint i = 0; i < p->boxes->len; i++) {
		const struct box *b = &g_array_index(p->boxes, struct box, i);
		bool tagged = pt->pdf != NULL && b->tag > 0;
		guint n = 0;

		if (b->kind == BOX_LINK)
			continue;       /* with its line of text, below */
		/* A line's links follow it in the list. */
		while (b->kind == BOX_TEXT && i + 1 + n < p->boxes->len &&
		    g_array_index(p->boxes, struct box, i + 1 + n).kind ==
		    BOX_LINK)
			n++;
		if (n > 0 && pt->pdf != NULL) {
			/* Links make marks of their own, run by run. */
			S_mark_close(pt);
			if (tagged)
				S_enter(pt, b->tag, b->x, b->y);
			else
				S_artifact_begin(pt);
			S_runs(pt, b, &g_array_index(p->boxes, struct box,
			    i + 1), n, !tagged);
			if (!tagged)
				S_artifact_end(pt);
			i += n;
			continue;
		}
		i += n;
		if (pt->pdf != NULL)
			S_mark(pt, b, b->kind == BOX_TEXT);
		switch (b->kind) {
		case BOX_FILL:
			S_source(cr, b->color);
			cairo_rectangle(cr, b->x, b->y, b->w, b->h);
			cairo_fill(cr);
			break;
		case BOX_RULE:
			S_source(cr, b->color);
			cairo_set_line_width(cr, b->width);
			cairo_move_to(cr, b->x, b->y);
			cairo_line_to(cr, b->x + b->w, b->y + b->h);
			cairo_stroke(cr);
			break;
		case BOX_TEXT:
			S_show_line(pt, b);
			break;
		case BOX_IMAGE: {
			double iw, ih;

			S_image_size(b->image, &iw, &ih);
			cairo_save(cr);
			cairo_translate(cr, b->x, b->y);
			cairo_scale(cr, b->w / iw, b->h / ih);
			cairo_set_source_surface(cr, b->image, 0, 0);
			cairo_pattern_set_filter(cairo_get_source(cr),
			    CAIRO_FILTER_GOOD);
			/* In a PNG, a picture's edge pixels go to its edge:
			 * with no extend, cairo blends them with the
			 * transparent outside, and an enlarged logo fades at
			 * its edges over half of one of its pixels.  Not in a
			 * PDF (cairo would write a padded copy of the
			 * picture, and a JPEG would no longer be the file's
			 * bytes) nor an SVG (the viewer scales), nor for a
			 * drawing (a recording surface, padded, would be drawn
			 * at its own size and enlarged). */
			if (cairo_surface_get_type(cairo_get_target(cr)) ==
			    CAIRO_SURFACE_TYPE_IMAGE &&
			    cairo_surface_get_type(b->image) ==
			    CAIRO_SURFACE_TYPE_IMAGE)
				cairo_pattern_set_extend(cairo_get_source(cr),
				    CAIRO_EXTEND_PAD);
			cairo_rectangle(cr, 0, 0, iw, ih);
			cairo_fill(cr);
			cairo_restore(cr);
			break;
		}
		case BOX_LINK:
			break;
		}
	}
	if (pt->pdf != NULL)
		S_mark_close(pt);
}

static bool
S_check(cairo_status_t st, struct diags *diags)
{
	struct srcpos none = { 0, 0 };

	if (st == CAIRO_STATUS_SUCCESS)
		return true;
	diags_add(diags, SEV_ERROR, NULL, none, "drawing failed: %s",
	    cairo_status_to_string(st));
	return false;
}

static void
S_pdf_metadata(cairo_surface_t *s, const struct document *d)
{
	if (d->title != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
		    d->title);
	if (d->author != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
		    d->author);
	if (d->subject != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT,
		    d->subject);
	if (d->keywords != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS,
		    d->keywords);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "ucapgen " UCAPGEN_VERSION);
	if (d->date != NULL) {
		cairo_pdf_surface_set_metadata(s,
		    CAIRO_PDF_METADATA_CREATE_DATE, d->date);
		cairo_pdf_surface_set_metadata(s,
		    CAIRO_PDF_METADATA_MOD_DATE, d->date);
	}
}

/* PDF and SVG: every page drawn on one vector surface. */
static GBytes *
S_vector(const struct document *d, enum outfmt fmt, struct diags *diags)
{
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *s;
	cairo_t *cr;
	guint n = d->pages->len;
	bool ok;
	struct painter pt = { 0 };

	if (fmt == OUT_PDF) {
		s = cairo_pdf_surface_create_for_stream(S_write, buf, d->width,
		    d->height);
		cairo_pdf_surface_restrict_to_version(s,
		    CAIRO_PDF_VERSION_1_5);
		S_pdf_metadata(s, d);
	} else {
		s = cairo_svg_surface_create_for_stream(S_write, buf, d->width,
		    n * d->height + (n > 0 ? n - 1 : 0) * SVG_PAGE_GAP);
		cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
		cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	}
	cr = cairo_create(s);
	pt.cr = cr;
	pt.doc = d;
	pt.pdf = fmt == OUT_PDF ? s : NULL;
	pt.open = g_array_new(FALSE, FALSE, sizeof(int));
	pt.links = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	pt.begun = fmt == OUT_PDF ? g_array_new(FALSE, FALSE, sizeof(int)) :
	    NULL;
	/* The root first: cairo decides from the first tag it sees whether
	 * the document is tagged. */
	if (pt.pdf != NULL && d->nodes->len > 0)
		S_enter(&pt, 1, 0, 0);
	for (guint i = 0; i < n; i++) {
		if (fmt == OUT_PDF) {
			S_draw_page(&pt, d->pages->pdata[i]);
			cairo_show_page(cr);
		} else {
			double y = i * (d->height + SVG_PAGE_GAP);

			cairo_save(cr);
			cairo_translate(cr, 0, y);
			cairo_rectangle(cr, 0, 0, d->width, d->height);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_fill(cr);
			S_draw_page(&pt, d->pages->pdata[i]);
			cairo_restore(cr);
		}
	}
	while (pt.pdf != NULL && pt.open->len > 0)
		S_close_top(&pt);
	g_array_free(pt.open, TRUE);
	g_hash_table_destroy(pt.links);
	ok = S_check(cairo_status(cr), diags);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	ok = ok && S_check(cairo_surface_status(s), diags);
	cairo_surface_destroy(s);
	if (!ok) {
		g_byte_array_unref(buf);
		if (pt.begun != NULL)
			g_array_free(pt.begun, TRUE);
		return NULL;
	}
	{
		GBytes *raw = g_byte_array_free_to_bytes(buf);
		GBytes *done = fmt == OUT_PDF ? pdfpost_finish(raw, d,
		    pt.begun, diags) : svgpost_finish(raw, d,
		    d->id_prefix != NULL ? d->id_prefix : "ucap", SVG_PAGE_GAP,
		    diags);

		g_bytes_unref(raw);
		if (pt.begun != NULL)
			g_array_free(pt.begun, TRUE);
		return done;
	}
}

/* The widest and tallest a PNG page can be (cairo's image surfaces). */
#define PNG_MAX_SIDE 32767

static GBytes *
S_png(const struct document *d, guint i, double dpi, struct diags *diags)
{
	double scale = dpi / 72.0;
	int w = (int)(d->width * scale + 0.5), h = (int)(d->height * scale +
	    0.5);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    w, h);
	cairo_t *cr = cairo_create(s);
	GByteArray *buf = g_byte_array_new();
	bool ok;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	{
		struct painter pt = { .cr = cr, .doc = d };

		S_draw_page(&pt, d->pages->pdata[i]);
	}
	ok = S_check(cairo_status(cr), diags);
	cairo_destroy(cr);
	if (ok)
		ok = S_check(cairo_surface_write_to_png_stream(s, S_write, buf),
		    diags);
	cairo_surface_destroy(s);
	if (!ok) {
		g_byte_array_unref(buf);
		return NULL;
	}
	return g_byte_array_free_to_bytes(buf);
}

GPtrArray *
render_document(const struct document *d, enum outfmt fmt, double dpi,
    int only, struct diags *diags)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_bytes_unref);
	struct srcpos none = { 0, 0 };

	if (fmt != OUT_PNG) {
		GBytes *b = S_vector(d, fmt, diags);

		if (b == NULL) {
			g_ptr_array_unref(out);
			return NULL;
		}
		g_ptr_array_add(out, b);
		return out;
	}
	if (only > (int)d->pages->len) {
		diags_add(diags, SEV_ERROR, NULL, none, "there is no page %d; "
		    "the summary has %u", only, d->pages->len);
		g_ptr_array_unref(out);
		return NULL;
	}
	if (d->width * dpi / 72.0 + 0.5 > PNG_MAX_SIDE ||
	    d->height * dpi / 72.0 + 0.5 > PNG_MAX_SIDE) {
		double most = PNG_MAX_SIDE * 72.0 / MAX(d->width, d->height);

		diags_add(diags, SEV_ERROR, NULL, none, "at %.0f dpi a page is "
		    "%.0f × %.0f pixels, and a PNG page is at most %d pixels a "
		    "side: use --dpi %d or less (--width %d or less)", dpi,
		    d->width * dpi / 72.0, d->height * dpi / 72.0,
		    PNG_MAX_SIDE, (int)MIN(most, 2400), (int)(d->width * most /
		    72.0));
		g_ptr_array_unref(out);
		return NULL;
	}
	for (guint i = 0; i < d->pages->len; i++) {
		GBytes *b;

		if (only > 0 && (int)i + 1 != only)
			continue;
		if ((b = S_png(d, i, dpi, diags)) == NULL) {
			g_ptr_array_unref(out);
			return NULL;
		}
		g_ptr_array_add(out, b);
	}
	return out;
}
