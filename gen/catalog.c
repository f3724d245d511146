/*
 * catalog.c: the string catalog: a locale's PO file over the English one;
 * how complete a locale's catalog is.
 *
 * Owns the strings of a loaded catalog.  The files are read by po.c.
 */
#include "catalog.h"

#include <string.h>

#include "po.h"
#include "suggest.h"
#include "tree.h"

struct catalog {
	GHashTable *by_key;     /* msgctxt -> text (owned) */
	GHashTable *by_msg;     /* "ctxt\004msgid" -> text (owned) */
	char *language;         /* owned; chosen with the locale, or NULL */
	char *path;             /* owned; the file read last: the locale's */
	struct catalog *english;        /* owned; en.po under a locale's
					   catalog, else NULL */
};

static char *
S_msgkey(const char *ctxt, const char *id)
{
	return g_strdup_printf("%s\004%s", ctxt != NULL ? ctxt : "", id);
}

static bool
S_translated(const struct poentry *e)
{
	return *e->str != '\0' && !e->fuzzy;
}

static struct catalog *
S_new(void)
{
	struct catalog *c = g_new0(struct catalog, 1);

	c->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	c->by_msg = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	return c;
}

static void
S_put(struct catalog *c, const struct poentry *e, const char *text)
{
	if (e->ctxt != NULL)
		g_hash_table_insert(c->by_key, g_strdup(e->ctxt),
		    g_strdup(text));
	g_hash_table_insert(c->by_msg, S_msgkey(e->ctxt, e->id),
	    g_strdup(text));
}

/* A catalog of the source, English: untranslated and fuzzy entries read
 * as their msgid (en.po has nothing else). */
static struct catalog *
S_source(const struct pofile *pf)
{
	struct catalog *c = S_new();

	for (guint i = 0; i < pf->entries->len; i++) {
		const struct poentry *e = pf->entries->pdata[i];

		if (*e->id != '\0')
			S_put(c, e, S_translated(e) ? e->str : e->id);
	}
	return c;
}

/* A copy of an English catalog, to lie under a locale's. */
static struct catalog *
S_copy(const struct catalog *e)
{
	struct catalog *c = S_new();
	GHashTableIter it;
	gpointer k, v;

	g_hash_table_iter_init(&it, e->by_key);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(c->by_key, g_strdup(k), g_strdup(v));
	g_hash_table_iter_init(&it, e->by_msg);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_hash_table_insert(c->by_msg, g_strdup(k), g_strdup(v));
	c->path = g_strdup(e->path);
	return c;
}

static struct catalog *
S_load(const char *path, struct diags *diags)
{
	struct pofile *pf = pofile_read(path, diags);
	struct catalog *c = pf != NULL ? S_source(pf) : NULL;

	pofile_free(pf);
	return c;
}

/* Whether the text from p on starts a {word}: a '{', then lower-case
 * letters, digits and '-', then '}'.  Sets *end past the '}'. */
static bool
S_brace_word(const char *p, const char **end)
{
	size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789-");

	if (*p != '{' || n == 0 || p[1 + n] != '}')
		return false;
	*end = p + n + 2;
	return true;
}

/* Whether text has the {word} that starts at w. */
static bool
S_has_word(const char *text, const char *w, const char *w_end)
{
	const char *end;

	for (const char *p = text; (p = strchr(p, '{')) != NULL; p++)
		if (S_brace_word(p, &end) && end - p == w_end - w &&
		    strncmp(p, w, (size_t)(w_end - w)) == 0)
			return true;
	return false;
}

/*
 * Why ucapgen cannot use a translation of a text with {words}: a {word}
 * the English text has not (it would stay on the sheet as it is), one
 * of the English text's {words} left out (its value would be lost), or
 * a '{' with no '}' (a word half typed).  NULL when there is nothing
 * wrong.  Caller frees.
 */
static char *
S_braces_problem(const char *english, const char *str)
{
	const char *end;

	for (const char *p = str; (p = strchr(p, '{')) != NULL; p++) {
		if (!S_brace_word(p, &end)) {
			if (strchr(p, '}') == NULL && strchr(english, '{')) {
				char *at = g_utf8_substring(p, 0,
				    MIN(g_utf8_strlen(p, -1), 12));
				char *why = g_strdup_printf("a '{' with no "
				    "'}' in '%s'", at);

				g_free(at);
				return why;
			}
			continue;
		}
		if (!S_has_word(english, p, end))
			return g_strdup_printf("%.*s, which ucapgen does not "
			    "fill in", (int)(end - p), p);
	}
	for (const char *p = english; (p = strchr(p, '{')) != NULL; p++)
		if (S_brace_word(p, &end) && !S_has_word(str, p, end))
			return g_strdup_printf("no %.*s, so its value would "
			    "be left out", (int)(end - p), p);
	return NULL;
}

/* The file of a locale in dir, or NULL.  Caller frees. */
static char *
S_locale_file(const char *dir, const char *locale)
{
	char *names[4];
	char *found = NULL;
	size_t lang = strcspn(locale, "-_.@");

	names[0] = g_strdup(locale);
	names[1] = g_strdelimit(g_strdup(locale), "-", '_');
	names[2] = g_strdelimit(g_strdup(locale), "_", '-');
	names[3] = g_ascii_strdown(locale, (gssize)lang);
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
		char *base = g_strconcat(names[i], ".po", NULL);
		char *path = g_build_filename(dir, base, NULL);

		g_free(base);
		if (found == NULL && *names[i] != '\0' &&
		    g_file_test(path, G_FILE_TEST_IS_REGULAR))
			found = path;
		else
			g_free(path);
		g_free(names[i]);
	}
	return found;
}

static gint
S_cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The languages of the LANG.po files of dir, sorted.  Caller frees. */
static char **
S_languages(const char *dir)
{
	GPtrArray *v = g_ptr_array_new();
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *e;

	while (d != NULL && (e = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(e, ".po") && e[0] != '.')
			g_ptr_array_add(v, g_strndup(e, strlen(e) - 3));
	if (d != NULL)
		g_dir_close(d);
	g_ptr_array_sort(v, S_cmp_names);
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}

/* "a, b and c".  Caller frees. */
static char *
S_join(char **v)
{
	GString *s = g_string_new(NULL);
	guint n = g_strv_length(v);

	for (guint i = 0; i < n; i++)
		g_string_append_printf(s, "%s%s", i == 0 ? "" : i + 1 == n ?
		    " and " : ", ", v[i]);
	return g_string_free(s, FALSE);
}

/* The catalog file of a locale (a language or a path), or NULL with a
 * message in diags.  Caller frees. */
static char *
S_find(const char *dir, const char *locale, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	char *path, *list;
	char **langs;

	if (strchr(locale, '/') != NULL || g_str_has_suffix(locale, ".po"))
		return g_strdup(locale);
	if ((path = S_locale_file(dir, locale)) != NULL)
		return path;
	langs = S_languages(dir);
	list = S_join(langs);
	diags_add(diags, SEV_ERROR, NULL, none, "no string catalog for the "
	    "locale '%s': %s has %s; a new language is one more PO file "
	    "there (see the README.md beside them)", locale, dir,
	    *langs != NULL ? list : "none");
	g_free(list);
	g_strfreev(langs);
	return NULL;
}

/* Whether two paths name the same file. */
static bool
S_same_file(const char *a, const char *b)
{
	char *ca = g_canonicalize_filename(a, NULL);
	char *cb = g_canonicalize_filename(b, NULL);
	bool same = strcmp(ca, cb) == 0;

	g_free(ca);
	g_free(cb);
	return same;
}

/* Why a translation of a number the sheet counts with cannot be used:
 * "population-unit" is a power of ten (10 or more) in digits, as
 * 1000000 (a million) or 10000 (万).  NULL when it can.  Caller frees. */
static char *
S_number_problem(const struct poentry *e)
{
	const char *s = e->str;
	size_t n = strlen(s);
	bool point = g_strcmp0(e->ctxt, "decimal-point") == 0;

	/* One character between the digits: a number must read as one. */
	if (point || g_strcmp0(e->ctxt, "thousands-separator") == 0) {
		gunichar c = g_utf8_get_char(s);

		if (g_utf8_strlen(s, -1) == 1 && !g_unichar_isdigit(c) &&
		    (!point || !g_unichar_isspace(c)))
			return NULL;
		return g_strdup_printf("the %s is one character, which is "
		    "not a digit%s", point ? "decimal point" : "separator of "
		    "thousands", point ? " or a space" : "");
	}
	if (g_strcmp0(e->ctxt, "population-unit") != 0)
		return NULL;
	if (n >= 2 && n <= 13 && s[0] == '1' && strspn(s + 1, "0") == n - 1)
		return NULL;
	return g_strdup("the unit a population is counted in must be a "
	    "power of ten written in digits only, such as 1000000 (a "
	    "million) or 10000 (万), with no separator");
}

/* The translations of pf that ucapgen uses: for an entry of en.po, with
 * the same English text, translated, not fuzzy, and with the same {words}
 * as the English text (a warning for those that are refused, which says
 * that the English text is used unless strict: then nothing is). */
static void
S_overlay(struct catalog *c, const struct pofile *pf,
    const struct catalog *english, bool strict, struct diags *diags)
{
	for (guint i = 0; i < pf->entries->len; i++) {
		const struct poentry *e = pf->entries->pdata[i];
		char *key = S_msgkey(e->ctxt, e->id);
		char *why = NULL;

		if (g_hash_table_contains(english->by_msg, key) &&
		    S_translated(e)) {
			gunichar bad = tree_bad_char(e->str, strlen(e->str));

			if (bad != 0) {
				struct srcpos at = { e->str_line, 0 };

				diags_add(diags, SEV_WARNING, pf->path, at,
				    "the translation of '%s' holds the control "
				    "character U+%04X, which no page can show"
				    "%s", e->ctxt != NULL ? e->ctxt : e->id,
				    (unsigned)bad, strict ? "" : "; the English "
				    "text is used");
			} else if ((why = S_number_problem(e)) != NULL) {
				struct srcpos at = { e->str_line, 0 };

				diags_add(diags, SEV_WARNING, pf->path, at,
				    "the translation of '%s' is '%s': %s%s",
				    e->ctxt, e->str, why, strict ? "" :
				    "; the English value is used");
				g_free(why);
			} else if ((why = S_braces_problem(e->id, e->str)) ==
			    NULL)
				S_put(c, e, e->str);
			else {
				struct srcpos at = { e->str_line, 0 };

				diags_add(diags, SEV_WARNING, pf->path, at,
				    "the translation of '%s' has %s (the "
				    "English text is \"%s\"): keep the words "
				    "in braces as they are%s", e->ctxt != NULL ?
				    e->ctxt : e->id, why, e->id, strict ? "" :
				    "; the English text is used");
				g_free(why);
			}
		}
		g_free(key);
	}
}

/* How many entries of pf the English catalog has. */
static guint
S_known(const struct pofile *pf, const struct catalog *english)
{
	guint n = 0;

	for (guint i = 0; i < pf->entries->len; i++) {
		const struct poentry *e = pf->entries->pdata[i];
		char *key = S_msgkey(e->ctxt, e->id);

		n += g_hash_table_contains(english->by_msg, key);
		g_free(key);
	}
	return n;
}

struct catalog *
catalog_open(const char *dir, const char *locale, bool strict,
    const struct catalog *base, struct diags *diags)
{
	char *en = g_build_filename(dir, "en.po", NULL);
	struct catalog *english = base != NULL ? S_copy(base) :
	    S_load(en, diags);
	struct catalog *c = NULL;       /* the result */
	struct pofile *pf = NULL;
	char *path = NULL;
	guint all, lacking;

	if (english != NULL && base == NULL)
		english->path = g_strdup(en);
	if (english == NULL || locale == NULL) {
		c = english;
		english = NULL;
		goto out;
	}
	if ((path = S_find(dir, locale, diags)) == NULL)
		goto out;
	if (S_same_file(path, en)) {
		english->language = g_strdup(locale);
		c = english;
		english = NULL;
		goto out;
	}
	if ((pf = pofile_read(path, diags)) == NULL)
		goto out;
	c = S_new();
	c->path = g_strdup(path);
	c->language = g_strdup(strcmp(path, locale) != 0 ? locale :
	    pf->language);
	S_overlay(c, pf, english, strict, diags);
	all = g_hash_table_size(english->by_msg);
	lacking = all - g_hash_table_size(c->by_msg);
	if (pf->entries->len > 0 && S_known(pf, english) == 0) {
		struct srcpos none = { 0, 0 };

		diags_add(diags, SEV_WARNING, path, none, "none of the %u "
		    "entries of this file is a text of the sheet%s: is it a "
		    "plan's translation? (give that with --translations)",
		    pf->entries->len, strict ? "" : ", so the sheet stays "
		    "in English");
	} else if (lacking > 0) {
		struct srcpos none = { 0, 0 };

		/* With --strict nothing is written: nothing stays. */
		diags_add(diags, SEV_WARNING, path, none, "%u of the %u texts "
		    "of the sheet %s no usable translation here (missing, "
		    "empty, fuzzy or refused)%s; 'ucapgen --locale-report %s' "
		    "lists them", lacking, all, lacking == 1 ? "has" : "have",
		    strict ? "" : lacking == 1 ? ", so it stays in English" :
		    ", so they stay in English", locale);
	}
	c->english = english;
	english = NULL;
out:
	catalog_free(english);
	pofile_free(pf);
	g_free(path);
	g_free(en);
	return c;
}

void
catalog_free(struct catalog *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->by_key);
	g_hash_table_destroy(c->by_msg);
	catalog_free(c->english);
	g_free(c->language);
	g_free(c->path);
	g_free(c);
}

const char *
catalog_path(const struct catalog *c)
{
	return c->path;
}

const char *
catalog_language(const struct catalog *c)
{
	return c->language;
}

const char *
catalog_key(const struct catalog *c, const char *key)
{
	const char *t = g_hash_table_lookup(c->by_key, key);

	return t != NULL || c->english == NULL ? t :
	    catalog_key(c->english, key);
}

const char *
catalog_closest_key(const struct catalog *c, const char *key)
{
	const struct catalog *en = c->english != NULL ? c->english : c;
	guint n = 0;
	gpointer *keys = g_hash_table_get_keys_as_array(en->by_key, &n);
	const char *near = suggest_closest(key, (char *const *)keys, n);

	g_free(keys);
	return near;
}

const char *
catalog_msg(const struct catalog *c, const char *ctxt, const char *msgid)
{
	char *k = S_msgkey(ctxt, msgid);
	const char *t = g_hash_table_lookup(c->by_msg, k);

	g_free(k);
	if (t != NULL)
		return t;
	return c->english != NULL ? catalog_msg(c->english, ctxt, msgid) :
	    msgid;
}

char *
catalog_fill(const char *tmpl, const char *const *args)
{
	GString *s = g_string_new(NULL);
	const char *p = tmpl;

	while (*p != '\0') {
		const char *close;
		bool done = false;

		if (*p == '{' && (close = strchr(p, '}')) != NULL) {
			gsize n = (gsize)(close - p - 1);

			for (const char *const *a = args; a && a[0]; a += 2)
				if (strlen(a[0]) == n &&
				    strncmp(a[0], p + 1, n) == 0) {
					g_string_append(s, a[1] ? a[1] : "");
					p = close + 1;
					done = true;
					break;
				}
		}
		if (!done)
			g_string_append_c(s, *p++);
	}
	return g_string_free(s, FALSE);
}

/* ---- The locale report ---- */

static void
S_line(struct report *r, enum report_kind k, const struct poentry *e)
{
	/* A refused entry at its msgstr, where its warning points. */
	struct report_line l = { k, g_strdup(e->ctxt != NULL ? e->ctxt : ""),
	    g_strdup(e->id), NULL, k == REPORT_MISSING ? 0 :
	    k == REPORT_REFUSED ? e->str_line : e->line };

	g_array_append_val(r->lines, l);
	r->count[k]++;
}

/*
 * The en.po entry an entry of the locale's file that en.po lacks was
 * made from, or NULL: the one with its msgctxt (the key that names a
 * text), when the locale's file has no entry of that msgctxt and
 * en.po's msgid (a translator edited the msgid, which must stay as in
 * the template).  by_ctxt: en.po's entries by msgctxt; keys: those of
 * the locale's file (S_msgkey).
 */
static const struct poentry *
S_edited_from(const struct poentry *e, GHashTable *by_ctxt, GHashTable *keys)
{
	const struct poentry *en;
	char *key;
	bool lacked;

	if (e->ctxt == NULL || *e->ctxt == '\0' ||
	    (en = g_hash_table_lookup(by_ctxt, e->ctxt)) == NULL)
		return NULL;
	key = S_msgkey(en->ctxt, en->id);
	lacked = !g_hash_table_contains(keys, key);
	g_free(key);
	return lacked ? en : NULL;
}

struct report *
catalog_report(const char *dir, const char *locale, bool strict,
    struct diags *diags)
{
	char *en = g_build_filename(dir, "en.po", NULL);
	struct pofile *src = pofile_read(en, diags);
	struct pofile *pf = NULL;
	struct catalog *english = NULL, *c = NULL;
	GHashTable *have = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GHashTable *keys = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GHashTable *by_ctxt = g_hash_table_new(g_str_hash, g_str_equal);
	struct report *r = NULL;
	char *path = NULL;
	bool source;

	if (src == NULL || (path = S_find(dir, locale, diags)) == NULL ||
	    (pf = pofile_read(path, diags)) == NULL)
		goto out;
	english = S_source(src);
	source = S_same_file(path, en);
	r = g_new0(struct report, 1);
	r->path = g_strdup(path);
	r->language = g_strdup(locale);
	r->lines = g_array_new(FALSE, FALSE, sizeof(struct report_line));
	/* The same reading as catalog_open, for the same warnings. */
	c = S_new();
	S_overlay(c, pf, english, strict, diags);
	for (guint i = 0; i < src->entries->len; i++) {
		const struct poentry *e = src->entries->pdata[i];

		if (e->ctxt != NULL && *e->id != '\0')
			g_hash_table_insert(by_ctxt, e->ctxt, (gpointer)e);
	}
	for (guint i = 0; i < pf->entries->len; i++) {
		const struct poentry *e = pf->entries->pdata[i];

		g_hash_table_add(keys, S_msgkey(e->ctxt, e->id));
	}
	for (guint i = 0; i < pf->entries->len; i++) {
		const struct poentry *e = pf->entries->pdata[i];
		char *key = S_msgkey(e->ctxt, e->id);
		const struct poentry *from;

		if (!g_hash_table_contains(english->by_msg, key) &&
		    (from = S_edited_from(e, by_ctxt, keys)) != NULL) {
			S_line(r, REPORT_CHANGED, e);
			g_array_index(r->lines, struct report_line,
			    r->lines->len - 1).expected = g_strdup(from->id);
			/* not missing as well */
			g_hash_table_add(have, S_msgkey(from->ctxt,
			    from->id));
		} else if (!g_hash_table_contains(english->by_msg, key))
			S_line(r, REPORT_UNUSED, e);
		else if (source)
			;       /* the source language's words: its msgids */
		else if (e->fuzzy)
			S_line(r, REPORT_FUZZY, e);
		else if (*e->str == '\0')
			S_line(r, REPORT_UNTRANSLATED, e);
		else if (!g_hash_table_contains(c->by_msg, key))
			S_line(r, REPORT_REFUSED, e);
		g_hash_table_add(have, key);
	}
	r->translated = g_hash_table_size(c->by_msg);
	for (guint i = 0; i < src->entries->len; i++) {
		const struct poentry *e = src->entries->pdata[i];
		char *key = S_msgkey(e->ctxt, e->id);

		if (*e->id != '\0') {
			r->total++;
			if (!g_hash_table_contains(have, key))
				S_line(r, REPORT_MISSING, e);
		}
		g_free(key);
	}
	/* The source language's words are its msgids. */
	if (source)
		r->translated = r->total - r->count[REPORT_MISSING];
out:
	catalog_free(c);
	catalog_free(english);
	pofile_free(pf);
	pofile_free(src);
	g_hash_table_destroy(have);
	g_hash_table_destroy(keys);
	g_hash_table_destroy(by_ctxt);
	g_free(path);
	g_free(en);
	return r;
}

void
report_free(struct report *r)
{
	if (r == NULL)
		return;
	for (guint i = 0; i < r->lines->len; i++) {
		struct report_line *l = &g_array_index(r->lines,
		    struct report_line, i);

		g_free(l->key);
		g_free(l->english);
		g_free(l->expected);
	}
	g_array_free(r->lines, TRUE);
	g_free(r->language);
	g_free(r->path);
	g_free(r);
}
