/*
 * append.h: appending to a GString in inner loops.
 *
 * A PDF's content streams and the caches' keys are made of millions of
 * short pieces: these append bytes, literals and integers without the
 * checks of g_string_append_len (which GLib does not inline) or a
 * printf.  Each grows the string through GLib when it must.
 */
#ifndef UCAPGEN_APPEND_H
#define UCAPGEN_APPEND_H

#include <glib.h>
#include <string.h>

/* n bytes at b. */
static inline void
append_bytes(GString *s, const char *b, gsize n)
{
	if (s->len + n < s->allocated_len) {
		memcpy(s->str + s->len, b, n);
		s->len += n;
		s->str[s->len] = '\0';
	} else
		g_string_append_len(s, b, (gssize)n);
}

/* A string literal. */
#define append_lit(s, lit) append_bytes((s), "" lit, sizeof(lit) - 1)

/* n in decimal, then the character after unless it is '\0'. */
static inline void
append_int(GString *s, gint64 n, char after)
{
	char buf[24];
	guint64 u = n < 0 ? -(guint64)n : (guint64)n;
	int i = (int)sizeof buf;

	if (after != '\0')
		buf[--i] = after;
	do
		buf[--i] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (n < 0)
		buf[--i] = '-';
	append_bytes(s, buf + i, sizeof buf - (gsize)i);
}

#endif
