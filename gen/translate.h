/*
 * translate.h: translated plans.  A plan's texts go to its translators as
 * a PO template (ucapgen --extract); their translations come back as a PO
 * file and replace the texts of the plan (--translations FILE.po).
 *
 * The texts: every text of the types Inline and Rich of plan.xsd (themes,
 * headings, paragraphs, list points, captions), and of the names, those a
 * language writes its own way: country, province, and the place of an
 * activity (Germany, Deutschland, 德国).  The names of the cities, their
 * short and local names and the names of people stay as written.
 *
 * One text, one entry: its msgctxt is the text's path in the plan, keys
 * and list entries counted from 1 ("city/country", "themes/2",
 * "activities/3/text/2/bullets/1"); its msgid the text as the plan writes
 * it, inline markup and blank lines between paragraphs included; its
 * reference the plan's file and the line of the text.
 */
#ifndef UCAPGEN_TRANSLATE_H
#define UCAPGEN_TRANSLATE_H

#include <stdbool.h>

#include "diag.h"
#include "po.h"
#include "tree.h"

/* The texts of a valid plan as a template.  xsd is the plan schema.
 * Returns NULL with messages in diags.  Caller frees with pot_free. */
struct pot *translate_extract(const struct tree *plan, const char *xsd,
    struct diags *);

/*
 * Replace the texts of a valid plan with their translations in the PO
 * file po, and its language with the file's Language.  A translation is
 * used when its msgctxt and msgid are those of the text, it is not fuzzy
 * and not empty; the other texts stay as written, and a warning counts
 * them.  A translation that leaves out a link of the original, or has
 * fewer bold, italic or underlined spans, is used, with a warning at its
 * line of the PO file.  A translation that is not a valid text of its
 * kind (bad markup, a name on several lines) is an error at its line.
 * With strict (--strict: a warning fails the run and nothing is written)
 * the warnings do not say that texts stay as written.  Returns false,
 * the plan unchanged, when the file cannot be read or a translation is
 * refused.
 */
bool translate_apply(struct tree *plan, const char *xsd, const char *po,
    bool strict, struct diags *);

#endif
