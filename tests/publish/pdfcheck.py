#!/usr/bin/env python3
"""Read a tagged PDF with qpdf and say what it holds, for tests/publish.sh.

    pdfcheck.py COMMAND PDF [ARG...]

The PDF is read through `qpdf --json` (its last revision, as a reader
sees it: streams decoded), never through ucapgen's own code.  The content
streams are parsed here: marked content (BDC/BMC/EMC), the text shown in
it (decoded with each font's /ToUnicode, /ActualText spans replacing what
they enclose) and every painting operator.

Commands (each prints facts, one a line; `check` and `order` also exit 1
when something is wrong, naming every problem):

  tree       the structure tree as an indented outline of tags: each
             element's type, a Figure's /Alt, a Link's annotations (page
             and URI), and the text of its own marked content
  info       the document's information and catalog entries: Title,
             Subject, Keywords, Author, Creator, CreationDate, ModDate (as
             written, with their D: prefix or without), Lang,
             DisplayDocTitle, Marked, and the page sizes
  check      the structure's invariants: Document at the root; no Private
             element and no empty Span; each TR a TH then TDs; L > LI >
             (Lbl, LBody) or (LBody); every Figure with /Alt; every Link
             with a link annotation (and the annotation pointing back
             through the parent tree); the parent tree agrees with the
             tree; each marked-content id used once, and each one in the
             tree drawn on its page; nothing painted outside marked
             content (no untagged content); headings: the first is H1,
             one H1, no level skipped; no reference to an object the
             file does not have
  order      the reading order: the marked content of the tree, depth
             first, against the order in which the pages draw it
             (Links directly under Document, the footers' e-mail links
             that the finished PDF moves there, left out of both)
  artifacts  each page's artifact text ("N: text"); then "untagged N:
             text" for text painted outside any marked content
  links      each link annotation: "PAGE URI x0 y0 x1 y1"
  bookmarks  each outline entry: "TITLE<TAB>PAGE" (the page its
             destination is on)
  elements TYPE   each element of that type: "PAGE<TAB>TEXT" (the page of
             its first marked content, its text with whitespace runs made
             one space)
  pages-of TYPE   each element of that type: "PAGES<TAB>TEXT", PAGES all
             the pages its content is on ("4,5")
  figures    each Figure: "PAGE<TAB>ALT"
  headings   each heading: "TYPE<TAB>TEXT"
  fontfiles  each embedded TrueType font: "NAME<TAB>TABLES" (its table
             tags, sorted, space-separated)
  text       the structure's text, depth first, one marked content a line
  linkwords URI TEXT   whether the words of a link's TEXT (as pdftotext
             -bbox finds them) are each under an annotation of the URI,
             the words beside them under none, and each page has as many
             of its annotations as lines of the link: prints "page N: L
             lines, A annotations" for each page, and exits 1 if not
  lang-of PHRASE   the language of the first element whose own text
             holds PHRASE: its /Lang, an ancestor's, or the catalog's
  dump PREFIX   all of these at once, to PREFIX.tree, PREFIX.info, ...,
             and PREFIX.TH, PREFIX.H2, PREFIX.P, PREFIX.Link (pages-of)

Problems that `check` finds start with their kind: "tree:" (the shape of
the tree), "link:", "mc:" (marked content and parent tree), "untagged:",
"heading:"; those of `order` with "order:".
"""

import base64
import json
import re
import subprocess
import sys


# ---- Objects ----

class PDF:
    def __init__(self, path):
        self.path = path
        out = subprocess.run(
            ["qpdf", "--json", "--json-key=qpdf", "--json-stream-data=inline",
             "--decode-level=generalized", path, "-"],
            check=False, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if out.returncode not in (0, 3):
            sys.exit("qpdf --json %s: %s" % (path, out.stderr.decode()))
        q = json.loads(out.stdout)["qpdf"][1]
        self.objs = {}
        for key, v in q.items():
            if key.startswith("obj:"):
                self.objs[key[4:]] = v
        self.trailer = q["trailer"]["value"]
        self.root = self.get(self.trailer["/Root"])
        self.pages = []
        self._pages(self.root["/Pages"])
        self.page_no = {ref: i + 1 for i, ref in enumerate(self.pages)}
        self._fonts = {}

    def get(self, v):
        """The value of a reference (recursively), or v itself."""
        while isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = self.objs.get(v)
            if o is None:
                return None
            v = o["value"] if "value" in o else o["stream"]["dict"]
        return v

    def stream(self, ref):
        o = self.objs.get(ref)
        if o is None or "stream" not in o:
            return b""
        return base64.b64decode(o["stream"].get("data") or "")

    def _pages(self, ref):
        node = self.get(ref)
        if node.get("/Type") == "/Pages":
            for k in node["/Kids"]:
                self._pages(k)
        else:
            self.pages.append(ref)

    def contents(self, page_ref):
        c = self.get(page_ref).get("/Contents")
        refs = c if isinstance(c, list) else [c]
        return b"\n".join(self.stream(r) for r in refs if r)

    def font(self, page_ref, name):
        """(bytes per code, {code: text}) of a font of a page."""
        res = self.get(self.get(page_ref).get("/Resources")) or {}
        fonts = self.get(res.get("/Font")) or {}
        ref = fonts.get("/" + name)
        if ref in self._fonts:
            return self._fonts[ref]
        f = self.get(ref) or {}
        width = 2 if f.get("/Subtype") == "/Type0" else 1
        cmap = {}
        tu = f.get("/ToUnicode")
        if tu is not None:
            cmap = parse_cmap(self.stream(tu))
        self._fonts[ref] = (width, cmap)
        return self._fonts[ref]


def text_string(v):
    """A PDF text string as qpdf's JSON gives it."""
    if v is None:
        return None
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        b = bytes.fromhex(v[2:])
        if b.startswith(b"\xfe\xff"):
            return b[2:].decode("utf-16-be", "replace")
        return b.decode("latin-1")
    return str(v)


def utf16(b):
    if b.startswith(b"\xfe\xff"):
        b = b[2:]
    return b.decode("utf-16-be", "replace")


def parse_cmap(data):
    cmap = {}
    text = data.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>",
                                   block):
            cmap[int(src, 16)] = utf16(bytes.fromhex(dst))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|"
                r"\[[^\]]*\])", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for i, d in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", dst)):
                    cmap[lo + i] = utf16(bytes.fromhex(d))
            else:
                start = bytes.fromhex(dst[1:-1])
                for i in range(hi - lo + 1):
                    last = int.from_bytes(start[-2:], "big") + i
                    cmap[lo + i] = utf16(start[:-2] + last.to_bytes(2, "big"))
    return cmap


# ---- Content streams ----

DELIM = b"()<>[]{}/%"
WS = b" \t\r\n\f\0"
PAINT = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b",
         "b*", "sh", "Do", "EI"}


class Name(str):
    pass


class Op(str):
    pass


def tokens(data):
    """The operands and operators of a content stream, in order."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in WS:
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            depth, j, out = 1, i + 1, bytearray()
            while j < n:
                ch = data[j]
                if ch == 0x5c:
                    j += 1
                    e = data[j:j + 1]
                    if e in b"01234567":
                        k = j
                        while k < j + 3 and data[k:k + 1] in b"01234567" \
                                and data[k:k + 1] != b"":
                            k += 1
                        out.append(int(data[j:k], 8) & 0xff)
                        j = k
                        continue
                    out += {b"n": b"\n", b"r": b"\r", b"t": b"\t",
                            b"b": b"\b", b"f": b"\f", b"\n": b"",
                            b"\r": b""}.get(e, e)
                    j += 1
                    continue
                if ch == 0x28:
                    depth += 1
                elif ch == 0x29:
                    depth -= 1
                    if depth == 0:
                        break
                out.append(ch)
                j += 1
            yield bytes(out)
            i = j + 1
        elif data[i:i + 2] == b"<<":
            yield Op("<<")
            i += 2
        elif data[i:i + 2] == b">>":
            yield Op(">>")
            i += 2
        elif c == b"<":
            j = data.index(b">", i)
            h = re.sub(rb"\s", b"", data[i + 1:j])
            if len(h) % 2:
                h += b"0"
            yield bytes.fromhex(h.decode())
            i = j + 1
        elif c in b"[]":
            yield Op(c.decode())
            i += 1
        elif c == b"/":
            j = i + 1
            while j < n and data[j:j + 1] not in WS and \
                    data[j:j + 1] not in DELIM:
                j += 1
            yield Name(data[i + 1:j].decode("latin-1"))
            i = j
        else:
            j = i
            while j < n and data[j:j + 1] not in WS and \
                    data[j:j + 1] not in DELIM:
                j += 1
            word = data[i:j].decode("latin-1")
            i = j
            if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", word):
                yield float(word)
            elif word == "BI":
                # An inline image: skip its data, up to " EI".
                k = data.find(b"ID", i)
                e = data.find(b"EI", k + 3)
                while e > 0 and not (data[e - 1:e] in WS and
                                     data[e + 2:e + 3] in WS + b""):
                    e = data.find(b"EI", e + 2)
                i = e + 2 if e > 0 else n
                yield Op("EI")
            else:
                yield Op(word)


def operations(data):
    """(operator, operands) pairs, with arrays and dictionaries built."""
    stack = [[]]
    for t in tokens(data):
        if isinstance(t, Op) and t in ("[", "<<"):
            stack.append([])
        elif isinstance(t, Op) and t == "]":
            a = stack.pop()
            stack[-1].append(a)
        elif isinstance(t, Op) and t == ">>":
            a = stack.pop()
            stack[-1].append(dict(zip(a[0::2], a[1::2])))
        elif isinstance(t, Op):
            yield str(t), stack[0]
            stack = [[]]
        else:
            stack[-1].append(t)


class Marked:
    """What a page's content stream draws, by marked content."""

    def __init__(self, pdf, page_ref):
        self.order = []         # MCIDs in the order they begin
        self.text = {}          # MCID -> text
        self.artifacts = []     # the text of each artifact sequence
        self.untagged = []      # text painted outside marked content
        self.untagged_ops = 0   # painting operators outside it
        stack = []              # of [kind, mcid, actualtext, buffer]
        font = (1, {})
        for op, args in operations(pdf.contents(page_ref)):
            if op in ("BDC", "BMC"):
                tag = args[0] if args else ""
                props = args[1] if op == "BDC" and len(args) > 1 else {}
                if not isinstance(props, dict):
                    props = {}
                mcid = props.get("MCID")
                entry = [tag, int(mcid) if mcid is not None else None,
                         props.get("ActualText"), []]
                if entry[1] is not None:
                    self.order.append(entry[1])
                stack.append(entry)
                continue
            if op == "EMC":
                if not stack:
                    continue
                tag, mcid, actual, buf = stack.pop()
                s = "".join(buf) if actual is None else \
                    utf16(actual) if isinstance(actual, bytes) else actual
                if mcid is not None:
                    self.text[mcid] = s
                elif tag == "Artifact" and not any(
                        e[0] == "Artifact" for e in stack):
                    self.artifacts.append(s)
                if mcid is None and stack:
                    stack[-1][3].append(s)
                elif mcid is None and tag != "Artifact":
                    self.untagged.append(s)
                continue
            if op == "Tf" and args:
                font = pdf.font(page_ref, args[0])
                continue
            if op in PAINT:
                inside = any(e[1] is not None or e[0] == "Artifact"
                             for e in stack)
                if not inside:
                    self.untagged_ops += 1
            if op in ("Tj", "TJ", "'", '"'):
                s = decode(args, font)
                if stack:
                    stack[-1][3].append(s)
                else:
                    self.untagged.append(s)


def decode(args, font):
    width, cmap = font
    parts = []
    for a in args:
        items = a if isinstance(a, list) else [a]
        for it in items:
            if not isinstance(it, bytes):
                continue
            for k in range(0, len(it) - width + 1, width):
                code = int.from_bytes(it[k:k + width], "big")
                parts.append(cmap.get(code, chr(code) if width == 1
                                      else "\ufffd"))
    return "".join(parts)


# ---- The structure tree ----

class Elem:
    def __init__(self, ref, d, parent):
        self.ref = ref
        self.type = (d.get("/S") or "").lstrip("/")
        self.alt = text_string(d.get("/Alt"))
        self.lang = text_string(d.get("/Lang"))
        self.parent = parent
        self.kids = []          # Elem, ("mc", page, mcid), ("objr", page, ref)


class Tree:
    def __init__(self, pdf):
        self.pdf = pdf
        self.problems = []
        self.marked = {ref: Marked(pdf, ref) for ref in pdf.pages}
        str_root = pdf.get(pdf.root.get("/StructTreeRoot"))
        self.root = None
        self.elems = []
        if str_root is None:
            self.problems.append("tree: no /StructTreeRoot in the catalog")
            return
        self.str_root = str_root
        k = str_root.get("/K")
        kids = k if isinstance(k, list) else [k] if k is not None else []
        tops = [self._elem(r, None, None, 0) for r in kids]
        tops = [t for t in tops if t is not None]
        if len(tops) != 1:
            self.problems.append("tree: the structure tree root has %d elements, "
                                 "not one (Document)" % len(tops))
        self.root = tops[0] if tops else None

    def _elem(self, ref, parent, page, depth):
        d = self.pdf.get(ref)
        if not isinstance(d, dict) or depth > 100:
            return None
        e = Elem(ref, d, parent)
        self.elems.append(e)
        pg = d.get("/Pg", page)
        k = d.get("/K")
        kids = k if isinstance(k, list) else [k] if k is not None else []
        for c in kids:
            if isinstance(c, (int, float)):
                e.kids.append(("mc", pg, int(c)))
            elif isinstance(c, dict) and c.get("/Type") == "/MCR":
                e.kids.append(("mc", c.get("/Pg", pg), int(c["/MCID"])))
            elif isinstance(c, dict) and c.get("/Type") == "/OBJR":
                e.kids.append(("objr", c.get("/Pg", pg), c.get("/Obj")))
            elif isinstance(c, str):
                child = self._elem(c, e, pg, depth + 1)
                if child is not None:
                    e.kids.append(child)
        return e

    def walk(self, e=None, depth=0):
        e = e or self.root
        if e is None:
            return
        yield e, depth
        for c in e.kids:
            if isinstance(c, Elem):
                yield from self.walk(c, depth + 1)

    def own_text(self, e):
        return "".join(self.marked[k[1]].text.get(k[2], "")
                       for k in e.kids if not isinstance(k, Elem) and
                       k[0] == "mc" and k[1] in self.marked)

    def text(self, e):
        out = []
        for k in e.kids:
            if isinstance(k, Elem):
                out.append(self.text(k))
            elif k[0] == "mc" and k[1] in self.marked:
                out.append(self.marked[k[1]].text.get(k[2], ""))
        return "".join(out)

    def mcs(self, e, skip=None):
        """(page, mcid) of an element and its descendants, depth first."""
        out = []
        for k in e.kids:
            if isinstance(k, Elem):
                if skip is None or not skip(k):
                    out += self.mcs(k, skip)
            elif k[0] == "mc":
                out.append((k[1], k[2]))
        return out

    def annots(self, e):
        out = []
        for k in e.kids:
            if not isinstance(k, Elem) and k[0] == "objr":
                a = self.pdf.get(k[2]) or {}
                uri = text_string((self.pdf.get(a.get("/A")) or {}).get(
                    "/URI"))
                out.append((self.pdf.page_no.get(k[1], 0), a, uri, k[2]))
        return out

    def first_page(self, e):
        m = self.mcs(e)
        return self.pdf.page_no.get(m[0][0], 0) if m else 0


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip()


def q(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


# ---- Commands ----

def cmd_tree(pdf, args):
    t = Tree(pdf)
    for e, depth in t.walk():
        line = "  " * depth + e.type
        if e.alt is not None:
            line += " Alt=" + q(e.alt)
        if e.lang is not None:
            line += " Lang=" + q(e.lang)
        for page, _, uri, _ in t.annots(e):
            line += " [p%d %s]" % (page, uri)
        if e.type != "Figure":
            own = t.own_text(e)
            if own.strip():
                line += " " + q(norm(own))
        print(line)
    return 0 if not t.problems else 1


def cmd_info(pdf, args):
    info = pdf.get(pdf.trailer.get("/Info")) or {}
    for key in ("Title", "Subject", "Keywords", "Author", "Creator",
                "Producer", "CreationDate", "ModDate"):
        v = text_string(info.get("/" + key))
        print("%s=%s" % (key, "" if v is None else v))
    print("Lang=%s" % (text_string(pdf.root.get("/Lang")) or ""))
    vp = pdf.get(pdf.root.get("/ViewerPreferences")) or {}
    print("DisplayDocTitle=%s" % str(vp.get("/DisplayDocTitle")).lower())
    mi = pdf.get(pdf.root.get("/MarkInfo")) or {}
    print("Marked=%s" % str(mi.get("/Marked")).lower())
    print("Pages=%d" % len(pdf.pages))
    return 0


def parent_tree(pdf, node, out, depth=0):
    node = pdf.get(node)
    if not isinstance(node, dict) or depth > 50:
        return
    nums = node.get("/Nums") or []
    for i in range(0, len(nums) - 1, 2):
        out[int(nums[i])] = nums[i + 1]
    for k in node.get("/Kids") or []:
        parent_tree(pdf, k, out, depth + 1)


def dangling(pdf):
    """References to objects the file does not have (left out when the
    file was written anew, say), each with the object that makes it."""
    out = []

    def refs(v, where):
        if isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = pdf.objs.get(v)
            if o is None or o.get("value", 0) is None:
                out.append("refs: %s refers to %s, which the file does not "
                           "have (or has as null)" % (where, v))
        elif isinstance(v, list):
            for x in v:
                refs(x, where)
        elif isinstance(v, dict):
            for x in v.values():
                refs(x, where)
    for ref, o in sorted(pdf.objs.items()):
        refs(o["value"] if "value" in o else o["stream"]["dict"], ref)
    refs(pdf.trailer, "the trailer")
    return out


def cmd_check(pdf, args):
    t = Tree(pdf)
    p = list(t.problems) + dangling(pdf)
    if t.root is None:
        print("\n".join(p))
        return 1
    if t.root.type != "Document":
        p.append("tree: the root element is %s, not Document" % t.root.type)
    seen_mc = {}
    headings = []
    pt = {}
    parent_tree(pdf, t.str_root.get("/ParentTree"), pt)
    for e, depth in t.walk():
        types = [k.type for k in e.kids if isinstance(k, Elem)]
        where = "%s (%s) on page %d" % (e.type, e.ref, t.first_page(e))
        if e.type == "Private":
            p.append("tree: a Private element is left in the tree: %s %s"
                     % (where, q(norm(t.text(e)))))
        if e.type == "Span" and not norm(t.text(e)):
            p.append("tree: an empty Span: %s" % where)
        if not e.kids:
            p.append("tree: an element with nothing in it: %s" % where)
        if e.type == "TR":
            if not types or types[0] != "TH" or len(types) < 2 or \
                    any(x != "TD" for x in types[1:]):
                p.append("tree: a row that is not TH then TD(s): %s: %s %s"
                         % (where, " ".join(types), q(norm(t.text(e)))))
        if e.type == "L" and (not types or any(x != "LI" for x in types)):
            p.append("tree: a list with other kids than LI: %s: %s"
                     % (where, " ".join(types)))
        if e.type == "LI" and types not in (["Lbl", "LBody"], ["LBody"]):
            p.append("tree: a list item that is not (Lbl, LBody): %s: %s %s"
                     % (where, " ".join(types), q(norm(t.text(e)))))
        if e.type in ("LI", "Lbl", "LBody") and \
                (e.parent is None or e.parent.type !=
                 {"LI": "L", "Lbl": "LI", "LBody": "LI"}[e.type]):
            p.append("tree: %s outside its list: %s" % (e.type, where))
        if e.type in ("TR",) and e.parent.type not in ("Table", "THead",
                                                        "TBody", "TFoot"):
            p.append("tree: a TR outside a Table: %s" % where)
        if e.type in ("TH", "TD") and e.parent.type != "TR":
            p.append("tree: %s outside a TR: %s" % (e.type, where))
        if e.type == "Figure" and not norm(e.alt):
            p.append("tree: a Figure without /Alt: %s" % where)
        if e.type == "Link":
            an = t.annots(e)
            if not an:
                p.append("link: a Link without its annotation (OBJR): %s %s"
                         % (where, q(norm(t.text(e)))))
            for page, a, uri, ref in an:
                if a.get("/Subtype") != "/Link":
                    p.append("link: a Link's OBJR is not a link annotation: "
                             "%s %s" % (where, ref))
                if not uri:
                    p.append("link: a Link's annotation has no /URI: %s %s"
                             % (where, ref))
                sp = a.get("/StructParent")
                if sp is None or pt.get(int(sp)) != e.ref:
                    p.append("link: annotation %s: its /StructParent %s does not "
                             "lead back to its Link %s in the parent tree"
                             % (ref, sp, e.ref))
                page_ref = pdf.pages[page - 1] if page else None
                if page_ref is None or ref not in (pdf.get(pdf.get(
                        page_ref).get("/Annots")) or []):
                    p.append("link: annotation %s is not in page %d's /Annots"
                             % (ref, page))
        if re.fullmatch(r"H[1-6]", e.type):
            headings.append((int(e.type[1]), norm(t.text(e)), where))
        for k in e.kids:
            if not isinstance(k, Elem) and k[0] == "mc":
                key = (k[1], k[2])
                if key in seen_mc:
                    p.append("mc: marked content %d of page %d is in two "
                             "elements: %s and %s" % (
                                 k[2], pdf.page_no.get(k[1], 0),
                                 seen_mc[key], e.ref))
                seen_mc[key] = e.ref
                if k[1] not in t.marked:
                    p.append("mc: %s: marked content on no page" % where)
                elif k[2] not in t.marked[k[1]].text:
                    p.append("mc: %s: marked content %d is not drawn on page %d"
                             % (where, k[2], pdf.page_no[k[1]]))
    # Every marked content drawn belongs to one element, and the parent
    # tree says which.
    for ref in pdf.pages:
        n = pdf.page_no[ref]
        m = t.marked[ref]
        sp = pdf.get(ref).get("/StructParents")
        arr = pdf.get(pt.get(int(sp))) if sp is not None else None
        for mcid in m.order:
            if (ref, mcid) not in seen_mc:
                p.append("mc: page %d: marked content %d %s is in no element"
                         % (n, mcid, q(norm(m.text.get(mcid)))))
                continue
            if not isinstance(arr, list) or mcid >= len(arr) or \
                    arr[mcid] != seen_mc[(ref, mcid)]:
                p.append("mc: page %d: the parent tree does not give marked "
                         "content %d to its element %s" % (
                             n, mcid, seen_mc[(ref, mcid)]))
        if len(m.order) != len(set(m.order)):
            p.append("mc: page %d: a marked-content id used twice" % n)
        if m.untagged_ops:
            p.append("untagged: page %d: %d painting operators outside any marked "
                     "content (neither tagged nor artifact): %s" % (
                         n, m.untagged_ops,
                         "; ".join(q(norm(s)) for s in m.untagged
                                   if norm(s))[:300]))
    # Headings: the first is H1, one H1, no level skipped.
    if headings:
        if headings[0][0] != 1:
            p.append("heading: the first heading is H%d %s, not H1" % (
                headings[0][0], q(headings[0][1])))
        h1 = [h for h in headings if h[0] == 1]
        if len(h1) != 1:
            p.append("heading: %d H1 headings" % len(h1))
        prev = 0
        for level, text, where in headings:
            if level > prev + 1:
                p.append("heading: a level skipped: H%d %s follows H%d"
                         % (level, q(text), prev))
            prev = level
    else:
        p.append("heading: no heading")
    for line in p:
        print(line)
    return 1 if p else 0


def cmd_order(pdf, args):
    t = Tree(pdf)
    if t.root is None:
        print("\n".join(t.problems))
        return 1

    def footer_link(e):
        return e.type == "Link" and e.parent is t.root

    moved = set(t.mcs(t.root)) - set(t.mcs(t.root, footer_link))
    tree_order = t.mcs(t.root, footer_link)
    drawn = [(ref, m) for ref in pdf.pages for m in t.marked[ref].order
             if (ref, m) not in moved]
    if tree_order == drawn:
        return 0

    def show(k):
        return "page %d mcid %d %s" % (pdf.page_no.get(k[0], 0), k[1],
                                      q(norm(t.marked[k[0]].text.get(k[1],
                                                                      ""))))
    for i, (a, b) in enumerate(zip(tree_order, drawn)):
        if a != b:
            print("order: item %d of the tree is %s, but the page "
                  "draws %s" % (i + 1, show(a), show(b)))
            break
    else:
        print("order: the tree has %d marked contents, the pages "
              "draw %d" % (len(tree_order), len(drawn)))
    return 1


def cmd_artifacts(pdf, args):
    for ref in pdf.pages:
        n = pdf.page_no[ref]
        m = Marked(pdf, ref)
        for s in m.artifacts:
            if norm(s):
                print("%d: %s" % (n, norm(s)))
        for s in m.untagged:
            if norm(s):
                print("untagged %d: %s" % (n, norm(s)))
    return 0


def cmd_links(pdf, args):
    for ref in pdf.pages:
        for a_ref in pdf.get(pdf.get(ref).get("/Annots")) or []:
            a = pdf.get(a_ref) or {}
            if a.get("/Subtype") != "/Link":
                continue
            action = pdf.get(a.get("/A")) or {}
            uri = text_string(action.get("/URI"))
            rect = [float(x) for x in pdf.get(a.get("/Rect")) or []]
            print("%d %s %s" % (pdf.page_no[ref], uri,
                                " ".join("%.1f" % x for x in rect)))
    return 0


def named_dests(pdf):
    out = {}
    names = pdf.get(pdf.root.get("/Names")) or {}

    def walk(node, depth=0):
        node = pdf.get(node)
        if not isinstance(node, dict) or depth > 50:
            return
        arr = node.get("/Names") or []
        for i in range(0, len(arr) - 1, 2):
            out[text_string(arr[i])] = arr[i + 1]
        for k in node.get("/Kids") or []:
            walk(k, depth + 1)
    if names.get("/Dests"):
        walk(names["/Dests"])
    old = pdf.get(pdf.root.get("/Dests")) or {}
    for k, v in old.items():
        out[k.lstrip("/")] = v
    return out


def cmd_bookmarks(pdf, args):
    dests = named_dests(pdf)
    outlines = pdf.get(pdf.root.get("/Outlines"))
    if not outlines:
        return 0

    def target(item):
        d = item.get("/Dest")
        if d is None:
            a = pdf.get(item.get("/A")) or {}
            d = a.get("/D")
        d = pdf.get(d)
        if isinstance(d, str):
            d = pdf.get(dests.get(text_string(d).lstrip("/")))
        if isinstance(d, dict):
            d = pdf.get(d.get("/D"))
        if isinstance(d, list) and d:
            return pdf.page_no.get(d[0], 0)
        return 0

    def walk(ref, depth):
        while ref:
            item = pdf.get(ref)
            print("%s%s\t%d" % ("  " * depth, text_string(item.get("/Title")),
                                target(item)))
            if item.get("/First"):
                walk(item["/First"], depth + 1)
            ref = item.get("/Next")
    walk(outlines.get("/First"), 0)
    return 0


def cmd_elements(pdf, args):
    t = Tree(pdf)
    for e, _ in t.walk():
        if e.type == args[0]:
            print("%d\t%s" % (t.first_page(e), norm(t.text(e))))
    return 0


def font_tables(data):
    """The table tags of a TrueType font program (its directory)."""
    if len(data) < 12:
        return []
    n = int.from_bytes(data[4:6], "big")
    return sorted(data[12 + 16 * i:16 + 16 * i].decode("latin-1")
                  for i in range(n) if 16 + 16 * i <= len(data))


def cmd_fontfiles(pdf, args):
    seen = set()
    for ref, o in sorted(pdf.objs.items()):
        v = o.get("value")
        if not isinstance(v, dict) or v.get("/Type") != "/FontDescriptor":
            continue
        ff = v.get("/FontFile2")
        if ff is None or ff in seen:
            continue
        seen.add(ff)
        print("%s\t%s" % (v.get("/FontName", "?").lstrip("/"),
                           " ".join(font_tables(pdf.stream(ff)))))
    return 0


def cmd_figures(pdf, args):
    t = Tree(pdf)
    for e, _ in t.walk():
        if e.type == "Figure":
            print("%d\t%s" % (t.first_page(e), e.alt or ""))
    return 0


def cmd_headings(pdf, args):
    t = Tree(pdf)
    for e, _ in t.walk():
        if re.fullmatch(r"H[1-6]?", e.type):
            print("%s\t%s" % (e.type, norm(t.text(e))))
    return 0


def cmd_pages_of(pdf, args):
    """Each element of a type, with every page its content is on."""
    t = Tree(pdf)
    for e, _ in t.walk():
        if e.type == args[0]:
            pages = sorted({pdf.page_no.get(k[0], 0) for k in t.mcs(e)})
            print("%s\t%s" % (",".join(map(str, pages)), norm(t.text(e))))
    return 0


def cmd_text(pdf, args):
    """The structure's text, one marked content a line, depth first."""
    t = Tree(pdf)
    for e, _ in t.walk():
        for k in e.kids:
            if not isinstance(k, Elem) and k[0] == "mc" and \
                    e.type != "Figure" and k[1] in t.marked:
                s = norm(t.marked[k[1]].text.get(k[2], ""))
                if s:
                    print(s)
    return 0


def lig(s):
    return s.replace("\ufb01", "fi").replace("\ufb02", "fl").replace(
        "\ufb00", "ff").replace("\ufb03", "ffi").replace("\ufb04", "ffl")


def match(words, i, want):
    """The indexes of the words from i on that spell want, or None.  At a
    page's end the words left on it below the link (its footer) may be
    skipped, and on the next page those before the rest."""
    pos, out, j = 0, [], i
    while pos < len(want) and j < len(words):
        w = words[j][5]
        if want.startswith(w, pos) or (pos + len(w) > len(want) and
                                       w.startswith(want[pos:])):
            out.append(j)
            pos += len(w)
            j += 1
            continue
        if pos == 0:
            return None
        # Skip what is left of the page below the link (its footer), then
        # on the next page what comes before the rest (its header, a
        # repeated label).
        page, bottom = words[j][0], words[out[-1]][4]
        if words[out[-1]][0] != page:
            return None
        while j < len(words) and words[j][0] == page:
            if words[j][2] <= bottom:
                return None
            j += 1
        k = j
        while k < len(words) and words[k][0] == page + 1 and \
                not want.startswith(words[k][5], pos):
            k += 1
        if k >= len(words) or words[k][0] != page + 1:
            return None
        j = k
    return out if pos >= len(want) else None


def cmd_linkwords(pdf, args):
    """Whether a link's words, as Poppler finds them, are each under one
    of its annotations, the words beside it under none, and each page has
    one annotation a line of the link."""
    uri, text = args[0], args[1]
    out = subprocess.run(["pdftotext", "-bbox", pdf.path, "-"], check=True,
                         stdout=subprocess.PIPE).stdout.decode("utf-8")
    words = []
    for n, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.S)):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             page):
            w = lig(m.group(5).replace("&amp;", "&").replace(
                "&lt;", "<").replace("&gt;", ">").replace("&quot;", '"'))
            words.append((n + 1, float(m.group(1)), float(m.group(2)),
                          float(m.group(3)), float(m.group(4)), w))
    want = re.sub(r"\s+", "", lig(text))
    found = []
    for i in range(len(words)):
        got = match(words, i, want)
        if got:
            found.append(got)
    if len(found) != 1:
        print("the link text is %s in the PDF's words" %
              ("not" if not found else "more than once"))
        return 1
    link = found[0]
    rects = {}
    for ref in pdf.pages:
        h = float((pdf.get(pdf.get(ref).get("/MediaBox")) or [0, 0, 0, 0])[3])
        for a_ref in pdf.get(pdf.get(ref).get("/Annots")) or []:
            a = pdf.get(a_ref) or {}
            act = pdf.get(a.get("/A")) or {}
            if text_string(act.get("/URI")) != uri:
                continue
            x0, y0, x1, y1 = [float(v) for v in pdf.get(a["/Rect"])]
            rects.setdefault(pdf.page_no[ref], []).append(
                (min(x0, x1), h - max(y0, y1), max(x0, x1), h - min(y0, y1)))

    def under(w):
        cx, cy = (w[1] + w[3]) / 2, (w[2] + w[4]) / 2
        return any(r[0] - 0.5 <= cx <= r[2] + 0.5 and
                   r[1] - 0.5 <= cy <= r[3] + 0.5
                   for r in rects.get(w[0], []))
    bad = 0
    for w in [words[i] for i in link]:
        if not under(w):
            print("page %d: the link's word %r is under no annotation of "
                  "its URI" % (w[0], w[5]))
            bad = 1
    for i in (link[0] - 1, link[-1] + 1):
        if 0 <= i < len(words) and under(words[i]):
            print("page %d: the word %r beside the link is under its "
                  "annotation" % (words[i][0], words[i][5]))
            bad = 1
    lines = {}
    for w in [words[i] for i in link]:
        lines.setdefault(w[0], set()).add(round(w[4]))
    for page in sorted(set(lines) | set(rects)):
        n, m = len(lines.get(page, ())), len(rects.get(page, ()))
        print("page %d: %d lines, %d annotations" % (page, n, m))
        if n != m:
            bad = 1
    return bad


def cmd_lang_of(pdf, args):
    """The language of the first element whose own text holds a phrase:
    its /Lang, or its nearest ancestor's, or the catalog's."""
    t = Tree(pdf)
    for e, _ in t.walk():
        if args[0] in norm(lig(t.own_text(e))):
            x = e
            while x is not None and x.lang is None:
                x = x.parent
            print(x.lang if x is not None else
                  text_string(pdf.root.get("/Lang")) or "")
            return 0
    print("no element says %r" % args[0])
    return 1


def cmd_dump(pdf, args):
    """Every command's output, to PREFIX.COMMAND files; exit 0."""
    for name in ("tree", "info", "check", "order", "artifacts", "links",
                 "bookmarks", "figures", "headings", "text", "fontfiles"):
        with open("%s.%s" % (args[0], name), "w", encoding="utf-8") as f:
            saved, sys.stdout = sys.stdout, f
            try:
                COMMANDS[name](pdf, [])
            finally:
                sys.stdout = saved
    for kind in ("TH", "H2", "P", "Link"):
        with open("%s.%s" % (args[0], kind), "w", encoding="utf-8") as f:
            saved, sys.stdout = sys.stdout, f
            try:
                cmd_pages_of(pdf, [kind])
            finally:
                sys.stdout = saved
    return 0


COMMANDS = {"tree": cmd_tree, "info": cmd_info, "check": cmd_check,
            "order": cmd_order, "artifacts": cmd_artifacts,
            "links": cmd_links, "bookmarks": cmd_bookmarks,
            "elements": cmd_elements, "figures": cmd_figures,
            "headings": cmd_headings, "pages-of": cmd_pages_of,
            "text": cmd_text, "fontfiles": cmd_fontfiles, "dump": cmd_dump,
            "linkwords": cmd_linkwords, "lang-of": cmd_lang_of}


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    pdf = PDF(sys.argv[2])
    sys.exit(COMMANDS[sys.argv[1]](pdf, sys.argv[3:]))


if __name__ == "__main__":
    main()
