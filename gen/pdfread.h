/*
 * pdfread.h: reading a PDF cairo wrote: its cross-reference table, its
 * objects parsed into values as they are asked for, their streams.
 */
#ifndef UCAPGEN_PDFREAD_H
#define UCAPGEN_PDFREAD_H

#include <glib.h>
#include <stdbool.h>

enum pdfkind {
	PDF_NULL,
	PDF_ATOM,       /* a number, boolean or keyword: text as written */
	PDF_NAME,       /* text without the slash, #xx as written */
	PDF_STRING,     /* text as written, delimiters included */
	PDF_ARRAY,
	PDF_DICT,       /* items: key (PDF_NAME), value, key, value, ... */
	PDF_REF,
};

struct pdfval {
	enum pdfkind kind;
	char *text;             /* ATOM, NAME, STRING: in the same block as
				   the value, freed with it */
	int ref;                /* REF: the object's number */
	GPtrArray *items;       /* owned; ARRAY, DICT: of struct pdfval * */
};

/* An indirect object of the file. */
struct pdfobj {
	struct pdfval *value;   /* owned by the reader */
	const guint8 *stream;   /* its stream's bytes in the file, or NULL */
	gsize stream_len;
};

/* A file being read; it keeps a pointer to the file's bytes, which must
 * outlive it.  Not to be shared between threads. */
struct pdfread;

/* NULL if the bytes do not end with a classic cross-reference table and
 * a trailer naming the catalog, as cairo writes them. */
struct pdfread *pdfread_new(const guint8 *data, gsize len);
void pdfread_free(struct pdfread *);

/* The catalog's number (the trailer's /Root). */
int pdfread_root(const struct pdfread *);

/* Object n, parsed on first use; NULL if there is none or it cannot be
 * read. */
const struct pdfobj *pdfread_obj(struct pdfread *, int n);

/* v, or the value of the object v refers to (NULL if there is none). */
const struct pdfval *pdfread_deref(struct pdfread *, const struct pdfval *v);

/* A dictionary's value for key (without its slash), or NULL. */
const struct pdfval *pdfval_get(const struct pdfval *dict, const char *key);
bool pdfval_is_name(const struct pdfval *, const char *name);

/* v as PDF text appended to out; each reference written by ref(out, n,
 * data), or as "n 0 R" if ref is NULL. */
void pdfval_write(GString *out, const struct pdfval *v,
    void (*ref)(GString *, int, gpointer), gpointer data);
/* The same for a dictionary's entries, without "<<" and ">>", leaving
 * out those whose key is in skip (names without their slash, up to a
 * NULL; skip may be NULL). */
void pdfval_write_entries(GString *out, const struct pdfval *dict,
    void (*ref)(GString *, int, gpointer), gpointer data,
    const char *const *skip);

/* The zlib stream (/FlateDecode) of len bytes at in, inflated: the bytes
 * (caller frees) and their length in *out_len; NULL if it is damaged or
 * would pass max bytes. */
guint8 *pdfread_inflate(const guint8 *in, gsize len, gsize max,
    gsize *out_len);

#endif
