/*
 * keys.h: the keys of the string catalog that the layouts and ucapgen
 * itself ask for, and the catalog's template made from them and en.po
 * (ucapgen --make-pot): layouts/catalogs/ucapgen.pot, which msgmerge
 * brings to every language.
 */
#ifndef UCAPGEN_KEYS_H
#define UCAPGEN_KEYS_H

#include "data.h"
#include "diag.h"
#include "po.h"

/*
 * The template: every entry of en.po, in its order, with its English
 * text and comments, and a reference to each place that uses it (a
 * layout's file and line; plan.xsd for the Urban Agenda's topics).  A key
 * that a layout or ucapgen uses and en.po lacks is an error, at the
 * place that uses it.  Returns NULL with messages in diags.  Caller frees
 * with pot_free.
 */
struct pot *keys_template(const struct datadir *, struct diags *);

#endif
