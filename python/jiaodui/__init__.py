"""jiaodui (校对): repairs the text that OCR makes of scanned Chinese newspapers.

    >>> import jiaodui
    >>> result = jiaodui.repair_issue({"p01.md": "纷纷走到基层一线，通\\n\\n过对接工作。\\n"})
    >>> result.pages[0].text
    '纷纷走到基层一线，通过对接工作。\\n'

An issue is the pages printed together (jumps are linked between them): a
dict ``{name: text or bytes}``, or a list of ``(name, text or bytes)`` pairs
and paths of page files. A page's number comes from its name (``p01.md``,
``A03.txt``). Bytes may be UTF-8, GB18030 (GBK, GB2312) or Big5.

The result holds plain Python objects: the findings (each with a stable id,
its confidence, whether ``fix`` applies it, and for characters the ranked
alternatives), the stitched articles, and the repaired pages as text and as
bytes in their own encoding. Analysis runs without the GIL, so threads can
repair issues in parallel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from os import PathLike
from typing import Iterable, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._native import InputError, JiaoduiError, SettingsError

__all__ = [
    "Alternative",
    "Article",
    "Finding",
    "InputError",
    "JiaoduiError",
    "Page",
    "Proofreader",
    "Result",
    "SettingsError",
    "find_issues",
    "repair_issue",
]
__version__ = _native.__version__

PageContent = Union[str, bytes]
Pages = Union[Mapping[str, PageContent], Iterable[Union[Tuple[str, PageContent], str, "PathLike[str]"]]]


@dataclass(frozen=True)
class Alternative:
    """A candidate replacement, with its score."""

    text: str
    score: float


@dataclass(frozen=True)
class Finding:
    """A structural repair, a flag or a character correction, located in the page as read.

    ``kind`` is one of ``join``, ``reorder``, ``jump``, ``orphan``,
    ``truncated``, ``fragment``, ``interleaved``, ``dup_word``, ``dup_char``,
    ``ocr_confusion``, ``punctuation``. Byte offsets are into the original
    file, in its own encoding; ``line`` and ``column`` are 1-based (column in
    characters). ``applied`` says whether the repair applies it.
    """

    id: str
    path: str
    kind: str
    byte_start: int
    byte_end: int
    line: int
    column: int
    original: str
    replacement: Optional[str]
    alternatives: Tuple[Alternative, ...]
    confidence: float
    applied: bool
    message: str


@dataclass(frozen=True)
class Article:
    """A reconstructed article: its repaired paragraphs in reading order, across pages."""

    title: Optional[str]
    issue: str
    pages: Tuple[str, ...]
    paragraphs: Tuple[str, ...]
    #: For OCR documents: per paragraph, where its pieces are (``page``, line ``lines`` ids, ``bbox``).
    regions: Tuple[Tuple[dict, ...], ...] = ()


@dataclass(frozen=True)
class Page:
    """A repaired page: its text, and its bytes in its own encoding."""

    path: str
    text: str
    bytes: bytes = field(repr=False)
    encoding: str
    changed: bool


@dataclass(frozen=True)
class Result:
    """What jiaodui made of one issue."""

    findings: Tuple[Finding, ...]
    articles: Tuple[Article, ...]
    pages: Tuple[Page, ...]
    #: False when the repairs did not reach a fixed point; the pages are then left as printed.
    settled: bool = True


def _result(doc: str, page_bytes: Sequence[bytes]) -> Result:
    data = json.loads(doc)
    findings = tuple(
        Finding(
            id=f["id"],
            path=f["path"],
            kind=f["kind"],
            byte_start=f["byte_start"],
            byte_end=f["byte_end"],
            line=f["line"],
            column=f["column"],
            original=f["original"],
            replacement=f["replacement"],
            alternatives=tuple(Alternative(a["text"], a["score"]) for a in f["alternatives"]),
            confidence=f["confidence"],
            applied=f["applied"],
            message=f["message"],
        )
        for f in data["findings"]
    )
    articles = tuple(
        Article(
            title=a["title"],
            issue=a["issue"],
            pages=tuple(a["pages"]),
            paragraphs=tuple(a["paragraphs"]),
            regions=tuple(tuple(p) for p in a.get("regions", ())),
        )
        for a in data["articles"]
    )
    pages = tuple(
        Page(path=p["path"], text=p["text"], bytes=b, encoding=p["encoding"], changed=p["changed"])
        for p, b in zip(data["pages"], page_bytes)
    )
    return Result(findings=findings, articles=articles, pages=pages, settled=data["settled"])


class Proofreader:
    """Settings and a lexicon, made once and used for many issues.

    ``config`` names a ``jiaodui.toml`` to start from; the other arguments are
    laid over it as the command line's flags are: ``min_confidence`` (the
    repair applies character corrections at or above it; default 0.9),
    ``checks`` (any of ``"rejoin"``, ``"jumps"``, ``"typos"``), ``lexicon`` and
    ``allow`` (paths of word lists), ``output_encoding`` and ``keep`` (ids or
    texts of findings kept as printed).
    """

    def __init__(
        self,
        *,
        config: Optional[Union[str, "PathLike[str]"]] = None,
        min_confidence: Optional[float] = None,
        checks: Optional[Sequence[str]] = None,
        lexicon: Sequence[Union[str, "PathLike[str]"]] = (),
        allow: Sequence[Union[str, "PathLike[str]"]] = (),
        output_encoding: Optional[str] = None,
        keep: Sequence[str] = (),
    ) -> None:
        self._native = _native.Proofreader(
            config=config,
            min_confidence=min_confidence,
            checks=None if checks is None else list(checks),
            lexicon=list(lexicon),
            allow=list(allow),
            output_encoding=output_encoding,
            keep=list(keep),
        )

    def repair_issue(self, pages: Pages, *, encoding: Optional[str] = None, repair: bool = True) -> Result:
        """Analyse and repair one issue. ``encoding`` forces the encoding of pages given as bytes or paths.
        ``repair=False``: findings and articles only (``pages`` is empty), without the repair's further
        rounds of analysis."""
        if isinstance(pages, Mapping):
            pages = list(pages.items())
        return _result(*self._native.repair_issue(pages, encoding=encoding, repair=repair))


_default: Optional[Proofreader] = None


def repair_issue(pages: Pages, *, encoding: Optional[str] = None, repair: bool = True, **settings) -> Result:
    """Analyse and repair one issue with default settings, or with ``settings`` as :class:`Proofreader`
    takes them (see :meth:`Proofreader.repair_issue`)."""
    global _default
    if settings:
        return Proofreader(**settings).repair_issue(pages, encoding=encoding, repair=repair)
    if _default is None:
        _default = Proofreader()
    return _default.repair_issue(pages, encoding=encoding, repair=repair)


def find_issues(paths: Sequence[Union[str, "PathLike[str]"]]) -> list:
    """The issues under ``paths`` (files and directories), as the command line groups them:
    ``[(issue directory, [page paths in page order])]``."""
    return _native.find_issues([str(p) for p in paths])
