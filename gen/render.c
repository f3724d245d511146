/*
 * render.c: one drawing routine for every output format.
 *
 * S_draw_page paints a page's boxes on any cairo_t; the formats differ
 * only in the surface made for it (lowdown's and pango-view's way).  The
 * bytes are collected in memory and handed back: writing files is the
 * caller's business (output.c), so a failed render leaves no file.
 */
#include "render.h"

#include <cairo-pdf.h>
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

/* The one drawing routine: a page's boxes, in order. */
static void
S_draw_page(cairo_t *cr, const struct page *p, bool links)
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
			S_source(cr, b->color);
			cairo_move_to(cr, b->x, b->y);
			pango_cairo_show_layout_line(cr,
			    pango_layout_get_line_readonly(b->layout, b->line));
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
			cairo_rectangle(cr, 0, 0, iw, ih);
			cairo_fill(cr);
			cairo_restore(cr);
			break;
		}
		case BOX_LINK:
			if (links) {
				char *attrs = S_link_attrs(b);

				cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
				cairo_tag_end(cr, CAIRO_TAG_LINK);
				g_free(attrs);
			}
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
	for (guint i = 0; i < n; i++) {
		if (fmt == OUT_PDF) {
			S_draw_page(cr, d->pages->pdata[i], true);
			cairo_show_page(cr);
		} else {
			double y = i * (d->height + SVG_PAGE_GAP);

			cairo_save(cr);
			cairo_translate(cr, 0, y);
			cairo_rectangle(cr, 0, 0, d->width, d->height);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_fill(cr);
			S_draw_page(cr, d->pages->pdata[i], false);
			cairo_restore(cr);
		}
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
	return g_byte_array_free_to_bytes(buf);
}

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
	S_draw_page(cr, d->pages->pdata[i], false);
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
