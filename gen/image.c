/*
 * image.c: loading PNG and JPEG (through raster.c) and SVG (librsvg)
 * images, and keeping a plan's image references inside the plan's
 * folder.
 *
 * librsvg is opened only when a plan has an SVG image: it is a large
 * library, and loading it at every start would cost every run time.
 * A surface gets a key saying what it shows (image_key), under which
 * the PDF writer keeps what it made of it for the next document; a
 * worker's imagecache keeps the images it loaded, under their bytes'
 * digest and their fit, so that a logo is decoded once a batch.  Owns
 * nothing after it returns but the surfaces it hands out and the
 * caches.
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include "image.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <librsvg/rsvg.h>

/* ---- What a surface shows ---- */

/* A picture's file longer than this gets no key: hashing it would cost
 * more than what its key saves (it would not be kept). */
#define KEY_MAX_BYTES (1u << 20)

static const cairo_user_data_key_t S_key;

/* Give s its key: the SHA-256 of its file's bytes, and its size. */
static void
S_set_key(cairo_surface_t *s, const guint8 *data, gsize len, double w,
    double h)
{
	char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	char sw[G_ASCII_DTOSTR_BUF_SIZE], sh[G_ASCII_DTOSTR_BUF_SIZE];

	cairo_surface_set_user_data(s, &S_key, g_strconcat(sum, " ",
	    g_ascii_dtostr(sw, sizeof sw, w), " ",
	    g_ascii_dtostr(sh, sizeof sh, h), NULL), g_free);
	g_free(sum);
}

const char *
image_key(cairo_surface_t *s)
{
	return cairo_surface_get_user_data(s, &S_key);
}

/* ---- PNG and JPEG ---- */

static bool
S_raster(cairo_surface_t *(*decode)(const guint8 *, gsize,
    const struct raster_fit *, guint *, guint *, char **),
    const guint8 *data, gsize len, const struct raster_fit *fit,
    struct image *img, char **err)
{
	guint w = 0, h = 0;
	const unsigned char *jpeg = NULL;
	unsigned long jlen = 0;

	img->surface = decode(data, len, fit, &w, &h, err);
	if (img->surface == NULL)
		return false;
	/* Its pixels follow from the file and their number.  A JPEG file
	 * embedded as it is needs no key. */
	cairo_surface_get_mime_data(img->surface, CAIRO_MIME_TYPE_JPEG, &jpeg,
	    &jlen);
	if (jpeg == NULL && len <= KEY_MAX_BYTES)
		S_set_key(img->surface, data, len,
		    cairo_image_surface_get_width(img->surface),
		    cairo_image_surface_get_height(img->surface));
	/* Pixels at 96 per inch, as on the web. */
	img->width = w * 0.75;
	img->height = h * 0.75;
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
	S_set_key(img->surface, data, len, w, hgt);
	img->width = w * 0.75;
	img->height = hgt * 0.75;
	return true;
}

/* An image file's bytes, or NULL with *err: what image_load reads. */
static gchar *
S_read(const char *path, const char *name, gsize *len, char **err)
{
	gchar *data = NULL;
	GError *e = NULL;
	GStatBuf st;

	if (g_stat(path, &st) != 0) {
		*err = g_strdup_printf("cannot read the image '%s': %s", name,
		    g_strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = g_strdup_printf("'%s' is not an image file", name);
		return NULL;
	}
	if ((guint64)st.st_size > IMAGE_MAX_BYTES) {
		*err = g_strdup_printf("the image '%s' is %.1f MB; images are "
		    "at most %u MB", name, (double)st.st_size / 1e6,
		    IMAGE_MAX_BYTES >> 20);
		return NULL;
	}
	if (!g_file_get_contents(path, &data, len, &e)) {
		*err = g_strdup_printf("cannot read the image '%s': %s", name,
		    e->message);
		g_error_free(e);
		return NULL;
	}
	return data;
}

/* Decode a file's bytes, told apart by their first ones. */
static bool
S_decode(const gchar *data, gsize len, const char *name,
    const struct raster_fit *fit, struct image *img, char **err)
{
	if (len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
		return S_raster(raster_png, (const guint8 *)data, len, fit,
		    img, err);
	if (len >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0)
		return S_raster(raster_jpeg, (const guint8 *)data, len, fit,
		    img, err);
	if (g_strstr_len(data, (gssize)len, "<svg") != NULL)
		return S_svg((const guint8 *)data, len, img, err);
	*err = g_strdup_printf("'%s' is not a PNG, JPEG or SVG image", name);
	return false;
}

bool
image_load(const char *path, const char *name, const struct raster_fit *fit,
    struct image *img, char **err)
{
	return image_load_cached(NULL, path, name, fit, img, err);
}

/* ---- Images kept ---- */

/* At most this many images kept, of at most this many bytes of pixels
 * (a drawing counts as CACHE_DRAWING); past either, all go. */
#define CACHE_ENTRIES 16
#define CACHE_BYTES (32u << 20)
#define CACHE_DRAWING (64u << 10)

struct imagecache {
	GHashTable *kept;       /* "SHA-256 width max_height" -> struct
				   image * (owned) */
	gsize bytes;
};

static void
S_kept_free(gpointer p)
{
	struct image *img = p;

	image_clear(img);
	g_free(img);
}

struct imagecache *
imagecache_new(void)
{
	struct imagecache *c = g_new0(struct imagecache, 1);

	c->kept = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    S_kept_free);
	return c;
}

void
imagecache_free(struct imagecache *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->kept);
	g_free(c);
}

static gsize
S_bytes(cairo_surface_t *s)
{
	if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE)
		return CACHE_DRAWING;
	return (gsize)cairo_image_surface_get_stride(s) *
	    (gsize)cairo_image_surface_get_height(s);
}

bool
image_load_cached(struct imagecache *c, const char *path, const char *name,
    const struct raster_fit *fit, struct image *img, char **err)
{
	gsize len = 0;
	gchar *data, *key = NULL;
	const struct image *kept;
	bool ok;

	memset(img, 0, sizeof *img);
	*err = NULL;
	if ((data = S_read(path, name, &len, err)) == NULL)
		return false;
	if (c != NULL) {
		char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
		    (const guchar *)data, len);

		key = g_strdup_printf("%s %.17g %.17g", sum, fit->width,
		    fit->max_height);
		g_free(sum);
		if ((kept = g_hash_table_lookup(c->kept, key)) != NULL) {
			*img = *kept;
			cairo_surface_reference(img->surface);
			g_free(key);
			g_free(data);
			return true;
		}
	}
	ok = S_decode(data, len, name, fit, img, err);
	g_free(data);
	if (ok && c != NULL) {
		struct image *copy = g_new(struct image, 1);
		gsize n = S_bytes(img->surface);

		if (g_hash_table_size(c->kept) >= CACHE_ENTRIES ||
		    c->bytes + n > CACHE_BYTES) {
			g_hash_table_remove_all(c->kept);
			c->bytes = 0;
		}
		*copy = *img;
		cairo_surface_reference(copy->surface);
		if (n <= CACHE_BYTES / 4) {
			g_hash_table_insert(c->kept, key, copy);
			c->bytes += n;
			key = NULL;
		} else
			S_kept_free(copy);
	}
	g_free(key);
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
