"""Repair a newspaper archive on Dask: one task per issue.

Stitching an article needs every page of its issue, so the unit of work is
the issue: a Dask bag of issues, each analysed by ``jiaodui.repair_issue``
on a worker (the analysis releases the GIL), its articles and findings
written as JSON Lines, one record per line, in the format of
``jiaodui articles`` (``"type": "article"`` records, then ``"type":
"finding"`` records, issue by issue in input order).

Two inputs:

* a directory tree: every directory holding page files (``*.md``,
  ``*.txt``) is one issue, its pages in name order, as the command line
  groups them (``python jiaodui_dask.py tree ROOT OUT``);
* impresso-style JSON Lines, optionally bz2-compressed (``*.jsonl.bz2``):
  one page per line, ``{"id": "GDL-1900-01-10-a-p0001", "ft": "page
  text"}``, with optional ``"issue"`` (default: the id up to its last
  ``-p``) and ``"name"`` (the page's file name for jiaodui, which also gives
  its number; default ``ISSUE/ID.txt``); the pages of an issue may be spread
  over lines and files in any order
  (``python jiaodui_dask.py jsonl 'pages/*.jsonl.bz2' OUT``).

``--workers N`` starts a local ``dask.distributed`` cluster of N worker
processes; ``--scheduler ADDRESS`` uses a running one.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

import dask.bag as db

#: An issue: its id and its pages, each a path or a (name, text) pair.
IssueInput = Tuple[str, List]


def issues_from_tree(root: str) -> List[IssueInput]:
    """The issues under ``root``, found and grouped as the command line finds
    them (``jiaodui.find_issues``: a directory's pages, or the pages of one
    date in it; ``jiaodui.toml`` include and exclude globs apply). Only the
    paths are listed here: the workers read the pages."""
    import jiaodui

    return [(issue, list(pages)) for issue, pages in jiaodui.find_issues([root])]


def _page_record(line: str) -> Tuple[str, Tuple[str, str]]:
    page = json.loads(line)
    issue = page.get("issue") or page["id"].rsplit("-p", 1)[0]
    name = page.get("name") or f"{issue}/{page['id']}.txt"
    return issue, (name, page["ft"])


def issues_from_jsonl(paths: str | Sequence[str]) -> db.Bag:
    """A bag of issues from impresso-style JSON Lines of pages (``.bz2``
    read as such): pages grouped by issue, in name order."""
    pages = db.read_text(paths, compression="infer").filter(str.strip).map(_page_record)
    return pages.foldby(
        lambda kv: kv[0],
        lambda acc, kv: acc + [kv[1]],
        [],
        lambda a, b: a + b,
        [],
    ).map(lambda kv: (kv[0], sorted(kv[1])))


def repair(issue: IssueInput, settings: Optional[dict] = None) -> List[str]:
    """One issue's articles and findings as JSON Lines (without newlines)."""
    import jiaodui

    _, pages = issue
    try:
        # Articles and findings only: the repaired pages are not written.
        result = jiaodui.repair_issue(pages, repair=False, **(settings or {}))
    except jiaodui.JiaoduiError as e:
        # A page that cannot be read: the issue is reported and the run goes on.
        return [json.dumps({"type": "error", "issue": issue[0], "message": str(e)}, ensure_ascii=False)]
    records = [
        {
            "type": "article",
            "title": a.title,
            "issue": a.issue,
            "pages": list(a.pages),
            "paragraphs": list(a.paragraphs),
            # OCR documents: where each paragraph is on its pages.
            **({"regions": [list(p) for p in a.regions]} if a.regions else {}),
        }
        for a in result.articles
    ]
    records += [
        {"type": "finding", **{k: v for k, v in f.__dict__.items() if k != "alternatives"}, "alternatives": [a.__dict__ for a in f.alternatives]}
        for f in result.findings
    ]
    return [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]


def run(issues: db.Bag, out: str, settings: Optional[dict] = None) -> List[str]:
    """Repair every issue of the bag and write ``out/part-NNNNN.jsonl``
    (in input order when the files are read in name order)."""
    Path(out).mkdir(parents=True, exist_ok=True)
    lines = issues.map(repair, settings=settings).flatten()
    return lines.to_textfiles(os.path.join(out, "part-*.jsonl"), name_function=lambda k: f"{k:05}", encoding="utf-8")


def main(argv: Optional[Iterable[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", choices=["tree", "jsonl"], help="a directory tree of issues, or JSON Lines of pages")
    parser.add_argument("path", help="the tree's root, or a glob of JSON Lines files")
    parser.add_argument("out", help="directory for part-NNNNN.jsonl")
    parser.add_argument("--workers", type=int, default=2, help="local worker processes (default 2)")
    parser.add_argument("--scheduler", help="address of a running scheduler instead")
    parser.add_argument("--min-confidence", type=float)
    args = parser.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        client = Client(LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None))
    settings = {"min_confidence": args.min_confidence} if args.min_confidence is not None else None
    started = time.perf_counter()
    if args.input == "tree":
        issues = issues_from_tree(args.path)
        bag = db.from_sequence(issues, partition_size=1)
    else:
        bag = issues_from_jsonl(args.path)
    written = run(bag, args.out, settings)
    print(f"{len(written)} issues, {time.perf_counter() - started:.1f} s, {len(client.scheduler_info()['workers'])} workers")
    client.close()


if __name__ == "__main__":
    main()
