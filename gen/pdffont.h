/*
 * pdffont.h: the fonts of a PDF: the glyphs Pango chose, embedded as
 * subsets of their TrueType fonts (CID-keyed, Identity-H), with the
 * widths and the text of every glyph.
 */
#ifndef UCAPGEN_PDFFONT_H
#define UCAPGEN_PDFFONT_H

#include <glib.h>
#include <pango/pango.h>
#include <stdbool.h>

#include "diag.h"
#include "pdfout.h"

/* What a worker keeps from one document to the next: each font file
 * read once for subsetting (with a reference to its hb_face_t), and its
 * latest subsets.  Not shared between threads; must outlive the
 * pdffonts made with it. */
struct pdffontcache;

struct pdffontcache *pdffontcache_new(void);
void pdffontcache_free(struct pdffontcache *);

/* The fonts of one document. */
struct pdffonts;

/* cache may be NULL (each font read for this document alone). */
struct pdffonts *pdffonts_new(struct pdffontcache *cache);
void pdffonts_free(struct pdffonts *);

/* The font's number in the document, from 0: its resource is /F<n>.
 * PangoFonts of one font file (one hb_face_t) at any size are one PDF
 * font.  *em: this PangoFont's size in the layout's units, points (the
 * text matrix's scale: "em 0 0 -em x y Tm /F<n> 1 Tf"). */
int pdffonts_font(struct pdffonts *, PangoFont *, double *em);

/*
 * The two-byte code under which the content stream draws glyph (a
 * glyph of font f: not PANGO_GLYPH_EMPTY nor one with
 * PANGO_GLYPH_UNKNOWN_FLAG, but 0, .notdef, may be) standing for text
 * (the characters of its cluster, len bytes of UTF-8; len 0: none, as
 * for the second glyph of a cluster).  Codes are given from 1 in the
 * order asked; one glyph drawn for two texts gets two codes.  *width:
 * its advance as the font's /W says, in thousandths of the em, rounded.
 * Past 65535 codes in a font, 0 (and pdffonts_write fails).
 */
guint pdffonts_code(struct pdffonts *, int f, guint glyph, const char *text,
    gsize len, int *width);

/*
 * Write every font used into out and add its resource entries to
 * resources, separated by spaces ("/F0 12 0 R /F1 18 0 R").  False, with a message in diags, if a font cannot be embedded
 * (no TrueType outlines, too many codes) or subset; the other fonts are
 * written all the same, and nothing of that font.
 */
bool pdffonts_write(struct pdffonts *, struct pdfout *, GString *resources,
    struct diags *);

#endif
