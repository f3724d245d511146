#!/usr/bin/env python3
"""Test pictures in four colours, made here rather than kept in the tree.

    mkpng.py KIND WIDTH HEIGHT > FILE

The picture's top left quarter is red, its top right blue, its bottom
left green and its bottom right white (half transparent where the kind
has alpha).  KINDs:
    rgb          8-bit RGB PNG
    interlaced   8-bit RGBA PNG, Adam7 interlaced
    palette      palette PNG, the white quarter transparent (tRNS)
    grey16       16-bit grey and alpha PNG (the quarters in four greys)
    ppm          binary PPM (for cjpeg)
    interlaced-header   an interlaced PNG's header of that size, no pixels
"""
import struct
import sys
import zlib

RED, BLUE, GREEN, WHITE = (255, 0, 0), (0, 0, 255), (0, 160, 0), (255, 255, 255)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(
        ">I", zlib.crc32(body) & 0xFFFFFFFF)


def colour(x, y, w, h):
    if y < h // 2:
        return RED if x < w // 2 else BLUE
    return GREEN if x < w // 2 else WHITE


def pixel(kind, c):
    if kind == "rgb":
        return bytes(c)
    if kind == "interlaced":
        return bytes(c) + bytes([128 if c == WHITE else 255])
    if kind == "palette":
        return bytes([[RED, BLUE, GREEN, WHITE].index(c)])
    if kind == "grey16":
        g = {RED: 0x2000, BLUE: 0x6000, GREEN: 0xA000, WHITE: 0xFFFF}[c]
        return struct.pack(">HH", g, 0xFFFF)
    raise SystemExit("unknown kind " + kind)


def row(kind, y, w, h, xs=None):
    """Row y's pixels (of the columns xs, or all), runs made once."""
    xs = range(w) if xs is None else xs
    half = w // 2
    left = pixel(kind, colour(0, y, w, h))
    right = pixel(kind, colour(half, y, w, h))
    if xs == range(w):
        return left * half + right * (w - half)
    return b"".join(left if x < half else right for x in xs)


def png(kind, w, h, out):
    ctype, depth = {"rgb": (2, 8), "interlaced": (6, 8), "palette": (3, 8),
                    "grey16": (4, 16)}[kind]
    interlace = 1 if kind == "interlaced" else 0
    z = zlib.compressobj(9)
    data = []
    if interlace:
        # Adam7: seven passes of sub-images.
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                  (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        for x0, y0, dx, dy in passes:
            xs = range(x0, w, dx)
            if len(xs) == 0:
                continue
            for y in range(y0, h, dy):
                data.append(z.compress(b"\0" + row(kind, y, w, h, xs)))
    else:
        top, bottom = (b"\0" + row(kind, y, w, h) for y in (0, h - 1))
        for y in range(h):
            data.append(z.compress(top if y < h // 2 else bottom))
    data.append(z.flush())
    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0,
                                         0, interlace)))
    if kind == "palette":
        out.write(chunk(b"PLTE", bytes(RED + BLUE + GREEN + WHITE)))
        out.write(chunk(b"tRNS", bytes([255, 255, 255, 0])))
    out.write(chunk(b"IDAT", b"".join(data)))
    out.write(chunk(b"IEND", b""))


def ppm(w, h, out):
    out.write(b"P6\n%d %d\n255\n" % (w, h))
    top, bottom = (row("rgb", y, w, h) for y in (0, h - 1))
    for y in range(h):
        out.write(top if y < h // 2 else bottom)


def main():
    kind, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    out = sys.stdout.buffer
    if kind == "ppm":
        ppm(w, h, out)
    elif kind == "interlaced-header":
        out.write(b"\x89PNG\r\n\x1a\n" +
                  chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 1)) +
                  chunk(b"IEND", b""))
    else:
        png(kind, w, h, out)


if __name__ == "__main__":
    main()
