/*
 * pdfpost.c: the last touches of a tagged PDF, and the file written anew.
 *
 * cairo 1.16 writes a tagged PDF but cannot mark artifacts, give a
 * Figure its alternative text or set the document's language.  The
 * renderer therefore marks decoration with the structure type "Private";
 * this module reads the PDF cairo wrote (a classic cross-reference table,
 * no object streams) and changes what it must: the content streams (each
 * "Private" sequence becomes an /Artifact sequence), the structure
 * elements and the parent tree (without the Private elements, and with
 * one Link element for each link, however many lines it is broken
 * across), the Figures (with /Alt), the catalog (/Lang,
 * /ViewerPreferences, XMP metadata) and the document information (dates
 * with their "D:" prefix).  It then writes the file anew, in one
 * revision: the objects still used, the small ones packed in compressed
 * object streams, and a cross-reference stream (PDF 1.5), which makes a
 * summary about half the size cairo's file would be.  Owns the parsed
 * objects while it runs.
 */
#include "pdfpost.h"

#include <string.h>
#include <libdeflate.h>
#include <zlib.h>

enum pkind {
	PK_NULL,
	PK_ATOM,        /* a number, boolean or keyword: text as written */
	PK_NAME,        /* text without the slash */
	PK_STRING,      /* text as written, delimiters included */
	PK_ARRAY,
	PK_DICT,        /* items: key (PK_NAME), value, key, value, ... */
	PK_REF,
};

struct pval {
	enum pkind kind;
	char *text;             /* ATOM, NAME, STRING: in the same block as
				   the value, freed with it */
	int ref;                /* REF: object number */
	GPtrArray *items;       /* owned; ARRAY, DICT: of struct pval * */
};

/* An indirect object of the file, parsed on demand. */
struct pobj {
	struct pval *value;     /* owned */
	const guint8 *stream;   /* in the file's bytes, or NULL */
	gsize stream_len;
	bool changed;           /* to be written in the new revision */
	guint8 *new_stream;     /* owned; a changed stream's bytes */
	gsize new_len;
};

struct post {
	const guint8 *data;
	gsize len;
	GArray *offsets;        /* of gsize: each object's offset, 0: none */
	GHashTable *objs;       /* object number -> struct pobj * */
	int root, info, size;
	gsize prev;             /* the cross-reference table's offset */
	const struct document *doc;
	bool ok;
	struct libdeflate_compressor *z;        /* owned; once needed */
};

/* ---- Values ---- */

static void
S_free(struct pval *v)
{
	if (v == NULL)
		return;
	if (v->items != NULL)
		g_ptr_array_free(v->items, TRUE);
	g_free(v);
}

/* A value whose text is len bytes at text (copied), or none if NULL.
 * The text is allocated with the value: one block for both. */
static struct pval *
S_new_len(enum pkind k, const char *text, gsize len)
{
	struct pval *v = g_malloc0(sizeof *v + (text != NULL ? len + 1 : 0));

	v->kind = k;
	if (text != NULL) {
		v->text = (char *)(v + 1);
		memcpy(v->text, text, len);
	}
	if (k == PK_ARRAY || k == PK_DICT)
		/* room for a structure element's few keys at once */
		v->items = g_ptr_array_new_full(k == PK_DICT ? 12 : 4,
		    (GDestroyNotify)S_free);
	return v;
}

static struct pval *
S_new(enum pkind k, const char *text)
{
	return S_new_len(k, text, text != NULL ? strlen(text) : 0);
}

static struct pval *
S_get(const struct pval *dict, const char *key)
{
	if (dict == NULL || dict->kind != PK_DICT)
		return NULL;
	for (guint i = 0; i + 1 < dict->items->len; i += 2)
		if (strcmp(((struct pval *)dict->items->pdata[i])->text, key) ==
		    0)
			return dict->items->pdata[i + 1];
	return NULL;
}

/* The index of a key's value in a dictionary's items, or 0. */
static guint
S_index(const struct pval *dict, const char *key)
{
	for (guint i = 0; i + 1 < dict->items->len; i += 2)
		if (strcmp(((struct pval *)dict->items->pdata[i])->text, key) ==
		    0)
			return i + 1;
	return 0;
}

/* Set a key of a dictionary, replacing any value it had. */
static void
S_set(struct pval *dict, const char *key, struct pval *value)
{
	for (guint i = 0; i + 1 < dict->items->len; i += 2)
		if (strcmp(((struct pval *)dict->items->pdata[i])->text, key) ==
		    0) {
			S_free(dict->items->pdata[i + 1]);
			dict->items->pdata[i + 1] = value;
			return;
		}
	g_ptr_array_add(dict->items, S_new(PK_NAME, key));
	g_ptr_array_add(dict->items, value);
}

static bool
S_is_name(const struct pval *v, const char *name)
{
	return v != NULL && v->kind == PK_NAME && strcmp(v->text, name) == 0;
}

/* ---- Parsing ---- */

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

static struct pval *S_value(struct lexer *, int depth);

static struct pval *
S_string(struct lexer *lx)
{
	const guint8 *s = lx->p;
	int nest = 0;

	while (lx->p < lx->end) {
		guint8 c = *lx->p++;

		if (c == '\\')
			lx->p++;
		else if (c == '(')
			nest++;
		else if (c == ')' && --nest == 0)
			break;
	}
	return S_new_len(PK_STRING, (const char *)s, (gsize)(lx->p - s));
}

static struct pval *
S_container(struct lexer *lx, enum pkind kind, const char *close,
    int depth)
{
	struct pval *v = S_new(kind, NULL);

	for (;;) {
		struct pval *item;

		S_skip(lx);
		if (lx->p >= lx->end) {
			S_free(v);
			return NULL;
		}
		if (strncmp((const char *)lx->p, close, strlen(close)) == 0) {
			lx->p += strlen(close);
			return v;
		}
		if ((item = S_value(lx, depth + 1)) == NULL) {
			S_free(v);
			return NULL;
		}
		g_ptr_array_add(v->items, item);
	}
}

/* One value; "a b R" is read as a reference. */
static struct pval *
S_value(struct lexer *lx, int depth)
{
	struct word w;
	gint64 num;

	S_skip(lx);
	if (lx->p >= lx->end || depth > 64)
		return NULL;
	switch (*lx->p) {
	case '/': {
		const guint8 *s = ++lx->p;

		while (lx->p < lx->end && !S_space(*lx->p) && !S_delim(*lx->p))
			lx->p++;
		return S_new_len(PK_NAME, (const char *)s, (gsize)(lx->p - s));
	}
	case '(':
		return S_string(lx);
	case '[':
		lx->p++;
		return S_container(lx, PK_ARRAY, "]", depth);
	case '<':
		if (lx->p + 1 < lx->end && lx->p[1] == '<') {
			lx->p += 2;
			return S_container(lx, PK_DICT, ">>", depth);
		} else {
			const guint8 *s = lx->p;

			while (lx->p < lx->end && *lx->p != '>')
				lx->p++;
			if (lx->p < lx->end)
				lx->p++;
			return S_new_len(PK_STRING, (const char *)s,
			    (gsize)(lx->p - s));
		}
	default:
		break;
	}
	w = S_word(lx);
	if (w.len == 0)
		return NULL;
	if (S_word_is(w, "null"))
		return S_new(PK_NULL, NULL);
	/* A reference: two whole numbers and R. */
	if ((num = S_word_int(w)) >= 0 && num <= G_MAXINT) {
		struct lexer save = *lx;
		struct word g = S_word(lx), r = S_word(lx);

		if (S_word_int(g) >= 0 && S_word_is(r, "R")) {
			struct pval *v = S_new(PK_REF, NULL);

			v->ref = (int)num;
			return v;
		}
		*lx = save;
	}
	return S_new_len(PK_ATOM, w.s, w.len);
}

static struct pobj *S_obj(struct post *, int);

static gsize
S_length(struct post *ps, const struct pval *len)
{
	if (len == NULL)
		return 0;
	if (len->kind == PK_REF) {
		struct pobj *o = S_obj(ps, len->ref);

		return o != NULL && o->value->kind == PK_ATOM ?
		    (gsize)g_ascii_strtoull(o->value->text, NULL, 10) : 0;
	}
	return len->kind == PK_ATOM ?
	    (gsize)g_ascii_strtoull(len->text, NULL, 10) : 0;
}

/* The object numbered n, parsed on first use; NULL if there is none. */
static struct pobj *
S_obj(struct post *ps, int n)
{
	struct pobj *o = g_hash_table_lookup(ps->objs, GINT_TO_POINTER(n));
	struct lexer lx;
	gsize off;

	if (o != NULL)
		return o;
	if (n <= 0 || (guint)n >= ps->offsets->len ||
	    (off = g_array_index(ps->offsets, gsize, n)) == 0 ||
	    off >= ps->len)
		return NULL;
	lx.p = ps->data + off;
	lx.end = ps->data + ps->len;
	/* "n 0 obj" */
	(void)S_word(&lx);
	(void)S_word(&lx);
	if (!S_word_is(S_word(&lx), "obj"))
		return NULL;
	o = g_new0(struct pobj, 1);
	if ((o->value = S_value(&lx, 0)) == NULL) {
		g_free(o);
		return NULL;
	}
	g_hash_table_insert(ps->objs, GINT_TO_POINTER(n), o);
	S_skip(&lx);
	if (lx.end - lx.p > 6 && memcmp(lx.p, "stream", 6) == 0) {
		lx.p += 6;
		if (*lx.p == '\r')
			lx.p++;
		if (*lx.p == '\n')
			lx.p++;
		o->stream = lx.p;
		o->stream_len = S_length(ps, S_get(o->value, "Length"));
		if ((gsize)(lx.end - lx.p) < o->stream_len)
			o->stream_len = 0;
	}
	return o;
}

static void
S_pobj_free(gpointer p)
{
	struct pobj *o = p;

	S_free(o->value);
	g_free(o->new_stream);
	g_free(o);
}

/* The cross-reference table and trailer cairo writes. */
static bool
S_xref(struct post *ps)
{
	const char *tail = (const char *)ps->data + (ps->len > 64 ?
	    ps->len - 64 : 0);
	const char *sx = g_strrstr_len(tail, (gssize)(ps->data + ps->len -
	    (const guint8 *)tail), "startxref");
	struct lexer lx;
	gint64 first, count;
	struct pval *trailer;

	if (sx == NULL)
		return false;
	ps->prev = (gsize)g_ascii_strtoull(sx + 9, NULL, 10);
	if (ps->prev >= ps->len)
		return false;
	lx.p = ps->data + ps->prev;
	lx.end = ps->data + ps->len;
	if (!S_word_is(S_word(&lx), "xref"))
		return false;
	first = S_word_int(S_word(&lx));
	count = S_word_int(S_word(&lx));
	if (first != 0 || count <= 0 || count > 10000000)
		return false;
	g_array_set_size(ps->offsets, (guint)count);
	for (gint64 i = 0; i < count; i++) {
		struct word off = S_word(&lx);
		gint64 at;

		(void)S_word(&lx);      /* the generation */
		at = S_word_is(S_word(&lx), "n") ? S_word_int(off) : 0;
		g_array_index(ps->offsets, gsize, i) = at > 0 ? (gsize)at : 0;
	}
	if (!S_word_is(S_word(&lx), "trailer"))
		return false;
	if ((trailer = S_value(&lx, 0)) == NULL)
		return false;
	{
		struct pval *r = S_get(trailer, "Root");
		struct pval *i = S_get(trailer, "Info");

		ps->root = r != NULL && r->kind == PK_REF ? r->ref : 0;
		ps->info = i != NULL && i->kind == PK_REF ? i->ref : 0;
		ps->size = (int)count;
	}
	S_free(trailer);
	return ps->root > 0;
}

/* ---- Writing ---- */

static void
S_write(GString *out, const struct pval *v)
{
	switch (v->kind) {
	case PK_NULL:
		g_string_append(out, "null");
		break;
	case PK_ATOM:
	case PK_STRING:
		g_string_append(out, v->text);
		break;
	case PK_NAME:
		g_string_append_printf(out, "/%s", v->text);
		break;
	case PK_REF:
		g_string_append_printf(out, "%d 0 R", v->ref);
		break;
	case PK_ARRAY:
		g_string_append(out, "[");
		for (guint i = 0; i < v->items->len; i++) {
			g_string_append_c(out, ' ');
			S_write(out, v->items->pdata[i]);
		}
		g_string_append(out, " ]");
		break;
	case PK_DICT:
		g_string_append(out, "<<");
		for (guint i = 0; i < v->items->len; i++) {
			g_string_append_c(out, i % 2 == 0 ? '\n' : ' ');
			S_write(out, v->items->pdata[i]);
		}
		g_string_append(out, "\n>>");
		break;
	}
}

/* A PDF text string: ASCII as is, else UTF-16BE with its mark. */
static struct pval *
S_text(const char *utf8)
{
	GString *s = g_string_new(NULL);
	bool ascii = true;
	struct pval *v;

	for (const char *c = utf8; *c != '\0'; c++)
		if ((unsigned char)*c >= 0x80 || *c == '\\' || *c == '(' ||
		    *c == ')')
			ascii = false;
	if (ascii)
		g_string_append_printf(s, "(%s)", utf8);
	else {
		gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, NULL, NULL);

		g_string_append(s, "<FEFF");
		for (gunichar2 *q = u; q != NULL && *q != 0; q++)
			g_string_append_printf(s, "%04X", *q);
		g_string_append_c(s, '>');
		g_free(u);
	}
	v = S_new(PK_STRING, s->str);
	g_string_free(s, TRUE);
	return v;
}

/* ---- The changes ---- */

static gint
S_cmp_int(gconstpointer a, gconstpointer b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}


/* Object numbers in the order of their offsets in the file. */
static gint
S_cmp_offset(gconstpointer a, gconstpointer b, gpointer offsets)
{
	gsize x = g_array_index((GArray *)offsets, gsize, *(const int *)a);
	gsize y = g_array_index((GArray *)offsets, gsize, *(const int *)b);

	return x < y ? -1 : x > y;
}

/* The structure elements in the order cairo made them (the tree's
 * preorder), and the Private ones. */
struct walk {
	GHashTable *private;    /* object number -> parent's number */
	GArray *order;          /* of int: object numbers, in preorder */
	int top;                /* the root element (Document) */
};

static void
S_walk(struct post *ps, int n, int parent, struct walk *w, int depth)
{
	struct pobj *o = S_obj(ps, n);
	struct pval *k;

	if (o == NULL || depth > 200 ||
	    !S_is_name(S_get(o->value, "Type"), "StructElem"))
		return;
	if (w->top == 0)
		w->top = n;
	g_array_append_val(w->order, n);
	if (S_is_name(S_get(o->value, "S"), "Private"))
		g_hash_table_insert(w->private, GINT_TO_POINTER(n),
		    GINT_TO_POINTER(parent));
	k = S_get(o->value, "K");
	if (k == NULL)
		return;
	if (k->kind == PK_REF)
		S_walk(ps, k->ref, n, w, depth + 1);
	else if (k->kind == PK_ARRAY)
		for (guint i = 0; i < k->items->len; i++) {
			struct pval *c = k->items->pdata[i];

			if (c->kind == PK_REF)
				S_walk(ps, c->ref, n, w, depth + 1);
		}
}

/* Take the Private elements out of their parents' children.  What they
 * hold besides marked content (the link of a page's footer) moves to the
 * end of the document's root element. */
static void
S_unlink(struct post *ps, struct walk *w)
{
	GHashTableIter it;
	gpointer key, val;
	struct pobj *top = S_obj(ps, w->top);
	struct pval *tk = top != NULL ? S_get(top->value, "K") : NULL;
	GArray *keys = g_array_new(FALSE, FALSE, sizeof(int));

	/* In order of number: the same bytes every run. */
	g_hash_table_iter_init(&it, w->private);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		int n = GPOINTER_TO_INT(key);

		g_array_append_val(keys, n);
	}
	g_array_sort(keys, S_cmp_int);
	for (guint x = 0; x < keys->len; x++) {
		int n = g_array_index(keys, int, x);
		int parent = GPOINTER_TO_INT(g_hash_table_lookup(w->private,
		    GINT_TO_POINTER(n)));
		struct pobj *p = S_obj(ps, parent);
		struct pobj *me = S_obj(ps, n);
		struct pval *k = p != NULL ? S_get(p->value, "K") : NULL;
		struct pval *mine = me != NULL ? S_get(me->value, "K") : NULL;

		if (k != NULL && k->kind == PK_REF && k->ref == n)
			S_set(p->value, "K", S_new(PK_ARRAY, NULL));
		else if (k != NULL && k->kind == PK_ARRAY)
			for (guint i = k->items->len; i-- > 0;) {
				struct pval *c = k->items->pdata[i];

				if (c->kind == PK_REF && c->ref == n)
					g_ptr_array_remove_index(k->items, i);
			}
		if (p != NULL)
			p->changed = true;
		if (mine == NULL || tk == NULL)
			continue;
		if (tk->kind != PK_ARRAY) {
			struct pval *arr = S_new(PK_ARRAY, NULL);

			g_ptr_array_add(arr->items, tk);
			top->value->items->pdata[S_index(top->value, "K")] = arr;
			tk = arr;
		}
		for (guint i = 0; i < (mine->kind == PK_ARRAY ?
		    mine->items->len : 1); i++) {
			struct pval *c = mine->kind == PK_ARRAY ?
			    mine->items->pdata[i] : mine;
			struct pobj *child;

			/* A Private inside goes too; a Link moves. */
			if (c->kind != PK_REF ||
			    (child = S_obj(ps, c->ref)) == NULL ||
			    !S_is_name(S_get(child->value, "Type"),
			    "StructElem") ||
			    S_is_name(S_get(child->value, "S"), "Private"))
				continue;
			{
				struct pval *ref = S_new(PK_REF, NULL);
				struct pval *up = S_new(PK_REF, NULL);

				ref->ref = c->ref;
				up->ref = w->top;
				g_ptr_array_add(tk->items, ref);
				S_set(child->value, "P", up);
				child->changed = true;
				top->changed = true;
			}
		}
	}
	g_array_free(keys, TRUE);
}

/* The parent tree's Nums array, and in *tree its object; NULL if the
 * document has none. */
static struct pval *
S_parent_nums(struct post *ps, struct pobj **tree)
{
	struct pobj *root = S_obj(ps, ps->root);
	struct pval *str = root ? S_get(root->value, "StructTreeRoot") : NULL;
	struct pobj *sr = str && str->kind == PK_REF ? S_obj(ps, str->ref) :
	    NULL;
	struct pval *pt = sr ? S_get(sr->value, "ParentTree") : NULL;

	*tree = pt && pt->kind == PK_REF ? S_obj(ps, pt->ref) : NULL;
	return *tree ? S_get((*tree)->value, "Nums") : NULL;
}

/*
 * Visit every element reference of the parent tree: fn gets the slot of
 * each (a page's marked content or an annotation) and says whether it
 * changed it.
 */
static void
S_parent_refs(struct post *ps, bool (*fn)(struct pval **, gpointer),
    gpointer data)
{
	struct pobj *tree;
	struct pval *nums = S_parent_nums(ps, &tree);

	if (nums == NULL || nums->kind != PK_ARRAY)
		return;
	for (guint i = 1; i < nums->items->len; i += 2) {
		struct pval **slot = (struct pval **)&nums->items->pdata[i];
		struct pobj *arr = (*slot)->kind == PK_REF ? S_obj(ps,
		    (*slot)->ref) : NULL;
		struct pval *a;

		if (arr == NULL || arr->value->kind != PK_ARRAY) {
			if ((*slot)->kind == PK_REF && fn(slot, data))
				tree->changed = true;
			if ((*slot)->kind != PK_ARRAY)
				continue;
			arr = NULL;
		}
		a = arr != NULL ? arr->value : *slot;
		for (guint j = 0; j < a->items->len; j++)
			if (fn((struct pval **)&a->items->pdata[j], data)) {
				if (arr != NULL)
					arr->changed = true;
				else
					tree->changed = true;
			}
	}
}

static bool
S_null_private(struct pval **slot, gpointer data)
{
	const struct walk *w = data;

	if ((*slot)->kind != PK_REF || !g_hash_table_contains(w->private,
	    GINT_TO_POINTER((*slot)->ref)))
		return false;
	S_free(*slot);
	*slot = S_new(PK_NULL, NULL);
	return true;
}

/* In the parent tree, the Private elements' places become null. */
static void
S_parent_tree(struct post *ps, struct walk *w)
{
	S_parent_refs(ps, S_null_private, w);
}

/* ---- One Link element for each link ---- */

/* An element's children as an array (a lone child becomes one). */
static struct pval *
S_kids(struct pobj *o)
{
	guint i = S_index(o->value, "K");
	struct pval *k, *arr;

	if (i == 0) {
		arr = S_new(PK_ARRAY, NULL);
		S_set(o->value, "K", arr);
		return arr;
	}
	k = o->value->items->pdata[i];
	if (k->kind == PK_ARRAY)
		return k;
	arr = S_new(PK_ARRAY, NULL);
	g_ptr_array_add(arr->items, k);
	o->value->items->pdata[i] = arr;
	return arr;
}

static struct pval *
S_ref(int n)
{
	struct pval *v = S_new(PK_REF, NULL);

	v->ref = n;
	return v;
}

/*
 * Move element e's children to the end of f's.  What is on another page
 * than f's says which: a marked-content id becomes a marked-content
 * reference with /Pg, an object reference gets /Pg.
 */
static void
S_adopt(struct pobj *f, struct pobj *e)
{
	struct pval *fk = S_kids(f), *ek = S_kids(e);
	const struct pval *fpg = S_get(f->value, "Pg");
	const struct pval *epg = S_get(e->value, "Pg");
	bool moved = epg != NULL && epg->kind == PK_REF && (fpg == NULL ||
	    fpg->kind != PK_REF || fpg->ref != epg->ref);

	while (ek->items->len > 0) {
		struct pval *c = g_ptr_array_steal_index(ek->items, 0);

		if (moved && c->kind == PK_ATOM) {
			struct pval *mcr = S_new(PK_DICT, NULL);

			S_set(mcr, "Type", S_new(PK_NAME, "MCR"));
			S_set(mcr, "Pg", S_ref(epg->ref));
			S_set(mcr, "MCID", c);
			c = mcr;
		} else if (moved && c->kind == PK_DICT &&
		    S_get(c, "Pg") == NULL)
			S_set(c, "Pg", S_ref(epg->ref));
		g_ptr_array_add(fk->items, c);
	}
	f->changed = true;
}

static bool
S_retarget_one(struct pval **slot, gpointer data)
{
	GHashTable *to = data;
	gpointer head;

	if ((*slot)->kind != PK_REF || !g_hash_table_lookup_extended(to,
	    GINT_TO_POINTER((*slot)->ref), NULL, &head))
		return false;
	(*slot)->ref = GPOINTER_TO_INT(head);
	return true;
}

/* Whether elements a and b (of one K array) are parts of one link, both
 * in the file: link maps each part to its link's number. */
static bool
S_same_link(struct post *ps, GHashTable *link, const struct pval *a,
    const struct pval *b)
{
	int ga, gb;

	if (a->kind != PK_REF || b->kind != PK_REF)
		return false;
	ga = GPOINTER_TO_INT(g_hash_table_lookup(link,
	    GINT_TO_POINTER(a->ref)));
	gb = GPOINTER_TO_INT(g_hash_table_lookup(link,
	    GINT_TO_POINTER(b->ref)));
	return ga != 0 && ga == gb && S_obj(ps, a->ref) != NULL &&
	    S_obj(ps, b->ref) != NULL;
}

/*
 * Merge the runs of parts of one link in a K array: each run becomes its
 * first part, which takes the others' marked content and annotations;
 * the others become null, and to maps each to its first.  The array is
 * compacted in one pass.  Returns whether it changed.
 */
static bool
S_merge_kids(struct post *ps, GHashTable *link, struct pval *k,
    GHashTable *to)
{
	GPtrArray *items = k->items;
	guint head = 0, kept = 1;

	if (items->len < 2)
		return false;
	for (guint j = 1; j < items->len; j++) {
		struct pval *a = items->pdata[head], *b = items->pdata[j];
		struct pobj *e;

		if (!S_same_link(ps, link, a, b)) {
			items->pdata[kept] = b;
			head = kept++;
			continue;
		}
		e = S_obj(ps, b->ref);
		S_adopt(S_obj(ps, a->ref), e);
		g_hash_table_insert(to, GINT_TO_POINTER(b->ref),
		    GINT_TO_POINTER(a->ref));
		S_free(e->value);
		e->value = S_new(PK_NULL, NULL);
		e->changed = true;
		S_free(b);
	}
	if (kept == items->len)
		return false;
	/* The slots past kept hold pointers moved down or freed. */
	g_ptr_array_set_free_func(items, NULL);
	g_ptr_array_set_size(items, kept);
	g_ptr_array_set_free_func(items, (GDestroyNotify)S_free);
	return true;
}

/*
 * The parts of a link broken across lines (or pages) are Link elements
 * side by side, numbered alike by the renderer (begun: -N for the parts
 * of link N): each run of them becomes its first (S_merge_kids), and
 * the parent tree's references to the others go to it, in one walk.
 */
static void
S_merge_links(struct post *ps, struct walk *w, const GArray *begun)
{
	GHashTable *link = g_hash_table_new(NULL, NULL);
	GHashTable *to = g_hash_table_new(NULL, NULL);

	for (guint i = 0; i < w->order->len && i < begun->len; i++)
		if (g_array_index(begun, int, i) < 0)
			g_hash_table_insert(link, GINT_TO_POINTER(
			    g_array_index(w->order, int, i)), GINT_TO_POINTER(
			    -g_array_index(begun, int, i)));
	for (guint i = 0; i < w->order->len; i++) {
		struct pobj *p = S_obj(ps, g_array_index(w->order, int, i));
		struct pval *k = p != NULL ? S_get(p->value, "K") : NULL;

		if (k != NULL && k->kind == PK_ARRAY &&
		    S_merge_kids(ps, link, k, to))
			p->changed = true;
	}
	if (g_hash_table_size(to) > 0)
		S_parent_refs(ps, S_retarget_one, to);
	g_hash_table_destroy(to);
	g_hash_table_destroy(link);
}

/* "/Private << /MCID n >> BDC" becomes "/Artifact BMC" in a stream. */
static GString *
S_artifacts(const char *s, gsize len, bool *any)
{
	GString *out = g_string_sized_new(len);
	const char *p = s, *end = s + len;
	static const char mark[] = "/Private << /MCID ";

	*any = false;
	while (p < end) {
		const char *m = g_strstr_len(p, end - p, mark);
		const char *q;

		if (m == NULL) {
			g_string_append_len(out, p, end - p);
			break;
		}
		g_string_append_len(out, p, m - p);
		q = m + strlen(mark);
		while (q < end && g_ascii_isdigit(*q))
			q++;
		if (end - q >= 7 && memcmp(q, " >> BDC", 7) == 0) {
			g_string_append(out, "/Artifact BMC");
			p = q + 7;
			*any = true;
		} else {
			g_string_append_len(out, m, q - m);
			p = q;
		}
	}
	return out;
}

static guint8 *
S_inflate(const guint8 *in, gsize len, gsize *out_len)
{
	z_stream z = { 0 };
	GByteArray *out = g_byte_array_new();
	guint8 buf[65536];
	int r;

	if (inflateInit(&z) != Z_OK) {
		g_byte_array_unref(out);
		return NULL;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	do {
		z.next_out = buf;
		z.avail_out = sizeof buf;
		r = inflate(&z, Z_NO_FLUSH);
		g_byte_array_append(out, buf, (guint)(sizeof buf - z.avail_out));
	} while (r == Z_OK);
	inflateEnd(&z);
	if (r != Z_STREAM_END) {
		g_byte_array_unref(out);
		return NULL;
	}
	*out_len = out->len;
	return g_byte_array_free(out, FALSE);
}

static guint8 *
S_deflate(struct post *ps, const char *in, gsize len, gsize *out_len)
{
	gsize n;
	guint8 *out;

	/* One compressor for all the document's streams, at the fastest
	 * level: the streams are small, time counts.  libdeflate compresses
	 * a buffer whole, ten times as fast as zlib's stream at its level 1,
	 * and a little smaller. */
	if (ps->z == NULL && (ps->z = libdeflate_alloc_compressor(1)) == NULL)
		return NULL;
	n = libdeflate_zlib_compress_bound(ps->z, len);
	out = g_malloc(n);
	*out_len = libdeflate_zlib_compress(ps->z, in, len, out, n);
	if (*out_len == 0) {
		g_free(out);
		return NULL;
	}
	return out;
}

/* A link annotation's /Contents: its address, for those who cannot see
 * the text it covers. */
static void
S_annots(struct post *ps, const struct pval *annots)
{
	if (annots == NULL || annots->kind != PK_ARRAY)
		return;
	for (guint i = 0; i < annots->items->len; i++) {
		const struct pval *r = annots->items->pdata[i];
		struct pobj *a = r->kind == PK_REF ? S_obj(ps, r->ref) : NULL;
		struct pval *act, *uri;

		if (a == NULL || !S_is_name(S_get(a->value, "Subtype"), "Link") ||
		    (act = S_get(a->value, "A")) == NULL ||
		    (uri = S_get(act, "URI")) == NULL ||
		    uri->kind != PK_STRING)
			continue;
		S_set(a->value, "Contents", S_new(PK_STRING, uri->text));
		a->changed = true;
	}
}

/* Each page's content stream, with its artifacts marked. */
static void
S_pages(struct post *ps, int n, int depth)
{
	struct pobj *o = S_obj(ps, n);
	struct pval *kids, *contents;

	if (o == NULL || depth > 32)
		return;
	if ((kids = S_get(o->value, "Kids")) != NULL && kids->kind == PK_ARRAY) {
		for (guint i = 0; i < kids->items->len; i++) {
			struct pval *k = kids->items->pdata[i];

			if (k->kind == PK_REF)
				S_pages(ps, k->ref, depth + 1);
		}
		return;
	}
	/* Tab order follows the structure; a link says where it leads. */
	S_set(o->value, "Tabs", S_new(PK_NAME, "S"));
	o->changed = true;
	S_annots(ps, S_get(o->value, "Annots"));
	contents = S_get(o->value, "Contents");
	if (contents != NULL && contents->kind == PK_REF) {
		struct pobj *c = S_obj(ps, contents->ref);
		gsize plain_len;
		guint8 *plain;
		GString *marked;
		bool any, flate;

		if (c == NULL || c->stream == NULL)
			return;
		flate = S_is_name(S_get(c->value, "Filter"), "FlateDecode");
		plain = flate ? S_inflate(c->stream, c->stream_len,
		    &plain_len) : g_memdup2(c->stream, c->stream_len);
		if (!flate)
			plain_len = c->stream_len;
		if (plain == NULL) {
			ps->ok = false;
			return;
		}
		marked = S_artifacts((const char *)plain, plain_len, &any);
		g_free(plain);
		if (any) {
			char num[32];

			c->new_stream = S_deflate(ps, marked->str, marked->len,
			    &c->new_len);
			if (c->new_stream == NULL) {
				ps->ok = false;
				g_string_free(marked, TRUE);
				return;
			}
			S_set(c->value, "Filter", S_new(PK_NAME,
			    "FlateDecode"));
			g_snprintf(num, sizeof num, "%" G_GSIZE_FORMAT,
			    c->new_len);
			S_set(c->value, "Length", S_new(PK_ATOM, num));
			c->changed = true;
		}
		g_string_free(marked, TRUE);
	}
}

/*
 * What cairo cannot say of an element: a Figure's alternative text, the
 * language of text in another language than the document's.  The
 * renderer noted the node of every element it began (begun), in the
 * order cairo made them: the tree's preorder.
 */
static void
S_attributes(struct post *ps, struct walk *w, const GArray *begun)
{
	if (begun == NULL || begun->len != w->order->len) {
		ps->ok = false;
		return;
	}
	for (guint i = 0; i < w->order->len; i++) {
		int node = g_array_index(begun, int, i);
		const struct snode *s;
		struct pobj *o;

		if (node <= 0 || (guint)node > ps->doc->nodes->len)
			continue;
		s = &g_array_index(ps->doc->nodes, struct snode, node - 1);
		if (s->alt == NULL && s->lang == NULL)
			continue;
		if ((o = S_obj(ps, g_array_index(w->order, int, i))) == NULL)
			continue;
		if (s->alt != NULL)
			S_set(o->value, "Alt", S_text(s->alt));
		if (s->lang != NULL)
			S_set(o->value, "Lang", S_text(s->lang));
		o->changed = true;
	}
}

/* "(20171001000000Z)" as PDF wants it: "(D:20171001000000Z)". */
static void
S_dates(struct post *ps)
{
	struct pobj *o = ps->info > 0 ? S_obj(ps, ps->info) : NULL;
	static const char *const keys[] = { "CreationDate", "ModDate" };

	if (o == NULL)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		struct pval *d = S_get(o->value, keys[i]);

		if (d != NULL && d->kind == PK_STRING &&
		    g_ascii_isdigit(d->text[1])) {
			char *t = g_strdup_printf("(D:%s", d->text + 1);

			S_set(o->value, keys[i], S_new(PK_STRING, t));
			g_free(t);
			o->changed = true;
		}
	}
}

static char *
S_xml_escape(const char *s)
{
	return g_markup_escape_text(s != NULL ? s : "", -1);
}

/* The document's metadata as XMP, which the catalog points to: what
 * archives and accessibility checkers read.  Returns the new object's
 * number. */
static int
S_xmp(struct post *ps)
{
	const struct document *d = ps->doc;
	struct pobj *o = g_new0(struct pobj, 1);
	char *title = S_xml_escape(d->title), *lang = S_xml_escape(
	    d->language != NULL ? d->language : "en");
	char *subject = S_xml_escape(d->subject);
	char *keywords = S_xml_escape(d->keywords);
	char *author = S_xml_escape(d->author);
	GString *x = g_string_new(NULL);
	int n = ps->size++;
	char len[32];

	g_string_append(x, "<?xpacket begin=\"\xEF\xBB\xBF\" "
	    "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	g_string_append_printf(x, "   <dc:format>application/pdf</dc:format>\n"
	    "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li>"
	    "</rdf:Alt></dc:title>\n"
	    "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s"
	    "</rdf:li></rdf:Alt></dc:description>\n"
	    "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag>"
	    "</dc:language>\n", title, subject, lang);
	if (d->author != NULL)
		g_string_append_printf(x, "   <dc:creator><rdf:Seq><rdf:li>%s"
		    "</rdf:li></rdf:Seq></dc:creator>\n", author);
	g_string_append_printf(x, "   <pdf:Keywords>%s</pdf:Keywords>\n"
	    "   <xmp:CreatorTool>ucapgen %s</xmp:CreatorTool>\n", keywords,
	    UCAPGEN_VERSION);
	if (d->date != NULL)
		g_string_append_printf(x, "   <xmp:CreateDate>%s"
		    "</xmp:CreateDate>\n   <xmp:ModifyDate>%s"
		    "</xmp:ModifyDate>\n", d->date, d->date);
	g_string_append(x, "  </rdf:Description>\n </rdf:RDF>\n"
	    "</x:xmpmeta>\n<?xpacket end=\"r\"?>");
	o->value = S_new(PK_DICT, NULL);
	S_set(o->value, "Type", S_new(PK_NAME, "Metadata"));
	S_set(o->value, "Subtype", S_new(PK_NAME, "XML"));
	g_snprintf(len, sizeof len, "%" G_GSIZE_FORMAT, x->len);
	S_set(o->value, "Length", S_new(PK_ATOM, len));
	o->new_len = x->len;
	o->new_stream = (guint8 *)g_string_free(x, FALSE);
	o->changed = true;
	g_hash_table_insert(ps->objs, GINT_TO_POINTER(n), o);
	g_free(title);
	g_free(lang);
	g_free(subject);
	g_free(keywords);
	g_free(author);
	return n;
}

static void
S_catalog(struct post *ps)
{
	struct pobj *o = S_obj(ps, ps->root);
	struct pval *vp = S_new(PK_DICT, NULL);

	if (o == NULL) {
		ps->ok = false;
		return;
	}
	if (ps->doc->language != NULL)
		S_set(o->value, "Lang", S_text(ps->doc->language));
	S_set(vp, "DisplayDocTitle", S_new(PK_ATOM, "true"));
	S_set(o->value, "ViewerPreferences", vp);
	{
		struct pval *m = S_new(PK_REF, NULL);

		m->ref = S_xmp(ps);
		S_set(o->value, "Metadata", m);
	}
	if (S_get(o->value, "StructTreeRoot") != NULL) {
		struct pval *mi = S_new(PK_DICT, NULL);

		S_set(mi, "Marked", S_new(PK_ATOM, "true"));
		S_set(o->value, "MarkInfo", mi);
	}
	o->changed = true;
}


/* ---- The finished file ---- */

/* Objects an object stream holds at most, so that a reader opening one
 * object of a long document does not inflate them all. */
#define OBJSTM_MAX 1000

/* An object as it goes out: what stands between "n 0 obj" and "endobj". */
struct body {
	const char *s;          /* in the input, or in text */
	gsize len;
	bool stream;            /* a stream: it stays outside object streams */
	GString *text;          /* owned: a changed object's new text */
};

/* The references in an object's text, up to its stream's data: n of
 * each "n 0 R" appended to refs.  Strings, names and comments are passed
 * over, so that "(1 0 R)" is no reference. */
static void
S_scan_refs(const char *s, gsize len, GArray *refs)
{
	const char *p = s, *end = s + len;
	gint64 last[2] = { -1, -1 };

	while (p < end) {
		struct lexer lx = { (const guint8 *)p, (const guint8 *)end };
		struct word w;

		S_skip(&lx);
		p = (const char *)lx.p;
		if (p >= end)
			break;
		if (*p == '(') {
			int depth = 0;

			for (; p < end; p++) {
				if (*p == '\\')
					p++;
				else if (*p == '(')
					depth++;
				else if (*p == ')' && --depth == 0)
					break;
			}
			p++;
		} else if (*p == '<' && p + 1 < end && p[1] == '<')
			p += 2;
		else if (*p == '<') {
			while (p < end && *p != '>')
				p++;
			p++;
		} else if (*p == '/') {
			for (p++; p < end && !S_space(*p) && !S_delim(*p); p++)
				;
		} else if (S_delim(*p))
			p++;
		else {
			w = S_word(&lx);
			p = (const char *)lx.p;
			if (S_word_is(w, "stream"))
				break;
			if (S_word_is(w, "R") && last[0] > 0 && last[1] == 0) {
				int n = (int)last[0];

				g_array_append_val(refs, n);
			}
			last[0] = last[1];
			last[1] = S_word_int(w);
			continue;
		}
		last[0] = last[1] = -1;
	}
}

/* The references in a parsed value, appended to refs. */
static void
S_value_refs(const struct pval *v, GArray *refs)
{
	if (v->kind == PK_REF)
		g_array_append_val(refs, v->ref);
	if (v->items != NULL)
		for (guint i = 0; i < v->items->len; i++)
			S_value_refs(v->items->pdata[i], refs);
}

/* Where each object of the input ends: the next one's start, or the
 * cross-reference table's. */
static GArray *
S_ends(const struct post *ps)
{
	GArray *ends = g_array_sized_new(FALSE, TRUE, sizeof(gsize),
	    ps->offsets->len);
	GArray *order = g_array_new(FALSE, FALSE, sizeof(int));

	g_array_set_size(ends, ps->offsets->len);
	for (guint n = 1; n < ps->offsets->len; n++)
		if (g_array_index(ps->offsets, gsize, n) > 0) {
			int k = (int)n;

			g_array_append_val(order, k);
		}
	g_array_sort_with_data(order, S_cmp_offset, ps->offsets);
	for (guint i = 0; i < order->len; i++)
		g_array_index(ends, gsize, g_array_index(order, int, i)) =
		    i + 1 < order->len ? g_array_index(ps->offsets, gsize,
		    g_array_index(order, int, i + 1)) : ps->prev;
	g_array_free(order, TRUE);
	return ends;
}

/* Object n's body: its new text if it changed, else its bytes in the
 * input.  False if the input's bytes are not an object. */
static bool
S_body(struct post *ps, int n, const GArray *ends, struct body *b)
{
	struct pobj *o = g_hash_table_lookup(ps->objs, GINT_TO_POINTER(n));
	gsize off = (guint)n < ps->offsets->len ?
	    g_array_index(ps->offsets, gsize, n) : 0;
	struct lexer lx;
	const char *e;

	memset(b, 0, sizeof *b);
	if (o != NULL && o->changed) {
		b->text = g_string_new(NULL);
		S_write(b->text, o->value);
		if (o->stream != NULL || o->new_stream != NULL) {
			g_string_append(b->text, "\nstream\n");
			g_string_append_len(b->text, o->new_stream != NULL ?
			    (const char *)o->new_stream :
			    (const char *)o->stream, (gssize)(o->new_stream !=
			    NULL ? o->new_len : o->stream_len));
			g_string_append(b->text, "\nendstream");
			b->stream = true;
		}
		b->s = b->text->str;
		b->len = b->text->len;
		return true;
	}
	if (off == 0)
		return true;            /* a free number */
	lx.p = ps->data + off;
	lx.end = ps->data + g_array_index(ends, gsize, n);
	if (S_word_int(S_word(&lx)) != n || S_word_int(S_word(&lx)) != 0 ||
	    !S_word_is(S_word(&lx), "obj"))
		return false;
	S_skip(&lx);
	e = (const char *)lx.end;
	while (e > (const char *)lx.p && S_space(e[-1]))
		e--;
	if (e - (const char *)lx.p < 6 || memcmp(e - 6, "endobj", 6) != 0)
		return false;
	for (e -= 6; e > (const char *)lx.p && S_space(e[-1]);)
		e--;
	b->s = (const char *)lx.p;
	b->len = (gsize)(e - b->s);
	b->stream = b->len >= 9 && memcmp(e - 9, "endstream", 9) == 0;
	return true;
}

/*
 * Object n, a stream, deflated if it is not filtered: cairo writes its
 * content streams and character maps plain when it is told to
 * (render_setup in render.c), so that they are compressed once, here,
 * and not by cairo first and again after their marks are changed.  b is
 * set anew when the object changes.
 */
static bool
S_compress(struct post *ps, int n, const GArray *ends, struct body *b)
{
	struct pobj *o = S_obj(ps, n);
	char num[32];

	if (o == NULL || o->stream == NULL || o->new_stream != NULL ||
	    S_get(o->value, "Filter") != NULL)
		return true;
	o->new_stream = S_deflate(ps, (const char *)o->stream, o->stream_len,
	    &o->new_len);
	if (o->new_stream == NULL)
		return false;
	S_set(o->value, "Filter", S_new(PK_NAME, "FlateDecode"));
	g_snprintf(num, sizeof num, "%" G_GSIZE_FORMAT, o->new_len);
	S_set(o->value, "Length", S_new(PK_ATOM, num));
	o->changed = true;
	if (b->text != NULL)
		g_string_free(b->text, TRUE);
	return S_body(ps, n, ends, b);
}

/* Which objects the document uses: those the catalog and the document
 * information lead to.  The rest (the Private elements taken out, the
 * parts of links made one) is left out of the file. */
static bool *
S_reachable(struct post *ps, const struct body *bodies)
{
	bool *seen = g_new0(bool, (gsize)ps->size);
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(int));

	g_array_append_val(todo, ps->root);
	if (ps->info > 0)
		g_array_append_val(todo, ps->info);
	while (todo->len > 0) {
		int n = g_array_index(todo, int, todo->len - 1);
		struct pobj *o;

		g_array_set_size(todo, todo->len - 1);
		if (n <= 0 || n >= ps->size || seen[n] || bodies[n].s == NULL)
			continue;
		seen[n] = true;
		o = g_hash_table_lookup(ps->objs, GINT_TO_POINTER(n));
		if (o != NULL)
			S_value_refs(o->value, todo);
		else
			S_scan_refs(bodies[n].s, bodies[n].len, todo);
	}
	g_array_free(todo, TRUE);
	return seen;
}

/* n in decimal, then c: cheaper than a printf for each of many. */
static void
S_put_num(GString *out, gsize n, char c)
{
	char buf[24];
	int i = (int)sizeof buf;

	buf[--i] = c;
	do
		buf[--i] = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	g_string_append_len(out, buf + i, (gssize)sizeof buf - i);
}

/* One cross-reference stream entry: type, field 2 (4 bytes), field 3 (2). */
static void
S_xref_entry(GByteArray *x, int type, gsize f2, guint f3)
{
	guint8 e[7] = { (guint8)type, (guint8)(f2 >> 24), (guint8)(f2 >> 16),
	    (guint8)(f2 >> 8), (guint8)f2, (guint8)(f3 >> 8), (guint8)f3 };

	g_byte_array_append(x, e, sizeof e);
}

/* A deflated stream object numbered n, with dict's entries before
 * /Filter and /Length. */
static bool
S_put_stream(struct post *ps, GString *out, int n, const char *dict,
    const char *data, gsize len)
{
	gsize zlen;
	guint8 *z = S_deflate(ps, data, len, &zlen);

	if (z == NULL)
		return false;
	g_string_append_printf(out, "%d 0 obj\n<< %s /Filter /FlateDecode "
	    "/Length %" G_GSIZE_FORMAT " >>\nstream\n", n, dict, zlen);
	g_string_append_len(out, (const char *)z, (gssize)zlen);
	g_string_append(out, "\nendstream\nendobj\n");
	g_free(z);
	return true;
}

/*
 * The finished file, written anew in one revision: cairo's header, the
 * objects the document uses (streams on their own, the others packed in
 * compressed object streams), and a cross-reference stream.  Object
 * numbers stay as cairo gave them; those no longer used are free.
 */
static GBytes *
S_rewrite(struct post *ps)
{
	GArray *ends = S_ends(ps);
	struct body *bodies = g_new0(struct body, (gsize)ps->size);
	bool *used = NULL;
	GString *out = NULL;
	/* where each object is: its offset, or its object stream and its
	 * index there (-1: in the file) */
	gsize *where = g_new0(gsize, (gsize)ps->size);
	int *index = g_new0(int, (gsize)ps->size);
	GArray *stms = g_array_new(FALSE, FALSE, sizeof(gsize));  /* the
				   object streams' offsets, numbered from
				   ps->size on */
	gsize first = ps->len;
	int next;
	bool ok = true;

	for (int n = 1; n < ps->size && ok; n++)
		ok = S_body(ps, n, ends, &bodies[n]);
	if (!ok)
		goto done;
	/* (before the objects used are found: an indirect /Length that is
	 * replaced is no longer used) */
	for (int n = 1; n < ps->size && ok; n++)
		if (bodies[n].stream)
			ok = S_compress(ps, n, ends, &bodies[n]);
	if (!ok)
		goto done;
	used = S_reachable(ps, bodies);
	for (guint n = 1; n < ps->offsets->len; n++) {
		gsize off = g_array_index(ps->offsets, gsize, n);

		if (off > 0 && off < first)
			first = off;
	}
	/* cairo's header: the version and the binary-marking comment */
	out = g_string_new_len((const char *)ps->data, (gssize)first);
	for (int n = 1; n < ps->size; n++) {
		index[n] = -1;
		if (!used[n] || !bodies[n].stream)
			continue;
		where[n] = out->len;
		S_put_num(out, (gsize)n, ' ');
		g_string_append(out, "0 obj\n");
		g_string_append_len(out, bodies[n].s, (gssize)bodies[n].len);
		g_string_append(out, "\nendobj\n");
	}
	next = ps->size;
	for (int n = 1; n < ps->size && ok;) {
		GString *head = g_string_new(NULL), *data = g_string_new(NULL);
		char dict[96];
		int count = 0, stm = next++;

		for (; n < ps->size && count < OBJSTM_MAX; n++) {
			if (!used[n] || bodies[n].stream)
				continue;
			S_put_num(head, (gsize)n, ' ');
			S_put_num(head, data->len, ' ');
			g_string_append_len(data, bodies[n].s,
			    (gssize)bodies[n].len);
			g_string_append_c(data, '\n');
			where[n] = (gsize)stm;
			index[n] = count++;
		}
		if (count == 0) {
			next--;
			g_string_free(head, TRUE);
			g_string_free(data, TRUE);
			break;
		}
		g_string_append_len(head, data->str, (gssize)data->len);
		g_snprintf(dict, sizeof dict, "/Type /ObjStm /N %d /First %"
		    G_GSIZE_FORMAT, count, head->len - data->len);
		g_array_append_val(stms, out->len);
		ok = S_put_stream(ps, out, stm, dict, head->str, head->len);
		g_string_free(head, TRUE);
		g_string_free(data, TRUE);
	}
	if (ok) {
		GByteArray *x = g_byte_array_new();
		gsize xref = out->len;
		char dict[160];
		int xn = next++;

		S_xref_entry(x, 0, 0, 65535);
		for (int n = 1; n < next; n++) {
			if (n == xn)
				S_xref_entry(x, 1, xref, 0);
			else if (n >= ps->size)
				S_xref_entry(x, 1, g_array_index(stms, gsize,
				    n - ps->size), 0);
			else if (!used[n])
				S_xref_entry(x, 0, 0, 0);
			else if (index[n] < 0)
				S_xref_entry(x, 1, where[n], 0);
			else
				S_xref_entry(x, 2, where[n], (guint)index[n]);
		}
		g_snprintf(dict, sizeof dict, "/Type /XRef /Size %d /W [1 4 2] "
		    "/Root %d 0 R", next, ps->root);
		if (ps->info > 0)
			g_snprintf(dict + strlen(dict), sizeof dict -
			    strlen(dict), " /Info %d 0 R", ps->info);
		ok = S_put_stream(ps, out, xn, dict, (const char *)x->data,
		    x->len);
		g_byte_array_unref(x);
		g_string_append_printf(out, "startxref\n%" G_GSIZE_FORMAT
		    "\n%%%%EOF\n", xref);
	}
done:
	for (int n = 0; n < ps->size; n++)
		if (bodies[n].text != NULL)
			g_string_free(bodies[n].text, TRUE);
	g_free(bodies);
	g_free(used);
	g_free(where);
	g_free(index);
	g_array_free(stms, TRUE);
	g_array_free(ends, TRUE);
	if (!ok) {
		if (out != NULL)
			g_string_free(out, TRUE);
		return NULL;
	}
	{
		gsize len = out->len;

		return g_bytes_new_take(g_string_free(out, FALSE), len);
	}
}

GBytes *
pdfpost_finish(GBytes *pdf, const struct document *doc, const GArray *begun,
    struct diags *diags)
{
	struct post ps = { 0 };
	struct walk w;
	struct pobj *root, *sr = NULL;
	struct pval *str, *pages, *k;
	GBytes *out = NULL;
	struct srcpos none = { 0, 0 };

	ps.data = g_bytes_get_data(pdf, &ps.len);
	ps.offsets = g_array_new(FALSE, TRUE, sizeof(gsize));
	ps.objs = g_hash_table_new_full(NULL, NULL, NULL, S_pobj_free);
	ps.doc = doc;
	ps.ok = S_xref(&ps);
	w.private = g_hash_table_new(NULL, NULL);
	w.order = g_array_new(FALSE, FALSE, sizeof(int));
	w.top = 0;
	root = ps.ok ? S_obj(&ps, ps.root) : NULL;
	if (root == NULL)
		ps.ok = false;
	if (ps.ok && (str = S_get(root->value, "StructTreeRoot")) != NULL &&
	    str->kind == PK_REF && (sr = S_obj(&ps, str->ref)) != NULL &&
	    (k = S_get(sr->value, "K")) != NULL) {
		if (k->kind == PK_REF)
			S_walk(&ps, k->ref, str->ref, &w, 0);
		else if (k->kind == PK_ARRAY)
			for (guint i = 0; i < k->items->len; i++) {
				struct pval *c = k->items->pdata[i];

				if (c->kind == PK_REF)
					S_walk(&ps, c->ref, str->ref, &w, 0);
			}
		S_attributes(&ps, &w, begun);
		S_unlink(&ps, &w);
		S_parent_tree(&ps, &w);
		if (ps.ok)
			S_merge_links(&ps, &w, begun);
	}
	if (ps.ok && (pages = S_get(root->value, "Pages")) != NULL &&
	    pages->kind == PK_REF)
		S_pages(&ps, pages->ref, 0);
	if (ps.ok) {
		S_dates(&ps);
		S_catalog(&ps);
	}
	if (ps.ok)
		out = S_rewrite(&ps);
	else
		diags_add(diags, SEV_ERROR, NULL, none, "the PDF cairo wrote "
		    "is not in the form ucapgen can finish (tags, language)");
	g_hash_table_destroy(w.private);
	g_array_free(w.order, TRUE);
	g_hash_table_destroy(ps.objs);
	g_array_free(ps.offsets, TRUE);
	libdeflate_free_compressor(ps.z);
	return out;
}
