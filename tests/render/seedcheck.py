#!/usr/bin/env python3
"""seedcheck.py: is every sentence of the seed sheet in our rendering?

    seedcheck.py SEED.txt REWORDED.txt RENDERED.txt

SEED is the text of the real sheet we reproduce (../shared/seed/...); its
raw <p>, <ul>, <u> tags are the old generator's bug and are removed
first: block tags (<p>, <ul>, <li>) end a fragment, inline tags (<u>) go.
The seed is then cut into fragments at line ends, tabs, list markers
(→ •), sentence ends (". " before a capital or a digit, not after "Dr."
and the like) and "label: value" colons.  A fragment's trailing colon
goes (the seed's labels end with ":", ours do not).

RENDERED is `pdftotext` of our PDF.  Both sides are compared after
normalising white space and quotes (soft hyphens go); a line that ends
with a hyphen joins the next line with the hyphen kept, or dropped (a
hyphen Pango added).  A fragment matches when it occurs between word
boundaries.

REWORDED lists the seed fragments we render differently on purpose:

    # why (at least one comment line per entry)
    - the seed's fragment, exactly as cut (after normalising)
    + what we render instead (must appear; any number of lines)

Fails (exit 1) listing every fragment that is neither found nor listed,
every listed fragment that is not in the seed any more (stale) or that is
now found as it is (no longer reworded), and every "+" line not found.
Standard library only.
"""
import re
import sys

BLOCK_TAGS = re.compile(r"</?(p|ul|ol|li|div|br)\b[^>]*>", re.I)
INLINE_TAGS = re.compile(r"</?(u|b|i|em|strong|span|a)\b[^>]*>", re.I)
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"',
                        "\u2018": "'", "\u2019": "'", "\u00a0": " ",
                        "\u202f": " ", "\u00ad": None})


def norm(s):
    return " ".join(s.translate(QUOTES).split())


ABBREV = re.compile(r"(?<!\w)(Dr|Mr|Mrs|Ms|Prof|St|e\.g|i\.e|etc)\.$")


def S_sentences(part):
    """Cut at ". " before a capital or a digit, but not after "Dr." and
    the like."""
    out = []
    for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"\u201c])", part):
        if out and ABBREV.search(out[-1]):
            out[-1] += " " + s
        else:
            out.append(s)
    return out


def fragments(seed):
    text = BLOCK_TAGS.sub("\n", seed)
    text = INLINE_TAGS.sub("", text)
    out = []
    for part in re.split(r"[\n\t\u2192\u2022]", text):
        for sent in S_sentences(part):
            for piece in re.split(r":\s+", sent):
                piece = norm(piece).rstrip(":").strip()
                if re.search(r"\w", piece):
                    out.append(piece)
    return out


def rendered_variants(text):
    text = text.translate(QUOTES)
    keep = re.sub(r"-[ \t]*\n[ \t]*", "-", text)
    drop = re.sub(r"-[ \t]*\n[ \t]*", "", text)
    return [norm(keep), norm(drop)]


def found(frag, variants):
    pat = re.compile(r"(?<!\w)" + re.escape(frag) + r"(?!\w)")
    return any(pat.search(v) for v in variants)


def read_reworded(path):
    """{fragment: (replacements, reason)} and problems."""
    entries, problems = {}, []
    reason, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.strip() == "":
                reason, cur = [], None
            elif line.startswith("#"):
                if cur is not None:
                    reason, cur = [], None
                reason.append(line[1:].strip())
            elif line.startswith("- "):
                cur = norm(line[2:])
                if not reason:
                    problems.append("%s:%d: no comment says why %r is "
                                    "reworded" % (path, n, cur))
                entries[cur] = ([], " ".join(reason))
            elif line.startswith("+ "):
                if cur is None:
                    problems.append("%s:%d: '+' line without a '-' line" %
                                    (path, n))
                else:
                    entries[cur][0].append(norm(line[2:]))
            else:
                problems.append("%s:%d: not a comment, '- ' or '+ ' line" %
                                (path, n))
    return entries, problems


def main(argv):
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        frags = fragments(f.read())
    entries, problems = read_reworded(argv[2])
    with open(argv[3], encoding="utf-8") as f:
        variants = rendered_variants(f.read())
    missing = []
    for frag in frags:
        if frag in entries:
            continue
        if not found(frag, variants):
            missing.append(frag)
    for frag, (plus, _) in entries.items():
        if frag not in frags:
            problems.append("reworded but not in the seed (stale): %r" %
                            frag)
        elif found(frag, variants):
            problems.append("listed as reworded but found as it is: %r" %
                            frag)
        for p in plus:
            if not found(p, variants):
                problems.append("the rewording of %r is not rendered: %r" %
                                (frag, p))
    for m in missing:
        print("not rendered: %r" % m)
    for p in problems:
        print(p)
    print("%d seed fragments: %d found, %d reworded, %d missing; "
          "%d problems" % (len(frags), len(frags) - len(missing) -
                           sum(1 for f in frags if f in entries),
                           sum(1 for f in frags if f in entries),
                           len(missing), len(problems)))
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
