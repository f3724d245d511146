/*
 * validate.c: the validate stage.
 *
 * Runs libxml2's XML Schema validator over the plan tree, collects its
 * raw errors, and rewrites them, one message per node, into words for the
 * plan's author at the node's YAML position.  libxml2 stops checking a
 * mapping at its first misplaced key, so such a key, once reported, is
 * taken out of the tree and the validator runs again, until a run finds
 * no new one; the keys go back in place at the end.  So one run shows
 * every problem.  To write its words it reads the schema document itself:
 * the keys each mapping type declares (for "did you mean"), the
 * documentation phrase, base type and enumerations of each simple type.
 * Also checks the inline markup of rich texts, which XML Schema cannot.
 * Owns the compiled schema and what it read from it.
 */
#include "validate.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "suggest.h"

/* The most validator runs for one plan (see the top comment). */
#define VALIDATE_MAX_RUNS 64

/* What the messages need to know of one complex type. */
struct ctype {
	char *name;             /* owned */
	GPtrArray *keys;        /* owned strings: child element names */
	GHashTable *child;      /* key -> type name (strings in keys/xsd) */
	GPtrArray *required;    /* keys that must be given (in keys) */
	int max_items;          /* a list's most entries; 0 = no limit */
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
	GHashTable *bases;      /* simple type name -> base type (in xsd) */
	GHashTable *enums;      /* simple type name -> GPtrArray of values */
	GHashTable *keys;       /* every key a plan may have (in ctypes) */
};

/* A raw libxml2 error, kept until all of one run are in. */
struct raw {
	xmlNodePtr node;
	char *msg;              /* owned */
	const char *reason;     /* in msg: what follows "Element '…': " */
};

/* A key taken out of the tree between runs, and where it goes back. */
struct pruned {
	xmlNodePtr node;
	xmlNodePtr parent;
	xmlNodePtr next;        /* its next sibling then, or NULL */
};

struct vrun {
	const struct schema *schema;
	struct tree *tree;
	struct diags *diags;
	GArray *raw;            /* of struct raw: this run's errors */
	GHashTable *reported;   /* nodes that have had their message */
	GHashTable *suggested;  /* "PARENT KEY" offered by did-you-mean */
	GHashTable *refused;    /* "LINE:COL" of the loader's errors */
	GArray *pruned;         /* of struct pruned, in order taken out */
	GHashTable *trimmed;    /* nodes that lost a child to pruning */
	GHashTable *listed;     /* mappings whose keys a message listed */
	GHashTable *index;      /* list entry -> its 1-based index */
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
		const char *name, *type, *min, *max;

		if (S_is(c, "element")) {
			name = S_attr(c, "name");
			type = S_attr(c, "type");
			if (name == NULL || type == NULL)
				continue;
			min = S_attr(c, "minOccurs");
			max = S_attr(c, "maxOccurs");
			g_ptr_array_add(ct->keys, g_strdup(name));
			g_hash_table_insert(ct->child,
			    ct->keys->pdata[ct->keys->len - 1],
			    (gpointer)S_local(type));
			if ((min == NULL || strcmp(min, "0") != 0) &&
			    !S_is(model, "choice"))
				g_ptr_array_add(ct->required,
				    ct->keys->pdata[ct->keys->len - 1]);
			if (strcmp(name, "item") == 0) {
				ct->list = true;
				ct->max_items = max == NULL ? 1 :
				    strcmp(max, "unbounded") == 0 ? 0 :
				    atoi(max);
			}
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
			const char *base = S_attr(c, "base");

			if (base != NULL)
				g_hash_table_insert(s->bases, (gpointer)name,
				    (gpointer)S_local(base));
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
	s->bases = g_hash_table_new(g_str_hash, g_str_equal);
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
	s->keys = g_hash_table_new(g_str_hash, g_str_equal);
	{
		GHashTableIter it;
		gpointer k, val;

		g_hash_table_iter_init(&it, s->ctypes);
		while (g_hash_table_iter_next(&it, &k, &val)) {
			const struct ctype *ct = val;

			for (guint i = 0; i < ct->keys->len; i++)
				g_hash_table_add(s->keys, ct->keys->pdata[i]);
		}
	}
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
	if (s->bases != NULL)
		g_hash_table_destroy(s->bases);
	if (s->enums != NULL)
		g_hash_table_destroy(s->enums);
	if (s->keys != NULL)
		g_hash_table_destroy(s->keys);
	if (s->xsd_copy != NULL)
		xmlFreeDoc(s->xsd_copy);
	if (s->xsd != NULL)
		xmlFreeDoc(s->xsd);
	g_free(s->root_type);
	g_free(s);
}

/* ---- Knowing the schema type of a node ---- */

static bool
S_is_root(const xmlNode *n)
{
	return n->parent == NULL || n->parent->type != XML_ELEMENT_NODE;
}

static bool
S_is_item(const xmlNode *n)
{
	return strcmp((const char *)n->name, "item") == 0 && !S_is_root(n);
}

/* The declared type name of an element of the plan, or NULL. */
static const char *
S_type_of(const struct schema *s, const xmlNode *n)
{
	const char *pt;
	const struct ctype *ct;

	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	if (S_is_root(n))
		return strcmp((const char *)n->name, "plan") == 0 ?
		    s->root_type : NULL;
	pt = S_type_of(s, n->parent);
	if (pt == NULL || (ct = g_hash_table_lookup(s->ctypes, pt)) == NULL)
		return NULL;
	return g_hash_table_lookup(ct->child, n->name);
}

static const struct ctype *
S_ctype(const struct schema *s, const char *type)
{
	return type != NULL ? g_hash_table_lookup(s->ctypes, type) : NULL;
}

static const struct ctype *
S_ctype_of(const struct schema *s, const xmlNode *n)
{
	return S_ctype(s, S_type_of(s, n));
}

/* Whether a key must be given in its mapping. */
static bool
S_required(const struct schema *s, const xmlNode *n)
{
	const struct ctype *pt;

	if (S_is_root(n) || S_is_item(n) ||
	    (pt = S_ctype_of(s, n->parent)) == NULL)
		return false;
	for (guint i = 0; i < pt->required->len; i++)
		if (strcmp(pt->required->pdata[i], (const char *)n->name) == 0)
			return true;
	return false;
}

/* ---- Words ---- */

/* The 1-based index of a list entry; counts each list once, so that
 * messages on every entry of a long list stay fast. */
static int
S_index(struct vrun *r, const xmlNode *n)
{
	gpointer i = g_hash_table_lookup(r->index, n);
	int k = 0;

	if (i != NULL)
		return GPOINTER_TO_INT(i);
	for (xmlNodePtr c = tree_first(n->parent); c != NULL; c = tree_next(c))
		g_hash_table_insert(r->index, c, GINT_TO_POINTER(++k));
	i = g_hash_table_lookup(r->index, n);
	return i != NULL ? GPOINTER_TO_INT(i) : tree_item_index(n);
}

/* How a message names a node: "the plan", "'city'", "entry 2 of
 * 'partners'".  Caller frees. */
static char *
S_label(struct vrun *r, const xmlNode *n)
{
	char *up, *s;

	if (S_is_root(n))
		return g_strdup("the plan");
	if (!S_is_item(n))
		return g_strdup_printf("'%s'", n->name);
	up = S_label(r, n->parent);
	s = g_strdup_printf("entry %d of %s", S_index(r, n), up);
	g_free(up);
	return s;
}

/* The key a value stands under, for "population: '7.7 Mio' is …": the
 * node's own key, or for a list entry its list's. */
static const char *
S_key(const xmlNode *n)
{
	while (S_is_item(n))
		n = n->parent;
	return (const char *)n->name;
}

/*
 * The closest of the candidates, if close enough to be a slip; skips
 * "item" and the candidates for which skip (if given) says so.
 */
static const char *
S_closest(const char *word, char **cand, guint n,
    bool (*skip)(const xmlNode *, const char *), const xmlNode *parent)
{
	GPtrArray *keep = g_ptr_array_new();
	const char *best;

	for (guint i = 0; i < n; i++)
		if (strcmp(cand[i], "item") != 0 &&
		    (skip == NULL || !skip(parent, cand[i])))
			g_ptr_array_add(keep, cand[i]);
	best = suggest_closest(word, (char *const *)keep->pdata, keep->len);
	g_ptr_array_free(keep, TRUE);
	return best;
}

/* Whether a mapping already has the key (a did-you-mean filter). */
static bool
S_present(const xmlNode *parent, const char *key)
{
	return tree_child(parent, key) != NULL;
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
		if (s->str[i] == '\n' || s->str[i] == '\t' ||
		    s->str[i] == '\r')
			s->str[i] = ' ';
	return g_string_free(s, FALSE);
}

/* "'a', 'b' and 'c'" (sep "and") for a list of words, each followed by
 * suffix (such as ":").  Caller frees. */
static char *
S_words(char **w, guint n, const char *suffix, const char *sep)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < n; i++) {
		if (i > 0)
			g_string_append_printf(s, i + 1 == n ? " %s " : ", ",
			    sep);
		g_string_append_printf(s, "'%s%s'", w[i], suffix);
	}
	return g_string_free(s, FALSE);
}

/* The keys of a mapping type, for messages: "the keys 'start:' and
 * 'end:'" or "keys such as 'email:' and 'name:'".  Caller frees. */
static char *
S_keys_hint(const struct ctype *ct)
{
	char *w, *s;

	if (ct == NULL)
		return g_strdup("keys");
	if (ct->required->len > 0) {
		w = S_words((char **)ct->required->pdata, ct->required->len,
		    ":", "and");
		s = g_strdup_printf("the key%s %s", ct->required->len > 1 ?
		    "s" : "", w);
	} else {
		w = S_words((char **)ct->keys->pdata, MIN(ct->keys->len, 2),
		    ":", "or");
		s = g_strdup_printf("a key such as %s", w);
	}
	g_free(w);
	return s;
}

/* What a value of a type is, in words: "a month (write it as …)". */
static const char *
S_what(const struct schema *s, const char *type)
{
	const char *doc;

	if (type == NULL)
		return "a value";
	if (strcmp(type, "Inline") == 0)
		return "a text";
	if ((doc = g_hash_table_lookup(s->docs, type)) != NULL)
		return doc;
	return "a value";
}

/* How to write a value of a type, after "add 'city:' with".  Caller
 * frees. */
static char *
S_how(const struct schema *s, const char *type)
{
	const struct ctype *ct = S_ctype(s, type);
	char *keys, *r;

	if (ct == NULL)
		return g_strdup(S_what(s, type));
	if (ct->mixed)
		return g_strdup("a text");
	if (ct->list)
		return g_strdup("a list of entries, each on a line of its own "
		    "starting with '- '");
	keys = S_keys_hint(ct);
	r = g_strdup_printf("%s on the lines below it, indented", keys);
	g_free(keys);
	return r;
}

static void G_GNUC_PRINTF(4, 5)
S_say(struct vrun *r, const xmlNode *n, struct srcpos pos, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_addv(r->diags, SEV_ERROR, r->tree->file, pos, fmt, ap);
	va_end(ap);
	if (n != NULL)
		g_hash_table_add(r->reported, (gpointer)n);
	r->valid = false;
}

/* Where messages about a node's key go: its key, or for a list entry or
 * the plan itself, where its value starts. */
static struct srcpos
S_keypos(const struct vrun *r, const xmlNode *n)
{
	if (S_is_root(n) || S_is_item(n))
		return tree_valpos(r->tree, n);
	return tree_keypos(r->tree, n);
}

/* ---- Taking misplaced keys out between runs ---- */

static void
S_prune(struct vrun *r, xmlNodePtr n)
{
	struct pruned p = { n, n->parent, n->next };

	xmlUnlinkNode(n);
	g_array_append_val(r->pruned, p);
	g_hash_table_add(r->trimmed, p.parent);
}

/* Take out n and the element siblings after it. */
static void
S_prune_from(struct vrun *r, xmlNodePtr n)
{
	while (n != NULL) {
		xmlNodePtr next = tree_next(n);

		S_prune(r, n);
		n = next;
	}
}

/* Put every key back where it was, the last taken out first. */
static void
S_restore(struct vrun *r)
{
	for (guint i = r->pruned->len; i > 0; i--) {
		struct pruned *p = &g_array_index(r->pruned, struct pruned,
		    i - 1);

		if (p->next != NULL)
			xmlAddPrevSibling(p->next, p->node);
		else
			xmlAddChild(p->parent, p->node);
	}
	g_array_set_size(r->pruned, 0);
}

/* ---- One message per node ---- */

/* Whether a node is still in the plan: not taken out, alone or with a
 * key that holds it, by a message given before in this run. */
static bool
S_in_plan(const struct vrun *r, const xmlNode *n)
{
	while (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE)
		n = n->parent;
	return n == xmlDocGetRootElement(r->tree->xml);
}

/*
 * The messages are told apart by how libxml2's reason starts: it may
 * quote the plan's own text further on ("The value '…'"), and a text
 * that holds libxml2's words must not be taken for them.
 */
static const char *
S_find(const struct raw *v, guint n, const char *start)
{
	for (guint i = 0; i < n; i++)
		if (g_str_has_prefix(v[i].reason, start))
			return v[i].msg;
	return NULL;
}

static bool
S_has(const struct raw *v, guint n, const char *start)
{
	return S_find(v, n, start) != NULL;
}

/* A value that is not of its type: "'…' is not a valid value of the
 * atomic type '…'.", the value first. */
static bool
S_has_invalid(const struct raw *v, guint n)
{
	for (guint i = 0; i < n; i++)
		if (v[i].reason[0] == '\'' && g_strrstr(v[i].reason,
		    "' is not a valid value of the ") != NULL)
			return true;
	return false;
}

/* A mapping was given where a list is expected (p is the list). */
static void
S_not_list(struct vrun *r, xmlNodePtr p, const struct ctype *pt)
{
	char *plabel = S_label(r, p);
	struct srcpos pos = tree_valpos(r->tree, p);

	if (pt->mixed && (tree_child(p, "bullets") != NULL ||
	    tree_child(p, "numbered") != NULL))
		S_say(r, p, pos, "%s must be a text or a list, not a group of "
		    "keys; "
		    "for a list of points, write '- bullets:' or '- "
		    "numbered:' (with the '- ')", plabel);
	else if (pt->mixed)
		S_say(r, p, pos, "%s must be a text or a list of paragraphs, "
		    "not a group of keys", plabel);
	else
		S_say(r, p, pos, "%s must be a list, not a group of keys: start "
		    "each entry with '- '", plabel);
	g_free(plabel);
	S_prune_from(r, tree_first(p));
}

/* A list was given where a mapping is expected (p is the mapping). */
static void
S_not_mapping(struct vrun *r, xmlNodePtr p, const struct ctype *pt)
{
	char *plabel = S_label(r, p);
	char *keys = S_keys_hint(pt);

	if (pt->mixed)
		S_say(r, p, tree_valpos(r->tree, p), "%s must be a text or a "
		    "list of points ('bullets:' or 'numbered:'), not a list "
		    "in a list", plabel);
	else
		S_say(r, p, tree_valpos(r->tree, p), "%s must hold %s, not a "
		    "list; remove the '- ' before its keys", plabel, keys);
	g_free(keys);
	g_free(plabel);
	S_prune_from(r, tree_first(p));
}

/* A key the parent's type does not declare: say so, take it out. */
static void
S_unknown(struct vrun *r, xmlNodePtr n, const struct ctype *pt,
    const char *where)
{
	xmlNodePtr p = n->parent;
	const char *name = (const char *)n->name;
	struct srcpos pos = tree_keypos(r->tree, n);
	const char *near = S_closest(name, (char **)pt->keys->pdata,
	    pt->keys->len, S_present, p);

	if (near != NULL) {
		S_say(r, n, pos, "unknown key '%s' %s (did you mean '%s'?)",
		    name, where, near);
		g_hash_table_add(r->suggested, g_strdup_printf("%p %s",
		    (void *)p, near));
	} else if (g_hash_table_contains(r->listed, p)) {
		S_say(r, n, pos, "unknown key '%s' %s", name, where);
	} else {
		char *all = S_words((char **)pt->keys->pdata, pt->keys->len,
		    "", "and");

		S_say(r, n, pos, "unknown key '%s' %s; the keys there are %s",
		    name, where, all);
		g_free(all);
		g_hash_table_add(r->listed, p);
	}
	S_prune(r, n);
}

/* A key (or entry) the parent's type does not take, or not here. */
static void
S_unexpected(struct vrun *r, xmlNodePtr n)
{
	xmlNodePtr p = n->parent;
	const struct ctype *pt = S_ctype_of(r->schema, p);
	const char *name = (const char *)n->name;
	char *plabel = S_label(r, p);
	char *where = S_is_root(p) ? g_strdup("at the top of the plan") :
	    g_strdup_printf("in %s", plabel);
	struct srcpos pos = tree_keypos(r->tree, n);

	if (pt == NULL) {
		S_say(r, n, pos, "'%s' is not allowed here", name);
		S_prune(r, n);
	} else if (S_is_item(n) && !pt->list) {
		S_not_mapping(r, p, pt);
	} else if (!S_is_item(n) && pt->list) {
		S_not_list(r, p, pt);
	} else if (S_is_item(n)) {
		S_say(r, p, tree_valpos(r->tree, n), "%s has %lu entries, "
		    "more than the %d it may have", plabel,
		    xmlChildElementCount(p), pt->max_items);
		S_prune_from(r, n);
	} else if (g_hash_table_lookup(pt->child, name) != NULL) {
		const char *other = NULL;

		for (xmlNodePtr c = tree_first(p); c != NULL; c = tree_next(c))
			if (c != n && g_hash_table_lookup(pt->child, c->name))
				other = (const char *)c->name;
		if (other != NULL)
			S_say(r, n, pos, "'%s' cannot stand beside '%s' in "
			    "one entry; give it an entry of its own, starting "
			    "with '- '", name, other);
		else
			S_say(r, n, pos, "'%s' is not allowed %s", name, where);
		S_prune(r, n);
	} else {
		/* Every unknown key of this mapping, in one run. */
		for (xmlNodePtr c = n; c != NULL; ) {
			xmlNodePtr next = tree_next(c);

			if (c == n || (!S_is_item(c) &&
			    g_hash_table_lookup(pt->child, c->name) == NULL &&
			    !g_hash_table_contains(r->reported, c)))
				S_unknown(r, c, pt, where);
			c = next;
		}
	}
	g_free(where);
	g_free(plabel);
}

/* A mapping or list is empty (n has no children and no text). */
static void
S_empty_collection(struct vrun *r, xmlNodePtr n, const struct ctype *ct)
{
	char *label = S_label(r, n);

	if (ct->list)
		S_say(r, n, S_keypos(r, n), "%s is empty; give at least one "
		    "entry, on a line of its own starting with '- '", label);
	else {
		char *keys = S_keys_hint(ct);

		S_say(r, n, S_keypos(r, n), "%s is empty; give %s on the "
		    "lines below it, indented", label, keys);
		g_free(keys);
	}
	g_free(label);
}

/* Whether a text is missing or white space only. */
static bool
S_blank(const char *text)
{
	if (text == NULL)
		return true;
	for (; *text != '\0'; text++)
		if (!g_ascii_isspace(*text))
			return false;
	return true;
}

/* Required keys are missing from the mapping n. */
static void
S_missing(struct vrun *r, xmlNodePtr n)
{
	const struct ctype *ct = S_ctype_of(r->schema, n);
	GPtrArray *absent;
	char *label;
	guint offered = 0;

	if (ct == NULL) {
		S_say(r, n, S_keypos(r, n), "'%s' is not valid here", n->name);
		return;
	}
	if (tree_first(n) == NULL && S_blank(tree_text(n)) &&
	    !g_hash_table_contains(r->trimmed, n) && !S_is_root(n)) {
		S_empty_collection(r, n, ct);
		return;
	}
	/* Keep the required keys that are absent, less those that a
	 * did-you-mean has already offered for a misspelt key. */
	absent = g_ptr_array_new();
	for (guint i = 0; i < ct->required->len; i++) {
		const char *k = ct->required->pdata[i];
		char *tag = g_strdup_printf("%p %s", (void *)n, k);

		if (tree_child(n, k) != NULL)
			;
		else if (g_hash_table_contains(r->suggested, tag))
			offered++;
		else
			g_ptr_array_add(absent, (gpointer)k);
		g_free(tag);
	}
	label = S_label(r, n);
	if (absent->len == 1) {
		const char *k = absent->pdata[0];
		char *how = S_how(r->schema, g_hash_table_lookup(ct->child, k));

		S_say(r, n, S_keypos(r, n), "%s is missing the required key "
		    "'%s'; add '%s:' with %s", label, k, k, how);
		g_free(how);
	} else if (absent->len > 1) {
		char *keys = S_words((char **)absent->pdata, absent->len, "",
		    "and");

		S_say(r, n, S_keypos(r, n), "%s is missing the required keys "
		    "%s", label, keys);
		g_free(keys);
	} else if (offered > 0)
		g_hash_table_add(r->reported, n);
	else
		S_say(r, n, S_keypos(r, n), "%s is incomplete", label);
	g_free(label);
	g_ptr_array_free(absent, TRUE);
}

/*
 * Why an inline text is refused, by the markup parser, with where: the
 * text from the problem on ("at '**and more'") when it is not at the
 * start, and its byte offset in *off.  Returns false when the parser
 * takes the text.
 */
static bool
S_markup_reason(const char *text, char **why, gsize *off)
{
	struct markup m;
	struct markup_error e;
	char *at;

	if (markup_parse(text, &m, &e)) {
		markup_clear(&m);
		return false;
	}
	*off = MIN(e.offset, strlen(text));
	if (e.offset == 0 || e.offset >= strlen(text)) {
		*why = e.msg;
		return true;
	}
	at = S_quote(text + e.offset);
	*why = g_strdup_printf("%s (at %s)", e.msg, at);
	g_free(at);
	g_free(e.msg);
	return true;
}

/* Whether s is digits only (at least one), with an optional sign. */
static bool
S_integer(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!g_ascii_isdigit(*s))
			return false;
	return true;
}

/* Whether s has the shape of the template, where '9' is any digit. */
static bool
S_shape(const char *s, const char *tmpl)
{
	for (; *tmpl != '\0'; s++, tmpl++)
		if (*tmpl == '9' ? !g_ascii_isdigit(*s) : *s != *tmpl)
			return false;
	return *s == '\0';
}

static const char *const S_months[] = { "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October",
    "November", "December" };

/*
 * A closer reason why a month (YYYY-MM) or date (YYYY-MM-DD) is refused,
 * as the rest of a message that starts with the value, or NULL.  Caller
 * frees.
 */
static char *
S_date_reason(const char *type, const char *v)
{
	bool month = strcmp(type, "Month") == 0 || strcmp(type, "When") == 0;
	bool day = strcmp(type, "Day") == 0 || strcmp(type, "When") == 0;
	const char *what = day ? (month ? "a month or a date" : "a date") :
	    "a month";
	int y, m, d;

	if (!month && !day)
		return NULL;
	if (S_shape(v, "9999-99") || S_shape(v, "9999-99-99")) {
		y = atoi(v);
		m = atoi(v + 5);
		if (m < 1 || m > 12)
			return g_strdup_printf("is not %s: months go from 01 "
			    "to 12", what);
		if (v[7] == '\0')
			return day && !month ? g_strdup_printf("is a month, "
			    "and a date is needed here: write the day too, "
			    "as %s-DD", v) : NULL;
		d = atoi(v + 8);
		if (!day)
			return g_strdup_printf("is a date, and a month is "
			    "needed here: write %.7s", v);
		if (d < 1 || d > g_date_get_days_in_month((GDateMonth)m,
		    (GDateYear)MAX(y, 1)))
			return g_strdup_printf("is not a date: %s %d has no "
			    "day %d", S_months[m - 1], y, d);
		return NULL;
	}
	if (S_shape(v, "9999-9") && month)
		return g_strdup_printf("needs two digits for the month: write "
		    "%.5s0%c", v, v[5]);
	if ((S_shape(v, "9999-9-99") || S_shape(v, "9999-99-9") ||
	    S_shape(v, "9999-9-9")) && day)
		return g_strdup("needs two digits for the month and two for "
		    "the day: write YYYY-MM-DD, such as 2017-05-31");
	if ((S_shape(v, "99.99.9999") || S_shape(v, "99/99/9999")) && day)
		return g_strdup_printf("has the year last: write the year "
		    "first, as YYYY-MM-DD (%.4s-%.2s-%.2s if the day comes "
		    "first)", v + 6, v + 3, v);
	if (S_shape(v, "9999") && month)
		return g_strdup_printf("is a year: write the month too, as "
		    "%s-MM", v);
	return NULL;
}

/* A likely fix for a value of a type, or NULL.  Caller frees. */
static char *
S_fix(const char *type, const char *v)
{
	if (strcmp(type, "Language") == 0 && strchr(v, ' ') == NULL &&
	    strlen(v) <= 35) {
		/* en_GB, EN, ZH_hans: the language part in small letters,
		 * joined with '-'. */
		char *s = g_strdup(v);
		size_t lang = strcspn(s, "_-");

		g_strdelimit(s, "_", '-');
		for (size_t i = 0; i < lang; i++)
			s[i] = g_ascii_tolower(s[i]);
		if ((lang == 2 || lang == 3) && strcmp(s, v) != 0)
			return s;
		g_free(s);
	}
	if (strcmp(type, "Url") == 0 && strchr(v, ':') == NULL &&
	    strchr(v, ' ') == NULL && strchr(v, '.') != NULL)
		return g_strdup_printf("https://%s", v);
	return NULL;
}

/* A number out of range: a min/max facet or a positiveInteger. */
static bool
S_range(struct vrun *r, xmlNodePtr n, const char *type, const char *text,
    const struct raw *v, guint nv)
{
	static const struct {
		const char *facet;
		const char *bound;      /* where libxml2 gives the bound */
		const char *words;
	} f[] = {
		{ "[facet 'minExclusive']", "greater than '",
		  "too small; it must be greater than" },
		{ "[facet 'minInclusive']", "allowed ('", "too small; it must "
		  "be at least" },
		{ "[facet 'maxExclusive']", "less than '",
		  "too large; it must be less than" },
		{ "[facet 'maxInclusive']", "allowed ('", "too large; it must "
		  "be at most" },
	};
	const char *base = g_hash_table_lookup(r->schema->bases, type);
	char *q = S_quote(text);

	for (size_t i = 0; i < G_N_ELEMENTS(f); i++) {
		const char *m = S_find(v, nv, f[i].facet);
		const char *b;

		if (m == NULL || (b = g_strrstr(m, f[i].bound)) == NULL)
			continue;
		b += strlen(f[i].bound);
		S_say(r, n, tree_valpos(r->tree, n), "%s: %s is %s %.*s",
		    S_key(n), q, f[i].words, (int)strcspn(b, "'"), b);
		g_free(q);
		return true;
	}
	if (base != NULL && strcmp(base, "positiveInteger") == 0 &&
	    S_integer(text)) {
		S_say(r, n, tree_valpos(r->tree, n), "%s: %s is too small; it "
		    "must be at least 1", S_key(n), q);
		g_free(q);
		return true;
	}
	g_free(q);
	return false;
}

/* An enumerated value was refused. */
static void
S_bad_choice(struct vrun *r, xmlNodePtr n, const char *type,
    const char *text, GPtrArray *en)
{
	const char *doc = S_what(r->schema, type);
	char *q = S_quote(text);
	const char *near = NULL;
	struct srcpos pos = tree_valpos(r->tree, n);

	if (strcmp(type, "FormatVersion") == 0 && S_integer(text) &&
	    atoi(text) > 1) {
		S_say(r, n, pos, "%s: this plan is written for plan format "
		    "%s, and this ucapgen reads format 1 only; write '%s: 1' "
		    "or use a newer ucapgen", S_key(n), text, S_key(n));
		g_free(q);
		return;
	}
	if (g_utf8_strlen(text, -1) >= 4)
		near = S_closest(text, (char **)en->pdata, en->len, NULL, NULL);
	if (near != NULL)
		S_say(r, n, pos, "%s: %s is not %s; did you mean '%s'?",
		    S_key(n), q, doc, near);
	else if (en->len <= 20) {
		char *all = S_words((char **)en->pdata, en->len, "", "or");

		S_say(r, n, pos, "%s: %s is not %s; write %s%s", S_key(n), q,
		    doc, en->len > 1 ? "one of " : "", all);
		g_free(all);
	} else
		S_say(r, n, pos, "%s: %s is not %s", S_key(n), q, doc);
	g_free(q);
}

/* A value that is empty or only spaces, where doc says what to give. */
static void
S_empty(struct vrun *r, xmlNodePtr n, const char *doc)
{
	char *label = S_label(r, n);

	S_say(r, n, S_keypos(r, n), "%s is empty; give %s%s", label, doc,
	    S_required(r->schema, n) ? "" : S_is_item(n) ?
	    ", or remove the entry" : ", or remove the key");
	g_free(label);
}

/* The value of a simple-typed node was refused. */
static void
S_bad_value(struct vrun *r, xmlNodePtr n, const struct raw *v, guint nv)
{
	const char *type = S_type_of(r->schema, n);
	const char *text = tree_text(n);
	const char *doc = S_what(r->schema, type);
	GPtrArray *en = type != NULL ?
	    g_hash_table_lookup(r->schema->enums, type) : NULL;
	struct srcpos pos = tree_valpos(r->tree, n);
	char *q, *why = NULL, *fix = NULL;
	const char *m;
	gsize off;

	if (S_blank(text)) {
		S_empty(r, n, doc);
		return;
	}
	if (type == NULL) {
		q = S_quote(text);
		S_say(r, n, pos, "%s: %s is not valid here", S_key(n), q);
		g_free(q);
		return;
	}
	if (S_range(r, n, type, text, v, nv))
		return;
	q = S_quote(text);
	if ((m = S_find(v, nv, "[facet 'maxLength']")) != NULL) {
		const char *lim = strstr(m, "maximum length of '");

		S_say(r, n, pos, "%s: the text has %ld characters, more than "
		    "the %d allowed", S_key(n), g_utf8_strlen(text, -1),
		    lim != NULL ? atoi(lim + 19) : 0);
	} else if (en != NULL) {
		S_bad_choice(r, n, type, text, en);
	} else if (strcmp(type, "Inline") == 0 &&
	    S_markup_reason(text, &why, &off)) {
		S_say(r, n, tree_textpos(r->tree, n, off), "%s: %s", S_key(n),
		    why);
	} else if ((why = S_date_reason(type, text)) != NULL) {
		S_say(r, n, pos, "%s: %s %s", S_key(n), q, why);
	} else if ((fix = S_fix(type, text)) != NULL) {
		S_say(r, n, pos, "%s: %s is not %s; did you mean '%s'?",
		    S_key(n), q, doc, fix);
	} else {
		S_say(r, n, pos, "%s: %s is not %s", S_key(n), q, doc);
	}
	g_free(fix);
	g_free(why);
	g_free(q);
}

/* The same value twice in a list that must not repeat one. */
static void
S_duplicate(struct vrun *r, xmlNodePtr n)
{
	const char *text = tree_text(n) != NULL ? tree_text(n) : "";
	char *q = S_quote(text);
	struct srcpos here = tree_valpos(r->tree, n);
	xmlNodePtr first = NULL;

	for (xmlNodePtr c = tree_first(n->parent); c != NULL && c != n;
	    c = tree_next(c))
		if (g_strcmp0(tree_text(c), tree_text(n)) == 0) {
			first = c;
			break;
		}
	if (first == NULL)
		S_say(r, n, here, "%s: %s is listed twice; remove one",
		    S_key(n), q);
	else {
		struct srcpos at = tree_valpos(r->tree, first);

		if (at.line == here.line)
			S_say(r, n, here, "%s: %s is listed twice (first at "
			    "column %d); remove one", S_key(n), q, at.col);
		else
			S_say(r, n, here, "%s: %s is listed twice (first at "
			    "line %d); remove one", S_key(n), q, at.line);
	}
	g_free(q);
}

/* A list or mapping was given where one value is expected. */
static void
S_not_value(struct vrun *r, xmlNodePtr n)
{
	const char *type = S_type_of(r->schema, n);
	char *label = S_label(r, n);

	S_say(r, n, tree_valpos(r->tree, n), "%s must be %s, not a %s", label,
	    S_what(r->schema, type), tree_is_list(n) ? "list" :
	    "group of keys");
	g_free(label);
}

/* A text was given where a list or mapping is expected. */
static void
S_not_text(struct vrun *r, xmlNodePtr n)
{
	const struct ctype *ct = S_ctype_of(r->schema, n);
	char *label = S_label(r, n);

	if (ct != NULL && ct->list)
		S_say(r, n, tree_valpos(r->tree, n), "%s must be a list: "
		    "write each entry on a line of its own, starting with "
		    "'- '", label);
	else {
		char *keys = S_keys_hint(ct);
		const char *text = tree_text(n);

		if (ct != NULL && ct->required->len > 0 &&
		    strcmp(ct->required->pdata[0], "name") == 0 &&
		    text != NULL && strchr(text, '\n') == NULL &&
		    g_utf8_strlen(text, -1) <= 40)
			S_say(r, n, tree_valpos(r->tree, n), "%s must hold %s, "
			    "not a text; write 'name: %s' and the other keys, "
			    "each on a line of its own", label, keys, text);
		else
			S_say(r, n, tree_valpos(r->tree, n), "%s must hold %s "
			    "on the lines below it, not a text", label, keys);
		g_free(keys);
	}
	g_free(label);
}

static void
S_node(struct vrun *r, xmlNodePtr n, const struct raw *v, guint nv)
{
	if (S_has(v, nv, "Duplicate key-sequence"))
		S_duplicate(r, n);
	else if (S_has(v, nv, "This element is not expected"))
		S_unexpected(r, n);
	else if (S_has(v, nv, "Character content other than whitespace"))
		S_not_text(r, n);
	else if (S_has(v, nv, "Element content is not allowed"))
		S_not_value(r, n);
	else if (S_has(v, nv, "Missing child element"))
		S_missing(r, n);
	else if (S_has(v, nv, "[facet") || S_has_invalid(v, nv))
		S_bad_value(r, n, v, nv);
	else {
		/* Not foreseen; libxml2's own words would not help. */
		char *label = S_label(r, n);

		S_say(r, n, tree_valpos(r->tree, n), "%s is not valid here",
		    label);
		g_free(label);
	}
}

static void
S_collect_error(void *ctx, xmlErrorPtr e)
{
	struct vrun *r = ctx;
	struct raw raw;
	const char *at;

	if (e == NULL || e->message == NULL)
		return;
	raw.node = e->node;
	raw.msg = g_strchomp(g_strdup(e->message));
	raw.reason = raw.msg;
	if (g_str_has_prefix(raw.msg, "Element '") &&
	    (at = strstr(raw.msg, "': ")) != NULL)
		raw.reason = at + 3;
	if (g_str_has_prefix(raw.reason, "No precomputed value")) {
		g_free(raw.msg);
		return;
	}
	g_array_append_val(r->raw, raw);
}

/* Whether the loader refused the node's value (and said so): it left
 * the node empty, with a message where the value starts or marked it. */
static bool
S_refused(const struct vrun *r, const xmlNode *n)
{
	struct srcpos p = tree_valpos(r->tree, n);
	char key[32];

	if (S_is_root(n) || tree_first(n) != NULL || tree_text(n) != NULL)
		return false;
	if (tree_refused(r->tree, n))
		return true;
	g_snprintf(key, sizeof key, "%d:%d", p.line, p.col);
	return g_hash_table_contains(r->refused, key);
}

/*
 * One run of the validator; reports the nodes that have no message yet.
 * Returns how many keys it took out of the tree.
 */
static guint
S_run(struct vrun *r)
{
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(r->schema->compiled);
	GHashTable *groups = g_hash_table_new_full(NULL, NULL, NULL,
	    (GDestroyNotify)g_array_unref);
	GPtrArray *order = g_ptr_array_new();
	guint pruned = r->pruned->len;

	xmlSchemaSetValidStructuredErrors(vc, S_collect_error, r);
	if (xmlSchemaValidateDoc(vc, r->tree->xml) != 0)
		r->valid = false;
	xmlSchemaFreeValidCtxt(vc);

	/* Group the raw errors by node, in the order nodes first appear. */
	for (guint i = 0; i < r->raw->len; i++) {
		struct raw *a = &g_array_index(r->raw, struct raw, i);
		GArray *group = g_hash_table_lookup(groups, a->node);

		if (group == NULL) {
			group = g_array_new(FALSE, FALSE, sizeof(struct raw));
			g_hash_table_insert(groups, a->node, group);
			g_ptr_array_add(order, a->node);
		}
		g_array_append_val(group, *a);
	}
	for (guint i = 0; i < order->len; i++) {
		xmlNodePtr n = order->pdata[i];
		GArray *group = g_hash_table_lookup(groups, n);

		if (n == NULL || n->type != XML_ELEMENT_NODE)
			S_say(r, NULL, tree_valpos(r->tree,
			    xmlDocGetRootElement(r->tree->xml)), "the plan is "
			    "not valid, for a reason ucapgen cannot name");
		else if (g_hash_table_contains(r->reported, n) ||
		    !S_in_plan(r, n))
			;       /* said, or taken out with what holds it */
		else if (S_refused(r, n))
			g_hash_table_add(r->reported, n);
		else
			S_node(r, n, (struct raw *)group->data, group->len);
	}
	for (guint i = 0; i < r->raw->len; i++)
		g_free(g_array_index(r->raw, struct raw, i).msg);
	g_array_set_size(r->raw, 0);
	g_hash_table_destroy(groups);
	g_ptr_array_free(order, TRUE);
	return r->pruned->len - pruned;
}

/* The period: what XML Schema cannot compare, its end after its start. */
static void
S_check_period(struct vrun *r, const xmlNode *root)
{
	xmlNodePtr period = tree_child(root, "period");
	xmlNodePtr start = tree_child(period, "start");
	xmlNodePtr end = tree_child(period, "end");
	const char *a = tree_text(start), *b = tree_text(end);

	if (a == NULL || b == NULL || g_hash_table_contains(r->reported,
	    start) || g_hash_table_contains(r->reported, end) ||
	    S_refused(r, start) || S_refused(r, end))
		return;
	/* Both are YYYY-MM here: as strings, they sort as times. */
	if (strlen(a) == 7 && strlen(b) == 7 && strcmp(b, a) < 0)
		S_say(r, end, tree_valpos(r->tree, end), "end: the period "
		    "ends (%s) before it starts (%s); check the years and "
		    "the months", b, a);
}

/* An inline text the schema's pattern took, which the markup parser may
 * still refuse: one with too many runs (MARKUP_RUNS_MAX). */
static void
S_check_inline(struct vrun *r, xmlNodePtr n)
{
	const char *text = tree_text(n);
	char *why;
	gsize off;

	if (text == NULL || g_hash_table_contains(r->reported, n) ||
	    S_refused(r, n))
		return;
	if (S_blank(text)) {
		S_empty(r, n, S_what(r->schema, S_type_of(r->schema, n)));
		return;
	}
	if (!S_markup_reason(text, &why, &off))
		return;
	S_say(r, n, tree_textpos(r->tree, n, off), "%s: %s", S_key(n), why);
	g_free(why);
}

/*
 * Rich texts: the markup of a text written straight into a rich field or
 * a paragraph of it (which XML Schema cannot check: the first mistake of
 * each paragraph), and empty ones.
 */
static void
S_check_rich(struct vrun *r, xmlNodePtr n)
{
	const struct ctype *ct;
	const char *text;
	char **paras;
	const char *from;

	for (xmlNodePtr c = tree_first(n); c != NULL; c = tree_next(c))
		S_check_rich(r, c);
	if (g_strcmp0(S_type_of(r->schema, n), "Inline") == 0) {
		S_check_inline(r, n);
		return;
	}
	ct = S_ctype_of(r->schema, n);
	if (ct == NULL || !ct->mixed ||
	    g_hash_table_contains(r->reported, n) || S_refused(r, n))
		return;
	text = tree_text(n);
	if (tree_first(n) == NULL && S_blank(text)) {
		char *label = S_label(r, n);

		S_say(r, n, S_keypos(r, n), "%s is empty; give a text%s",
		    label, S_required(r->schema, n) ? "" : S_is_item(n) ?
		    ", or remove the entry" : ", or remove the key");
		g_free(label);
		return;
	}
	if (text == NULL)
		return;
	from = text;
	paras = markup_paragraphs(text);
	for (char **p = paras; *p != NULL; p++) {
		/* The paragraph's place in the text. */
		const char *at = from != NULL ? strstr(from, *p) : NULL;
		char *why;
		gsize off;

		from = at != NULL ? at + strlen(*p) : NULL;
		if (S_markup_reason(*p, &why, &off)) {
			S_say(r, n, at != NULL ? tree_textpos(r->tree, n,
			    (gsize)(at - text) + off) : tree_valpos(r->tree, n),
			    "%s: %s", S_key(n), why);
			g_free(why);
		}
	}
	g_strfreev(paras);
}

bool
validate_plan(const struct schema *s, struct tree *t, struct diags *diags)
{
	struct vrun r = { 0 };

	r.schema = s;
	r.tree = t;
	r.diags = diags;
	r.valid = true;
	r.raw = g_array_new(FALSE, FALSE, sizeof(struct raw));
	r.reported = g_hash_table_new(NULL, NULL);
	r.suggested = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	r.refused = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	r.pruned = g_array_new(FALSE, FALSE, sizeof(struct pruned));
	r.trimmed = g_hash_table_new(NULL, NULL);
	r.listed = g_hash_table_new(NULL, NULL);
	r.index = g_hash_table_new(NULL, NULL);

	/* Values the loader refused have had their message. */
	for (guint i = 0; i < diags->list->len; i++) {
		const struct diag *d = &g_array_index(diags->list, struct diag,
		    i);

		if (d->sev == SEV_ERROR && g_strcmp0(d->file, t->file) == 0)
			g_hash_table_add(r.refused, g_strdup_printf("%d:%d",
			    d->pos.line, d->pos.col));
	}
	for (int i = 0; i < VALIDATE_MAX_RUNS; i++)
		if (S_run(&r) == 0)
			break;
	S_restore(&r);
	S_check_rich(&r, xmlDocGetRootElement(t->xml));
	S_check_period(&r, xmlDocGetRootElement(t->xml));

	g_array_free(r.pruned, TRUE);
	g_hash_table_destroy(r.trimmed);
	g_hash_table_destroy(r.listed);
	g_hash_table_destroy(r.index);
	g_hash_table_destroy(r.refused);
	g_hash_table_destroy(r.suggested);
	g_hash_table_destroy(r.reported);
	g_array_free(r.raw, TRUE);
	return r.valid;
}

GHashTable *
schema_keys(const struct schema *s)
{
	return s->keys;
}
