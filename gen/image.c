/*
 * image.c: loading PNG (cairo), JPEG (libjpeg) and SVG (librsvg) images,
 * and keeping a plan's image references inside the plan's folder.
 *
 * librsvg is opened only when a plan has an SVG image: it is a large
 * library, and loading it at every start would cost every run time.
 * Owns nothing after it returns but the surfaces it hands out.
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include "image.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jpeglib.h>
#include <jerror.h>
#include <librsvg/rsvg.h>

/* ---- PNG ---- */

struct reader {
	const guint8 *data;
	gsize len, pos;
};

static cairo_status_t
S_read(void *closure, unsigned char *out, unsigned int n)
{
	struct reader *r = closure;

	if (r->len - r->pos < n)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->data + r->pos, n);
	r->pos += n;
	return CAIRO_STATUS_SUCCESS;
}

static guint32
S_be32(const guint8 *p)
{
	return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 |
	    p[3];
}

static bool
S_png(const guint8 *data, gsize len, struct image *img, char **err)
{
	struct reader r = { data, len, 0 };
	guint32 w, h;

	/* The header says the size: refuse a pixel bomb before decoding. */
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
	img->surface = cairo_image_surface_create_from_png_stream(S_read, &r);
	if (cairo_surface_status(img->surface) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(img->surface);
		img->surface = NULL;
		*err = g_strdup("this PNG file is damaged");
		return false;
	}
	/* Pixels at 96 per inch, as on the web. */
	img->width = w * 0.75;
	img->height = h * 0.75;
	return true;
}

/* ---- JPEG ---- */

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	bool cut;               /* the data ended before the picture */
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

static bool
S_jpeg(const guint8 *data, gsize len, struct image *img, char **err)
{
	struct jpeg_decompress_struct d;
	struct jerr je;
	cairo_surface_t *volatile s = NULL;
	guint8 *volatile row = NULL;
	guint8 *copy;
	volatile bool cmyk = false;

	d.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = S_jpeg_fail;
	je.mgr.emit_message = S_jpeg_quiet;
	je.cut = false;
	if (setjmp(je.jump) != 0) {
		jpeg_destroy_decompress(&d);
		g_free(row);
		if (s != NULL)
			cairo_surface_destroy(s);
		*err = g_strdup("this JPEG file is damaged");
		return false;
	}
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, data, (unsigned long)len);
	jpeg_read_header(&d, TRUE);
	if (d.image_width > IMAGE_MAX_SIDE || d.image_height > IMAGE_MAX_SIDE) {
		*err = g_strdup_printf("this image is %u × %u pixels; images "
		    "are at most %d pixels a side", d.image_width,
		    d.image_height, IMAGE_MAX_SIDE);
		jpeg_destroy_decompress(&d);
		return false;
	}
	/* CMYK (print logos) is read as such and made RGB here. */
	cmyk = d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK;
	d.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
	jpeg_start_decompress(&d);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)d.output_width, (int)d.output_height);
	row = g_malloc((gsize)d.output_width * (cmyk ? 4 : 3));
	cairo_surface_flush(s);
	while (d.output_scanline < d.output_height) {
		JSAMPROW rows[1] = { row };
		guint8 *dst = cairo_image_surface_get_data(s) +
		    (gsize)d.output_scanline * cairo_image_surface_get_stride(s);
		guint32 *px = (guint32 *)(void *)dst;

		jpeg_read_scanlines(&d, rows, 1);
		for (guint x = 0; x < d.output_width; x++)
			px[x] = cmyk ? S_cmyk(row + 4 * x, d.saw_Adobe_marker) :
			    0xFF000000u | (guint32)row[3 * x] << 16 |
			    (guint32)row[3 * x + 1] << 8 | row[3 * x + 2];
	}
	cairo_surface_mark_dirty(s);
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	g_free(row);
	if (je.cut) {
		cairo_surface_destroy(s);
		*err = g_strdup("this JPEG file is cut short: it ends before "
		    "its picture does");
		return false;
	}
	/* PDF and SVG embed the JPEG's own bytes (an RGB or grey one: a
	 * CMYK file's colours would need a /Decode cairo 1.16 does not
	 * write, so its pixels are embedded). */
	if (!cmyk) {
		copy = g_memdup2(data, len);
		cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, len,
		    g_free, copy);
	}
	img->surface = s;
	img->width = d.output_width * 0.75;
	img->height = d.output_height * 0.75;
	return true;
}

/* ---- SVG, with librsvg opened on first use ---- */

/* A message of what, with librsvg's reason on the same line: its line
 * breaks made spaces, and its advice to programmers left out. */
static char *
S_rsvg_message(const char *what, const GError *e)
{
	char *why = g_strdup(e != NULL ? e->message : "");
	char *cut = strstr(why, " use XML_PARSE_HUGE");
	char *r;

	if (cut != NULL)
		*cut = '\0';
	g_strdelimit(why, "\r\n\t", ' ');
	g_strstrip(why);
	r = *why != '\0' ? g_strdup_printf("%s: %s", what, why) :
	    g_strdup(what);
	g_free(why);
	return r;
}

static bool S_rsvg_open_locked(void);

static struct {
	bool tried;
	GModule *module;
	RsvgHandle *(*new_from_data)(const guint8 *, gsize, GError **);
	gboolean (*size)(RsvgHandle *, gdouble *, gdouble *);
	gboolean (*render)(RsvgHandle *, cairo_t *, const RsvgRectangle *,
	    GError **);
} S_rsvg;

static bool
S_rsvg_open_locked(void)
{
	if (S_rsvg.tried)
		return S_rsvg.module != NULL;
	S_rsvg.tried = true;
	S_rsvg.module = g_module_open("librsvg-2.so.2", G_MODULE_BIND_LAZY |
	    G_MODULE_BIND_LOCAL);
	if (S_rsvg.module == NULL)
		return false;
	if (!g_module_symbol(S_rsvg.module, "rsvg_handle_new_from_data",
	    (gpointer *)&S_rsvg.new_from_data) ||
	    !g_module_symbol(S_rsvg.module,
	    "rsvg_handle_get_intrinsic_size_in_pixels",
	    (gpointer *)&S_rsvg.size) ||
	    !g_module_symbol(S_rsvg.module, "rsvg_handle_render_document",
	    (gpointer *)&S_rsvg.render)) {
		g_module_close(S_rsvg.module);
		S_rsvg.module = NULL;
		return false;
	}
	/* The library stays for the rest of the process. */
	g_module_make_resident(S_rsvg.module);
	return true;
}

static bool
S_rsvg_open(void)
{
	static GMutex lock;
	bool ok;

	/* Workers of a batch may all want it at once. */
	g_mutex_lock(&lock);
	ok = S_rsvg_open_locked();
	g_mutex_unlock(&lock);
	return ok;
}

static bool
S_svg(const guint8 *data, gsize len, struct image *img, char **err)
{
	RsvgHandle *h;
	GError *e = NULL;
	double w = 0, hgt = 0;
	cairo_rectangle_t ext;
	RsvgRectangle vp;
	cairo_t *cr;

	if (!S_rsvg_open()) {
		*err = g_strdup("SVG images need librsvg (librsvg-2.so.2), "
		    "which is not installed");
		return false;
	}
	h = S_rsvg.new_from_data(data, len, &e);
	if (h == NULL) {
		*err = S_rsvg_message("this SVG file is damaged", e);
		g_clear_error(&e);
		return false;
	}
	if (!S_rsvg.size(h, &w, &hgt) || w <= 0 || hgt <= 0) {
		/* No intrinsic size (only a viewBox): assume a square. */
		w = hgt = 300;
	}
	if (w > IMAGE_MAX_SIDE || hgt > IMAGE_MAX_SIDE) {
		*err = g_strdup_printf("this image is %.0f × %.0f pixels; "
		    "images are at most %d pixels a side", w, hgt,
		    IMAGE_MAX_SIDE);
		g_object_unref(h);
		return false;
	}
	ext.x = ext.y = 0;
	ext.width = w;
	ext.height = hgt;
	img->surface = cairo_recording_surface_create(
	    CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cr = cairo_create(img->surface);
	vp.x = vp.y = 0;
	vp.width = w;
	vp.height = hgt;
	if (!S_rsvg.render(h, cr, &vp, &e)) {
		*err = S_rsvg_message("this SVG file cannot be drawn", e);
		g_clear_error(&e);
		cairo_destroy(cr);
		g_object_unref(h);
		image_clear(img);
		return false;
	}
	cairo_destroy(cr);
	g_object_unref(h);
	img->width = w * 0.75;
	img->height = hgt * 0.75;
	return true;
}

bool
image_load(const char *path, const char *name, struct image *img,
    char **err)
{
	gchar *data = NULL;
	gsize len = 0;
	GError *e = NULL;
	bool ok;
	GStatBuf st;

	memset(img, 0, sizeof *img);
	*err = NULL;
	if (g_stat(path, &st) != 0) {
		*err = g_strdup_printf("cannot read the image '%s': %s", name,
		    g_strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = g_strdup_printf("'%s' is not an image file", name);
		return false;
	}
	if ((guint64)st.st_size > IMAGE_MAX_BYTES) {
		*err = g_strdup_printf("the image '%s' is %.1f MB; images are "
		    "at most %u MB", name, (double)st.st_size / 1e6,
		    IMAGE_MAX_BYTES >> 20);
		return false;
	}
	if (!g_file_get_contents(path, &data, &len, &e)) {
		*err = g_strdup_printf("cannot read the image '%s': %s", name,
		    e->message);
		g_error_free(e);
		return false;
	}
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
		ok = S_png((const guint8 *)data, len, img, err);
	else if (len >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0)
		ok = S_jpeg((const guint8 *)data, len, img, err);
	else if (g_strstr_len(data, (gssize)len, "<svg") != NULL)
		ok = S_svg((const guint8 *)data, len, img, err);
	else {
		*err = g_strdup_printf("'%s' is not a PNG, JPEG or SVG image",
		    name);
		ok = false;
	}
	g_free(data);
	return ok;
}

void
image_clear(struct image *img)
{
	if (img->surface != NULL)
		cairo_surface_destroy(img->surface);
	memset(img, 0, sizeof *img);
}

/* Whether path is dir or inside it (both canonical). */
static bool
S_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0');
}

/* The canonical path with symbolic links followed, or NULL. */
static char *
S_real(const char *path)
{
	char *r = realpath(path, NULL);
	char *copy;

	if (r == NULL)
		return NULL;
	copy = g_strdup(r);
	free(r);
	return copy;
}

char *
image_resolve(const char *plan_dir, const char *ref, char *const *allowed,
    char **err)
{
	char *path = g_path_is_absolute(ref) ? g_strdup(ref) :
	    g_build_filename(plan_dir, ref, NULL);
	char *real = S_real(path);
	int saved = errno;
	char *root = S_real(plan_dir);
	bool ok = false;

	*err = NULL;
	if (real == NULL) {
		*err = g_strdup_printf("cannot read the image '%s': %s", ref,
		    g_strerror(saved));
		g_free(path);
		g_free(root);
		return NULL;
	}
	if (root != NULL && S_inside(real, root))
		ok = true;
	for (char *const *a = allowed; !ok && a != NULL && *a != NULL; a++) {
		char *ar = S_real(*a);

		ok = ar != NULL && S_inside(real, ar);
		g_free(ar);
	}
	if (!ok) {
		*err = g_strdup_printf("the image '%s' is outside the plan's "
		    "folder; allow its folder with --allow-path", ref);
		g_free(real);
		real = NULL;
	}
	g_free(path);
	g_free(root);
	return real;
}
