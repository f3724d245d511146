#!/usr/bin/env python3
"""Read an SVG summary and say what it holds, for tests/publish.sh.

    svgcheck.py COMMAND SVG [ARG...]

Commands:

  check      what an SVG must be to live inside a web page; prints every
             problem and exits 1 when there is one:
             - the root is <svg> in the SVG namespace, with a viewBox of
               four numbers whose width and height are the width and
               height attributes (in pt), and role="img";
             - its first children are <title> (not empty) and <desc> (not
               empty), and aria-labelledby names the title's id;
             - every id starts with one prefix, ucap-NAME-HASH- (NAME
               lower-case letters and digits, HASH 8 hex digits), and no
               two elements share an id;
             - every reference (href, xlink:href, url(#...)) names an id
               of the same file;
             - an invisible text layer: a <g class="ucapgen-text"> of
               <text> elements, drawn with no opacity.
  prefix     the id prefix ("ucap-changchun-068b1d0b")
  ids        every id, one a line
  title      the <title>'s text
  desc       the <desc>'s text
  text       the text layer's lines, one a line
  lang       the root's xml:lang
  lang-of PHRASE   the xml:lang in force at the first <text> of the text
             layer that holds PHRASE
"""

import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
XML = "{http://www.w3.org/XML/1998/namespace}"
PREFIX = re.compile(r"^(ucap-[a-z0-9]+-[0-9a-f]{8})-")


def load(path):
    return ET.parse(path).getroot()


def ids(root):
    return [e.get("id") for e in root.iter() if e.get("id") is not None]


def layer(root):
    for g in root.iter(SVG + "g"):
        if "ucapgen-text" in (g.get("class") or "").split():
            return g
    return None


def check(root):
    p = []
    if root.tag != SVG + "svg":
        p.append("the root is %s, not svg" % root.tag)
    vb = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        vb = [float(x) for x in vb]
    except ValueError:
        vb = []
    if len(vb) != 4:
        p.append("no viewBox of four numbers: %r" % root.get("viewBox"))
    else:
        for i, attr in ((2, "width"), (3, "height")):
            v = root.get(attr) or ""
            m = re.fullmatch(r"([0-9.]+)(pt)?", v)
            if not m or abs(float(m.group(1)) - vb[i]) > 0.01:
                p.append("the viewBox's %s %.2f is not the %s %s"
                         % (attr, vb[i], attr, v))
        if vb[0] != 0 or vb[1] != 0:
            p.append("the viewBox does not start at 0 0")
    if root.get("role") != "img":
        p.append('no role="img" on the root: %r' % root.get("role"))
    kids = list(root)
    if len(kids) < 2 or kids[0].tag != SVG + "title" or \
            kids[1].tag != SVG + "desc":
        p.append("the first children are not <title> and <desc>: %s"
                 % [k.tag.replace(SVG, "") for k in kids[:2]])
    else:
        if not (kids[0].text or "").strip():
            p.append("an empty <title>")
        if not (kids[1].text or "").strip():
            p.append("an empty <desc>")
        if not kids[0].get("id") or \
                root.get("aria-labelledby") != kids[0].get("id"):
            p.append("aria-labelledby (%r) does not name the title's id "
                     "(%r)" % (root.get("aria-labelledby"),
                               kids[0].get("id")))
    all_ids = ids(root)
    prefixes = set()
    for i in all_ids:
        m = PREFIX.match(i)
        if m is None:
            p.append("an id without the document's prefix: %r" % i)
        else:
            prefixes.add(m.group(1))
    if len(prefixes) > 1:
        p.append("more than one prefix: %s" % sorted(prefixes))
    seen = set()
    for i in all_ids:
        if i in seen:
            p.append("id %r used twice" % i)
        seen.add(i)
    for e in root.iter():
        for name, value in e.attrib.items():
            refs = []
            if name in ("href", XLINK + "href") and value.startswith("#"):
                refs.append(value[1:])
            refs += re.findall(r"url\(\s*['\"]?#([^)'\"]+)", value)
            for r in refs:
                if r not in seen:
                    p.append("%s=%r of <%s> names no id of this file"
                             % (name.replace(XLINK, "xlink:"), value,
                                e.tag.replace(SVG, "")))
    g = layer(root)
    if g is None:
        p.append('no text layer (<g class="ucapgen-text">)')
    else:
        texts = list(g.iter(SVG + "text"))
        if not texts:
            p.append("the text layer has no <text>")
        visible = [g.get("fill-opacity"), g.get("opacity")]
        if "0" not in visible and "transparent" != g.get("fill") and \
                "none" != g.get("fill"):
            p.append("the text layer is not invisible (fill-opacity=%r, "
                     "opacity=%r, fill=%r)" % (g.get("fill-opacity"),
                                               g.get("opacity"),
                                               g.get("fill")))
    return p


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, path = sys.argv[1], sys.argv[2]
    try:
        root = load(path)
    except ET.ParseError as e:
        print("not well-formed: %s" % e)
        sys.exit(1)
    if cmd == "check":
        p = check(root)
        for line in p:
            print(line)
        sys.exit(1 if p else 0)
    elif cmd == "prefix":
        found = {PREFIX.match(i).group(1) for i in ids(root)
                 if PREFIX.match(i)}
        print(" ".join(sorted(found)))
    elif cmd == "ids":
        for i in ids(root):
            print(i)
    elif cmd == "title":
        t = root.find(SVG + "title")
        print("" if t is None else (t.text or ""))
    elif cmd == "desc":
        t = root.find(SVG + "desc")
        print("" if t is None else (t.text or ""))
    elif cmd == "text":
        g = layer(root)
        for t in ([] if g is None else g.iter(SVG + "text")):
            print("".join(t.itertext()))
    elif cmd == "lang":
        print(root.get(XML + "lang") or "")
    elif cmd == "lang-of":
        # The xml:lang in force at the first <text> of the text layer
        # that holds the phrase.
        parents = {c: p for p in root.iter() for c in p}
        g = layer(root)
        for t in ([] if g is None else g.iter(SVG + "text")):
            if sys.argv[3] in "".join(t.itertext()):
                e = t
                while e is not None and e.get(XML + "lang") is None:
                    e = parents.get(e)
                print("" if e is None else e.get(XML + "lang"))
                sys.exit(0)
        print("no text says %r" % sys.argv[3])
        sys.exit(1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
