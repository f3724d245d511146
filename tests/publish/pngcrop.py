#!/usr/bin/env python3
"""Cut a rectangle out of a PNG (8 bits a channel, not interlaced).

    pngcrop.py IN.png X Y WIDTH HEIGHT OUT.png

For tests/publish.sh: the halves of a browser's screenshot of two
summaries side by side, to compare with tests/pngcmp.  Standard library
only (zlib).
"""
import struct
import sys
import zlib


def read(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, head = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = head
    if depth != 8 or interlace != 0 or ctype not in (0, 2, 4, 6):
        sys.exit("%s: only 8-bit, non-interlaced grey or RGB(A) PNGs"
                 % path)
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, at = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[at]
        line = bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else
                                      b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, ctype, bpp, rows


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + \
        struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    w, h, ctype, bpp, rows = read(sys.argv[1])
    x, y, cw, ch = (int(v) for v in sys.argv[2:6])
    if x < 0 or y < 0 or cw <= 0 or ch <= 0 or x + cw > w or y + ch > h:
        sys.exit("%s is %dx%d: no %dx%d at %d,%d" % (sys.argv[1], w, h, cw,
                                                     ch, x, y))
    raw = b"".join(b"\0" + bytes(r[x * bpp:(x + cw) * bpp])
                   for r in rows[y:y + ch])
    out = b"\x89PNG\r\n\x1a\n" + \
        chunk(b"IHDR", struct.pack(">IIBBBBB", cw, ch, 8, ctype, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")
    open(sys.argv[6], "wb").write(out)


if __name__ == "__main__":
    main()
