/*
 * markup.c: a libFuzzer target for the inline markup parser (markup.c):
 * any UTF-8 text as a rich text of a plan.
 */
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "markup.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct markup m;
	struct markup_error err;
	char *s;

	/* The loader lets through only UTF-8 without NUL bytes. */
	if (!g_utf8_validate((const char *)data, (gssize)size, NULL) ||
	    memchr(data, 0, size) != NULL)
		return 0;
	s = g_strndup((const char *)data, size);
	if (markup_parse(s, &m, &err))
		markup_clear(&m);
	else
		g_free(err.msg);
	g_strfreev(markup_paragraphs(s));
	g_free(s);
	return 0;
}
