#!/usr/bin/env python3
"""guidecheck.py: every example of layouts/README.md works.

    guidecheck.py --readme README.md --guide DIR --ucapgen UCAPGEN
                  --plan PLAN.yaml --work DIR [--errors DIR]...

The guide's fenced ```xml blocks are of two kinds:

  complete layouts (they hold a <layout> element): each must be, byte for
      byte, a file of the --guide folder, and every file of that folder
      must be in the guide (tests/layouts.sh renders those files);
  fragments (the rest): each is put into a layout based on the built-in
      sheet (or the one its first line names in a comment: "<!-- in a
      layout based on the card -->") and rendered with PLAN, which must
      succeed without a message.
      A fragment that starts with <page>, <style>, <header>, <footer>,
      <body>, <replace> or <remove> goes into the <layout> as it is; a
      <row> into a table of the sheet's styles; a <cell> into a row; an
      <arg> into a <text>; anything else (a block, a table, a section, a
      frame) into a new <body>.

Every message the guide quotes (a line "FILE:LINE:COL: error: ..." in any
fenced block) must be, word for word, a line of some .err file of the
--errors folders: the guide shows only messages ucapgen really gives.

Prints one line per problem; exit status 0 when there is none, 1 when
there are, 2 on unusable input.  Standard library only.
"""
import glob
import os
import re
import subprocess
import sys

NS = 'xmlns="urn:ucapgen:layout:1"'
TOP_LEVEL = {"page", "style", "header", "footer", "body", "replace", "remove"}
MESSAGE = re.compile(r"^[\w./@-]+\.(xml|yaml):\d+:\d+: error: .+$")


def blocks(text):
    """(line number, info string, content) of each fenced block."""
    out, cur, start, info = [], None, 0, ""
    for n, line in enumerate(text.split("\n"), 1):
        m = re.match(r"^```(\S*)\s*$", line)
        if m and cur is None:
            cur, start, info = [], n, m[1]
        elif line.startswith("```") and cur is not None:
            out.append((start, info, "\n".join(cur) + "\n"))
            cur = None
        elif cur is not None:
            cur.append(line)
    return out


def first_element(frag):
    s = re.sub(r"<!--.*?-->", "", frag, flags=re.S)
    m = re.search(r"<([a-z][a-z-]*)", s)
    return m[1] if m else None


def base_of(frag):
    """The base layout a fragment asks for in a comment of its first line
    ("<!-- in a layout based on the card -->"); the sheet by default."""
    first = frag.split("\n", 1)[0]
    m = re.search(r"<!--.*based on (?:the )?([a-z][a-z0-9-]*)", first)
    return m[1] if m else "sheet"


def wrap(frag):
    el = first_element(frag)
    if el is None:
        return None
    if el in TOP_LEVEL:
        inner = frag
    elif el == "row":
        inner = ('<body><table columns="43mm 44mm *" label-style="label" '
                 'cell-style="cell" rule-style="rules">\n%s</table></body>\n'
                 % frag)
    elif el == "cell":
        inner = ('<body><table columns="43mm 44mm *" label-style="label" '
                 'cell-style="cell"><row label="city">\n%s</row></table>'
                 '</body>\n' % frag)
    elif el == "arg":
        inner = '<body><text key="brief-subtitle">\n%s</text></body>\n' % frag
    else:
        inner = "<body>\n%s</body>\n" % frag
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<layout %s name="fragment" base="%s">\n%s</layout>\n'
            % (NS, base_of(frag), inner))


def main(argv):
    opts = {"--readme": None, "--guide": None, "--ucapgen": None,
            "--plan": None, "--work": None}
    errdirs = []
    i = 1
    while i < len(argv):
        if argv[i] in opts and i + 1 < len(argv):
            opts[argv[i]] = argv[i + 1]
        elif argv[i] == "--errors" and i + 1 < len(argv):
            errdirs.append(argv[i + 1])
        else:
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
        i += 2
    if None in opts.values():
        print("guidecheck: --readme, --guide, --ucapgen, --plan and --work "
              "are needed", file=sys.stderr)
        return 2
    try:
        with open(opts["--readme"], encoding="utf-8") as f:
            readme = f.read()
    except OSError as e:
        print("guidecheck: %s" % e, file=sys.stderr)
        return 2
    os.makedirs(opts["--work"], exist_ok=True)
    guide = {}
    for path in glob.glob(os.path.join(opts["--guide"], "**", "*.xml"),
                          recursive=True):
        with open(path, encoding="utf-8") as f:
            guide[os.path.relpath(path, opts["--guide"])] = f.read()
    known = set()
    for d in errdirs:
        for path in glob.glob(os.path.join(d, "*.err")):
            with open(path, encoding="utf-8") as f:
                known |= set(f.read().split("\n"))
    problems = []
    seen = set()
    nfrag = 0
    for line, info, content in blocks(readme):
        for m in content.split("\n"):
            if MESSAGE.match(m.strip()) and m.strip() not in known:
                problems.append("README.md:%d: this message is not one a "
                                "test gives: %s" % (line, m.strip()))
        if info != "xml":
            continue
        if "<layout" in content:
            names = [k for k, v in guide.items() if v == content]
            if not names:
                problems.append("README.md:%d: this complete layout is not "
                                "a file of %s" % (line, opts["--guide"]))
            seen.update(names)
            continue
        doc = wrap(content)
        if doc is None:
            problems.append("README.md:%d: an xml block without an "
                            "element" % line)
            continue
        nfrag += 1
        path = os.path.join(opts["--work"], "fragment-%d.xml" % line)
        with open(path, "w", encoding="utf-8") as f:
            f.write(doc)
        r = subprocess.run([opts["--ucapgen"], opts["--plan"], "--layout",
                            path, "-o", path[:-4] + ".pdf"],
                           capture_output=True, text=True)
        if r.returncode != 0 or r.stderr:
            problems.append("README.md:%d: this fragment, in a layout based "
                            "on the %s, gives exit status %d:\n%s" %
                            (line, base_of(content), r.returncode, "".join(
                                "      " + s + "\n" for s in
                                r.stderr.rstrip("\n").split("\n")[:5])))
    for k in sorted(set(guide) - seen):
        problems.append("%s: not shown in README.md" % k)
    for p in problems:
        print(p)
    print("%d complete layouts, %d fragments, %d messages known; %d problems"
          % (len(seen), nfrag, len(known), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
