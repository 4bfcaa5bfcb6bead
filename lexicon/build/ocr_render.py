"""Typeset Chinese text as a scanned newspaper column and read it back with a
real OCR engine: the shared half of `paddle_confusions.py` (a lexicon table)
and `scripts/ocr_readings.py` (test data from the dev articles).

Everything random is drawn from a `random.Random` the caller seeds, so the
same text and seed give the same image. The engines themselves pick SIMD
kernels by processor, so their readings are data, never a test's expectation.

Pinned versions: Pillow 13.0.0, numpy 2.4.6, rapidocr-onnxruntime 1.4.4
(PaddleOCR's PP-OCR models, offline, with onnxruntime 1.32.0), tesseract 5 with
Debian's tesseract-ocr-chi-sim; fonts from Debian fonts-arphic-uming and
fonts-noto-cjk.
"""
import difflib
import io
import os
import subprocess
import sys
import tempfile

import numpy
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# (name, font file, face index): a plain Ming face, a modern Song face, and a
# Hei face as news prints captions and leads in.
FACES = [
    ('uming', '/usr/share/fonts/truetype/arphic/uming.ttc', 0),
    ('noto-serif', '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 2),
    ('noto-sans', '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 2),
]
# Pixel sizes of a character, per engine: tesseract misreads news type
# scanned at 16-24 px; PaddleOCR's recogniser (which scales every line to 48 px)
# only at the sizes of a low-resolution scan.
SIZES = {'tesseract': [16, 18, 20, 24], 'paddle': [11, 12, 13, 14]}
DEGRADATIONS = ['blur', 'noise', 'jpeg', 'lowres']
_FONTS = {}


def han(c):
    return '\u4e00' <= c <= '\u9fff'


def font(face, size):
    key = (face, size)
    if key not in _FONTS:
        _, path, index = next(f for f in FACES if f[0] == face)
        _FONTS[key] = ImageFont.truetype(path, size, index=index)
    return _FONTS[key]


def variant(rng, engine):
    """A typeface, a size and a degradation with its strength."""
    face = rng.choice(FACES)[0]
    size = rng.choice(SIZES[engine])
    kind = rng.choice(DEGRADATIONS)
    strength = {'blur': rng.uniform(0.6, 1.3), 'noise': rng.uniform(18, 45),
                'jpeg': rng.randint(12, 35), 'lowres': rng.uniform(0.5, 0.7)}[kind]
    return {'face': face, 'size': size, 'degradation': kind, 'strength': round(strength, 3)}


def render(text, v, rng, column):
    """The text set in lines of `column` characters with paragraph indent,
    degraded as `v` says: a greyscale image and each line's box."""
    size = v['size']
    f = font(v['face'], size)
    t = '\u3000\u3000' + text
    lines = [t[k:k + column] for k in range(0, len(t), column)]
    step = int(size * 1.6)
    margin = size
    img = Image.new('L', (size * column + 2 * margin, step * len(lines) + 2 * margin), 255)
    draw = ImageDraw.Draw(img)
    boxes = []
    for i, line in enumerate(lines):
        y = margin + i * step
        draw.text((margin, y), line, font=f, fill=0)
        boxes.append((margin // 2, y - (step - size) // 2, img.width - margin // 2, y + size + (step - size) // 2))
    return degrade(img, v, rng), boxes


def degrade(img, v, rng):
    kind, s = v['degradation'], v['strength']
    if kind == 'blur':
        return img.filter(ImageFilter.GaussianBlur(s))
    if kind == 'noise':
        a = numpy.asarray(img, dtype=numpy.int16)
        noise = numpy.random.default_rng(rng.getrandbits(32)).normal(0, s, a.shape).round().astype(numpy.int16)
        return Image.fromarray(numpy.clip(a + noise, 0, 255).astype(numpy.uint8)).filter(ImageFilter.GaussianBlur(0.5))
    if kind == 'jpeg':
        buf = io.BytesIO()
        img.filter(ImageFilter.GaussianBlur(0.4)).save(buf, format='JPEG', quality=int(s))
        return Image.open(io.BytesIO(buf.getvalue())).convert('L')
    # lowres: scanned at a lower resolution, then enlarged again
    w, h = img.size
    small = img.resize((max(1, int(w * s)), max(1, int(h * s))), Image.BILINEAR)
    return small.resize((w, h), Image.BILINEAR)


def read_tesseract(images):
    """Each image read by tesseract (`chi_sim`, one uniform block), in one
    process: the texts, without spaces or line breaks."""
    with tempfile.TemporaryDirectory() as tmp:
        names = []
        for k, img in enumerate(images):
            name = os.path.join(tmp, f'{k:05d}.png')
            img.save(name)
            names.append(name)
        listing = os.path.join(tmp, 'list.txt')
        with open(listing, 'w') as fh:
            fh.write('\n'.join(names) + '\n')
        env = dict(os.environ, OMP_THREAD_LIMIT='1')
        subprocess.run(['tesseract', listing, os.path.join(tmp, 'out'), '-l', 'chi_sim', '--psm', '6'],
                       check=True, capture_output=True, env=env)
        with open(os.path.join(tmp, 'out.txt'), encoding='utf-8') as fh:
            pages = fh.read().split('\f')
    return [''.join(p.split()) for p in pages[:len(images)]]


_PADDLE = None


def paddle():
    global _PADDLE
    if _PADDLE is None:
        from rapidocr_onnxruntime import RapidOCR
        _PADDLE = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    return _PADDLE


def read_paddle(img, boxes=None):
    """The image read by PaddleOCR's PP-OCR models: detection and
    recognition, lines in the engine's order; or, given the lines' boxes,
    recognition of each line alone (faster, for the confusion table)."""
    eng = paddle()
    rgb = numpy.asarray(img.convert('RGB'))
    if boxes is None:
        result, _ = eng(rgb, use_cls=False)
        return ''.join(''.join(r[1].split()) for r in (result or []))
    crops = [numpy.asarray(img.crop(b).convert('RGB')) for b in boxes]
    result, _ = eng.text_rec(crops)
    return ''.join(''.join(r[0].split()) for r in result)


def alignment(truth, read):
    """How `read` differs from `truth`: (substitutions, damaged) where
    substitutions maps an index of `read` to the truth's character there (one
    Chinese character read as another), and damaged holds every index of
    `read` inside any other difference."""
    sm = difflib.SequenceMatcher(None, truth, read, autojunk=False)
    subs, damaged = {}, set()
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == 'equal':
            continue
        if op == 'replace' and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                x, y = truth[i1 + k], read[j1 + k]
                if han(x) and han(y):
                    subs[j1 + k] = x
                else:
                    damaged.add(j1 + k)
        else:
            damaged.update(range(j1, max(j2, j1 + 1)))
    return subs, damaged


def write_pair_counts(counts, min_count, out, what):
    """Write `ab<TAB>n` for every confusion seen at least `min_count` times,
    sorted, and say on stderr what was read (`what`) and how much was kept."""
    for pair, n in sorted(counts.items()):
        if n >= min_count:
            out.write(f'{pair}\t{n}\n')
    kept = sum(1 for n in counts.values() if n >= min_count)
    print(f'{what}, {sum(counts.values())} substitutions, {kept} pairs kept', file=sys.stderr)
