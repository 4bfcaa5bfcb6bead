#!/usr/bin/env python3
"""Newspaper pages typeset from Markdown pages and read by OCR engines into
the files archives keep: tesseract's hOCR and ALTO, and PaddleOCR's result
JSON (`rec_texts`, `rec_scores`, `rec_polys`, `rec_boxes`, as PaddleOCR 3.x
`save_to_json` writes them, from PP-OCR's models run offline through
rapidocr-onnxruntime).

    apt-get install tesseract-ocr tesseract-ocr-chi-sim fonts-arphic-uming   # Debian 12: tesseract 5.3.0
    pip install pillow==13.0.0 rapidocr-onnxruntime==1.4.4 onnxruntime==1.32.0
    python3 scripts/ocr_pages.py PAGE.md… OUT_DIR [--columns 3] [--width 18] [--seed 1]
    python3 scripts/ocr_pages.py --issues SET_DIR [--jobs 2]     # every page of a press.py set

With --issues, each page `issue_NNN/pNN.md` of a set made by
../shared/eval/press.py gets `pNN.hocr` and `pNN.xml` beside it and the same
OCR flattened to text in `ocr-text/pNN.txt` (tesseract's `txt` output, as a
user without a layout-aware reader has it); the set's gold is unchanged, so
../shared/eval/score.py scores what jiaodui makes of either:

    python3 ../shared/eval/score.py --set SET_DIR --cmd 'target/release/jiaodui articles {dir}/*.hocr'
    python3 ../shared/eval/score.py --set SET_DIR --cmd 'target/release/jiaodui articles {dir}/ocr-text'

Each page: its articles one after another, each a headline set across the
columns in type twice the body's, then its paragraphs (indented two
characters) flowed down K columns of W characters, column by column, with a rule
between columns. Writes
OUT_DIR/NAME.png, NAME.hocr, NAME.xml (ALTO) and NAME.json (PaddleOCR).
The fixtures in tests/fixtures/formats/ were made from samples/issue/ with
the defaults.
"""
import argparse
import json
import pathlib
import random
import re
import subprocess

from PIL import Image, ImageDraw, ImageFont

FONT = '/usr/share/fonts/truetype/arphic/uming.ttc'
SIZE = 22
LEAD = 12
GUTTER = 56
MARGIN = 36


def articles(markdown):
    """(title, [paragraphs]) of a Markdown page; jump lines and bylines stay in the body."""
    out = []
    for block in re.split(r'\n\s*\n', markdown.strip()):
        text = ''.join(block.split('\n')).strip()
        if not text or text.startswith('<!--'):
            continue
        if text.startswith('#'):
            out.append((text.lstrip('#').strip(), []))
        elif out:
            out[-1][1].append(text)
        else:
            out.append((None, [text]))
    return out


def render(page, columns, width, path):
    font = ImageFont.truetype(FONT, SIZE)
    head = ImageFont.truetype(FONT, SIZE * 2)
    col_w = width * SIZE
    page_w = 2 * MARGIN + columns * col_w + (columns - 1) * GUTTER
    items = []  # (font, x, y, text)
    rules = []  # (x, y0, y1)
    y = MARGIN
    for title, paragraphs in articles(page):
        if title:
            items.append((head, MARGIN, y, title[: (page_w - 2 * MARGIN) // (2 * SIZE)]))
            y += 2 * SIZE + 2 * LEAD
        lines = []
        for p in paragraphs:
            text = '\u3000\u3000' + p
            lines += [text[i:i + width] for i in range(0, len(text), width)]
        height = -(-len(lines) // columns)
        for c in range(1, columns):
            # A column rule in the middle of the gutter, as newspapers print them.
            x = MARGIN + c * (col_w + GUTTER) - GUTTER // 2
            rules.append((x, y, y + height * (SIZE + LEAD)))
        for c in range(columns):
            for r, line in enumerate(lines[c * height:(c + 1) * height]):
                items.append((font, MARGIN + c * (col_w + GUTTER), y + r * (SIZE + LEAD), line))
        y += height * (SIZE + LEAD) + 2 * LEAD
    img = Image.new('L', (page_w, y + MARGIN), 255)
    d = ImageDraw.Draw(img)
    for f, x, yy, text in items:
        d.text((x, yy), text, fill=0, font=f)
    for x, y0, y1 in rules:
        d.line([(x, y0), (x, y1)], fill=0, width=1)
    img.save(path)


def paddle_json(engine, png, path):
    result, _ = engine(str(png))
    polys = [[[round(x), round(y)] for x, y in box] for box, _, _ in result or []]
    doc = {
        'input_path': png.name,
        'page_index': None,
        'rec_texts': [t for _, t, _ in result or []],
        'rec_scores': [round(float(s), 4) for _, _, s in result or []],
        'rec_polys': polys,
        'rec_boxes': [[min(p[0] for p in q), min(p[1] for p in q), max(p[0] for p in q), max(p[1] for p in q)] for q in polys],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=4) + '\n', encoding='utf-8')


def ocr_issue_page(job):
    page, columns, width = job
    page = pathlib.Path(page)
    png = page.with_suffix('.png')
    render(page.read_text(encoding='utf-8'), columns, width, png)
    base = page.with_suffix('')
    env = dict(__import__('os').environ, OMP_THREAD_LIMIT='1')
    subprocess.run(['tesseract', str(png), str(base), '-l', 'chi_sim', 'hocr', 'alto', 'txt'], check=True, capture_output=True, env=env)
    flat = page.parent / 'ocr-text'
    flat.mkdir(exist_ok=True)
    base.with_suffix('.txt').rename(flat / f'{page.stem}.txt')
    png.unlink()
    return str(page)


def issues_mode(a):
    import multiprocessing
    rng = random.Random(a.seed)
    jobs = []
    for page in sorted(pathlib.Path(a.issues).glob('issue_*/p*.md')):
        # Column counts and widths vary from page to page.
        jobs.append((str(page), rng.randint(2, 4), rng.randint(14, 22)))
    with multiprocessing.Pool(a.jobs) as pool:
        for done in pool.imap(ocr_issue_page, jobs):
            print(done)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('pages', nargs='*')
    ap.add_argument('out', nargs='?')
    ap.add_argument('--issues', help='a press.py set: OCR every page of it in place')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--columns', type=int, default=3)
    ap.add_argument('--width', type=int, default=18)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--no-paddle', action='store_true')
    a = ap.parse_args()
    if a.issues:
        return issues_mode(a)
    if a.out is None and a.pages:
        a.out = a.pages.pop()
    random.seed(a.seed)
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    engine = None
    if not a.no_paddle:
        from rapidocr_onnxruntime import RapidOCR
        engine = RapidOCR()
    for p in map(pathlib.Path, a.pages):
        png = out / f'{p.stem}.png'
        render(p.read_text(encoding='utf-8'), a.columns, a.width, png)
        base = out / p.stem
        subprocess.run(['tesseract', str(png), str(base), '-l', 'chi_sim', 'hocr', 'alto'], check=True, capture_output=True)
        if engine:
            paddle_json(engine, png, out / f'{p.stem}.json')
        print(f'{p} -> {base}.hocr, {base}.xml' + (f', {base}.json' if engine else ''))


if __name__ == '__main__':
    main()
