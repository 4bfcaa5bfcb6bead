"""The Python package against the command line: the same findings, articles
and repaired bytes for the same pages, errors as exceptions with the CLI's
messages, and analysis without the GIL."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import jiaodui

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SEED = next((SAMPLES / "seed").glob("*.txt"))
ISSUE = sorted((SAMPLES / "issue").glob("p*.md"))


def run_cli(cli: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli), *args], capture_output=True, check=False)


def test_seed_page_in_three_lines() -> None:
    result = jiaodui.repair_issue([SEED])
    assert result.pages[0].changed
    assert "伟大擘画" not in SEED.read_text(encoding="utf-8")
    # The seed's broken paragraphs are joined and its flags carry alternatives.
    kinds = {f.kind for f in result.findings}
    assert {"join", "ocr_confusion"} <= kinds
    flagged = [f for f in result.findings if f.original == "肇"]
    assert flagged and "擘" in [a.text for a in flagged[0].alternatives]


@pytest.mark.parametrize("pages", [[SEED], ISSUE], ids=["seed", "issue"])
def test_findings_articles_and_pages_equal_the_cli(cli: Path, tmp_path: Path, pages: list) -> None:
    result = jiaodui.repair_issue([str(p) for p in pages])
    check = run_cli(cli, "check", "--format", "json", *map(str, pages))
    assert check.returncode in (0, 2), check.stderr
    expected = [json.loads(line) for line in check.stdout.decode().splitlines()]
    got = [
        {**f.__dict__, "alternatives": [a.__dict__ for a in f.alternatives], "type": "finding"}
        for f in result.findings
    ]
    assert got == expected
    articles = run_cli(cli, "articles", *map(str, pages))
    expected_articles = [json.loads(l) for l in articles.stdout.decode().splitlines() if json.loads(l)["type"] == "article"]
    assert [
        {"type": "article", "title": a.title, "issue": a.issue, "pages": list(a.pages), "paragraphs": list(a.paragraphs)}
        for a in result.articles
    ] == expected_articles
    for page, path in zip(result.pages, pages):
        fixed = run_cli(cli, "fix", "--output", str(tmp_path / "out"), str(path))
        assert fixed.returncode == 0, fixed.stderr
        assert page.bytes == (tmp_path / "out" / path.name).read_bytes()


def test_bytes_in_other_encodings_come_back_in_them() -> None:
    text = "纷纷走到基层一线，通\r\n\r\n过对接工作，送上贴心贴心的服务。\r\n"
    result = jiaodui.repair_issue([("p01.md", text.encode("gb18030"))])
    page = result.pages[0]
    assert page.encoding == "gb18030"
    assert page.text == "纷纷走到基层一线，通过对接工作，送上贴心的服务。\r\n"
    assert page.bytes == page.text.encode("gb18030")
    assert [f.kind for f in result.findings] == ["join", "dup_word"]
    # Byte offsets are the file's own (two bytes a character in GB18030).
    dup = result.findings[1]
    assert text.encode("gb18030")[dup.byte_start : dup.byte_end].decode("gb18030") == dup.original


def test_dict_of_pages_makes_one_issue_with_jumps_linked() -> None:
    pages = {p.name: p.read_text(encoding="utf-8") for p in ISSUE}
    result = jiaodui.repair_issue(pages)
    assert [p.path for p in result.pages] == [p.name for p in ISSUE]
    assert any(f.kind == "jump" for f in result.findings)
    assert any(len(a.pages) == 2 for a in result.articles)


def test_errors_are_exceptions_with_the_cli_messages(cli: Path, tmp_path: Path) -> None:
    binary = tmp_path / "p01.md"
    binary.write_bytes(b"abc\x00def")
    with pytest.raises(jiaodui.InputError) as err:
        jiaodui.repair_issue([binary])
    cli_error = run_cli(cli, "check", str(binary)).stderr.decode()
    assert f"jiaodui: error: {err.value}" in cli_error
    with pytest.raises(jiaodui.InputError, match="not valid utf-8"):
        jiaodui.repair_issue([("p01.md", b"\xe4\xb8")], encoding="utf-8")
    with pytest.raises(jiaodui.SettingsError, match="not between 0 and 1"):
        jiaodui.Proofreader(min_confidence=2)
    with pytest.raises(jiaodui.SettingsError, match="no such word list"):
        jiaodui.Proofreader(lexicon=[tmp_path / "missing.tsv"])
    with pytest.raises(TypeError):
        jiaodui.repair_issue("p01.md")
    assert issubclass(jiaodui.InputError, jiaodui.JiaoduiError)


def test_settings_change_what_is_applied() -> None:
    text = SEED.read_text(encoding="utf-8")
    strict = jiaodui.Proofreader(min_confidence=1.0).repair_issue([("seed.txt", text)])
    assert not any(f.applied and f.kind in ("ocr_confusion", "dup_word") for f in strict.findings)
    structure_only = jiaodui.repair_issue([("seed.txt", text)], checks=["rejoin", "jumps"])
    assert not any(f.kind == "ocr_confusion" for f in structure_only.findings)


def test_traditional_script_is_never_converted() -> None:
    text = "這是一個關於經濟發展的報導，記者採訪了當地居民。\n"
    result = jiaodui.repair_issue([("p01.md", text)])
    assert result.pages[0].text == text


def test_analysis_runs_without_the_gil() -> None:
    # No clock is read: the test counts. With a switch interval far longer
    # than the analysis, the interpreter never takes the GIL from a thread
    # that holds it, so this thread can only step while the worker is inside
    # the analysis if the analysis has let the GIL go. The worker reads the
    # step count right before and right after the call, holding the GIL in
    # between unless the call releases it: the two readings are equal when
    # the GIL is held throughout, whatever the machine's speed.
    text = SEED.read_text(encoding="utf-8")
    pages = [(f"p{k:02}.md", text) for k in range(1, 17)]
    proofreader = jiaodui._native.Proofreader()
    steps = [0]
    readings: list[int] = []
    done = threading.Event()

    def work() -> None:
        before = steps[0]
        proofreader.repair_issue(pages)
        readings.extend((before, steps[0]))
        done.set()

    previous = sys.getswitchinterval()
    sys.setswitchinterval(60.0)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        # Each step waits a moment with the GIL released, so the worker can
        # take it whenever it needs it.
        while not done.wait(0.0002):
            steps[0] += 1
        worker.join()
    finally:
        sys.setswitchinterval(previous)
    before, after = readings
    assert after > before, "Python did not run while the issue was analysed: the analysis holds the GIL"


def test_ocr_documents_are_written_back_as_documents() -> None:
    alto = ROOT / "tests" / "fixtures" / "formats" / "p02.xml"
    original = alto.read_text(encoding="utf-8")
    result = jiaodui.repair_issue([alto], min_confidence=0.85)
    page = result.pages[0]
    written = page.bytes.decode("utf-8")
    # Still the ALTO document, one doubled word fewer, nothing else moved.
    assert written.startswith("<?xml") and "<alto" in written
    assert written.count("贴心") == original.count("贴心") - 1
    assert written.count("\n") == original.count("\n")
    assert any(f.kind == "dup_word" and f.applied for f in result.findings)
