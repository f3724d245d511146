/*
 * markup.c: parser of the inline markup described in markup.h.
 *
 * Produces the plain text and its styled runs; owns nothing after it
 * returns.
 */
#include "markup.h"

#include <string.h>

struct parser {
	const char *src;
	const char *p;
	struct markup *out;
	struct markup_error *err;
	bool space;            /* a space is pending in the output */
};

static bool
S_special(char c)
{
	return c == '*' || c == '_' || c == '[' || c == ']' || c == '\\';
}

static void
S_emit(struct parser *ps, const char *s, gsize n)
{
	if (ps->space && ps->out->text->len > 0)
		g_string_append_c(ps->out->text, ' ');
	ps->space = false;
	g_string_append_len(ps->out->text, s, (gssize)n);
}

static bool G_GNUC_PRINTF(3, 4)
S_fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;

	ps->err->offset = (guint)(at - ps->src);
	va_start(ap, fmt);
	ps->err->msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return false;
}

/*
 * One plain unit (P in the grammar): a character that is not special, an
 * escape, or "_" before a plain character.  Returns 1 when one was read,
 * 0 when the next character is special, -1 on an error.
 */
static int
S_plain(struct parser *ps)
{
	const char *p = ps->p;

	if (*p == '\0')
		return 0;
	if (*p == '\\') {
		if (p[1] == '\0' || !S_special(p[1])) {
			S_fail(ps, p, "a backslash only escapes * _ [ ] and "
			    "\\; write \\\\ for a backslash itself");
			return -1;
		}
		S_emit(ps, p + 1, 1);
		ps->p = p + 2;
		return 1;
	}
	if (*p == '_') {
		if (p[1] == '\0' || p[1] == '_')
			return 0;
		if (S_special(p[1])) {
			S_fail(ps, p, "an underscore just before '%c' must be "
			    "written \\_", p[1]);
			return -1;
		}
		S_emit(ps, p, 1);
		ps->p = p + 1;
		return 1;
	}
	if (S_special(*p))
		return 0;
	if (g_ascii_isspace(*p)) {
		while (g_ascii_isspace(*ps->p))
			ps->p++;
		ps->space = true;
		return 1;
	}
	{
		/* Up to the next character that means something, whole:
		 * no byte of a character beyond ASCII is one of those. */
		const char *next = p + 1;

		while (*next != '\0' && !S_special(*next) &&
		    !g_ascii_isspace(*next))
			next++;
		S_emit(ps, p, (gsize)(next - p));
		ps->p = next;
	}
	return 1;
}

static void
S_add_run(struct parser *ps, enum run_kind kind, guint start, char *href)
{
	struct run r = { kind, start, (guint)ps->out->text->len, href };

	g_array_append_val(ps->out->runs, r);
}

static const char *
S_name(enum run_kind k)
{
	switch (k) {
	case RUN_BOLD:
		return "**";
	case RUN_ITALIC:
		return "*";
	case RUN_UNDERLINE:
		return "__";
	case RUN_LINK:
		return "[";
	}
	return "";
}

/* The closing marker as the author sees it. */
static const char *
S_close_name(enum run_kind k)
{
	return k == RUN_LINK ? "]" : S_name(k);
}

/* Whether the address from u to e starts with a scheme a link may
 * have, and has more after it. */
static bool
S_scheme(const char *u, const char *e)
{
	static const char *const ok[] = { "https://", "http://", "mailto:" };

	for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
		size_t n = strlen(ok[i]);

		if ((size_t)(e - u) > n && strncmp(u, ok[i], n) == 0)
			return true;
	}
	return false;
}

/* A span that reaches the end of the text. */
static bool
S_unclosed(struct parser *ps, enum run_kind kind, const char *open)
{
	switch (kind) {
	case RUN_BOLD:
		return S_fail(ps, open, "'**' is never closed: end the bold "
		    "text with '**', or write \\*\\* for the stars themselves");
	case RUN_ITALIC:
		return S_fail(ps, open, "'*' is never closed: end the italic "
		    "text with '*', or write \\* for a star itself");
	case RUN_UNDERLINE:
		return S_fail(ps, open, "'__' is never closed: end the "
		    "underlined text with '__', or write \\_\\_ for the "
		    "underscores themselves");
	case RUN_LINK:
		break;
	}
	return S_fail(ps, open, "'[' is never closed: a link is written "
	    "[text](https://…); write \\[ for a bracket itself");
}

/* A span: opening marker already read; its plain content, then close. */
static bool
S_span(struct parser *ps, enum run_kind kind, const char *open,
    const char *close)
{
	guint start;
	int n = 0, r;

	if (ps->space && ps->out->text->len > 0)
		g_string_append_c(ps->out->text, ' ');
	ps->space = false;
	start = (guint)ps->out->text->len;
	while ((r = S_plain(ps)) == 1)
		n++;
	if (r < 0)
		return false;
	if (strncmp(ps->p, close, strlen(close)) != 0) {
		if (*ps->p == '\0' || (ps->p[0] == '_' && ps->p[1] == '\0'))
			return S_unclosed(ps, kind, open);
		if (kind == RUN_LINK && *ps->p == ']')
			return S_fail(ps, open, "'%.*s' is not followed by an "
			    "address: a link is written [text](https://…); "
			    "write \\[ and \\] for brackets themselves",
			    (int)(ps->p + 1 - open), open);
		return S_fail(ps, ps->p, "'%c' cannot stand inside '%s…%s': "
		    "formatting does not nest; write \\%c for the character "
		    "itself", *ps->p, S_name(kind), S_close_name(kind),
		    *ps->p);
	}
	if (n == 0)
		return S_fail(ps, open, "'%s%s' has nothing between its "
		    "markers", S_name(kind), S_close_name(kind));
	/* A trailing space inside the markers stays inside. */
	if (ps->space) {
		g_string_append_c(ps->out->text, ' ');
		ps->space = false;
	}
	ps->p += strlen(close);
	if (kind != RUN_LINK)
		S_add_run(ps, kind, start, NULL);
	else {
		const char *u = ps->p, *e = u;

		while (*e != '\0' && *e != ')' && *e != '(' &&
		    !g_ascii_isspace(*e))
			e++;
		if (e != u && *e == '(' && S_scheme(u, e))
			return S_fail(ps, open, "the address of this link has "
			    "a '(': write '(' in an address as %%28 and ')' as "
			    "%%29, as in https://example.org/a%%28b%%29");
		if (e == u || (*e != ')' && *e != '('))
			return S_fail(ps, open, "the address of this link is "
			    "missing or not closed with ')': a link is written "
			    "[text](https://…), with no space in the address");
		if (!S_scheme(u, e))
			return S_fail(ps, open, "the address '%.*s' is not a "
			    "web address: a link's address starts with "
			    "https:// (or http://, or mailto: for an e-mail "
			    "address)", (int)(e - u), u);
		S_add_run(ps, kind, start, g_strndup(u, (gsize)(e - u)));
		ps->p = e + 1;
	}
	return true;
}

/* Bare web and e-mail addresses become links, unless already in one. */
static bool
S_in_link(const struct markup *m, guint at)
{
	for (guint i = 0; i < m->runs->len; i++) {
		const struct run *r = &g_array_index(m->runs, struct run, i);

		if (r->kind == RUN_LINK && at >= r->start && at < r->end)
			return true;
	}
	return false;
}

static bool
S_addr_char(char c)
{
	return c != '\0' && !g_ascii_isspace(c) && c != '<' && c != '>' &&
	    c != '"' && c != '(' && c != ')' && (unsigned char)c < 0x80;
}

static void
S_autolink(struct markup *m)
{
	const char *t = m->text->str;
	GArray *found;

	/* Most texts have neither. */
	if (strchr(t, '@') == NULL && strstr(t, "http") == NULL)
		return;
	found = g_array_new(FALSE, FALSE, sizeof(struct run));
	for (guint i = 0; i < m->text->len; i++) {
		guint s = i, e;
		char *href;

		if (i > 0 && S_addr_char(t[i - 1]))
			continue;
		if (g_str_has_prefix(t + i, "https://") ||
		    g_str_has_prefix(t + i, "http://")) {
			for (e = i; S_addr_char(t[e]); e++)
				;
		} else {
			guint at = 0;

			for (e = i; S_addr_char(t[e]); e++)
				if (t[e] == '@')
					at = e;
			if (at == 0 || at == s || strchr(t + at, '.') == NULL ||
			    strchr(t + at, '.') >= t + e)
				continue;
		}
		while (e > s && strchr(".,;:!?'", t[e - 1]) != NULL)
			e--;
		if (e - s < 6 || S_in_link(m, s)) {
			i = e;
			continue;
		}
		href = t[s] == 'h' && strncmp(t + s, "http", 4) == 0 ?
		    g_strndup(t + s, e - s) :
		    g_strdup_printf("mailto:%.*s", (int)(e - s), t + s);
		{
			struct run r = { RUN_LINK, s, e, href };

			g_array_append_val(found, r);
		}
		i = e;
	}
	g_array_append_vals(m->runs, found->data, found->len);
	g_array_free(found, TRUE);
}

static gint
S_run_cmp(gconstpointer a, gconstpointer b)
{
	const struct run *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

bool
markup_parse(const char *src, struct markup *out, struct markup_error *err)
{
	struct parser ps = { src, src, out, err, false };
	int r;

	out->text = g_string_new(NULL);
	out->runs = g_array_new(FALSE, FALSE, sizeof(struct run));
	err->msg = NULL;
	err->offset = 0;
	while (g_ascii_isspace(*ps.p))
		ps.p++;
	for (;;) {
		const char *at = ps.p;
		bool ok = true;

		r = S_plain(&ps);
		if (r == 1)
			continue;
		if (r < 0)
			break;
		if (*at == '\0')
			break;
		if (strncmp(at, "**", 2) == 0) {
			ps.p = at + 2;
			ok = S_span(&ps, RUN_BOLD, at, "**");
		} else if (*at == '*') {
			ps.p = at + 1;
			ok = S_span(&ps, RUN_ITALIC, at, "*");
		} else if (strncmp(at, "__", 2) == 0) {
			ps.p = at + 2;
			ok = S_span(&ps, RUN_UNDERLINE, at, "__");
		} else if (at[0] == '_' && at[1] == '\0') {
			S_emit(&ps, at, 1);
			ps.p = at + 1;
		} else if (*at == '[') {
			ps.p = at + 1;
			ok = S_span(&ps, RUN_LINK, at, "](");
		} else if (*at == ']') {
			ok = S_fail(&ps, at, "']' has no '[' before it; write "
			    "\\] for a bracket itself");
		} else {
			ok = S_fail(&ps, at, "unexpected '%c'", *at);
		}
		if (!ok) {
			r = -1;
			break;
		}
	}
	if (r < 0) {
		markup_clear(out);
		return false;
	}
	S_autolink(out);
	if (out->runs->len > MARKUP_RUNS_MAX) {
		S_fail(&ps, src, "this text has %u links and marked "
		    "words, more than the %d a paragraph may have; split it "
		    "into shorter ones", out->runs->len, MARKUP_RUNS_MAX);
		markup_clear(out);
		return false;
	}
	g_array_sort(out->runs, S_run_cmp);
	return true;
}

void
markup_clear(struct markup *m)
{
	if (m->runs != NULL) {
		for (guint i = 0; i < m->runs->len; i++)
			g_free(g_array_index(m->runs, struct run, i).href);
		g_array_free(m->runs, TRUE);
	}
	if (m->text != NULL)
		g_string_free(m->text, TRUE);
	m->runs = NULL;
	m->text = NULL;
}

char **
markup_paragraphs(const char *src)
{
	GPtrArray *v = g_ptr_array_new();
	const char *p = src, *start = src;

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		const char *q;

		if (nl == NULL)
			break;
		/* A line holding only white space ends a paragraph. */
		for (q = nl + 1; *q == ' ' || *q == '\t' || *q == '\r'; q++)
			;
		if (*q == '\n') {
			char *para = g_strstrip(g_strndup(start,
			    (gsize)(nl - start)));

			if (*para != '\0')
				g_ptr_array_add(v, para);
			else
				g_free(para);
			start = q + 1;
			p = start;
		} else
			p = nl + 1;
	}
	{
		char *para = g_strstrip(g_strdup(start));

		if (*para != '\0')
			g_ptr_array_add(v, para);
		else
			g_free(para);
	}
	g_ptr_array_add(v, NULL);
	return (char **)g_ptr_array_free(v, FALSE);
}
