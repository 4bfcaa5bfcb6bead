#!/usr/bin/env python3
"""The ceiling of the structure scores on OCR'd pages: what a reader that got
the structure exactly right would score, given the engine's text.

For each issue of a set that `scripts/ocr_pages.py --issues` read into hOCR,
every OCR line goes to the gold paragraph it shares most character pairs
with, the lines of a paragraph are put in the order of the gold text, and
each gold article gets its paragraphs in order. The result, written as
`ceiling.jsonl` beside each issue (article records as `jiaodui articles`
writes them), is scored like any prediction:

    python3 scripts/ocr_ceiling.py SET_DIR [--widen]
    python3 ../shared/eval/score.py --set SET_DIR --cmd 'cat {dir}/ceiling.jsonl'

score.py matches a paragraph only when it reads at least 90% like the gold,
so the engine's misreadings bound every structure score. `--widen` also turns
ASCII digits and punctuation into the full-width forms the gold prints (a
text change jiaodui does not make), for a more generous ceiling.
"""
import argparse
import difflib
import html
import json
import pathlib
import re
from collections import Counter

LINE = re.compile(r"<span class='ocr_(?:line|header|caption|textfloat)'")
WORD = re.compile(r"<span class='ocrx_word'[^>]*>(.*?)</span>", re.S)


def hocr_lines(path):
    """The text of each line of an hOCR page, in the file's order."""
    out = []
    for part in LINE.split(path.read_text(encoding='utf-8'))[1:]:
        text = ''.join(html.unescape(re.sub(r'<[^>]+>', '', w)) for w in WORD.findall(part)).strip()
        if text:
            out.append(text)
    return out


def pairs(text):
    return [text[i:i + 2] for i in range(len(text) - 1)]


def widen(text):
    return ''.join(chr(ord(c) + 0xFEE0) if '0' <= c <= '9' or c in ',:;?!()%' else c for c in text)


def ceiling(issue, wide):
    gold = json.loads((issue / 'gold.json').read_text(encoding='utf-8'))
    paras = [(ai, ''.join(p.split())) for ai, a in enumerate(gold['articles']) for p in a['paragraphs_clean']]
    index = {}
    for gi, (_, text) in enumerate(paras):
        for pair in set(pairs(text)):
            index.setdefault(pair, set()).add(gi)
    lines_of = {gi: [] for gi in range(len(paras))}
    for page in sorted(issue.glob('p*.hocr')):
        for line in hocr_lines(page):
            mine = set(pairs(line))
            shared = Counter(gi for pair in mine for gi in index.get(pair, ()))
            if not shared:
                continue
            gi, n = shared.most_common(1)[0]
            # A headline, byline or stray mark shares little with any paragraph.
            if n < max(2, 0.3 * len(mine)):
                continue
            sm = difflib.SequenceMatcher(None, paras[gi][1], line, autojunk=False)
            m = sm.find_longest_match(0, len(paras[gi][1]), 0, len(line))
            lines_of[gi].append((m.a - m.b, line))
    out = []
    for ai, a in enumerate(gold['articles']):
        ps = [''.join(t for _, t in sorted(lines_of[gi], key=lambda x: x[0])) for gi, (aj, _) in enumerate(paras) if aj == ai and lines_of[gi]]
        out.append(json.dumps({'type': 'article', 'title': a['title'], 'pages': [], 'paragraphs': [widen(p) if wide else p for p in ps]}, ensure_ascii=False))
    (issue / 'ceiling.jsonl').write_text('\n'.join(out) + '\n', encoding='utf-8')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('set')
    ap.add_argument('--widen', action='store_true')
    a = ap.parse_args()
    issues = sorted(p for p in pathlib.Path(a.set).iterdir() if (p / 'gold.json').is_file())
    for issue in issues:
        ceiling(issue, a.widen)
    print(f'{len(issues)} issues: ceiling.jsonl written')


if __name__ == '__main__':
    main()
