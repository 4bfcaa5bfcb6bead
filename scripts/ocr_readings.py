#!/usr/bin/env python3
"""Real-engine readings of the dev articles, and how well jiaodui's character
flags cover what the engines got wrong.

    python3 scripts/ocr_readings.py read ../shared/eval/dev OUT.jsonl [--engine tesseract|paddle] [--jobs 2]
    python3 scripts/ocr_readings.py score OUT.jsonl [--bin target/release/jiaodui] [--min-confidence 0.9] [--clean]
    python3 scripts/ocr_readings.py fixture tests/fixtures/ocr/ENGINE.jsonl samples/tesseract/seed.truth samples/issue/*.md --engine ENGINE

`read` typesets every paragraph of every dev article (`paragraphs_clean`, the
text as printed before damage) in a typeface, size and degradation drawn per
paragraph (lexicon/build/ocr_render.py: AR PL UMing, Noto Serif and Sans CJK;
blur, noise, JPEG, low resolution), reads it back with tesseract 5 (`chi_sim`)
or PaddleOCR's PP-OCR recogniser (rapidocr-onnxruntime 1.4.4, line by line),
and writes one JSON line per paragraph: the truth, the reading and the variant.
The readings depend on the engines' SIMD kernels, so they are data to score,
not a test's expectation. `fixture` reads the bundled samples' text (shippable,
unlike the dev articles) three times per paragraph and writes the readings
with their alignment to `tests/fixtures/ocr/`, which `tests/ocr_readings.rs`
scores.

`score` writes each article's readings as a page (its title, then one
paragraph per reading), runs `jiaodui check --format json` on them, aligns
each reading with its truth, and counts: Chinese characters read as other
Chinese characters (substitutions), character flags (`ocr_confusion`), flags
on a substitution, on other damage, or on clean text, the flags whose first
suggestion is the truth, and the edits `fix` applies by default (confidence
at or above --min-confidence) that are right.
"""
import argparse
import collections
import glob
import hashlib
import json
import multiprocessing
import os
import pathlib
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / 'lexicon' / 'build'))
import ocr_render  # noqa: E402

COLUMN = 22  # characters per line, as in a news column
CHAR_KINDS = {'ocr_confusion'}


def paragraphs(dev):
    for path in sorted(glob.glob(os.path.join(dev, '*', 'gold.json'))):
        gold = json.load(open(path, encoding='utf-8'))
        issue = os.path.basename(os.path.dirname(path))
        for a in gold['articles']:
            for k, text in enumerate(a['paragraphs_clean']):
                if len(text) >= 8:
                    yield {'issue': issue, 'article': a['id'], 'title': a.get('title') or '', 'paragraph': k, 'truth': text}


def read_chunk(args):
    engine, items = args
    out = []
    images = []
    for it in items:
        seed = int(hashlib.sha256(f"{engine}/{it['issue']}/{it['article']}/{it['paragraph']}".encode()).hexdigest()[:12], 16)
        rng = random.Random(seed)
        v = ocr_render.variant(rng, engine)
        img, boxes = ocr_render.render(it['truth'], v, rng, COLUMN)
        images.append((img, boxes))
        out.append(dict(it, engine=engine, variant=v))
    if engine == 'tesseract':
        texts = ocr_render.read_tesseract([img for img, _ in images])
    else:
        texts = [ocr_render.read_paddle(img, boxes) for img, boxes in images]
    for o, t in zip(out, texts):
        o['reading'] = t
    return out


def fixture(args):
    """Readings of shippable text (the bundled samples) for tests/: each
    paragraph read three times, in three variants, with the alignment."""
    items = []
    for path in args.texts:
        name = os.path.basename(path)
        for k, line in enumerate(pathlib.Path(path).read_text(encoding='utf-8-sig').splitlines()):
            line = line.strip()
            if len(line) >= 8 and not line.startswith('#'):
                for copy in range(3):
                    items.append({'issue': name, 'article': copy, 'title': '', 'paragraph': k, 'truth': line})
    rows = read_chunk((args.engine, items))
    with open(args.out, 'w', encoding='utf-8') as fh:
        for r in rows:
            subs, damaged = ocr_render.alignment(r['truth'], r['reading'])
            r['substitutions'] = {str(k): v for k, v in sorted(subs.items())}
            r['damaged'] = sorted(damaged)
            del r['title']
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + '\n')
    print(f'{len(rows)} readings by {args.engine} into {args.out}', file=sys.stderr)


def read(args):
    items = list(paragraphs(args.dev))
    chunks = [(args.engine, items[k:k + 40]) for k in range(0, len(items), 40)]
    with multiprocessing.Pool(args.jobs) as pool, open(args.out, 'w', encoding='utf-8') as fh:
        for rows in pool.imap(read_chunk, chunks):
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(f'{len(items)} paragraphs read by {args.engine} into {args.out}', file=sys.stderr)


def score(args):
    rows = [json.loads(line) for line in open(args.readings, encoding='utf-8')]
    if args.clean:
        # The text as typeset, read as if the engine had made no error:
        # every flag on it is a false one (the issue's clean-text check).
        for r in rows:
            r['reading'] = r['truth']
    by_page = collections.defaultdict(list)
    for r in rows:
        by_page[(r['engine'], r['issue'], r['article'])].append(r)
    c = collections.Counter()
    dump = open(args.dump, 'w', encoding='utf-8') if args.dump else None
    pairs = open(args.pairs, 'w', encoding='utf-8') if args.pairs else None
    with tempfile.TemporaryDirectory() as tmp:
        where = {}  # file name -> [(byte offset of the paragraph, row)]
        for (engine, issue, article), rs in sorted(by_page.items()):
            name = f'{engine}-{issue}-a{article:03d}.md'
            text = f"# {rs[0].get('title') or '标题'}\n\n"
            spans = []
            for r in rs:
                if not r['reading']:
                    continue
                spans.append((len(text.encode('utf-8')), r))
                text += r['reading'] + '\n\n'
            pathlib.Path(tmp, name).write_text(text, encoding='utf-8')
            where[name] = spans
        out = subprocess.run([args.bin, 'check', '--format', 'json', '--quiet', tmp], capture_output=True, text=True)
        if out.returncode not in (0, 2):
            sys.exit(out.stderr)
        flags = collections.defaultdict(list)
        for line in out.stdout.splitlines():
            f = json.loads(line)
            if f.get('type') == 'finding' and f['kind'] in CHAR_KINDS:
                flags[os.path.basename(f['path'])].append(f)
        for name, spans in where.items():
            found = flags.get(name, [])
            for start, r in spans:
                reading, truth = r['reading'], r['truth']
                subs, damaged = ocr_render.alignment(truth, reading)
                if pairs:
                    pairs.writelines(f'{reading[k]}\t{t}\n' for k, t in sorted(subs.items()))
                c['characters'] += len(reading)
                c['substitutions'] += len(subs)
                end = start + len(reading.encode('utf-8'))
                # byte offset within the paragraph -> character index
                index = {}
                b = 0
                for k, ch in enumerate(reading):
                    index[b] = k
                    b += len(ch.encode('utf-8'))
                hit = set()
                for f in found:
                    if not start <= f['byte_start'] < end:
                        continue
                    k = index.get(f['byte_start'] - start)
                    applied = f['confidence'] >= args.min_confidence
                    c['flags'] += 1
                    c['applied'] += applied
                    label = 'right' if k in subs and f.get('replacement') == subs[k] else 'sub' if k in subs else 'damage' if k in damaged else 'clean'
                    if dump:
                        dump.write(json.dumps({'label': label, 'issue': r['issue'], 'confidence': f['confidence'], 'message': f['message'],
                                               'context': reading[max(0, k - 6):k + 7], 'replacement': f.get('replacement')}, ensure_ascii=False) + '\n')
                    if k in subs:
                        c['flags_on_substitution'] += 1
                        hit.add(k)
                        right = f.get('replacement') == subs[k]
                        c['flags_right_suggestion'] += right
                        c['applied_right'] += applied and right
                    elif k in damaged:
                        c['flags_on_other_damage'] += 1
                    else:
                        c['flags_on_clean'] += 1
                        if args.verbose:
                            print(f"clean: {reading[max(0, k - 6):k]}[{reading[k]}→{f.get('replacement')}]{reading[k + 1:k + 7]}  {f['confidence']}", file=sys.stderr)
                c['substitutions_flagged'] += len(hit)
                if args.verbose > 1:
                    for k in sorted(set(subs) - hit):
                        print(f"missed: {reading[max(0, k - 6):k]}[{reading[k]}→{subs[k]}]{reading[k + 1:k + 7]}", file=sys.stderr)
    for f in (dump, pairs):
        if f:
            f.close()
    ratio = lambda a, b: a / b if b else 0.0  # noqa: E731
    engines = sorted({r['engine'] for r in rows})
    print(f"engine(s): {', '.join(engines)}; {len(rows)} paragraphs, {c['characters']} characters, "
          f"{c['substitutions']} Chinese characters read as others")
    print(f"flags {c['flags']}: on a substitution {c['flags_on_substitution']}, on other damage "
          f"{c['flags_on_other_damage']}, on clean text {c['flags_on_clean']}")
    print(f"substitution flags: precision {ratio(c['flags_on_substitution'] + c['flags_on_other_damage'], c['flags']):.3f}  "
          f"recall {ratio(c['substitutions_flagged'], c['substitutions']):.3f}  "
          f"first suggestion right {ratio(c['flags_right_suggestion'], c['flags_on_substitution']):.3f}")
    print(f"applied by default (confidence >= {args.min_confidence}): {c['applied']}, right {c['applied_right']} "
          f"({ratio(c['applied_right'], c['applied']):.3f}); false flags per 10k characters "
          f"{ratio(c['flags_on_clean'] * 10000, c['characters']):.2f}")
    if args.json:
        print(json.dumps(dict(c)))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('read')
    r.add_argument('dev')
    r.add_argument('out')
    r.add_argument('--engine', choices=['tesseract', 'paddle'], default='tesseract')
    r.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    f = sub.add_parser('fixture')
    f.add_argument('out')
    f.add_argument('texts', nargs='+')
    f.add_argument('--engine', choices=['tesseract', 'paddle'], default='tesseract')
    s = sub.add_parser('score')
    s.add_argument('readings')
    s.add_argument('--bin', default='target/release/jiaodui')
    s.add_argument('--min-confidence', type=float, default=0.9)
    s.add_argument('--verbose', '-v', action='count', default=0)
    s.add_argument('--json', action='store_true')
    s.add_argument('--pairs', help='write each substitution as a `printed<TAB>truth` line (for examples/confusion_coverage.rs)')
    s.add_argument('--clean', action='store_true', help='score the truth itself as the reading: clean text no statistic saw, where every flag is false')
    s.add_argument('--dump', help='write every character flag with its label (right, sub, damage, clean) as JSON lines')
    args = ap.parse_args()
    {'read': read, 'fixture': fixture, 'score': score}[args.cmd](args)


if __name__ == '__main__':
    main()
