/*
 * layoutmsg.c: libxml2's schema messages about a layout, in words for
 * the designer who wrote it.
 *
 * Reads the layout schema as a document to learn what each element may
 * hold (attributes, child elements) and what each value type means (its
 * xs:documentation), so that a message can say what to write instead and
 * suggest the name that was meant.  Owns those tables.
 */
#include "layoutmsg.h"
#include "suggest.h"

#include <libxml/parser.h>
#include <string.h>

#define XS_NS "http://www.w3.org/2001/XMLSchema"

struct layoutmsg {
	xmlDocPtr xsd;          /* owned */
	GHashTable *el_type;    /* element name -> complex type (in xsd) */
	GHashTable *attrs;      /* complex type -> GPtrArray of attribute names */
	GHashTable *children;   /* complex type -> GPtrArray of element names */
	GHashTable *docs;       /* simple type -> phrase */
	GHashTable *attr_type;  /* "attribute" -> its simple type (owned keys) */
	GPtrArray *elements;    /* every element name */
};

static bool
S_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

static const char *
S_attr(const xmlNode *n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);

	return a != NULL && a->children != NULL ?
	    (const char *)a->children->content : NULL;
}

static const char *
S_local(const char *s)
{
	const char *c = s != NULL ? strchr(s, ':') : NULL;

	return c != NULL ? c + 1 : s;
}

/* The top-level definition named name of the given kind. */
static xmlNodePtr
S_def(const struct layoutmsg *m, const char *kind, const char *name)
{
	for (xmlNodePtr c = xmlDocGetRootElement(m->xsd)->children; c;
	    c = c->next)
		if (S_is(c, kind) && S_attr(c, "name") != NULL &&
		    strcmp(S_attr(c, "name"), name) == 0)
			return c;
	return NULL;
}

static void
S_add_unique(GPtrArray *v, const char *s)
{
	for (guint i = 0; i < v->len; i++)
		if (strcmp(v->pdata[i], s) == 0)
			return;
	g_ptr_array_add(v, (gpointer)s);
}

/* Collect the attributes and child elements a definition allows. */
static void
S_collect(struct layoutmsg *m, const char *owner, xmlNodePtr n,
    GPtrArray *attrs, GPtrArray *kids, int depth)
{
	if (depth > 8)
		return;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		const char *name = S_attr(c, "name");
		const char *ref = S_local(S_attr(c, "ref"));

		if (S_is(c, "attribute") && name != NULL) {
			S_add_unique(attrs, name);
			if (S_attr(c, "type") != NULL)
				g_hash_table_insert(m->attr_type,
				    g_strdup_printf("%s|%s", owner, name),
				    (gpointer)S_local(S_attr(c, "type")));
		}
		else if (S_is(c, "element") && name != NULL) {
			S_add_unique(kids, name);
			if (S_attr(c, "type") != NULL)
				g_hash_table_insert(m->el_type, (gpointer)name,
				    (gpointer)S_local(S_attr(c, "type")));
			else {
				/* An anonymous type: its name is the
				 * element's. */
				g_hash_table_insert(m->el_type, (gpointer)name,
				    (gpointer)name);
				for (xmlNodePtr t = c->children; t; t = t->next)
					if (S_is(t, "complexType")) {
						GPtrArray *a = g_ptr_array_new();
						GPtrArray *k = g_ptr_array_new();

						S_collect(m, name, t, a, k,
						    depth + 1);
						g_hash_table_insert(m->attrs,
						    (gpointer)name, a);
						g_hash_table_insert(m->children,
						    (gpointer)name, k);
					}
			}
			S_add_unique(m->elements, name);
		} else if (S_is(c, "attributeGroup") && ref != NULL) {
			xmlNodePtr d = S_def(m, "attributeGroup", ref);

			if (d != NULL)
				S_collect(m, owner, d, attrs, kids, depth + 1);
		} else if (S_is(c, "group") && ref != NULL) {
			xmlNodePtr d = S_def(m, "group", ref);

			if (d != NULL)
				S_collect(m, owner, d, attrs, kids, depth + 1);
		} else if (S_is(c, "sequence") || S_is(c, "choice") ||
		    S_is(c, "all"))
			S_collect(m, owner, c, attrs, kids, depth + 1);
	}
}

struct layoutmsg *
layoutmsg_new(const char *xsd)
{
	struct layoutmsg *m = g_new0(struct layoutmsg, 1);
	xmlNodePtr root;

	m->xsd = xmlReadFile(xsd, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	m->el_type = g_hash_table_new(g_str_hash, g_str_equal);
	m->attrs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_ptr_array_unref);
	m->children = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_ptr_array_unref);
	m->docs = g_hash_table_new(g_str_hash, g_str_equal);
	m->attr_type = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	m->elements = g_ptr_array_new();
	if (m->xsd == NULL || (root = xmlDocGetRootElement(m->xsd)) == NULL)
		return m;
	for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
		const char *name = S_attr(c, "name");

		if (name == NULL)
			continue;
		if (S_is(c, "complexType")) {
			GPtrArray *a = g_ptr_array_new();
			GPtrArray *k = g_ptr_array_new();

			S_collect(m, name, c, a, k, 0);
			g_hash_table_insert(m->attrs, (gpointer)name, a);
			g_hash_table_insert(m->children, (gpointer)name, k);
		} else if (S_is(c, "element")) {
			GPtrArray *a = g_ptr_array_new();
			GPtrArray *k = g_ptr_array_new();

			/* The root element, with its anonymous type. */
			for (xmlNodePtr t = c->children; t; t = t->next)
				if (S_is(t, "complexType"))
					S_collect(m, name, t, a, k, 0);
			g_hash_table_insert(m->el_type, (gpointer)name,
			    (gpointer)name);
			g_hash_table_insert(m->attrs, (gpointer)name, a);
			g_hash_table_insert(m->children, (gpointer)name, k);
			S_add_unique(m->elements, name);
		} else if (S_is(c, "simpleType")) {
			for (xmlNodePtr a = c->children; a; a = a->next)
				if (S_is(a, "annotation"))
					for (xmlNodePtr d = a->children; d;
					    d = d->next)
						if (S_is(d, "documentation") &&
						    d->children != NULL)
							g_hash_table_insert(
							    m->docs,
							    (gpointer)name,
							    d->children->content);
		}
	}
	return m;
}

void
layoutmsg_free(struct layoutmsg *m)
{
	if (m == NULL)
		return;
	g_hash_table_destroy(m->el_type);
	g_hash_table_destroy(m->attrs);
	g_hash_table_destroy(m->children);
	g_hash_table_destroy(m->docs);
	g_hash_table_destroy(m->attr_type);
	g_ptr_array_free(m->elements, TRUE);
	if (m->xsd != NULL)
		xmlFreeDoc(m->xsd);
	g_free(m);
}

static const char *
S_closest(const char *word, const GPtrArray *cands)
{
	if (cands == NULL)
		return NULL;
	return suggest_closest(word, (char *const *)cands->pdata, cands->len);
}

/* The text between the first pair of quotes after a marker. */
static char *
S_quoted(const char *msg, const char *after)
{
	const char *p = after != NULL ? strstr(msg, after) : msg;
	const char *q, *e;

	if (p == NULL || (q = strchr(p + (after ? strlen(after) : 0), '\'')) ==
	    NULL || (e = strchr(q + 1, '\'')) == NULL)
		return NULL;
	return g_strndup(q + 1, (gsize)(e - q - 1));
}

static const char *
S_find(char **raw, guint n, const char *needle)
{
	for (guint i = 0; i < n; i++)
		if (strstr(raw[i], needle) != NULL)
			return raw[i];
	return NULL;
}

/* "a, b and c" of names, each wrapped. */
static char *
S_names(char **v, guint n, const char *open, const char *close)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < n; i++) {
		if (i > 0)
			g_string_append(s, i + 1 == n ? " or " : ", ");
		g_string_append_printf(s, "%s%s%s", open, v[i], close);
	}
	return g_string_free(s, FALSE);
}

/* The names libxml2 lists in "Expected is ( a, {ns}b )". */
static GPtrArray *
S_expected(const char *msg)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(g_free);
	const char *p = msg != NULL ? strstr(msg, "Expected is") : NULL;
	const char *o, *c;
	char **parts;

	if (p == NULL || (o = strchr(p, '(')) == NULL ||
	    (c = strchr(o, ')')) == NULL)
		return v;
	{
		char *in = g_strndup(o + 1, (gsize)(c - o - 1));

		parts = g_strsplit(in, ",", -1);
		g_free(in);
	}
	for (char **q = parts; *q != NULL; q++) {
		char *k = g_strstrip(*q), *b = strchr(k, '}');

		if (b != NULL)
			k = b + 1;
		if (*k != '\0')
			g_ptr_array_add(v, g_strdup(k));
	}
	g_strfreev(parts);
	return v;
}

/* A value the attribute's type refused. */
static char *
S_value(const struct layoutmsg *m, const char *type_of_element,
    const char *attr, char **raw, guint n)
{
	char *akey = g_strdup_printf("%s|%s", type_of_element ?
	    type_of_element : "", attr);
	const char *typed = S_find(raw, n, "is not a valid value of the");
	const char *facet = S_find(raw, n, "[facet '");
	const char *en = S_find(raw, n, "[facet 'enumeration']");
	const char *atype = g_hash_table_lookup(m->attr_type, akey);
	char *value = NULL, *type = NULL, *r;
	const char *doc = NULL;

	if (typed != NULL) {
		value = S_quoted(typed, ": ");
		type = S_quoted(typed, "type ");
	}
	if (value == NULL && facet != NULL)
		value = S_quoted(facet, "The value ");
	if (type != NULL) {
		char *b = strchr(type, '}');

		doc = g_hash_table_lookup(m->docs, b != NULL ? b + 1 : type);
	}
	if (doc == NULL && atype != NULL)
		doc = g_hash_table_lookup(m->docs, atype);
	if (en != NULL && doc == NULL) {
		/* "the set {'normal', 'bold'}" */
		const char *o = strstr(en, "set {"), *c = strrchr(en, '}');
		char *set = o && c ? g_strndup(o + 5, (gsize)(c - o - 5)) :
		    g_strdup("");

		char **parts = g_strsplit(set, ",", -1);
		char *list;

		for (char **p = parts; *p != NULL; p++) {
			g_strdelimit(*p, "'", ' ');
			g_strstrip(*p);
		}
		list = g_strjoinv(", ", parts);
		r = g_strdup_printf("%s=\"%s\" is not one of: %s", attr,
		    value ? value : "", list);
		g_free(list);
		g_strfreev(parts);
		g_free(set);
	} else if (doc != NULL)
		r = g_strdup_printf("%s=\"%s\" is not %s", attr,
		    value ? value : "", doc);
	else
		r = g_strdup_printf("%s=\"%s\" is not a value this attribute "
		    "takes", attr, value ? value : "");
	g_free(value);
	g_free(type);
	g_free(akey);
	return r;
}

char *
layoutmsg_explain(const struct layoutmsg *m, const char *element,
    const char *attr, char **raw, guint n)
{
	const char *type = g_hash_table_lookup(m->el_type, element);
	const GPtrArray *attrs = type ? g_hash_table_lookup(m->attrs, type) :
	    NULL;
	const char *msg;

	if (attr != NULL && S_find(raw, n, "is not allowed") != NULL) {
		const char *near = S_closest(attr, attrs);

		if (near != NULL)
			return g_strdup_printf("<%s> has no attribute '%s' "
			    "(did you mean '%s'?)", element, attr, near);
		if (attrs != NULL && attrs->len > 0) {
			char *all = S_names((char **)attrs->pdata, attrs->len,
			    "", "");
			char *r = g_strdup_printf("<%s> has no attribute '%s'; "
			    "its attributes are %s", element, attr, all);

			g_free(all);
			return r;
		}
		return g_strdup_printf("<%s> has no attribute '%s'", element,
		    attr);
	}
	if ((msg = S_find(raw, n, "is required but missing")) != NULL) {
		char *a = S_quoted(msg, "attribute");
		char *r = g_strdup_printf("<%s> needs the attribute '%s'",
		    element, a ? a : "?");

		g_free(a);
		return r;
	}
	if (attr != NULL)
		return S_value(m, type, attr, raw, n);
	if ((msg = S_find(raw, n, "This element is not expected")) != NULL) {
		GPtrArray *exp = S_expected(msg);
		const char *near = S_closest(element, exp->len > 0 ? exp :
		    m->elements);
		char *r;

		if (near != NULL && strcmp(near, element) != 0)
			r = g_strdup_printf("<%s> is not allowed here (did you "
			    "mean <%s>?)", element, near);
		else if (exp->len > 0) {
			char *all = S_names((char **)exp->pdata, exp->len,
			    "<", ">");

			r = g_strdup_printf("<%s> is not allowed here; what "
			    "may come here is %s", element, all);
			g_free(all);
		} else
			r = g_strdup_printf("<%s> is not allowed here, or not "
			    "in this order", element);
		g_ptr_array_free(exp, TRUE);
		return r;
	}
	if ((msg = S_find(raw, n, "Missing child element")) != NULL) {
		GPtrArray *exp = S_expected(msg);
		char *all = S_names((char **)exp->pdata, exp->len, "<", ">");
		char *r = g_strdup_printf("<%s> needs %s inside it", element,
		    all);

		g_free(all);
		g_ptr_array_free(exp, TRUE);
		return r;
	}
	if ((msg = S_find(raw, n, "Duplicate key-sequence")) != NULL) {
		char *v = S_quoted(msg, "[");
		char *r = g_strdup_printf("'%s' is used twice: %s must be "
		    "unique", v ? v : "?", strstr(msg, "style-name") ?
		    "style names" : "ids");

		g_free(v);
		return r;
	}
	if ((msg = S_find(raw, n, "Character content")) != NULL)
		return g_strdup_printf("<%s> holds no text; its content goes "
		    "in attributes and elements", element);
	/* Not foreseen: libxml2's words, without namespaces. */
	{
		const char *c = strstr(raw[0], "': ");

		return g_strdup_printf("<%s>: %s", element, c != NULL ? c + 3 :
		    raw[0]);
	}
}
