/*
 * pdfread.c: reading a PDF cairo wrote (pdfread.h).
 *
 * cairo 1.16 ends its file with a classic cross-reference table and a
 * trailer, and writes no object streams; objects are parsed from their
 * offsets when they are first asked for.  Every read is bounded by the
 * file's end, and nesting by MAX_DEPTH, so damaged bytes give NULL and
 * never a read past the buffer.  Owns the parsed values; the file's
 * bytes stay the caller's.
 */
#include "pdfread.h"

#include <string.h>
#include <zlib.h>

/* Arrays and dictionaries nest at most this deep. */
#define MAX_DEPTH 64
/* A cross-reference table lists at most this many objects. */
#define MAX_OBJECTS 10000000

struct pdfread {
	const guint8 *data;
	gsize len;
	GArray *offsets;        /* of gsize: each object's offset, 0: none */
	GHashTable *objs;       /* object number -> struct pdfobj * */
	int root;
};

/* ---- Values ---- */

static void
S_free(struct pdfval *v)
{
	if (v == NULL)
		return;
	if (v->items != NULL)
		g_ptr_array_free(v->items, TRUE);
	g_free(v);
}

/* A value whose text is len bytes at text (copied), or none if NULL.
 * The text is allocated with the value: one block for both. */
static struct pdfval *
S_new(enum pdfkind k, const char *text, gsize len)
{
	struct pdfval *v = g_malloc0(sizeof *v + (text != NULL ? len + 1 : 0));

	v->kind = k;
	if (text != NULL) {
		v->text = (char *)(v + 1);
		memcpy(v->text, text, len);
	}
	if (k == PDF_ARRAY || k == PDF_DICT)
		v->items = g_ptr_array_new_with_free_func(
		    (GDestroyNotify)S_free);
	return v;
}

const struct pdfval *
pdfval_get(const struct pdfval *dict, const char *key)
{
	if (dict == NULL || dict->kind != PDF_DICT)
		return NULL;
	for (guint i = 0; i + 1 < dict->items->len; i += 2)
		if (strcmp(((struct pdfval *)dict->items->pdata[i])->text,
		    key) == 0)
			return dict->items->pdata[i + 1];
	return NULL;
}

bool
pdfval_is_name(const struct pdfval *v, const char *name)
{
	return v != NULL && v->kind == PDF_NAME && strcmp(v->text, name) == 0;
}

/* ---- Words ---- */

struct lexer {
	const guint8 *p, *end;
};

/* A word of the file: len bytes at s, not copied. */
struct word {
	const char *s;
	gsize len;
};

static bool
S_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

static bool
S_space(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' ||
	    c == 0;
}

/* Past white space and comments. */
static void
S_skip(struct lexer *lx)
{
	for (;;) {
		while (lx->p < lx->end && S_space(*lx->p))
			lx->p++;
		if (lx->p < lx->end && *lx->p == '%') {
			while (lx->p < lx->end && *lx->p != '\n' &&
			    *lx->p != '\r')
				lx->p++;
			continue;
		}
		return;
	}
}

/* A regular word (number, keyword) at the lexer, empty at the end. */
static struct word
S_word(struct lexer *lx)
{
	struct word w;

	S_skip(lx);
	w.s = (const char *)lx->p;
	while (lx->p < lx->end && !S_space(*lx->p) && !S_delim(*lx->p))
		lx->p++;
	w.len = (gsize)((const char *)lx->p - w.s);
	return w;
}

static bool
S_word_is(struct word w, const char *s)
{
	return w.len == strlen(s) && memcmp(w.s, s, w.len) == 0;
}

/* A word's value as a whole number, or -1 if it is not one. */
static gint64
S_word_int(struct word w)
{
	gint64 n = 0;

	if (w.len == 0 || w.len > 18)
		return -1;
	for (gsize i = 0; i < w.len; i++) {
		if (!g_ascii_isdigit(w.s[i]))
			return -1;
		n = n * 10 + (w.s[i] - '0');
	}
	return n;
}

/* Whether the lexer is at the bytes s. */
static bool
S_at(const struct lexer *lx, const char *s)
{
	gsize n = strlen(s);

	return (gsize)(lx->end - lx->p) >= n && memcmp(lx->p, s, n) == 0;
}

/* ---- Values parsed ---- */

static struct pdfval *S_value(struct lexer *, int depth);

/* A literal string, at its "(". */
static struct pdfval *
S_string(struct lexer *lx)
{
	const guint8 *s = lx->p;
	int nest = 0;

	while (lx->p < lx->end) {
		guint8 c = *lx->p++;

		if (c == '\\' && lx->p < lx->end)
			lx->p++;
		else if (c == '(')
			nest++;
		else if (c == ')' && --nest == 0)
			return S_new(PDF_STRING, (const char *)s,
			    (gsize)(lx->p - s));
	}
	return NULL;            /* not closed */
}

/* A hexadecimal string, at its "<". */
static struct pdfval *
S_hex(struct lexer *lx)
{
	const guint8 *s = lx->p;

	while (lx->p < lx->end && *lx->p != '>')
		lx->p++;
	if (lx->p >= lx->end)
		return NULL;
	lx->p++;
	return S_new(PDF_STRING, (const char *)s, (gsize)(lx->p - s));
}

/* The items of an array or dictionary up to close, past its opening. */
static struct pdfval *
S_container(struct lexer *lx, enum pdfkind kind, const char *close,
    int depth)
{
	struct pdfval *v = S_new(kind, NULL, 0);

	for (;;) {
		struct pdfval *item;

		S_skip(lx);
		if (lx->p >= lx->end)
			break;
		if (S_at(lx, close)) {
			lx->p += strlen(close);
			/* A dictionary's keys are names, one value each. */
			if (kind == PDF_DICT && v->items->len % 2 != 0)
				break;
			return v;
		}
		if ((item = S_value(lx, depth + 1)) == NULL)
			break;
		if (kind == PDF_DICT && v->items->len % 2 == 0 &&
		    item->kind != PDF_NAME) {
			S_free(item);
			break;
		}
		g_ptr_array_add(v->items, item);
	}
	S_free(v);
	return NULL;
}

/* One value; "a b R" is read as a reference.  NULL at the end or on
 * what is no value. */
static struct pdfval *
S_value(struct lexer *lx, int depth)
{
	struct word w;
	gint64 num;

	S_skip(lx);
	if (lx->p >= lx->end || depth > MAX_DEPTH)
		return NULL;
	switch (*lx->p) {
	case '/': {
		const guint8 *s = ++lx->p;

		while (lx->p < lx->end && !S_space(*lx->p) && !S_delim(*lx->p))
			lx->p++;
		return S_new(PDF_NAME, (const char *)s, (gsize)(lx->p - s));
	}
	case '(':
		return S_string(lx);
	case '[':
		lx->p++;
		return S_container(lx, PDF_ARRAY, "]", depth);
	case '<':
		if (S_at(lx, "<<")) {
			lx->p += 2;
			return S_container(lx, PDF_DICT, ">>", depth);
		}
		return S_hex(lx);
	case ')':
	case '>':
	case ']':
	case '{':
	case '}':
		return NULL;
	default:
		break;
	}
	w = S_word(lx);
	if (w.len == 0)
		return NULL;
	if (S_word_is(w, "null"))
		return S_new(PDF_NULL, NULL, 0);
	/* A reference: two whole numbers and R. */
	if ((num = S_word_int(w)) >= 0 && num <= G_MAXINT) {
		struct lexer save = *lx;
		struct word g = S_word(lx), r = S_word(lx);

		if (S_word_int(g) >= 0 && S_word_is(r, "R")) {
			struct pdfval *v = S_new(PDF_REF, NULL, 0);

			v->ref = (int)num;
			return v;
		}
		*lx = save;
	}
	return S_new(PDF_ATOM, w.s, w.len);
}

/* ---- Objects ---- */

/* Where object n starts, past "n 0 obj", or NULL. */
static const guint8 *
S_body(const struct pdfread *r, int n)
{
	struct lexer lx;
	gsize off;

	if (n <= 0 || (guint)n >= r->offsets->len ||
	    (off = g_array_index(r->offsets, gsize, n)) == 0 ||
	    off >= r->len)
		return NULL;
	lx.p = r->data + off;
	lx.end = r->data + r->len;
	if (S_word_int(S_word(&lx)) != n || S_word_int(S_word(&lx)) != 0 ||
	    !S_word_is(S_word(&lx), "obj"))
		return NULL;
	return lx.p;
}

/* A stream's /Length: a number, or an object that is one (read where it
 * is, so that a length never leads to another stream). */
static gint64
S_length(const struct pdfread *r, const struct pdfval *len)
{
	struct lexer lx;

	if (len != NULL && len->kind == PDF_ATOM)
		return S_word_int((struct word){ len->text,
		    strlen(len->text) });
	if (len == NULL || len->kind != PDF_REF ||
	    (lx.p = S_body(r, len->ref)) == NULL)
		return -1;
	lx.end = r->data + r->len;
	return S_word_int(S_word(&lx));
}

static void
S_obj_free(gpointer p)
{
	struct pdfobj *o = p;

	S_free(o->value);
	g_free(o);
}

/* Object n's value and stream, parsed; NULL if they cannot be. */
static struct pdfobj *
S_parse(const struct pdfread *r, int n)
{
	struct lexer lx;
	struct pdfobj *o;
	gint64 len;

	if ((lx.p = S_body(r, n)) == NULL)
		return NULL;
	lx.end = r->data + r->len;
	o = g_new0(struct pdfobj, 1);
	if ((o->value = S_value(&lx, 0)) == NULL) {
		g_free(o);
		return NULL;
	}
	S_skip(&lx);
	if (!S_at(&lx, "stream"))
		return o;
	lx.p += 6;
	if (lx.p < lx.end && *lx.p == '\r')
		lx.p++;
	if (lx.p < lx.end && *lx.p == '\n')
		lx.p++;
	len = S_length(r, pdfval_get(o->value, "Length"));
	if (len < 0 || (guint64)len > (guint64)(lx.end - lx.p)) {
		S_obj_free(o);
		return NULL;
	}
	o->stream = lx.p;
	o->stream_len = (gsize)len;
	return o;
}

const struct pdfobj *
pdfread_obj(struct pdfread *r, int n)
{
	struct pdfobj *o = g_hash_table_lookup(r->objs, GINT_TO_POINTER(n));

	if (o == NULL && (o = S_parse(r, n)) != NULL)
		g_hash_table_insert(r->objs, GINT_TO_POINTER(n), o);
	return o;
}

const struct pdfval *
pdfread_deref(struct pdfread *r, const struct pdfval *v)
{
	const struct pdfobj *o;

	if (v == NULL || v->kind != PDF_REF)
		return v;
	o = pdfread_obj(r, v->ref);
	return o != NULL ? o->value : NULL;
}

/* ---- The file ---- */

/* The cross-reference table at r's startxref, and the trailer. */
static bool
S_xref(struct pdfread *r)
{
	gsize from = r->len > 64 ? r->len - 64 : 0;
	const char *sx = r->len > 0 ? g_strrstr_len((const char *)r->data +
	    from, (gssize)(r->len - from), "startxref") : NULL;
	struct lexer lx;
	gint64 at, first, count;
	struct pdfval *trailer;
	const struct pdfval *root;

	if (sx == NULL)
		return false;
	lx.p = (const guint8 *)sx + 9;
	lx.end = r->data + r->len;
	if ((at = S_word_int(S_word(&lx))) < 0 || (guint64)at >= r->len)
		return false;
	lx.p = r->data + at;
	if (!S_word_is(S_word(&lx), "xref"))
		return false;
	first = S_word_int(S_word(&lx));
	count = S_word_int(S_word(&lx));
	if (first != 0 || count <= 0 || count > MAX_OBJECTS ||
	    count > (gint64)(r->len / 20))
		return false;
	g_array_set_size(r->offsets, (guint)count);
	for (gint64 i = 0; i < count; i++) {
		struct word off = S_word(&lx);
		gint64 o;

		(void)S_word(&lx);      /* the generation */
		o = S_word_is(S_word(&lx), "n") ? S_word_int(off) : 0;
		g_array_index(r->offsets, gsize, i) = o > 0 ? (gsize)o : 0;
	}
	if (!S_word_is(S_word(&lx), "trailer") ||
	    (trailer = S_value(&lx, 0)) == NULL)
		return false;
	root = pdfval_get(trailer, "Root");
	r->root = root != NULL && root->kind == PDF_REF ? root->ref : 0;
	S_free(trailer);
	return r->root > 0;
}

struct pdfread *
pdfread_new(const guint8 *data, gsize len)
{
	struct pdfread *r = g_new0(struct pdfread, 1);

	r->data = data;
	r->len = len;
	r->offsets = g_array_new(FALSE, TRUE, sizeof(gsize));
	r->objs = g_hash_table_new_full(NULL, NULL, NULL, S_obj_free);
	if (!S_xref(r)) {
		pdfread_free(r);
		return NULL;
	}
	return r;
}

void
pdfread_free(struct pdfread *r)
{
	if (r == NULL)
		return;
	g_array_free(r->offsets, TRUE);
	g_hash_table_destroy(r->objs);
	g_free(r);
}

int
pdfread_root(const struct pdfread *r)
{
	return r->root;
}

/* ---- Writing values ---- */

static void
S_ref(GString *out, int n)
{
	g_string_append_printf(out, "%d 0 R", n);
}

void
pdfval_write_entries(GString *out, const struct pdfval *dict,
    void (*ref)(GString *, int, gpointer), gpointer data,
    const char *const *skip)
{
	bool first = true;

	for (guint i = 0; i + 1 < dict->items->len; i += 2) {
		const struct pdfval *k = dict->items->pdata[i];
		bool left_out = false;

		for (const char *const *s = skip; s != NULL && *s != NULL; s++)
			if (strcmp(k->text, *s) == 0)
				left_out = true;
		if (left_out)
			continue;
		if (!first)
			g_string_append_c(out, ' ');
		first = false;
		pdfval_write(out, k, ref, data);
		g_string_append_c(out, ' ');
		pdfval_write(out, dict->items->pdata[i + 1], ref, data);
	}
}

void
pdfval_write(GString *out, const struct pdfval *v,
    void (*ref)(GString *, int, gpointer), gpointer data)
{
	switch (v->kind) {
	case PDF_NULL:
		g_string_append(out, "null");
		break;
	case PDF_ATOM:
	case PDF_STRING:
		g_string_append(out, v->text);
		break;
	case PDF_NAME:
		g_string_append_c(out, '/');
		g_string_append(out, v->text);
		break;
	case PDF_REF:
		if (ref != NULL)
			ref(out, v->ref, data);
		else
			S_ref(out, v->ref);
		break;
	case PDF_ARRAY:
		g_string_append_c(out, '[');
		for (guint i = 0; i < v->items->len; i++) {
			if (i > 0)
				g_string_append_c(out, ' ');
			pdfval_write(out, v->items->pdata[i], ref, data);
		}
		g_string_append_c(out, ']');
		break;
	case PDF_DICT:
		g_string_append(out, "<<");
		pdfval_write_entries(out, v, ref, data, NULL);
		g_string_append(out, ">>");
		break;
	}
}

/* ---- Streams ---- */

guint8 *
pdfread_inflate(const guint8 *in, gsize len, gsize max, gsize *out_len)
{
	z_stream z = { 0 };
	GByteArray *out = g_byte_array_new();
	guint8 buf[16384];
	int r;

	if (len > G_MAXUINT || inflateInit(&z) != Z_OK) {
		g_byte_array_unref(out);
		return NULL;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	do {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		r = inflate(&z, Z_NO_FLUSH);
		g_byte_array_append(out, buf,
		    (guint)(sizeof buf - z.avail_out));
	} while (r == Z_OK && out->len <= max);
	inflateEnd(&z);
	if (r != Z_STREAM_END || out->len > max) {
		g_byte_array_unref(out);
		return NULL;
	}
	*out_len = out->len;
	return g_byte_array_free(out, FALSE);
}
