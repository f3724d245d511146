/*
 * data.h: where ucapgen's data lives (schema, layouts, fonts).
 */
#ifndef UCAPGEN_DATA_H
#define UCAPGEN_DATA_H

#include "diag.h"

struct datadir {
	char *root;         /* owned; the folder found */
	char *schema;       /* owned; the plan schema file */
	char *layouts;      /* owned; the folder of built-in layouts */
	char *fonts;        /* owned; the folder of bundled fonts */
};

/*
 * Find the data: $UCAPGEN_DATADIR if set; else the source tree when the
 * program runs from its build tree; else share/ucapgen beside the
 * program's own prefix; else the folder configured at build time.
 * Returns false with a message in diags when none holds the schema.
 */
bool datadir_find(struct datadir *, struct diags *);
void datadir_clear(struct datadir *);

#endif
