/*
 * raster.c: PNG (libpng) and JPEG (libjpeg) files decoded row by row
 * into a cairo image surface, at most as many pixels as the size the
 * image is drawn at needs (RASTER_PPI).
 *
 * A logo of 12,000 × 12,000 pixels drawn 4 cm wide needs about 950 of
 * them a side: decoding all of it would hold 576 MB of pixels, and the
 * PDF writer would copy them again.  Rows are therefore averaged into
 * the smaller picture as they are decoded (a JPEG is first decoded at
 * a fraction libjpeg offers), and only the smaller picture is kept.
 * An interlaced PNG and a progressive JPEG are read whole first, so they
 * are refused above RASTER_WHOLE_MAX pixels.  A JPEG a camera stored on
 * its side (Exif orientation) is turned upright.
 * Owns nothing after it returns but the surface it hands out.
 */
#include "raster.h"

#include <math.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

#include "image.h"

/* ---- Averaging rows into a smaller picture ---- */

/* Source rows of premultiplied ARGB averaged into the surface's rows:
 * source pixel (x, y) falls into (x * dw / sw, y * dh / sh). */
struct shrink {
	guint sw, sh;           /* the source's size */
	guint dw, dh;           /* the surface's */
	guint *col;             /* owned; of sw: each source column's */
	guint *ncol;            /* owned; of dw: source columns in each */
	guint64 *sum;           /* owned; of 4 * dw: the current row's */
	guint nrows;            /* source rows in the current row */
	guint y;                /* the current row */
	cairo_surface_t *out;   /* owned until handed out */
};

static void
S_shrink_init(struct shrink *s, guint sw, guint sh, guint dw, guint dh,
    bool alpha)
{
	memset(s, 0, sizeof *s);
	s->sw = sw;
	s->sh = sh;
	s->dw = dw;
	s->dh = dh;
	s->out = cairo_image_surface_create(alpha ? CAIRO_FORMAT_ARGB32 :
	    CAIRO_FORMAT_RGB24, (int)dw, (int)dh);
	cairo_surface_flush(s->out);
	if (sw == dw && sh == dh)
		return;
	s->col = g_new(guint, sw);
	s->ncol = g_new0(guint, dw);
	s->sum = g_new0(guint64, 4 * (gsize)dw);
	for (guint x = 0; x < sw; x++) {
		s->col[x] = (guint)((guint64)x * dw / sw);
		s->ncol[s->col[x]]++;
	}
}

/* The surface's row y, from the sums of its source rows. */
static void
S_shrink_flush(struct shrink *s)
{
	guint32 *dst = (guint32 *)(void *)(cairo_image_surface_get_data(
	    s->out) + (gsize)s->y * cairo_image_surface_get_stride(s->out));

	if (s->nrows == 0)
		return;
	for (guint x = 0; x < s->dw; x++) {
		guint64 n = (guint64)s->ncol[x] * s->nrows;
		guint32 px = 0;

		for (int c = 0; c < 4; c++)
			px |= (guint32)((s->sum[4 * x + c] + n / 2) / n) <<
			    (8 * c);
		dst[x] = px;
	}
	memset(s->sum, 0, 4 * (gsize)s->dw * sizeof *s->sum);
	s->nrows = 0;
}

/* Source row y (premultiplied ARGB, in order). */
static void
S_shrink_row(struct shrink *s, guint y, const guint32 *row)
{
	guint dy = (guint)((guint64)y * s->dh / s->sh);

	if (s->col == NULL) {
		memcpy(cairo_image_surface_get_data(s->out) +
		    (gsize)y * cairo_image_surface_get_stride(s->out), row,
		    (gsize)s->sw * 4);
		return;
	}
	if (dy != s->y) {
		S_shrink_flush(s);
		s->y = dy;
	}
	for (guint x = 0; x < s->sw; x++) {
		guint64 *d = s->sum + 4 * s->col[x];

		for (int c = 0; c < 4; c++)
			d[c] += row[x] >> (8 * c) & 0xFF;
	}
	s->nrows++;
}

/* The surface, complete (the caller owns it). */
static cairo_surface_t *
S_shrink_done(struct shrink *s)
{
	cairo_surface_t *out = s->out;

	if (s->col != NULL)
		S_shrink_flush(s);
	cairo_surface_mark_dirty(out);
	s->out = NULL;
	return out;
}

static void
S_shrink_clear(struct shrink *s)
{
	if (s->out != NULL)
		cairo_surface_destroy(s->out);
	g_free(s->col);
	g_free(s->ncol);
	g_free(s->sum);
	memset(s, 0, sizeof *s);
}

/* The most pixels of a picture read whole before it is averaged: an
 * interlaced PNG (its rows come in seven passes) or a progressive JPEG
 * (libjpeg keeps all of it). */
#define RASTER_WHOLE_MAX 25000000u

/* The pixels a side an image of w × h pixels keeps when drawn to fit
 * (never more than its own, at least one). */
static void
S_target(const struct raster_fit *fit, guint w, guint h, guint *dw,
    guint *dh)
{
	double width = fit->width;
	double k;

	if (isfinite(fit->max_height) && width * h / w > fit->max_height)
		width = fit->max_height * w / h;
	k = width / 72 * RASTER_PPI / w;
	if (!(k < 1)) {
		*dw = w;
		*dh = h;
		return;
	}
	*dw = MAX(1, (guint)ceil(w * k));
	*dh = MAX(1, (guint)ceil(h * k));
}

/* ---- PNG ---- */

/* What the PNG reader works with.  libpng holds its address (for its
 * reads and errors), and what an error's longjmp leaves to free is kept
 * here, in memory, not in locals a compiler may hold in registers. */
struct png_in {
	const guint8 *data;
	gsize len, pos;
	jmp_buf jump;
	struct shrink s;        /* the smaller picture being made */
	guint8 *row;            /* owned; a decoded row */
	guint8 *whole;          /* owned; an interlaced picture, whole */
	guint32 *argb;          /* owned; a row as premultiplied ARGB */
};

static void
S_png_read(png_structp png, png_bytep out, png_size_t n)
{
	struct png_in *in = png_get_io_ptr(png);

	if (in->len - in->pos < n)
		png_error(png, "cut short");
	memcpy(out, in->data + in->pos, n);
	in->pos += n;
}

static void
S_png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	longjmp(((struct png_in *)png_get_error_ptr(png))->jump, 1);
}

static void
S_png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* A colour channel times alpha, rounded as cairo does. */
static guint32
S_premul(guint c, guint a)
{
	guint t = c * a + 0x80;

	return ((t >> 8) + t) >> 8;
}

/* A decoded row (RGB or RGBA, 8 bits) as premultiplied ARGB. */
static void
S_png_argb(const guint8 *in, guint32 *out, guint w, bool alpha)
{
	for (guint x = 0; x < w; x++, in += alpha ? 4 : 3) {
		guint a = alpha ? in[3] : 255;

		if (a == 255)
			out[x] = 0xFF000000u | (guint32)in[0] << 16 |
			    (guint32)in[1] << 8 | in[2];
		else
			out[x] = (guint32)a << 24 | S_premul(in[0], a) << 16 |
			    S_premul(in[1], a) << 8 | S_premul(in[2], a);
	}
}

/* The transformations that make any PNG 8-bit RGB or RGBA; whether it
 * has alpha. */
static bool
S_png_rgb(png_structp png, png_infop info)
{
	int type = png_get_color_type(png, info);
	int depth = png_get_bit_depth(png, info);
	bool trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;

	if (type == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(png);
	if (type == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(png);
	if (trns)
		png_set_tRNS_to_alpha(png);
	if (depth == 16)
		png_set_strip_16(png);
	if (type == PNG_COLOR_TYPE_GRAY || type == PNG_COLOR_TYPE_GRAY_ALPHA)
		png_set_gray_to_rgb(png);
	return trns || (type & PNG_COLOR_MASK_ALPHA) != 0;
}

/* An interlaced PNG's rows come in seven passes: it is decoded whole
 * (as RGB or RGBA, 3 or 4 bytes a pixel), then averaged. */
static void
S_png_interlaced(png_structp png, guint w, guint h, bool alpha,
    struct shrink *s, guint8 **whole, guint32 *argb)
{
	gsize stride = (gsize)w * (alpha ? 4 : 3);
	png_bytep *rows;
	guint8 *pixels;

	/* The rows' pointers and their pixels in one block, which the
	 * caller frees, also when libpng jumps out of png_read_image. */
	*whole = g_malloc(h * sizeof *rows + stride * h);
	rows = (png_bytep *)(void *)*whole;
	pixels = *whole + h * sizeof *rows;
	for (guint y = 0; y < h; y++)
		rows[y] = pixels + stride * y;
	png_read_image(png, rows);
	for (guint y = 0; y < h; y++) {
		S_png_argb(pixels + stride * y, argb, w, alpha);
		S_shrink_row(s, y, argb);
	}
}

static guint32
S_be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 |
	    p[3];
}

/* The header says the size: a pixel bomb is refused before decoding. */
static bool
S_png_header(const guint8 *data, gsize len, char **err)
{
	guint32 w, h;

	if (len < 33 || memcmp(data + 12, "IHDR", 4) != 0) {
		*err = g_strdup("this PNG file is damaged");
		return false;
	}
	w = S_be32(data + 16);
	h = S_be32(data + 20);
	if (w == 0 || h == 0) {
		*err = g_strdup_printf("this PNG file has no pixels (it is %u "
		    "× %u)", w, h);
		return false;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
		*err = g_strdup_printf("this image is %u × %u pixels; images "
		    "are at most %d pixels a side", w, h, IMAGE_MAX_SIDE);
		return false;
	}
	if (data[28] != 0 && (guint64)w * h > RASTER_WHOLE_MAX) {
		*err = g_strdup_printf("this PNG is interlaced and %u × %u "
		    "pixels: an interlaced picture is read whole, so it may "
		    "have at most %u million pixels; save it without "
		    "interlacing", w, h, RASTER_WHOLE_MAX / 1000000);
		return false;
	}
	return true;
}

cairo_surface_t *
raster_png(const guint8 *data, gsize len, const struct raster_fit *fit,
    guint *w, guint *h, char **err)
{
	struct png_in in = { .data = data, .len = len };
	png_structp png;
	png_infop info;
	cairo_surface_t *out = NULL;
	guint dw, dh;
	bool alpha;

	if (!S_png_header(data, len, err))
		return NULL;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &in, S_png_fail,
	    S_png_quiet);
	info = png_create_info_struct(png);
	if (setjmp(in.jump) != 0) {
		png_destroy_read_struct(&png, &info, NULL);
		S_shrink_clear(&in.s);
		g_free(in.row);
		g_free(in.whole);
		g_free(in.argb);
		*err = g_strdup("this PNG file is damaged");
		return NULL;
	}
	png_set_read_fn(png, &in, S_png_read);
	png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_read_info(png, info);
	*w = png_get_image_width(png, info);
	*h = png_get_image_height(png, info);
	alpha = S_png_rgb(png, info);
	S_target(fit, *w, *h, &dw, &dh);
	S_shrink_init(&in.s, *w, *h, dw, dh, alpha);
	in.argb = g_new(guint32, *w);
	if (png_set_interlace_handling(png) > 1) {
		png_read_update_info(png, info);
		S_png_interlaced(png, *w, *h, alpha, &in.s, &in.whole,
		    in.argb);
	} else {
		png_read_update_info(png, info);
		in.row = g_malloc(png_get_rowbytes(png, info));
		for (guint y = 0; y < *h; y++) {
			png_read_row(png, in.row, NULL);
			S_png_argb(in.row, in.argb, *w, alpha);
			S_shrink_row(&in.s, y, in.argb);
		}
	}
	png_read_end(png, NULL);
	png_destroy_read_struct(&png, &info, NULL);
	out = S_shrink_done(&in.s);
	S_shrink_clear(&in.s);
	g_free(in.row);
	g_free(in.whole);
	g_free(in.argb);
	return out;
}

/* ---- JPEG ---- */

/* What the JPEG reader works with; libjpeg holds its address (as its
 * error manager), so what an error's longjmp leaves to free is here. */
struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	bool cut;               /* the data ended before the picture */
	struct shrink s;        /* the smaller picture being made */
	guint8 *row;            /* owned; a decoded row */
	guint32 *argb;          /* owned; a row as ARGB */
};

static void
S_jpeg_fail(j_common_ptr c)
{
	longjmp(((struct jerr *)c->err)->jump, 1);
}

/* libjpeg's warnings: a file cut short is noted (libjpeg fills the
 * rest with grey); the others (extra bytes between markers, which many
 * cameras write) are of no harm. */
static void
S_jpeg_quiet(j_common_ptr c, int level)
{
	if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF)
		((struct jerr *)c->err)->cut = true;
}

/* A CMYK pixel as RGB: Adobe's files (most CMYK JPEGs) store the inks
 * inverted. */
static guint32
S_cmyk(const guint8 *p, bool adobe)
{
	guint c = p[0], m = p[1], y = p[2], k = p[3];

	if (!adobe) {
		c = 255 - c;
		m = 255 - m;
		y = 255 - y;
		k = 255 - k;
	}
	return 0xFF000000u | (c * k / 255) << 16 | (m * k / 255) << 8 |
	    (y * k / 255);
}

/* A decoded row (RGB or CMYK) as ARGB. */
static void
S_jpeg_argb(const guint8 *in, guint32 *out, guint w, bool cmyk,
    bool adobe)
{
	for (guint x = 0; x < w; x++)
		out[x] = cmyk ? S_cmyk(in + 4 * x, adobe) :
		    0xFF000000u | (guint32)in[3 * x] << 16 |
		    (guint32)in[3 * x + 1] << 8 | in[3 * x + 2];
}

/* A 16- or 32-bit number of an Exif block, in its byte order. */
static guint32
S_exif_int(const guint8 *p, int n, bool big)
{
	guint32 v = 0;

	for (int i = 0; i < n; i++)
		v |= (guint32)p[big ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

/*
 * The orientation a camera wrote in the file's Exif block (APP1): 1 as
 * it is stored, 2 to 8 flipped or turned (TIFF's tag 0x0112).  Phones
 * store a portrait photo on its side with 6 or 8; a browser turns it, a
 * PDF viewer does not, so ucapgen turns the pixels itself.
 */
static int
S_exif_orientation(const struct jpeg_decompress_struct *d)
{
	for (jpeg_saved_marker_ptr m = d->marker_list; m != NULL; m = m->next) {
		const guint8 *p = m->data;
		guint32 n = m->data_length, ifd, count;
		bool big;

		if (m->marker != JPEG_APP0 + 1 || n < 14 ||
		    memcmp(p, "Exif\0\0", 6) != 0)
			continue;
		p += 6;
		n -= 6;
		big = p[0] == 'M';
		if (memcmp(p, big ? "MM" : "II", 2) != 0)
			continue;
		ifd = S_exif_int(p + 4, 4, big);
		if (ifd > n - 2)
			continue;
		count = S_exif_int(p + ifd, 2, big);
		for (guint32 i = 0; i < count && ifd + 2 + 12 * (i + 1) <= n;
		    i++) {
			const guint8 *e = p + ifd + 2 + 12 * i;
			guint32 v;

			if (S_exif_int(e, 2, big) != 0x0112)
				continue;
			v = S_exif_int(e + 8, 2, big);
			return v >= 1 && v <= 8 ? (int)v : 1;
		}
	}
	return 1;
}

/* The picture s flipped or turned as Exif orientation o says (the new
 * surface; s is destroyed). */
static cairo_surface_t *
S_orient(cairo_surface_t *s, int o)
{
	double w = cairo_image_surface_get_width(s);
	double h = cairo_image_surface_get_height(s);
	bool turned = o >= 5;
	cairo_surface_t *t = cairo_image_surface_create(
	    cairo_image_surface_get_format(s), turned ? (int)h : (int)w,
	    turned ? (int)w : (int)h);
	cairo_matrix_t mx;
	cairo_t *cr = cairo_create(t);

	/* cairo_matrix_init(xx, yx, xy, yy, x0, y0): x' = xx x + xy y + x0,
	 * y' = yx x + yy y + y0 */
	switch (o) {
	case 2:         /* mirrored */
		cairo_matrix_init(&mx, -1, 0, 0, 1, w, 0);
		break;
	case 3:         /* half a turn */
		cairo_matrix_init(&mx, -1, 0, 0, -1, w, h);
		break;
	case 4:         /* upside down */
		cairo_matrix_init(&mx, 1, 0, 0, -1, 0, h);
		break;
	case 5:         /* mirrored across the diagonal */
		cairo_matrix_init(&mx, 0, 1, 1, 0, 0, 0);
		break;
	case 6:         /* a quarter turn clockwise */
		cairo_matrix_init(&mx, 0, 1, -1, 0, h, 0);
		break;
	case 7:         /* mirrored across the other diagonal */
		cairo_matrix_init(&mx, 0, -1, -1, 0, h, w);
		break;
	default:        /* 8: a quarter turn anticlockwise */
		cairo_matrix_init(&mx, 0, -1, 1, 0, 0, w);
		break;
	}
	cairo_set_matrix(cr, &mx);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return t;
}

/* The smallest of libjpeg's scales (n/8) that decodes at least dw
 * pixels of the file's w. */
static guint
S_jpeg_eighths(guint w, guint dw)
{
	guint n = 1;

	while (n < 8 && (guint64)w * n < (guint64)dw * 8)
		n++;
	return n;
}

cairo_surface_t *
raster_jpeg(const guint8 *data, gsize len, const struct raster_fit *fit,
    guint *w, guint *h, char **err)
{
	struct jpeg_decompress_struct d;
	struct jerr je = { 0 };
	cairo_surface_t *out;
	guint8 *copy;
	guint dw, dh;
	bool cmyk;
	int orient;

	d.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = S_jpeg_fail;
	je.mgr.emit_message = S_jpeg_quiet;
	if (setjmp(je.jump) != 0) {
		jpeg_destroy_decompress(&d);
		S_shrink_clear(&je.s);
		g_free(je.row);
		g_free(je.argb);
		*err = g_strdup("this JPEG file is damaged");
		return NULL;
	}
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, data, (unsigned long)len);
	jpeg_save_markers(&d, JPEG_APP0 + 1, 0xFFFF);
	jpeg_read_header(&d, TRUE);
	*w = d.image_width;
	*h = d.image_height;
	orient = S_exif_orientation(&d);
	if (*w > IMAGE_MAX_SIDE || *h > IMAGE_MAX_SIDE) {
		*err = g_strdup_printf("this image is %u × %u pixels; images "
		    "are at most %d pixels a side", *w, *h, IMAGE_MAX_SIDE);
		jpeg_destroy_decompress(&d);
		return NULL;
	}
	/* libjpeg holds a progressive file's whole picture. */
	if (jpeg_has_multiple_scans(&d) &&
	    (guint64)*w * *h > RASTER_WHOLE_MAX) {
		*err = g_strdup_printf("this JPEG is progressive and %u × %u "
		    "pixels: a progressive picture is read whole, so it may "
		    "have at most %u million pixels; save it as a baseline "
		    "JPEG", *w, *h, RASTER_WHOLE_MAX / 1000000);
		jpeg_destroy_decompress(&d);
		return NULL;
	}
	/* CMYK (print logos) is read as such and made RGB here. */
	cmyk = d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK;
	d.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
	/* A picture turned a quarter is as wide as the file is high. */
	if (orient >= 5)
		S_target(fit, *h, *w, &dh, &dw);
	else
		S_target(fit, *w, *h, &dw, &dh);
	d.scale_num = S_jpeg_eighths(*w, dw);
	d.scale_denom = 8;
	jpeg_start_decompress(&d);
	dw = MIN(dw, d.output_width);
	dh = MIN(dh, d.output_height);
	S_shrink_init(&je.s, d.output_width, d.output_height, dw, dh, false);
	je.row = g_malloc((gsize)d.output_width * (cmyk ? 4 : 3));
	je.argb = g_new(guint32, d.output_width);
	while (d.output_scanline < d.output_height) {
		JSAMPROW rows[1] = { je.row };
		guint y = d.output_scanline;

		jpeg_read_scanlines(&d, rows, 1);
		S_jpeg_argb(je.row, je.argb, d.output_width, cmyk,
		    d.saw_Adobe_marker);
		S_shrink_row(&je.s, y, je.argb);
	}
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	g_free(je.row);
	g_free(je.argb);
	out = S_shrink_done(&je.s);
	S_shrink_clear(&je.s);
	if (je.cut) {
		cairo_surface_destroy(out);
		*err = g_strdup("this JPEG file is cut short: it ends before "
		    "its picture does");
		return NULL;
	}
	if (orient > 1) {
		out = S_orient(out, orient);
		if (orient >= 5) {
			guint t = *w;

			*w = *h;
			*h = t;
		}
	}
	/* PDF and SVG embed the JPEG's own bytes (an RGB or grey one: a
	 * CMYK file's colours would need a /Decode cairo 1.16 does not
	 * write, and a turned one's viewers would not all turn; so their
	 * pixels are embedded). */
	if (!cmyk && orient <= 1) {
		copy = g_memdup2(data, len);
		cairo_surface_set_mime_data(out, CAIRO_MIME_TYPE_JPEG, copy,
		    len, g_free, copy);
	}
	return out;
}
