#!/usr/bin/env python3
"""Multi-column pages rendered from press.py issues and read by PaddleOCR's
models (PyPI rapidocr-onnxruntime==1.4.4, offline, with onnxruntime), written
out as a user writes `rec_texts`: one block per detected line, in the order
the engine returns them. Scores what `jiaodui fix` makes of them.

    pip install rapidocr-onnxruntime==1.4.4 pillow==13.0.0
    python3 scripts/paddle_pages.py ISSUES_DIR OUT_DIR [--pages N] [--bin target/release/jiaodui] [--reuse]

Each page: K columns (3-4) of W characters (16-22) set in AR PL UMing
(Debian fonts-arphic-uming), with a headline across the columns. The truth
is which rendered line continues which; an OCR line's start and end are
matched to the rendered lines whose boxes they fall in (the engine may read
two columns' lines as one). Prints the joins `fix` made between
lines (right, wrong) and the pages reported `interleaved`.
"""
import argparse
import difflib
import json
import pathlib
import random
import sys
import unicodedata

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
    boxes, texts = {}, {}
    for c, col in enumerate(cols):
        for r, (text, _) in enumerate(col):
            x, y = MARGIN + c * (col_w + GUTTER), top + r * (SIZE + LEAD)
            d.text((x, y), text, fill=0, font=font)
            boxes[(c, r)] = (x, y, x + col_w, y + SIZE + LEAD)
            texts[(c, r)] = text
    img.save(path)
    truth = set()
    for c in range(k):
        for r, (_, goes_on) in enumerate(cols[c]):
            if goes_on:
                nxt = (c, r + 1) if r + 1 < len(cols[c]) else ((c + 1, 0) if c + 1 < k and cols[c + 1] else None)
                if nxt:
                    truth.add(((c, r), nxt))
    return boxes, texts, truth, k, w


def printed_line(boxes, texts, y, piece, at_end):
    """The printed line of the row at height `y` that starts (or, with
    `at_end`, ends) with text most like `piece`, if one is alike enough.
    Boxes alone cannot tell: an OCR line's box reaches into the gutters."""
    def alike(cr):
        t = texts[cr][-len(piece):] if at_end else texts[cr][:len(piece)]
        return difflib.SequenceMatcher(None, norm(piece), norm(t), autojunk=False).ratio()
    row = [cr for cr, (_, y0, _, y1) in boxes.items() if y0 <= y <= y1]
    best = max(row, key=alike, default=None)
    return best if best is not None and alike(best) >= 0.5 else None


def norm(text):
    return unicodedata.normalize('NFKC', text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('issues')
    ap.add_argument('out')
    ap.add_argument('--pages', type=int, default=20)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--bin', default='target/release/jiaodui')
    ap.add_argument('--reuse', action='store_true', help="reuse the readings an earlier run left in OUT_DIR (only jiaodui runs again)")
    a = ap.parse_args()
    engine = None
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
        boxes, texts, truth, k, w = render(arts, rng, d / 'page.png')
        saved = d / 'rec_texts.json'
        if a.reuse and saved.exists():
            read = [(t, box) for t, box in json.loads(saved.read_text(encoding='utf-8'))['read']]
        else:
            if engine is None:
                from rapidocr_onnxruntime import RapidOCR
                engine = RapidOCR()
            result, _ = engine(str(d / 'page.png'))
            read = [(text, [[float(x), float(y)] for x, y in box]) for box, text, _score in result or []]
        # An OCR line may span more than one printed line (the engine read
        # across a gutter): what precedes it is found at its start, what
        # follows it at its end.
        rec = []  # (text, printed line at its start, printed line at its end)
        for text, box in read:
            cy = sum(p[1] for p in box) / 4
            piece = min(4, len(text))
            rec.append((text, printed_line(boxes, texts, cy, text[:piece], False), printed_line(boxes, texts, cy, text[-piece:], True)))
        ocr_lines += len(rec)
        page = d / 'p01.md'
        page.write_text('\n\n'.join(t for t, _, _ in rec) + '\n', encoding='utf-8')
        saved.write_text(json.dumps({'columns': k, 'width': w, 'read': read, 'rec': rec}, ensure_ascii=False), encoding='utf-8')
        interleaved, fixed = run_on(a.bin, page)
        flagged += interleaved
        # Joins: `fix` output blocks made of consecutive OCR lines.
        made = joins_in(fixed, [t for t, _, _ in rec])
        truth_ocr = {(i, j) for i, (_, _, end) in enumerate(rec) for j, (_, start, _) in enumerate(rec) if end and start and (end, start) in truth}
        right += len(made & truth_ocr)
        wrong += len(made - truth_ocr)
        total_truth += len(truth_ocr)
    print(f'{min(len(groups), a.pages)} pages, {ocr_lines} OCR lines, {total_truth} true line continuations; '
          f'joins made {right + wrong} ({right} right, {wrong} wrong); pages reported interleaved {flagged}')


if __name__ == '__main__':
    main()
