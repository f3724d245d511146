/*
 * catalog.h: the string catalog: the words of the sheet, by key.
 *
 * A catalog is a gettext PO file (layouts/catalogs/LANG.po): an entry's
 * msgctxt is its key, its msgid the English text, its msgstr the
 * translation (empty in English: the msgid is used).  en.po is the
 * source; the catalog of a locale is read over it, so that whatever the
 * locale's file lacks, or marks fuzzy, or leaves untranslated, reads as
 * the English text.  Nothing is compiled: the files are read at run time.
 */
#ifndef UCAPGEN_CATALOG_H
#define UCAPGEN_CATALOG_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"

struct catalog;

/*
 * The sheet's words in a locale: dir/en.po, and over it the locale's own
 * catalog.  locale is NULL (English, the default), a language such as
 * "de", "zh-CN" or "de_AT" (dir/LANG.po, else the file of its language
 * alone: "zh-CN" reads zh.po), or the path of a PO file (it holds a "/"
 * or ends in ".po"; its language is then the file's Language).  An
 * entry of en.po reads as English when the locale's file lacks it (with
 * the same msgctxt and msgid), leaves it empty or marks it fuzzy, or
 * translates it with a {word} the English text has not (a warning at the
 * entry); one warning counts them.  With strict (--strict: a warning
 * fails the run and nothing is written) the warnings do not say that
 * the English text is used.  base, when not NULL, is en.po as
 * catalog_open read it with no locale, copied instead of reading en.po
 * again.  Returns NULL with messages in diags when a file is unreadable
 * or no catalog exists for the locale.
 */
struct catalog *catalog_open(const char *dir, const char *locale,
    bool strict, const struct catalog *base, struct diags *);
void catalog_free(struct catalog *);

/* The language chosen with the locale ("de", "zh-CN"), for Pango and
 * the like; NULL when none was chosen (English by default). */
const char *catalog_language(const struct catalog *);
/* The file of the catalog's own language (en.po for English). */
const char *catalog_path(const struct catalog *);

/* The text of the entry whose msgctxt is key, or NULL if there is none.
 * The string belongs to the catalog. */
const char *catalog_key(const struct catalog *, const char *key);
/* The key of the catalog nearest to a misspelt one, or NULL when none is
 * near enough.  Points into the catalog. */
const char *catalog_closest_key(const struct catalog *, const char *key);
/* The text of the entry (ctxt, msgid); msgid itself if there is none. */
const char *catalog_msg(const struct catalog *, const char *ctxt,
    const char *msgid);

/*
 * Fill the {words} of a template: args holds name, value, name, value,
 * ..., NULL.  A word with no value is left as it is.  Caller frees.
 */
char *catalog_fill(const char *tmpl, const char *const *args);

/* ---- How complete a locale's catalog is (ucapgen --locale-report) ---- */

enum report_kind {
	REPORT_MISSING,         /* en.po has it, the locale's file not */
	REPORT_UNTRANSLATED,    /* present with an empty msgstr */
	REPORT_FUZZY,           /* marked fuzzy: read as English */
	REPORT_UNUSED,          /* the locale's file has it, en.po not */
	REPORT_REFUSED,         /* translated, but its {words} are wrong:
				   read as English */
	REPORT_CHANGED,         /* the locale's file has the msgctxt of an
				   en.po text it lacks, with another
				   msgid: edited, so read as English */
};

struct report_line {
	enum report_kind kind;
	char *key;              /* owned; the msgctxt ("" when none) */
	char *english;          /* owned; the msgid */
	char *expected;         /* owned; CHANGED: en.po's msgid, else
				   NULL */
	int line;               /* in the locale's file; 0 when missing */
};

struct report {
	char *path;             /* owned; the locale's file */
	char *language;         /* owned; as asked */
	guint total;            /* entries of en.po */
	guint translated;       /* of them, translated and not fuzzy */
	guint count[6];         /* lines of each report_kind */
	GArray *lines;          /* owned; of struct report_line: those of
				   the locale's file in its order, then
				   the missing ones in en.po's order */
};

/* Compare a locale's catalog with en.po, with the warnings of
 * catalog_open (strict as there); en.po itself, the source, has every
 * text it holds translated.  Returns NULL with messages in diags
 * when a file cannot be read.  Free with report_free. */
struct report *catalog_report(const char *dir, const char *locale,
    bool strict, struct diags *);
void report_free(struct report *);

#endif
