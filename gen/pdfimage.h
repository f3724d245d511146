/*
 * pdfimage.h: the images of a PDF: pictures (PNG, JPEG) as image
 * XObjects, drawings (SVG) as form XObjects.
 */
#ifndef UCAPGEN_PDFIMAGE_H
#define UCAPGEN_PDFIMAGE_H

#include <cairo.h>
#include <glib.h>
#include <stdbool.h>

#include "diag.h"
#include "pdfout.h"

/* The images of one document. */
struct pdfimages;

struct pdfimages *pdfimages_new(void);
void pdfimages_free(struct pdfimages *);

/*
 * The image's number in the document, from 0 (its resource is /Im<n>);
 * the same surface drawn twice, or two of one file at one size (the
 * same image_key), is one image.  surface: what image.c loaded (an
 * image surface, with its JPEG's bytes as mime data when it was a JPEG;
 * or a recording surface for an SVG).  Either XObject paints
 * the image into the unit square as an image XObject does: its top row
 * at y = 1, its left column at x = 0.  The page's content stream, whose
 * y axis runs down the page, places it in the box x, y, w, h with
 * "q w 0 0 -h x y+h cm /Im<n> Do Q".
 */
int pdfimages_image(struct pdfimages *, cairo_surface_t *surface);

/* Write every image into out, in their numbers' order, and add their
 * resource entries to resources ("/Im0 12 0 R /Im1 15 0 R", after a
 * space if it is not empty).  What an image with an image_key became is
 * kept for the next document, in any thread; the bytes written are the
 * same either way.  False, with a message in diags, on failure. */
bool pdfimages_write(struct pdfimages *, struct pdfout *, GString *resources,
    struct diags *);

#endif
