/*
 * raster.h: PNG and JPEG files decoded into pixels, at most as many as
 * the size they are drawn at needs.
 */
#ifndef UCAPGEN_RASTER_H
#define UCAPGEN_RASTER_H

#include <cairo.h>
#include <glib.h>

/* The most pixels an inch an image keeps at the size it is drawn. */
#define RASTER_PPI 600

/* Where an image is drawn, in points: its width, and at most its height
 * (INFINITY: no limit). */
struct raster_fit {
	double width, max_height;
};

/*
 * Decode a PNG (raster_png) or JPEG (raster_jpeg) file's bytes into a
 * new image surface (caller destroys): the file's pixels, or, when it
 * has more than fit needs at RASTER_PPI, fewer (averaged).  *w and *h
 * get the file's own size in pixels.  A JPEG surface keeps the file's
 * bytes as its mime data, so PDF and SVG embed the file itself.  Returns
 * NULL with *err (caller frees) in plain words.
 */
cairo_surface_t *raster_png(const guint8 *data, gsize len,
    const struct raster_fit *fit, guint *w, guint *h, char **err);
cairo_surface_t *raster_jpeg(const guint8 *data, gsize len,
    const struct raster_fit *fit, guint *w, guint *h, char **err);

#endif
