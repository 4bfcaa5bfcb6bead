#!/usr/bin/env python3
"""Convert jieba's dict.txt (MIT) into lexicon/words.tsv: `word<TAB>freq<TAB>pos`,
sorted by code point (= UTF-8 byte order), one line per word, deduplicated
(the highest frequency wins).

Usage: words.py JIEBA_DICT_TXT > lexicon/words.tsv
"""
import sys


def main():
    best = {}
    with open(sys.argv[1], encoding='utf-8') as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or '\t' in parts[0]:
                continue
            word, freq = parts[0], int(parts[1])
            pos = parts[2] if len(parts) > 2 else 'x'
            if word not in best or best[word][0] < freq:
                best[word] = (freq, pos)
    out = sys.stdout
    for word in sorted(best):
        freq, pos = best[word]
        out.write(f'{word}\t{freq}\t{pos}\n')


if __name__ == '__main__':
    main()
