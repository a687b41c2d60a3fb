"""Draws the extension's icon (a magnifier over a page of text, on a rounded blue square) at 16, 32,
48 and 128 px into examples/extension/icons/, with the standard library only (zlib PNG, 4x4
supersampling). Run it again after changing the drawing: python3 scripts/make_icons.py"""
import math
import pathlib
import struct
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "examples" / "extension" / "icons"
BLUE = (28, 100, 242)
WHITE = (255, 255, 255)
MARK = (255, 212, 59)  # the highlight colour of an answer


def rounded_square(x, y, r):
    """Inside a unit square with corners of radius r."""
    cx, cy = min(max(x, r), 1 - r), min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def colour(x, y):
    """The icon's colour at (x, y) in [0, 1]², or None where it is transparent."""
    if not rounded_square(x, y, 0.2):
        return None
    # Lines of text, one of them highlighted as an answer.
    for i, (y0, x1, hl) in enumerate([(0.24, 0.78, False), (0.40, 0.62, True), (0.56, 0.45, False)]):
        if y0 <= y <= y0 + 0.07 and 0.2 <= x <= x1:
            return MARK if hl else (170, 196, 250)
    # The magnifier: a ring and a handle.
    cx, cy, r = 0.52, 0.52, 0.2
    d = math.hypot(x - cx, y - cy)
    if r - 0.055 <= d <= r + 0.025:
        return WHITE
    hx, hy = x - (cx + 0.15), y - (cy + 0.15)
    along = (hx + hy) / math.sqrt(2)
    across = (hx - hy) / math.sqrt(2)
    if 0 <= along <= 0.26 and abs(across) <= 0.055:
        return WHITE
    return BLUE


def png(size):
    ss = 4
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0, 0, 0, 0]
            for sj in range(ss):
                for si in range(ss):
                    c = colour((i + (si + 0.5) / ss) / size, (j + (sj + 0.5) / ss) / size)
                    if c is not None:
                        for k in range(3):
                            acc[k] += c[k]
                        acc[3] += 1
            n = acc[3]
            row += bytes([acc[0] // n, acc[1] // n, acc[2] // n] if n else [0, 0, 0]) + bytes([n * 255 // (ss * ss)])
        rows.append(bytes(row))
    chunk = lambda tag, data: struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (16, 32, 48, 128):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
        print(f"{OUT / f'icon-{size}.png'}: {len((OUT / f'icon-{size}.png').read_bytes())} bytes")
