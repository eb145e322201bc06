#!/usr/bin/env python3
"""Draws warmline's app icons (icon-192.png, icon-512.png) with the standard library only.

A white ring around a warm dot on the accent green of the stylesheet. Everything that
matters lies within the middle 60 %, so a phone may crop the icon to any shape
("maskable"). Run it from anywhere; it writes beside itself. The PNGs are committed, so
building warmline never runs this.
"""

import os
import struct
import zlib

GREEN = (0x1D, 0x6B, 0x58)
WHITE = (0xFF, 0xFF, 0xFF)
WARM = (0xF0, 0xA0, 0x4B)
SAMPLES = 4  # per axis, for smooth edges


def colour_at(x, y):
    """The colour at (x, y), both from 0 to 1."""
    dx, dy = x - 0.5, y - 0.5
    r = (dx * dx + dy * dy) ** 0.5
    if r < 0.11:
        return WARM
    if 0.20 < r < 0.29:
        return WHITE
    return GREEN


def pixels(size):
    rows = []
    step = 1.0 / (size * SAMPLES)
    for py in range(size):
        row = bytearray([0])  # filter type: none
        for px in range(size):
            acc = [0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    c = colour_at((px * SAMPLES + sx + 0.5) * step, (py * SAMPLES + sy + 0.5) * step)
                    for i in range(3):
                        acc[i] += c[i]
            row.extend(round(v / (SAMPLES * SAMPLES)) for v in acc)
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(size):
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels(size), 9))
        + chunk(b"IEND", b"")
    )


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for size in (192, 512):
        path = os.path.join(here, f"icon-{size}.png")
        with open(path, "wb") as f:
            f.write(png(size))
        print(path)


if __name__ == "__main__":
    main()
