/*
 * svgpost.c: the SVG cairo wrote, made fit to live inside a web page.
 *
 * Every id gets a prefix of the document's own and a number in order of
 * appearance (cairo numbers glyphs and clip paths with counters of the
 * process, so the same plan would otherwise give other ids in a batch,
 * and two summaries in one page would share them); the root gets a
 * viewBox, role="img", a <title> and a <desc>; and an invisible layer of
 * real <text> elements over the drawn lines lets the browser find,
 * select and read the words.
 *
 * The SVG is read twice as a stream (libxml2's reader) and written once
 * (its writer): first the ids in order, then everything with its new
 * names.  A tree of the whole SVG took eight times its size in memory,
 * hundreds of megabytes for a summary of a hundred pages.  Owns nothing
 * after it returns.
 */
#include "svgpost.h"

#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <pango/pango.h>
#include <string.h>

/* What the second pass needs. */
struct svgout {
	xmlTextReaderPtr in;
	xmlTextWriterPtr out;
	GHashTable *ids;        /* old id -> new id */
	const char *prefix;
	int count;              /* ids renamed so far */
	const struct document *d;
	double gap;             /* between the stacked pages */
};

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

static char *
S_num(double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.2f", v));
}

static int
S_attr_num(xmlTextWriterPtr w, const char *name, double v)
{
	char *s = S_num(v);
	int r = xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST s);

	g_free(s);
	return r;
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

/* One <text> for a drawn line, dy below the line's page top. */
static void
S_text_line(xmlTextWriterPtr w, const struct document *d,
    const struct box *b, double dy)
{
	const struct tline *line = b->line;
	const PangoFontDescription *fd;
	char *text = S_visible(pango_layout_get_text(b->layout) +
	    line->start, (gsize)line->length);

	g_strchomp(text);
	if (*text == '\0') {
		g_free(text);
		return;
	}
	fd = pango_layout_get_font_description(b->layout);
	xmlTextWriterStartElement(w, BAD_CAST "text");
	S_attr_num(w, "x", b->x);
	S_attr_num(w, "y", b->y + dy);
	S_attr_num(w, "font-size", fd != NULL ?
	    pango_font_description_get_size(fd) / (double)PANGO_SCALE : 10);
	xmlTextWriterWriteAttribute(w, BAD_CAST "font-family", BAD_CAST
	    (fd != NULL ? pango_font_description_get_family(fd) :
	    "sans-serif"));
	S_attr_num(w, "textLength", line->width / (double)PANGO_SCALE);
	xmlTextWriterWriteAttribute(w, BAD_CAST "lengthAdjust",
	    BAD_CAST "spacingAndGlyphs");
	if (b->tag > 0 && g_array_index(d->nodes, struct snode,
	    b->tag - 1).lang != NULL)
		xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST
		    g_array_index(d->nodes, struct snode, b->tag - 1).lang);
	xmlTextWriterWriteString(w, BAD_CAST text);
	xmlTextWriterEndElement(w);
	g_free(text);
}

/* One <text> over each drawn line, invisible, the same width. */
static void
S_text_layer(xmlTextWriterPtr w, const struct document *d, double gap)
{
	xmlTextWriterStartElement(w, BAD_CAST "g");
	xmlTextWriterWriteAttribute(w, BAD_CAST "fill-opacity", BAD_CAST "0");
	xmlTextWriterWriteAttribute(w, BAD_CAST "class",
	    BAD_CAST "ucapgen-text");
	for (guint i = 0; i < d->pages->len; i++) {
		const struct page *p = d->pages->pdata[i];

		for (guint j = 0; j < p->boxes->len; j++) {
			const struct box *b = &g_array_index(p->boxes,
			    struct box, j);

			if (b->kind == BOX_TEXT)
				S_text_line(w, d, b, i * (d->height + gap));
		}
	}
	xmlTextWriterEndElement(w);
}

/* The first pass: each id's new name, in order of appearance (an id
 * given twice: references go to its last).  Returns false if the SVG
 * does not read. */
static bool
S_collect(const char *data, gsize len, GHashTable *ids, const char *prefix)
{
	xmlTextReaderPtr r = xmlReaderForMemory(data, (int)len, "summary.svg",
	    "UTF-8", XML_PARSE_NONET | XML_PARSE_HUGE);
	int count = 0, ret;

	if (r == NULL)
		return false;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		xmlChar *id;

		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT ||
		    (id = xmlTextReaderGetAttribute(r, BAD_CAST "id")) == NULL)
			continue;
		g_hash_table_insert(ids, g_strdup((const char *)id),
		    g_strdup_printf("%s-%d", prefix, ++count));
		xmlFree(id);
	}
	xmlFreeTextReader(r);
	return ret == 0;
}

/* The root's own attributes: a scalable size, what it is, and what it
 * shows; then its <title> and <desc>. */
static void
S_root(struct svgout *o, bool has_viewbox)
{
	xmlTextWriterPtr w = o->out;
	const struct document *d = o->d;
	char *aria = g_strdup_printf("%s-title", o->prefix);

	/* cairo writes one; a scalable SVG must have it. */
	if (!has_viewbox) {
		double height = d->pages->len * d->height +
		    (d->pages->len > 0 ? d->pages->len - 1 : 0) * o->gap;
		char *w_ = S_num(d->width), *h = S_num(height);

		xmlTextWriterWriteFormatAttribute(w, BAD_CAST "viewBox",
		    "0 0 %s %s", w_, h);
		g_free(w_);
		g_free(h);
	}
	xmlTextWriterWriteAttribute(w, BAD_CAST "role", BAD_CAST "img");
	xmlTextWriterWriteAttribute(w, BAD_CAST "aria-labelledby",
	    BAD_CAST aria);
	if (d->language != NULL)
		xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang",
		    BAD_CAST d->language);
	xmlTextWriterStartElement(w, BAD_CAST "title");
	xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST aria);
	xmlTextWriterWriteString(w, BAD_CAST (d->title ? d->title : ""));
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "desc");
	xmlTextWriterWriteString(w, BAD_CAST (d->subject ? d->subject : ""));
	if (d->keywords != NULL && *d->keywords != '\0') {
		xmlTextWriterWriteString(w, BAD_CAST ": ");
		xmlTextWriterWriteString(w, BAD_CAST d->keywords);
	}
	xmlTextWriterEndElement(w);
	g_free(aria);
}

/* An element's start tag, its ids renamed and its references following
 * them; the root's with what S_root adds. */
static void
S_start(struct svgout *o, bool root)
{
	xmlTextReaderPtr r = o->in;
	xmlTextWriterPtr w = o->out;
	bool empty = xmlTextReaderIsEmptyElement(r) == 1;
	bool has_viewbox = false;

	xmlTextWriterStartElement(w, xmlTextReaderConstName(r));
	while (xmlTextReaderMoveToNextAttribute(r) == 1) {
		const char *name = (const char *)xmlTextReaderConstName(r);
		const char *value = (const char *)xmlTextReaderConstValue(r);
		char *nv = NULL;

		if (strcmp(name, "id") == 0)
			nv = g_strdup_printf("%s-%d", o->prefix, ++o->count);
		else if (value != NULL && strchr(value, '#') != NULL)
			nv = S_rewrite(value, o->ids);
		if (strcmp(name, "viewBox") == 0)
			has_viewbox = true;
		xmlTextWriterWriteAttribute(w, BAD_CAST name,
		    BAD_CAST (nv != NULL ? nv : value));
		g_free(nv);
	}
	xmlTextReaderMoveToElement(r);
	if (root)
		S_root(o, has_viewbox);
	if (empty) {
		if (root)
			S_text_layer(w, o->d, o->gap);
		xmlTextWriterEndElement(w);
	}
}

/* The second pass, node by node.  Returns false if the SVG does not
 * read. */
static bool
S_copy(struct svgout *o)
{
	xmlTextReaderPtr r = o->in;
	xmlTextWriterPtr w = o->out;
	int ret;

	while ((ret = xmlTextReaderRead(r)) == 1) {
		int depth = xmlTextReaderDepth(r);

		switch (xmlTextReaderNodeType(r)) {
		case XML_READER_TYPE_ELEMENT:
			S_start(o, depth == 0);
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (depth == 0)
				S_text_layer(w, o->d, o->gap);
			xmlTextWriterEndElement(w);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			xmlTextWriterWriteString(w, xmlTextReaderConstValue(r));
			break;
		case XML_READER_TYPE_CDATA:
			xmlTextWriterWriteCDATA(w, xmlTextReaderConstValue(r));
			break;
		case XML_READER_TYPE_COMMENT:
			xmlTextWriterWriteComment(w, xmlTextReaderConstValue(r));
			break;
		default:
			/* the declaration is written anew; cairo writes no
			 * doctype or processing instruction */
			break;
		}
	}
	return ret == 0;
}

GBytes *
svgpost_finish(GBytes *svg, const struct document *d, const char *prefix,
    double gap, struct diags *diags)
{
	gsize len;
	const char *data = g_bytes_get_data(svg, &len);
	struct svgout o = { NULL, NULL, NULL, prefix, 0, d, gap };
	xmlBufferPtr buf = xmlBufferCreate();
	struct srcpos none = { 0, 0 };
	bool ok;

	o.ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	ok = len < G_MAXINT && S_collect(data, len, o.ids, prefix);
	if (ok) {
		o.in = xmlReaderForMemory(data, (int)len, "summary.svg",
		    "UTF-8", XML_PARSE_NONET | XML_PARSE_HUGE);
		o.out = buf != NULL ? xmlNewTextWriterMemory(buf, 0) : NULL;
		ok = o.in != NULL && o.out != NULL &&
		    xmlTextWriterStartDocument(o.out, NULL, "UTF-8", NULL) >=
		    0 && S_copy(&o) && xmlTextWriterEndDocument(o.out) >= 0;
	}
	if (o.in != NULL)
		xmlFreeTextReader(o.in);
	if (o.out != NULL)
		xmlFreeTextWriter(o.out);  /* flushes into buf */
	g_hash_table_destroy(o.ids);
	if (!ok || buf == NULL) {
		diags_add(diags, SEV_ERROR, NULL, none, "the SVG cairo wrote "
		    "cannot be read back");
		if (buf != NULL)
			xmlBufferFree(buf);
		return NULL;
	}
	{
		gsize n = (gsize)xmlBufferLength(buf);
		xmlChar *out = xmlBufferDetach(buf);

		xmlBufferFree(buf);
		return g_bytes_new_with_free_func(out, n, xmlFree, out);
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
