#!/usr/bin/env python3
"""Pages whose columns are read across, as line-by-line OCR prints them, and
a score of what jiaodui makes of them (issue: columns read across).

From issues made by `../shared/eval/press.py` (their gold.json gives each
article's clean paragraphs), each page's articles are set in K columns of W
characters (K in 2-5, W in 15-25, a paragraph starting a new line) and the
lines are written row by row across the columns: line 1 of column A, line 1
of column B, ... Two layouts: one block per line (`blocks/`) and all lines in
one block (`lines/`). The truth is which line continues which.

    python3 scripts/interleaved_pages.py ISSUES_DIR OUT_DIR [--seed N] [--bin target/release/jiaodui]

prints, for each layout, the joins `fix` made between lines (right ones and
wrong ones, against the truth), the pages reported `interleaved`, and the
pages where `fix` changed nothing. Lines whose text is printed twice or
starts another line (`。`) cannot be told apart in `fix`'s output; pairs that
touch them are left out of the counts.
"""
import argparse
import json
import pathlib
import random
import subprocess


def lines_of(paragraphs, width):
    """A column's lines: each paragraph cut into lines of `width` characters."""
    out = []
    for p in paragraphs:
        for k in range(0, len(p), width):
            out.append((p[k:k + width], k + width < len(p)))  # (text, continues on the next line)
    return out


def page_of(articles, rng):
    paragraphs = [p for a in articles for p in a['paragraphs_clean'] if p.strip()]
    k = rng.randint(2, 5)
    w = rng.randint(15, 25)
    col_lines = lines_of(paragraphs, w)
    height = -(-len(col_lines) // k)
    cols = [col_lines[c * height:(c + 1) * height] for c in range(k)]
    order = []  # (column, row) in the order the lines are printed
    for r in range(height):
        for c in range(k):
            if r < len(cols[c]):
                order.append((c, r))
    index = {cr: i for i, cr in enumerate(order)}
    texts = [cols[c][r][0] for c, r in order]
    # Line i continues on line j: the next line of the same column, or the
    # first line of the next column, when the paragraph goes on.
    truth = set()
    for c in range(k):
        for r, (_, goes_on) in enumerate(cols[c]):
            if not goes_on:
                continue
            nxt = (c, r + 1) if r + 1 < len(cols[c]) else ((c + 1, 0) if c + 1 < k and cols[c + 1] else None)
            if nxt:
                truth.add((index[(c, r)], index[nxt]))
    return texts, truth, k, w, paragraphs


def recovered(fixed, paragraphs):
    """Paragraphs found whole in `fix`'s output: a block whose text (white
    space removed) matches the paragraph with difflib ratio >= 0.97."""
    import difflib
    blocks = [''.join(b.split()) for b in fixed.split('\n\n')]
    found = 0
    for p in paragraphs:
        p = ''.join(p.split())
        near = [b for b in blocks if p[:8] in b or p[-8:] in b]
        if any(difflib.SequenceMatcher(None, p, b, autojunk=False).ratio() >= 0.97 for b in near):
            found += 1
    return found


def ambiguous(texts):
    """Lines whose text cannot be told apart in the output: printed twice,
    or the start of another line (`。`). Pairs touching them are not scored."""
    out = set()
    for i, t in enumerate(texts):
        if any(j != i and (u == t or u.startswith(t)) for j, u in enumerate(texts)):
            out.add(i)
    return out


def joins_in(fixed, texts):
    """Pairs of printed lines that `fix` put next to each other in one paragraph."""
    pairs = set()
    for block in fixed.split('\n\n'):
        body = block.replace('\n', '')
        ids, pos = [], 0
        while pos < len(body):
            match = next((i for i, t in sorted(enumerate(texts), key=lambda it: -len(it[1])) if body.startswith(t, pos)), None)
            if match is None:
                break
            ids.append(match)
            pos += len(texts[match])
        pairs.update(zip(ids, ids[1:]))
    return pairs


def run_on(binary, page):
    """Whether `check` reports the page interleaved, and what `fix` makes of it."""
    check = subprocess.run([binary, 'check', '--format', 'json', str(page)], capture_output=True, text=True).stdout
    fixed = subprocess.run([binary, 'fix', '-q', '-'], input=page.read_text(encoding='utf-8'), capture_output=True, text=True).stdout
    return '"kind":"interleaved"' in check, fixed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('issues')
    ap.add_argument('out')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--bin', default='target/release/jiaodui')
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = pathlib.Path(a.out)
    pages = []
    for gold_path in sorted(pathlib.Path(a.issues).glob('*/gold.json')):
        gold = json.loads(gold_path.read_text(encoding='utf-8'))
        arts = [x for x in gold['articles'] if x.get('paragraphs_clean')]
        for n in range(0, len(arts), 4):
            texts, truth, k, w, paras = page_of(arts[n:n + 4], rng)
            if len(texts) >= 6:
                pages.append((f'{gold_path.parent.name}_{n // 4:02d}', texts, truth, k, w, paras))
    for layout, sep in (('blocks', '\n\n'), ('lines', '\n')):
        right = wrong = flagged = untouched = gold_pairs = found = total_paras = 0
        for name, texts, truth, k, w, paras in pages:
            d = out / layout / name
            d.mkdir(parents=True, exist_ok=True)
            page = d / 'p01.md'
            page.write_text(sep.join(texts) + '\n', encoding='utf-8')
            (d / 'truth.json').write_text(json.dumps({'columns': k, 'width': w, 'lines': texts, 'continues': sorted(truth)}, ensure_ascii=False), encoding='utf-8')
            interleaved, fixed = run_on(a.bin, page)
            flagged += interleaved
            untouched += fixed == page.read_text(encoding='utf-8')
            # A page left as printed joins nothing, whatever its separators.
            made = joins_in(fixed, texts) if fixed != page.read_text(encoding='utf-8') else set()
            unclear = ambiguous(texts)
            made = {p for p in made if not unclear & set(p)}
            scored = {p for p in truth if not unclear & set(p)}
            right += len(made & scored)
            wrong += len(made - scored)
            gold_pairs += len(scored)
            found += recovered(fixed, paras)
            total_paras += len(paras)
        print(f'{layout}: {len(pages)} pages, {gold_pairs} true line continuations; joins made {right + wrong} '
              f'({right} right, {wrong} wrong); pages reported interleaved {flagged}; pages left unchanged {untouched}; '
              f'paragraphs recovered {found} of {total_paras}')


if __name__ == '__main__':
    main()
