#!/usr/bin/env python3
"""Multi-column pages rendered from press.py issues and read by PaddleOCR's
models (PyPI rapidocr-onnxruntime==1.4.4, offline, with onnxruntime), written
out as a user writes `rec_texts`: one block per detected line, in the order
the engine returns them. Scores what `jiaodui fix` makes of them.

    pip install rapidocr-onnxruntime==1.4.4 pillow==13.0.0
    python3 scripts/paddle_pages.py ISSUES_DIR OUT_DIR [--pages N] [--bin target/release/jiaodui]

Each page: K columns (3-4) of W characters (16-22) set in AR PL UMing
(Debian fonts-arphic-uming), with a headline across the columns. The truth
is which rendered line continues which; an OCR line is matched to the
rendered line whose box it falls in. Prints the joins `fix` made between
lines (right, wrong) and the pages reported `interleaved`.
"""
import argparse
import json
import pathlib
import random
import sys

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from interleaved_pages import joins_in, run_on  # noqa: E402

FONT = '/usr/share/fonts/truetype/arphic/uming.ttc'
SIZE = 24
LEAD = 14
GUTTER = 48
MARGIN = 40


def render(articles, rng, path):
    k, w = rng.randint(3, 4), rng.randint(16, 22)
    paragraphs = [p for a in articles for p in a['paragraphs_clean'] if p.strip()]
    lines = []  # (text, continues)
    for p in paragraphs:
        for i in range(0, len(p), w):
            lines.append((p[i:i + w], i + w < len(p)))
    height = -(-len(lines) // k)
    cols = [lines[c * height:(c + 1) * height] for c in range(k)]
    font = ImageFont.truetype(FONT, SIZE)
    head = ImageFont.truetype(FONT, SIZE * 2)
    col_w = w * SIZE
    width = 2 * MARGIN + k * col_w + (k - 1) * GUTTER
    top = MARGIN + 2 * SIZE + 3 * LEAD
    img = Image.new('L', (width, top + height * (SIZE + LEAD) + MARGIN), 255)
    d = ImageDraw.Draw(img)
    d.text((MARGIN, MARGIN), articles[0].get('title') or '要闻', fill=0, font=head)
    boxes = {}
    for c, col in enumerate(cols):
        for r, (text, _) in enumerate(col):
            x, y = MARGIN + c * (col_w + GUTTER), top + r * (SIZE + LEAD)
            d.text((x, y), text, fill=0, font=font)
            boxes[(c, r)] = (x, y, x + col_w, y + SIZE + LEAD)
    img.save(path)
    truth = set()
    for c in range(k):
        for r, (_, goes_on) in enumerate(cols[c]):
            if goes_on:
                nxt = (c, r + 1) if r + 1 < len(cols[c]) else ((c + 1, 0) if c + 1 < k and cols[c + 1] else None)
                if nxt:
                    truth.add(((c, r), nxt))
    return boxes, truth, k, w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('issues')
    ap.add_argument('out')
    ap.add_argument('--pages', type=int, default=20)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--bin', default='target/release/jiaodui')
    a = ap.parse_args()
    from rapidocr_onnxruntime import RapidOCR
    engine = RapidOCR()
    rng = random.Random(a.seed)
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    groups = []
    for gold_path in sorted(pathlib.Path(a.issues).glob('*/gold.json')):
        arts = [x for x in json.loads(gold_path.read_text(encoding='utf-8'))['articles'] if x.get('paragraphs_clean')]
        groups += [arts[n:n + 3] for n in range(0, len(arts), 3)]
    right = wrong = flagged = total_truth = ocr_lines = 0
    for n, arts in enumerate(groups[:a.pages]):
        d = out / f'page{n:03d}'
        d.mkdir(exist_ok=True)
        boxes, truth, k, w = render(arts, rng, d / 'page.png')
        result, _ = engine(str(d / 'page.png'))
        rec = []  # (text, rendered line or None)
        for box, text, _score in result or []:
            cx = sum(p[0] for p in box) / 4
            cy = sum(p[1] for p in box) / 4
            at = next((cr for cr, (x0, y0, x1, y1) in boxes.items() if x0 <= cx <= x1 and y0 <= cy <= y1), None)
            rec.append((text, at))
        ocr_lines += len(rec)
        page = d / 'p01.md'
        page.write_text('\n\n'.join(t for t, _ in rec) + '\n', encoding='utf-8')
        (d / 'rec_texts.json').write_text(json.dumps({'columns': k, 'width': w, 'rec': rec}, ensure_ascii=False), encoding='utf-8')
        interleaved, fixed = run_on(a.bin, page)
        flagged += interleaved
        # Joins: `fix` output blocks made of consecutive OCR lines.
        made = joins_in(fixed, [t for t, _ in rec])
        truth_ocr = {(i, j) for i, (_, a1) in enumerate(rec) for j, (_, a2) in enumerate(rec) if a1 and a2 and (a1, a2) in truth}
        right += len(made & truth_ocr)
        wrong += len(made - truth_ocr)
        total_truth += len(truth_ocr)
    print(f'{min(len(groups), a.pages)} pages, {ocr_lines} OCR lines, {total_truth} true line continuations; '
          f'joins made {right + wrong} ({right} right, {wrong} wrong); pages reported interleaved {flagged}')


if __name__ == '__main__':
    main()
