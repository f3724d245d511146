#!/usr/bin/env python3
"""Make an HTML page from a template with SVG files inlined in it.

    inline.py TEMPLATE OUT.html SVG... [-- PHRASE...]

The N-th SVG file (its XML declaration dropped) replaces the comment
"<!-- SVG N -->" of the template; the phrases, as a JSON array, replace
"<!-- PHRASES -->".  For tests/publish.sh.
"""
import json
import re
import sys


def main():
    args = sys.argv[1:]
    phrases = []
    if "--" in args:
        phrases = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    if len(args) < 2:
        sys.exit(__doc__)
    page = open(args[0], encoding="utf-8").read()
    for n, path in enumerate(args[2:], 1):
        svg = open(path, encoding="utf-8").read()
        svg = re.sub(r"^\s*<\?xml[^>]*\?>\s*", "", svg)
        slot = "<!-- SVG %d -->" % n
        if slot not in page:
            sys.exit("%s has no %s" % (args[0], slot))
        page = page.replace(slot, svg)
    # "</" must not end the script element early.
    page = page.replace("<!-- PHRASES -->",
                        json.dumps(phrases).replace("</", "<\\/"))
    open(args[1], "w", encoding="utf-8").write(page)


main()
