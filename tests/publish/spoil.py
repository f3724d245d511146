#!/usr/bin/env python3
"""Spoil a tagged PDF in one way, so that pdfcheck.py must say so.

    spoil.py KIND IN.pdf OUT.pdf

The change is made with qpdf (--json, then --update-from-json); KIND is
one of:

  swap-rows     the first two rows of the first Table change places
                (pdfcheck.py order: "order:")
  td-first      the first row's TH and TD change places ("tree:")
  lbl-last      the first list item with a Lbl has it after its LBody
                ("tree:")
  private       the first Span becomes a Private element ("tree:")
  empty-span    the first Span loses its marked content ("tree:")
  no-alt        the first Figure loses its /Alt ("tree:")
  h2-first      the H1 becomes an H2 ("heading:")
  unlinked      the first link annotation loses its /StructParent
                ("link:")
  parent-tree   the parent tree forgets the element of the first page's
                first tagged marked content ("mc:")
  unmarked      page 1's first artifact loses its /Artifact BMC ... EMC
                ("untagged:")
  dangling      the first Span's object becomes null, as if the file had
                been written without it ("refs:")

For tests/publish.sh.
"""
import base64
import json
import re
import subprocess
import sys


def load(path):
    out = subprocess.run(
        ["qpdf", "--json", "--json-key=qpdf", "--json-stream-data=inline",
         "--decode-level=generalized", path, "-"],
        check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)["qpdf"]


def value(objs, ref):
    o = objs[ref]
    return o["value"] if "value" in o else o["stream"]["dict"]


def elems(objs, kind):
    """The references of the structure elements of a type, in the order
    of the tree."""
    root = value(objs, "obj:" + objs["trailer"]["value"]["/Root"])
    out = []

    def walk(ref, depth=0):
        d = value(objs, "obj:" + ref)
        if not isinstance(d, dict) or depth > 100:
            return
        if d.get("/S") == kind:
            out.append(ref)
        k = d.get("/K")
        for c in k if isinstance(k, list) else [k]:
            if isinstance(c, str) and c.endswith(" R"):
                walk(c, depth + 1)
    walk(root["/StructTreeRoot"])
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    kind, src, dst = sys.argv[1:]
    # qpdf does not update objects kept in object streams: unpack them
    # first (the objects are numbered anew, consistently).
    subprocess.run(["qpdf", "--object-streams=disable", src, dst + ".in"],
                   check=True)
    src = dst + ".in"
    head, objs = load(src)
    changed = {}

    def get(ref):
        return value(objs, "obj:" + ref)

    def put(ref):
        changed["obj:" + ref] = {"value": get(ref)}

    if kind == "swap-rows":
        t = get(elems(objs, "/Table")[0])
        t["/K"][0], t["/K"][1] = t["/K"][1], t["/K"][0]
        put(elems(objs, "/Table")[0])
    elif kind == "td-first":
        ref = elems(objs, "/TR")[0]
        k = get(ref)["/K"]
        k[0], k[1] = k[1], k[0]
        put(ref)
    elif kind == "lbl-last":
        for ref in elems(objs, "/LI"):
            k = get(ref)["/K"]
            if isinstance(k, list) and len(k) == 2:
                k.reverse()
                put(ref)
                break
    elif kind == "private":
        ref = elems(objs, "/Span")[0]
        get(ref)["/S"] = "/Private"
        put(ref)
    elif kind == "empty-span":
        ref = elems(objs, "/Span")[0]
        get(ref)["/K"] = []
        put(ref)
    elif kind == "no-alt":
        ref = elems(objs, "/Figure")[0]
        del get(ref)["/Alt"]
        put(ref)
    elif kind == "h2-first":
        ref = elems(objs, "/H1")[0]
        get(ref)["/S"] = "/H2"
        put(ref)
    elif kind == "unlinked":
        for key, o in objs.items():
            v = o.get("value")
            if isinstance(v, dict) and v.get("/Subtype") == "/Link" and \
                    "/StructParent" in v:
                del v["/StructParent"]
                changed[key] = {"value": v}
                break
    elif kind == "parent-tree":
        root = get(objs["trailer"]["value"]["/Root"])
        tree = get(get(root["/StructTreeRoot"])["/ParentTree"])
        nums = tree["/Nums"]
        page = get(get(root["/Pages"])["/Kids"][0])
        i = nums.index(page["/StructParents"])
        arr = nums[i + 1]
        entries = get(arr) if isinstance(arr, str) else arr
        first = [j for j, e in enumerate(entries) if e is not None][0]
        entries[first] = None
        put(arr if isinstance(arr, str) else
            get(root["/StructTreeRoot"])["/ParentTree"])
    elif kind == "unmarked":
        root = get(objs["trailer"]["value"]["/Root"])
        page = get(get(root["/Pages"])["/Kids"][0])
        ref = "obj:" + page["/Contents"]
        data = base64.b64decode(objs[ref]["stream"]["data"]).decode(
            "latin-1")
        data = re.sub(r"/Artifact BMC\n(.*?)EMC\n", r"\1", data, count=1,
                      flags=re.S)
        changed[ref] = {"stream": {
            "dict": {}, "data": base64.b64encode(
                data.encode("latin-1")).decode()}}
    elif kind == "dangling":
        changed["obj:" + elems(objs, "/Span")[0]] = {"value": None}
    else:
        sys.exit("unknown kind %s\n%s" % (kind, __doc__))
    if not changed:
        sys.exit("%s: nothing to spoil in %s" % (kind, src))
    patch = {"qpdf": [{"jsonversion": 2,
                       "pushedinheritedpageresources": False,
                       "calledgetallpages": False,
                       "maxobjectid": head["maxobjectid"]}, changed]}
    with open(dst + ".json", "w") as f:
        json.dump(patch, f)
    subprocess.run(["qpdf", src, "--update-from-json=" + dst + ".json",
                    dst], check=True)


main()
