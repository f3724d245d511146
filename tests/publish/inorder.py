#!/usr/bin/env python3
"""Whether phrases come in a text in the order given.

    inorder.py TEXT-FILE PHRASE...

The text's whitespace runs count as one space, and ligatures as their
letters.  Each phrase is looked for after the end of the one before;
prints the first that is missing there (and where it is, if anywhere) and
exits 1, else exits 0.  For tests/publish.sh.
"""
import re
import sys


def norm(s):
    s = s.replace("\ufb01", "fi").replace("\ufb02", "fl").replace(
        "\ufb00", "ff").replace("\ufb03", "ffi").replace("\ufb04", "ffl")
    return re.sub(r"\s+", " ", s).strip()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    text = norm(open(sys.argv[1], encoding="utf-8").read())
    at = 0
    prev = "the start"
    for phrase in sys.argv[2:]:
        p = norm(phrase)
        i = text.find(p, at)
        if i < 0:
            j = text.find(p)
            print("%r does not come after %r%s" % (
                p, prev, "" if j < 0 else
                " (it is at %d, before %d)" % (j, at)))
            sys.exit(1)
        at = i + len(p)
        prev = p
    sys.exit(0)


main()
