/*
 * catalog.c: a libFuzzer target for reading a translator's catalog
 * (po.c, catalog.c): any bytes as layouts/catalogs/xx.po, beside the
 * English catalog.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "catalog.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char *S_dir;

/* A folder of catalogs: the English one, copied, and the one fuzzed. */
static void
S_setup(void)
{
	char *en, *to;
	gsize len;

	S_dir = g_strdup_printf("%s/ucapgen-fuzz-po-%d", g_get_tmp_dir(),
	    (int)getpid());
	to = g_build_filename(S_dir, "en.po", NULL);
	if (g_mkdir_with_parents(S_dir, 0777) != 0 ||
	    !g_file_get_contents(UCAPGEN_SOURCE_DIR "/layouts/catalogs/en.po",
	    &en, &len, NULL) ||
	    !g_file_set_contents(to, en, (gssize)len, NULL))
		abort();
	g_free(en);
	g_free(to);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	char *file;

	if (S_dir == NULL)
		S_setup();
	file = g_build_filename(S_dir, "xx.po", NULL);
	if (!g_file_set_contents(file, (const char *)data, (gssize)size,
	    NULL))
		abort();
	g_free(file);
	diags_init(&d);
	catalog_free(catalog_open(S_dir, "xx", false, NULL, &d));
	diags_clear(&d);
	return 0;
}
