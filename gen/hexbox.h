/*
 * hexbox.h: the box Pango draws for a character no font has, as PDF
 * path operators.
 */
#ifndef UCAPGEN_HEXBOX_H
#define UCAPGEN_HEXBOX_H

#include <glib.h>
#include <stdbool.h>
#include <pango/pango.h>

/*
 * Append to out the outline of the box with the character's code in
 * hexadecimal that Pango draws for an unknown glyph (gi->glyph has
 * PANGO_GLYPH_UNKNOWN_FLAG) of font: the same box, at the same size and
 * place, that the PNG and SVG show.  Points are relative to the glyph's
 * origin, with y down the page; fill the outline with "f".  Sets bbox
 * (x0, y0, x1, y1) to the points' bounds and returns true; false, with
 * nothing appended, when Pango draws nothing there.
 */
bool hexbox_path(PangoFont *font, const PangoGlyphInfo *gi, GString *out,
    double bbox[4]);

#endif
