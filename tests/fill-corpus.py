# fill-corpus.py: the texts of plans and the translations of catalogs, one
# a line (line breaks inside a text become spaces), each once, for
# tests/fill.sh; or paragraphs made of their words in another order.
#
#   fill-corpus.py UCAPGEN PLAN.yaml... CATALOG.po...
#   fill-corpus.py --mix N < CORPUS
#
# --mix writes N paragraphs of 1 to 120 words drawn from CORPUS (the
# same ones each time), with runs of spaces, spaces at the end and a word
# in bold here and there.
import random
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


def mix(count):
    """Paragraphs of the corpus's words, shuffled; the same every run."""
    words = sys.stdin.read().split()
    rng = random.Random(11)
    for _ in range(count):
        ws = [rng.choice(words) for _ in range(rng.randint(1, 120))]
        if rng.random() < 0.2:
            k = rng.randrange(len(ws))
            if '*' not in ws[k]:
                ws[k] = '**' + ws[k] + '**'
        text = ''.join(w + rng.choice([' '] * 5 + ['  ']) for w in ws)
        print(text.rstrip() + rng.choice(['', ' ', '  ']))


def main():
    if sys.argv[1] == '--mix':
        mix(int(sys.argv[2]))
        return
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
