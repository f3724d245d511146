/*
 * layoutfile.c: reading and checking a layout file.
 *
 * Parses the XML, validates it against layouts/layout.xsd, resolves each
 * style through its bases, and builds the structs of layoutfile.h.  Owns
 * everything in a struct layoutfile.
 */
#include "layoutfile.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	struct layoutfile *lf;
	const struct catalog *cat;
	struct diags *diags;
	GHashTable *nodes;      /* style name -> its xmlNode */
	bool ok;
};

static void G_GNUC_PRINTF(3, 4)
S_error(struct reader *r, const xmlNode *n, const char *fmt, ...)
{
	va_list ap;
	struct srcpos pos = { n != NULL ? (int)xmlGetLineNo(n) : 0, 0 };

	va_start(ap, fmt);
	diags_addv(r->diags, SEV_ERROR, r->lf->file, pos, fmt, ap);
	va_end(ap);
	r->ok = false;
}

static const char *
S_attr(const xmlNode *n, const char *name)
{
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);

	if (a == NULL || a->children == NULL)
		return NULL;
	return (const char *)a->children->content;
}

static bool
S_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* "12mm", "4.5pt", "1in" in points (the schema checked the form). */
static double
S_length(const char *s)
{
	char *end;
	double v = g_ascii_strtod(s, &end);

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
	double a = n > 0 ? S_length(v[0]) : 0;
	double b = n > 1 ? S_length(v[1]) : a;
	double c = n > 2 ? S_length(v[2]) : a;
	double d = n > 3 ? S_length(v[3]) : b;

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
	struct rgba c = { ((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0,
	    (v & 0xFF) / 255.0, 1.0 };

	return c;
}

/* "0.5pt #b7c5d5" */
static void
S_rule(const char *s, double *width, struct rgba *color)
{
	const char *sp = strchr(s, ' ');

	*width = S_length(s);
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
		s->size = S_length(v);
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
		s->space_before = S_length(v);
	if ((v = S_attr(n, "space-after")) != NULL)
		s->space_after = S_length(v);
	if ((v = S_attr(n, "paragraph-spacing")) != NULL)
		s->para_spacing = S_length(v);
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
		s->indent = S_length(v);
}

/* Resolve a style and its bases; depth guards against a base cycle. */
static const struct lstyle *
S_style(struct reader *r, const char *name, int depth)
{
	struct lstyle *s = g_hash_table_lookup(r->lf->styles, name);
	const xmlNode *n;
	const char *base;

	if (s != NULL)
		return s;
	n = g_hash_table_lookup(r->nodes, name);
	if (n == NULL)
		return NULL;
	if (depth > 16) {
		S_error(r, n, "style '%s' is its own base", name);
		return NULL;
	}
	s = g_new0(struct lstyle, 1);
	base = S_attr(n, "base");
	if (base != NULL) {
		const struct lstyle *b = S_style(r, base, depth + 1);

		if (b != NULL) {
			*s = *b;
			s->font = g_strdup(b->font);
			s->marker = g_strdup(b->marker);
		}
	} else {
		s->font = g_strdup("Noto Sans");
		s->size = 10;
		s->line_height = 1.2;
		s->color.a = 1;
	}
	s->name = g_strdup(name);
	S_apply(s, n);
	g_hash_table_insert(r->lf->styles, s->name, s);
	return s;
}

/* A style attribute of an element, resolved; NULL when not given. */
static const struct lstyle *
S_style_attr(struct reader *r, const xmlNode *n, const char *attr)
{
	const char *name = S_attr(n, attr);
	const struct lstyle *s;

	if (name == NULL)
		return NULL;
	s = g_hash_table_lookup(r->lf->styles, name);
	if (s == NULL)
		S_error(r, n, "no style is named '%s'", name);
	return s;
}

static void
S_check_key(struct reader *r, const xmlNode *n, const char *key)
{
	if (key != NULL && catalog_key(r->cat, key) == NULL)
		S_error(r, n, "the string catalog has no text for the key "
		    "'%s'", key);
}

static char **
S_paths(const char *s)
{
	return s != NULL ? g_strsplit(s, " ", -1) : NULL;
}

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
	g_free(b->none);
	g_free(b->heading);
	g_free(b->body);
	g_free(b);
}

static enum format
S_format(struct reader *r, const xmlNode *n)
{
	const char *f = S_attr(n, "format");
	enum format fmt = FMT_TEXT;

	if (f != NULL && !format_from_name(f, &fmt))
		S_error(r, n, "unknown format '%s'", f);
	return fmt;
}

static struct block *
S_block(struct reader *r, const xmlNode *n)
{
	static const struct {
		const char *name;
		enum block_kind kind;
	} kinds[] = {
		{ "text", BLOCK_TEXT }, { "value", BLOCK_VALUE },
		{ "list", BLOCK_LIST }, { "rich", BLOCK_RICH },
		{ "sections", BLOCK_SECTIONS },
		{ "timeline", BLOCK_TIMELINE }, { "sdgs", BLOCK_SDGS },
	};
	struct block *b = NULL;
	const char *v;

	for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
		if (S_is(n, kinds[i].name)) {
			b = g_new0(struct block, 1);
			b->kind = kinds[i].kind;
		}
	if (b == NULL)
		return NULL;
	b->line = (int)xmlGetLineNo(n);
	b->style = S_style_attr(r, n, "style");
	b->when = S_paths(S_attr(n, "when"));
	b->key = g_strdup(S_attr(n, "key"));
	S_check_key(r, n, b->key);
	b->path = g_strdup(S_attr(n, "path"));
	b->format = S_format(r, n);
	b->missing = g_strdup(S_attr(n, "missing"));
	S_check_key(r, n, b->missing);
	b->none = g_strdup(S_attr(n, "none"));
	S_check_key(r, n, b->none);
	if ((v = S_attr(n, "link")) != NULL)
		b->link = strcmp(v, "mailto") == 0 ? LINK_MAILTO : LINK_URL;
	b->heading = g_strdup(S_attr(n, "heading"));
	b->body = g_strdup(S_attr(n, "body"));
	b->heading_style = S_style_attr(r, n, "heading-style");
	b->when_style = S_style_attr(r, n, "when-style");
	if (S_attr(n, "list-style") != NULL)
		b->list_style = S_style_attr(r, n, "list-style");
	else
		b->list_style = g_hash_table_lookup(r->lf->styles, "bullets");
	if (b->kind == BLOCK_TEXT) {
		b->args = g_array_new(FALSE, TRUE, sizeof(struct larg));
		for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
			struct larg a;

			if (!S_is(c, "arg"))
				continue;
			a.name = g_strdup(S_attr(c, "name"));
			a.path = g_strdup(S_attr(c, "path"));
			a.format = S_format(r, c);
			g_array_append_val(b->args, a);
		}
	}
	return b;
}

static void
S_cell_free(gpointer p)
{
	struct lcell *c = p;

	g_ptr_array_free(c->blocks, TRUE);
	g_free(c);
}

static struct lcell *
S_cell(struct reader *r, const xmlNode *n, const struct lstyle *dflt)
{
	struct lcell *c = g_new0(struct lcell, 1);
	const char *w = S_attr(n, "width");
	const struct lstyle *s = S_style_attr(r, n, "style");

	c->style = s != NULL ? s : dflt;
	c->width = w != NULL && strcmp(w, "*") != 0 ? S_length(w) : 0;
	c->align = S_align(S_attr(n, "align"), c->style != NULL ?
	    c->style->align : ALIGN_LEFT);
	c->blocks = g_ptr_array_new_with_free_func(S_block_free);
	for (xmlNodePtr k = n->children; k != NULL; k = k->next) {
		struct block *b = S_block(r, k);

		if (b != NULL)
			g_ptr_array_add(c->blocks, b);
	}
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

static struct lband *
S_band(struct reader *r, const xmlNode *n)
{
	struct lband *b = g_new0(struct lband, 1);
	const char *v;

	b->style = S_style_attr(r, n, "style");
	if (b->style == NULL)
		b->style = r->lf->body_style;
	if ((v = S_attr(n, "rule")) != NULL)
		S_rule(v, &b->rule, &b->rule_color);
	v = S_attr(n, "pages");
	b->pages = v == NULL || strcmp(v, "all") == 0 ? PAGES_ALL :
	    strcmp(v, "first") == 0 ? PAGES_FIRST : PAGES_REST;
	b->cells = g_ptr_array_new_with_free_func(S_cell_free);
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (S_is(c, "cell"))
			g_ptr_array_add(b->cells, S_cell(r, c, b->style));
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
	g_free(t->columns);
	g_ptr_array_free(t->rows, TRUE);
	g_free(t);
}

static struct ltable *
S_table(struct reader *r, const xmlNode *n)
{
	struct ltable *t = g_new0(struct ltable, 1);
	char **cols = g_strsplit(S_attr(n, "columns"), " ", -1);
	double content = r->lf->page_w - r->lf->margin[1] - r->lf->margin[3];
	double fixed = 0;
	int stars = 0;
	const char *v;

	t->ncolumns = (int)g_strv_length(cols);
	t->columns = g_new0(double, t->ncolumns);
	for (int i = 0; i < t->ncolumns; i++) {
		if (strcmp(cols[i], "*") == 0)
			stars++;
		else
			fixed += t->columns[i] = S_length(cols[i]);
	}
	for (int i = 0; i < t->ncolumns; i++)
		if (strcmp(cols[i], "*") == 0)
			t->columns[i] = (content - fixed) / stars;
	g_strfreev(cols);
	if (fixed > content || t->ncolumns < 2)
		S_error(r, n, "the columns (%.0f pt) do not fit the page's "
		    "width between its margins (%.0f pt)", fixed, content);
	for (int i = 0; i < t->ncolumns; i++)
		if (t->columns[i] < 36)
			S_error(r, n, "column %d is %.0f pt wide, too narrow "
			    "for text (at least 36 pt)", i + 1, t->columns[i]);
	t->label_style = S_style_attr(r, n, "label-style");
	t->cell_style = S_style_attr(r, n, "cell-style");
	t->rule_style = S_style_attr(r, n, "rule-style");
	t->continued_style = S_style_attr(r, n, "continued-style");
	t->rows = g_ptr_array_new_with_free_func(S_row_free);
	for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
		struct lrow *row;

		if (!S_is(c, "row"))
			continue;
		row = g_new0(struct lrow, 1);
		row->line = (int)xmlGetLineNo(c);
		row->label = g_strdup(S_attr(c, "label"));
		S_check_key(r, c, row->label);
		row->when = S_paths(S_attr(c, "when"));
		v = S_attr(c, "keep-together");
		row->keep_together = v != NULL && (strcmp(v, "true") == 0 ||
		    strcmp(v, "1") == 0);
		row->cells = g_ptr_array_new_with_free_func(S_cell_free);
		for (xmlNodePtr k = c->children; k != NULL; k = k->next)
			if (S_is(k, "cell"))
				g_ptr_array_add(row->cells,
				    S_cell(r, k, t->cell_style));
		if ((int)row->cells->len > t->ncolumns - 1)
			S_error(r, c, "this row has %u cells, and the table "
			    "%d value columns", row->cells->len,
			    t->ncolumns - 1);
		g_ptr_array_add(t->rows, row);
	}
	return t;
}

static void
S_item_free(gpointer p)
{
	struct litem *it = p;

	S_block_free(it->block);
	S_table_free(it->table);
	g_free(it);
}

static void
S_page(struct reader *r, const xmlNode *n)
{
	const char *size = S_attr(n, "size");
	const char *orient = S_attr(n, "orientation");
	double w = 595.276, h = 841.89;

	if (strcmp(size, "A5") == 0) {
		w = 419.528;
		h = 595.276;
	} else if (strcmp(size, "Letter") == 0) {
		w = 612;
		h = 792;
	} else if (strcmp(size, "A4") != 0) {
		const char *x = strchr(size, 'x');

		w = S_length(size);
		h = x != NULL ? S_length(x + 1) : w;
	}
	if (orient != NULL && strcmp(orient, "landscape") == 0 && h > w) {
		double t = w;

		w = h;
		h = t;
	}
	r->lf->page_w = w;
	r->lf->page_h = h;
	S_box(S_attr(n, "margin"), r->lf->margin);
	if (w < 144 || h < 144 || w > 14400 || h > 14400)
		S_error(r, n, "the page is %.0f × %.0f pt; pages are between 2 "
		    "and 200 inches a side", w, h);
	else if (r->lf->margin[1] + r->lf->margin[3] > w - 72 ||
	    r->lf->margin[0] + r->lf->margin[2] > h - 72)
		S_error(r, n, "the margins leave less than an inch of page");
}

/* Errors of the layout schema, with the line of the element. */
static void
S_schema_error(void *ctx, xmlErrorPtr e)
{
	struct reader *r = ctx;
	char *msg;
	const char *m;

	if (e == NULL || e->message == NULL ||
	    strstr(e->message, "No precomputed value") != NULL)
		return;
	m = e->message;
	if (g_str_has_prefix(m, "Element '{urn:ucapgen:layout:1}"))
		m += strlen("Element '{urn:ucapgen:layout:1}");
	msg = g_strchomp(g_strdup(m));
	{
		struct srcpos pos = { e->line, 0 };

		diags_add(r->diags, SEV_ERROR, r->lf->file, pos, "%s%s",
		    m != e->message ? "<" : "", msg);
	}
	g_free(msg);
	r->ok = false;
}

static bool
S_validate(struct reader *r, xmlDocPtr doc, const char *xsd)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaValidCtxtPtr vc;
	struct srcpos none = { 0, 0 };

	xmlSchemaFreeParserCtxt(pc);
	if (schema == NULL) {
		diags_add(r->diags, SEV_ERROR, xsd, none, "cannot read the "
		    "layout schema; is ucapgen installed completely?");
		return false;
	}
	vc = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidStructuredErrors(vc, S_schema_error, r);
	if (xmlSchemaValidateDoc(vc, doc) != 0)
		r->ok = false;
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	return r->ok;
}

static void
S_parse_error(void *ctx, xmlErrorPtr e)
{
	struct reader *r = ctx;
	struct srcpos pos = { e->line, e->int2 };
	char *msg = g_strchomp(g_strdup(e->message ? e->message : "error"));

	diags_add(r->diags, SEV_ERROR, r->lf->file, pos, "%s", msg);
	g_free(msg);
	r->ok = false;
}

static void
S_read(struct reader *r, xmlNodePtr root)
{
	struct layoutfile *lf = r->lf;

	lf->name = g_strdup(S_attr(root, "name"));
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (S_is(c, "style"))
			g_hash_table_insert(r->nodes,
			    (gpointer)S_attr(c, "name"), c);
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (S_is(c, "style"))
			S_style(r, S_attr(c, "name"), 0);
	lf->body_style = g_hash_table_lookup(lf->styles, "body");
	if (lf->body_style == NULL)
		S_error(r, root, "the layout has no style named 'body', the "
		    "base of the others");
	for (xmlNodePtr c = root->children; c != NULL && r->ok; c = c->next) {
		if (S_is(c, "page"))
			S_page(r, c);
		else if (S_is(c, "header"))
			lf->header = S_band(r, c);
		else if (S_is(c, "footer"))
			lf->footer = S_band(r, c);
		else if (S_is(c, "body")) {
			for (xmlNodePtr k = c->children; k; k = k->next) {
				struct litem *it;

				if (k->type != XML_ELEMENT_NODE)
					continue;
				it = g_new0(struct litem, 1);
				if (S_is(k, "table"))
					it->table = S_table(r, k);
				else
					it->block = S_block(r, k);
				g_ptr_array_add(lf->items, it);
			}
		}
	}
}

struct layoutfile *
layoutfile_load(const char *file, const char *xsd, const struct catalog *cat,
    struct diags *diags)
{
	struct layoutfile *lf = g_new0(struct layoutfile, 1);
	struct reader r = { lf, cat, diags, NULL, true };
	xmlParserCtxtPtr pc;
	xmlDocPtr doc;

	lf->file = g_strdup(file);
	lf->styles = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    S_style_free);
	lf->items = g_ptr_array_new_with_free_func(S_item_free);

	pc = xmlNewParserCtxt();
	xmlSetStructuredErrorFunc(&r, S_parse_error);
	doc = xmlCtxtReadFile(pc, file, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOBLANKS);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeParserCtxt(pc);
	if (doc == NULL || !r.ok) {
		struct srcpos none = { 0, 0 };

		if (r.ok)
			diags_add(diags, SEV_ERROR, file, none, "cannot read "
			    "the layout");
		if (doc != NULL)
			xmlFreeDoc(doc);
		layoutfile_free(lf);
		return NULL;
	}
	if (S_validate(&r, doc, xsd)) {
		r.nodes = g_hash_table_new(g_str_hash, g_str_equal);
		S_read(&r, xmlDocGetRootElement(doc));
		g_hash_table_destroy(r.nodes);
	}
	xmlFreeDoc(doc);
	if (!r.ok) {
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
	g_free(lf->name);
	g_free(lf->file);
	g_free(lf);
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
