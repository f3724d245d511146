#!/usr/bin/python3
"""Check that the fonts bundled in fonts/ cover the characters ucapgen needs.

Usage: /usr/bin/python3 fonts/check-coverage.py [FONT_DIR]   (Debian: python3-fonttools)

Reads the cmap of every .ttf/.otf in FONT_DIR (default: the directory of this script)
and checks each required group of code points:

  required   every code point must be in at least one bundled file;
  per-style  informational, plus one hard rule: the EU letters, Greek and Cyrillic must
             be in each of the four Noto Sans styles, so that Latin/Greek/Cyrillic text
             never falls back to a glyph from another family.

Unassigned code points (category Cn) inside the Greek block are skipped, and so are the
14 Coptic letters U+03E2-03EF (COPTIC CAPITAL/SMALL LETTER SHEI ... DEI) that Unicode put in
the "Greek and Coptic" block: they are not Greek and no Noto Sans style has them.
Exit status 0 if everything is covered, 1 otherwise.
"""

import os
import sys
import unicodedata

from fontTools.ttLib import TTFont


def rng(first, last):
    return [chr(c) for c in range(first, last + 1)
            if unicodedata.category(chr(c)) not in ('Cn', 'Cc')]


# Letters of the 24 official EU languages: Basic Latin, Latin-1 Supplement, Latin
# Extended-A (Czech, Slovak, Polish, Hungarian, Baltic, Slovene, Croatian, Maltese,
# Romanian ă â î, ...), Romanian comma-below ș ț (U+0218-021B) and German capital ẞ.
EU_LATIN = (rng(0x0020, 0x007E) + rng(0x00A0, 0x00FF) + rng(0x0100, 0x017F)
            + rng(0x0218, 0x021B) + ['\u1E9E'])
GREEK = [c for c in rng(0x0370, 0x03FF) if not 0x03E2 <= ord(c) <= 0x03EF]  # minus Coptic
CYRILLIC = rng(0x0400, 0x04FF)
SYMBOLS = list(
    '→•–“”²€·✓'                       # named in the requirements
    '←↑↓↔↕↖↗↘↙⇐⇒⇔⇦⇨'                    # arrows
    '◦‣⁃∙●○■□▪▫▶►▸◆◇◊★☆'               # bullets, geometric shapes
    '✔✗✘☐☑☒'                           # check marks, ballot boxes
    '−±×÷≤≥≈≠∞√‰°′″³¹½¼¾…—‘’‚„«»‹›£¥™©®§¶†‡№℃'
)
CHINESE = [c for c in '长春市 吉林省 中华人民共和国 城市合作 欧洲 马拉加 曼海姆 布尔加斯'
           if c != ' '] + list('，。、：；！？（）《》“”')

GROUPS = [
    ('EU Latin letters (U+0020-007E, U+00A0-017F, U+0218-021B, U+1E9E)', EU_LATIN),
    ('Greek U+0370-03FF (assigned, without Coptic U+03E2-03EF)', GREEK),
    ('Cyrillic U+0400-04FF', CYRILLIC),
    ('Symbols, arrows, bullets', SYMBOLS),
    ('Chinese sample text + CJK punctuation', CHINESE),
]

NOTO_SANS = ['NotoSans-Regular.ttf', 'NotoSans-Bold.ttf',
             'NotoSans-Italic.ttf', 'NotoSans-BoldItalic.ttf']


def main():
    font_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    files = sorted(f for f in os.listdir(font_dir) if f.lower().endswith(('.ttf', '.otf')))
    if not files:
        sys.exit('no fonts in %s' % font_dir)
    cmaps = {}
    for f in files:
        font = TTFont(os.path.join(font_dir, f), lazy=True)
        cmaps[f] = set(font.getBestCmap())
        name = font['name']
        print('%-38s %-20s %-11s %6d code points' % (
            f, name.getDebugName(1), name.getDebugName(2), len(cmaps[f])))
    print()

    ok = True
    for title, chars in GROUPS:
        covering = {f: sum(1 for c in chars if ord(c) in cm) for f, cm in cmaps.items()}
        missing = [c for c in chars if not any(ord(c) in cm for cm in cmaps.values())]
        status = 'OK' if not missing else 'MISSING %d' % len(missing)
        print('%s: %d code points, %s' % (title, len(chars), status))
        for f in files:
            if covering[f]:
                print('    %-38s %5d / %d' % (f, covering[f], len(chars)))
        if missing:
            ok = False
            print('    missing: ' + ' '.join('U+%04X %s' % (ord(c), c) for c in missing))

    # Hard rule: Latin/Greek/Cyrillic complete in every Noto Sans style.
    print()
    for f in NOTO_SANS:
        if f not in cmaps:
            ok = False
            print('%s: not found' % f)
            continue
        gaps = [c for c in EU_LATIN + GREEK + CYRILLIC if ord(c) not in cmaps[f]]
        print('%s: EU Latin + Greek + Cyrillic %s' % (
            f, 'complete' if not gaps else 'MISSING ' + ' '.join('U+%04X' % ord(c) for c in gaps)))
        ok = ok and not gaps

    # Which file supplies each symbol (first match in a typical fallback order).
    print()
    order = [f for f in ['NotoSans-Regular.ttf', 'NotoSansSymbols-Regular-subset.ttf',
                         'NotoSansSymbols2-Regular-subset.ttf', 'NotoSansMath-Regular-subset.ttf',
                         'NotoSansCJKsc-Regular-gb2312.ttf'] if f in cmaps]
    print('Symbol -> first file in the order %s:' % ', '.join(order))
    for c in SYMBOLS:
        src = next((f for f in order if ord(c) in cmaps[f]), None) \
            or next((f for f in files if ord(c) in cmaps[f]), '-- none --')
        print('    U+%04X %s  %s' % (ord(c), c, src))

    print()
    print('RESULT: ' + ('all required code points are covered' if ok else 'FAILED'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
