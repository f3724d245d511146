/*
 * pdfimage.c: the images of a PDF (pdfimage.h).
 *
 * A picture becomes an image XObject as cairo 1.16's PDF surface writes
 * it, so that a viewer shows the same: a JPEG as its file's bytes
 * (/DCTDecode), anything else as its pixels, unpremultiplied, grey or
 * one bit deep when they all are, deflated, with a soft mask of their
 * alpha when some are not opaque.
 *
 * A drawing (an SVG's recording surface) is drawn by cairo on a PDF
 * surface of its own size, and that small PDF is read back (pdfread.c):
 * its page's content becomes a form XObject, and the objects its
 * resources reach are copied with new numbers.
 *
 * Either is first made into objects whose references are left as holes
 * (struct kept), then written into the document with numbers of its
 * own.  The same logo comes back in every document of a batch, and
 * making it costs a cairo surface (a drawing) or a pass over its pixels
 * and their deflation (a picture): so what an image became is kept for
 * the whole process, under the key image.c gave its surface (its file's
 * SHA-256 and its size).  A document's bytes are the same whether its
 * images were kept or made: both are written from what is kept.
 *
 * Owns a reference to each surface it was given, and one to each kept
 * image while it writes it.
 */
#include "pdfimage.h"

#include <cairo-pdf.h>
#include <string.h>

#include "image.h"
#include "pdfread.h"

/* Images kept: at most this many, holding at most this many bytes;
 * past either, those used longest ago go.  One larger than a quarter of
 * it is not kept. */
#define CACHE_ENTRIES 32
#define CACHE_BYTES (8u << 20)
/* A content stream of cairo's inflated is at most this long. */
#define CONTENT_MAX (256u << 20)

/* ---- Images made into objects ---- */

/* Where a reference goes in an object's text. */
struct hole {
	gsize at;               /* its offset in the text */
	guint local;            /* the object's index in its image's */
};

/* An object of an image, its references left out. */
struct kobj {
	GString *text;          /* owned; the value, or a stream's
				   dictionary entries */
	GArray *holes;          /* owned; of struct hole, in order */
	guint8 *data;           /* owned; a stream's final bytes, or NULL */
	gsize len;
	char *filter;           /* owned; the stream's, as written */
};

/* An image made into objects: object 0 is the XObject, the others what
 * it refers to, in the order they were found.  Not changed once made;
 * shared between threads through the cache. */
struct kept {
	gatomicrefcount refs;
	char *key;              /* owned; image_key's, or NULL */
	GArray *objs;           /* owned; of struct kobj */
	gsize bytes;            /* about what it holds */
	GList *link;            /* its place in the cache's order */
};

static void
S_kobj_clear(gpointer p)
{
	struct kobj *o = p;

	g_string_free(o->text, TRUE);
	g_array_free(o->holes, TRUE);
	g_free(o->data);
	g_free(o->filter);
}

static struct kept *
S_kept_new(const char *key)
{
	struct kept *k = g_new0(struct kept, 1);

	g_atomic_ref_count_init(&k->refs);
	k->key = g_strdup(key);
	k->objs = g_array_new(FALSE, TRUE, sizeof(struct kobj));
	g_array_set_clear_func(k->objs, S_kobj_clear);
	return k;
}

static struct kept *
S_kept_ref(struct kept *k)
{
	g_atomic_ref_count_inc(&k->refs);
	return k;
}

static void
S_kept_unref(struct kept *k)
{
	if (k == NULL || !g_atomic_ref_count_dec(&k->refs))
		return;
	g_array_free(k->objs, TRUE);
	g_free(k->key);
	g_free(k);
}

/* A new object of k, the next in number. */
static struct kobj *
S_kept_add(struct kept *k)
{
	struct kobj o = { 0 };

	o.text = g_string_new(NULL);
	o.holes = g_array_new(FALSE, FALSE, sizeof(struct hole));
	g_array_append_val(k->objs, o);
	return &g_array_index(k->objs, struct kobj, k->objs->len - 1);
}

/* A hole in o's text where it is now, for object local. */
static void
S_kobj_hole(struct kobj *o, guint local)
{
	struct hole h = { o->text->len, local };

	g_array_append_val(o->holes, h);
}

/* Set k->bytes, once it is made. */
static void
S_kept_done(struct kept *k)
{
	for (guint i = 0; i < k->objs->len; i++) {
		const struct kobj *o = &g_array_index(k->objs, struct kobj, i);

		k->bytes += sizeof *o + o->text->len + o->len +
		    o->holes->len * sizeof(struct hole);
	}
}

/* k's objects in out, with numbers from *num on (*num: the XObject's). */
static void
S_write_kept(const struct kept *k, struct pdfout *out, int *num)
{
	int *nums = g_new(int, k->objs->len);
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < k->objs->len; i++)
		nums[i] = pdfout_reserve(out);
	*num = nums[0];
	for (guint i = 0; i < k->objs->len; i++) {
		const struct kobj *o = &g_array_index(k->objs, struct kobj, i);
		gsize from = 0;

		g_string_truncate(s, 0);
		for (guint j = 0; j < o->holes->len; j++) {
			const struct hole *h = &g_array_index(o->holes,
			    struct hole, j);

			g_string_append_len(s, o->text->str + from,
			    (gssize)(h->at - from));
			g_string_append_printf(s, "%d 0 R", nums[h->local]);
			from = h->at;
		}
		g_string_append_len(s, o->text->str + from,
		    (gssize)(o->text->len - from));
		if (o->data != NULL)
			pdfout_stream(out, nums[i], s->str, o->data, o->len,
			    o->filter);
		else
			pdfout_object(out, nums[i], s->str, s->len);
	}
	g_string_free(s, TRUE);
	g_free(nums);
}

/* ---- What is kept for the process ---- */

static struct {
	GMutex lock;
	GHashTable *table;      /* key -> struct kept * (a reference) */
	GQueue order;           /* of struct kept *, used longest ago first */
	gsize bytes;
} S_cache;

/* The image kept under key (a new reference), or NULL. */
static struct kept *
S_cache_get(const char *key)
{
	struct kept *k;

	g_mutex_lock(&S_cache.lock);
	k = S_cache.table != NULL ? g_hash_table_lookup(S_cache.table, key) :
	    NULL;
	if (k != NULL) {
		g_queue_unlink(&S_cache.order, k->link);
		g_queue_push_tail_link(&S_cache.order, k->link);
		S_kept_ref(k);
	}
	g_mutex_unlock(&S_cache.lock);
	return k;
}

/* Keep k (which has a key) unless it is large or one is kept under its
 * key already, letting those used longest ago go if there are too
 * many. */
static void
S_cache_put(struct kept *k)
{
	if (k->bytes > CACHE_BYTES / 4)
		return;
	g_mutex_lock(&S_cache.lock);
	if (S_cache.table == NULL)
		S_cache.table = g_hash_table_new(g_str_hash, g_str_equal);
	if (g_hash_table_contains(S_cache.table, k->key)) {
		g_mutex_unlock(&S_cache.lock);
		return;
	}
	while (S_cache.order.length > 0 &&
	    (S_cache.order.length >= CACHE_ENTRIES ||
	    S_cache.bytes + k->bytes > CACHE_BYTES)) {
		struct kept *old = g_queue_pop_head(&S_cache.order);

		g_hash_table_remove(S_cache.table, old->key);
		S_cache.bytes -= old->bytes;
		S_kept_unref(old);
	}
	g_queue_push_tail(&S_cache.order, S_kept_ref(k));
	k->link = S_cache.order.tail;
	g_hash_table_insert(S_cache.table, k->key, k);
	S_cache.bytes += k->bytes;
	g_mutex_unlock(&S_cache.lock);
}

/* ---- JPEG files ---- */

/* What a JPEG's frame header says. */
struct jpeg {
	guint width, height;
	guint comps;            /* components: 1 grey, 3 RGB (YCbCr), 4 */
	guint bits;
	bool adobe;             /* an Adobe APP14 segment: CMYK inverted */
};

/* The frame header (SOF) of the JPEG file at p, and whether an Adobe
 * segment came before it; false if there is none to be found. */
static bool
S_jpeg(const guint8 *p, gsize len, struct jpeg *j)
{
	gsize i = 2;

	memset(j, 0, sizeof *j);
	if (len < 4 || p[0] != 0xFF || p[1] != 0xD8)
		return false;
	while (i + 4 <= len) {
		guint m, seg;

		if (p[i] != 0xFF)
			return false;
		if ((m = p[i + 1]) == 0xFF) {   /* a fill byte */
			i++;
			continue;
		}
		if (m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7)) {
			i += 2;                 /* TEM, SOI, RSTn: no length */
			continue;
		}
		if (m == 0xD9 || m == 0xDA)
			return false;           /* EOI, SOS: no frame yet */
		seg = (guint)p[i + 2] << 8 | p[i + 3];
		if (seg < 2 || i + 2 + seg > len)
			return false;
		/* SOF0 to SOF15, but DHT (C4), JPG (C8) and DAC (CC) */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 &&
		    m != 0xCC) {
			if (seg < 8)
				return false;
			j->bits = p[i + 4];
			j->height = (guint)p[i + 5] << 8 | p[i + 6];
			j->width = (guint)p[i + 7] << 8 | p[i + 8];
			j->comps = p[i + 9];
			return true;
		}
		if (m == 0xEE && seg >= 7 && memcmp(p + i + 4, "Adobe", 5) == 0)
			j->adobe = true;
		i += 2 + seg;
	}
	return false;
}

/* The surface's JPEG file as an image XObject; false if it has none
 * that PDF can show as it is. */
static bool
S_write_jpeg(cairo_surface_t *s, struct pdfout *out, int *num)
{
	const unsigned char *data = NULL;
	unsigned long len = 0;
	struct jpeg j;
	GString *d;

	cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &data, &len);
	if (data == NULL || !S_jpeg(data, len, &j) || j.bits != 8 ||
	    j.width == 0 || j.height == 0 ||
	    (j.comps != 1 && j.comps != 3 && j.comps != 4))
		return false;
	d = g_string_new(NULL);
	g_string_append_printf(d, "/Type /XObject /Subtype /Image /Width %u "
	    "/Height %u /ColorSpace %s /Interpolate true /BitsPerComponent 8",
	    j.width, j.height, j.comps == 1 ? "/DeviceGray" : j.comps == 3 ?
	    "/DeviceRGB" : "/DeviceCMYK");
	/* An Adobe CMYK file stores its inks inverted, as libjpeg (and
	 * raster.c) read it.  cairo 1.16 writes no /Decode, and viewers
	 * show such a file's negative. */
	if (j.comps == 4 && j.adobe)
		g_string_append(d, " /Decode [1 0 1 0 1 0 1 0]");
	*num = pdfout_reserve(out);
	pdfout_stream(out, *num, d->str, data, len, "/DCTDecode");
	g_string_free(d, TRUE);
	return true;
}

/* ---- Pixels ---- */

/* What the pixels need, as cairo tells it (_cairo_image_analyze_color
 * and _transparency): colour, grey, or only black and white; opaque,
 * only fully clear or opaque, or with alpha between. */
enum colour { COLOUR_MONO, COLOUR_GREY, COLOUR_RGB };
enum alpha { ALPHA_OPAQUE, ALPHA_BILEVEL, ALPHA_SOME };

/* Pixels of a 32-bit image surface. */
struct pixels {
	const guint8 *data;
	int stride, w, h;
	bool argb;              /* ARGB32 (premultiplied), else RGB24 */
};

/* A premultiplied ARGB pixel unpremultiplied, as cairo rounds it. */
static guint32
S_unpremultiply(guint32 p)
{
	guint a = p >> 24, r, g, b;

	if (a == 255)
		return p;
	if (a == 0)
		return 0;
	r = (((p >> 16) & 0xFF) * 255 + a / 2) / a;
	g = (((p >> 8) & 0xFF) * 255 + a / 2) / a;
	b = ((p & 0xFF) * 255 + a / 2) / a;
	return (guint32)a << 24 | r << 16 | g << 8 | b;
}

/* Pixel x of row y, unpremultiplied; opaque if it has no alpha. */
static guint32
S_pixel(const struct pixels *px, int x, int y)
{
	guint32 p = ((const guint32 *)(const void *)(px->data +
	    (gsize)y * (gsize)px->stride))[x];

	return px->argb ? S_unpremultiply(p) : (p | 0xFF000000u);
}

static void
S_analyze(const struct pixels *px, enum colour *c, enum alpha *a)
{
	*c = COLOUR_MONO;
	*a = ALPHA_OPAQUE;
	for (int y = 0; y < px->h; y++)
		for (int x = 0; x < px->w; x++) {
			guint32 p = S_pixel(px, x, y);
			guint al = p >> 24, r = (p >> 16) & 0xFF,
			    g = (p >> 8) & 0xFF, b = p & 0xFF;

			if (al == 0 && *a == ALPHA_OPAQUE)
				*a = ALPHA_BILEVEL;
			else if (al > 0 && al < 255)
				*a = ALPHA_SOME;
			if (r != g || g != b)
				*c = COLOUR_RGB;
			else if (r > 0 && r < 255 && *c == COLOUR_MONO)
				*c = COLOUR_GREY;
			if (*c == COLOUR_RGB && (*a == ALPHA_SOME ||
			    !px->argb))
				return;
		}
}

/* The samples of the three colours (shift -1), or of the one channel
 * at shift (24: alpha, 16: red), eight bits deep or one (set where not
 * 0), rows whole bytes. */
static guint8 *
S_samples(const struct pixels *px, int shift, bool one_bit, gsize *len)
{
	gsize rowlen = one_bit ? ((gsize)px->w + 7) / 8 :
	    (gsize)px->w * (shift < 0 ? 3 : 1);
	guint8 *out = g_malloc0(rowlen * (gsize)px->h), *q = out;

	*len = rowlen * (gsize)px->h;
	for (int y = 0; y < px->h; y++, q += rowlen)
		for (int x = 0; x < px->w; x++) {
			guint32 p = S_pixel(px, x, y);

			if (shift < 0) {
				q[3 * x] = (guint8)(p >> 16);
				q[3 * x + 1] = (guint8)(p >> 8);
				q[3 * x + 2] = (guint8)p;
			} else if (!one_bit)
				q[x] = (guint8)(p >> shift);
			else if (((p >> shift) & 0xFF) != 0)
				q[x / 8] |= (guint8)(0x80 >> (x % 8));
		}
	return out;
}

/* Object o of an image: an image XObject of the samples, deflated. */
static void
S_image_stream(struct kobj *o, struct pdfout *out, const guint8 *samples,
    gsize len)
{
	o->data = pdfout_deflate(out, samples, len, &o->len);
	o->filter = g_strdup("/FlateDecode");
}

/* A 32-bit image surface's pixels as an image XObject, with its soft
 * mask after it. */
static struct kept *
S_pixels_kept(const struct pixels *px, const char *key, struct pdfout *out)
{
	struct kept *k = S_kept_new(key);
	struct kobj *img = S_kept_add(k), *mask;
	enum colour c;
	enum alpha a;
	guint8 *samples;
	gsize len;

	S_analyze(px, &c, &a);
	g_string_printf(img->text, "/Type /XObject /Subtype /Image /Width %d "
	    "/Height %d /ColorSpace %s /Interpolate true /BitsPerComponent %d",
	    px->w, px->h, c == COLOUR_RGB ? "/DeviceRGB" : "/DeviceGray",
	    c == COLOUR_MONO ? 1 : 8);
	samples = S_samples(px, c == COLOUR_RGB ? -1 : 16, c == COLOUR_MONO,
	    &len);
	S_image_stream(img, out, samples, len);
	g_free(samples);
	if (a != ALPHA_OPAQUE) {
		g_string_append(img->text, " /SMask ");
		S_kobj_hole(img, 1);
		mask = S_kept_add(k);
		g_string_printf(mask->text, "/Type /XObject /Subtype /Image "
		    "/Width %d /Height %d /ColorSpace /DeviceGray /Interpolate "
		    "true /BitsPerComponent %d", px->w, px->h,
		    a == ALPHA_BILEVEL ? 1 : 8);
		samples = S_samples(px, 24, a == ALPHA_BILEVEL, &len);
		S_image_stream(mask, out, samples, len);
		g_free(samples);
	}
	S_kept_done(k);
	return k;
}

/* An image surface's pixels made into objects, or NULL with a message
 * in diags. */
static struct kept *
S_picture(cairo_surface_t *s, const char *key, struct pdfout *out,
    struct diags *diags)
{
	cairo_format_t fmt = cairo_image_surface_get_format(s);
	cairo_surface_t *copy = NULL;
	struct pixels px;
	struct kept *k;

	if (cairo_image_surface_get_width(s) <= 0 ||
	    cairo_image_surface_get_height(s) <= 0) {
		diags_add(diags, SEV_ERROR, NULL, (struct srcpos){ 0, 0 },
		    "an image has no pixels and cannot be put in the PDF");
		return NULL;
	}
	/* Pixels of another depth are made 32 bits deep, as cairo does. */
	if (fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24) {
		cairo_t *cr;

		copy = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
		    cairo_image_surface_get_width(s),
		    cairo_image_surface_get_height(s));
		cr = cairo_create(copy);
		cairo_set_source_surface(cr, s, 0, 0);
		cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
		cairo_paint(cr);
		cairo_destroy(cr);
		s = copy;
	}
	cairo_surface_flush(s);
	px.data = cairo_image_surface_get_data(s);
	px.stride = cairo_image_surface_get_stride(s);
	px.w = cairo_image_surface_get_width(s);
	px.h = cairo_image_surface_get_height(s);
	px.argb = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
	k = S_pixels_kept(&px, key, out);
	if (copy != NULL)
		cairo_surface_destroy(copy);
	return k;
}

/* ---- A drawing drawn by cairo ---- */

static cairo_status_t
S_append(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The PDF cairo writes of the drawing on one page of its own size
 * (*w by *h), or NULL with *why. */
static GByteArray *
S_cairo_pdf(cairo_surface_t *rec, double *w, double *h, const char **why)
{
	GByteArray *pdf = g_byte_array_new();
	cairo_rectangle_t ext;
	cairo_surface_t *s;
	cairo_status_t st;
	cairo_t *cr;

	/* image.c gives every drawing its extents. */
	if (!cairo_recording_surface_get_extents(rec, &ext) ||
	    !(ext.width > 0 && ext.height > 0 && ext.width < 1e6 &&
	    ext.height < 1e6)) {
		*why = "it has no size";
		g_byte_array_unref(pdf);
		return NULL;
	}
	*w = ext.width;
	*h = ext.height;
	s = cairo_pdf_surface_create_for_stream(S_append, pdf, ext.width,
	    ext.height);
	cr = cairo_create(s);
	cairo_set_source_surface(cr, rec, -ext.x, -ext.y);
	cairo_paint(cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		*why = cairo_status_to_string(st);
		g_byte_array_unref(pdf);
		return NULL;
	}
	return pdf;
}

/* ---- cairo's PDF made into a form ---- */

/* What making a form needs while it reads cairo's file. */
struct making {
	struct pdfread *in;
	struct kept *k;
	GHashTable *local;      /* cairo's number -> local index + 1 */
	GArray *old;            /* of int: each local index's cairo number */
	int page, pages;        /* not to be copied: written null */
	struct kobj *at;        /* the object being written */
	struct pdfout *out;     /* for its compressor */
};

/* A reference of cairo's file in an object being made: a hole for the
 * local index of its object, which is to be copied (null if it is the
 * page or its parents, which a resource has no business reaching). */
static void
S_hole(GString *text, int n, gpointer data)
{
	struct making *m = data;
	gpointer v;

	if (n <= 0 || n == m->page || n == m->pages ||
	    n == pdfread_root(m->in)) {
		g_string_append(text, "null");
		return;
	}
	if ((v = g_hash_table_lookup(m->local, GINT_TO_POINTER(n))) == NULL) {
		v = GUINT_TO_POINTER(m->old->len + 1);
		g_hash_table_insert(m->local, GINT_TO_POINTER(n), v);
		g_array_append_val(m->old, n);
	}
	S_kobj_hole(m->at, GPOINTER_TO_UINT(v) - 1);
}

/* o's stream: the bytes as they are if filtered (filter: cairo's
 * /Filter), else deflated. */
static void
S_keep_stream(struct making *m, struct kobj *o, const guint8 *data,
    gsize len, const struct pdfval *filter)
{
	GString *f;

	if (filter == NULL) {
		S_image_stream(o, m->out, data, len);
		return;
	}
	o->data = g_memdup2(data, len);
	o->len = len;
	f = g_string_new(NULL);
	pdfval_write(f, filter, NULL, NULL);
	o->filter = g_string_free(f, FALSE);
}

/* The form's next object: a copy of cairo's object n. */
static bool
S_copy(struct making *m, int n)
{
	static const char *const skip[] = { "Length", "Filter", NULL };
	const struct pdfobj *po = pdfread_obj(m->in, n);

	if (po == NULL)
		return false;
	m->at = S_kept_add(m->k);
	if (po->stream == NULL) {
		pdfval_write(m->at->text, po->value, S_hole, m);
		return true;
	}
	if (po->value->kind != PDF_DICT)
		return false;
	pdfval_write_entries(m->at->text, po->value, S_hole, m, skip);
	S_keep_stream(m, m->at, po->stream, po->stream_len,
	    pdfread_deref(m->in, pdfval_get(po->value, "Filter")));
	return true;
}

/* The bytes of the stream ref refers to, inflated if they were deflated
 * (caller frees); NULL if there are none. */
static guint8 *
S_plain(struct pdfread *in, const struct pdfval *ref, gsize *len)
{
	const struct pdfobj *o = ref != NULL && ref->kind == PDF_REF ?
	    pdfread_obj(in, ref->ref) : NULL;
	const struct pdfval *filter;

	if (o == NULL || o->stream == NULL)
		return NULL;
	filter = pdfread_deref(in, pdfval_get(o->value, "Filter"));
	if (filter == NULL) {
		*len = o->stream_len;
		return g_memdup2(o->stream, o->stream_len);
	}
	if (!pdfval_is_name(filter, "FlateDecode"))
		return NULL;
	return pdfread_inflate(o->stream, o->stream_len, CONTENT_MAX, len);
}

/* The form's content: the page's, which begins with cairo's turn of the
 * y axis ("1 0 0 -1 0 h cm"), so that the drawing's top row is at y = h
 * in the form's box. */
static bool
S_content(struct making *m, struct kobj *o, const struct pdfval *contents)
{
	const struct pdfobj *po;
	GByteArray *all;

	if (contents != NULL && contents->kind == PDF_REF) {
		/* One stream, kept as cairo wrote it. */
		if ((po = pdfread_obj(m->in, contents->ref)) == NULL ||
		    po->stream == NULL)
			return false;
		S_keep_stream(m, o, po->stream, po->stream_len,
		    pdfread_deref(m->in, pdfval_get(po->value, "Filter")));
		return true;
	}
	if (contents == NULL || contents->kind != PDF_ARRAY)
		return false;
	/* Several: one after the other, apart. */
	all = g_byte_array_new();
	for (guint i = 0; i < contents->items->len; i++) {
		gsize len;
		guint8 *b = S_plain(m->in, contents->items->pdata[i], &len);

		if (b == NULL) {
			g_byte_array_unref(all);
			return false;
		}
		g_byte_array_append(all, b, (guint)len);
		g_byte_array_append(all, (const guint8 *)"\n", 1);
		g_free(b);
	}
	S_keep_stream(m, o, all->data, all->len, NULL);
	g_byte_array_unref(all);
	return true;
}

/* A number as a PDF real with up to 12 decimals: a form's matrix scales
 * a drawing thousands of units wide down to one. */
static void
S_real(GString *s, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	char *e;

	if (v >= 1 || v <= -1) {
		pdfout_num(s, v, 6);
		return;
	}
	g_ascii_formatd(buf, sizeof buf, "%.12f", v);
	for (e = buf + strlen(buf); e > buf && e[-1] == '0'; e--)
		;
	if (e > buf && e[-1] == '.')
		e--;
	*e = '\0';
	g_string_append(s, strcmp(buf, "-0") == 0 ? "0" : buf);
}

/* The page of cairo's one-page file, with its number and its parent's
 * noted. */
static const struct pdfval *
S_page(struct making *m)
{
	const struct pdfobj *cat = pdfread_obj(m->in, pdfread_root(m->in));
	const struct pdfval *pages, *kids, *kid;

	if (cat == NULL ||
	    (pages = pdfval_get(cat->value, "Pages")) == NULL ||
	    pages->kind != PDF_REF)
		return NULL;
	m->pages = pages->ref;
	kids = pdfread_deref(m->in, pdfval_get(pdfread_deref(m->in, pages),
	    "Kids"));
	if (kids == NULL || kids->kind != PDF_ARRAY || kids->items->len != 1 ||
	    (kid = kids->items->pdata[0])->kind != PDF_REF)
		return NULL;
	m->page = kid->ref;
	return pdfread_deref(m->in, kid);
}

/*
 * cairo's PDF of a drawing w by h, made into a form; false if it is not
 * what cairo writes.  The form's box is the page's, and its matrix
 * makes it the unit square: cairo's content puts the drawing's top row
 * at y = h, so at y = 1.
 */
static bool
S_make(struct making *m, double w, double h)
{
	const struct pdfval *page = S_page(m);

	if (page == NULL || pdfval_get(page, "Resources") == NULL)
		return false;
	m->at = S_kept_add(m->k);
	g_string_append(m->at->text, "/Type /XObject /Subtype /Form "
	    "/BBox [0 0 ");
	pdfout_num(m->at->text, w, 6);
	g_string_append_c(m->at->text, ' ');
	pdfout_num(m->at->text, h, 6);
	g_string_append(m->at->text, "] /Matrix [");
	S_real(m->at->text, 1 / w);
	g_string_append(m->at->text, " 0 0 ");
	S_real(m->at->text, 1 / h);
	g_string_append(m->at->text, " 0 0] /Resources ");
	pdfval_write(m->at->text, pdfval_get(page, "Resources"), S_hole, m);
	if (!S_content(m, m->at, pdfval_get(page, "Contents")))
		return false;
	/* What the resources reach, each as it is found. */
	for (guint i = 1; i < m->old->len; i++)
		if (!S_copy(m, g_array_index(m->old, int, i)))
			return false;
	S_kept_done(m->k);
	return true;
}

/* The drawing rec made into a form, or NULL with a message in diags. */
static struct kept *
S_form(cairo_surface_t *rec, const char *key, struct pdfout *out,
    struct diags *diags)
{
	struct making m = { 0 };
	GByteArray *pdf;
	const char *why = NULL;
	double w = 0, h = 0;
	int none = 0;
	bool ok;

	if ((pdf = S_cairo_pdf(rec, &w, &h, &why)) == NULL) {
		diags_add(diags, SEV_ERROR, NULL, (struct srcpos){ 0, 0 },
		    "an SVG image cannot be put in the PDF: %s", why);
		return NULL;
	}
	m.in = pdfread_new(pdf->data, pdf->len);
	m.k = S_kept_new(key);
	m.local = g_hash_table_new(NULL, NULL);
	m.old = g_array_new(FALSE, FALSE, sizeof(int));
	m.out = out;
	g_array_append_val(m.old, none);        /* the form's own */
	ok = m.in != NULL && S_make(&m, w, h);
	pdfread_free(m.in);
	g_hash_table_destroy(m.local);
	g_array_free(m.old, TRUE);
	g_byte_array_unref(pdf);
	if (!ok) {
		diags_add(diags, SEV_ERROR, NULL, (struct srcpos){ 0, 0 },
		    "an SVG image cannot be put in the PDF: cairo wrote it "
		    "in a form ucapgen cannot read");
		S_kept_unref(m.k);
		return NULL;
	}
	return m.k;
}

/* ---- The document's images ---- */

/* Drawings are made one at a time: a recording surface is not to be
 * replayed by two threads at once, and a drawing two workers want at
 * the same time is made once. */
static GMutex S_making;

/* An image that is not a JPEG file made into objects: kept, or made now
 * (and kept if image.c gave it a key).  NULL with a message in diags. */
static struct kept *
S_kept(cairo_surface_t *s, struct pdfout *out, struct diags *diags)
{
	const char *key = image_key(s);
	struct kept *k = NULL;

	if (key != NULL && (k = S_cache_get(key)) != NULL)
		return k;
	if (cairo_surface_get_type(s) == CAIRO_SURFACE_TYPE_IMAGE)
		k = S_picture(s, key, out, diags);
	else if (cairo_surface_get_type(s) == CAIRO_SURFACE_TYPE_RECORDING) {
		g_mutex_lock(&S_making);
		if (key == NULL || (k = S_cache_get(key)) == NULL)
			k = S_form(s, key, out, diags);
		g_mutex_unlock(&S_making);
	} else
		diags_add(diags, SEV_ERROR, NULL, (struct srcpos){ 0, 0 },
		    "an image of a kind the PDF writer does not know cannot "
		    "be put in the PDF");
	if (k != NULL && key != NULL)
		S_cache_put(k);
	return k;
}

struct pdfimages {
	GPtrArray *surfaces;    /* of cairo_surface_t * (references), in
				   the order they were first drawn */
	GHashTable *index;      /* surface -> its index + 1 */
	GHashTable *keys;       /* image_key -> its index + 1 */
};

struct pdfimages *
pdfimages_new(void)
{
	struct pdfimages *im = g_new0(struct pdfimages, 1);

	im->surfaces = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)cairo_surface_destroy);
	im->index = g_hash_table_new(NULL, NULL);
	im->keys = g_hash_table_new(g_str_hash, g_str_equal);
	return im;
}

void
pdfimages_free(struct pdfimages *im)
{
	if (im == NULL)
		return;
	g_hash_table_destroy(im->index);
	g_hash_table_destroy(im->keys);
	g_ptr_array_free(im->surfaces, TRUE);
	g_free(im);
}

int
pdfimages_image(struct pdfimages *im, cairo_surface_t *surface)
{
	const char *key = image_key(surface);
	gpointer v = g_hash_table_lookup(im->index, surface);
	int n;

	/* The same surface, or another of the same file at the same size
	 * (the plan names the file twice): one image. */
	if (v == NULL && key != NULL)
		v = g_hash_table_lookup(im->keys, key);
	if (v != NULL)
		return GPOINTER_TO_INT(v) - 1;
	g_ptr_array_add(im->surfaces, cairo_surface_reference(surface));
	n = (int)im->surfaces->len;
	g_hash_table_insert(im->index, surface, GINT_TO_POINTER(n));
	if (key != NULL)
		g_hash_table_insert(im->keys, (gpointer)key,
		    GINT_TO_POINTER(n));
	return n - 1;
}

bool
pdfimages_write(struct pdfimages *im, struct pdfout *out,
    GString *resources, struct diags *diags)
{
	bool ok = true;

	for (guint i = 0; i < im->surfaces->len; i++) {
		cairo_surface_t *s = im->surfaces->pdata[i];
		struct kept *k;
		int num;

		if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
			diags_add(diags, SEV_ERROR, NULL,
			    (struct srcpos){ 0, 0 }, "an image cannot be put "
			    "in the PDF: %s", cairo_status_to_string(
			    cairo_surface_status(s)));
			ok = false;
			continue;
		}
		if (!S_write_jpeg(s, out, &num)) {
			if ((k = S_kept(s, out, diags)) == NULL) {
				ok = false;
				continue;
			}
			S_write_kept(k, out, &num);
			S_kept_unref(k);
		}
		if (resources->len > 0)
			g_string_append_c(resources, ' ');
		g_string_append_printf(resources, "/Im%u %d 0 R", i, num);
	}
	return ok;
}
