/*
 * svgpost.c: the SVG cairo wrote, made fit to live inside a web page.
 *
 * Every id gets a prefix of the document's own and a number in order of
 * appearance (cairo numbers glyphs and clip paths with counters of the
 * process, so the same plan would otherwise give other ids in a batch,
 * and two summaries in one page would share them); the root gets a
 * viewBox, role="img", a <title> and a <desc>; and an invisible layer of
 * real <text> elements over the drawn lines lets the browser find,
 * select and read the words.  Owns nothing after it returns.
 */
#include "svgpost.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pango/pango.h>
#include <string.h>

#define SVG_NS "http://www.w3.org/2000/svg"
#define XLINK_NS "http://www.w3.org/1999/xlink"

/* Replace every "#old" reference of an attribute value. */
static char *
S_rewrite(const char *value, GHashTable *ids)
{
	GString *s = g_string_new(NULL);
	const char *p = value;

	while (*p != '\0') {
		const char *hash = strchr(p, '#');
		const char *e;
		char *name, *to;

		if (hash == NULL) {
			g_string_append(s, p);
			break;
		}
		g_string_append_len(s, p, hash - p);
		e = hash + 1;
		while (*e != '\0' && *e != ')' && *e != '"' && *e != '\'' &&
		    *e != ' ' && *e != ';')
			e++;
		name = g_strndup(hash + 1, (gsize)(e - hash - 1));
		to = g_hash_table_lookup(ids, name);
		g_string_append_c(s, '#');
		g_string_append(s, to != NULL ? to : name);
		g_free(name);
		p = e;
	}
	return g_string_free(s, FALSE);
}

/* Give each id its new name, in document order. */
static void
S_collect(xmlNodePtr n, GHashTable *ids, const char *prefix, int *count)
{
	for (; n != NULL; n = n->next) {
		xmlChar *id;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((id = xmlGetProp(n, BAD_CAST "id")) != NULL) {
			char *to = g_strdup_printf("%s-%d", prefix, ++*count);

			g_hash_table_insert(ids, g_strdup((char *)id), to);
			xmlSetProp(n, BAD_CAST "id", BAD_CAST to);
			xmlFree(id);
		}
		S_collect(n->children, ids, prefix, count);
	}
}

/* Point every reference at the new names. */
static void
S_refs(xmlNodePtr n, GHashTable *ids)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
			xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

			if (v != NULL && strchr((char *)v, '#') != NULL &&
			    strcmp((const char *)a->name, "id") != 0) {
				char *nv = S_rewrite((char *)v, ids);

				xmlSetNsProp(n, a->ns, a->name, BAD_CAST nv);
				g_free(nv);
			}
			xmlFree(v);
		}
		S_refs(n->children, ids);
	}
}

static char *
S_num(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.2f", v));
}

static void
S_prop_num(xmlNodePtr n, const char *name, double v)
{
	char *s = S_num(v);

	xmlNewProp(n, BAD_CAST name, BAD_CAST s);
	g_free(s);
}

/* A line's text without the invisible word joiners that keep names
 * whole.  Caller frees. */
static char *
S_visible(const char *s, gsize n)
{
	GString *out = g_string_new(NULL);
	const char *end = s + n;

	for (const char *c = s; c < end; c = g_utf8_next_char(c))
		if (g_utf8_get_char(c) != 0x2060)
			g_string_append_len(out, c, g_utf8_next_char(c) - c);
	return g_string_free(out, FALSE);
}

/* One <text> over each drawn line, invisible, the same width. */
static void
S_text_layer(xmlNodePtr svg, xmlNsPtr ns, const struct document *d,
    double gap)
{
	xmlNodePtr g = xmlNewChild(svg, ns, BAD_CAST "g", NULL);

	xmlNewProp(g, BAD_CAST "fill-opacity", BAD_CAST "0");
	xmlNewProp(g, BAD_CAST "class", BAD_CAST "ucapgen-text");
	for (guint i = 0; i < d->pages->len; i++) {
		const struct page *p = d->pages->pdata[i];
		double dy = i * (d->height + gap);

		for (guint j = 0; j < p->boxes->len; j++) {
			const struct box *b = &g_array_index(p->boxes,
			    struct box, j);
			PangoLayoutLine *line;
			PangoRectangle logical;
			const PangoFontDescription *fd;
			char *text, *family;
			xmlNodePtr t;

			if (b->kind != BOX_TEXT)
				continue;
			line = b->line;
			text = S_visible(pango_layout_get_text(b->layout) +
			    line->start_index, (gsize)line->length);
			g_strchomp(text);
			if (*text == '\0') {
				g_free(text);
				continue;
			}
			pango_layout_line_get_extents(line, NULL, &logical);
			fd = pango_layout_get_font_description(b->layout);
			t = xmlNewTextChild(g, ns, BAD_CAST "text",
			    BAD_CAST text);
			S_prop_num(t, "x", b->x);
			S_prop_num(t, "y", b->y + dy);
			S_prop_num(t, "font-size", fd != NULL ?
			    pango_font_description_get_size(fd) /
			    (double)PANGO_SCALE : 10);
			family = g_strdup(fd != NULL ?
			    pango_font_description_get_family(fd) : "sans-serif");
			xmlNewProp(t, BAD_CAST "font-family", BAD_CAST family);
			S_prop_num(t, "textLength", logical.width /
			    (double)PANGO_SCALE);
			xmlNewProp(t, BAD_CAST "lengthAdjust",
			    BAD_CAST "spacingAndGlyphs");
			if (b->tag > 0 && g_array_index(d->nodes, struct snode,
			    b->tag - 1).lang != NULL)
				xmlNodeSetLang(t, BAD_CAST g_array_index(
				    d->nodes, struct snode, b->tag - 1).lang);
			g_free(family);
			g_free(text);
		}
	}
}

GBytes *
svgpost_finish(GBytes *svg, const struct document *d, const char *prefix,
    double gap, struct diags *diags)
{
	gsize len;
	const char *data = g_bytes_get_data(svg, &len);
	xmlDocPtr doc = xmlReadMemory(data, (int)len, "summary.svg", "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_HUGE);
	xmlNodePtr root;
	xmlNsPtr ns;
	GHashTable *ids;
	int count = 0;
	xmlChar *out = NULL;
	int outlen = 0;
	struct srcpos none = { 0, 0 };
	char *w, *h, *vb;
	double height = d->pages->len * d->height +
	    (d->pages->len > 0 ? d->pages->len - 1 : 0) * gap;

	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		diags_add(diags, SEV_ERROR, NULL, none, "the SVG cairo wrote "
		    "cannot be read back");
		if (doc != NULL)
			xmlFreeDoc(doc);
		return NULL;
	}
	ns = root->ns;
	ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	S_collect(root->children, ids, prefix, &count);
	S_refs(root->children, ids);
	g_hash_table_destroy(ids);

	/* The root: a scalable size, what it is, and what it shows. */
	w = S_num(d->width);
	h = S_num(height);
	vb = g_strdup_printf("0 0 %s %s", w, h);
	/* cairo writes one; a scalable SVG must have it. */
	if (!xmlHasProp(root, BAD_CAST "viewBox"))
		xmlSetProp(root, BAD_CAST "viewBox", BAD_CAST vb);
	xmlSetProp(root, BAD_CAST "role", BAD_CAST "img");
	{
		char *aria = g_strdup_printf("%s-title", prefix);
		xmlNodePtr title = xmlNewDocNode(doc, ns, BAD_CAST "title",
		    NULL);
		xmlNodePtr desc = xmlNewDocNode(doc, ns, BAD_CAST "desc", NULL);
		xmlNodePtr first = root->children;

		xmlNodeAddContent(title, BAD_CAST (d->title ? d->title : ""));
		xmlSetProp(title, BAD_CAST "id", BAD_CAST aria);
		xmlNodeAddContent(desc, BAD_CAST (d->subject ? d->subject :
		    ""));
		if (d->keywords != NULL && *d->keywords != '\0') {
			xmlNodeAddContent(desc, BAD_CAST ": ");
			xmlNodeAddContent(desc, BAD_CAST d->keywords);
		}
		if (first != NULL) {
			xmlAddPrevSibling(first, title);
			xmlAddNextSibling(title, desc);
		} else {
			xmlAddChild(root, title);
			xmlAddChild(root, desc);
		}
		xmlSetProp(root, BAD_CAST "aria-labelledby", BAD_CAST aria);
		g_free(aria);
	}
	if (d->language != NULL)
		xmlSetProp(root, BAD_CAST "xml:lang", BAD_CAST d->language);
	S_text_layer(root, ns, d, gap);
	g_free(w);
	g_free(h);
	g_free(vb);

	xmlDocDumpMemoryEnc(doc, &out, &outlen, "UTF-8");
	xmlFreeDoc(doc);
	{
		GBytes *b = g_bytes_new(out, (gsize)outlen);

		xmlFree(out);
		return b;
	}
}

char *
svgpost_prefix(const char *city, const char *layout, const char *lang,
    const char *plan, gsize plan_len)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	GString *slug = g_string_new("ucap-");
	char *r;

	g_checksum_update(c, (const guchar *)(city ? city : ""), -1);
	g_checksum_update(c, (const guchar *)"\n", 1);
	g_checksum_update(c, (const guchar *)(layout ? layout : ""), -1);
	g_checksum_update(c, (const guchar *)"\n", 1);
	g_checksum_update(c, (const guchar *)(lang ? lang : ""), -1);
	g_checksum_update(c, (const guchar *)"\n", 1);
	if (plan != NULL)
		g_checksum_update(c, (const guchar *)plan, (gssize)plan_len);
	/* A readable start: the city's name in ASCII letters. */
	for (const char *p = city; p != NULL && *p != '\0' && slug->len < 17;
	    p++)
		if (g_ascii_isalnum(*p))
			g_string_append_c(slug, g_ascii_tolower(*p));
	g_string_append_printf(slug, "-%.8s", g_checksum_get_string(c));
	g_checksum_free(c);
	r = g_string_free(slug, FALSE);
	return r;
}
