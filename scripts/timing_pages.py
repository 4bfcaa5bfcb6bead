#!/usr/bin/env python3
"""300-line pages whose columns are read across, for timing (issue: columns
read across, "a 300-line page in under 20 ms end to end").

From the issues of ISSUES_DIR (made by ../shared/eval/press.py, or the dev
set), each issue's articles are laid out as `scripts/interleaved_pages.py`
lays out a page (2-5 columns of 15-25 characters, written row by row across
the columns), taking as many articles as give at least 300 lines, and the
first 300 lines are kept. Six pages, each written one block per line
(`bN.md`) and all lines in one block (`lN.md`):

    python3 scripts/timing_pages.py ../shared/eval/dev OUT_DIR

then time `jiaodui check PAGE` and `jiaodui fix --output DIR PAGE` (the
README's figures: medians of alternating runs against the release before,
and instructions from `valgrind --tool=callgrind … --jobs 1`).
"""
import argparse
import json
import pathlib
import random
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import interleaved_pages  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('issues')
    ap.add_argument('out')
    ap.add_argument('--lines', type=int, default=300)
    ap.add_argument('--pages', type=int, default=6)
    ap.add_argument('--seed', type=int, default=300)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for gold in sorted(pathlib.Path(a.issues).glob('*/gold.json')):
        arts = [x for x in json.loads(gold.read_text(encoding='utf-8'))['articles'] if x.get('paragraphs_clean')]
        texts = []
        for take in range(4, len(arts) + 1):
            texts, _, k, w, _ = interleaved_pages.page_of(arts[:take], random.Random(rng.random()))
            if len(texts) >= a.lines:
                break
        if len(texts) < a.lines:
            continue
        texts = texts[:a.lines]
        (out / f'b{n}.md').write_text('\n\n'.join(texts) + '\n', encoding='utf-8')
        (out / f'l{n}.md').write_text('\n'.join(texts) + '\n', encoding='utf-8')
        print(f'{gold.parent.name}: b{n}.md, l{n}.md: {k} columns of {w}, {sum(len(t) for t in texts)} characters')
        n += 1
        if n == a.pages:
            break


if __name__ == '__main__':
    main()
