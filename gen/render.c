/*
 * render.c: the render stage: a document to the bytes of its files.
 *
 * A PDF is pdf.c's: ucapgen writes it itself.  SVG and PNG are drawn by
 * cairo: S_draw_page paints a page's boxes on any cairo_t, and the two
 * differ only in the surface made for it (lowdown's and pango-view's
 * way).  The bytes are collected in memory and handed back: writing
 * files is the caller's business (output.c), so a failed render leaves
 * no file.
 */
#include "render.h"
#include "pdf.h"
#include "svgpost.h"
#include "text.h"

#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <string.h>

/* The gap between pages stacked in one SVG. */
#define SVG_PAGE_GAP 24.0

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

/* Draw a run at x in its colour, and its underline if it has one, as
 * Pango's own renderer would.  Returns its width. */
static double
S_draw_run(cairo_t *cr, const struct box *b, const char *text,
    PangoGlyphItem *run, double x)
{
	double w = (double)pango_glyph_string_get_width(run->glyphs) /
	    PANGO_SCALE;

	S_source(cr, text_run_color(run, b->color));
	/* A run of another script is moved to sit on the line's baseline
	 * by its own (Pango's line setting, and fill.c's as it). */
	cairo_move_to(cr, x, b->y - (double)run->y_offset / PANGO_SCALE);
	pango_cairo_show_glyph_item(cr, text, run);
	if (text_run_underlined(run)) {
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

static void
S_show_line(cairo_t *cr, const struct box *b)
{
	const char *text = pango_layout_get_text(b->layout);
	double x = b->x;

	for (GSList *r = b->line->runs; r != NULL; r = r->next)
		x += S_draw_run(cr, b, text, r->data, x);
}

/* ---- The one drawing routine ---- */

/* A page's boxes, in order.  Links are the SVG's business (svgpost.c). */
static void
S_draw_page(cairo_t *cr, const struct page *p)
{
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
	for (guint i = 0; i < p->boxes->len; i++) {
		const struct box *b = &g_array_index(p->boxes, struct box, i);

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
			S_show_line(cr, b);
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
			 * its edges over half of one of its pixels.  Not in
			 * an SVG (the viewer scales), nor for a drawing (a
			 * recording surface, padded, would be drawn at its
			 * own size and enlarged). */
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

/* SVG: every page on one surface, one below the other. */
static GBytes *
S_svg(const struct document *d, struct diags *diags)
{
	GByteArray *buf = g_byte_array_new();
	cairo_surface_t *s;
	cairo_t *cr;
	guint n = d->pages->len;
	bool ok;

	s = cairo_svg_surface_create_for_stream(S_write, buf, d->width,
	    n * d->height + (n > 0 ? n - 1 : 0) * SVG_PAGE_GAP);
	cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	cr = cairo_create(s);
	for (guint i = 0; i < n; i++) {
		double y = i * (d->height + SVG_PAGE_GAP);

		cairo_save(cr);
		cairo_translate(cr, 0, y);
		cairo_rectangle(cr, 0, 0, d->width, d->height);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_fill(cr);
		S_draw_page(cr, d->pages->pdata[i]);
		cairo_restore(cr);
	}
	ok = S_check(cairo_status(cr), diags);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	ok = ok && S_check(cairo_surface_status(s), diags);
	cairo_surface_destroy(s);
	if (!ok) {
		g_byte_array_unref(buf);
		return NULL;
	}
	{
		GBytes *raw = g_byte_array_free_to_bytes(buf);
		GBytes *done = svgpost_finish(raw, d, d->id_prefix != NULL ?
		    d->id_prefix : "ucap", SVG_PAGE_GAP, diags);

		g_bytes_unref(raw);
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
	S_draw_page(cr, d->pages->pdata[i]);
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
    int only, struct pdffontcache *fonts, struct diags *diags)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_bytes_unref);
	struct srcpos none = { 0, 0 };

	if (fmt != OUT_PNG) {
		GBytes *b = fmt == OUT_PDF ? pdf_render(d, fonts, diags) :
		    S_svg(d, diags);

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
