/*
 * po.h: gettext PO files, read and written with libgettextpo: the string
 * catalogs, their template (ucapgen.pot), a plan's texts for its
 * translators and their translations.
 */
#ifndef UCAPGEN_PO_H
#define UCAPGEN_PO_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"

/* One entry of a PO file. */
struct poentry {
	char *ctxt;             /* owned; msgctxt, or NULL */
	char *id;               /* owned; msgid */
	char *str;              /* owned; msgstr ("" when untranslated) */
	char *notes;            /* owned; the comments for translators
				   ("#." lines), or NULL */
	bool fuzzy;             /* marked "#, fuzzy" */
	int line;               /* where the entry starts in the file: its
				   msgctxt, else its msgid (0: unknown) */
	int str_line;           /* the line of its msgstr (0: unknown) */
};

/* A PO file's entries. */
struct pofile {
	char *path;             /* owned; as given */
	char *language;         /* owned; the header's Language, or NULL */
	GPtrArray *entries;     /* owned; of struct poentry, in file order,
				   without the header and obsolete ones */
};

/*
 * Read a PO file with libgettextpo.  Returns NULL with messages
 * (FILE:LINE:COL) in diags when it is not a readable PO file, or not in
 * UTF-8.  Free with pofile_free.
 */
struct pofile *pofile_read(const char *path, struct diags *);
void pofile_free(struct pofile *);

/* ---- Templates ---- */

struct pot;

/* An empty template for a project ("ucapgen", "changchun.yaml"); comment
 * goes above its header, for the translators.  Free with pot_free. */
struct pot *pot_new(const char *project, const char *comment);
void pot_free(struct pot *);
/*
 * Add an entry with an empty msgstr, or one more reference to the entry
 * with the same msgctxt and msgid.  comment is for the translators ("#.",
 * NULL for none); file and line say where the text is used ("#:"; file
 * NULL for nowhere in particular, line 0 for the whole file).  An msgid
 * with {words} is flagged python-brace-format, so that msgfmt --check
 * refuses a translation that drops or misspells one.
 */
void pot_add(struct pot *, const char *ctxt, const char *msgid,
    const char *comment, const char *file, int line);
/* Write the template to path ("-": standard output) through a temporary
 * file (output.h).  Returns false with messages in diags. */
bool pot_write(struct pot *, const char *path, struct diags *);

#endif
