/*
 * validate.c: the validate stage.
 *
 * Runs libxml2's XML Schema validator over the plan tree, collects its
 * raw errors, and rewrites them, one message per node, into words for the
 * plan's author at the node's YAML position.  To write those words it
 * reads the schema document itself: the keys each mapping type declares
 * (for "did you mean"), the documentation phrase of each simple type, and
 * the enumerations.  Also checks the inline markup of rich texts, which
 * XML Schema cannot.  Owns the compiled schema and what it read from it.
 */
#include "validate.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"

/* What the messages need to know of one complex type. */
struct ctype {
	char *name;             /* owned */
	GPtrArray *keys;        /* owned strings: child element names */
	GHashTable *child;      /* key -> type name (strings in keys/xsd) */
	GPtrArray *required;    /* keys that must be given (in keys) */
	bool list;              /* its children are <item>s */
	bool mixed;             /* it may hold text (rich text) */
};

struct schema {
	xmlSchemaPtr compiled;  /* owned */
	xmlDocPtr xsd;          /* owned: the schema document, as read */
	xmlDocPtr xsd_copy;     /* owned: the copy libxml2 compiled */
	char *root_type;        /* owned: type of <plan> */
	GHashTable *ctypes;     /* name -> struct ctype *, owned */
	GHashTable *docs;       /* simple type name -> phrase (in xsd) */
	GHashTable *enums;      /* simple type name -> GPtrArray of values */
};

/* A raw libxml2 error, kept until all are in. */
struct raw {
	xmlNodePtr node;
	char *msg;              /* owned */
};

struct vrun {
	const struct schema *schema;
	struct tree *tree;
	struct diags *diags;
	GArray *raw;            /* of struct raw */
	bool valid;
};

#define XS_NS "http://www.w3.org/2001/XMLSchema"

static bool
S_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* "u:Name" -> "Name" (pointer into s). */
static const char *
S_local(const char *s)
{
	const char *c = strchr(s, ':');

	return c != NULL ? c + 1 : s;
}

static const char *
S_attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);

	if (a == NULL || a->children == NULL)
		return NULL;
	return (const char *)a->children->content;
}

/* Collect the element declarations of a content model, recursively. */
static void
S_collect(struct ctype *ct, xmlNodePtr model)
{
	for (xmlNodePtr c = model->children; c != NULL; c = c->next) {
		const char *name, *type;

		if (S_is(c, "element")) {
			name = S_attr(c, "name");
			type = S_attr(c, "type");
			if (name == NULL || type == NULL)
				continue;
			const char *min = S_attr(c, "minOccurs");

			g_ptr_array_add(ct->keys, g_strdup(name));
			g_hash_table_insert(ct->child,
			    ct->keys->pdata[ct->keys->len - 1],
			    (gpointer)S_local(type));
			if (min == NULL || strcmp(min, "0") != 0)
				g_ptr_array_add(ct->required,
				    ct->keys->pdata[ct->keys->len - 1]);
			if (strcmp(name, "item") == 0)
				ct->list = true;
		} else if (S_is(c, "all") || S_is(c, "sequence") ||
		    S_is(c, "choice"))
			S_collect(ct, c);
	}
}

static void
S_ctype_free(gpointer p)
{
	struct ctype *ct = p;

	g_hash_table_destroy(ct->child);
	g_ptr_array_free(ct->required, TRUE);
	g_ptr_array_free(ct->keys, TRUE);
	g_free(ct->name);
	g_free(ct);
}

static void
S_simple(struct schema *s, xmlNodePtr st)
{
	const char *name = S_attr(st, "name");

	if (name == NULL)
		return;
	for (xmlNodePtr c = st->children; c != NULL; c = c->next) {
		if (S_is(c, "annotation")) {
			for (xmlNodePtr d = c->children; d; d = d->next)
				if (S_is(d, "documentation") &&
				    d->children != NULL)
					g_hash_table_insert(s->docs,
					    (gpointer)name,
					    d->children->content);
		} else if (S_is(c, "restriction")) {
			GPtrArray *v = NULL;

			for (xmlNodePtr e = c->children; e; e = e->next) {
				const char *val;

				if (!S_is(e, "enumeration") ||
				    (val = S_attr(e, "value")) == NULL)
					continue;
				if (v == NULL)
					v = g_ptr_array_new();
				g_ptr_array_add(v, (gpointer)val);
			}
			if (v != NULL)
				g_hash_table_insert(s->enums, (gpointer)name, v);
		}
	}
}

/* Read what the messages need from the schema document. */
static void
S_study(struct schema *s)
{
	xmlNodePtr root = xmlDocGetRootElement(s->xsd);

	for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
		if (S_is(c, "element") && S_attr(c, "type") != NULL)
			s->root_type = g_strdup(S_local(S_attr(c, "type")));
		else if (S_is(c, "complexType") && S_attr(c, "name")) {
			struct ctype *ct = g_new0(struct ctype, 1);
			const char *mixed = S_attr(c, "mixed");

			ct->name = g_strdup(S_attr(c, "name"));
			ct->keys = g_ptr_array_new_with_free_func(g_free);
			ct->child = g_hash_table_new(g_str_hash, g_str_equal);
			ct->required = g_ptr_array_new();
			ct->mixed = mixed != NULL && strcmp(mixed, "true") == 0;
			S_collect(ct, c);
			g_hash_table_insert(s->ctypes, ct->name, ct);
		} else if (S_is(c, "simpleType"))
			S_simple(s, c);
	}
}

/* A broken schema is reported once, by schema_load. */
static void
S_schema_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

struct schema *
schema_load(const char *path, struct diags *diags)
{
	struct schema *s = g_new0(struct schema, 1);
	xmlSchemaParserCtxtPtr pc;
	struct srcpos none = { 0, 0 };

	s->xsd = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (s->xsd == NULL || xmlDocGetRootElement(s->xsd) == NULL) {
		diags_add(diags, SEV_ERROR, path, none, "cannot read the plan "
		    "schema; is ucapgen installed completely?");
		schema_free(s);
		return NULL;
	}
	s->ctypes = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    S_ctype_free);
	s->docs = g_hash_table_new(g_str_hash, g_str_equal);
	s->enums = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_ptr_array_unref);
	S_study(s);

	/* libxml2 may change the document it compiles: give it a copy,
	 * which must live as long as the compiled schema. */
	s->xsd_copy = xmlCopyDoc(s->xsd, 1);
	pc = xmlSchemaNewDocParserCtxt(s->xsd_copy);
	xmlSchemaSetParserStructuredErrors(pc, S_schema_error, NULL);
	s->compiled = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (s->compiled == NULL || s->root_type == NULL) {
		diags_add(diags, SEV_ERROR, path, none, "the plan schema does "
		    "not compile; is ucapgen installed completely?");
		schema_free(s);
		return NULL;
	}
	return s;
}

void
schema_free(struct schema *s)
{
	if (s == NULL)
		return;
	if (s->compiled != NULL)
		xmlSchemaFree(s->compiled);
	if (s->ctypes != NULL)
		g_hash_table_destroy(s->ctypes);
	if (s->docs != NULL)
		g_hash_table_destroy(s->docs);
	if (s->enums != NULL)
		g_hash_table_destroy(s->enums);
	if (s->xsd_copy != NULL)
		xmlFreeDoc(s->xsd_copy);
	if (s->xsd != NULL)
		xmlFreeDoc(s->xsd);
	g_free(s->root_type);
	g_free(s);
}

/* ---- Knowing the schema type of a node ---- */

/* The declared type name of an element of the plan, or NULL. */
static const char *
S_type_of(const struct schema *s, const xmlNode *n)
{
	const char *pt;
	const struct ctype *ct;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	if (n->parent == NULL || n->parent->type != XML_ELEMENT_NODE)
		return strcmp((const char *)n->name, "plan") == 0 ?
		    s->root_type : NULL;
	pt = S_type_of(s, n->parent);
	if (pt == NULL || (ct = g_hash_table_lookup(s->ctypes, pt)) == NULL)
		return NULL;
	return g_hash_table_lookup(ct->child, n->name);
}

static const struct ctype *
S_ctype_of(const struct schema *s, const xmlNode *n)
{
	const char *t = S_type_of(s, n);

	return t != NULL ? g_hash_table_lookup(s->ctypes, t) : NULL;
}

/* ---- Words ---- */

/* Edit distance with adjacent transpositions, for "did you mean". */
static int
S_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int *d = g_new(int, (la + 1) * (lb + 1));
	int r;

#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = (int)i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int cost = g_ascii_tolower(a[i - 1]) !=
			    g_ascii_tolower(b[j - 1]);
			int v = MIN(D(i - 1, j) + 1, D(i, j - 1) + 1);

			v = MIN(v, D(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1])
				v = MIN(v, D(i - 2, j - 2) + 1);
			D(i, j) = v;
		}
	r = D(la, lb);
#undef D
	g_free(d);
	return r;
}

/* The closest of the candidates, if close enough to be a slip. */
static const char *
S_closest(const char *word, char **cand, guint n)
{
	const char *best = NULL;
	int bestd = 0;
	int limit = MAX(2, (int)strlen(word) / 3);

	for (guint i = 0; i < n; i++) {
		int d = S_distance(word, cand[i]);

		if (strcmp(cand[i], "item") == 0)
			continue;
		if (d <= limit && (best == NULL || d < bestd)) {
			best = cand[i];
			bestd = d;
		}
	}
	return best;
}

/* A value quoted for a message, shortened when long. Caller frees. */
static char *
S_quote(const char *v)
{
	GString *s = g_string_new("'");
	glong n = g_utf8_strlen(v, -1);

	if (n > 40) {
		g_string_append_len(s, v,
		    g_utf8_offset_to_pointer(v, 38) - v);
		g_string_append(s, "…");
	} else
		g_string_append(s, v);
	g_string_append_c(s, '\'');
	for (gsize i = 0; i < s->len; i++)
		if (s->str[i] == '\n' || s->str[i] == '\t')
			s->str[i] = ' ';
	return g_string_free(s, FALSE);
}

/* "'a', 'b' and 'c'" for a list of keys. Caller frees. */
static char *
S_keys_phrase(char **keys, guint n)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < n; i++) {
		if (i > 0)
			g_string_append(s, i + 1 == n ? " and " : ", ");
		g_string_append_printf(s, "'%s'", keys[i]);
	}
	return g_string_free(s, FALSE);
}

/* The key names in libxml2's "Expected is ( a, {ns}b )." Caller frees. */
static GPtrArray *
S_expected(const char *msg)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(g_free);
	const char *p = strstr(msg, "Expected is");
	const char *open, *close;
	char **parts;

	if (p == NULL || (open = strchr(p, '(')) == NULL ||
	    (close = strchr(open, ')')) == NULL)
		return v;
	{
		char *inside = g_strndup(open + 1, (gsize)(close - open - 1));

		parts = g_strsplit(inside, ",", -1);
		g_free(inside);
	}
	for (char **q = parts; *q != NULL; q++) {
		char *k = g_strstrip(*q);
		char *brace = strchr(k, '}');

		if (brace != NULL)
			k = brace + 1;
		if (*k != '\0' && strcmp(k, "##other") != 0)
			g_ptr_array_add(v, g_strdup(k));
	}
	g_strfreev(parts);
	return v;
}

static void G_GNUC_PRINTF(4, 5)
S_say(struct vrun *r, struct srcpos pos, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_addv(r->diags, error ? SEV_ERROR : SEV_WARNING, r->tree->file,
	    pos, fmt, ap);
	va_end(ap);
	if (error)
		r->valid = false;
}

/* How to write a mapping of a type, for messages: "name:, country:, …". */
static char *
S_mapping_hint(const struct ctype *ct)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; ct != NULL && i < ct->keys->len && i < 3; i++)
		g_string_append_printf(s, "%s'%s:'", i ? ", " : "",
		    (char *)ct->keys->pdata[i]);
	if (ct != NULL && ct->keys->len > 3)
		g_string_append(s, ", …");
	return g_string_free(s, FALSE);
}

/* ---- One message per node ---- */

static bool
S_has(const struct raw *v, guint n, const char *needle)
{
	for (guint i = 0; i < n; i++)
		if (strstr(v[i].msg, needle) != NULL)
			return true;
	return false;
}

static const char *
S_find(const struct raw *v, guint n, const char *needle)
{
	for (guint i = 0; i < n; i++)
		if (strstr(v[i].msg, needle) != NULL)
			return v[i].msg;
	return NULL;
}

/* A key the parent's type does not declare, or not here. */
static void
S_unexpected(struct vrun *r, xmlNodePtr n)
{
	const struct ctype *pt = S_ctype_of(r->schema, n->parent);
	char *plabel = tree_label(n->parent);
	const char *name = (const char *)n->name;
	struct srcpos pos = tree_keypos(r->tree, n);

	if (pt == NULL) {
		S_say(r, pos, true, "'%s' is not allowed here", name);
	} else if (strcmp(name, "item") == 0 && !pt->list) {
		char *hint = S_mapping_hint(pt);

		/* Report once, on the parent, for its first item. */
		if (tree_item_index(n) == 1)
			S_say(r, tree_valpos(r->tree, n->parent), true,
			    "'%s' must be a mapping of keys (%s), not a list",
			    plabel, hint);
		g_free(hint);
	} else if (strcmp(name, "item") == 0) {
		S_say(r, tree_valpos(r->tree, n), true, "'%s' has too many "
		    "entries; this one is one too many", plabel);
	} else if (g_hash_table_lookup(pt->child, name) != NULL) {
		S_say(r, pos, true, "'%s' is not allowed here", name);
	} else {
		const char *near = S_closest(name, (char **)pt->keys->pdata,
		    pt->keys->len);

		if (near != NULL)
			S_say(r, pos, true, "unknown key '%s' in '%s' "
			    "(did you mean '%s'?)", name, plabel, near);
		else {
			char *all = S_keys_phrase((char **)pt->keys->pdata,
			    pt->keys->len);

			S_say(r, pos, true, "unknown key '%s' in '%s'; "
			    "the keys of '%s' are %s", name, plabel, plabel,
			    all);
			g_free(all);
		}
	}
	g_free(plabel);
}

static void
S_missing(struct vrun *r, xmlNodePtr n, const char *msg)
{
	const struct ctype *ct = S_ctype_of(r->schema, n);
	GPtrArray *exp = S_expected(msg);
	GPtrArray *absent = g_ptr_array_new();
	char *label = tree_label(n);
	bool root = n->parent == NULL || n->parent->type != XML_ELEMENT_NODE;
	struct srcpos pos = root ? (struct srcpos){ 1, 1 } :
	    tree_keypos(r->tree, n);
	const char *who = root ? "the plan" : label;

	/* libxml2 lists what may come next, optional keys too: keep the
	 * required keys that are absent. */
	for (guint i = 0; ct != NULL && i < ct->required->len; i++)
		if (tree_child(n, ct->required->pdata[i]) == NULL)
			g_ptr_array_add(absent, ct->required->pdata[i]);
	if (absent->len == 0)
		for (guint i = 0; i < exp->len; i++)
			g_ptr_array_add(absent, exp->pdata[i]);
	if (ct != NULL && ct->list)
		S_say(r, pos, true, "'%s' is empty; give at least one entry",
		    label);
	else if (absent->len == 1)
		S_say(r, pos, true, "%s%s%s is missing the required key '%s'",
		    root ? "" : "'", who, root ? "" : "'",
		    (char *)absent->pdata[0]);
	else if (absent->len > 1) {
		char *keys = S_keys_phrase((char **)absent->pdata, absent->len);

		S_say(r, pos, true, "%s%s%s is missing the required keys %s",
		    root ? "" : "'", who, root ? "" : "'", keys);
		g_free(keys);
	} else
		S_say(r, pos, true, "%s%s%s is incomplete", root ? "" : "'",
		    who, root ? "" : "'");
	g_ptr_array_free(absent, TRUE);
	g_ptr_array_free(exp, TRUE);
	g_free(label);
}

/* Explain why an inline text was refused, with the markup parser. */
static bool
S_markup_reason(const char *text, char **why)
{
	struct markup m;
	struct markup_error e;

	if (markup_parse(text, &m, &e)) {
		markup_clear(&m);
		return false;
	}
	*why = e.msg;
	return true;
}

/* The value of a simple-typed node was refused. */
static void
S_bad_value(struct vrun *r, xmlNodePtr n, const struct raw *v, guint nv)
{
	const char *type = S_type_of(r->schema, n);
	const char *text = tree_text(n);
	const char *doc = type != NULL ?
	    g_hash_table_lookup(r->schema->docs, type) : NULL;
	GPtrArray *en = type != NULL ?
	    g_hash_table_lookup(r->schema->enums, type) : NULL;
	char *label = tree_label(n);
	struct srcpos pos = tree_valpos(r->tree, n);
	char *q, *why = NULL;
	const char *m;

	if (text == NULL || *text == '\0') {
		S_say(r, tree_keypos(r->tree, n), true, "'%s' is empty; give "
		    "a value or remove the key", label);
		g_free(label);
		return;
	}
	q = S_quote(text);
	if ((m = S_find(v, nv, "[facet 'maxLength']")) != NULL) {
		const char *lim = strstr(m, "maximum length of '");

		S_say(r, pos, true, "'%s' is too long (at most %d characters)",
		    label, lim != NULL ? atoi(lim + 19) : 0);
	} else if (en != NULL) {
		const char *near = S_closest(text, (char **)en->pdata, en->len);

		if (near != NULL)
			S_say(r, pos, true, "%s: %s is not %s (did you mean "
			    "'%s'?)", label, q, doc ? doc : "allowed", near);
		else
			S_say(r, pos, true, "%s: %s is not %s", label, q,
			    doc ? doc : "allowed");
	} else if (type != NULL && strcmp(type, "Inline") == 0 &&
	    S_markup_reason(text, &why)) {
		S_say(r, pos, true, "%s: %s", label, why);
		g_free(why);
	} else if (doc != NULL) {
		S_say(r, pos, true, "%s: %s is not %s", label, q, doc);
	} else {
		S_say(r, pos, true, "%s: %s is not a valid value", label, q);
	}
	g_free(q);
	g_free(label);
}

static void
S_node(struct vrun *r, xmlNodePtr n, const struct raw *v, guint nv)
{
	char *label = tree_label(n);

	if (S_has(v, nv, "Duplicate key-sequence")) {
		char *q = S_quote(tree_text(n) ? tree_text(n) : "");
		char *plabel = tree_label(n->parent);

		S_say(r, tree_valpos(r->tree, n), true, "%s is listed twice in "
		    "'%s'", q, plabel);
		g_free(plabel);
		g_free(q);
	} else if (S_has(v, nv, "This element is not expected")) {
		S_unexpected(r, n);
	} else if (S_has(v, nv, "Character content other than whitespace")) {
		const struct ctype *ct = S_ctype_of(r->schema, n);

		if (ct != NULL && ct->list)
			S_say(r, tree_valpos(r->tree, n), true, "'%s' must be "
			    "a list: write each entry on a line of its own, "
			    "starting with '- '", label);
		else {
			char *hint = S_mapping_hint(ct);

			S_say(r, tree_valpos(r->tree, n), true, "'%s' must be "
			    "a mapping of keys (%s), not a text", label, hint);
			g_free(hint);
		}
	} else if (S_has(v, nv, "Element content is not allowed")) {
		const char *type = S_type_of(r->schema, n);
		const char *doc = type ? g_hash_table_lookup(r->schema->docs,
		    type) : NULL;

		S_say(r, tree_valpos(r->tree, n), true, "'%s' must be a single "
		    "value%s%s, not a list or a mapping", label,
		    doc ? ": " : "", doc ? doc : "");
	} else if (S_has(v, nv, "Missing child element")) {
		S_missing(r, n, S_find(v, nv, "Missing child element"));
	} else if (S_has(v, nv, "[facet") ||
	    S_has(v, nv, "is not a valid value")) {
		S_bad_value(r, n, v, nv);
	} else {
		/* Not foreseen: libxml2's words, without the namespace. */
		const char *m = v[0].msg;
		const char *colon = strstr(m, "': ");

		S_say(r, tree_valpos(r->tree, n), true, "%s: %s", label,
		    colon != NULL ? colon + 3 : m);
	}
	g_free(label);
}

static void
S_collect_error(void *ctx, xmlErrorPtr e)
{
	struct vrun *r = ctx;
	struct raw raw;

	if (e == NULL || e->message == NULL)
		return;
	if (strstr(e->message, "No precomputed value") != NULL)
		return;
	raw.node = e->node;
	raw.msg = g_strchomp(g_strdup(e->message));
	g_array_append_val(r->raw, raw);
}

/* Rich texts: a text written straight into a rich field. */
static void
S_check_rich(struct vrun *r, xmlNodePtr n)
{
	for (xmlNodePtr c = tree_first(n); c != NULL; c = tree_next(c))
		S_check_rich(r, c);
	{
		const struct ctype *ct = S_ctype_of(r->schema, n);
		const char *text = tree_text(n);

		if (ct == NULL || !ct->mixed || text == NULL)
			return;
		char **paras = markup_paragraphs(text);

		for (char **p = paras; *p != NULL; p++) {
			char *why;

			if (S_markup_reason(*p, &why)) {
				char *label = tree_label(n);

				S_say(r, tree_valpos(r->tree, n), true, "%s: %s",
				    label, why);
				g_free(label);
				g_free(why);
			}
		}
		g_strfreev(paras);
	}
}

bool
validate_plan(const struct schema *s, struct tree *t, struct diags *diags)
{
	struct vrun r = { s, t, diags, NULL, true };
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(s->compiled);
	GHashTable *done = g_hash_table_new(NULL, NULL);

	r.raw = g_array_new(FALSE, FALSE, sizeof(struct raw));
	xmlSchemaSetValidStructuredErrors(vc, S_collect_error, &r);
	if (xmlSchemaValidateDoc(vc, t->xml) != 0)
		r.valid = false;
	xmlSchemaFreeValidCtxt(vc);

	/* Group the raw errors by node, in the order nodes first appear. */
	for (guint i = 0; i < r.raw->len; i++) {
		struct raw *a = &g_array_index(r.raw, struct raw, i);
		GArray *group;

		if (g_hash_table_contains(done, a->node))
			continue;
		g_hash_table_add(done, a->node);
		group = g_array_new(FALSE, FALSE, sizeof(struct raw));
		for (guint j = i; j < r.raw->len; j++) {
			struct raw *b = &g_array_index(r.raw, struct raw, j);

			if (b->node == a->node)
				g_array_append_val(group, *b);
		}
		if (a->node != NULL && a->node->type == XML_ELEMENT_NODE)
			S_node(&r, a->node, (struct raw *)group->data,
			    group->len);
		else {
			struct srcpos top = { 1, 1 };

			S_say(&r, top, true, "%s", a->msg);
		}
		g_array_free(group, TRUE);
	}
	for (guint i = 0; i < r.raw->len; i++)
		g_free(g_array_index(r.raw, struct raw, i).msg);
	g_array_free(r.raw, TRUE);
	g_hash_table_destroy(done);

	S_check_rich(&r, xmlDocGetRootElement(t->xml));
	return r.valid;
}
