#!/usr/bin/env python3
"""pagecheck.py: sanity checks of laid-out pages, from `ucapgen --dump layout`.

    pagecheck.py [--words BBOX.html] [--plan PLAN.xml] [--not-shown KEYS]
                 [--heading TEXT]... [--layout SHEET.xml] [--continued WORD]
                 [--only CHECKS] [--expect-breaks] [--stats] DUMP...

DUMP is the output of `ucapgen PLAN --dump layout`; several DUMPs are
checked one by one (each failure then starts with its file's name).
Optional inputs make more checks possible:

  --words   `pdftotext -raw -bbox` of the same plan's PDF.  Each dump text
            line is matched, in drawing order, with the PDF's words: that
            gives every line its real width and font size (the dump has
            neither), and checks that the PDF draws exactly the dump's
            text, where the dump says.  Without it widths are guessed
            (0.45 em a character at 8.5 pt), enough for hand-made dumps.
  --plan    `ucapgen PLAN --dump xml`: every paragraph of the plan's text
            must be on the pages; its headings, themes and headlines are
            the lines that must never end a page.
  --not-shown KEY,KEY...  plan values the layout does not show (paths
            such as contact/url, list items left out): --plan skips them.
  --heading TEXT  one more heading line (a catalog text the layout sets
            as a heading, "EU Urban Agenda topics"); may be repeated.
  --layout  the layout file, for the page margins (default: the sheet's
            14mm 16mm 12mm 16mm).
  --only CHECK,CHECK...  report only these checks (the page-break rules
            of many dumps made without their PDFs: --only split,list,
            heading,continued).
  --expect-breaks  fail unless a paragraph was split across pages and a
            row was continued on the next page (the long example must
            exercise the page-break rules, or they test nothing).

Checks (each failure is one line "page N: CHECK: what, and the lines"):
  page       the page size and the page count of the header line
  inside     every box inside the page, every text inside the margins
  footer     body text and boxes end above the footer (its rule), footer
             text starts below it; the footer says the same on every page
             (but for digits)
  cell       a text in a table row lies inside its cell
  overlap    no two text lines overlap; no text on an image or a small
             fill (a swatch)
  pdf        the PDF draws the dump's lines, in order, at its positions
  content    every paragraph of the plan is on the pages
  split      a paragraph cut by a page break keeps >= 2 lines each side
  list       a list cut by a page break keeps >= 2 entries each side; a
             paragraph that introduces a list (it ends with ":") is on
             the page of the list's first entry
  heading    a heading (activity date, headline, section heading) is never
             the last line of a page when its row goes on
  continued  the first row of a page that goes on from the previous page
             repeats its label and says "(continued)"; no other row does

Exit status: 0 all checks passed, 1 some failed, 2 unusable input.
Standard library only (Debian's python3).
"""
import html
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

TOL = 0.35              # points: the dump prints one decimal
BAND_GAP = 7.0          # gen/paginate.c: gap between a band and the body
# Noto Sans (hhea): ascent 1.069, descent 0.293 of the em; Poppler's word
# boxes are these.  The box used for overlaps is the core of a line, from
# just under the capitals' height to half the descender, so that lines
# set at their normal distance never touch.
ASC, DESC = 1.069, 0.293
CORE_TOP, CORE_BOTTOM = 0.66, 0.157
BODY_SIZE = 8.5
MONTHS = ("January|February|March|April|May|June|July|August|September|"
          "October|November|December")
DATE_LINE = re.compile(r"^(\d{1,2} )?(%s) \d{4}( in .+)?$" % MONTHS)
# A line that ends with one of these goes on in the next line of the same
# paragraph: Pango keeps the space at a soft line break; a break with no
# space comes after a hyphen, a dash, a slash, or between ideographs.
CONT_CHARS = "-\u2010\u2013\u2014/\u00ad"


def is_cjk(ch):
    o = ord(ch)
    return (0x2e80 <= o <= 0x9fff or 0xf900 <= o <= 0xfaff or
            0xff00 <= o <= 0xffef or 0x20000 <= o <= 0x2fa1f)


def goes_on(text):
    """Whether a dump line is not the last line of its paragraph."""
    if text == "":
        return False
    last = text[-1]
    if last in CONT_CHARS:      # "High-", not a lone "-" or "–"
        return len(text) >= 2 and not text[-2].isspace()
    return last.isspace() or is_cjk(last)


def norm_space(s):
    return " ".join(s.split())


class Text:
    def __init__(self, page, x, y, s, order, lineno=None):
        self.page, self.x, self.y, self.s, self.order = page, x, y, s, order
        self.lineno = lineno    # its line in the dump, 0-based
        self.width = None       # set from the PDF, or guessed
        self.size = None
        self.marker = False
        self.entry = False      # the first line of a list entry
        self.lrow = None        # its table row, counted across pages
        self.row = None         # index into the page's rows
        self.col = None

    def core(self):
        return (self.x, self.y - CORE_TOP * self.size,
                self.x + self.width, self.y + CORE_BOTTOM * self.size)

    def full(self):
        return (self.x, self.y - ASC * self.size,
                self.x + self.width, self.y + DESC * self.size)

    def show(self):
        return 'text %.1f %.1f "%s"' % (self.x, self.y, self.s)


class Box:
    def __init__(self, kind, x, y, w, h, extra="", lineno=None):
        self.kind, self.x, self.y, self.w, self.h = kind, x, y, w, h
        self.extra = extra
        self.lineno = lineno

    def show(self):
        return "%s %.1f %.1f %.1f %.1f%s" % (self.kind, self.x, self.y,
                                             self.w, self.h, self.extra)


class Page:
    def __init__(self, n):
        self.n = n
        self.texts = []
        self.boxes = []         # fill, rule, link, image
        self.rows = []          # (top, bottom, [column x ...])
        self.footer_rule = None


class Checker:
    def __init__(self):
        self.failures = []
        self.stats = {"splits": 0, "continued": 0, "lists": 0}

    def fail(self, page, check, what, lines=()):
        msg = "page %s: %s: %s" % (page, check, what)
        for ln in lines:
            msg += "\n      " + ln.show()
        self.failures.append(msg)


# ---- Reading the inputs ----

def read_dump(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    m = re.match(r"document ([\d.]+) x ([\d.]+), (\d+) pages?$", lines[0])
    if not m:
        raise ValueError("%s: not a layout dump (first line: %r)" %
                         (path, lines[0]))
    width, height, count = float(m[1]), float(m[2]), int(m[3])
    pages = []
    order = 0
    for lineno, ln in enumerate(lines):
        if lineno == 0 or ln == "":
            continue
        m = re.match(r"page (\d+)$", ln)
        if m:
            pages.append(Page(int(m[1])))
            continue
        if not pages:
            raise ValueError("%s: box before the first page: %r" % (path, ln))
        p = pages[-1]
        m = re.match(r'  text (-?[\d.]+) (-?[\d.]+) "(.*)"$', ln)
        if m:
            p.texts.append(Text(p.n, float(m[1]), float(m[2]), m[3], order,
                                lineno))
            order += 1
            continue
        m = re.match(r"  (fill|rule|link|image) (-?[\d.]+) (-?[\d.]+) "
                     r"(-?[\d.]+) "
                     r"(-?[\d.]+)(.*)$", ln)
        if m:
            p.boxes.append(Box(m[1], float(m[2]), float(m[3]), float(m[4]),
                               float(m[5]), m[6], lineno))
            continue
        raise ValueError("%s: unknown line %r" % (path, ln))
    return width, height, count, pages


def read_words(path):
    """Pages of (text, xmin, ymin, xmax, ymax), from pdftotext -bbox."""
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    pages = []
    for pm in re.finditer(r"<page [^>]*>(.*?)</page>", doc, re.S):
        words = []
        for wm in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" '
                              r'xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)'
                              r"</word>", pm[1], re.S):
            words.append((html.unescape(wm[5]), float(wm[1]), float(wm[2]),
                          float(wm[3]), float(wm[4])))
        pages.append(words)
    return pages


def strip_markup(s):
    """The plain text of a plan text (gen/markup.h)."""
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"\*\*(.+?)\*\*", r"\1", s)
    s = re.sub(r"__(.+?)__", r"\1", s)
    s = re.sub(r"(?<![\\*])\*(?!\*)(.+?)(?<!\\)\*", r"\1", s)
    s = re.sub(r"\\([*_\[\]\\])", r"\1", s)
    return s


def read_plan(path, not_shown=()):
    """(paragraphs that must be shown, heading texts) of a --dump xml;
    not_shown: paths such as "contact/url" ("item" steps left out) of
    values the layout does not show."""
    root = ET.parse(path).getroot()
    skip = {"ucap", "language", "issued", "population", "area", "start",
            "end", "date", "short", "sdgs"}
    paras, headings = [], set()

    def local(el):
        return el.tag.split("}")[-1]

    def walk(el, parent, where):
        name = local(el)
        if name in skip or (name == "item" and parent in skip):
            return
        if name != "item" and el is not root:
            where = where + (name,)
        if "/".join(where) in not_shown:
            return
        kids = list(el)
        if not kids:
            text = el.text or ""
            for para in re.split(r"\n\s*\n", text):
                para = norm_space(strip_markup(para))
                if para:
                    paras.append(para)
            if name in ("heading", "theme", "headline"):
                headings.add(norm_space(strip_markup(text)))
            return
        for k in kids:
            walk(k, name, where)

    walk(root, "", ())
    return paras, headings


def read_margins(path):
    """Top, right, bottom, left margins in points, from a layout file."""
    root = ET.parse(path).getroot()
    page = root.find("{urn:ucapgen:layout:1}page")
    units = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0}
    vals = []
    for v in page.get("margin", "0").split():
        m = re.match(r"([\d.]+)(mm|cm|in|pt)?$", v)
        vals.append(float(m[1]) * units[m[2] or "pt"])
    while len(vals) < 4:        # CSS order: top right bottom left
        vals.append(vals[len(vals) - 2] if len(vals) >= 2 else vals[0])
    return vals


# ---- Measuring the lines ----

def measure(pages, words, chk):
    """Give each text line its width and size from the PDF's words, and
    check that the PDF draws the dump's text in the same order and place."""
    if words is None:
        for p in pages:
            for t in p.texts:
                t.size = BODY_SIZE
                t.width = 0.45 * BODY_SIZE * len(t.s.rstrip())
        return
    if len(words) != len(pages):
        chk.fail("-", "pdf", "the PDF has %d pages, the dump %d" %
                 (len(words), len(pages)))
    for p, pw in zip(pages, words):
        # The PDF's characters in drawing order, each with its word.
        chars, owner = [], []
        for i, w in enumerate(pw):
            for ch in unicodedata.normalize("NFKC", w[0]):
                # A soft hyphen is in the PDF's text where Pango broke
                # the line at it; the dump has them all.  Both lose them.
                if not ch.isspace() and ch != "\u00ad":
                    chars.append(ch)
                    owner.append(i)
        stream = "".join(chars)
        used_char = [False] * len(chars)
        k = 0
        for t in p.texts:
            want = "".join(c for c in unicodedata.normalize("NFKC", t.s)
                           if not c.isspace() and c != "\u00ad")
            t.size = BODY_SIZE
            t.width = 0.45 * BODY_SIZE * len(t.s.rstrip())
            if not want:
                t.width = 0.0
                continue
            j = k if stream.startswith(want, k) else stream.find(want, k)
            if j < 0:
                j = stream.find(want)
            if j != k:
                got = stream[k:k + len(want)]
                if j < 0:
                    chk.fail(p.n, "pdf", "the PDF does not draw this line "
                             "(it draws %r here)" % got, [t])
                    continue
                chk.fail(p.n, "pdf", "the PDF draws %r where the dump has "
                         "this line (drawn elsewhere in the page's order)" %
                         got, [t])
            for c in range(j, j + len(want)):
                used_char[c] = True
            used = sorted({owner[c] for c in range(j, j + len(want))})
            k = j + len(want)
            # A hyphen Pango added at a break (a soft hyphen's) is in the
            # PDF, not the dump.
            if k < len(chars) and chars[k] in "-\u2010" and \
                    owner[k] == used[-1] and want[-1] not in "-\u2010":
                used_char[k] = True
                k += 1
            x0 = min(pw[i][1] for i in used)
            x1 = max(pw[i][3] for i in used)
            h = max(pw[i][4] - pw[i][2] for i in used)
            t.size = h / (ASC + DESC)
            t.width = x1 - x0
            base = pw[used[0]][2] + ASC * (pw[used[0]][4] - pw[used[0]][2]) \
                / (ASC + DESC)
            if abs(x0 - t.x) > 0.6 or abs(base - t.y) > 1.0:
                chk.fail(p.n, "pdf", "the PDF draws this line at x %.1f, "
                         "baseline %.1f" % (x0, base), [t])
        if any(not u for u in used_char):
            rest = "".join(c for c, u in zip(chars, used_char) if not u)
            chk.fail(p.n, "pdf", "the PDF draws text the dump does not "
                     "have: %r" % rest[:60])


# ---- Page structure ----

def find_structure(p, width):
    """Table rows (from the vertical rules), the footer rule, markers."""
    groups = {}
    for b in p.boxes:
        if b.kind == "rule" and abs(b.w) < 0.01 and b.h > 0:
            groups.setdefault((round(b.y, 1), round(b.h, 1)), []).append(b.x)
    p.rows = sorted((y, y + h, sorted(xs)) for (y, h), xs in groups.items()
                    if len(xs) >= 2)
    # The footer rule: the lowest horizontal rule with nothing but text
    # and links below it.
    horiz = [b for b in p.boxes if b.kind == "rule" and abs(b.h) < 0.01]
    if horiz:
        low = max(horiz, key=lambda b: b.y)
        below = [b for b in p.boxes if b is not low and b.kind != "link" and
                 max(b.y, b.y + b.h) > low.y + TOL]
        if not below and any(t.y > low.y for t in p.texts):
            p.footer_rule = low
    for t in p.texts:
        for i, (top, bottom, xs) in enumerate(p.rows):
            if top - TOL <= t.y <= bottom + TOL:
                for j in range(len(xs) - 1):
                    if xs[j] - TOL <= t.x < xs[j + 1]:
                        t.row, t.col = i, j
                break
    # A marker: a short text left of another on the same baseline, in the
    # same cell (a bullet, an arrow, "1.").
    for t in p.texts:
        if len(t.s.strip()) <= 3:
            for u in p.texts:
                if u is not t and abs(u.y - t.y) < 0.05 and u.x > t.x and \
                        u.row == t.row and u.col == t.col:
                    t.marker = True
                    u.entry = True
                    break
    # A swatch (a small square left of a line, an SDG's colour) marks an
    # entry too.
    for b in p.boxes:
        if b.kind != "fill" or b.w >= 20 or b.h >= 20:
            continue
        for t in p.texts:
            if t.x >= b.x + b.w and t.x - (b.x + b.w) < 12 and \
                    b.y <= t.y <= b.y + b.h + 3 and t.row is not None:
                t.entry = True
                break


def overlaps(a, b, tol=0.3):
    return (a[0] < b[2] - tol and b[0] < a[2] - tol and
            a[1] < b[3] - tol and b[1] < a[3] - tol)


# ---- The checks ----

def check_page_boxes(pages, width, height, count, margins, chk):
    if len(pages) != count:
        chk.fail("-", "page", "the header says %d pages, the dump has %d" %
                 (count, len(pages)))
    if len(pages) == 0:
        chk.fail("-", "page", "no pages")
    for i, p in enumerate(pages):
        if p.n != i + 1:
            chk.fail(p.n, "page", "page %d is numbered %d" % (i + 1, p.n))
    top, right, bottom, left = margins
    for p in pages:
        for b in p.boxes:
            x0, x1 = sorted((b.x, b.x + b.w))
            y0, y1 = sorted((b.y, b.y + b.h))
            if x0 < -TOL or y0 < -TOL or x1 > width + TOL or \
                    y1 > height + TOL:
                chk.fail(p.n, "inside", "outside the page", [b])
            elif b.kind != "link" and (x0 < left - TOL or
                                       x1 > width - right + TOL or
                                       y0 < top - TOL or
                                       y1 > height - bottom + TOL):
                chk.fail(p.n, "inside", "outside the margins", [b])
        for t in p.texts:
            x0, y0, x1, y1 = t.full()
            if x0 < -TOL or y0 < -TOL or x1 > width + TOL or \
                    y1 > height + TOL:
                chk.fail(p.n, "inside", "text outside the page", [t])
            elif x0 < left - TOL or x1 > width - right + TOL or \
                    y0 < top - TOL or y1 > height - bottom + TOL:
                chk.fail(p.n, "inside", "text outside the margins "
                         "(%.1f %.1f to %.1f %.1f)" % (x0, y0, x1, y1), [t])


def check_footer(pages, chk):
    have = [p for p in pages if p.footer_rule is not None]
    if have and len(have) != len(pages):
        for p in pages:
            if p.footer_rule is None:
                chk.fail(p.n, "footer", "no footer rule (other pages have "
                         "one)")
    signature = None
    for p in have:
        fy = p.footer_rule.y
        body_end = fy - BAND_GAP / 2
        foot = []
        for t in p.texts:
            x0, y0, x1, y1 = t.full()
            if t.y > fy:
                foot.append(t)
                if y0 < fy + BAND_GAP / 2 - TOL:
                    chk.fail(p.n, "footer", "footer text reaches above the "
                             "footer's top (%.1f)" % (fy + BAND_GAP / 2),
                             [t])
            elif y1 > body_end + TOL:
                chk.fail(p.n, "footer", "text below the body's end (%.1f)" %
                         body_end, [t])
        for b in p.boxes:
            if b is p.footer_rule or b.kind == "link":
                continue
            if max(b.y, b.y + b.h) > body_end + TOL:
                chk.fail(p.n, "footer", "box below the body's end (%.1f)" %
                         body_end, [b])
        sig = sorted(re.sub(r"\d+", "#", t.s) for t in foot)
        if signature is None:
            signature = (p.n, sig)
        elif sig != signature[1]:
            chk.fail(p.n, "footer", "the footer differs from page %d's: %s" %
                     (signature[0], " | ".join(sig)))


def check_cells(pages, chk):
    for p in pages:
        for t in p.texts:
            if not t.s.strip():
                continue
            x0, y0, x1, y1 = t.core()
            if t.row is None:
                for top, bottom, xs in p.rows:
                    if overlaps((x0, y0, x1, y1), (xs[0], top, xs[-1],
                                                   bottom)):
                        chk.fail(p.n, "cell", "text crosses a table row's "
                                 "border", [t])
                        break
                continue
            top, bottom, xs = p.rows[t.row]
            if t.col is None:
                chk.fail(p.n, "cell", "text outside every cell of its row",
                         [t])
                continue
            c0, c1 = xs[t.col], xs[t.col + 1]
            fy0, fy1 = t.full()[1], t.full()[3]
            if x0 < c0 - TOL or x1 > c1 + TOL:
                chk.fail(p.n, "cell", "text runs out of its cell (%.1f to "
                         "%.1f, the cell %.1f to %.1f)" % (x0, x1, c0, c1),
                         [t])
            elif fy0 < top - TOL or fy1 > bottom + TOL:
                chk.fail(p.n, "cell", "text runs out of its row (%.1f to "
                         "%.1f, the row %.1f to %.1f)" % (fy0, fy1, top,
                                                         bottom), [t])


def check_overlaps(pages, chk):
    for p in pages:
        ts = [t for t in p.texts if t.s.strip()]
        for i, a in enumerate(ts):
            for b in ts[i + 1:]:
                if overlaps(a.core(), b.core()):
                    chk.fail(p.n, "overlap", "two text lines overlap",
                             [a, b])
            for b in p.boxes:
                small = b.kind == "fill" and b.w < 20 and b.h < 20
                if (small or b.kind == "image") and \
                        overlaps(a.core(), (b.x, b.y, b.x + b.w, b.y + b.h)):
                    chk.fail(p.n, "overlap", "text over %s" %
                             ("a small fill" if small else "an image"),
                             [a, b])


def streams(pages):
    """Each table column's lines, page after page, markers left out:
    {column x: [Text ...]}."""
    out = {}
    for p in pages:
        for t in sorted(p.texts, key=lambda t: (t.y, t.x)):
            if t.row is None or t.col is None or t.marker or not t.s.strip():
                continue
            key = round(p.rows[t.row][2][t.col])
            out.setdefault(key, []).append(t)
    return out


def paragraphs(lines):
    """Cut a column's lines into paragraphs: lists of Text."""
    paras, cur = [], []
    for t in lines:
        if cur and t.lrow != cur[-1].lrow:     # another table row
            paras.append(cur)
            cur = []
        cur.append(t)
        if not goes_on(t.s):
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return paras


def label_of(p, row, cont):
    """The label of a row (its first column), and whether it says
    (continued)."""
    words = [t.s for t in sorted(p.texts, key=lambda t: t.y)
             if t.row == row and t.col == 0]
    said = any(w.strip() == cont for w in words)
    text = norm_space(" ".join(w for w in words if w.strip() != cont))
    return text, said


def number_rows(pages, cont):
    """Number the table rows across pages: a row continued from the
    previous page keeps its number."""
    n = 0
    for i, p in enumerate(pages):
        ids = []
        for r in range(len(p.rows)):
            label, said = label_of(p, r, cont)
            prev = pages[i - 1] if i > 0 else None
            if r == 0 and prev is not None and prev.rows and \
                    label == label_of(prev, len(prev.rows) - 1, cont)[0]:
                ids.append(n)
            else:
                n += 1
                ids.append(n)
        for t in p.texts:
            if t.row is not None:
                t.lrow = ids[t.row]


def check_breaks(pages, headings, cont, chk):
    number_rows(pages, cont)
    cols = streams(pages)
    for key, lines in cols.items():
        for para in paragraphs(lines):
            pn = sorted({t.page for t in para})
            if len(pn) < 2:
                continue
            chk.stats["splits"] += 1
            for a, b in zip(pn, pn[1:]):
                before = [t for t in para if t.page == a]
                after = [t for t in para if t.page == b]
                if len(before) < 2 or len(after) < 2:
                    chk.fail(a, "split", "a paragraph is cut %d/%d lines "
                             "across pages %d and %d (keep >= 2 each side)" %
                             (len(before), len(after), a, b), before + after)
    # Lists: consecutive entries (paragraphs that start beside a marker).
    for key, lines in cols.items():
        paras = paragraphs(lines)
        i = 0
        while i < len(paras):
            if not paras[i][0].entry:
                i += 1
                continue
            j = i
            while j + 1 < len(paras) and paras[j + 1][0].entry and \
                    paras[j + 1][0].lrow == paras[i][0].lrow:
                j += 1
            entries = paras[i:j + 1]
            pn = sorted({t.page for e in entries for t in e})
            if len(pn) > 1:
                chk.stats["lists"] += 1
                for a, b in zip(pn, pn[1:]):
                    na = sum(1 for e in entries if any(t.page == a
                                                       for t in e))
                    nb = sum(1 for e in entries if any(t.page == b
                                                       for t in e))
                    if na < 2 or nb < 2:
                        near = [e[0] for e in entries if any(
                            t.page == a for t in e)][-2:] + \
                            [e[0] for e in entries if any(
                                t.page == b for t in e)][:2]
                        chk.fail(a, "list", "a list is cut %d/%d entries "
                                 "across pages %d and %d (keep >= 2 each "
                                 "side)" % (na, nb, a, b), near)
            # A paragraph that introduces the list (it ends with a colon)
            # stays on the page of the list's first entry.
            if i > 0 and not paras[i - 1][0].entry and \
                    paras[i - 1][0].lrow == paras[i][0].lrow:
                intro = paras[i - 1]
                if intro[-1].s.rstrip().endswith(":") and \
                        intro[-1].page != entries[0][0].page:
                    chk.fail(intro[-1].page, "list", "a paragraph that "
                             "introduces a list ends the page, its list "
                             "starts on page %d" % entries[0][0].page,
                             [intro[-1], entries[0][0]])
            i = j + 1
    # Headings: the last line of a column on a page, when the row goes on.
    for i, p in enumerate(pages[:-1]):
        nxt = pages[i + 1]
        if not p.rows or not nxt.rows:
            continue
        last = len(p.rows) - 1
        label, _ = label_of(p, last, cont)
        nlabel, nsaid = label_of(nxt, 0, cont)
        goes = label != "" and label == nlabel
        if not goes:
            continue
        for col in range(1, len(p.rows[last][2]) - 1):
            mine = sorted((t for t in p.texts if t.row == last and
                           t.col == col and not t.marker and t.s.strip()),
                          key=lambda t: t.y)
            if not mine:
                continue
            para = paragraphs(mine)[-1]
            text = norm_space("".join(t.s for t in para))
            if para[0].entry:   # a list entry, even if worded as a heading
                continue
            if text in headings or DATE_LINE.match(text):
                chk.fail(p.n, "heading", "a heading is the last line of the "
                         "page and its row goes on", para)
    # (continued): the first row of a page, exactly when it goes on.
    for i, p in enumerate(pages):
        for r in range(len(p.rows)):
            label, said = label_of(p, r, cont)
            if label == "" and len(p.rows[r][2]) > 2:
                chk.fail(p.n, "continued", "a table row without a label",
                         [t for t in p.texts if t.row == r][:3])
            if r > 0 or i == 0:
                if said:
                    chk.fail(p.n, "continued", "%r says %s but does not "
                             "start the page" % (label, cont))
                continue
            prev = pages[i - 1]
            if not prev.rows:
                continue
            plabel, _ = label_of(prev, len(prev.rows) - 1, cont)
            if said:
                chk.stats["continued"] += 1
                if plabel != label:
                    chk.fail(p.n, "continued", "%r says %s but page %d "
                             "ends with %r" % (label, cont, prev.n, plabel))
            elif plabel == label:
                chk.fail(p.n, "continued", "the row %r goes on from page %d "
                         "but its label does not say %s" % (label, prev.n,
                                                            cont),
                         [t for t in p.texts if t.row == 0 and t.col == 0])
    # A paragraph that goes on must go on in a continued row.
    for key, lines in cols.items():
        for para in paragraphs(lines):
            for a, b in zip(para, para[1:]):
                if a.page != b.page:
                    pb = pages[b.page - 1]
                    lab, said = label_of(pb, b.row, cont)
                    if not said:
                        chk.fail(b.page, "continued", "a paragraph goes on "
                                 "from page %d in a row that does not say "
                                 "%s" % (a.page, cont), [a, b])


def check_content(pages, paras, chk):
    """Every plan paragraph is in some column's text."""
    text = []
    for key, lines in streams(pages).items():
        for t in lines:
            text.append(t.s if goes_on(t.s) else t.s + "\n")
        text.append("\n")
    # Texts outside the table (the title, the bands) count too.
    for p in pages:
        for t in p.texts:
            if t.row is None:
                text.append("\n" + t.s + "\n")
    lines = [norm_space(ln) for ln in "".join(text).split("\n")]
    flat = "\n".join(lines)
    for para in paras:
        if para not in flat:
            chk.fail("-", "content", "not on the pages: %r" % para[:120])


def check_dump(path, words, paras, headings, margins, cont, only, expect):
    """Run the checks on one dump; prints its failures, returns the
    Checker."""
    width, height, count, pages = read_dump(path)
    chk = Checker()
    measure(pages, words, chk)
    for p in pages:
        find_structure(p, width)
    check_page_boxes(pages, width, height, count, margins, chk)
    check_footer(pages, chk)
    check_cells(pages, chk)
    check_overlaps(pages, chk)
    check_breaks(pages, headings, cont, chk)
    if paras:
        check_content(pages, paras, chk)
    if expect:
        if chk.stats["splits"] == 0:
            chk.fail("-", "split", "no paragraph is cut by a page break: "
                     "the page-break rules were not exercised")
        if chk.stats["continued"] == 0:
            chk.fail("-", "continued", "no row goes on to a next page: the "
                     "page-break rules were not exercised")
    if only:
        chk.failures = [f for f in chk.failures
                        if f.split(": ", 2)[1] in only]
    chk.pages = len(pages)
    chk.lines = sum(len(p.texts) for p in pages)
    return chk


def main(argv):
    args = {"--words": None, "--plan": None, "--layout": None,
            "--continued": "(continued)", "--not-shown": "", "--only": ""}
    flags = set()
    rest = []
    extra_headings = set()
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--heading" and i + 1 < len(argv):
            extra_headings.add(norm_space(argv[i + 1]))
            i += 2
            continue
        if a in args and i + 1 < len(argv):
            args[a] = argv[i + 1]
            i += 2
            continue
        if a in ("--expect-breaks", "--stats"):
            flags.add(a)
        elif a.startswith("-"):
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
        else:
            rest.append(a)
        i += 1
    if not rest or (len(rest) > 1 and args["--words"]):
        print("usage: pagecheck.py [options] DUMP... (see the top of the "
              "file; --words with one DUMP only)", file=sys.stderr)
        return 2
    only = {k for k in args["--only"].split(",") if k}
    status = 0
    try:
        words = read_words(args["--words"]) if args["--words"] else None
        not_shown = [k for k in args["--not-shown"].split(",") if k]
        paras, headings = (read_plan(args["--plan"], not_shown)
                           if args["--plan"] else ([], set()))
        margins = (read_margins(args["--layout"]) if args["--layout"]
                   else [14 * 72 / 25.4, 16 * 72 / 25.4, 12 * 72 / 25.4,
                         16 * 72 / 25.4])
        headings |= extra_headings
        for path in rest:
            chk = check_dump(path, words, paras, headings, margins,
                             args["--continued"], only,
                             "--expect-breaks" in flags)
            name = path + ": " if len(rest) > 1 else ""
            for f in chk.failures:
                print(name + f)
            if "--stats" in flags or chk.failures:
                print("%s%d pages, %d lines; cut by a page break: %d "
                      "paragraphs, %d lists, %d rows (continued); %d "
                      "problems" % (name, chk.pages, chk.lines,
                                    chk.stats["splits"], chk.stats["lists"],
                                    chk.stats["continued"],
                                    len(chk.failures)))
            if chk.failures:
                status = 1
    except (OSError, ValueError, ET.ParseError) as e:
        print("pagecheck: %s" % e, file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
