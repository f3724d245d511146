/*
 * layout.c: a libFuzzer target for reading a layout file (layoutfile.c,
 * layoutmsg.c): any bytes as a layout of the user's, based on the
 * built-in ones, checked against the English catalog and a plan's keys.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>

#include "catalog.h"
#include "diag.h"
#include "layoutfile.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct catalog *S_cat;
static struct schema *S_schema;
static xmlSchemaPtr S_layout_schema;
static char *S_file;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct layoutfile *lf;

	if (S_cat == NULL) {
		diags_init(&d);
		S_cat = catalog_open(UCAPGEN_SOURCE_DIR "/layouts/catalogs",
		    NULL, false, NULL, &d);
		S_schema = schema_load(UCAPGEN_SOURCE_DIR "/gen/plan.xsd", &d);
		S_layout_schema = layoutfile_schema(UCAPGEN_SOURCE_DIR
		    "/layouts/layout.xsd");
		diags_clear(&d);
		if (S_cat == NULL || S_schema == NULL ||
		    S_layout_schema == NULL)
			abort();
		S_file = g_strdup_printf("%s/ucapgen-fuzz-layout-%d.xml",
		    g_get_tmp_dir(), (int)getpid());
	}
	if (!g_file_set_contents(S_file, (const char *)data, (gssize)size,
	    NULL))
		abort();
	diags_init(&d);
	lf = layoutfile_load(S_file, UCAPGEN_SOURCE_DIR "/layouts",
	    UCAPGEN_SOURCE_DIR "/layouts/layout.xsd", S_layout_schema, S_cat,
	    schema_keys(S_schema), &d);
	if (lf != NULL) {
		layoutfile_set_paper(lf, "A5", &d);
		layoutfile_free(lf);
	}
	diags_clear(&d);
	return 0;
}
