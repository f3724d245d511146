/*
 * translate.c: a plan's texts out to a PO template, and translations back
 * into the plan (the rules are in translate.h).
 *
 * Which element holds which kind of text comes from the plan schema: the
 * type of each key of each complex type, read from plan.xsd, followed
 * from <plan> down the tree.  A new text key of the schema is therefore
 * extracted and translated with no change here.
 */
#include "translate.h"

#include <libxml/parser.h>
#include <string.h>

#include "markup.h"

#define XS_NS "http://www.w3.org/2001/XMLSchema"

enum text_kind {
	TEXT_NONE,
	TEXT_INLINE,            /* one text with inline markup */
	TEXT_RICH,              /* paragraphs with inline markup */
	TEXT_NAME,              /* a name on one line */
};

/* One translatable text of the plan. */
struct text {
	xmlNodePtr node;        /* the element holding it */
	char *path;             /* owned; "focus/2/text" */
	enum text_kind kind;
};

/* The names that a language writes its own way. */
static const char *const S_names[] = { "country", "province", "place" };

static bool
S_is_xs(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}

/* "u:Inline" -> "Inline". */
static char *
S_local_prop(const xmlNode *n, const char *attr)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	const char *colon;
	char *r;

	if (v == NULL)
		return NULL;
	colon = strchr((const char *)v, ':');
	r = g_strdup(colon != NULL ? colon + 1 : (const char *)v);
	xmlFree(v);
	return r;
}

/* Every element declaration under n, as "Type\001key" -> "KeyType". */
static void
S_declare(GHashTable *types, const char *owner, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		char *name, *type;

		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!S_is_xs(c, "element")) {
			S_declare(types, owner, c);
			continue;
		}
		name = S_local_prop(c, "name");
		type = S_local_prop(c, "type");
		if (name != NULL && type != NULL)
			g_hash_table_insert(types, g_strdup_printf("%s\001%s",
			    owner, name), g_strdup(type));
		g_free(name);
		g_free(type);
	}
}

/* The key types of the schema; the root's under "\001plan".  NULL with
 * a message when the schema cannot be read. */
static GHashTable *
S_types(const char *xsd, struct diags *diags)
{
	xmlDocPtr doc = xmlReadFile(xsd, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	const xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	GHashTable *types;

	if (root == NULL) {
		struct srcpos none = { 0, 0 };

		diags_add(diags, SEV_ERROR, xsd, none, "cannot read the plan "
		    "schema");
		xmlFreeDoc(doc);
		return NULL;
	}
	types = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (const xmlNode *c = root->children; c != NULL; c = c->next) {
		char *name = NULL;

		if (S_is_xs(c, "complexType") &&
		    (name = S_local_prop(c, "name")) != NULL)
			S_declare(types, name, c);
		else if (S_is_xs(c, "element") &&
		    (name = S_local_prop(c, "name")) != NULL) {
			char *type = S_local_prop(c, "type");

			if (type != NULL)
				g_hash_table_insert(types, g_strdup_printf(
				    "\001%s", name), type);
		}
		g_free(name);
	}
	xmlFreeDoc(doc);
	return types;
}

static enum text_kind
S_kind(const char *type, const char *key)
{
	if (strcmp(type, "Inline") == 0)
		return TEXT_INLINE;
	if (strcmp(type, "Rich") == 0 || strcmp(type, "Block") == 0)
		return TEXT_RICH;
	if (strcmp(type, "Name") == 0)
		for (size_t i = 0; i < G_N_ELEMENTS(S_names); i++)
			if (strcmp(key, S_names[i]) == 0)
				return TEXT_NAME;
	return TEXT_NONE;
}

static void
S_walk(GArray *out, GHashTable *types, const xmlNode *n, const char *type,
    GString *path)
{
	for (xmlNodePtr c = tree_first(n); c != NULL; c = tree_next(c)) {
		const char *key = (const char *)c->name;
		char *k = g_strdup_printf("%s\001%s", type, key);
		const char *ct = g_hash_table_lookup(types, k);
		gsize len = path->len;

		g_free(k);
		if (ct == NULL)
			continue;
		if (len > 0)
			g_string_append_c(path, '/');
		if (strcmp(key, "item") == 0)
			g_string_append_printf(path, "%d", tree_item_index(c));
		else
			g_string_append(path, key);
		if (tree_first(c) != NULL)
			S_walk(out, types, c, ct, path);
		else if (tree_text(c) != NULL && S_kind(ct, key) != TEXT_NONE) {
			struct text t = { c, g_strdup(path->str),
			    S_kind(ct, key) };

			g_array_append_val(out, t);
		}
		g_string_truncate(path, len);
	}
}

/* The plan's texts in order, as struct text.  NULL with a message. */
static GArray *
S_texts(const struct tree *plan, const char *xsd, struct diags *diags)
{
	GHashTable *types = S_types(xsd, diags);
	const xmlNode *root = xmlDocGetRootElement(plan->xml);
	const char *rt;
	GString *path;
	GArray *out;

	if (types == NULL)
		return NULL;
	out = g_array_new(FALSE, FALSE, sizeof(struct text));
	path = g_string_new(NULL);
	if (root != NULL && (rt = g_hash_table_lookup(types,
	    "\001plan")) != NULL)
		S_walk(out, types, root, rt, path);
	g_string_free(path, TRUE);
	g_hash_table_destroy(types);
	return out;
}

static void
S_texts_free(GArray *v)
{
	if (v == NULL)
		return;
	for (guint i = 0; i < v->len; i++)
		g_free(g_array_index(v, struct text, i).path);
	g_array_free(v, TRUE);
}

/* ---- Out: the template ---- */

static const char *
S_comment(const struct text *t)
{
	switch (t->kind) {
	case TEXT_NAME:
		return "A place name, as your language writes it (Germany: "
		    "Deutschland, 德国).";
	case TEXT_RICH:
		return strstr(tree_text(t->node), "\n\n") != NULL ?
		    "Paragraphs: keep the blank lines between them." : NULL;
	case TEXT_INLINE:
	case TEXT_NONE:
		break;
	}
	return NULL;
}

struct pot *
translate_extract(const struct tree *plan, const char *xsd,
    struct diags *diags)
{
	GArray *texts = S_texts(plan, xsd, diags);
	char *base, *comment;
	struct pot *p;

	if (texts == NULL)
		return NULL;
	base = g_path_get_basename(plan->file);
	comment = g_strdup_printf("The texts of the U-CAP plan %s, for its "
	    "translators.\n"
	    "Each msgctxt is the place of a text in the plan.  Translate its "
	    "msgstr and keep\n"
	    "the inline markup as it is: **bold**, *italic*, __underline__, "
	    "[text](address).\n"
	    "Then: ucapgen %s --translations THIS-FILE.po --locale LANG "
	    "-o summary.pdf\n"
	    "(--locale LANG: the sheet's own words in that language too, "
	    "such as de or zh).", base, base);
	p = pot_new(base, comment);
	for (guint i = 0; i < texts->len; i++) {
		const struct text *t = &g_array_index(texts, struct text, i);

		pot_add(p, t->path, tree_text(t->node), S_comment(t),
		    plan->file, tree_valpos(plan, t->node).line);
	}
	g_free(comment);
	g_free(base);
	S_texts_free(texts);
	return p;
}

/* ---- Back: the translations ---- */

/* Why a translation is not a valid text of its kind, or NULL.  Caller
 * frees. */
static char *
S_refused(enum text_kind kind, const char *s)
{
	char **paras;
	char *why = NULL;
	char *blank = g_strstrip(g_strdup(s));
	bool empty = *blank == '\0';

	g_free(blank);
	if (empty)
		return g_strdup("it is blank");
	if (tree_bad_char(s, strlen(s)) != 0)
		return g_strdup_printf("it holds the control character "
		    "U+%04X, which a plan cannot hold; remove it",
		    (unsigned)tree_bad_char(s, strlen(s)));
	if (kind == TEXT_NAME)
		return strpbrk(s, "\n\r\t") != NULL ? g_strdup("a name is "
		    "one line, with no tab") : g_utf8_strlen(s, -1) > 200 ?
		    g_strdup("a name has at most 200 characters") : NULL;
	paras = kind == TEXT_RICH ? markup_paragraphs(s) : NULL;
	for (guint i = 0; why == NULL && (paras != NULL ? paras[i] != NULL :
	    i == 0); i++) {
		const char *p = paras != NULL ? paras[i] : s;
		struct markup m;
		struct markup_error e;

		if (markup_parse(p, &m, &e)) {
			markup_clear(&m);
			continue;
		}
		if (e.offset > 0 && e.offset < strlen(p)) {
			char *at = g_utf8_substring(p + e.offset, 0,
			    MIN(20, g_utf8_strlen(p + e.offset, -1)));

			why = g_strdup_printf("%s (at '%s')", e.msg, at);
			g_free(at);
			g_free(e.msg);
		} else
			why = e.msg;
	}
	g_strfreev(paras);
	return why;
}

/* What the runs of a text hold, added to out[kind] (indexed by enum
 * run_kind): the address of each link, the words of each bold, italic
 * and underlined span, in order. */
static void
S_runs(enum text_kind kind, const char *s, GPtrArray *out[])
{
	char **paras = kind == TEXT_RICH ? markup_paragraphs(s) : NULL;

	for (guint i = 0; paras != NULL ? paras[i] != NULL : i == 0; i++) {
		struct markup m;
		struct markup_error e;

		if (!markup_parse(paras != NULL ? paras[i] : s, &m, &e)) {
			g_free(e.msg);
			continue;
		}
		for (guint r = 0; r < m.runs->len; r++) {
			const struct run *run = &g_array_index(m.runs,
			    struct run, r);

			if (run->kind != RUN_LINK)
				g_ptr_array_add(out[run->kind], g_strndup(
				    m.text->str + run->start,
				    run->end - run->start));
			else if (run->href != NULL)
				g_ptr_array_add(out[run->kind],
				    g_strdup(run->href));
		}
		markup_clear(&m);
	}
	g_strfreev(paras);
}

/* The runs of the original (had) and of its translation (has), by kind;
 * none for a name.  Free with S_runs_free. */
static void
S_runs_both(enum text_kind kind, const char *orig, const char *str,
    GPtrArray *had[], GPtrArray *has[])
{
	for (int k = RUN_BOLD; k <= RUN_LINK; k++) {
		had[k] = g_ptr_array_new_with_free_func(g_free);
		has[k] = g_ptr_array_new_with_free_func(g_free);
	}
	if (kind == TEXT_INLINE || kind == TEXT_RICH) {
		S_runs(kind, orig, had);
		S_runs(kind, str, has);
	}
}

static void
S_runs_free(GPtrArray *had[], GPtrArray *has[])
{
	for (int k = RUN_BOLD; k <= RUN_LINK; k++) {
		g_ptr_array_free(had[k], TRUE);
		g_ptr_array_free(has[k], TRUE);
	}
}

/* The first link of the original that the translation leaves out, or
 * NULL.  had and has as S_runs_both fills them.  Caller frees. */
static char *
S_lost_link(GPtrArray *const had[], GPtrArray *const has[])
{
	for (guint i = 0; i < had[RUN_LINK]->len; i++)
		if (!g_ptr_array_find_with_equal_func(has[RUN_LINK],
		    had[RUN_LINK]->pdata[i], g_str_equal, NULL))
			return g_strdup(had[RUN_LINK]->pdata[i]);
	return NULL;
}

/* The kinds of emphasis, in the order they are looked at, as a
 * translator reads and writes them. */
static const struct {
	enum run_kind kind;
	const char *name;       /* "bold" */
	const char *mark;       /* "**", on either side of the words */
} S_emphases[] = {
	{ RUN_BOLD, "bold", "**" },
	{ RUN_ITALIC, "italic", "*" },
	{ RUN_UNDERLINE, "underlined", "__" },
};

/*
 * When the translation has fewer bold, italic or underlined spans than
 * the original, why, for the first such kind: "no bold text, which the
 * original has (**Harbin**)", with the original's words of that kind
 * (three at most, each cut at 40 characters) and the markup to use.
 * NULL when nothing is lost.  had and has as S_runs_both fills them.
 * Caller frees.
 */
static char *
S_lost_emphasis(GPtrArray *const had[], GPtrArray *const has[])
{
	GString *why = NULL;

	for (size_t i = 0; why == NULL && i < G_N_ELEMENTS(S_emphases); i++) {
		const char *mark = S_emphases[i].mark;
		const GPtrArray *a = had[S_emphases[i].kind];
		guint n = has[S_emphases[i].kind]->len;

		if (n >= a->len)
			continue;
		why = g_string_new(NULL);
		if (n == 0)
			g_string_append_printf(why, "no %s text, which the "
			    "original has (", S_emphases[i].name);
		else
			g_string_append_printf(why, "fewer %s texts than the "
			    "original (%u of %u: ", S_emphases[i].name, n,
			    a->len);
		for (guint r = 0; r < a->len && r < 3; r++) {
			const char *w = a->pdata[r];
			glong len = g_utf8_strlen(w, -1);
			char *cut = g_utf8_substring(w, 0, MIN(len, 40));

			g_string_append_printf(why, "%s%s%s%s%s",
			    r > 0 ? ", " : "", mark, cut, len > 40 ? "…" : "",
			    mark);
			g_free(cut);
		}
		g_string_append_printf(why, "%s); keep the emphasis: "
		    "%swords%s", a->len > 3 ? ", …" : "", mark, mark);
	}
	return why != NULL ? g_string_free(why, FALSE) : NULL;
}

/* The plan's language becomes the translation's ("zh_CN" as "zh-CN"). */
static void
S_set_language(struct tree *plan, const char *lang)
{
	xmlNodePtr root = xmlDocGetRootElement(plan->xml);
	xmlNodePtr n = tree_child(root, "language");
	char *tag = g_strdelimit(g_strdup(lang), "_", '-');

	if (n == NULL)
		n = xmlNewChild(root, root->ns, BAD_CAST "language", NULL);
	tree_settext(plan, n, tag);
	g_free(tag);
}

bool
translate_apply(struct tree *plan, const char *xsd, const char *po,
    bool strict, struct diags *diags)
{
	struct pofile *pf = pofile_read(po, diags);
	GArray *texts = pf != NULL ? S_texts(plan, xsd, diags) : NULL;
	GHashTable *index;
	GPtrArray *use;
	guint fuzzy = 0, empty = 0, missing = 0;
	int errors = diags->errors;

	if (texts == NULL) {
		pofile_free(pf);
		return false;
	}
	index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (guint i = 0; i < pf->entries->len; i++) {
		struct poentry *e = pf->entries->pdata[i];

		if (e->ctxt != NULL)
			g_hash_table_insert(index, g_strdup_printf("%s\004%s",
			    e->ctxt, e->id), e);
	}
	use = g_ptr_array_new_full(texts->len, NULL);
	for (guint i = 0; i < texts->len; i++) {
		const struct text *t = &g_array_index(texts, struct text, i);
		char *k = g_strdup_printf("%s\004%s", t->path,
		    tree_text(t->node));
		const struct poentry *e = g_hash_table_lookup(index, k);
		char *why;

		g_free(k);
		g_ptr_array_add(use, NULL);
		if (e == NULL)
			missing++;
		else if (e->fuzzy)
			fuzzy++;
		else if (*e->str == '\0')
			empty++;
		else if ((why = S_refused(t->kind, e->str)) != NULL) {
			struct srcpos at = { e->str_line, 0 };

			/* The markup's advice, as a PO file spells it. */
			diags_add(diags, SEV_ERROR, po, at, "the translation "
			    "of %s: %s%s", t->path, why, strchr(why, '\\') ?
			    " (in a PO file, each backslash is written twice: "
			    "\\\\)" : "");
			g_free(why);
		} else {
			GPtrArray *had[RUN_LINK + 1], *has[RUN_LINK + 1];
			struct srcpos at = { e->str_line, 0 };
			char *lost;

			/* Kept, with a warning for what the markup lost. */
			S_runs_both(t->kind, e->id, e->str, had, has);
			if ((lost = S_lost_link(had, has)) != NULL) {
				diags_add(diags, SEV_WARNING, po, at, "the "
				    "translation of %s has no link to %s, "
				    "which the original has; keep the link: "
				    "[words](%s)", t->path, lost, lost);
				g_free(lost);
			}
			if ((lost = S_lost_emphasis(had, has)) != NULL) {
				diags_add(diags, SEV_WARNING, po, at, "the "
				    "translation of %s has %s", t->path, lost);
				g_free(lost);
			}
			S_runs_free(had, has);
			use->pdata[i] = (gpointer)e;
		}
	}
	if (diags->errors == errors) {
		for (guint i = 0; i < texts->len; i++) {
			const struct poentry *e = use->pdata[i];
			const xmlNode *n = g_array_index(texts, struct text,
			    i).node;

			if (e == NULL)
				continue;
			tree_settext(plan, (xmlNodePtr)n, e->str);
			/* Messages about the text now point at the PO file. */
			tree_setorigin(plan, n, po, e->str_line);
		}
		if (pf->language != NULL)
			S_set_language(plan, pf->language);
	}
	if (missing > 0 && missing == texts->len) {
		struct srcpos none = { 0, 0 };

		diags_add(diags, SEV_WARNING, po, none, "none of the %u texts "
		    "of the plan is in this file%s: is it another plan's "
		    "translation, or the sheet's words? (give those with "
		    "--locale)", texts->len, strict ? "" : ", so the plan "
		    "stays as it is written");
	} else if (fuzzy + empty + missing > 0) {
		struct srcpos none = { 0, 0 };
		GString *why = g_string_new(NULL);

		if (fuzzy > 0)
			g_string_append_printf(why, "%u fuzzy", fuzzy);
		if (empty > 0)
			g_string_append_printf(why, "%s%u untranslated",
			    why->len > 0 ? ", " : "", empty);
		if (missing > 0)
			g_string_append_printf(why, "%s%u not in the file: "
			    "merge it with a new --extract (msgmerge)",
			    why->len > 0 ? ", " : "", missing);
		/* With --strict nothing is written: nothing stays. */
		diags_add(diags, SEV_WARNING, po, none, "%u of the %u texts of "
		    "the plan %s no translation here (%s)%s", fuzzy + empty +
		    missing, texts->len, fuzzy + empty + missing == 1 ? "has" :
		    "have", why->str, strict ? "" : "; they stay as the plan "
		    "writes them");
		g_string_free(why, TRUE);
	}
	g_ptr_array_unref(use);
	g_hash_table_destroy(index);
	S_texts_free(texts);
	pofile_free(pf);
	return diags->errors == errors;
}
