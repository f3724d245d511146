/*
 * markup-test.c: run the inline markup parser over strings, for
 * tests/markup.sh, which compares its verdicts with the Inline pattern
 * of plan.xsd.
 *
 * Reads one string a line from standard input ("⏎" stands for a line
 * break, "⇥" for a tab) and prints "ok" or "error" a line, in order;
 * with -v, the parser's message after "error".
 */
#include <stdio.h>
#include <string.h>

#include "markup.h"

/* The string a corpus line stands for. Caller frees. */
static char *
S_decode(const char *line)
{
	char **parts = g_strsplit(line, "⏎", -1);
	char *a;

	a = g_strjoinv("\n", parts);
	g_strfreev(parts);
	parts = g_strsplit(a, "⇥", -1);
	g_free(a);
	a = g_strjoinv("\t", parts);
	g_strfreev(parts);
	return a;
}

int
main(int argc, char **argv)
{
	bool verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	char buf[65536];

	while (fgets(buf, sizeof buf, stdin) != NULL) {
		struct markup m;
		struct markup_error e;
		char *s;

		buf[strcspn(buf, "\n")] = '\0';
		s = S_decode(buf);
		if (markup_parse(s, &m, &e)) {
			printf("ok\n");
			markup_clear(&m);
		} else {
			if (verbose)
				printf("error %u %s\n", e.offset, e.msg);
			else
				printf("error\n");
			g_free(e.msg);
		}
		g_free(s);
	}
	return 0;
}
