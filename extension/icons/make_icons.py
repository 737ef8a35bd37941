#!/usr/bin/env python3
"""Draw the Records Guard icons (a teal shield with a white tick) as PNGs, standard library only.

Run from anywhere: writes icon-16/32/48/128.png beside this file. Shapes are defined in a unit
square and supersampled, so every size is anti-aliased. Not shipped (the build leaves out *.py).
"""

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
SAMPLES = 8  # per pixel, per axis

SHIELD_TOP = (15, 104, 94)  # dark teal, lighter at the top
SHIELD_BOTTOM = (10, 74, 67)
TICK = (255, 255, 255)

# Shield outline in unit coordinates: straight sides down to HIP_Y, then curving to a point.
LEFT, RIGHT, TOP, HIP_Y, TIP_Y = 0.12, 0.88, 0.06, 0.50, 0.96
CORNER = 0.10  # radius of the two top corners
NOTCH = 0.05  # how far the middle of the top edge dips

TICK_POINTS = ((0.31, 0.50), (0.45, 0.64), (0.71, 0.35))
TICK_WIDTH = 0.11


def top_edge(x):
    """The top edge dips gently towards the middle."""
    t = (x - 0.5) / (0.5 - LEFT)
    return TOP + NOTCH * (1 - t * t)


def in_shield(x, y):
    half = (RIGHT - LEFT) / 2
    dx = abs(x - 0.5)
    if y < top_edge(x) or dx > half:
        return False
    if y <= HIP_Y:
        # Rounded top corners.
        cx, cy = half - CORNER, TOP + CORNER
        if dx > cx and y < cy:
            return (dx - cx) ** 2 + (y - cy) ** 2 <= CORNER**2
        return True
    if y >= TIP_Y:
        return False
    # Below the hips the half-width narrows along a curve to the tip.
    t = (y - HIP_Y) / (TIP_Y - HIP_Y)
    return dx <= half * math.cos(t * math.pi / 2) ** 0.8


def distance_to_segment(px, py, ax, ay, bx, by):
    vx, vy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)))
    return math.hypot(px - (ax + t * vx), py - (ay + t * vy))


def in_tick(x, y):
    return any(
        distance_to_segment(x, y, *a, *b) <= TICK_WIDTH / 2
        for a, b in zip(TICK_POINTS, TICK_POINTS[1:])
    )


def mix(a, b, t):
    return tuple(round(p + (q - p) * t) for p, q in zip(a, b))


def render(size):
    """RGBA rows: colour averaged over the covered samples, alpha = shield coverage."""
    rows = []
    step = 1 / (size * SAMPLES)
    for py in range(size):
        row = bytearray()
        for px in range(size):
            shield = tick = 0
            for sy in range(SAMPLES):
                y = (py * SAMPLES + sy + 0.5) * step
                for sx in range(SAMPLES):
                    x = (px * SAMPLES + sx + 0.5) * step
                    if in_shield(x, y):
                        shield += 1
                        tick += in_tick(x, y)
            if shield == 0:
                row += bytes(4)
                continue
            base = mix(SHIELD_TOP, SHIELD_BOTTOM, (py + 0.5) / size)
            colour = mix(base, TICK, tick / shield)
            row += bytes((*colour, round(255 * shield / SAMPLES**2)))
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main():
    here = Path(__file__).resolve().parent
    for size in SIZES:
        (here / f"icon-{size}.png").write_bytes(png(size, render(size)))


if __name__ == "__main__":
    main()
