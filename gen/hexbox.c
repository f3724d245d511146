/*
 * hexbox.c: the box Pango draws for a character no font has, as PDF
 * path operators.
 *
 * The PNG and SVG are drawn by cairo, where Pango draws such a glyph as
 * a box holding the character's code in small hexadecimal digits.  The
 * PDF writer (pdf.c) draws its text itself, so it asks Pango for the
 * same drawing as a path (pango_cairo_glyph_string_path, which makes
 * the box's frame a ring and its digits outlines) and writes that path
 * out.  Owns nothing beyond the call.
 */
#include "hexbox.h"

#include <pango/pangocairo.h>

#include "pdfout.h"

static void
S_point(GString *out, const cairo_path_data_t *p, double bbox[4])
{
	bbox[0] = MIN(bbox[0], p->point.x);
	bbox[1] = MIN(bbox[1], p->point.y);
	bbox[2] = MAX(bbox[2], p->point.x);
	bbox[3] = MAX(bbox[3], p->point.y);
	pdfout_num(out, p->point.x, 3);
	g_string_append_c(out, ' ');
	pdfout_num(out, p->point.y, 3);
	g_string_append_c(out, ' ');
}

static void
S_path(GString *out, const cairo_path_t *path, double bbox[4])
{
	for (int i = 0; i < path->num_data; i += path->data[i].header.length) {
		const cairo_path_data_t *d = &path->data[i];

		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			/* where the pen ends: no figure */
			if (i + d->header.length >= path->num_data)
				break;
			S_point(out, &d[1], bbox);
			g_string_append(out, "m\n");
			break;
		case CAIRO_PATH_LINE_TO:
			S_point(out, &d[1], bbox);
			g_string_append(out, "l\n");
			break;
		case CAIRO_PATH_CURVE_TO:
			S_point(out, &d[1], bbox);
			S_point(out, &d[2], bbox);
			S_point(out, &d[3], bbox);
			g_string_append(out, "c\n");
			break;
		case CAIRO_PATH_CLOSE_PATH:
			g_string_append(out, "h\n");
			break;
		}
	}
}

bool
hexbox_path(PangoFont *font, const PangoGlyphInfo *gi, GString *out,
    double bbox[4])
{
	/* An unbounded recording surface: nothing is drawn on it, it only
	 * holds the path. */
	cairo_surface_t *s = cairo_recording_surface_create(
	    CAIRO_CONTENT_ALPHA, NULL);
	cairo_t *cr = cairo_create(s);
	PangoGlyphString *g = pango_glyph_string_new();
	cairo_path_t *path;
	gsize had = out->len;

	bbox[0] = bbox[1] = G_MAXDOUBLE;
	bbox[2] = bbox[3] = -G_MAXDOUBLE;
	pango_glyph_string_set_size(g, 1);
	g->glyphs[0] = *gi;
	g->glyphs[0].geometry.x_offset = 0;
	g->glyphs[0].geometry.y_offset = 0;
	g->log_clusters[0] = 0;
	cairo_move_to(cr, 0, 0);
	pango_cairo_glyph_string_path(cr, font, g);
	path = cairo_copy_path(cr);
	if (path->status == CAIRO_STATUS_SUCCESS)
		S_path(out, path, bbox);
	cairo_path_destroy(path);
	pango_glyph_string_free(g);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return out->len > had;
}
