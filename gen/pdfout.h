/*
 * pdfout.h: a PDF file as it is written: numbered objects, streams, and
 * the cross-reference stream that ends it.
 *
 * Objects get their numbers first (pdfout_reserve) and their bodies
 * later, in any order.  Small objects are packed into compressed object
 * streams; streams are written on their own, deflated unless their data
 * is already filtered.  The file is PDF 1.5, in one revision.
 */
#ifndef UCAPGEN_PDFOUT_H
#define UCAPGEN_PDFOUT_H

#include <glib.h>
#include <stdbool.h>

struct pdfout;

struct pdfout *pdfout_new(void);
void pdfout_free(struct pdfout *);

/* A new object number; its body must be given before pdfout_finish. */
int pdfout_reserve(struct pdfout *);

/* Object n's body: a dictionary, array or other value as PDF text,
 * without "n 0 obj" (copied). */
void pdfout_object(struct pdfout *, int n, const char *body, gsize len);

/*
 * Object n, a stream.  dict: its dictionary's entries, without "<<",
 * ">>", /Length or /Filter (may be ""); data: its bytes (copied).
 * filter NULL: the data are deflated here (/FlateDecode); else the data
 * are written as they are, with that filter ("/DCTDecode",
 * "/FlateDecode" for data already deflated) or none ("").
 */
void pdfout_stream(struct pdfout *, int n, const char *dict,
    const void *data, gsize len, const char *filter);

/* Deflate len bytes at data as a zlib stream (what /FlateDecode reads).
 * Returns the bytes (caller frees) and their length in *out_len. */
guint8 *pdfout_deflate(struct pdfout *, const void *data, gsize len,
    gsize *out_len);

/*
 * The finished file: the header, every object, the cross-reference
 * stream with /Root root and /Info info (0: none) and /ID id (a
 * 32-digit hex string, or NULL).  Returns its bytes (caller unrefs);
 * NULL if an object reserved was never given (a bug).
 */
GBytes *pdfout_finish(struct pdfout *, int root, int info, const char *id);

/* ---- Writing values ---- */

/* A number with at most `places` decimals, no trailing zeros, no
 * exponent, "-0" never: what a content stream and a dictionary need. */
void pdfout_num(GString *, double, int places);
/* An integer in decimal. */
void pdfout_int(GString *, gint64);
/* A text string: ASCII (with \, ( and ) escaped) as a literal string,
 * anything else as UTF-16BE with its byte-order mark, in hex. */
void pdfout_text(GString *, const char *utf8);
/* A name, "/" and the name with #xx for what a name cannot hold. */
void pdfout_name(GString *, const char *);

#endif
