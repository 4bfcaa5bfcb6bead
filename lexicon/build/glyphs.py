#!/usr/bin/env python3
"""Build lexicon/glyph_similar.tsv: pairs of characters that look alike in
print, from rendered glyphs of a Song/Ming typeface (AR PL UMing, Debian
`fonts-arphic-uming`). No project text is used: the character set is every Han
character of `char_unigrams.tsv` (news text) and of the word list.

Each character is drawn at 64 px in its em box, blurred a little and reduced
to 48x48, as a page scanned at low resolution would show it, and described by
where its strokes run: a histogram of gradient orientations (8 bins, square
root of the magnitude) in each cell of a 6x6 grid, the HOG features of
printed-character recognition. The similarity of two characters is the
cosine of their descriptors; each character keeps its nearest neighbours
above a floor. Rows are `ab<TAB>score` (score = similarity x 1000): `b` looks
like `a`; all look-alikes of `a` are the rows that start with it.

The table is a function of the typeface alone, the same bytes on every
machine: after rendering (Pillow's 8-bit filters are integer code) every step
is integer arithmetic. Orientation bins are decided by integer cross products
against fixed bin edges (no atan2, whose vectorised versions differ by CPU),
magnitudes and square roots are integer square roots, each descriptor is
quantized to integers of norm about Q, and the similarity products are int32
matrix products, which numpy computes without BLAS and which are exact in any
order (by Cauchy-Schwarz no product exceeds about Q**2 < 2**31). A character
keeps the 40
characters with the largest product; equal products are ordered by code point
(the lower first); only products of at least 0.6 x Q**2 are kept.

Usage: glyphs.py LEXICON_DIR FONT.ttc > lexicon/glyph_similar.tsv
Needs numpy and Pillow.
"""
import math
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 64
RES = 48
CELLS = 6
BINS = 8
NEIGHBOURS = 40
FLOOR_PER_MILLE = 600
# Descriptor norm after quantization: products stay far below 2**53.
Q = 4096
# Edges of the orientation bins, k*pi/8 for k = 1..7, as (cos, sin) x 2**16,
# written out so that no floating-point function decides a bin.
EDGES = [(60547, 25080), (46341, 46341), (25080, 60547), (0, 65536),
         (-25080, 60547), (-46341, 46341), (-60547, 25080)]


def is_han(c):
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF


def charset(lexicon_dir):
    chars = set()
    with open(f'{lexicon_dir}/char_unigrams.tsv', encoding='utf-8') as f:
        for line in f:
            c, n = line.rstrip('\n').split('\t')[:2]
            if len(c) == 1 and is_han(c) and int(n) >= 2:
                chars.add(c)
    with open(f'{lexicon_dir}/words.tsv', encoding='utf-8') as f:
        for line in f:
            word, freq = line.split('\t')[:2]
            if int(freq) >= 1:
                chars.update(c for c in word if is_han(c))
    return sorted(chars)


def isqrt(x):
    """Elementwise floor(sqrt(x)) of a non-negative int64 array (x < 2**52),
    exact: the float estimate is within one of the root on any machine, and
    the two integer comparisons correct it."""
    r = np.floor(np.sqrt(x.astype(np.float64))).astype(np.int64)
    r -= (r * r > x)
    r += ((r + 1) * (r + 1) <= x)
    return r


def gradient2(a):
    """Twice numpy's gradient along both axes, in integers."""
    gy = np.empty_like(a)
    gy[1:-1] = a[2:] - a[:-2]
    gy[0] = 2 * (a[1] - a[0])
    gy[-1] = 2 * (a[-1] - a[-2])
    gx = np.empty_like(a)
    gx[:, 1:-1] = a[:, 2:] - a[:, :-2]
    gx[:, 0] = 2 * (a[:, 1] - a[:, 0])
    gx[:, -1] = 2 * (a[:, -1] - a[:, -2])
    return gx, gy


def orientation_bins(gx, gy):
    """The bin of each gradient's direction modulo pi, 0..BINS-1."""
    flip = (gy < 0) | ((gy == 0) & (gx < 0))
    x = np.where(flip, -gx, gx)
    y = np.where(flip, -gy, gy)
    bins = np.zeros(gx.shape, dtype=np.int64)
    for c, s in EDGES:
        bins += (y * c - x * s >= 0)
    return bins


def cell_index():
    cell = RES // CELLS
    ys, xs = np.mgrid[0:RES, 0:RES]
    return ((ys // cell) * CELLS + xs // cell) * BINS


def describe(chars, font_path):
    font = ImageFont.truetype(font_path, SIZE)
    out = np.zeros((len(chars), CELLS * CELLS * BINS), dtype=np.int64)
    cells = cell_index()
    for i, c in enumerate(chars):
        img = Image.new('L', (SIZE, SIZE), 0)
        ImageDraw.Draw(img).text((0, 0), c, fill=255, font=font)
        a = np.asarray(img.filter(ImageFilter.GaussianBlur(1.0)).resize((RES, RES), Image.BILINEAR), dtype=np.int64)
        gx, gy = gradient2(a)
        mag = isqrt((gx * gx + gy * gy) << 8)
        hist = np.zeros(CELLS * CELLS * BINS, dtype=np.int64)
        np.add.at(hist, (cells + orientation_bins(gx, gy)).ravel(), mag.ravel())
        v = isqrt(hist << 16)
        norm = int(math.isqrt(int((v * v).sum())))
        if norm:
            v = (2 * v * Q + norm) // (2 * norm)
        out[i] = v
    return out


def main():
    lexicon_dir, font_path = sys.argv[1:3]
    chars = charset(lexicon_dir)
    vecs = describe(chars, font_path)
    # Integer products: no BLAS, no rounding, no overflow (|v| is about Q).
    assert int(np.sqrt((vecs * vecs).sum(axis=1).max())) ** 2 < 2 ** 30
    ivecs = vecs.astype(np.int32)
    n = len(chars)
    # Key = product, then the lower code point (chars are sorted) first.
    span = 1 << max(1, (n - 1).bit_length())
    floor = FLOOR_PER_MILLE * Q * Q
    rows = {}
    block = 1024
    for s in range(0, n, block):
        dots = (ivecs[s:s + block] @ ivecs.T).astype(np.int64)
        keys = dots * span + (span - 1 - np.arange(n, dtype=np.int64))
        for k in range(dots.shape[0]):
            i = s + k
            keys[k, i] = -1
            best = np.argpartition(-keys[k], NEIGHBOURS)[:NEIGHBOURS]
            for j in best:
                dot = int(dots[k, j])
                if j != i and dot * 1000 >= floor:
                    rows[chars[i] + chars[j]] = (dot * 1000 * 2 + Q * Q) // (2 * Q * Q)
    out = sys.stdout
    for key in sorted(rows):
        out.write(f'{key}\t{rows[key]}\n')
    print(f'{len(chars)} characters, {len(rows)} rows', file=sys.stderr)


if __name__ == '__main__':
    main()
