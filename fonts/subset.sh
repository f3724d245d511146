#!/bin/bash
# fonts/subset.sh - (re)build the font files bundled in fonts/ from Debian's Noto packages.
#
# What it does:
#   * Copies Noto Sans Regular/Bold/Italic/BoldItalic whole (every glyph and code point)
#     without their TrueType hinting, which ucapgen never uses (README.md, note 0).
#   * Subsets Noto Sans Symbols Regular/Bold, Noto Sans Symbols2 Regular and Noto Sans Math
#     Regular to the arrow / bullet / geometric shape / math operator / dingbat blocks
#     (see SYMBOL_UNICODES). Symbols2 and Math are there because Noto Sans Symbols has no
#     check marks (U+2713 ✓), no filled bullets/squares (● ■ ▪ ►), no ⇒ and no minus sign
#     (U+2212); neither has a Bold style.
#   * Subsets the "Noto Sans CJK SC" faces of NotoSansCJK-{Regular,Bold}.ttc to GB2312
#     (all 6763 Hanzi of levels 1 and 2 plus GB2312's 682 non-Hanzi characters, generated
#     by decoding every valid two-byte GB2312 sequence with Python's 'gb2312' codec),
#     CJK Symbols and Punctuation U+3000-303F, Halfwidth and Fullwidth Forms U+FF00-FFEF,
#     printable ASCII, and U+00B7 · / U+2014 — (the code points GB2312 0xA1A4 / 0xA1AA are
#     often mapped to; Python maps them to U+30FB / U+2015, which are kept too).
#     The face is chosen by its family name, not by a fixed index (index 0 is the Japanese
#     face). Only the default and Simplified Chinese (ZHS) OpenType language systems are
#     kept, which drops the Japanese/Korean/Traditional Chinese/Hong Kong 'locl' glyph
#     variants: about 2 MB per file instead of 3.5 MB, and the glyph for each code point is
#     the same one the original SC face uses.
#     The subsets are then given TrueType outlines by to-truetype.py (quadratic splines
#     within 1/1000 em of the cubic ones): cairo's PDF writer re-reads a CFF font's whole
#     outline table for every document it embeds it in, a TrueType font glyph by glyph.
#   * All subsets keep every OpenType layout feature (--layout-features='*': kerning,
#     ligatures, marks, CJK vertical/width forms) and every name table record (family
#     names, copyright, OFL licence notice and URL); the symbol fonts lose their hinting,
#     as Noto Sans does (the CJK subsets have none). Family names are unchanged
#     ("Noto Sans Symbols", "Noto Sans Symbols2", "Noto Sans Math", "Noto Sans CJK SC"),
#     so fontconfig/Pango select them by those names.
#
# Output is deterministic: pyftsubset keeps the source 'head.modified' timestamp
# (--no-recalc-timestamp), PYTHONHASHSEED and SOURCE_DATE_EPOCH are fixed. Running the
# script twice gives byte-identical files.
#
# Last run with (Debian 12 "bookworm"):
#   fonts-noto-core    20201225-1
#   fonts-noto-cjk     1:20220127+repack1-1
#   python3-fonttools  4.38.0-1+deb12u1   (pyftsubset, /usr/bin/python3 3.11)
# Other versions give other bytes (and maybe other coverage: run check-coverage.py).
#
# Usage: fonts/subset.sh [NOTO_TTF_DIR [NOTO_CJK_DIR]]
#   NOTO_TTF_DIR  default /usr/share/fonts/truetype/noto   (fonts-noto-core)
#   NOTO_CJK_DIR  default /usr/share/fonts/opentype/noto   (fonts-noto-cjk)
# Writes into the directory this script is in. Needs pyftsubset and /usr/bin/python3 with
# fontTools (Debian: python3-fonttools); override with PYFTSUBSET=... / PYTHON=....

set -euo pipefail

NOTO_TTF_DIR=${1:-/usr/share/fonts/truetype/noto}
NOTO_CJK_DIR=${2:-/usr/share/fonts/opentype/noto}
OUT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
PYFTSUBSET=${PYFTSUBSET:-pyftsubset}

export PYTHONHASHSEED=0
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1609459200}   # only used if a timestamp were recalculated
export LC_ALL=C.UTF-8

# Arrows, Mathematical Operators, Miscellaneous Technical, Geometric Shapes, Miscellaneous
# Symbols, Dingbats, Supplemental Arrows-A, Supplemental Arrows-B, Miscellaneous Symbols
# and Arrows, plus U+2022 BULLET. Code points a font does not have are simply skipped.
SYMBOL_UNICODES='U+2022,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+27F0-27FF,U+2900-297F,U+2B00-2BFF'
CJK_UNICODES='U+0020-007E,U+00B7,U+2014,U+3000-303F,U+FF00-FFEF'
CJK_FAMILY='Noto Sans CJK SC'

# Common pyftsubset options: keep all layout features and all names; deterministic.
COMMON=(--layout-features='*' --name-IDs='*' --name-languages='*'
        --notdef-outline --no-recalc-timestamp)
# Noto Sans whole: every glyph (even those no code point reaches, such as small
# capitals), its glyph names and its old-style 'kern' table, as in the original.
LATIN=(--glyphs='*' --unicodes='*' --glyph-names --legacy-kern --no-hinting)

if command -v dpkg-query >/dev/null; then
    echo "Package versions used:"
    dpkg-query -W -f='  ${Package} ${Version}\n' fonts-noto-core fonts-noto-cjk python3-fonttools 2>/dev/null || true
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Noto Sans: every glyph and code point, without the hinting.
for style in Regular Bold Italic BoldItalic; do
    "$PYFTSUBSET" "$NOTO_TTF_DIR/NotoSans-$style.ttf" "${COMMON[@]}" "${LATIN[@]}" \
        --output-file="$OUT/NotoSans-$style.ttf"
    echo "dehinted NotoSans-$style.ttf"
done

# 2. Symbol fonts.
subset_symbols() {  # source-file-name output-file-name
    "$PYFTSUBSET" "$NOTO_TTF_DIR/$1" "${COMMON[@]}" --no-hinting \
        --unicodes="$SYMBOL_UNICODES" --output-file="$OUT/$2"
    echo "subset  $2"
}
subset_symbols NotoSansSymbols-Regular.ttf  NotoSansSymbols-Regular-subset.ttf
subset_symbols NotoSansSymbols-Bold.ttf     NotoSansSymbols-Bold-subset.ttf
subset_symbols NotoSansSymbols2-Regular.ttf NotoSansSymbols2-Regular-subset.ttf
subset_symbols NotoSansMath-Regular.ttf     NotoSansMath-Regular-subset.ttf

# 3. Noto Sans CJK SC, GB2312 subset.
"$PYTHON" - "$tmp/gb2312.txt" <<'EOF'
import sys
chars = set()
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes((hi, lo)).decode('gb2312'))
        except UnicodeDecodeError:
            pass
han = [c for c in chars if '\u4e00' <= c <= '\u9fff']
if len(chars) != 7445 or len(han) != 6763:
    sys.exit('unexpected GB2312 repertoire: %d chars, %d Hanzi' % (len(chars), len(han)))
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write(''.join(sorted(chars)))
EOF

# LangSys records to keep: default and ZHS of every script the SC face has.
LAYOUT_SCRIPTS=DFLT.dflt
for s in cyrl grek hang hani kana latn; do LAYOUT_SCRIPTS+=",$s.dflt,$s.ZHS"; done

face_index() {  # ttc family -> index of the face whose name ID 1 is family
    "$PYTHON" - "$1" "$2" <<'EOF'
import sys
from fontTools.ttLib import TTCollection
ttc, family = sys.argv[1], sys.argv[2]
hits = [i for i, f in enumerate(TTCollection(ttc, lazy=True).fonts)
        if f['name'].getDebugName(1) == family]
if len(hits) != 1:
    sys.exit('%s: %d faces named %r' % (ttc, len(hits), family))
print(hits[0])
EOF
}

for style in Regular Bold; do
    ttc="$NOTO_CJK_DIR/NotoSansCJK-$style.ttc"
    idx=$(face_index "$ttc" "$CJK_FAMILY")
    "$PYFTSUBSET" "$ttc" --font-number="$idx" "${COMMON[@]}" \
        --layout-scripts="$LAYOUT_SCRIPTS" \
        --text-file="$tmp/gb2312.txt" --unicodes="$CJK_UNICODES" \
        --output-file="$tmp/NotoSansCJKsc-$style-gb2312.otf"
    "$PYTHON" "$OUT/to-truetype.py" "$tmp/NotoSansCJKsc-$style-gb2312.otf" \
        "$OUT/NotoSansCJKsc-$style-gb2312.ttf"
    echo "subset  NotoSansCJKsc-$style-gb2312.ttf (face $idx of $(basename "$ttc"), TrueType outlines)"
done

echo "done; now run: $PYTHON $OUT/check-coverage.py"
