/*
 * pdfout.c: a PDF file as it is written (pdfout.h).
 *
 * Owns every object's body until the file is finished: the small ones
 * are packed, in number order, into compressed object streams at the
 * end; streams are kept as their final bytes and written first.  The
 * file ends with a cross-reference stream (PDF 1.5), so a summary is
 * about half the size a classic table and plain dictionaries would make
 * it.  One libdeflate compressor serves every stream of the file.
 */
#include "pdfout.h"

#include <libdeflate.h>
#include <math.h>
#include <string.h>

#include "append.h"

/* Objects an object stream holds at most, so that a reader opening one
 * object of a long document does not inflate them all. */
#define OBJSTM_MAX 1000

struct pobj {
	GString *body;          /* owned; NULL until given */
	bool stream;            /* body is a whole stream object's text,
				   "<<...>>\nstream\n...\nendstream" */
};

struct pdfout {
	GArray *objs;           /* of struct pobj, index = number - 1 */
	struct libdeflate_compressor *z;        /* owned; once needed */
};

struct pdfout *
pdfout_new(void)
{
	struct pdfout *p = g_new0(struct pdfout, 1);

	p->objs = g_array_new(FALSE, TRUE, sizeof(struct pobj));
	return p;
}

void
pdfout_free(struct pdfout *p)
{
	if (p == NULL)
		return;
	for (guint i = 0; i < p->objs->len; i++) {
		struct pobj *o = &g_array_index(p->objs, struct pobj, i);

		if (o->body != NULL)
			g_string_free(o->body, TRUE);
	}
	g_array_free(p->objs, TRUE);
	if (p->z != NULL)
		libdeflate_free_compressor(p->z);
	g_free(p);
}

int
pdfout_reserve(struct pdfout *p)
{
	g_array_set_size(p->objs, p->objs->len + 1);
	return (int)p->objs->len;
}

static struct pobj *
S_slot(struct pdfout *p, int n)
{
	g_return_val_if_fail(n >= 1 && (guint)n <= p->objs->len, NULL);
	return &g_array_index(p->objs, struct pobj, n - 1);
}

void
pdfout_object(struct pdfout *p, int n, const char *body, gsize len)
{
	struct pobj *o = S_slot(p, n);

	if (o == NULL)
		return;
	if (o->body != NULL)
		g_string_free(o->body, TRUE);
	o->body = g_string_new_len(body, (gssize)len);
	o->stream = false;
}

guint8 *
pdfout_deflate(struct pdfout *p, const void *data, gsize len, gsize *out_len)
{
	gsize n;
	guint8 *out;

	/* The fastest level: the streams are small and time counts.
	 * libdeflate compresses a buffer whole, ten times as fast as
	 * zlib's stream at its level 1, and a little smaller. */
	if (p->z == NULL && (p->z = libdeflate_alloc_compressor(1)) == NULL)
		g_error("out of memory");
	n = libdeflate_zlib_compress_bound(p->z, len);
	out = g_malloc(n);
	*out_len = libdeflate_zlib_compress(p->z, data, len, out, n);
	return out;
}

/* "<< dict /Filter f /Length n >>\nstream\n" data "\nendstream" */
static GString *
S_stream_text(const char *dict, const void *data, gsize len,
    const char *filter)
{
	GString *s = g_string_sized_new(len + strlen(dict) + 64);

	g_string_append(s, "<<");
	if (*dict != '\0') {
		g_string_append_c(s, ' ');
		g_string_append(s, dict);
	}
	if (*filter != '\0') {
		g_string_append(s, " /Filter ");
		g_string_append(s, filter);
	}
	g_string_append(s, " /Length ");
	append_int(s, (gint64)len, ' ');
	g_string_append(s, ">>\nstream\n");
	g_string_append_len(s, data, (gssize)len);
	g_string_append(s, "\nendstream");
	return s;
}

void
pdfout_stream(struct pdfout *p, int n, const char *dict, const void *data,
    gsize len, const char *filter)
{
	struct pobj *o = S_slot(p, n);

	if (o == NULL)
		return;
	if (o->body != NULL)
		g_string_free(o->body, TRUE);
	if (filter == NULL) {
		gsize zlen;
		guint8 *z = pdfout_deflate(p, data, len, &zlen);

		o->body = S_stream_text(dict, z, zlen, "/FlateDecode");
		g_free(z);
	} else
		o->body = S_stream_text(dict, data, len, filter);
	o->stream = true;
}

/* One cross-reference stream entry: type, field 2 (4 bytes), field 3 (2). */
static void
S_xref_entry(GByteArray *x, int type, gsize f2, guint f3)
{
	guint8 e[7] = { (guint8)type, (guint8)(f2 >> 24), (guint8)(f2 >> 16),
	    (guint8)(f2 >> 8), (guint8)f2, (guint8)(f3 >> 8), (guint8)f3 };

	g_byte_array_append(x, e, sizeof e);
}

/* "n 0 obj\n" body "\nendobj\n" */
static void
S_put_object(GString *out, int n, const GString *body)
{
	append_int(out, (gint64)n, ' ');
	g_string_append(out, "0 obj\n");
	g_string_append_len(out, body->str, (gssize)body->len);
	g_string_append(out, "\nendobj\n");
}

/*
 * The small objects from number *from on, up to OBJSTM_MAX of them, in
 * one object stream numbered stm: where[] and index[] say where each
 * went.  Returns false when none was left.
 */
static bool
S_objstm(struct pdfout *p, int *from, int stm, GString *out, gsize *where,
    int *index)
{
	GString *head = g_string_new(NULL), *data = g_string_new(NULL);
	int count = 0, n = *from, total = (int)p->objs->len;
	char dict[96];

	for (; n <= total && count < OBJSTM_MAX; n++) {
		const struct pobj *o = &g_array_index(p->objs, struct pobj,
		    n - 1);

		if (o->stream)
			continue;
		append_int(head, (gint64)n, ' ');
		append_int(head, (gint64)data->len, ' ');
		g_string_append_len(data, o->body->str, (gssize)o->body->len);
		g_string_append_c(data, '\n');
		where[n] = (gsize)stm;
		index[n] = count++;
	}
	*from = n;
	if (count > 0) {
		struct pobj tmp;
		gsize first = head->len;

		g_string_append_len(head, data->str, (gssize)data->len);
		g_snprintf(dict, sizeof dict, "/Type /ObjStm /N %d /First %"
		    G_GSIZE_FORMAT, count, first);
		{
			gsize zlen;
			guint8 *z = pdfout_deflate(p, head->str, head->len,
			    &zlen);

			tmp.body = S_stream_text(dict, z, zlen, "/FlateDecode");
			g_free(z);
		}
		S_put_object(out, stm, tmp.body);
		g_string_free(tmp.body, TRUE);
	}
	g_string_free(head, TRUE);
	g_string_free(data, TRUE);
	return count > 0;
}

GBytes *
pdfout_finish(struct pdfout *p, int root, int info, const char *id)
{
	int total = (int)p->objs->len, next, xn;
	/* where each object is: its offset in the file, or its object
	 * stream's number with its index there (index -1: in the file) */
	gsize *where, len, xref;
	int *index;
	GArray *stm_off = g_array_new(FALSE, FALSE, sizeof(gsize));
	GString *out, *dict;
	GByteArray *x;

	for (int n = 1; n <= total; n++)
		if (g_array_index(p->objs, struct pobj, n - 1).body == NULL) {
			g_array_free(stm_off, TRUE);
			return NULL;
		}
	where = g_new0(gsize, (gsize)total + 1);
	index = g_new0(int, (gsize)total + 1);
	out = g_string_sized_new(65536);
	/* The version, and a comment of bytes past ASCII: the file is
	 * binary. */
	g_string_append(out, "%PDF-1.5\n%\xBF\xF7\xA2\xFE\n");
	for (int n = 1; n <= total; n++) {
		const struct pobj *o = &g_array_index(p->objs, struct pobj,
		    n - 1);

		index[n] = -1;
		if (!o->stream)
			continue;
		where[n] = out->len;
		S_put_object(out, n, o->body);
	}
	next = total + 1;
	for (int from = 1;;) {
		gsize at = out->len;

		if (!S_objstm(p, &from, next, out, where, index))
			break;
		g_array_append_val(stm_off, at);
		next++;
	}
	xn = next++;
	xref = out->len;
	x = g_byte_array_new();
	S_xref_entry(x, 0, 0, 65535);
	for (int n = 1; n < next; n++) {
		if (n == xn)
			S_xref_entry(x, 1, xref, 0);
		else if (n > total)
			S_xref_entry(x, 1, g_array_index(stm_off, gsize,
			    n - total - 1), 0);
		else if (index[n] < 0)
			S_xref_entry(x, 1, where[n], 0);
		else
			S_xref_entry(x, 2, where[n], (guint)index[n]);
	}
	dict = g_string_new("/Type /XRef /Size ");
	append_int(dict, (gint64)next, ' ');
	g_string_append(dict, "/W [1 4 2] /Root ");
	append_int(dict, (gint64)root, ' ');
	g_string_append(dict, "0 R");
	if (info > 0)
		g_string_append_printf(dict, " /Info %d 0 R", info);
	if (id != NULL)
		g_string_append_printf(dict, " /ID [<%s> <%s>]", id, id);
	{
		gsize zlen;
		guint8 *z = pdfout_deflate(p, x->data, x->len, &zlen);
		GString *body = S_stream_text(dict->str, z, zlen,
		    "/FlateDecode");

		S_put_object(out, xn, body);
		g_string_free(body, TRUE);
		g_free(z);
	}
	g_string_append_printf(out, "startxref\n%" G_GSIZE_FORMAT
	    "\n%%%%EOF\n", xref);
	g_byte_array_unref(x);
	g_string_free(dict, TRUE);
	g_array_free(stm_off, TRUE);
	g_free(where);
	g_free(index);
	len = out->len;
	return g_bytes_new_take(g_string_free(out, FALSE), len);
}

/* ---- Writing values ---- */

void
pdfout_num(GString *s, double v, int places)
{
	static const gint64 pow10[] = { 1, 10, 100, 1000, 10000, 100000,
	    1000000 };
	gint64 scale, i;
	char buf[40];
	int k = (int)sizeof buf;

	if (places < 0)
		places = 0;
	if (places > 6)
		places = 6;
	scale = pow10[places];
	if (!isfinite(v) || fabs(v) > 1e12)
		v = 0;
	i = (gint64)llround(v * (double)scale);
	if (i == 0) {
		g_string_append_c(s, '0');
		return;
	}
	{
		bool neg = i < 0;
		guint64 u = neg ? (guint64)-i : (guint64)i;
		guint64 whole = u / (guint64)scale, frac = u % (guint64)scale;
		int d = places;

		/* the decimals without their trailing zeros */
		while (d > 0 && frac % 10 == 0) {
			frac /= 10;
			d--;
		}
		if (d > 0) {
			for (int j = 0; j < d; j++) {
				buf[--k] = (char)('0' + frac % 10);
				frac /= 10;
			}
			buf[--k] = '.';
		}
		do {
			buf[--k] = (char)('0' + whole % 10);
			whole /= 10;
		} while (whole > 0);
		if (neg)
			buf[--k] = '-';
	}
	append_bytes(s, buf + k, sizeof buf - (gsize)k);
}

void
pdfout_int(GString *s, gint64 v)
{
	append_int(s, v, '\0');
}

void
pdfout_text(GString *s, const char *utf8)
{
	const char *c;

	for (c = utf8; *c != '\0'; c++)
		if ((unsigned char)*c >= 0x80 || (unsigned char)*c < 0x20)
			break;
	if (*c == '\0') {
		g_string_append_c(s, '(');
		for (c = utf8; *c != '\0'; c++) {
			if (*c == '\\' || *c == '(' || *c == ')')
				g_string_append_c(s, '\\');
			g_string_append_c(s, *c);
		}
		g_string_append_c(s, ')');
		return;
	}
	{
		gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, NULL, NULL);
		static const char hex[] = "0123456789ABCDEF";

		g_string_append(s, "<FEFF");
		for (gunichar2 *q = u; q != NULL && *q != 0; q++) {
			g_string_append_c(s, hex[*q >> 12]);
			g_string_append_c(s, hex[(*q >> 8) & 15]);
			g_string_append_c(s, hex[(*q >> 4) & 15]);
			g_string_append_c(s, hex[*q & 15]);
		}
		g_string_append_c(s, '>');
		g_free(u);
	}
}

void
pdfout_name(GString *s, const char *name)
{
	g_string_append_c(s, '/');
	for (const unsigned char *c = (const unsigned char *)name; *c != '\0';
	    c++) {
		if (*c < 0x21 || *c > 0x7e || strchr("#()<>[]{}/%", *c) !=
		    NULL)
			g_string_append_printf(s, "#%02X", *c);
		else
			g_string_append_c(s, (char)*c);
	}
}
