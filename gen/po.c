/*
 * po.c: PO files through libgettextpo: reading them into entries, and
 * writing templates.
 *
 * libgettextpo reports problems through a handler that must not return on
 * a fatal one; the handler records the message in the diags of the file
 * at hand and jumps back to the call that read or wrote it.
 */
#include "po.h"

#include <gettext-po.h>
#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"

/* The most errors reported of one file (a binary file has thousands). */
#define PO_MAX_ERRORS 20

/* libgettextpo keeps its parser's state in globals, and so does the
 * handler below: one PO file at a time, whichever thread asks. */
static GMutex S_lock;

/* The file being read or written: the handler has no user pointer. */
static struct {
	struct diags *diags;
	const char *path;
	int errors;
	bool not_utf8;          /* said once a file */
	jmp_buf fatal;
} S_at;

/*
 * libgettextpo counts a line's columns as a terminal shows them (a wide
 * character takes two, a tab goes on to the next multiple of eight);
 * ucapgen's messages count characters.  The
 * character column of display column col on line lineno of path, or col
 * when the line cannot be read.
 */
static int
S_char_column(const char *path, size_t lineno, size_t col)
{
	char *text = NULL, *p;
	size_t d = 1, n = 1;

	if (path == NULL || !g_file_get_contents(path, &text, NULL, NULL) ||
	    !g_utf8_validate(text, -1, NULL)) {
		g_free(text);
		return (int)col;
	}
	p = text;
	for (size_t l = 1; l < lineno && p != NULL; l++)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	for (; p != NULL && *p != '\0' && *p != '\n' && d < col;
	    p = g_utf8_next_char(p), n++) {
		gunichar c = g_utf8_get_char(p);

		d += c == '\t' ? 8 - (d - 1) % 8 : g_unichar_iszerowidth(c) ?
		    0 : g_unichar_iswide(c) ? 2 : 1;
	}
	g_free(text);
	return p != NULL ? (int)n : (int)col;
}

/* libgettextpo's words for the mistakes translators make, in plainer
 * ones.  Takes msg; returns the message to print (caller frees). */
static char *
S_plain(char *msg)
{
	static const char *const words[][2] = {
		{ "end-of-line within string", "this text has no closing '\"' "
		    "on its line (a '\"' inside a text is written \\\")" },
		{ "invalid control sequence", "unknown escape after '\\': "
		    "write \\n for a new line, \\\" for a '\"' and \\\\ "
		    "for a backslash" },
		{ "missing 'msgstr' section", "this entry has no msgstr (its "
		    "translation)" },
		{ "duplicate message definition", "this entry (the same "
		    "msgctxt and msgid) is in the file twice: keep one" },
	};
	char *r;

	for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
		if (g_str_has_prefix(msg, words[i][0])) {
			r = g_strconcat(words[i][1], msg + strlen(words[i][0]),
			    NULL);
			g_free(msg);
			return r;
		}
	if (g_str_has_prefix(msg, "keyword \"") &&
	    g_str_has_suffix(msg, "\" unknown")) {
		r = g_strdup_printf("unknown word %.*s: an entry has msgctxt, "
		    "msgid and msgstr, and comment lines start with #",
		    (int)(strlen(msg) - strlen("keyword ") - strlen(" unknown")),
		    msg + strlen("keyword "));
		g_free(msg);
		return r;
	}
	return msg;
}

/* A message of libgettextpo; past PO_MAX_ERRORS errors, only counted.
 * (Jumping out would leak what libgettextpo holds for the message.) */
static void
S_report(int severity, const char *filename, size_t lineno, size_t column,
    const char *text)
{
	struct srcpos pos = { 0, 0 };
	bool error = severity != PO_SEVERITY_WARNING;
	char *msg;

	/* ucapgen checks the header's charset itself (S_charset). */
	if (!error && g_str_has_prefix(text, "Charset"))
		return;
	if (S_at.errors >= PO_MAX_ERRORS) {
		S_at.errors += error;
		return;
	}
	if (filename != NULL && lineno != (size_t)-1) {
		pos.line = (int)lineno;
		pos.col = column != (size_t)-1 ? S_char_column(S_at.path,
		    lineno, column) : 0;
	}
	/* Bytes that are not UTF-8: one message a file, with advice. */
	if (strstr(text, "invalid multibyte sequence") != NULL) {
		if (S_at.not_utf8)
			return;
		S_at.not_utf8 = true;
		text = "these bytes are not in the charset the header names: "
		    "save the file in UTF-8, with charset=UTF-8 in its header";
	}
	/* Some of libgettextpo's messages take two lines: one here. */
	msg = S_plain(g_strdelimit(g_strchomp(g_strdup(text)), "\n", ' '));
	diags_add(S_at.diags, error ? SEV_ERROR : SEV_WARNING, S_at.path,
	    pos, "%s", msg);
	g_free(msg);
	if (error && ++S_at.errors == PO_MAX_ERRORS)
		diags_add(S_at.diags, SEV_ERROR, S_at.path, pos, "too many "
		    "errors; the others are not shown (is it a PO file?)");
}

static void
S_xerror(int severity, po_message_t message, const char *filename,
    size_t lineno, size_t column, int multiline, const char *text)
{
	(void)message;
	(void)multiline;
	S_report(severity, filename, lineno, column, text);
	if (severity == PO_SEVERITY_FATAL_ERROR)
		longjmp(S_at.fatal, 1);
}

/* Two places: "duplicate message definition..." at the second and
 * "...this is the location of the first definition" at the first. */
static void
S_xerror2(int severity, po_message_t m1, const char *f1, size_t l1,
    size_t c1, int ml1, const char *t1, po_message_t m2, const char *f2,
    size_t l2, size_t c2, int ml2, const char *t2)
{
	char *a = g_strstrip(g_strdup(t1));
	char *b = g_strstrip(g_strdup(t2));
	char *both;

	(void)m1;
	(void)m2;
	(void)ml1;
	(void)ml2;
	(void)f2;
	(void)c2;
	if (g_str_has_suffix(a, "..."))
		a[strlen(a) - 3] = '\0';
	/* libgettextpo 0.21 gives line 0 for the first place. */
	both = l2 != (size_t)-1 && l2 > 0 ? g_strdup_printf("%s (line %zu: "
	    "%s)", a, l2, g_str_has_prefix(b, "...") ? b + 3 : b) :
	    g_strdup(a);
	S_report(severity, f1, l1, c1, both);
	g_free(both);
	g_free(a);
	g_free(b);
	if (severity == PO_SEVERITY_FATAL_ERROR)
		longjmp(S_at.fatal, 1);
}

static const struct po_xerror_handler S_handler = { S_xerror, S_xerror2 };

/* Whether a line of a PO file starts with the keyword. */
static bool
S_keyword(const char *line, const char *kw)
{
	size_t n = strlen(kw);

	return strncmp(line, kw, n) == 0 &&
	    (line[n] == ' ' || line[n] == '\t' || line[n] == '"');
}

/* Where an entry is in its file. */
struct lines {
	int start;              /* its msgctxt line, else its msgid line */
	int str;                /* its msgstr line */
};

/*
 * The lines of each entry of the file, in file order, header included.
 * libgettextpo 0.21 reads every entry's position but gives no way to ask
 * for it, so the lines are found here in the text libgettextpo has just
 * accepted: there every entry has exactly one line that starts with
 * "msgid", followed by one that starts with "msgstr", and obsolete
 * entries start theirs with "#~".
 */
static GArray *
S_entry_lines(const char *path)
{
	GArray *v = g_array_new(FALSE, FALSE, sizeof(struct lines));
	char *text = NULL;
	char **lines;
	int ctxt = 0;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return v;
	lines = g_strsplit(text, "\n", -1);
	for (int i = 0; lines[i] != NULL; i++) {
		struct lines l = { ctxt != 0 ? ctxt : i + 1, 0 };

		if (S_keyword(lines[i], "msgctxt"))
			ctxt = i + 1;
		else if (S_keyword(lines[i], "msgid")) {
			g_array_append_val(v, l);
			ctxt = 0;
		} else if (S_keyword(lines[i], "msgstr") && v->len > 0)
			g_array_index(v, struct lines, v->len - 1).str = i + 1;
	}
	g_strfreev(lines);
	g_free(text);
	return v;
}

static void
S_entry_free(gpointer p)
{
	struct poentry *e = p;

	g_free(e->ctxt);
	g_free(e->id);
	g_free(e->str);
	g_free(e->notes);
	g_free(e);
}

/* libgettextpo's reading of the file, or NULL with messages in diags. */
static po_file_t
S_po_read(const char *path, struct diags *diags)
{
	po_file_t volatile file = NULL;
	struct srcpos none = { 0, 0 };

	S_at.diags = diags;
	S_at.path = path;
	S_at.errors = 0;
	S_at.not_utf8 = false;
	if (setjmp(S_at.fatal) == 0)
		file = po_file_read(path, &S_handler);
	if (file != NULL && S_at.errors == 0)
		return file;
	if (file != NULL)
		po_file_free(file);
	if (S_at.errors == 0)
		diags_add(diags, SEV_ERROR, path, none, "cannot read the PO "
		    "file");
	return NULL;
}

/* A new entry from a message. */
static struct poentry *
S_entry(po_message_t m, const struct lines *at)
{
	const char *ctxt = po_message_msgctxt(m);
	const char *str = po_message_msgstr(m);
	struct poentry *e = g_new0(struct poentry, 1);

	e->ctxt = g_strdup(ctxt);
	e->id = g_strdup(po_message_msgid(m));
	e->str = g_strdup(str != NULL ? str : "");
	e->notes = *po_message_extracted_comments(m) != '\0' ?
	    g_strdup(po_message_extracted_comments(m)) : NULL;
	e->fuzzy = po_message_is_fuzzy(m);
	e->line = at != NULL ? at->start : 0;
	e->str_line = at != NULL ? at->str : 0;
	return e;
}

/* A warning when the header names an encoding other than UTF-8, the
 * only one ucapgen reads. */
static void
S_charset(const char *path, const char *header, const GArray *lines,
    struct diags *diags)
{
	char *type = po_header_field(header, "Content-Type");
	const char *cs = type != NULL ? strstr(type, "charset=") : NULL;
	struct srcpos at = { lines->len > 0 ?
	    g_array_index(lines, struct lines, 0).str : 0, 0 };

	if (cs != NULL) {
		char *name = g_strstrip(g_strdup(cs + 8));

		/* ASCII is UTF-8 too; CHARSET is a template's blank. */
		if (g_ascii_strcasecmp(name, "UTF-8") != 0 &&
		    g_ascii_strcasecmp(name, "UTF8") != 0 &&
		    g_ascii_strcasecmp(name, "ASCII") != 0 &&
		    g_ascii_strcasecmp(name, "US-ASCII") != 0 &&
		    strcmp(name, "CHARSET") != 0)
			diags_add(diags, SEV_WARNING, path, at, "the header "
			    "says charset=%s, and ucapgen reads PO files in "
			    "UTF-8 only: save the file in UTF-8 and write "
			    "charset=UTF-8 there", name);
		g_free(name);
	}
	free(type);
}

static struct pofile *
S_read(const char *path, struct diags *diags)
{
	struct pofile *pf;
	po_file_t file;
	po_message_iterator_t it;
	po_message_t m;
	struct srcpos none = { 0, 0 };
	const char *header;
	GArray *lines;
	guint n = 0;
	int bad = 0;

	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		diags_add(diags, SEV_ERROR, path, none, "cannot read the PO "
		    "file: %s", g_file_test(path, G_FILE_TEST_EXISTS) ?
		    "it is not a file" : "no such file");
		return NULL;
	}
	if ((file = S_po_read(path, diags)) == NULL)
		return NULL;
	pf = g_new0(struct pofile, 1);
	pf->path = g_strdup(path);
	pf->entries = g_ptr_array_new_with_free_func(S_entry_free);
	lines = S_entry_lines(path);
	header = po_file_domain_header(file, NULL);
	if (header != NULL) {
		char *lang = po_header_field(header, "Language");

		if (lang != NULL && *g_strstrip(lang) != '\0')
			pf->language = g_strdup(lang);
		free(lang);
		S_charset(path, header, lines, diags);
	}
	it = po_message_iterator(file, NULL);
	while ((m = po_next_message(it)) != NULL) {
		struct poentry *e;

		if (po_message_is_obsolete(m))
			continue;
		n++;
		if (*po_message_msgid(m) == '\0' &&
		    po_message_msgctxt(m) == NULL)
			continue;       /* the header */
		e = S_entry(m, n <= lines->len ?
		    &g_array_index(lines, struct lines, n - 1) : NULL);
		if (!g_utf8_validate(e->id, -1, NULL) ||
		    !g_utf8_validate(e->str, -1, NULL) || (e->ctxt != NULL &&
		    !g_utf8_validate(e->ctxt, -1, NULL))) {
			struct srcpos at = { e->line, 0 };

			if (bad++ == 0)
				diags_add(diags, SEV_ERROR, path, at, "this "
				    "text is not UTF-8: save the file in UTF-8 "
				    "(with charset=UTF-8 in its header)");
		}
		g_ptr_array_add(pf->entries, e);
	}
	po_message_iterator_free(it);
	/* Another domain's entries would upset the count: no lines then. */
	if (n != lines->len)
		for (guint i = 0; i < pf->entries->len; i++) {
			struct poentry *e = pf->entries->pdata[i];

			e->line = e->str_line = 0;
		}
	g_array_free(lines, TRUE);
	po_file_free(file);
	if (bad > 0) {
		pofile_free(pf);
		return NULL;
	}
	return pf;
}

struct pofile *
pofile_read(const char *path, struct diags *diags)
{
	struct pofile *pf;

	g_mutex_lock(&S_lock);
	pf = S_read(path, diags);
	g_mutex_unlock(&S_lock);
	return pf;
}

void
pofile_free(struct pofile *pf)
{
	if (pf == NULL)
		return;
	g_ptr_array_unref(pf->entries);
	g_free(pf->language);
	g_free(pf->path);
	g_free(pf);
}

/* ---- Templates ---- */

struct pot {
	po_file_t file;                 /* owned */
	po_message_iterator_t end;      /* owned; inserts at the end */
	GHashTable *index;              /* "ctxt\004msgid" -> po_message_t */
};

/* The header of a template, as xgettext writes it; msginit and the
 * translators' tools fill it in. */
static const char S_header[] =
    "Project-Id-Version: %s\n"
    "Report-Msgid-Bugs-To: \n"
    "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
    "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
    "Language-Team: LANGUAGE <LL@li.org>\n"
    "Language: \n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n";

struct pot *
pot_new(const char *project, const char *comment)
{
	struct pot *p = g_new0(struct pot, 1);
	po_message_t h = po_message_create();
	char *text = g_strdup_printf(S_header, project);

	p->file = po_file_create();
	p->end = po_message_iterator(p->file, NULL);
	p->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	po_message_set_msgid(h, "");
	po_message_set_msgstr(h, text);
	po_message_set_fuzzy(h, 1);
	if (comment != NULL)
		po_message_set_comments(h, comment);
	po_message_insert(p->end, h);
	g_free(text);
	return p;
}

void
pot_free(struct pot *p)
{
	if (p == NULL)
		return;
	g_hash_table_destroy(p->index);
	po_message_iterator_free(p->end);
	po_file_free(p->file);
	g_free(p);
}

/* Whether a text has {words} and every brace belongs to one, as Python's
 * str.format reads them: then msgfmt can check the translations. */
static bool
S_brace_format(const char *s)
{
	bool any = false;

	for (const char *p = s; *p != '\0'; p++) {
		size_t n;

		if (*p == '}')
			return false;
		if (*p != '{')
			continue;
		n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_0123456789");
		if (n == 0 || p[1 + n] != '}' || g_ascii_isdigit(p[1]))
			return false;
		any = true;
		p += n + 1;
	}
	return any;
}

void
pot_add(struct pot *p, const char *ctxt, const char *msgid,
    const char *comment, const char *file, int line)
{
	char *key = g_strdup_printf("%s\004%s", ctxt != NULL ? ctxt : "",
	    msgid);
	po_message_t m = g_hash_table_lookup(p->index, key);

	if (m == NULL) {
		m = po_message_create();
		po_message_set_msgctxt(m, ctxt);
		po_message_set_msgid(m, msgid);
		po_message_set_msgstr(m, "");
		if (comment != NULL)
			po_message_set_extracted_comments(m, comment);
		if (S_brace_format(msgid))
			po_message_set_format(m, "python-brace-format", 1);
		po_message_insert(p->end, m);
		g_hash_table_insert(p->index, key, m);
	} else
		g_free(key);
	if (file != NULL)
		po_message_add_filepos(m, file, line > 0 ? (size_t)line :
		    (size_t)-1);
}

/* libgettextpo's writing of the file, or false with messages. */
static bool
S_po_write(po_file_t file, const char *path, struct diags *diags)
{
	po_file_t volatile done = NULL;

	S_at.diags = diags;
	S_at.path = path;
	S_at.errors = 0;
	S_at.not_utf8 = false;
	if (setjmp(S_at.fatal) == 0)
		done = po_file_write(file, path, &S_handler);
	return done != NULL && S_at.errors == 0;
}

static bool
S_write(struct pot *p, const char *path, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	GError *err = NULL;
	char *tmp = NULL, *text = NULL;
	gsize len = 0;
	bool ok = false;
	int fd = g_file_open_tmp("ucapgen-XXXXXX.pot", &tmp, &err);

	if (fd < 0) {
		diags_add(diags, SEV_ERROR, NULL, none, "cannot make a "
		    "temporary file: %s", err->message);
		g_error_free(err);
		return false;
	}
	close(fd);
	if (S_po_write(p->file, tmp, diags) &&
	    g_file_get_contents(tmp, &text, &len, NULL)) {
		char *names[] = { (char *)path, NULL };
		GPtrArray *files = g_ptr_array_new_with_free_func(
		    (GDestroyNotify)g_bytes_unref);

		g_ptr_array_add(files, g_bytes_new_take(text, len));
		ok = output_write(names, files, diags);
		g_ptr_array_unref(files);
	}
	g_unlink(tmp);
	g_free(tmp);
	return ok;
}

bool
pot_write(struct pot *p, const char *path, struct diags *diags)
{
	bool ok;

	g_mutex_lock(&S_lock);
	ok = S_write(p, path, diags);
	g_mutex_unlock(&S_lock);
	return ok;
}
