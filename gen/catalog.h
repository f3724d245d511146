/*
 * catalog.h: the string catalog: the words of the sheet, by key.
 *
 * A catalog is a gettext PO file (layouts/catalogs/LANG.po): an entry's
 * msgctxt is its key, its msgid the English text, its msgstr the
 * translation (empty in English: the msgid is used).
 */
#ifndef UCAPGEN_CATALOG_H
#define UCAPGEN_CATALOG_H

#include <stdbool.h>

#include "diag.h"

struct catalog;

/* Read a PO file.  Returns NULL with messages in diags when it is not a
 * readable PO file.  Free with catalog_free. */
struct catalog *catalog_load(const char *path, struct diags *);
void catalog_free(struct catalog *);

/* The text of the entry whose msgctxt is key, or NULL if there is none.
 * The string belongs to the catalog. */
const char *catalog_key(const struct catalog *, const char *key);
/* The text of the entry (ctxt, msgid); msgid itself if there is none. */
const char *catalog_msg(const struct catalog *, const char *ctxt,
    const char *msgid);

/*
 * Fill the {words} of a template: args holds name, value, name, value,
 * ..., NULL.  A word with no value is left as it is.  Caller frees.
 */
char *catalog_fill(const char *tmpl, const char *const *args);

#endif
