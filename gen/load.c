/*
 * load.c: the load stage: YAML events to a positioned XML tree.
 *
 * Drives libyaml's event parser (never its document API, which expands
 * aliases) and builds the tree one event at a time with an explicit stack,
 * so hostile nesting cannot overflow the C stack.  The rules are in
 * load.h.  Owns nothing after it returns: the tree goes to the caller
 * (but for the text of standard input, kept for the run's other loads).
 */
#include "load.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

/* Where the tags written "!!name" live. */
#define S_YAML_TAGS "tag:yaml.org,2002:"

enum frame_kind {
	FRAME_MAPPING,
	FRAME_SEQUENCE,
};

struct frame {
	enum frame_kind kind;
	xmlNodePtr node;        /* NULL while skipping a refused subtree */
	GHashTable *keys;       /* mapping: keys seen (borrowed from node) */
	char *key;              /* mapping: pending key, owned; NULL = none */
	struct srcpos keypos;   /* mapping: position of the pending key */
	bool skip_value;        /* mapping: drop the pending key's value */
	bool is_key;            /* a refused key that is a collection */
	guint entries;          /* sequence: entries so far */
};

struct loader {
	struct tree *tree;
	struct diags *diags;
	const char *buf;        /* the file's bytes, for messages */
	size_t len;
	xmlNsPtr ns;
	GArray *stack;          /* of struct frame */
	GHashTable *aliases;    /* anchors whose alias has had a message */
	int documents;          /* documents seen so far */
	int errors;             /* errors this loader reported */
	struct srcpos text_root; /* where a document that is one text
	                          * starts; line 0 when none */
	bool stop;              /* give up: too many errors or fatal */
	int at_line;            /* S_byte's place: a line (0: none yet) */
	size_t at_off;          /* and the offset where it starts */
};

static struct srcpos
S_pos(yaml_mark_t m)
{
	struct srcpos p = { (int)m.line + 1, (int)m.column + 1 };

	return p;
}

static void G_GNUC_PRINTF(3, 4)
S_error(struct loader *l, struct srcpos pos, const char *fmt, ...)
{
	va_list ap;

	if (l->errors >= LOAD_MAX_ERRORS) {
		l->stop = true;
		return;
	}
	va_start(ap, fmt);
	diags_addv(l->diags, SEV_ERROR, l->tree->file, pos, fmt, ap);
	va_end(ap);
	if (++l->errors == LOAD_MAX_ERRORS) {
		diags_add(l->diags, SEV_ERROR, l->tree->file, pos,
		    "too many errors; stopping here");
		l->stop = true;
	}
}

/* The byte offset of character column col (1-based) of the line that
 * starts at offset i: its end or the file's when the line is shorter. */
static size_t
S_column(const struct loader *l, size_t i, int col)
{
	for (int c = 1; i < l->len && c < col && l->buf[i] != '\n'; c++) {
		i++;
		while (i < l->len && ((unsigned char)l->buf[i] & 0xC0) == 0x80)
			i++;
	}
	return i;
}

/* The byte offset of a 1-based line and character column, or len. */
static size_t
S_offset(const struct loader *l, struct srcpos pos)
{
	size_t i = 0;
	int line = 1;

	while (i < l->len && line < pos.line)
		if (l->buf[i++] == '\n')
			line++;
	return S_column(l, i, pos.col);
}

/* The byte offset of a position, as S_offset, reading on from the line
 * last asked for: the values of a file come in order. */
static size_t
S_byte(struct loader *l, struct srcpos pos)
{
	if (l->at_line == 0 || pos.line < l->at_line) {
		l->at_line = 1;
		l->at_off = 0;
	}
	while (l->at_off < l->len && l->at_line < pos.line)
		if (l->buf[l->at_off++] == '\n')
			l->at_line++;
	return S_column(l, l->at_off, pos.col);
}

/* Whether something other than spaces comes before off on its line. */
static bool
S_midline(const struct loader *l, size_t off)
{
	for (size_t i = MIN(off, l->len); i > 0 && l->buf[i - 1] != '\n'; i--)
		if (l->buf[i - 1] != ' ' && l->buf[i - 1] != '-')
			return true;
	return false;
}

/* The line and column of a byte offset. */
static struct srcpos
S_pos_of_offset(const struct loader *l, size_t off)
{
	struct srcpos p = { 1, 1 };

	for (size_t i = 0; i < off && i < l->len; i++) {
		if (l->buf[i] == '\n') {
			p.line++;
			p.col = 1;
		} else if (((unsigned char)l->buf[i] & 0xC0) != 0x80)
			p.col++;
	}
	return p;
}

/* The first byte that is not UTF-8, named (with what it would be in
 * Latin-1, the usual cause). */
static void
S_bad_utf8(struct loader *l)
{
	const char *end = l->buf;
	unsigned char b;
	size_t off;

	g_utf8_validate(l->buf, (gssize)l->len, &end);
	off = (size_t)(end - l->buf);
	b = off < l->len ? (unsigned char)l->buf[off] : 0;
	if (b >= 0xA0) {
		char latin1[8] = { 0 };

		g_unichar_to_utf8(b, latin1);
		S_error(l, S_pos_of_offset(l, off), "the file is not UTF-8 "
		    "text: byte 0x%02X here is '%s' in Latin-1; save the file "
		    "as UTF-8", b, latin1);
	} else
		S_error(l, S_pos_of_offset(l, off), "the file is not UTF-8 "
		    "text (byte 0x%02X here); save it as UTF-8", b);
}

/*
 * Whether the text holds a character libyaml takes for a line break (as
 * YAML 1.1 does) and an editor does not: NEL (U+0085), the line and the
 * paragraph separator (U+2028, U+2029).  Every line number after one
 * would be wrong, and a comment would end there; so it is an error, at
 * the first one.
 */
static bool
S_unicode_break(struct loader *l)
{
	static const struct {
		const char *name;
		unsigned code;
	} breaks[] = {
		{ "next-line character", 0x85 },        /* C2 85 */
		{ "line separator", 0x2028 },           /* E2 80 A8 */
		{ "paragraph separator", 0x2029 },      /* E2 80 A9 */
	};
	const unsigned char *b = (const unsigned char *)l->buf;

	for (size_t i = 0; i + 1 < l->len; i++) {
		int which = -1;

		if (b[i] == 0xC2 && b[i + 1] == 0x85)
			which = 0;
		else if (b[i] == 0xE2 && i + 2 < l->len && b[i + 1] == 0x80 &&
		    (b[i + 2] == 0xA8 || b[i + 2] == 0xA9))
			which = b[i + 2] == 0xA8 ? 1 : 2;
		if (which < 0)
			continue;
		S_error(l, S_pos_of_offset(l, i), "this line holds a %s "
		    "(U+%04X), which YAML takes for a line break though it "
		    "does not show as one: remove it, or put a real line "
		    "break there", breaks[which].name, breaks[which].code);
		return true;
	}
	return false;
}

/* Whether the line at off has a ': ' more than 1024 bytes on: libyaml
 * reads no longer key (its message then is that of a missing colon). */
static bool
S_long_key(const struct loader *l, size_t off)
{
	for (size_t i = off; i + 1 < l->len && l->buf[i] != '\n'; i++)
		if (l->buf[i] == ':' && (l->buf[i + 1] == ' ' ||
		    l->buf[i + 1] == '\n' || l->buf[i + 1] == '\r'))
			return i - off > 1024;
	return false;
}

/* Where the '[' or '{' that is still open at OFF starts, or OFF when
 * none is: scans back over the text, skipping quoted text and
 * comments roughly, as a hint for a message and nothing more. */
static size_t
S_unclosed_flow(const struct loader *l, size_t off)
{
	int depth = 0;
	size_t end = off < l->len ? off : l->len;

	for (size_t i = end; i > 0; i--) {
		char ch = l->buf[i - 1];

		if (ch == ']' || ch == '}')
			depth++;
		else if ((ch == '[' || ch == '{') && depth-- == 0)
			return i - 1;
	}
	return off;
}

/* A line of the file, as the check for a missing ':' sees it. */
struct fileline {
	size_t start, end;      /* its bytes, without the line break */
	size_t key;             /* where its key or text starts: after the
	                           indentation and any '- ' */
};

static struct fileline
S_line_at(const struct loader *l, size_t off)
{
	struct fileline f;

	for (f.start = MIN(off, l->len); f.start > 0 &&
	    l->buf[f.start - 1] != '\n'; f.start--)
		;
	for (f.end = f.start; f.end < l->len && l->buf[f.end] != '\n' &&
	    l->buf[f.end] != '\r'; f.end++)
		;
	f.key = f.start;
	while (f.key < f.end && (l->buf[f.key] == ' ' ||
	    (l->buf[f.key] == '-' && f.key + 1 < f.end &&
	    l->buf[f.key + 1] == ' ')))
		f.key++;
	return f;
}

/* The nearest line above the one that starts at start that holds more
 * than spaces or a comment; false when there is none. */
static bool
S_line_above(const struct loader *l, size_t start, struct fileline *f)
{
	while (start > 0) {
		*f = S_line_at(l, start - 1);
		if (f->key < f->end && l->buf[f->key] != '#')
			return true;
		start = f->start;
	}
	return false;
}

/* Whether a line has a ':' that ends a key (before a space, its end or
 * a comment). */
static bool
S_has_key(const struct loader *l, const struct fileline *f)
{
	for (size_t i = f->key; i < f->end; i++)
		if (l->buf[i] == ':' && (i + 1 == f->end ||
		    l->buf[i + 1] == ' '))
			return true;
	return false;
}

/* Whether a line's text starts as a key does: a word of small letters,
 * digits and '-', then a space. */
static bool
S_starts_like_key(const struct loader *l, const struct fileline *f)
{
	size_t i = f->key;

	if (i >= f->end || !g_ascii_islower(l->buf[i]))
		return false;
	while (i < f->end && (g_ascii_islower(l->buf[i]) ||
	    g_ascii_isdigit(l->buf[i]) || l->buf[i] == '-'))
		i++;
	return i < f->end && l->buf[i] == ' ';
}

enum colon { COLON_FINE, COLON_MISSING, COLON_ENTRY };

/*
 * Whether the ':' at off that libyaml refused comes from the line above
 * lacking its own, which libyaml reads together with the line at off as
 * one text.  COLON_MISSING: a key line without ':' ("name Changchun"),
 * lined up with the key at off and placed where a key goes (first in its
 * mapping, or after a key of the same column).  COLON_ENTRY: a list
 * entry that starts like a key ("- name Mannheim") with the key at off
 * lined up after its '- ': a missing ':', or a text over two lines.  *at
 * is where that line's key starts.
 */
static enum colon
S_missing_colon(const struct loader *l, size_t off, size_t *at)
{
	struct fileline here = S_line_at(l, off), prev, before;

	if (!S_line_above(l, here.start, &prev) ||
	    prev.key - prev.start != here.key - here.start ||
	    S_has_key(l, &prev))
		return COLON_FINE;      /* not lined up, or has a key */
	*at = prev.key;
	if (prev.key != prev.start + strspn(l->buf + prev.start, " "))
		return S_starts_like_key(l, &prev) ? COLON_ENTRY : COLON_FINE;
	if (!S_line_above(l, prev.start, &before))
		return COLON_MISSING;
	if (before.key - before.start == prev.key - prev.start)
		return S_has_key(l, &before) ? COLON_MISSING : COLON_FINE;
	if (before.key - before.start > prev.key - prev.start)
		return COLON_FINE;
	while (before.end > before.key && l->buf[before.end - 1] == ' ')
		before.end--;
	return before.end > before.key && l->buf[before.end - 1] == ':' ?
	    COLON_MISSING : COLON_FINE;
}

/*
 * Turn a libyaml error into a message for the plan's author.  libyaml's
 * own words are kept where they are clear and replaced where they are not.
 */
static void
S_syntax_error(struct loader *l, const yaml_parser_t *p)
{
	const char *problem = p->problem != NULL ? p->problem : "syntax error";
	struct srcpos pos = S_pos(p->problem_mark);
	struct srcpos ctx = S_pos(p->context_mark);
	struct srcpos first = { 1, 1 };
	size_t off, opener;
	enum colon colon;
	char c, ctx_c;

	if (p->error == YAML_READER_ERROR) {
		if (strstr(problem, "UTF-16") != NULL)
			S_error(l, first, "the file is UTF-16 text with a "
			    "broken character; save it as UTF-8");
		else if (strstr(problem, "UTF-8") != NULL)
			S_bad_utf8(l);
		else if (strstr(problem, "control characters") != NULL)
			S_error(l, S_pos_of_offset(l, p->problem_offset),
			    "the file contains a control character (byte "
			    "0x%02X); a plan is plain text, is this the right "
			    "file?", (unsigned)(p->problem_value & 0xFF));
		else
			S_error(l, S_pos_of_offset(l, p->problem_offset),
			    "cannot read the file: %s", problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		S_error(l, pos, "out of memory while reading the plan");
		return;
	}

	off = S_offset(l, pos);
	if (off < l->len && l->buf[off] == '\t') {
		S_error(l, pos, "a tab character cannot indent YAML; "
		    "indent with spaces");
		return;
	}
	/* A tab earlier on the line is the usual cause of an indentation
	 * problem reported further on. */
	for (size_t i = off; i > 0 && l->buf[i - 1] != '\n'; i--) {
		if (l->buf[i - 1] == '\t') {
			S_error(l, S_pos_of_offset(l, i - 1), "a tab character "
			    "cannot indent YAML; indent with spaces");
			return;
		}
	}
	c = off < l->len ? l->buf[off] : '\0';
	ctx_c = S_offset(l, ctx) < l->len ? l->buf[S_offset(l, ctx)] : '?';
	if (strcmp(problem, "mapping values are not allowed in this context")
	    == 0 && (colon = S_missing_colon(l, off, &opener)) != COLON_FINE)
		S_error(l, S_pos_of_offset(l, opener), "this line has no ':' "
		    "after its key, and the line below is read as more of its "
		    "text; write 'key: value'%s", colon == COLON_ENTRY ?
		    " (or, for one text over two lines, put it in quotes)" :
		    "");
	else if (strcmp(problem, "mapping values are not allowed in this "
	    "context") == 0)
		S_error(l, pos, "unexpected ':' here; a text that contains "
		    "': ' must be put in quotes, and a key must start its own "
		    "line, lined up with the keys above it");
	else if (strcmp(problem, "did not find expected key") == 0 &&
	    S_midline(l, off))
		S_error(l, pos, "unexpected text after the value; put the "
		    "whole text in quotes, or start a new line");
	else if (strcmp(problem, "did not find expected key") == 0)
		S_error(l, pos, "this line does not line up with the keys of the "
		    "group that starts at line %d; check its indentation",
		    ctx.line);
	else if (strcmp(problem, "did not find expected '-' indicator") == 0)
		S_error(l, pos, "this line does not line up with the list that "
		    "starts at line %d; check its indentation", ctx.line);
	else if (strcmp(problem, "could not find expected ':'") == 0 &&
	    S_long_key(l, S_offset(l, ctx)))
		S_error(l, ctx, "this key is more than 1024 characters long, "
		    "the most YAML reads as a key (a key is a word of at most "
		    "64)");
	else if (strcmp(problem, "could not find expected ':'") == 0)
		S_error(l, ctx, "expected 'key: value' here; a key needs a "
		    "colon and a space after it");
	else if (strstr(problem, "end of stream") != NULL &&
	    p->context != NULL && strstr(p->context, "quoted") != NULL)
		S_error(l, ctx, "the quoted text that starts here is never "
		    "closed");
	else if (strcmp(problem, "found unknown escape character") == 0)
		S_error(l, pos, "'\\%c' is not an escape YAML knows in double "
		    "quotes; write \\\\ for a backslash, or use single quotes",
		    g_ascii_isprint(off + 1 < l->len ? l->buf[off + 1] : 0) ?
		    l->buf[off + 1] : '?');
	else if (strcmp(problem, "did not find expected ',' or ']'") == 0)
		S_error(l, ctx, "the list that starts here with '[' is never "
		    "closed with ']' (or a ',' is missing between its "
		    "entries)");
	else if (strcmp(problem, "did not find expected ',' or '}'") == 0)
		S_error(l, ctx, "the group of keys that starts here with '{' is "
		    "never closed with '}' (or a ',' is missing between its "
		    "entries)");
	else if (strcmp(problem, "block sequence entries are not allowed in "
	    "this context") == 0)
		S_error(l, pos, "a list entry ('- ') cannot start here; start "
		    "the list on the line below its key, indented");
	else if (strcmp(problem, "found undefined tag handle") == 0)
		S_error(l, ctx, "this is a YAML tag (it starts with '!'), and "
		    "plans do not use tags; remove it, or put the text in "
		    "quotes");
	else if (strcmp(problem, "did not find expected <document start>")
	    == 0)
		S_error(l, pos, "the YAML document has ended (with '...'), and "
		    "more follows here; remove the '...' line");
	else if (strstr(problem, "directive") != NULL)
		S_error(l, ctx, "this line starts with '%%', and is not a YAML "
		    "directive a plan can use; remove it");
	else if (p->context != NULL &&
	    strstr(p->context, "block scalar") != NULL)
		S_error(l, pos, "only a comment may follow '|' or '>' on its "
		    "line; start the text on the next line, indented");
	else if (strcmp(problem, "did not find expected node content") == 0 &&
	    p->context != NULL && strstr(p->context, "flow") != NULL &&
	    (opener = S_unclosed_flow(l, off)) < off)
		S_error(l, S_pos_of_offset(l, opener), "the %s that starts "
		    "here with '%c' is never closed with '%c'",
		    l->buf[opener] == '[' ? "list" : "group of keys",
		    l->buf[opener],
		    l->buf[opener] == '[' ? ']' : '}');
	else if (strcmp(problem, "did not find expected node content") == 0 &&
	    (c == '\0' || c == '\n' || c == '\r'))
		S_error(l, pos, "a value is expected here, and the line (or "
		    "the plan) ends; write the value, or remove the line");
	else if (strcmp(problem, "did not find expected node content") == 0)
		S_error(l, pos, "a value is expected here, and '%c' cannot "
		    "start one; put the text in quotes", c);
	else if (p->context != NULL && (strstr(p->context, "alias") != NULL ||
	    strstr(p->context, "anchor") != NULL))
		S_error(l, ctx, "'%c' starts a YAML %s, and plans do not use "
		    "anchors and aliases; put the text in quotes", ctx_c,
		    strstr(p->context, "alias") != NULL ? "alias" : "anchor");
	else if (strcmp(problem, "found character that cannot start any token")
	    == 0)
		S_error(l, pos, "a text cannot start with '%c'; put the text "
		    "in quotes", g_ascii_isprint(c) ? c : '?');
	else if (p->context != NULL)
		S_error(l, pos, "the YAML cannot be read here: %s %s (line %d)",
		    problem, p->context, ctx.line);
	else
		S_error(l, pos, "the YAML cannot be read here: %s", problem);
}

/* A key must be a simple word: it becomes an XML element name. */
static bool
S_valid_key(const char *k)
{
	if (!g_ascii_isalpha(k[0]) && k[0] != '_')
		return false;
	for (const char *c = k + 1; *c != '\0'; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
			return false;
	return strlen(k) <= 64;
}

/* The character a double-quoted text's escape at s (after its '\\')
 * stands for; 0 for a line break and an escape it does not know (those
 * have had libyaml's message). */
static gunichar
S_escape(const char *s, const char *end)
{
	static const char from[] = "0abtvfre N_LP";
	static const gunichar to[] = { 0, 7, 8, 9, 11, 12, 13, 0x1B, ' ',
	    0x85, 0xA0, 0x2028, 0x2029 };
	const char *at = s < end ? strchr(from, *s) : NULL;
	int digits = 0;
	gunichar u = 0;

	if (at != NULL && *at != '\0')
		return to[at - from];
	if (s < end)
		digits = *s == 'x' ? 2 : *s == 'u' ? 4 : *s == 'U' ? 8 : 0;
	for (int i = 1; i <= digits; i++) {
		if (s + i >= end || !g_ascii_isxdigit(s[i]))
			return 0;
		u = u * 16 + (gunichar)g_ascii_xdigit_value(s[i]);
	}
	return u;
}

/*
 * Where in the file the control character bad of a text is: the escape
 * that wrote it in a double-quoted text, else the character itself; the
 * text's start when it cannot be found.
 */
static struct srcpos
S_bad_char_pos(const struct loader *l, const yaml_event_t *ev,
    gunichar bad)
{
	size_t p = S_offset(l, S_pos(ev->start_mark));
	size_t end = MIN(S_offset(l, S_pos(ev->end_mark)), l->len);
	bool escapes = ev->data.scalar.style ==
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE;

	while (p < end) {
		const char *c = l->buf + p;
		gunichar u;

		if (escapes && *c == '\\') {
			if (S_escape(c + 1, l->buf + end) == bad)
				return S_pos_of_offset(l, p);
			p += 2;
			continue;
		}
		u = g_utf8_get_char_validated(c, (gssize)(end - p));
		if (u == bad)
			return S_pos_of_offset(l, p);
		p = (size_t)(g_utf8_next_char(c) - l->buf);
	}
	return S_pos(ev->start_mark);
}

static struct frame *
S_top(struct loader *l)
{
	if (l->stack->len == 0)
		return NULL;
	return &g_array_index(l->stack, struct frame, l->stack->len - 1);
}

/*
 * Create the element for a value that starts at pos, in the current
 * frame.  Returns NULL when the value is to be skipped.
 */
static xmlNodePtr
S_new_value(struct loader *l, struct srcpos pos)
{
	struct frame *f = S_top(l);
	xmlNodePtr n;
	struct srcpos key = pos;
	const char *name = "item";

	if (f == NULL) {
		n = xmlNewDocNode(l->tree->xml, NULL, BAD_CAST "plan", NULL);
		l->ns = xmlNewNs(n, BAD_CAST PLAN_NS, NULL);
		xmlSetNs(n, l->ns);
		xmlDocSetRootElement(l->tree->xml, n);
		tree_setpos(l->tree, n, pos, pos);
		return n;
	}
	if (f->node == NULL)
		return NULL;
	if (f->kind == FRAME_MAPPING) {
		if (f->skip_value || f->key == NULL)
			return NULL;
		name = f->key;
		key = f->keypos;
	} else if (++f->entries > LOAD_MAX_ENTRIES) {
		if (f->entries == LOAD_MAX_ENTRIES + 1)
			S_error(l, pos, "this list goes on past %d entries, the "
			    "most a list of a plan may have", LOAD_MAX_ENTRIES);
		return NULL;
	}
	n = xmlNewChild(f->node, l->ns, BAD_CAST name, NULL);
	tree_setpos(l->tree, n, key, pos);
	if (f->kind == FRAME_MAPPING)
		g_hash_table_insert(f->keys, (gpointer)n->name, n);
	return n;
}

/* After a value, a mapping expects its next key. */
static void
S_value_done(struct loader *l)
{
	struct frame *f = S_top(l);

	if (f != NULL && f->kind == FRAME_MAPPING) {
		g_free(f->key);
		f->key = NULL;
		f->skip_value = false;
	}
}

/* Open a collection; returns its frame, or NULL when too deep. */
static struct frame *
S_push(struct loader *l, enum frame_kind kind, xmlNodePtr node,
    struct srcpos pos)
{
	struct frame f = { 0 };

	if (l->stack->len >= LOAD_MAX_DEPTH) {
		S_error(l, pos, "the plan nests deeper than %d levels; "
		    "no plan needs that many", LOAD_MAX_DEPTH);
		l->stop = true;
		return NULL;
	}
	f.kind = kind;
	f.node = node;
	if (kind == FRAME_MAPPING && node != NULL)
		f.keys = g_hash_table_new(g_str_hash, g_str_equal);
	g_array_append_val(l->stack, f);
	return S_top(l);
}

static void
S_pop(struct loader *l)
{
	struct frame *f = S_top(l);
	bool is_key;

	if (f == NULL)
		return;
	is_key = f->is_key;
	g_free(f->key);
	if (f->keys != NULL)
		g_hash_table_destroy(f->keys);
	g_array_set_size(l->stack, l->stack->len - 1);
	/* After a refused key, its mapping still waits for its value. */
	if (!is_key)
		S_value_done(l);
}

/* Whether a key position of a mapping is waiting for a key. */
static bool
S_wants_key(struct loader *l)
{
	struct frame *f = S_top(l);

	return f != NULL && f->kind == FRAME_MAPPING && f->key == NULL &&
	    !f->skip_value;
}

/* The first space YAML does not take for one (a no-break space, an em
 * space, a zero-width space, ...) in key k, with *c its character; or
 * NULL. */
static const char *
S_odd_space(const char *k, gunichar *c)
{
	for (const char *p = k; *p != '\0'; p = g_utf8_next_char(p)) {
		*c = g_utf8_get_char_validated(p, -1);
		if (*c == (gunichar)-1 || *c == (gunichar)-2)
			return NULL;
		if (*c > 0x7F && (g_unichar_isspace(*c) || *c == 0x200B ||
		    *c == 0xFEFF))
			return p;
	}
	return NULL;
}

/* A space's name, for a message. */
static const char *
S_space_name(gunichar c)
{
	switch (c) {
	case 0x00A0:
	case 0x202F:
		return "no-break space";
	case 0x200B:
		return "zero-width space";
	case 0xFEFF:
		return "zero-width no-break space";
	case 0x3000:
		return "full-width space";
	default:
		return "special space";
	}
}

static void
S_key(struct loader *l, const yaml_event_t *ev)
{
	struct frame *f = S_top(l);
	const char *k = (const char *)ev->data.scalar.value;
	struct srcpos pos = S_pos(ev->start_mark);
	xmlNodePtr prev;
	gunichar odd;

	if (f->node == NULL) {
		f->skip_value = true;
		return;
	}
	if (*k == '\0') {
		S_error(l, pos, "a key cannot be empty; write a word before "
		    "the ':'");
		f->skip_value = true;
		return;
	}
	if (S_odd_space(k, &odd) != NULL) {
		const char *at = S_odd_space(k, &odd);

		if (at == k)
			S_error(l, pos, "this line is indented with a %s "
			    "(U+%04X), which YAML does not count as indentation "
			    "(it comes with text copied from a word processor "
			    "or a web page); indent with ordinary spaces",
			    S_space_name(odd), odd);
		else
			S_error(l, pos, "'%s' cannot be a key: it holds a %s "
			    "(U+%04X); keys are single words of letters, digits, "
			    "'-' and '_'", k, S_space_name(odd), odd);
		f->skip_value = true;
		return;
	}
	if (!S_valid_key(k)) {
		S_error(l, pos, "'%s' cannot be a key: keys are single words "
		    "of letters, digits, '-' and '_'; if it is a text, put it "
		    "in quotes", k);
		f->skip_value = true;
		return;
	}
	prev = g_hash_table_lookup(f->keys, k);
	if (prev != NULL) {
		struct srcpos first = tree_keypos(l->tree, prev);

		if (strcmp((const char *)f->node->name, "item") == 0)
			S_error(l, pos, "'%s' is given twice in this entry "
			    "(first at line %d); keep one of them", k,
			    first.line);
		else if (f->node->parent == NULL ||
		    f->node->parent->type != XML_ELEMENT_NODE)
			S_error(l, pos, "'%s' is given twice in the plan "
			    "(first at line %d); keep one of them", k,
			    first.line);
		else
			S_error(l, pos, "'%s' is given twice in '%s' (first at "
			    "line %d); keep one of them", k, f->node->name,
			    first.line);
		f->skip_value = true;
		return;
	}
	f->key = g_strdup(k);
	f->keypos = pos;
}

static bool
S_is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
	    strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/*
 * In a folded or plain text YAML reads a blank line as one line break;
 * write it as a blank line, the paragraph break of every text.
 */
static void
S_add_folded(xmlNodePtr n, const char *v, size_t len)
{
	GString *s = g_string_sized_new(len + 16);

	for (size_t i = 0; i < len; i++) {
		g_string_append_c(s, v[i]);
		if (v[i] == '\n')
			g_string_append_c(s, '\n');
	}
	xmlNodeAddContentLen(n, BAD_CAST s->str, (int)s->len);
	g_string_free(s, TRUE);
}

/* How many bytes of the text at a are the file's at b, up to n: up to
 * an escape of a quoted text (a '\\' or a '' in the file). */
static size_t
S_same(const char *a, const char *b, size_t n, yaml_scalar_style_t style)
{
	char esc = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? '\\' :
	    style == YAML_SINGLE_QUOTED_SCALAR_STYLE ? '\'' : '\0';
	size_t i = 0;

	while (i < n && a[i] == b[i] && a[i] != '\0' && b[i] != esc)
		i++;
	return i;
}

/*
 * An escape of a quoted text at s (n bytes of the file's line), which
 * the text at t must read as: its length in the file in *in and in the
 * text in *out.  False when s holds none, or t does not read so.
 */
static bool
S_unescape(const char *s, size_t n, const char *t, yaml_scalar_style_t style,
    size_t *in, size_t *out)
{
	char want[8];
	gunichar u = 0;
	int hex = 0;

	if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE) {
		*in = 2;
		*out = 1;
		return n >= 2 && s[0] == '\'' && s[1] == '\'' && t[0] == '\'';
	}
	if (n < 2 || s[0] != '\\')
		return false;
	switch (s[1]) {
	case 'x': hex = 2; break;
	case 'u': hex = 4; break;
	case 'U': hex = 8; break;
	case 'a': u = 0x07; break;
	case 'b': u = 0x08; break;
	case 't': case '\t': u = 0x09; break;
	case 'n': u = 0x0A; break;
	case 'v': u = 0x0B; break;
	case 'f': u = 0x0C; break;
	case 'r': u = 0x0D; break;
	case 'e': u = 0x1B; break;
	case ' ': case '"': case '/': case '\\': u = (guchar)s[1]; break;
	case 'N': u = 0x85; break;
	case '_': u = 0xA0; break;
	case 'L': u = 0x2028; break;
	case 'P': u = 0x2029; break;
	default:
		return false;
	}
	*in = 2 + (size_t)hex;
	if (hex > 0) {
		char digits[9] = { 0 };

		if (n < *in)
			return false;
		memcpy(digits, s + 2, (size_t)hex);
		if (strspn(digits, "0123456789abcdefABCDEF") != (size_t)hex)
			return false;
		u = (gunichar)strtoul(digits, NULL, 16);
	}
	if (u == 0 || !g_unichar_validate(u))
		return false;
	*out = (size_t)g_unichar_to_utf8(u, want);
	return strncmp(t, want, *out) == 0;
}

/*
 * Past an escape at q (of the file's line, which ends at e) that the text
 * does not read as written (a "\n" or "\t" whose space the text made
 * one with its neighbours, or dropped at its start), and any such
 * escapes right after it: the stretch of the line after them, up to the
 * next escape, if it is three bytes or more and the text has it at or
 * after *cur.  Then *cur moves to where it is, *in is the escapes' length
 * in the file and *out 0.
 */
static bool
S_resync(const char *buf, size_t q, size_t e, const char *text, gsize *cur,
    size_t *in, size_t *out)
{
	size_t r = q + 2, k = 0;
	const char *at;
	char *words;

	/* Escapes in a row ("\n\n") are passed together. */
	while (r + 1 < e && buf[r] == '\\' && strchr("ntr ", buf[r + 1]))
		r += 2;
	if (r > e)
		return false;
	while (r + k < e && buf[r + k] != '\\')
		k++;
	if (k < 3)
		return false;
	words = g_strndup(buf + r, k);
	at = strstr(text + *cur, words);
	g_free(words);
	if (at == NULL)
		return false;
	*cur = (gsize)(at - text);
	*in = r - q;
	*out = 0;
	return true;
}

/*
 * Where each line of a value's text is in the file, so that a message
 * about a character or a markup mistake deep in a long text points at
 * it, not at the text's start.  Each line of the file, without its
 * indentation, is found in the text after the spaces and line breaks
 * YAML makes of indentation and folding.  An escape in a quoted text
 * ends the marks at its line.
 */
static void
S_marks(struct loader *l, xmlNodePtr n, const yaml_event_t *ev)
{
	const char *text = tree_text(n);
	yaml_scalar_style_t style = ev->data.scalar.style;
	bool quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	struct srcpos pos = S_pos(ev->start_mark);
	size_t p = S_byte(l, pos), end = S_byte(l, S_pos(ev->end_mark));
	gsize cur = 0;
	bool lost = false;      /* an escape: the text differs from the file */
	GArray *marks;

	if (text == NULL)
		return;
	marks = g_array_new(FALSE, FALSE, sizeof(struct textmark));
	if (style == YAML_LITERAL_SCALAR_STYLE ||
	    style == YAML_FOLDED_SCALAR_STYLE) {
		/* The text starts on the line after the '|' or '>'. */
		while (p < end && l->buf[p] != '\n')
			p++;
		p++;
		pos.line++;
		pos.col = 1;
	} else if (quoted) {
		p++;
		pos.col++;
	}
	for (; p < end; p++, pos.line++, pos.col = 1) {
		size_t a = p, e, len, same, k;
		struct textmark m;

		while (a < end && (l->buf[a] == ' ' || l->buf[a] == '\t')) {
			a++;
			pos.col++;
		}
		for (p = a; p < end && l->buf[p] != '\n'; p++)
			;
		e = p;
		if (quoted && e == end && e > a)
			e--;            /* the closing quote */
		while (e > a && (l->buf[e - 1] == ' ' ||
		    l->buf[e - 1] == '\t' || l->buf[e - 1] == '\r'))
			e--;
		if (e == a)
			continue;       /* a blank line */
		len = e - a;
		if (lost) {
			/* Past an escape: find the line's words up to its
			 * own first escape further on in the text. */
			const char *at;
			char *words;

			for (k = 0; k < len && l->buf[a + k] != '\\' &&
			    l->buf[a + k] != '\''; k++)
				;
			if (k < 3)
				continue;
			words = g_strndup(l->buf + a, k);
			at = strstr(text + cur, words);
			g_free(words);
			if (at == NULL)
				continue;
			cur = (gsize)(at - text);
		}
		while (text[cur] == ' ' || text[cur] == '\n' ||
		    text[cur] == '\t')
			cur++;
		same = S_same(text + cur, l->buf + a, len, style);
		if (same == 0 && !quoted)
			break;
		m.off = cur;
		m.len = same;
		m.pos = pos;
		if (same > 0)
			g_array_append_val(marks, m);
		cur += same;
		if (same < len && !quoted)
			break;
		/* An escape ("\t", "''") is not written as it reads: past
		 * each, the line goes on in the text, one mark a stretch.
		 * Past one that cannot be read so, the rest of the text is
		 * searched. */
		for (size_t q = a + same; q < e;) {
			size_t in, out;

			if (!S_unescape(l->buf + q, e - q, text + cur, style, &in,
			    &out) && !S_resync(l->buf, q, e, text, &cur, &in,
			    &out)) {
				lost = true;
				break;
			}
			/* The escape itself, which a message may be about: a
			 * character no font has, written as "\u1200". */
			if (out > 0) {
				m.off = cur;
				m.len = out;
				m.pos = pos;
				m.pos.col += (int)g_utf8_strlen(l->buf + a,
				    (gssize)(q - a));
				g_array_append_val(marks, m);
			}
			q += in;
			cur += out;
			same = S_same(text + cur, l->buf + q, e - q, style);
			/* A "\n" the text made a paragraph of. */
			while (q < e && same == 0 && l->buf[q] != '\\' &&
			    text[cur] == '\n') {
				cur++;
				same = S_same(text + cur, l->buf + q, e - q,
				    style);
			}
			/* Not another escape right after: lost. */
			if (q < e && same == 0 && l->buf[q] != (style ==
			    YAML_DOUBLE_QUOTED_SCALAR_STYLE ? '\\' : '\'')) {
				lost = true;
				break;
			}
			m.off = cur;
			m.len = same;
			m.pos = pos;
			m.pos.col += (int)g_utf8_strlen(l->buf + a,
			    (gssize)(q - a));
			if (same > 0)
				g_array_append_val(marks, m);
			cur += same;
			q += same;
		}
	}
	tree_setmarks(l->tree, n, marks);
}

static void
S_scalar(struct loader *l, const yaml_event_t *ev)
{
	struct srcpos pos = S_pos(ev->start_mark);
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	xmlNodePtr n;
	gunichar bad;

	if (S_wants_key(l)) {
		S_key(l, ev);
		return;
	}
	if (S_top(l) == NULL) {
		/* Said at the end, unless a syntax error explains it. */
		if (!S_is_null(ev))
			l->text_root = pos;
		return;
	}
	n = S_new_value(l, pos);
	S_value_done(l);
	if (n == NULL || S_is_null(ev))
		return;
	bad = tree_bad_char(v, len);
	if (bad != 0) {
		S_error(l, S_bad_char_pos(l, ev, bad), "this text contains "
		    "the control character "
		    "U+%04X, which a plan cannot hold; remove it",
		    (unsigned)bad);
		tree_refuse(l->tree, n);
		return;
	}
	if (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)
		while (len > 0 && (v[len - 1] == '\n' || v[len - 1] == '\r'))
			len--;
	if (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	    memchr(v, '\n', len) == NULL)
		xmlNodeAddContentLen(n, BAD_CAST v, (int)len);
	else
		S_add_folded(n, v, len);
	S_marks(l, n, ev);
}

static void
S_collection(struct loader *l, const yaml_event_t *ev, enum frame_kind kind)
{
	struct srcpos pos = S_pos(ev->start_mark);
	struct frame *f;
	xmlNodePtr n;

	if (S_wants_key(l)) {
		if (S_top(l)->node != NULL)
			S_error(l, pos, "a key must be a simple word, not a %s",
			    kind == FRAME_MAPPING ? "group of keys" : "list");
		S_top(l)->skip_value = true;
		if ((f = S_push(l, kind, NULL, pos)) != NULL)
			f->is_key = true;
		return;
	}
	if (S_top(l) == NULL && kind == FRAME_SEQUENCE) {
		S_error(l, pos, "a plan is a group of keys such as 'city:' "
		    "and 'partners:'; this file holds a list");
		S_push(l, kind, NULL, pos);
		return;
	}
	n = S_new_value(l, pos);
	S_push(l, kind, n, pos);
}

static void
S_alias(struct loader *l, const yaml_event_t *ev)
{
	struct srcpos pos = S_pos(ev->start_mark);

	/* One message per anchor: an alias bomb says so a few times only. */
	if (!g_hash_table_contains(l->aliases, ev->data.alias.anchor)) {
		g_hash_table_add(l->aliases,
		    g_strdup((const char *)ev->data.alias.anchor));
		S_error(l, pos, "'*%s' is an alias, and plans do not use "
		    "anchors and aliases: write the value out here and at "
		    "every other use of '*%s'", ev->data.alias.anchor,
		    ev->data.alias.anchor);
	}
	if (S_wants_key(l))
		S_top(l)->skip_value = true;
	else {
		/* The key stays, empty, so that no "missing key" follows. */
		(void)S_new_value(l, pos);
		S_value_done(l);
	}
}

static const char *
S_tag(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)ev->data.scalar.tag;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)ev->data.sequence_start.tag;
	case YAML_MAPPING_START_EVENT:
		return (const char *)ev->data.mapping_start.tag;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
	case YAML_ALIAS_EVENT:
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		break;
	}
	return NULL;
}

/* Handle one event; returns false at the end of the stream. */
static bool
S_event(struct loader *l, const yaml_event_t *ev)
{
	const char *tag = S_tag(ev);

	if (tag != NULL)
		S_error(l, S_pos(ev->start_mark), "'%s%s' is a YAML tag, and "
		    "plans do not use tags; remove it",
		    g_str_has_prefix(tag, S_YAML_TAGS) ? "!!" : "",
		    g_str_has_prefix(tag, S_YAML_TAGS) ?
		    tag + strlen(S_YAML_TAGS) : tag);

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return false;
	case YAML_DOCUMENT_START_EVENT:
		if (++l->documents > 1) {
			S_error(l, S_pos(ev->start_mark), "a plan file holds "
			    "one YAML document, and a second one starts here; "
			    "remove it or put it in a file of its own");
			l->stop = true;
		}
		break;
	case YAML_SCALAR_EVENT:
		S_scalar(l, ev);
		break;
	case YAML_ALIAS_EVENT:
		S_alias(l, ev);
		break;
	case YAML_MAPPING_START_EVENT:
		S_collection(l, ev, FRAME_MAPPING);
		break;
	case YAML_SEQUENCE_START_EVENT:
		S_collection(l, ev, FRAME_SEQUENCE);
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		S_pop(l);
		break;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		break;
	}
	return true;
}

static void
S_run(struct loader *l)
{
	yaml_parser_t parser;
	yaml_event_t ev;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)l->buf,
	    l->len);
	while (!l->stop) {
		bool more;

		if (!yaml_parser_parse(&parser, &ev)) {
			S_syntax_error(l, &parser);
			l->stop = true;
			l->text_root.line = 0;
			break;
		}
		more = S_event(l, &ev);
		yaml_event_delete(&ev);
		if (!more)
			break;
	}
	yaml_parser_delete(&parser);
	while (l->stack->len > 0)
		S_pop(l);
	if (l->text_root.line > 0)
		S_error(l, l->text_root, "a plan is a group of keys such as "
		    "'city:' and 'partners:'; this file holds a single text");
}

/* Whether the start of a (UTF-8) file holds a NUL byte: then it is not
 * text at all. */
static bool
S_binary(const char *buf, size_t len)
{
	return memchr(buf, '\0', MIN(len, 8192)) != NULL;
}

/*
 * A text with a byte order mark: UTF-16 becomes UTF-8, and a UTF-8 mark
 * is dropped, so that offsets in messages count UTF-8.  Returns the new
 * text (caller frees) or NULL when there is no mark or on error (*bad).
 */
static char *
S_unmark(const char *buf, size_t len, size_t *outlen, bool *bad)
{
	const unsigned char *u = (const unsigned char *)buf;
	const char *from = NULL;
	char *out;
	gsize n = 0;

	*bad = false;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*outlen = len - 3;
		return g_memdup2(buf + 3, len - 3);
	}
	if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		from = "UTF-16LE";
	else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		from = "UTF-16BE";
	if (from == NULL)
		return NULL;
	out = g_convert(buf + 2, (gssize)(len - 2), "UTF-8", from, NULL, &n,
	    NULL);
	if (out == NULL) {
		*bad = true;
		return NULL;
	}
	*outlen = n;
	return out;
}

struct tree *
load_plan_buffer(const char *file, const char *buf, size_t len,
    struct diags *diags)
{
	struct loader l = { 0 };
	struct srcpos start = { 1, 1 };
	char *text;
	size_t tlen = 0;
	bool fatal, bad;

	l.tree = tree_new(file);
	l.diags = diags;
	l.buf = buf;
	l.len = len;
	if (len > LOAD_MAX_BYTES) {
		S_error(&l, start, "the plan is larger than %u MB, the most a "
		    "plan may have", LOAD_MAX_BYTES >> 20);
		tree_free(l.tree);
		return NULL;
	}
	text = S_unmark(buf, len, &tlen, &bad);
	if (bad) {
		S_error(&l, start, "the file is marked as UTF-16 text but is "
		    "not valid UTF-16; save it as UTF-8");
		tree_free(l.tree);
		return NULL;
	}
	if (text != NULL) {
		l.buf = text;
		l.len = tlen;
	}
	if (S_binary(l.buf, l.len)) {
		S_error(&l, start, "this is not a text file (it holds binary "
		    "data); a plan is YAML text: is this the right file?");
		tree_free(l.tree);
		g_free(text);
		return NULL;
	}
	if (S_unicode_break(&l)) {
		tree_free(l.tree);
		g_free(text);
		return NULL;
	}
	l.tree->xml = xmlNewDoc(BAD_CAST "1.0");
	l.stack = g_array_new(FALSE, TRUE, sizeof(struct frame));
	l.aliases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	S_run(&l);
	g_array_free(l.stack, TRUE);
	g_hash_table_destroy(l.aliases);
	g_free(text);

	fatal = l.stop;
	if (!fatal && xmlDocGetRootElement(l.tree->xml) == NULL) {
		if (l.errors == 0)
			S_error(&l, start, "the plan is empty; start with "
			    "'city:' (see examples/minimal.yaml)");
		fatal = true;
	}
	if (fatal) {
		tree_free(l.tree);
		return NULL;
	}
	return l.tree;
}

/* Read at most LOAD_MAX_BYTES + 1 bytes, so a huge file is refused
 * without being read whole. */
static char *
S_read(FILE *f, size_t *len)
{
	GString *s = g_string_new(NULL);
	char chunk[65536];
	size_t n;

	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		g_string_append_len(s, chunk, (gssize)n);
		if (s->len > LOAD_MAX_BYTES)
			break;
	}
	*len = s->len;
	return g_string_free(s, FALSE);
}

/* Standard input can be read once: its text, kept for the run's later
 * loads of "-" (one per layout and locale of --check, say). */
static GMutex S_stdin_lock;
static GBytes *S_stdin;

/* The plan on standard input, read the first time; NULL and a message
 * when it cannot be read. */
static GBytes *
S_stdin_text(struct diags *diags)
{
	GBytes *b;

	g_mutex_lock(&S_stdin_lock);
	if (S_stdin == NULL) {
		size_t len;
		char *buf = S_read(stdin, &len);

		if (ferror(stdin)) {
			struct srcpos none = { 0, 0 };

			diags_add(diags, SEV_ERROR, "<stdin>", none, "cannot "
			    "read the plan: %s", g_strerror(errno));
			g_free(buf);
		} else
			S_stdin = g_bytes_new_take(buf, len);
	}
	b = S_stdin != NULL ? g_bytes_ref(S_stdin) : NULL;
	g_mutex_unlock(&S_stdin_lock);
	return b;
}

struct tree *
load_plan_file(const char *file, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	struct tree *t;
	FILE *f;
	char *buf;
	size_t len;
	GStatBuf st;

	if (strcmp(file, "-") == 0) {
		GBytes *b = S_stdin_text(diags);
		gsize n;
		const char *text;

		if (b == NULL)
			return NULL;
		text = g_bytes_get_data(b, &n);
		t = load_plan_buffer("<stdin>", text != NULL ? text : "", n,
		    diags);
		g_bytes_unref(b);
		return t;
	}
	if (g_stat(file, &st) == 0 && S_ISDIR(st.st_mode)) {
		diags_add(diags, SEV_ERROR, file, none, "this is a folder, "
		    "not a plan file");
		return NULL;
	} else if (g_stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
	    (guint64)st.st_size > LOAD_MAX_BYTES) {
		struct srcpos start = { 1, 1 };

		diags_add(diags, SEV_ERROR, file, start, "the plan is %.1f MB, "
		    "more than the %u MB a plan may have",
		    (double)st.st_size / 1e6, LOAD_MAX_BYTES >> 20);
		return NULL;
	} else if ((f = fopen(file, "rb")) == NULL) {
		diags_add(diags, SEV_ERROR, file, none, "cannot read the plan: "
		    "%s", g_strerror(errno));
		return NULL;
	}
	buf = S_read(f, &len);
	if (ferror(f)) {
		diags_add(diags, SEV_ERROR, file, none, "cannot read the plan: "
		    "%s", g_strerror(errno));
		g_free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	t = load_plan_buffer(file, buf, len, diags);
	g_free(buf);
	return t;
}
