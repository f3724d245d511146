/*
 * catalog.c: PO catalogs, read with libgettextpo.
 *
 * Owns the strings of a loaded catalog.  libgettextpo reports problems
 * through a handler that must not return on a fatal one; the handler
 * records the message and jumps back to catalog_load.
 */
#include "catalog.h"

#include <gettext-po.h>
#include <setjmp.h>
#include <string.h>

struct catalog {
	GHashTable *by_key;     /* msgctxt -> text (owned) */
	GHashTable *by_msg;     /* "ctxt\004msgid" -> text (owned) */
};

/* The catalog being read: libgettextpo's handler has no user pointer. */
static struct {
	struct diags *diags;
	const char *path;
	int errors;
	jmp_buf fatal;
} S_reading;

static void
S_report(int severity, const char *filename, size_t lineno, size_t column,
    const char *text)
{
	struct srcpos pos = { 0, 0 };
	char *msg = g_strchomp(g_strdup(text));

	if (filename != NULL && lineno != (size_t)-1) {
		pos.line = (int)lineno;
		pos.col = column != (size_t)-1 ? (int)column : 0;
	}
	diags_add(S_reading.diags, severity == PO_SEVERITY_WARNING ?
	    SEV_WARNING : SEV_ERROR, S_reading.path, pos, "%s", msg);
	g_free(msg);
	if (severity != PO_SEVERITY_WARNING)
		S_reading.errors++;
}

static void
S_xerror(int severity, po_message_t message, const char *filename,
    size_t lineno, size_t column, int multiline, const char *text)
{
	(void)message;
	(void)multiline;
	S_report(severity, filename, lineno, column, text);
	if (severity == PO_SEVERITY_FATAL_ERROR)
		longjmp(S_reading.fatal, 1);
}

static void
S_xerror2(int severity, po_message_t m1, const char *f1, size_t l1,
    size_t c1, int ml1, const char *t1, po_message_t m2, const char *f2,
    size_t l2, size_t c2, int ml2, const char *t2)
{
	(void)m1;
	(void)m2;
	(void)ml1;
	(void)ml2;
	(void)f2;
	(void)l2;
	(void)c2;
	{
		char *both = g_strdup_printf("%s %s", t1, t2);

		S_report(severity, f1, l1, c1, both);
		g_free(both);
	}
	if (severity == PO_SEVERITY_FATAL_ERROR)
		longjmp(S_reading.fatal, 1);
}

static const struct po_xerror_handler S_handler = { S_xerror, S_xerror2 };

static void
S_add(struct catalog *c, po_message_t m)
{
	const char *ctxt = po_message_msgctxt(m);
	const char *id = po_message_msgid(m);
	const char *str = po_message_msgstr(m);
	const char *text;

	if (po_message_is_obsolete(m) || *id == '\0')
		return;
	/* Untranslated and fuzzy entries read as the English text. */
	text = str != NULL && *str != '\0' && !po_message_is_fuzzy(m) ?
	    str : id;
	if (ctxt != NULL)
		g_hash_table_insert(c->by_key, g_strdup(ctxt), g_strdup(text));
	g_hash_table_insert(c->by_msg, g_strdup_printf("%s\004%s",
	    ctxt != NULL ? ctxt : "", id), g_strdup(text));
}

struct catalog *
catalog_load(const char *path, struct diags *diags)
{
	struct catalog *c;
	po_file_t volatile file = NULL;
	po_message_iterator_t it;
	po_message_t m;
	struct srcpos none = { 0, 0 };

	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		diags_add(diags, SEV_ERROR, path, none, "cannot read the "
		    "string catalog: no such file");
		return NULL;
	}
	S_reading.diags = diags;
	S_reading.path = path;
	S_reading.errors = 0;
	if (setjmp(S_reading.fatal) == 0)
		file = po_file_read(path, &S_handler);
	if (file == NULL || S_reading.errors > 0) {
		if (file != NULL)
			po_file_free(file);
		if (S_reading.errors == 0)
			diags_add(diags, SEV_ERROR, path, none, "cannot read "
			    "the string catalog");
		return NULL;
	}
	c = g_new0(struct catalog, 1);
	c->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	c->by_msg = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_free);
	it = po_message_iterator(file, NULL);
	while ((m = po_next_message(it)) != NULL)
		S_add(c, m);
	po_message_iterator_free(it);
	po_file_free(file);
	return c;
}

void
catalog_free(struct catalog *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->by_key);
	g_hash_table_destroy(c->by_msg);
	g_free(c);
}

const char *
catalog_key(const struct catalog *c, const char *key)
{
	return g_hash_table_lookup(c->by_key, key);
}

const char *
catalog_msg(const struct catalog *c, const char *ctxt, const char *msgid)
{
	char *k = g_strdup_printf("%s\004%s", ctxt, msgid);
	const char *t = g_hash_table_lookup(c->by_msg, k);

	g_free(k);
	return t != NULL ? t : msgid;
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
