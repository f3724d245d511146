/*
 * keys.c: which keys of the string catalog are used where, and the
 * catalog's template.
 *
 * The keys a layout uses are the values of its attributes of the type
 * Key in layout.xsd (label, key, missing, ...), so that a new attribute
 * of that type needs no change here.  The keys of ucapgen itself are
 * listed below; the topics of the Urban Agenda are the Topic type of
 * plan.xsd.
 */
#include "keys.h"

#include <libxml/parser.h>
#include <string.h>

#define XS_NS "http://www.w3.org/2001/XMLSchema"

/* The keys ucapgen asks for by name, besides month-N, date-month-N and
 * sdg-N. */
static const char *const S_program[] = {
	/* main.c: the PDF's title and subject */
	"running-head", "title",
	/* layout.c: a row going on from the last page; an activity's date */
	"continued", "when-where",
	/* format.c: numbers, dates and names */
	"decimal-point", "thousands-separator", "population-unit",
	"population-large", "population-one", "population-small",
	"area-value", "month-year", "day-month-year", "period-value",
	"short-name", "local-name", "sdg-line",
};

/* Where a key is used. */
struct use {
	char *file;             /* owned; relative to the data folder */
	int line;
};

static void
S_use_free(gpointer p)
{
	struct use *u = p;

	g_free(u->file);
	g_free(u);
}

static bool
S_is_xs(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

static xmlDocPtr
S_read(const char *path, struct diags *diags)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOWARNING | XML_PARSE_NOERROR);

	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		struct srcpos none = { 0, 0 };

		diags_add(diags, SEV_ERROR, path, none, "cannot read this XML "
		    "file");
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* Record a use of key (ctxt "\004" msgid for a topic). */
static void
S_use(GHashTable *uses, const char *key, const char *file, int line)
{
	GPtrArray *v = g_hash_table_lookup(uses, key);
	struct use *u = g_new0(struct use, 1);

	if (v == NULL) {
		v = g_ptr_array_new_with_free_func(S_use_free);
		g_hash_table_insert(uses, g_strdup(key), v);
	}
	u->file = g_strdup(file);
	u->line = line;
	g_ptr_array_add(v, u);
}

/* The names of the attributes of type Key in the layout schema. */
static void
S_key_attrs(const xmlNode *n, GHashTable *names)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		xmlChar *name, *type;
		const char *colon;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		S_key_attrs(c, names);
		if (!S_is_xs(c, "attribute"))
			continue;
		name = xmlGetProp(c, BAD_CAST "name");
		type = xmlGetProp(c, BAD_CAST "type");
		colon = type != NULL ? strchr((const char *)type, ':') : NULL;
		if (name != NULL && type != NULL && strcmp(colon != NULL ?
		    colon + 1 : (const char *)type, "Key") == 0)
			g_hash_table_add(names, g_strdup((const char *)name));
		xmlFree(name);
		xmlFree(type);
	}
}

/* The keys of one layout, in document order. */
static void
S_layout_keys(const xmlNode *n, GHashTable *attrs, const char *file,
    GHashTable *uses)
{
	for (const xmlNode *c = n; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttrPtr a = c->properties; a != NULL; a = a->next) {
			xmlChar *v;

			if (a->ns != NULL || !g_hash_table_contains(attrs,
			    a->name))
				continue;
			v = xmlNodeGetContent((xmlNodePtr)a);
			S_use(uses, (const char *)v, file,
			    (int)xmlGetLineNo(c));
			xmlFree(v);
		}
		S_layout_keys(c->children, attrs, file, uses);
	}
}

static gint
S_cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The keys of every layout of the data folder, file by file. */
static bool
S_layouts(const struct datadir *dd, GHashTable *uses, struct diags *diags)
{
	char *xsd = g_build_filename(dd->layouts, "layout.xsd", NULL);
	xmlDocPtr schema = S_read(xsd, diags);
	GHashTable *attrs = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GDir *dir = g_dir_open(dd->layouts, 0, NULL);
	const char *e;
	bool ok = schema != NULL;

	if (schema != NULL)
		S_key_attrs(xmlDocGetRootElement(schema), attrs);
	while (dir != NULL && (e = g_dir_read_name(dir)) != NULL)
		if (g_str_has_suffix(e, ".xml"))
			g_ptr_array_add(names, g_strdup(e));
	if (dir != NULL)
		g_dir_close(dir);
	g_ptr_array_sort(names, S_cmp_names);
	for (guint i = 0; ok && i < names->len; i++) {
		char *path = g_build_filename(dd->layouts, names->pdata[i],
		    NULL);
		char *rel = g_build_filename("layouts", names->pdata[i], NULL);
		xmlDocPtr doc = S_read(path, diags);

		if (doc != NULL)
			S_layout_keys(xmlDocGetRootElement(doc), attrs, rel,
			    uses);
		ok = doc != NULL;
		xmlFreeDoc(doc);
		g_free(rel);
		g_free(path);
	}
	g_ptr_array_unref(names);
	g_hash_table_destroy(attrs);
	xmlFreeDoc(schema);
	g_free(xsd);
	return ok;
}

/* The topics of the Urban Agenda: the enumeration of Topic in plan.xsd. */
static bool
S_topics(const struct datadir *dd, GHashTable *uses, struct diags *diags)
{
	xmlDocPtr doc = S_read(dd->schema, diags);
	const char *rel = dd->schema + strlen(dd->root);

	if (doc == NULL)
		return false;
	while (*rel == '/')
		rel++;
	for (const xmlNode *t = xmlDocGetRootElement(doc)->children; t != NULL;
	    t = t->next) {
		xmlChar *name;

		if (!S_is_xs(t, "simpleType"))
			continue;
		name = xmlGetProp(t, BAD_CAST "name");
		if (name != NULL && strcmp((const char *)name, "Topic") == 0)
			for (const xmlNode *r = t->children; r != NULL;
			    r = r->next)
				for (const xmlNode *v = S_is_xs(r,
				    "restriction") ? r->children : NULL;
				    v != NULL; v = v->next) {
					xmlChar *val;
					char *key;

					if (!S_is_xs(v, "enumeration"))
						continue;
					val = xmlGetProp(v, BAD_CAST "value");
					key = g_strdup_printf("urban-agenda"
					    "\004%s", (const char *)val);
					S_use(uses, key, rel,
					    (int)xmlGetLineNo(v));
					g_free(key);
					xmlFree(val);
				}
		xmlFree(name);
	}
	xmlFreeDoc(doc);
	return true;
}

/* The keys ucapgen asks for itself. */
static void
S_program_keys(GHashTable *uses)
{
	char key[24];

	for (size_t i = 0; i < G_N_ELEMENTS(S_program); i++)
		S_use(uses, S_program[i], NULL, 0);
	for (int m = 1; m <= 12; m++) {
		g_snprintf(key, sizeof key, "month-%d", m);
		S_use(uses, key, NULL, 0);
		g_snprintf(key, sizeof key, "date-month-%d", m);
		S_use(uses, key, NULL, 0);
	}
	for (int g = 1; g <= 17; g++) {
		g_snprintf(key, sizeof key, "sdg-%d", g);
		S_use(uses, key, NULL, 0);
	}
}

static const char S_comment[] =
    "The words of the U-CAP summary sheets: every key of en.po with its\n"
    "English text.  Translators edit their language's file, LANG.po,\n"
    "made from the template ucapgen.pot with msginit and kept up to date\n"
    "with\n"
    "  msgmerge --update --backup=off LANG.po ucapgen.pot\n"
    "The template itself is not edited: ucapgen remakes it with\n"
    "  ucapgen --make-pot -o layouts/catalogs/ucapgen.pot\n"
    "(see layouts/catalogs/README.md).";

struct pot *
keys_template(const struct datadir *dd, struct diags *diags)
{
	char *en = g_build_filename(dd->layouts, "catalogs", "en.po", NULL);
	struct pofile *src = pofile_read(en, diags);
	GHashTable *uses = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, (GDestroyNotify)g_ptr_array_unref);
	GHashTable *have = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	struct pot *p = NULL;
	GHashTableIter it;
	gpointer key, val;
	int errors = diags->errors;

	if (src == NULL || !S_layouts(dd, uses, diags) ||
	    !S_topics(dd, uses, diags))
		goto out;
	S_program_keys(uses);
	p = pot_new("ucapgen", S_comment);
	for (guint i = 0; i < src->entries->len; i++) {
		const struct poentry *e = src->entries->pdata[i];
		char *both = g_strdup_printf("%s\004%s", e->ctxt != NULL ?
		    e->ctxt : "", e->id);
		GPtrArray *v = g_hash_table_lookup(uses, both);

		if (v == NULL && e->ctxt != NULL)
			v = g_hash_table_lookup(uses, e->ctxt);
		g_hash_table_add(have, both);
		if (e->ctxt != NULL)
			g_hash_table_add(have, g_strdup(e->ctxt));
		pot_add(p, e->ctxt, e->id, e->notes, NULL, 0);
		for (guint k = 0; v != NULL && k < v->len; k++) {
			const struct use *u = v->pdata[k];

			if (u->file != NULL)
				pot_add(p, e->ctxt, e->id, NULL, u->file,
				    u->line);
		}
	}
	/* What is used and en.po lacks. */
	g_hash_table_iter_init(&it, uses);
	while (g_hash_table_iter_next(&it, &key, &val)) {
		const struct use *u = ((GPtrArray *)val)->pdata[0];
		const char *k = key, *topic = strchr(k, '\004');
		struct srcpos at = { u->line, 0 };
		char *path;

		if (g_hash_table_contains(have, k))
			continue;
		path = u->file != NULL ? g_build_filename(dd->root, u->file,
		    NULL) : NULL;
		if (topic != NULL)
			diags_add(diags, SEV_ERROR, path, at, "the catalog %s "
			    "has no entry for the topic '%s' (msgctxt "
			    "\"urban-agenda\"): add it with its English text",
			    en, topic + 1);
		else if (path != NULL)
			diags_add(diags, SEV_ERROR, path, at, "the catalog %s "
			    "has no key '%s': add it there with its English "
			    "text", en, k);
		else
			diags_add(diags, SEV_ERROR, en, at, "ucapgen uses the "
			    "key '%s', which this catalog lacks: add it with "
			    "its English text", k);
		g_free(path);
	}
out:
	if (diags->errors > errors) {
		pot_free(p);
		p = NULL;
	}
	g_hash_table_destroy(have);
	g_hash_table_destroy(uses);
	pofile_free(src);
	g_free(en);
	return p;
}
