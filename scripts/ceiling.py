#!/usr/bin/env python3
"""The ceiling of a tool that never guesses at a break the text cannot
decide: print an issue's gold articles as `jiaodui articles` would, but with
every column break that falls right after a sentence's end (the joins
`press.py` marks `ambiguous`) left as a paragraph break. Scoring this output
shows how high adjacency can go on a generated set for a tool that, like
jiaodui, does not join such breaks:

    python3 ../shared/eval/score.py --set SET --cmd 'python3 scripts/ceiling.py {dir}'

It reads the gold file, so it is an analysis aid, never part of the tool.
"""
import json
import pathlib
import sys


def main() -> None:
    issue = pathlib.Path(sys.argv[1])
    gold = json.loads((issue / 'gold.json').read_text(encoding='utf-8'))
    blocks = {}
    for layout in gold['layout']:
        text = (issue / layout['page']).read_text(encoding='utf-8')
        blocks[layout['page']] = [b.strip() for b in text.split('\n\n') if b.strip()]
    # Where each ambiguous break cuts its paragraph: the text the block before it ends with.
    cuts = {}
    for join in gold['joins']:
        if join['kind'] == 'column' and join.get('ambiguous'):
            tail = blocks[join['page_a']][join['block_a']][-12:]
            cuts.setdefault((join['article'], join['paragraph']), []).append(tail)
    for article in gold['articles']:
        paragraphs = []
        for k, paragraph in enumerate(article['paragraphs_structural']):
            pieces = [paragraph]
            for tail in cuts.get((article['id'], k), []):
                last = pieces.pop()
                at = last.find(tail)
                if at < 0:
                    pieces.append(last)
                    continue
                pieces += [last[:at + len(tail)], last[at + len(tail):]]
            paragraphs += [p for p in pieces if p]
        print(json.dumps({'type': 'article', 'title': article['title'], 'paragraphs': paragraphs}, ensure_ascii=False))


if __name__ == '__main__':
    main()
