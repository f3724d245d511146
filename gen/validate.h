/*
 * validate.h: the validate stage: a plan tree against the plan schema.
 */
#ifndef UCAPGEN_VALIDATE_H
#define UCAPGEN_VALIDATE_H

#include <stdbool.h>

#include "diag.h"
#include "tree.h"

struct schema;

/*
 * Load and compile the schema file.  Returns NULL with a message in diags
 * when it cannot (a broken installation).  Free with schema_free.
 */
struct schema *schema_load(const char *path, struct diags *);
void schema_free(struct schema *);
/* Every key a plan may have, somewhere (a set of strings; the schema's). */
GHashTable *schema_keys(const struct schema *);

/*
 * Check a loaded plan.  Every problem goes to diags as a message in plain
 * words at the YAML position of the key or value concerned.  Returns true
 * when the plan is valid.
 */
bool validate_plan(const struct schema *, struct tree *, struct diags *);

#endif
