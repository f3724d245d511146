# fill-corpus.py: the texts of plans and the translations of catalogs, one
# a line (line breaks inside a text become spaces), each once, for
# tests/fill.sh.
#
#   fill-corpus.py UCAPGEN PLAN.yaml... CATALOG.po...
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def plan_texts(ucapgen, plan):
    """Every text of a plan, as ucapgen loads it."""
    xml = subprocess.run([ucapgen, '--dump=xml', plan], capture_output=True,
                         text=True, check=True).stdout
    for e in ET.fromstring(xml).iter():
        if e.text and e.text.strip():
            yield e.text.strip()


def unquote(s):
    """A PO string's text: its escapes undone."""
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(
        m.group(1), m.group(1)), s)


def catalog_texts(po):
    """Every msgstr of a PO file, its continued lines joined."""
    cur = None
    with open(po, encoding='utf-8') as f:
        for line in list(f) + ['']:
            m = re.match(r'msgstr "(.*)"$', line)
            if m:
                cur = unquote(m.group(1))
                continue
            m = re.match(r'"(.*)"$', line)
            if m and cur is not None:
                cur += unquote(m.group(1))
                continue
            if cur:
                yield cur
            cur = None


def main():
    ucapgen, files = sys.argv[1], sys.argv[2:]
    seen = set()
    for name in files:
        texts = (catalog_texts(name) if name.endswith('.po')
                 else plan_texts(ucapgen, name))
        for t in texts:
            t = ' '.join(t.split('\n'))
            if t not in seen:
                seen.add(t)
                print(t)


main()
