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

Usage: glyphs.py LEXICON_DIR FONT.ttc > lexicon/glyph_similar.tsv
Needs numpy and Pillow.
"""
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 64
RES = 48
CELLS = 6
BINS = 8
NEIGHBOURS = 40
FLOOR = 0.6


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


def render(chars, font_path):
    font = ImageFont.truetype(font_path, SIZE)
    out = np.zeros((len(chars), CELLS * CELLS * BINS), dtype=np.float32)
    cell = RES // CELLS
    for i, c in enumerate(chars):
        img = Image.new('L', (SIZE, SIZE), 0)
        ImageDraw.Draw(img).text((0, 0), c, fill=255, font=font)
        a = np.asarray(img.filter(ImageFilter.GaussianBlur(1.0)).resize((RES, RES), Image.BILINEAR), dtype=np.float32)
        gy, gx = np.gradient(a)
        mag = np.hypot(gx, gy)
        bins = np.minimum(((np.arctan2(gy, gx) % np.pi) / np.pi * BINS).astype(int), BINS - 1)
        hist = np.zeros((CELLS, CELLS, BINS), dtype=np.float32)
        for y in range(CELLS):
            for x in range(CELLS):
                sl = (slice(y * cell, (y + 1) * cell), slice(x * cell, (x + 1) * cell))
                hist[y, x] = np.bincount(bins[sl].ravel(), weights=mag[sl].ravel(), minlength=BINS)
        v = np.sqrt(hist.ravel())
        n = np.linalg.norm(v)
        out[i] = v / n if n else v
    return out


def main():
    lexicon_dir, font_path = sys.argv[1:3]
    chars = charset(lexicon_dir)
    vecs = render(chars, font_path)
    rows = {}
    block = 1024
    for s in range(0, len(chars), block):
        sims = vecs[s:s + block] @ vecs.T
        for k in range(sims.shape[0]):
            i = s + k
            sims[k, i] = -1
            best = np.argpartition(-sims[k], NEIGHBOURS)[:NEIGHBOURS]
            for j in best:
                sim = float(sims[k, j])
                if sim >= FLOOR:
                    rows[chars[i] + chars[j]] = int(round(sim * 1000))
    out = sys.stdout
    for key in sorted(rows):
        out.write(f'{key}\t{rows[key]}\n')
    print(f'{len(chars)} characters, {len(rows)} rows', file=sys.stderr)


if __name__ == '__main__':
    main()
