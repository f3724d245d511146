#!/usr/bin/python3
"""Convert an OpenType font with CFF outlines to TrueType (glyf) outlines.

Usage: to-truetype.py IN.otf OUT.ttf

Why: cairo's PDF writer embeds a subset of each font a document uses, and
for a CFF font it copies and parses the font's whole CFF table (about
1.9 MB for the GB2312 subset of Noto Sans CJK SC) for every document, twice
per face.  A TrueType font is read glyph by glyph through its 'loca' table.
With TrueType outlines a Changchun summary takes about a sixth less time;
the PDF carries the same glyphs as CID TrueType instead of CID CFF.

How: every cubic outline is approximated by quadratic splines with an error
of at most MAX_ERR font units (1 unit = 1/1000 em, 0.012 pt at 12 pt: not
visible), directions reversed as TrueType wants them.  Advance widths,
vertical metrics, cmap, GSUB/GPOS/GDEF and every name record are kept as
they are; the CFF-only VORG table goes, the 'post' table keeps no glyph
names (format 3), and head.modified stays the source's, so the output is
the same bytes every run.  Needs fontTools (Debian: python3-fonttools).
"""
import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0


def convert(src, dst):
    font = TTFont(src, recalcTimestamp=False)
    if 'CFF ' not in font:
        sys.exit('%s: no CFF outlines' % src)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable('glyf')
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf[name] = pen.glyph()
    font['glyf'] = glyf
    font['loca'] = newTable('loca')
    del font['CFF ']
    if 'VORG' in font:
        del font['VORG']
    maxp = font['maxp']
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ('maxTwilightPoints', 'maxStorage', 'maxFunctionDefs',
                  'maxInstructionDefs', 'maxStackElements',
                  'maxSizeOfInstructions', 'maxComponentElements',
                  'maxComponentDepth'):
        setattr(maxp, field, 0)
    post = font['post']
    post.formatType = 3.0
    font['head'].glyphDataFormat = 0
    font.sfntVersion = '\0\1\0\0'
    font.save(dst)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__.split('\n\n')[1])
    convert(sys.argv[1], sys.argv[2])
