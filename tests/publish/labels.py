#!/usr/bin/env python3
"""The section labels of a layout, in the words of a catalog.

    labels.py LAYOUT.xml CATALOG.po

Prints, in the layout's order, the English text (the msgid, or the
msgstr when it has one) of each table row's label= and each section's
title=, one a line: what the PDF's TH and H2 elements and its bookmarks
must say.  For tests/publish.sh.
"""
import re
import sys
import xml.etree.ElementTree as ET


def catalog(path):
    out = {}
    text = open(path, encoding="utf-8").read()
    for entry in re.split(r"\n\s*\n", text):
        fields = {}
        key = None
        for line in entry.splitlines():
            m = re.match(r'(msgctxt|msgid|msgstr)\s+"(.*)"\s*$', line)
            if m:
                key = m.group(1)
                fields[key] = m.group(2)
            elif key and re.match(r'\s*"(.*)"\s*$', line):
                fields[key] += re.match(r'\s*"(.*)"\s*$', line).group(1)
        if "msgctxt" in fields and "msgid" in fields:
            s = fields.get("msgstr") or fields["msgid"]
            out[fields["msgctxt"]] = s.replace('\\"', '"').replace(
                "\\\\", "\\")
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cat = catalog(sys.argv[2])
    root = ET.parse(sys.argv[1]).getroot()
    for e in root.iter():
        tag = e.tag.split("}")[-1]
        key = e.get("label") if tag == "row" else \
            e.get("title") if tag == "section" else None
        if key is not None:
            print(cat.get(key, key))


main()
