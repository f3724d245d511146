/*
 * plan.c: a libFuzzer target for loading and checking a plan (load.c,
 * validate.c): any bytes as a plan file; a crash, a sanitizer report or
 * a leak is a bug.  Built with -Dfuzz=true (tests/fuzz/README.md).
 */
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "load.h"
#include "tree.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct schema *S_schema;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct tree *t;

	if (S_schema == NULL) {
		diags_init(&d);
		S_schema = schema_load(UCAPGEN_SOURCE_DIR "/gen/plan.xsd", &d);
		diags_clear(&d);
		if (S_schema == NULL)
			abort();
	}
	diags_init(&d);
	t = load_plan_buffer("fuzz.yaml", (const char *)data, size, &d);
	if (t != NULL) {
		validate_plan(S_schema, t, &d);
		tree_free(t);
	}
	diags_clear(&d);
	return 0;
}
