#!/usr/bin/env python3
"""flowcheck.py: what tests/pagecheck.py cannot check: text that flows in
columns (the brief) and boxes at fixed places (the card, the poster).

    flowcheck.py --layout LAYOUT.xml [--words BBOX.html] [--plan PLAN.xml]
                 [--flow KEY,KEY...] [--heading TEXT]... [--band REGEX]...
                 DUMP

DUMP is `ucapgen PLAN --layout L --dump layout`; LAYOUT is the layout
file that says where the columns or the frames are (for a derived layout
without its own <page> or <body>: the file it is based on).  pagecheck.py
reads the dump, the words and the plan (it is imported), and checks what
does not depend on columns: the page, the margins, the footer, overlaps.

pagecheck.py cuts the text into paragraphs by table rows and columns of
one table, so it sees neither the brief's two columns (the flow goes from
the foot of the left column to the top of the right one, then to the next
page) nor the card's frames.  This script does:

With columns (a layout whose <body columns="N">, N > 1):
  column    every line of the flow lies inside its column (needs --words
            for the real widths)
  content   every paragraph of the plan under the --flow keys (default
            focus, challenges, objectives, activities, results) is in the
            flow, read column by column, page by page (needs --plan)
  heading   a heading (a section title given with --heading, a heading,
            theme or headline of the plan, an activity's date line) is
            never split between two columns, and never the last line of a
            column when the flow goes on
  split     a paragraph cut by a column or page end keeps >= 2 lines on
            each side
  list      a list cut by a column or page end keeps >= 2 entries on each
            side

With frames (a layout whose body holds <frame>s):
  frame     every line of text and every image lies inside one frame

The flow is the text between the header and footer (lines matching a
--band REGEX are the bands' and are left out) below the items that span
every column: on each page, the flow starts under the lowest horizontal
rule or fill wider than a column.

Exit status: 0 all checks passed, 1 some failed, 2 unusable input.
Standard library only.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import pagecheck as pc  # noqa: E402

NS = "{urn:ucapgen:layout:1}"
UNITS = {"mm": 72 / 25.4, "in": 72.0, "pt": 1.0}
TOL = pc.TOL
PAPER = {"A3": (841.89, 1190.551), "A4": (595.276, 841.89),
         "A5": (419.528, 595.276), "Letter": (612.0, 792.0),
         "Legal": (612.0, 1008.0)}


def length(s):
    m = re.match(r"\s*([\d.]+)\s*(mm|pt|in)\s*$", s)
    if not m:
        raise ValueError("not a length: %r" % s)
    return float(m[1]) * UNITS[m[2]]


def box(s):
    v = [length(x) for x in s.split()]
    while len(v) < 4:
        v.append(v[len(v) - 2] if len(v) >= 2 else v[0])
    return v


class Geometry:
    """The parts of a layout file this script needs."""

    def __init__(self, path):
        root = ET.parse(path).getroot()
        page = root.find(NS + "page")
        body = root.find(NS + "body")
        if page is None or body is None:
            raise ValueError("%s: no <page> or no <body>; give the layout "
                             "it is based on" % path)
        self.margins = box(page.get("margin", "0pt"))
        self.columns = int(body.get("columns", "1"))
        self.gap = length(body.get("column-gap", "12pt"))
        self.frames = []
        for f in body.iter(NS + "frame"):
            self.frames.append((f.get("id", "?"), length(f.get("x")),
                                length(f.get("y")), length(f.get("width")),
                                length(f.get("height"))))

    def column_box(self, width, k):
        top, right, bottom, left = self.margins
        w = (width - left - right - (self.columns - 1) * self.gap) / \
            self.columns
        x0 = left + k * (w + self.gap)
        return x0, x0 + w


def is_marker(t, texts):
    """A list marker: a short text with another text right of it on the
    same baseline, close by."""
    if len(t.s.strip()) > 3:
        return False
    return any(u is not t and abs(u.y - t.y) < 0.05 and
               0 < u.x - t.x < 40 for u in texts)


def flow_lines(pages, geo, width, p_height, bands):
    """The flow's lines in reading order: (column number, Text) with the
    column counted across pages; markers flagged."""
    out = []
    colw = geo.column_box(width, 0)[1] - geo.column_box(width, 0)[0]
    ncol = 0
    for p in pages:
        band = [t for t in p.texts
                if t.s.strip() and any(re.search(r, t.s) for r in bands)]
        # A band's text may take two lines: what is level with or below
        # the footer's first line, or above the header's last, is a band's.
        foot = [t.y for t in band if t.y > p_height / 2]
        head = [t.y for t in band if t.y < p_height / 2]
        y0 = max(head) + TOL if head else 0
        y1 = min(foot) - TOL if foot else p_height
        body = [t for t in p.texts if t.s.strip() and y0 < t.y < y1]
        # The footer's rule is just above the footer's text (half the
        # band gap and the text's ascent): leave out what is that close.
        foot_y = y1 - 15
        tops = [b.y + max(b.h, 0) for b in p.boxes
                if b.kind in ("rule", "fill") and abs(b.w) > colw + 1 and
                b.y < foot_y]
        top = max(tops) if tops else 0
        flow = [t for t in body if t.y > top]
        for t in flow:
            t.marker = is_marker(t, flow)
        cols = {}
        for t in flow:
            k = 0
            for j in range(geo.columns):
                x0, x1 = geo.column_box(width, j)
                if t.x >= x0 - TOL:
                    k = j
            cols.setdefault(k, []).append(t)
        for k in sorted(cols):
            for t in sorted(cols[k], key=lambda t: (t.y, t.x)):
                t.col = k
                out.append((ncol + k, t))
        ncol += geo.columns
    return out


def paragraphs(lines):
    """Cut the flow into paragraphs: lists of (column, Text); a marker
    starts an entry."""
    paras, cur = [], []
    marker = None
    for c, t in lines:
        if t.marker:
            if cur:
                paras.append(cur)
                cur = []
            marker = t
            continue
        t.entry = marker is not None and marker.page == t.page and \
            abs(marker.y - t.y) < 0.05
        marker = None
        cur.append((c, t))
        if not pc.goes_on(t.s):
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return paras


def text_of(para):
    return pc.norm_space("".join(t.s for _, t in para))


def plan_flow(path, keys):
    """(paragraphs, headings) of the plan under the given top keys."""
    root = ET.parse(path).getroot()
    paras, heads = [], set()

    def local(el):
        return el.tag.split("}")[-1]

    def walk(el):
        name = local(el)
        if name in ("date", "place"):
            return
        kids = list(el)
        if not kids:
            text = el.text or ""
            for para in re.split(r"\n\s*\n", text):
                para = pc.norm_space(pc.strip_markup(para))
                if para:
                    paras.append(para)
            if name in ("heading", "theme", "headline"):
                heads.add(pc.norm_space(pc.strip_markup(text)))
            return
        for k in kids:
            walk(k)

    for el in root:
        if local(el) in keys:
            walk(el)
    return paras, heads


def check_columns(pages, width, geo, lines, paras_plan, headings, chk):
    for c, t in lines:
        x0, x1 = geo.column_box(width, t.col)
        if t.x < x0 - TOL or t.x + t.width > x1 + TOL:
            chk.fail(t.page, "column", "a line runs out of its column "
                     "(%.1f to %.1f, the column %.1f to %.1f)" %
                     (t.x, t.x + t.width, x0, x1), [t])
    paras = paragraphs(lines)
    last_col = max((c for c, _ in lines), default=-1)
    # Content: the flow read column by column.
    if paras_plan:
        flat = "\n".join(text_of(p) for p in paras)
        for para in paras_plan:
            if para not in flat:
                chk.fail("-", "content", "not in the flow: %r" % para[:100])

    def is_heading(s):
        return s in headings or pc.DATE_LINE.match(s) is not None

    def is_heading_start(s):
        return any(h.startswith(s) and h != s for h in headings)

    for i, para in enumerate(paras):
        cols = sorted({c for c, _ in para})
        s = text_of(para)
        first = para[0][1]
        if len(cols) > 1:
            if is_heading(s):
                chk.fail(first.page, "heading", "a heading is split between "
                         "two columns", [t for _, t in para])
                continue
            chk.stats["splits"] += 1
            for a, b in zip(cols, cols[1:]):
                na = sum(1 for c, _ in para if c == a)
                nb = sum(1 for c, _ in para if c == b)
                if na < 2 or nb < 2:
                    chk.fail(first.page, "split", "a paragraph is cut %d/%d "
                             "lines across two columns (keep >= 2 each "
                             "side)" % (na, nb), [t for _, t in para])
        c_end = para[-1][0]
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        ends_col = nxt is None or nxt[0][0] != c_end
        if ends_col and c_end < last_col and \
                (is_heading(s) or (is_heading_start(s) and len(cols) == 1)):
            chk.fail(para[-1][1].page, "heading", "a heading is the last "
                     "line of a column and the flow goes on",
                     [t for _, t in para])
    # Lists: consecutive entries.
    i = 0
    while i < len(paras):
        if not getattr(paras[i][0][1], "entry", False):
            i += 1
            continue
        j = i
        while j + 1 < len(paras) and \
                getattr(paras[j + 1][0][1], "entry", False):
            j += 1
        entries = paras[i:j + 1]
        cols = sorted({e[0][0] for e in entries})
        if len(cols) > 1:
            chk.stats["lists"] += 1
        for a, b in zip(cols, cols[1:]):
            na = sum(1 for e in entries if e[0][0] == a)
            nb = sum(1 for e in entries if e[0][0] == b)
            if na < 2 or nb < 2:
                chk.fail(entries[0][0][1].page, "list", "a list is cut "
                         "%d/%d entries across two columns (keep >= 2 "
                         "each side)" % (na, nb),
                         [e[0][1] for e in entries][:4])
        i = j + 1


def check_frames(pages, geo, chk):
    frames = [(x, y, x + w, y + h) for _, x, y, w, h in geo.frames]

    def inside(r):
        return any(r[0] >= f[0] - TOL and r[1] >= f[1] - TOL and
                   r[2] <= f[2] + TOL and r[3] <= f[3] + TOL for f in frames)

    for p in pages:
        if p.n != 1:
            chk.fail(p.n, "frame", "frames are on the first page only, but "
                     "there is a page %d" % p.n)
        for t in p.texts:
            if t.s.strip() and not inside(t.full()):
                chk.fail(p.n, "frame", "a line is not inside a frame", [t])
        for b in p.boxes:
            if b.kind == "image" and \
                    not inside((b.x, b.y, b.x + b.w, b.y + b.h)):
                chk.fail(p.n, "frame", "an image is not inside a frame", [b])


def main(argv):
    opts = {"--layout": None, "--words": None, "--plan": None,
            "--flow": "focus,challenges,objectives,activities,results"}
    heads, bands, rest = set(), [], []
    i = 1
    while i < len(argv):
        a = argv[i]
        if a in opts and i + 1 < len(argv):
            opts[a] = argv[i + 1]
            i += 2
        elif a == "--heading" and i + 1 < len(argv):
            heads.add(pc.norm_space(argv[i + 1]))
            i += 2
        elif a == "--band" and i + 1 < len(argv):
            bands.append(argv[i + 1])
            i += 2
        elif a.startswith("-") or rest:
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
        else:
            rest.append(a)
            i += 1
    if not rest or not opts["--layout"]:
        print("usage: flowcheck.py --layout LAYOUT.xml [options] DUMP",
              file=sys.stderr)
        return 2
    try:
        geo = Geometry(opts["--layout"])
        width, height, count, pages = pc.read_dump(rest[0])
        words = pc.read_words(opts["--words"]) if opts["--words"] else None
        paras, pheads = ([], set())
        if opts["--plan"]:
            paras, pheads = plan_flow(opts["--plan"],
                                      opts["--flow"].split(","))
    except (OSError, ValueError, ET.ParseError) as e:
        print("flowcheck: %s" % e, file=sys.stderr)
        return 2
    chk = pc.Checker()
    pc.measure(pages, words, chk)
    chk.failures = []           # pagecheck.py reports those
    nlines = 0
    if geo.frames:
        check_frames(pages, geo, chk)
    if geo.columns > 1:
        lines = flow_lines(pages, geo, width, height, bands)
        nlines = len(lines)
        check_columns(pages, width, geo, lines, paras, heads | pheads, chk)
    for f in chk.failures:
        print(f)
    print("%d pages, %d frames, %d columns, %d lines of flow; cut by a "
          "column or page end: %d paragraphs, %d lists; %d problems" %
          (len(pages), len(geo.frames), geo.columns, nlines,
           chk.stats["splits"], chk.stats["lists"], len(chk.failures)))
    return 1 if chk.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
