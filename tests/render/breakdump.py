#!/usr/bin/env python3
"""breakdump.py: break a layout dump on purpose, to prove pagecheck.py.

    breakdump.py KIND DUMP > BROKEN

Prints DUMP (`ucapgen --dump layout`) with one fault of the given KIND,
the kind of fault pagecheck.py must report with the check named after
the colon:

  overlap          : overlap    a line moved onto the line above it
  off-page         : inside     a line pushed off the right edge
  margin           : inside     the top line moved above the top margin
  into-footer      : footer     the page's last body line moved down to
                                the footer rule
  no-footer-rule   : footer     the footer rule of page 2 left out
  out-of-cell      : cell       a label line moved right, across its
                                cell's right border
  lost-line        : pdf        a line of a paragraph left out
  widow            : split      a paragraph cut by a page break keeps
                                one line at the bottom of the page
  orphan           : split      ... one line at the top of the next page
  heading-last     : heading    a page's last line (its row goes on)
                                becomes an activity date line
  list-cut         : list       the paragraphs either side of a page
                                break become entries of one list (1/1)
  intro-alone      : list       a page's last paragraph ends with ":",
                                the next page starts with a list entry
  no-continued     : continued  a continued row's "(continued)" left out
  wrong-continued  : continued  "(continued)" added to a row that does
                                not start a page

The faults are placed by looking at the dump's structure (rows, cells,
paragraphs), not at fixed line numbers, so that they still apply after
the layout changes.  Exit status 2 when the dump has no place for the
fault (a one-page plan has no page break to spoil).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import pagecheck as pc  # noqa: E402

KINDS = ("overlap", "off-page", "margin", "into-footer", "no-footer-rule",
         "out-of-cell", "lost-line", "widow", "orphan", "heading-last",
         "list-cut", "intro-alone", "no-continued", "wrong-continued")


def text_line(t, x=None, y=None, s=None):
    return '  text %.1f %.1f "%s"' % (t.x if x is None else x,
                                      t.y if y is None else y,
                                      t.s if s is None else s)


def body_lines(p):
    return [t for t in p.texts if t.row is not None and t.col is not None and
            t.col >= 1 and not t.marker and t.s.strip()]


def split_paragraphs(pages):
    out = []
    for lines in pc.streams(pages).values():
        for para in pc.paragraphs(lines):
            if len({t.page for t in para}) > 1:
                out.append(para)
    return out


def row_break(pages, cont):
    """(last paragraph of page p, first of page p + 1) in the content
    column of a row that goes on from p to p + 1, neither of them nor
    their neighbours a list entry, or None."""
    for i, p in enumerate(pages[:-1]):
        nxt = pages[i + 1]
        if not p.rows or not nxt.rows:
            continue
        last = len(p.rows) - 1
        if pc.label_of(p, last, cont)[0] != pc.label_of(nxt, 0, cont)[0]:
            continue
        a = pc.paragraphs(sorted((t for t in body_lines(p)
                                  if t.row == last), key=lambda t: t.y))
        b = pc.paragraphs(sorted((t for t in body_lines(nxt)
                                  if t.row == 0), key=lambda t: t.y))
        if not a or not b or a[-1][0].col != b[0][0].col:
            continue
        if any(q[0].entry for q in a[-2:] + b[:2]):
            continue
        return a[-1], b[0]
    return None


def marker_for(page, t):
    """A bullet left of t, inside t's cell."""
    left = page.rows[t.row][2][t.col]
    return '  text %.1f %.1f "\u2022"' % (max(left + 0.5, t.x - 9.0), t.y)


def main(argv):
    if len(argv) != 3 or argv[1] not in KINDS:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        print("kinds: " + " ".join(KINDS), file=sys.stderr)
        return 2
    kind, path = argv[1], argv[2]
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    width, height, count, pages = pc.read_dump(path)
    pc.measure(pages, None, pc.Checker())
    for p in pages:
        pc.find_structure(p, width)
    cont = "(continued)"
    drop = set()
    add = {}            # line index -> lines to insert after it

    def nowhere():
        print("breakdump: no place for a %s fault in %s" % (kind, path),
              file=sys.stderr)
        return 2

    first = pages[0]
    if kind == "overlap":
        for p in pages:
            b = sorted(body_lines(p), key=lambda t: (t.row, t.col, t.y))
            pairs = [(a, c) for a, c in zip(b, b[1:]) if a.row == c.row and
                     a.col == c.col and abs(a.x - c.x) < 0.05]
            if pairs:
                a, c = pairs[0]
                lines[c.lineno] = text_line(c, y=a.y + 3.0)
                break
        else:
            return nowhere()
    elif kind == "off-page":
        t = body_lines(first)[0]
        lines[t.lineno] = text_line(t, x=width - 20)
    elif kind == "margin":
        # Above the sheet's top margin (14 mm, 39.7 pt), whatever is
        # drawn above the top line (a logo).
        t = min(first.texts, key=lambda t: t.y)
        lines[t.lineno] = text_line(t, y=min(t.y - 6, 32.0))
    elif kind == "into-footer":
        p = next((p for p in pages if p.footer_rule is not None), None)
        if p is None:
            return nowhere()
        t = max((t for t in p.texts if t.y < p.footer_rule.y),
                key=lambda t: t.y)
        lines[t.lineno] = text_line(t, y=p.footer_rule.y - 1.0)
    elif kind == "no-footer-rule":
        if len(pages) < 2 or pages[1].footer_rule is None:
            return nowhere()
        drop.add(pages[1].footer_rule.lineno)
    elif kind == "out-of-cell":
        t = next((t for t in first.texts if t.col == 0 and t.s.strip()),
                 None)
        if t is None:
            return nowhere()
        right = first.rows[t.row][2][1]
        lines[t.lineno] = text_line(t, x=right - 5)
    elif kind == "lost-line":
        for p in pages:
            b = sorted(body_lines(p), key=lambda t: (t.row, t.col, t.y))
            mid = [c for a, c, d in zip(b, b[1:], b[2:]) if
                   pc.goes_on(a.s) and pc.goes_on(c.s) and len(c.s) > 20 and
                   a.row == c.row == d.row and a.col == c.col == d.col]
            if mid:
                drop.add(mid[0].lineno)
                break
        else:
            return nowhere()
    elif kind in ("widow", "orphan"):
        for para in split_paragraphs(pages):
            pn = sorted({t.page for t in para})
            before = [t for t in para if t.page == pn[0]]
            after = [t for t in para if t.page == pn[1]]
            if kind == "widow" and len(before) >= 2:
                # The line before the page's last one ends the paragraph.
                t = before[-2]
                lines[t.lineno] = text_line(t, s=t.s.rstrip())
                break
            if kind == "orphan" and len(after) >= 2:
                t = after[0]
                lines[t.lineno] = text_line(t, s=t.s.rstrip())
                break
        else:
            return nowhere()
    elif kind == "heading-last":
        pair = row_break(pages, cont)
        if pair is None:
            return nowhere()
        before = pair[0]
        # The page's last paragraph becomes a one-line date heading.
        for t in before[:-1]:
            drop.add(t.lineno)
        lines[before[-1].lineno] = text_line(before[-1],
                                             s="1 June 2018 in Harbin")
    elif kind in ("list-cut", "intro-alone"):
        pair = row_break(pages, cont)
        if pair is None:
            return nowhere()
        before, after = pair
        if kind == "list-cut":
            add[before[0].lineno] = [marker_for(pages[before[0].page - 1],
                                                before[0])]
        else:
            t = before[-1]
            lines[t.lineno] = text_line(t, s=t.s.rstrip().rstrip(".") + ":")
        add[after[0].lineno] = [marker_for(pages[after[0].page - 1],
                                           after[0])]
    elif kind == "no-continued":
        t = next((t for p in pages for t in p.texts if t.s.strip() == cont),
                 None)
        if t is None:
            return nowhere()
        drop.add(t.lineno)
    elif kind == "wrong-continued":
        if len(first.rows) < 2:
            return nowhere()
        top, bottom, xs = first.rows[1]
        label = [t for t in first.texts if t.row == 1 and t.col == 0]
        if not label:
            return nowhere()
        t = max(label, key=lambda t: t.y)
        add[t.lineno] = ['  text %.1f %.1f "%s"' % (t.x, min(t.y + 10.0,
                                                             bottom - 3),
                                                    cont)]
    out = []
    for i, ln in enumerate(lines):
        if i in drop:
            continue
        out.append(ln)
        out.extend(add.get(i, []))
    sys.stdout.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
