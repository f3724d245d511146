/*
 * layoutfile.c: reading, merging and checking layout files.
 *
 * Each file is parsed with a hook that notes the line and column of every
 * element, validated against layouts/layout.xsd, and merged into the
 * layout it is based on (layout.xsd says how).  The merged tree is then
 * read into the structs of layoutfile.h: styles resolved through their
 * bases, catalog keys and style names checked.  Owns everything in a
 * struct layoutfile; the XML documents live only while loading.
 */
#include "layoutfile.h"
#include "layoutmsg.h"
#include "suggest.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

#define LAYOUT_NS "urn:ucapgen:layout:1"
#define MAX_BASES 8

struct loader {
	struct layoutfile *lf;
	const char *layouts_dir;
	const char *xsd;
	const struct catalog *cat;
	struct diags *diags;
	xmlSchemaPtr schema;    /* the layout schema (the caller's) */
	GPtrArray *docs;        /* owned while loading: every document read */
	GPtrArray *locs;        /* owned while loading: struct lloc * */
	const char *file;       /* the file being parsed */
	GHashTable *nodes;      /* style name -> its element */
	struct layoutmsg *msg;  /* owned while loading, made when a
				   message needs it (S_msg) */
	GArray *raw;            /* owned while loading: of struct rawerr */
	GHashTable *plan_keys;  /* every key of a plan, or NULL: no check */
	GPtrArray *key_list;    /* owned while loading: the same, listed */
	bool ok;
};

/* The schema's words for messages, read from the XSD the first time a
 * message needs them. */
static struct layoutmsg *
S_msg(struct loader *l)
{
	if (l->msg == NULL)
		l->msg = layoutmsg_new(l->xsd);
	return l->msg;
}

/* ---- Positions ---- */

static struct lloc
S_loc(const struct loader *l, const xmlNode *n)
{
	struct lloc none = { l->lf->files->len ? l->lf->files->pdata[0] :
	    NULL, { 0, 0 } };

	for (; n != NULL; n = n->parent)
		if (n->type == XML_ELEMENT_NODE && n->_private != NULL)
			return *(const struct lloc *)n->_private;
	return none;
}

/* Where an attribute was written: a derived layout's, when it overrode
 * the base's (S_override), else where its element is. */
static struct lloc
S_attr_loc(const struct loader *l, const xmlNode *n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);

	if (a != NULL && a->_private != NULL)
		return *(const struct lloc *)a->_private;
	return S_loc(l, n);
}

static void G_GNUC_PRINTF(3, 4)
S_error(struct loader *l, const xmlNode *n, const char *fmt, ...)
{
	struct lloc loc = S_loc(l, n);
	va_list ap;

	va_start(ap, fmt);
	diags_addv(l->diags, SEV_ERROR, loc.file, loc.pos, fmt, ap);
	va_end(ap);
	l->ok = false;
}

/* An error about attribute attr of n: at the attribute. */
static void G_GNUC_PRINTF(4, 5)
S_attr_error(struct loader *l, const xmlNode *n, const char *attr,
    const char *fmt, ...)
{
	struct lloc loc = S_attr_loc(l, n, attr);
	va_list ap;

	va_start(ap, fmt);
	diags_addv(l->diags, SEV_ERROR, loc.file, loc.pos, fmt, ap);
	va_end(ap);
	l->ok = false;
}

/* The column of p in its line (1-based, in characters). */
static int
S_column(const xmlChar *base, const xmlChar *p)
{
	const xmlChar *s = p;
	int col = 1;

	while (s > base && s[-1] != '\n')
		s--;
	for (; s < p; s++)
		if ((*s & 0xC0) != 0x80)
			col++;
	return col;
}

/* The newlines from a to b. */
static int
S_newlines(const xmlChar *a, const xmlChar *b)
{
	int n = 0;

	for (; a < b; a++)
		n += *a == '\n';
	return n;
}

/*
 * Where the attribute whose value libxml2 read at v (inside the start
 * tag from lt, its '<', to end, on line end_line, in the buffer from
 * base) is written: at its
 * name, before '=' and the quote.  Returns a new location noted in l,
 * or NULL when v is not in the tag (a value libxml2 copied to expand
 * references in it, or a default).
 */
static struct lloc *
S_attr_at(struct loader *l, const xmlChar *base, const xmlChar *lt,
    const xmlChar *end, int end_line, const xmlChar *v, gsize qlen)
{
	const xmlChar *q = v;
	struct lloc *loc;

	if (v == NULL || v <= lt || v > end)
		return NULL;
	q--;                    /* the quote */
	while (q > lt && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n' ||
	    q[-1] == '\r' || q[-1] == '='))
		q--;
	if ((gsize)(q - lt) <= qlen)
		return NULL;
	q -= qlen;
	loc = g_new0(struct lloc, 1);
	loc->file = l->file;
	loc->pos.line = end_line - S_newlines(q, end);
	loc->pos.col = S_column(base, q);
	g_ptr_array_add(l->locs, loc);
	return loc;
}

/* Note where each element starts: scan back from the end of its start
 * tag to its '<' (a '<' cannot occur inside a start tag); libxml2 gives
 * the line where the tag ends.  Each attribute is noted where its name
 * is written. */
static void
S_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr pc = ctx;
	struct loader *l = pc->_private;
	const xmlChar *base = pc->input->base, *end = pc->input->cur;
	const xmlChar *p = end;
	struct lloc *loc = g_new0(struct lloc, 1);
	int end_line;

	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, nss, nattrs,
	    ndefaulted, attrs);
	while (p > base && *p != '<')
		p--;
	end_line = pc->node != NULL ? (int)xmlGetLineNo(pc->node) : 0;
	loc->file = l->file;
	loc->pos.line = end_line;
	if (*p == '<') {
		loc->pos.line = end_line - S_newlines(p, end);
		loc->pos.col = S_column(base, p);
	}
	g_ptr_array_add(l->locs, loc);
	if (pc->node == NULL)
		return;
	pc->node->_private = loc;
	for (int i = 0; *p == '<' && end_line > 0 &&
	    i < nattrs - ndefaulted; i++) {
		const xmlChar *local = attrs[i * 5], *pre = attrs[i * 5 + 1];
		gsize qlen = strlen((const char *)local) + (pre != NULL ?
		    strlen((const char *)pre) + 1 : 0);
		xmlAttrPtr a = xmlHasNsProp(pc->node, local, attrs[i * 5 + 2]);
		struct lloc *at = S_attr_at(l, base, p, end, end_line,
		    attrs[i * 5 + 3], qlen);

		if (a != NULL && at != NULL)
			a->_private = at;
	}
}

static void
S_parse_error(void *ctx, xmlErrorPtr e)
{
	struct loader *l = ctx;
	struct srcpos pos = { e->line, e->int2 };
	char *msg = g_strchomp(g_strdup(e->message ? e->message : "error"));

	if (e->level == XML_ERR_WARNING)
		diags_add(l->diags, SEV_WARNING, l->file, pos, "%s", msg);
	else {
		diags_add(l->diags, SEV_ERROR, l->file, pos, "%s", msg);
		l->ok = false;
	}
	g_free(msg);
}

/* Validation messages are gathered, then explained one per element and
 * attribute (libxml2 often says two things about one mistake). */
struct rawerr {
	xmlNodePtr node;
	char *attr;             /* owned, or NULL */
	char *msg;              /* owned */
	int line;
};

static void
S_schema_error(void *ctx, xmlErrorPtr e)
{
	struct loader *l = ctx;
	struct rawerr r;
	const char *a;

	if (e == NULL || e->message == NULL ||
	    strstr(e->message, "No precomputed value") != NULL)
		return;
	r.node = e->node;
	r.msg = g_strchomp(g_strdup(e->message));
	r.attr = NULL;
	if ((a = strstr(r.msg, "', attribute '")) != NULL) {
		const char *s = a + strlen("', attribute '");
		const char *q = strchr(s, '\'');

		if (q != NULL)
			r.attr = g_strndup(s, (gsize)(q - s));
	}
	r.line = e->line;
	g_array_append_val(l->raw, r);
	l->ok = false;
}

static bool
S_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* Whether n is a header's or footer's cell. */
static bool
S_band_cell(const xmlNode *n)
{
	return n != NULL && S_is(n, "cell") && n->parent != NULL &&
	    (S_is(n->parent, "header") || S_is(n->parent, "footer"));
}

/* Whether n is a header's or footer's cell after its fourth: the
 * schema's limit, which its own message does not name. */
static bool
S_fifth_band_cell(const xmlNode *n)
{
	int before = 0;

	if (!S_band_cell(n))
		return false;
	for (const xmlNode *c = n->prev; c != NULL; c = c->prev)
		before += S_is(c, "cell");
	return before >= 4;
}

static void
S_explain(struct loader *l)
{
	GArray *raw = l->raw;

	for (guint i = 0; i < raw->len; i++) {
		struct rawerr *a = &g_array_index(raw, struct rawerr, i);
		GPtrArray *group;
		char *msg;
		struct lloc loc;

		if (a->msg == NULL)
			continue;
		group = g_ptr_array_new_with_free_func(g_free);
		for (guint j = i; j < raw->len; j++) {
			struct rawerr *b = &g_array_index(raw, struct rawerr,
			    j);

			if (b->msg != NULL && b->node == a->node &&
			    g_strcmp0(b->attr, a->attr) == 0) {
				g_ptr_array_add(group, b->msg);
				b->msg = NULL;
			}
		}
		if (S_fifth_band_cell(a->node))
			msg = g_strdup_printf("a <%s> has at most four cells",
			    (const char *)a->node->parent->name);
		else if (S_band_cell(a->node) && a->attr == NULL &&
		    a->node->children == NULL)
			msg = g_strdup_printf("a <%s>'s <cell> needs <text> or "
			    "<value> inside it",
			    (const char *)a->node->parent->name);
		else
			msg = layoutmsg_explain(S_msg(l), a->node != NULL ?
			    (const char *)a->node->name : "layout", a->attr,
			    (char **)group->pdata, group->len);
		loc = a->attr != NULL ? S_attr_loc(l, a->node, a->attr) :
		    S_loc(l, a->node);
		if (a->node == NULL) {
			loc.file = l->file;
			loc.pos.line = a->line;
			loc.pos.col = 0;
		}
		diags_add(l->diags, SEV_ERROR, loc.file, loc.pos, "%s", msg);
		g_free(msg);
		g_ptr_array_free(group, TRUE);
	}
	for (guint i = 0; i < raw->len; i++) {
		struct rawerr *a = &g_array_index(raw, struct rawerr, i);

		g_free(a->attr);
		g_free(a->msg);
	}
	g_array_set_size(raw, 0);
}

/* Parse and validate one file; NULL on failure (with messages). */
static xmlDocPtr
S_read(struct loader *l, const char *path)
{
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	xmlDocPtr doc;
	xmlSchemaValidCtxtPtr vc;
	bool was_ok = l->ok;
	struct srcpos none = { 0, 0 };

	l->ok = true;
	g_ptr_array_add(l->lf->files, g_strdup(path));
	l->file = l->lf->files->pdata[l->lf->files->len - 1];
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		diags_add(l->diags, SEV_ERROR, path, none, "cannot read the "
		    "layout: %s", g_file_test(path, G_FILE_TEST_IS_DIR) ?
		    "it is a folder, not a layout file" :
		    g_file_test(path, G_FILE_TEST_EXISTS) ? "it is not a file" :
		    "no such file");
		xmlFreeParserCtxt(pc);
		l->ok = false;
		return NULL;
	}
	pc->_private = l;
	pc->sax->startElementNs = S_start;
	xmlSetStructuredErrorFunc(l, S_parse_error);
	doc = xmlCtxtReadFile(pc, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOBLANKS | XML_PARSE_NODICT);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeParserCtxt(pc);
	if (doc == NULL || !l->ok) {
		if (doc == NULL && l->ok)
			diags_add(l->diags, SEV_ERROR, path, none, "cannot "
			    "read the layout");
		if (doc != NULL)
			xmlFreeDoc(doc);
		l->ok = false;
		return NULL;
	}
	g_ptr_array_add(l->docs, doc);
	vc = xmlSchemaNewValidCtxt(l->schema);
	xmlSchemaSetValidStructuredErrors(vc, S_schema_error, l);
	if (xmlSchemaValidateDoc(vc, doc) != 0)
		l->ok = false;
	xmlSchemaFreeValidCtxt(vc);
	S_explain(l);
	if (!l->ok)
		return NULL;
	l->ok = was_ok;
	return doc;
}

/* A merged layout must still be a valid one (a replacement may not fit
 * where it was put). */
static void
S_revalidate(struct loader *l, xmlDocPtr doc)
{
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(l->schema);

	xmlSchemaSetValidStructuredErrors(vc, S_schema_error, l);
	if (xmlSchemaValidateDoc(vc, doc) != 0)
		l->ok = false;
	xmlSchemaFreeValidCtxt(vc);
	S_explain(l);
}

/* ---- Small readers ---- */

static const char *
S_attr(const xmlNode *n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);

	if (a == NULL || a->children == NULL)
		return NULL;
	return (const char *)a->children->content;
}

static xmlNodePtr
S_child(const xmlNode *n, const char *name)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (S_is(c, name))
			return c;
	return NULL;
}

double
layoutfile_length(const char *s)
{
	char *end;
	double v = g_ascii_strtod(s, &end);

	while (*end == ' ')
		end++;
	if (g_str_has_prefix(end, "mm"))
		return v * 72.0 / 25.4;
	if (g_str_has_prefix(end, "in"))
		return v * 72.0;
	return v;
}

/* One to four lengths, as in CSS. */
static void
S_box(const char *s, double out[4])
{
	char **v = g_strsplit(s, " ", 4);
	int n = (int)g_strv_length(v);
	double a = n > 0 ? layoutfile_length(v[0]) : 0;
	double b = n > 1 ? layoutfile_length(v[1]) : a;
	double c = n > 2 ? layoutfile_length(v[2]) : a;
	double d = n > 3 ? layoutfile_length(v[3]) : b;

	out[0] = a;
	out[1] = b;
	out[2] = c;
	out[3] = d;
	g_strfreev(v);
}

static struct rgba
S_color(const char *s)
{
	unsigned v = (unsigned)strtoul(s + 1, NULL, 16);

	if (strlen(s) == 4)     /* #RGB */
		v = ((v & 0xF00) << 12 | (v & 0xF00) << 8 | (v & 0xF0) << 8 |
		    (v & 0xF0) << 4 | (v & 0xF) << 4 | (v & 0xF));
	struct rgba c = { ((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0,
	    (v & 0xFF) / 255.0, 1.0 };

	return c;
}

/* "0.5pt #b7c5d5" */
static void
S_rule(const char *s, double *width, struct rgba *color)
{
	const char *sp = strchr(s, ' ');

	*width = layoutfile_length(s);
	*color = S_color(sp != NULL ? sp + 1 : "#000000");
}

static enum align
S_align(const char *s, enum align dflt)
{
	if (s == NULL)
		return dflt;
	if (strcmp(s, "center") == 0)
		return ALIGN_CENTER;
	if (strcmp(s, "right") == 0)
		return ALIGN_RIGHT;
	if (strcmp(s, "justify") == 0)
		return ALIGN_JUSTIFY;
	return ALIGN_LEFT;
}

static char **
S_paths(const char *s)
{
	return s != NULL ? g_strsplit(s, " ", -1) : NULL;
}

/* ---- Merging a layout into its base ---- */

static xmlNodePtr
S_find_id(xmlNodePtr n, const char *id)
{
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		const char *v;
		xmlNodePtr r;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if ((v = S_attr(c, "id")) != NULL && strcmp(v, id) == 0)
			return c;
		if ((r = S_find_id(c, id)) != NULL)
			return r;
	}
	return NULL;
}

/* Put node in place of old (or at the end of parent when old is NULL). */
static void
S_put(xmlNodePtr parent, xmlNodePtr old, xmlNodePtr node)
{
	xmlUnlinkNode(node);
	if (old != NULL) {
		xmlAddNextSibling(old, node);
		xmlUnlinkNode(old);
		xmlFreeNode(old);
	} else
		xmlAddChild(parent, node);
}

/* Where a new top element goes in the base: in schema order. */
static xmlNodePtr
S_before(xmlNodePtr root, const char *name)
{
	static const char *const order[] = { "page", "style", "header",
	    "footer", "body", "replace", "remove" };
	size_t rank = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(order); i++)
		if (strcmp(order[i], name) == 0)
			rank = i;
	for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (size_t i = rank + 1; i < G_N_ELEMENTS(order); i++)
			if (S_is(c, order[i]))
				return c;
	}
	return NULL;
}

static void
S_insert(xmlNodePtr root, xmlNodePtr node)
{
	xmlNodePtr before = S_before(root, (const char *)node->name);

	xmlUnlinkNode(node);
	if (before != NULL)
		xmlAddPrevSibling(before, node);
	else
		xmlAddChild(root, node);
}

/* Copy the attributes of from onto to, one by one; each copied
 * attribute remembers where it was written (see S_attr_loc). */
static void
S_override(xmlNodePtr to, const xmlNode *from)
{
	for (xmlAttrPtr a = from->properties; a != NULL; a = a->next)
		if (a->children != NULL) {
			xmlAttrPtr set = xmlSetProp(to, a->name,
			    a->children->content);

			if (set != NULL)
				set->_private = a->_private != NULL ?
				    a->_private : from->_private;
		}
}

static void
S_merge(struct loader *l, xmlNodePtr base, xmlNodePtr derived)
{
	xmlNodePtr next;

	xmlSetProp(base, BAD_CAST "name", BAD_CAST S_attr(derived, "name"));
	for (xmlNodePtr c = derived->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (S_is(c, "page") && S_child(base, "page") != NULL) {
			xmlNodePtr page = S_child(base, "page");

			S_override(page, c);
			/* Its values are the derived layout's now. */
			page->_private = c->_private;
		} else if (S_is(c, "style")) {
			xmlNodePtr old = NULL;

			for (xmlNodePtr s = base->children; s; s = s->next)
				if (S_is(s, "style") && strcmp(S_attr(s,
				    "name"), S_attr(c, "name")) == 0)
					old = s;
			if (old != NULL)
				S_override(old, c);
			else
				S_insert(base, c);
		} else if (S_is(c, "replace") || S_is(c, "remove")) {
			const char *ref = S_attr(c, "ref");
			xmlNodePtr target = S_find_id(base, ref);
			xmlNodePtr with = NULL;

			for (xmlNodePtr k = c->children; k; k = k->next)
				if (k->type == XML_ELEMENT_NODE)
					with = k;
			if (target == NULL)
				S_attr_error(l, c, "ref", "the base layout "
				    "has no element with the id '%s'", ref);
			else if (S_is(c, "remove")) {
				xmlUnlinkNode(target);
				xmlFreeNode(target);
			} else if (with != NULL)
				S_put(target->parent, target, with);
		} else {
			/* page (when the base has none), header, footer,
			 * body: the derived one replaces the base's. */
			xmlNodePtr old = S_child(base, (const char *)c->name);

			if (old != NULL)
				S_put(base, old, c);
			else
				S_insert(base, c);
		}
	}
}

/* The file a base="" names, relative to the file that names it. */
static char *
S_base_path(const struct loader *l, const char *from, const char *base)
{
	if (strchr(base, '/') == NULL && !g_str_has_suffix(base, ".xml"))
		return layoutfile_resolve(l->layouts_dir, base);
	if (g_path_is_absolute(base))
		return g_strdup(base);
	{
		char *dir = g_path_get_dirname(from);
		char *p = g_build_filename(dir, base, NULL);

		g_free(dir);
		return p;
	}
}

/* A base that does not exist: say so at the layout that names it. */
static void
S_no_base(struct loader *l, const xmlNode *root, const char *base,
    const char *path)
{
	GDir *dir;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *e, *near;

	if (strchr(base, '/') != NULL || g_str_has_suffix(base, ".xml")) {
		S_attr_error(l, root, "base", "base=\"%s\": %s (%s)", base,
		    g_file_test(path, G_FILE_TEST_IS_DIR) ? "a folder, not a "
		    "layout file" : g_file_test(path, G_FILE_TEST_EXISTS) ?
		    "not a file" : "no such file", path);
		g_ptr_array_free(names, TRUE);
		return;
	}
	if ((dir = g_dir_open(l->layouts_dir, 0, NULL)) != NULL) {
		while ((e = g_dir_read_name(dir)) != NULL)
			if (g_str_has_suffix(e, ".xml"))
				g_ptr_array_add(names, g_strndup(e,
				    strlen(e) - 4));
		g_dir_close(dir);
	}
	near = suggest_closest(base, (char *const *)names->pdata, names->len);
	if (near != NULL)
		S_attr_error(l, root, "base", "base=\"%s\": there is no "
		    "built-in layout of that name (did you mean '%s'?)", base,
		    near);
	else
		S_attr_error(l, root, "base", "base=\"%s\": there is no "
		    "built-in layout of that name; see ucapgen --list-layouts",
		    base);
	g_ptr_array_free(names, TRUE);
}

/* Read a file and, first, the layouts it is based on; returns the merged
 * root element, or NULL. */
static xmlNodePtr
S_load_chain(struct loader *l, const char *path, int depth, GPtrArray *seen)
{
	xmlDocPtr doc = S_read(l, path);
	xmlNodePtr root, base_root;
	const char *base;
	char *bpath, *canon;

	if (doc == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	base = S_attr(root, "base");
	if (base == NULL)
		return root;
	bpath = S_base_path(l, path, base);
	if (!g_file_test(bpath, G_FILE_TEST_IS_REGULAR)) {
		S_no_base(l, root, base, bpath);
		g_free(bpath);
		return NULL;
	}
	canon = g_canonicalize_filename(bpath, NULL);
	for (guint i = 0; i < seen->len; i++)
		if (strcmp(seen->pdata[i], canon) == 0) {
			S_error(l, root, "layout '%s' is based on itself "
			    "(through '%s')", S_attr(root, "name"), base);
			g_free(canon);
			g_free(bpath);
			return NULL;
		}
	if (depth >= MAX_BASES) {
		S_error(l, root, "more than %d layouts are based on each "
		    "other here", MAX_BASES);
		g_free(canon);
		g_free(bpath);
		return NULL;
	}
	g_ptr_array_add(seen, canon);
	base_root = S_load_chain(l, bpath, depth + 1, seen);
	g_free(bpath);
	if (base_root == NULL) {
		if (l->ok)
			S_error(l, root, "cannot use the base layout '%s'",
			    base);
		return NULL;
	}
	S_merge(l, base_root, root);
	return base_root;
}

/* ---- Styles ---- */

static void
S_style_free(gpointer p)
{
	struct lstyle *s = p;

	g_free(s->name);
	g_free(s->font);
	g_free(s->marker);
	g_free(s);
}

/* Apply the properties a style element sets over those of its base. */
static void
S_apply(struct lstyle *s, const xmlNode *n)
{
	const char *v;

	if ((v = S_attr(n, "font")) != NULL) {
		g_free(s->font);
		s->font = g_strdup(v);
	}
	if ((v = S_attr(n, "size")) != NULL)
		s->size = layoutfile_length(v);
	if ((v = S_attr(n, "weight")) != NULL)
		s->bold = strcmp(v, "bold") == 0;
	if ((v = S_attr(n, "slant")) != NULL)
		s->italic = strcmp(v, "italic") == 0;
	if ((v = S_attr(n, "color")) != NULL)
		s->color = S_color(v);
	if ((v = S_attr(n, "line-height")) != NULL)
		s->line_height = g_ascii_strtod(v, NULL);
	s->align = S_align(S_attr(n, "align"), s->align);
	if ((v = S_attr(n, "space-before")) != NULL)
		s->space_before = layoutfile_length(v);
	if ((v = S_attr(n, "space-after")) != NULL)
		s->space_after = layoutfile_length(v);
	if ((v = S_attr(n, "paragraph-spacing")) != NULL)
		s->para_spacing = layoutfile_length(v);
	if ((v = S_attr(n, "background")) != NULL) {
		s->has_background = true;
		s->background = S_color(v);
	}
	if ((v = S_attr(n, "padding")) != NULL)
		S_box(v, s->padding);
	if ((v = S_attr(n, "border")) != NULL)
		S_rule(v, &s->border, &s->border_color);
	if ((v = S_attr(n, "marker")) != NULL) {
		g_free(s->marker);
		s->marker = g_strdup(v);
	}
	if ((v = S_attr(n, "indent")) != NULL)
		s->indent = layoutfile_length(v);
	if ((v = S_attr(n, "hanging-indent")) != NULL)
		s->hanging = layoutfile_length(v);
	if ((v = S_attr(n, "wrap")) != NULL)
		s->balance = strcmp(v, "balance") == 0;
}

/* The largest font size (Pango's sizes end near 2 million points; no
 * page needs more than this). */
#define STYLE_MAX_SIZE 1000

/* Styles based on others this deep at most (a stack guard). */
#define STYLE_DEPTH 64

/* Whether name is in the chain of styles being resolved: a loop of
 * bases, said at the first style of the loop. */
static bool
S_style_loop(struct loader *l, const char *name, GPtrArray *chain)
{
	GString *via = g_string_new(NULL);
	guint i = 0;

	while (i < chain->len && strcmp(chain->pdata[i], name) != 0)
		i++;
	if (i == chain->len) {
		g_string_free(via, TRUE);
		return false;
	}
	for (guint k = i + 1; k < chain->len; k++)
		g_string_append_printf(via, "%s'%s'", k > i + 1 ? ", " : "",
		    (const char *)chain->pdata[k]);
	S_error(l, g_hash_table_lookup(l->nodes, name), "style '%s' is based "
	    "on itself%s%s%s", name, via->len > 0 ? " (through " : "", via->str,
	    via->len > 0 ? ")" : "");
	g_string_free(via, TRUE);
	return true;
}

/* Resolve a style and its bases; chain holds the styles whose bases are
 * being resolved (borrowed names), to find a loop. */
static const struct lstyle *
S_style(struct loader *l, const char *name, GPtrArray *chain)
{
	struct lstyle *s = g_hash_table_lookup(l->lf->styles, name);
	const xmlNode *n;
	const char *base;

	if (s != NULL)
		return s;
	n = g_hash_table_lookup(l->nodes, name);
	if (n == NULL || S_style_loop(l, name, chain))
		return NULL;
	if (chain->len >= STYLE_DEPTH) {
		S_error(l, n, "style '%s' is based on a style that is based on "
		    "another, and so on, more than %d deep; base it on one "
		    "nearer the start", name, STYLE_DEPTH);
		return NULL;
	}
	s = g_new0(struct lstyle, 1);
	base = S_attr(n, "base");
	if (base != NULL) {
		const struct lstyle *b;

		g_ptr_array_add(chain, (gpointer)name);
		b = S_style(l, base, chain);
		g_ptr_array_set_size(chain, chain->len - 1);

		if (b == NULL && g_hash_table_lookup(l->nodes, base) == NULL)
			S_attr_error(l, n, "base", "style '%s' is based on "
			    "'%s', and no style has that name", name, base);
		if (b != NULL) {
			*s = *b;
			s->font = g_strdup(b->font);
			s->marker = g_strdup(b->marker);
		}
		/* In a cycle of bases, a deeper call made this style. */
		if (g_hash_table_lookup(l->lf->styles, name) != NULL) {
			s->name = NULL;
			S_style_free(s);
			return g_hash_table_lookup(l->lf->styles, name);
		}
	}
	if (s->font == NULL) {
		s->font = g_strdup("Noto Sans");
		s->size = 10;
		s->line_height = 1.0;
		s->color.a = 1;
	}
	s->name = g_strdup(name);
	if (S_attr(n, "font") != NULL)
		s->font_loc = S_attr_loc(l, n, "font");
	if (S_attr(n, "padding") != NULL)
		s->padding_loc = S_attr_loc(l, n, "padding");
	if (S_attr(n, "hanging-indent") != NULL)
		s->hanging_loc = S_attr_loc(l, n, "hanging-indent");
	S_apply(s, n);
	if (S_attr(n, "size") != NULL && s->size > STYLE_MAX_SIZE) {
		struct lloc at = S_attr_loc(l, n, "size");

		diags_add(l->diags, SEV_ERROR, at.file, at.pos, "size=\"%s\" "
		    "is too large: a font is at most %dpt", S_attr(n, "size"),
		    STYLE_MAX_SIZE);
		l->ok = false;
		s->size = STYLE_MAX_SIZE;
	}
	g_hash_table_insert(l->lf->styles, s->name, s);
	return s;
}

/* A style attribute of an element, resolved; NULL when not given. */
static const struct lstyle *
S_style_attr(struct loader *l, const xmlNode *n, const char *attr)
{
	const char *name = S_attr(n, attr);
	const struct lstyle *s;

	if (name == NULL)
		return NULL;
	s = g_hash_table_lookup(l->lf->styles, name);
	if (s == NULL)
		S_attr_error(l, n, attr, "%s=\"%s\": no style has that name",
		    attr, name);
	return s;
}

/* Each step of each path of an attribute must be a key plans have. */
static void
S_check_paths(struct loader *l, const xmlNode *n, const char *attr)
{
	const char *v = S_attr(n, attr);
	char **steps;

	if (v == NULL || l->plan_keys == NULL)
		return;
	steps = g_regex_split_simple("[ /|]+", v, 0, 0);
	for (char **s = steps; *s != NULL; s++) {
		const char *near;

		if (**s == '\0' || g_hash_table_contains(l->plan_keys, *s))
			continue;
		near = suggest_closest(*s, (char *const *)l->key_list->pdata,
		    l->key_list->len);
		if (near != NULL)
			S_attr_error(l, n, attr, "%s=\"%s\": plans have no key "
			    "'%s' (did you mean '%s'?)", attr, v, *s, near);
		else
			S_attr_error(l, n, attr, "%s=\"%s\": plans have no key "
			    "'%s'; see the plan's schema (gen/plan.xsd)", attr, v,
			    *s);
	}
	g_strfreev(steps);
}

/* A catalog text's {words} must all be given: by <arg>, or, in a page's
 * header or footer, {page} and {pages}. */
static void
S_check_words(struct loader *l, const xmlNode *n, const char *key)
{
	const char *t = key != NULL ? catalog_key(l->cat, key) : NULL;

	for (const char *p = t; p != NULL && (p = strchr(p, '{')) != NULL;
	    p++) {
		const char *e = strchr(p, '}');
		char *word;
		bool given = false;

		if (e == NULL)
			break;
		word = g_strndup(p + 1, (gsize)(e - p - 1));
		given = strcmp(word, "page") == 0 ||
		    strcmp(word, "pages") == 0;
		for (xmlNodePtr c = n->children; c != NULL && !given;
		    c = c->next)
			given = S_is(c, "arg") && S_attr(c, "name") != NULL &&
			    strcmp(S_attr(c, "name"), word) == 0;
		if (!given)
			S_attr_error(l, n, "key", "key=\"%s\": its text has "
			    "{%s}; give it with <arg name=\"%s\" path=\"…\"/>",
			    key, word, word);
		g_free(word);
	}
}

static void
S_check_key(struct loader *l, const xmlNode *n, const char *attr)
{
	const char *key = S_attr(n, attr);

	const char *near;

	if (key == NULL || catalog_key(l->cat, key) != NULL)
		return;
	if ((near = catalog_closest_key(l->cat, key)) != NULL)
		S_attr_error(l, n, attr, "%s=\"%s\": the string catalog has "
		    "no text for this key (did you mean '%s'?)", attr, key, near);
	else
		S_attr_error(l, n, attr, "%s=\"%s\": the string catalog has "
		    "no text for this key", attr, key);
}

static bool S_page_ok(const struct layoutfile *, struct diags *,
    struct lloc);

/* ---- Blocks and the items that hold them ---- */

static void
S_block_free(gpointer p)
{
	struct block *b = p;

	if (b == NULL)
		return;
	g_strfreev(b->when);
	g_free(b->key);
	if (b->args != NULL) {
		for (guint i = 0; i < b->args->len; i++) {
			struct larg *a = &g_array_index(b->args, struct larg, i);

			g_free(a->name);
			g_free(a->path);
		}
		g_array_free(b->args, TRUE);
	}
	g_free(b->path);
	g_free(b->missing);
	g_free(b->prefix);
	g_free(b->alt);
	g_free(b->none);
	g_free(b->separator);
	g_free(b->heading);
	g_free(b->body);
	g_free(b);
}

static enum format
S_format(struct loader *l, const xmlNode *n)
{
	const char *f = S_attr(n, "format");
	enum format fmt = FMT_TEXT;

	if (f != NULL && !format_from_name(f, &fmt))
		S_error(l, n, "unknown format '%s'", f);
	return fmt;
}

static const struct {
	const char *name;
	enum block_kind kind;
} S_kinds[] = {
	{ "text", BLOCK_TEXT }, { "value", BLOCK_VALUE },
	{ "list", BLOCK_LIST }, { "rich", BLOCK_RICH },
	{ "sections", BLOCK_SECTIONS }, { "timeline", BLOCK_TIMELINE },
	{ "sdgs", BLOCK_SDGS }, { "image", BLOCK_IMAGE },
};

static struct block *
S_block(struct loader *l, const xmlNode *n)
{
	struct block *b = NULL;
	const char *v;

	for (size_t i = 0; i < G_N_ELEMENTS(S_kinds); i++)
		if (S_is(n, S_kinds[i].name)) {
			b = g_new0(struct block, 1);
			b->kind = S_kinds[i].kind;
		}
	if (b == NULL)
		return NULL;
	b->loc = S_loc(l, n);
	b->style = S_style_attr(l, n, "style");
	b->when = S_paths(S_attr(n, "when"));
	b->key = g_strdup(S_attr(n, "key"));
	S_check_key(l, n, "key");
	if (b->kind == BLOCK_TEXT)
		S_check_words(l, n, b->key);
	S_check_paths(l, n, "path");
	S_check_paths(l, n, "when");
	S_check_paths(l, n, "heading");
	S_check_paths(l, n, "body");
	b->path = g_strdup(S_attr(n, "path"));
	b->format = S_format(l, n);
	b->missing = g_strdup(S_attr(n, "missing"));
	S_check_key(l, n, "missing");
	b->prefix = g_strdup(S_attr(n, "prefix"));
	S_check_key(l, n, "prefix");
	b->alt = g_strdup(S_attr(n, "alt"));
	S_check_key(l, n, "alt");
	v = S_attr(n, "role");
	b->role = v == NULL ? BROLE_DEFAULT : strcmp(v, "h1") == 0 ? BROLE_H1 :
	    strcmp(v, "h2") == 0 ? BROLE_H2 : strcmp(v, "h3") == 0 ? BROLE_H3 :
	    strcmp(v, "p") == 0 ? BROLE_P : BROLE_ARTIFACT;
	b->none = g_strdup(S_attr(n, "none"));
	S_check_key(l, n, "none");
	v = S_attr(n, "join");
	b->join_inline = v != NULL && strcmp(v, "inline") == 0;
	v = S_attr(n, "separator");
	b->separator = g_strdup(v != NULL ? v : ", ");
	if ((v = S_attr(n, "link")) != NULL)
		b->link = strcmp(v, "mailto") == 0 ? LINK_MAILTO : LINK_URL;
	b->heading = g_strdup(S_attr(n, "heading"));
	b->body = g_strdup(S_attr(n, "body"));
	b->heading_style = S_style_attr(l, n, "heading-style");
	b->when_style = S_style_attr(l, n, "when-style");
	if (S_attr(n, "list-style") != NULL)
		b->list_style = S_style_attr(l, n, "list-style");
	else
		b->list_style = g_hash_table_lookup(l->lf->styles, "bullets");
	v = S_attr(n, "form");
	b->badges = v != NULL && strcmp(v, "badges") == 0;
	if ((v = S_attr(n, "size")) != NULL)
		b->size = layoutfile_length(v);
	if ((v = S_attr(n, "width")) != NULL && strcmp(v, "*") != 0)
		b->width = layoutfile_length(v);
	if ((v = S_attr(n, "height")) != NULL)
		b->height = layoutfile_length(v);
	if ((v = S_attr(n, "float")) != NULL)
		b->floating = strcmp(v, "left") == 0 ? SIDE_LEFT : SIDE_RIGHT;
	if (b->kind == BLOCK_TEXT) {
		b->args = g_array_new(FALSE, TRUE, sizeof(struct larg));
		for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
			struct larg a;

			if (!S_is(c, "arg"))
				continue;
			a.name = g_strdup(S_attr(c, "name"));
			a.path = g_strdup(S_attr(c, "path"));
			S_check_paths(l, c, "path");
			a.format = S_format(l, c);
			g_array_append_val(b->args, a);
		}
	}
	return b;
}

static GPtrArray *
S_blocks(struct loader *l, const xmlNode *n)
{
	GPtrArray *v = g_ptr_array_new_with_free_func(S_block_free);

	for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
		struct block *b = S_block(l, k);

		if (b != NULL)
			g_ptr_array_add(v, b);
	}
	return v;
}

static void
S_cell_free(gpointer p)
{
	struct lcell *c = p;

	g_ptr_array_free(c->blocks, TRUE);
	g_free(c);
}

/* The style with another alignment, owned by the layout. */
static const struct lstyle *
S_aligned(struct loader *l, const struct lstyle *s, enum align align)
{
	struct lstyle *d;

	if (s == NULL || s->align == align)
		return s;
	d = g_new(struct lstyle, 1);
	*d = *s;
	d->name = g_strdup(s->name);
	d->font = g_strdup(s->font);
	d->marker = g_strdup(s->marker);
	d->align = align;
	g_ptr_array_add(l->lf->derived, d);
	return d;
}

/*
 * A cell of a band or, in_table, of a table's row.  A band lays its
 * cells out by their widths; a table's columns give its cells theirs, so
 * a width there is an error.  A table cell's align becomes its style's,
 * for the blocks that do not name a style of their own.
 */
static struct lcell *
S_cell(struct loader *l, const xmlNode *n, const struct lstyle *dflt,
    bool in_table)
{
	struct lcell *c = g_new0(struct lcell, 1);
	const char *w = S_attr(n, "width");
	const struct lstyle *s = S_style_attr(l, n, "style");

	c->style = s != NULL ? s : dflt;
	if (in_table && w != NULL)
		S_attr_error(l, n, "width", "width=\"%s\": a table's cells "
		    "take their widths from the table's columns", w);
	c->width = w != NULL && strcmp(w, "*") != 0 ? layoutfile_length(w) : 0;
	c->align = S_align(S_attr(n, "align"), c->style != NULL ?
	    c->style->align : ALIGN_LEFT);
	if (in_table)
		c->style = S_aligned(l, c->style, c->align);
	c->blocks = S_blocks(l, n);
	return c;
}

static void
S_band_free(struct lband *b)
{
	if (b == NULL)
		return;
	g_ptr_array_free(b->cells, TRUE);
	g_free(b);
}

/* A band's cell runs its words together on one line: it holds texts and
 * values only. */
static void
S_band_blocks(struct loader *l, const xmlNode *band, const xmlNode *cell)
{
	for (const xmlNode *k = cell->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE && !S_is(k, "text") &&
		    !S_is(k, "value"))
			S_error(l, k, "<%s> cannot be in a %s: its cells hold "
			    "<text> and <value> only", (const char *)k->name,
			    (const char *)band->name);
}

static struct lband *
S_band(struct loader *l, const xmlNode *n)
{
	struct lband *b = g_new0(struct lband, 1);
	const char *v;

	b->style = S_style_attr(l, n, "style");
	if (b->style == NULL)
		b->style = l->lf->body_style;
	if ((v = S_attr(n, "rule")) != NULL)
		S_rule(v, &b->rule, &b->rule_color);
	v = S_attr(n, "gap");
	b->gap = v != NULL ? layoutfile_length(v) : 7;
	b->gap_loc = v != NULL ? S_attr_loc(l, n, "gap") : S_loc(l, n);
	v = S_attr(n, "pages");
	b->pages = v == NULL || strcmp(v, "all") == 0 ? PAGES_ALL :
	    strcmp(v, "first") == 0 ? PAGES_FIRST :
	    strcmp(v, "rest") == 0 ? PAGES_REST : PAGES_NONE;
	b->cells = g_ptr_array_new_with_free_func(S_cell_free);
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		if (!S_is(c, "cell"))
			continue;
		S_band_blocks(l, n, c);
		g_ptr_array_add(b->cells, S_cell(l, c, b->style, false));
	}
	return b;
}

static void
S_row_free(gpointer p)
{
	struct lrow *row = p;

	g_free(row->label);
	g_strfreev(row->when);
	g_ptr_array_free(row->cells, TRUE);
	g_free(row);
}

static void
S_table_free(struct ltable *t)
{
	if (t == NULL)
		return;
	g_strfreev(t->columns);
	g_ptr_array_free(t->rows, TRUE);
	g_free(t);
}

static struct ltable *
S_table(struct loader *l, const xmlNode *n)
{
	struct ltable *t = g_new0(struct ltable, 1);
	const char *v;

	t->loc = S_loc(l, n);
	t->columns = g_strsplit(S_attr(n, "columns"), " ", -1);
	t->ncolumns = (int)g_strv_length(t->columns);
	if (t->ncolumns < 2)
		S_error(l, n, "a table needs a label column and at least one "
		    "value column");
	t->label_style = S_style_attr(l, n, "label-style");
	t->cell_style = S_style_attr(l, n, "cell-style");
	t->rule_style = S_style_attr(l, n, "rule-style");
	t->continued_style = S_style_attr(l, n, "continued-style");
	if ((v = S_attr(n, "space-after")) != NULL)
		t->space_after = layoutfile_length(v);
	t->rows = g_ptr_array_new_with_free_func(S_row_free);
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		struct lrow *row;

		if (!S_is(c, "row"))
			continue;
		row = g_new0(struct lrow, 1);
		row->loc = S_loc(l, c);
		row->label = g_strdup(S_attr(c, "label"));
		S_check_key(l, c, "label");
		row->when = S_paths(S_attr(c, "when"));
		S_check_paths(l, c, "when");
		v = S_attr(c, "keep-together");
		row->keep_together = v != NULL && (strcmp(v, "true") == 0 ||
		    strcmp(v, "1") == 0);
		row->cells = g_ptr_array_new_with_free_func(S_cell_free);
		for (xmlNodePtr k = c->children; k != NULL; k = k->next)
			if (S_is(k, "cell"))
				g_ptr_array_add(row->cells,
				    S_cell(l, k, t->cell_style, true));
		if ((int)row->cells->len > t->ncolumns - 1)
			S_error(l, c, "this row has %u cells, and the table "
			    "%d value columns", row->cells->len,
			    t->ncolumns - 1);
		g_ptr_array_add(t->rows, row);
	}
	return t;
}

static void
S_section_free(struct lsection *s)
{
	if (s == NULL)
		return;
	g_free(s->title);
	g_strfreev(s->when);
	g_ptr_array_free(s->blocks, TRUE);
	g_free(s);
}

static struct lsection *
S_section(struct loader *l, const xmlNode *n)
{
	struct lsection *s = g_new0(struct lsection, 1);

	s->title = g_strdup(S_attr(n, "title"));
	S_check_key(l, n, "title");
	s->title_style = S_style_attr(l, n, "title-style");
	s->style = S_style_attr(l, n, "style");
	if (s->style == NULL)
		s->style = l->lf->body_style;
	if (s->title_style == NULL)
		s->title_style = s->style;
	s->when = S_paths(S_attr(n, "when"));
	S_check_paths(l, n, "when");
	s->blocks = S_blocks(l, n);
	return s;
}

static void
S_frame_free(struct lframe *f)
{
	if (f == NULL)
		return;
	g_strfreev(f->when);
	g_ptr_array_free(f->blocks, TRUE);
	g_free(f);
}

static struct lframe *
S_frame(struct loader *l, const xmlNode *n)
{
	struct lframe *f = g_new0(struct lframe, 1);
	const char *v;

	f->loc = S_loc(l, n);
	f->x = layoutfile_length(S_attr(n, "x"));
	f->y = layoutfile_length(S_attr(n, "y"));
	f->width = layoutfile_length(S_attr(n, "width"));
	f->height = layoutfile_length(S_attr(n, "height"));
	f->style = S_style_attr(l, n, "style");
	if (f->style == NULL)
		f->style = l->lf->body_style;
	v = S_attr(n, "fit");
	f->shrink = v != NULL && strcmp(v, "shrink") == 0;
	v = S_attr(n, "min-size");
	f->min_size = v != NULL ? layoutfile_length(v) : 6;
	v = S_attr(n, "valign");
	f->valign = v == NULL || strcmp(v, "top") == 0 ? VALIGN_TOP :
	    strcmp(v, "middle") == 0 ? VALIGN_MIDDLE : VALIGN_BOTTOM;
	f->when = S_paths(S_attr(n, "when"));
	S_check_paths(l, n, "when");
	f->blocks = S_blocks(l, n);
	if (f->x + f->width > l->lf->page_w + 0.01 ||
	    f->y + f->height > l->lf->page_h + 0.01)
		S_error(l, n, "this frame reaches beyond the page (%.0f × %.0f "
		    "pt)", l->lf->page_w, l->lf->page_h);
	if (f->width < 12 || f->height < 6)
		S_error(l, n, "this frame is too small to hold text");
	return f;
}

static void
S_item_free(gpointer p)
{
	struct litem *it = p;

	S_block_free(it->block);
	S_table_free(it->table);
	S_section_free(it->section);
	S_frame_free(it->frame);
	g_free(it);
}

/* One side of a WIDTHxHEIGHT paper size: a number above zero and its
 * unit (mm, in or pt), spaces around; into *len in points.  Returns
 * what follows, or NULL. */
static const char *
S_paper_side(const char *s, double *len)
{
	char *end;
	double v;

	while (*s == ' ')
		s++;
	/* Digits and a point only (strtod would take 0x100 and 1e3). */
	if (!g_ascii_isdigit(*s) || strspn(s, "0123456789.") == 0)
		return NULL;
	v = g_ascii_strtod(s, &end);
	if ((size_t)(end - s) != strspn(s, "0123456789."))
		return NULL;
	while (*end == ' ')
		end++;
	if (!(v > 0) || !(g_str_has_prefix(end, "mm") ||
	    g_str_has_prefix(end, "in") || g_str_has_prefix(end, "pt")))
		return NULL;
	*len = layoutfile_length(s);
	end += 2;
	while (*end == ' ')
		end++;
	return end;
}

bool
layoutfile_paper(const char *size, double *w, double *h)
{
	const char *x;

	if (g_ascii_strcasecmp(size, "A4") == 0) {
		*w = 595.276;
		*h = 841.89;
	} else if (g_ascii_strcasecmp(size, "A5") == 0) {
		*w = 419.528;
		*h = 595.276;
	} else if (g_ascii_strcasecmp(size, "A3") == 0) {
		*w = 841.89;
		*h = 1190.551;
	} else if (g_ascii_strcasecmp(size, "Letter") == 0) {
		*w = 612;
		*h = 792;
	} else if (g_ascii_strcasecmp(size, "Legal") == 0) {
		*w = 612;
		*h = 1008;
	} else
		return (x = S_paper_side(size, w)) != NULL && *x == 'x' &&
		    (x = S_paper_side(x + 1, h)) != NULL && *x == '\0';
	return true;
}

static void
S_page(struct loader *l, const xmlNode *n, const xmlNode *root)
{
	const char *size = n != NULL ? S_attr(n, "size") : NULL;
	const char *orient = n != NULL ? S_attr(n, "orientation") : NULL;
	const char *margin = n != NULL ? S_attr(n, "margin") : NULL;
	double w = 0, h = 0;

	if (size == NULL || margin == NULL) {
		S_error(l, n != NULL ? n : root, "the layout gives no page %s "
		    "(<page size=\"A4\" "
		    "margin=\"15mm\"/>)", size == NULL ? "size" : "margin");
		return;
	}
	layoutfile_paper(size, &w, &h);
	l->lf->landscape = orient != NULL && strcmp(orient, "landscape") == 0;
	if ((l->lf->landscape && h > w) || (orient != NULL &&
	    strcmp(orient, "portrait") == 0 && w > h)) {
		double t = w;

		w = h;
		h = t;
	}
	l->lf->page_w = w;
	l->lf->page_h = h;
	S_box(margin, l->lf->margin);
	if (!S_page_ok(l->lf, l->diags, S_loc(l, n)))
		l->ok = false;
}

/* Whether the page and its margins leave room; a message if not. */
static bool
S_page_ok(const struct layoutfile *lf, struct diags *diags, struct lloc loc)
{
	double w = lf->page_w, h = lf->page_h;

	if (w < 144 || h < 144 || w > 14400 || h > 14400) {
		diags_add(diags, SEV_ERROR, loc.file, loc.pos, "the page is "
		    "%.0f × %.0f pt; a page is 2 to 200 inches a side", w, h);
		return false;
	}
	if (lf->margin[1] + lf->margin[3] > w - 72 ||
	    lf->margin[0] + lf->margin[2] > h - 72) {
		diags_add(diags, SEV_ERROR, loc.file, loc.pos, "the margins "
		    "leave less than an inch of page");
		return false;
	}
	return true;
}

bool
layoutfile_set_paper(struct layoutfile *lf, const char *size,
    struct diags *diags)
{
	struct lloc loc = { lf->files->pdata[0], { 0, 0 } };
	double w, h;

	if (!layoutfile_paper(size, &w, &h)) {
		diags_add(diags, SEV_ERROR, NULL, loc.pos, "unknown paper "
		    "size '%s'; use A3, A4, A5, Letter, Legal or WIDTHxHEIGHT "
		    "in mm, in or pt (such as 176mmx250mm)", size);
		return false;
	}
	for (guint i = 0; i < lf->items->len; i++)
		if (((struct litem *)lf->items->pdata[i])->frame != NULL) {
			diags_add(diags, SEV_ERROR, loc.file, loc.pos, "the "
			    "layout '%s' puts boxes at fixed places on its "
			    "page; its paper size cannot change", lf->name);
			return false;
		}
	if ((lf->landscape && h > w) || (!lf->landscape && w > h)) {
		double t = w;

		w = h;
		h = t;
	}
	lf->page_w = w;
	lf->page_h = h;
	g_free(lf->paper);
	lf->paper = g_strdup(size);
	return S_page_ok(lf, diags, loc);
}

static void
S_body(struct loader *l, const xmlNode *n)
{
	struct layoutfile *lf = l->lf;
	const char *v = S_attr(n, "columns");
	bool flowing = false;

	lf->body_loc = S_loc(l, n);
	lf->columns = v != NULL ? atoi(v) : 1;
	v = S_attr(n, "column-gap");
	lf->column_gap = v != NULL ? layoutfile_length(v) : 12;
	v = S_attr(n, "balance");
	lf->balance = v == NULL || strcmp(v, "true") == 0 ||
	    strcmp(v, "1") == 0;
	for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
		struct litem *it;
		const char *span;

		if (k->type != XML_ELEMENT_NODE)
			continue;
		it = g_new0(struct litem, 1);
		span = S_attr(k, "span");
		it->span = span != NULL && strcmp(span, "all") == 0;
		if (S_is(k, "table"))
			it->table = S_table(l, k);
		else if (S_is(k, "section"))
			it->section = S_section(l, k);
		else if (S_is(k, "frame"))
			it->frame = S_frame(l, k);
		else
			it->block = S_block(l, k);
		if (it->frame == NULL) {
			if (it->span && flowing && lf->columns > 1)
				S_attr_error(l, k, "span", "span=\"all\" items "
				    "come before the items that flow in columns");
			flowing = flowing || !it->span;
		}
		g_ptr_array_add(lf->items, it);
	}
}

/* Read the merged tree into the structs. */
static void
S_build(struct loader *l, xmlNodePtr root)
{
	struct layoutfile *lf = l->lf;
	xmlNodePtr body = S_child(root, "body");
	GPtrArray *chain;

	lf->name = g_strdup(S_attr(root, "name"));
	l->nodes = g_hash_table_new(g_str_hash, g_str_equal);
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (S_is(c, "style"))
			g_hash_table_insert(l->nodes,
			    (gpointer)S_attr(c, "name"), c);
	chain = g_ptr_array_new();
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (S_is(c, "style"))
			S_style(l, S_attr(c, "name"), chain);
	g_ptr_array_free(chain, TRUE);
	lf->body_style = g_hash_table_lookup(lf->styles, "body");
	if (lf->body_style == NULL)
		S_error(l, root, "the layout has no style named 'body', the "
		    "style of text no other style is given for");
	S_page(l, S_child(root, "page"), root);
	if (body == NULL)
		S_error(l, root, "the layout has no <body>");
	if (!l->ok) {
		g_hash_table_destroy(l->nodes);
		return;
	}
	if (S_child(root, "header") != NULL)
		lf->header = S_band(l, S_child(root, "header"));
	if (S_child(root, "footer") != NULL)
		lf->footer = S_band(l, S_child(root, "footer"));
	S_body(l, body);
	g_hash_table_destroy(l->nodes);
}

static gint
S_cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

xmlSchemaPtr
layoutfile_schema(const char *xsd)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = xmlSchemaParse(pc);

	xmlSchemaFreeParserCtxt(pc);
	return schema;
}

struct layoutfile *
layoutfile_load(const char *file, const char *layouts_dir, const char *xsd,
    xmlSchemaPtr schema, const struct catalog *cat, GHashTable *plan_keys,
    struct diags *diags)
{
	struct layoutfile *lf = g_new0(struct layoutfile, 1);
	struct loader l = { 0 };
	xmlNodePtr root = NULL;
	GPtrArray *seen = g_ptr_array_new_with_free_func(g_free);
	struct srcpos none = { 0, 0 };

	lf->files = g_ptr_array_new_with_free_func(g_free);
	lf->styles = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    S_style_free);
	lf->derived = g_ptr_array_new_with_free_func(S_style_free);
	lf->items = g_ptr_array_new_with_free_func(S_item_free);
	lf->columns = 1;
	l.lf = lf;
	l.layouts_dir = layouts_dir;
	l.xsd = xsd;
	l.cat = cat;
	l.diags = diags;
	l.ok = true;
	l.docs = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeDoc);
	l.locs = g_ptr_array_new_with_free_func(g_free);
	l.raw = g_array_new(FALSE, FALSE, sizeof(struct rawerr));
	l.schema = schema;
	l.plan_keys = plan_keys;
	l.key_list = g_ptr_array_new();
	if (plan_keys != NULL) {
		GHashTableIter it;
		gpointer k;

		g_hash_table_iter_init(&it, plan_keys);
		while (g_hash_table_iter_next(&it, &k, NULL))
			g_ptr_array_add(l.key_list, k);
		/* In order: the same suggestion every run. */
		g_ptr_array_sort(l.key_list, S_cmp_str);
	}

	if (l.schema == NULL) {
		diags_add(diags, SEV_ERROR, xsd, none, "cannot read the layout "
		    "schema; is ucapgen installed completely?");
		l.ok = false;
	} else {
		g_ptr_array_add(seen, g_canonicalize_filename(file, NULL));
		root = S_load_chain(&l, file, 0, seen);
		/* After a merge that went wrong (an unknown id) the
		 * merged layout is still read, to report all at once;
		 * after an invalid file, not. */
		if (root != NULL && lf->files->len > 1) {
			bool merged_ok = l.ok;

			l.ok = true;
			S_revalidate(&l, root->doc);
			if (!l.ok)
				root = NULL;
			l.ok = l.ok && merged_ok;
		}
		if (root != NULL)
			S_build(&l, root);
		else
			l.ok = false;
	}
	g_ptr_array_free(seen, TRUE);
	/* The structs hold copies; the documents and their notes go. */
	g_ptr_array_free(l.docs, TRUE);
	g_ptr_array_free(l.locs, TRUE);
	g_array_free(l.raw, TRUE);
	g_ptr_array_free(l.key_list, TRUE);
	if (l.msg != NULL)
		layoutmsg_free(l.msg);
	if (!l.ok) {
		layoutfile_free(lf);
		return NULL;
	}
	return lf;
}

void
layoutfile_free(struct layoutfile *lf)
{
	if (lf == NULL)
		return;
	S_band_free(lf->header);
	S_band_free(lf->footer);
	g_ptr_array_free(lf->items, TRUE);
	g_hash_table_destroy(lf->styles);
	g_ptr_array_free(lf->derived, TRUE);
	g_ptr_array_free(lf->files, TRUE);
	g_free(lf->name);
	g_free(lf->paper);
	g_free(lf);
}

static gint
S_loc_cmp(gconstpointer a, gconstpointer b)
{
	const struct lstyle *x = *(const struct lstyle *const *)a;
	const struct lstyle *y = *(const struct lstyle *const *)b;
	int c = strcmp(x->font_loc.file, y->font_loc.file);

	if (c == 0)
		c = x->font_loc.pos.line - y->font_loc.pos.line;
	if (c == 0)
		c = x->font_loc.pos.col - y->font_loc.pos.col;
	return c;
}

int
layoutfile_check_fonts(const struct layoutfile *lf, const struct fonts *fonts,
    GHashTable *seen, bool strict, struct diags *diags)
{
	/* Without --strict the text is set in the next font that has it. */
	const char *then = strict ? "" : "; another is used";
	int unknown = 0;
	char *const *known = (char *const *)fonts->families->pdata;
	guint nknown = fonts->families->len;
	GPtrArray *styles = g_ptr_array_new();
	GHashTableIter it;
	gpointer v;

	g_hash_table_iter_init(&it, lf->styles);
	while (g_hash_table_iter_next(&it, NULL, &v))
		if (((struct lstyle *)v)->font_loc.file != NULL)
			g_ptr_array_add(styles, v);
	g_ptr_array_sort(styles, S_loc_cmp);
	for (guint i = 0; i < styles->len; i++) {
		const struct lstyle *s = styles->pdata[i];
		char **fams = g_strsplit(s->font, ",", -1);

		for (char **f = fams; *f != NULL; f++) {
			const char *fam = g_strstrip(*f), *near;
			char *key;

			if (*fam == '\0' || fonts_has_family(fonts, fam))
				continue;
			unknown++;
			key = g_strdup_printf("%s:%d:%d:%s", s->font_loc.file,
			    s->font_loc.pos.line, s->font_loc.pos.col, fam);
			if (!g_hash_table_add(seen, key))
				continue;
			near = suggest_closest(fam, known, nknown);
			if (near != NULL)
				diags_add(diags, SEV_WARNING, s->font_loc.file,
				    s->font_loc.pos, "font \"%s\" is not one of "
				    "the bundled fonts (did you mean \"%s\"?)%s",
				    fam, near, then);
			else {
				GString *all = g_string_new(NULL);

				for (guint k = 0; k < nknown; k++)
					g_string_append_printf(all, "%s%s",
					    k > 0 ? ", " : "", known[k]);
				diags_add(diags, SEV_WARNING, s->font_loc.file,
				    s->font_loc.pos, "font \"%s\" is not one of "
				    "the bundled fonts (%s)%s", fam, all->str, then);
				g_string_free(all, TRUE);
			}
		}
		g_strfreev(fams);
	}
	g_ptr_array_free(styles, TRUE);
	return unknown;
}

char *
layoutfile_resolve(const char *layouts_dir, const char *name)
{
	if (strchr(name, '/') != NULL || g_str_has_suffix(name, ".xml"))
		return g_strdup(name);
	{
		char *base = g_strconcat(name, ".xml", NULL);
		char *path = g_build_filename(layouts_dir, base, NULL);

		g_free(base);
		return path;
	}
}
