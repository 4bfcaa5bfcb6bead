"""`jiaodui fix` on an ALTO v4 page writes a file the ALTO 4.4 schema accepts,
and a byte diff of it shows only repaired words and the reading order.

The schema is vendored in `schemas/alto/` (CC BY-SA 4.0, see its README);
its import of loc.gov's xlink.xsd is served from the local `xlink.xsd`, so
nothing is fetched. Needs lxml (`.ci/run` installs it).
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

etree = pytest.importorskip("lxml.etree", reason="lxml validates ALTO against its XSD")

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas" / "alto"
FIXTURE = ROOT / "tests" / "fixtures" / "formats" / "p01.v4.xml"


def alto_schema():
    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url.endswith("/xlink.xsd"):
                return self.resolve_filename(str(SCHEMAS / "xlink.xsd"), context)
            if not url.startswith(str(SCHEMAS)):
                raise AssertionError(f"the schema asks for {url}, which is not vendored")
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "alto-4-4.xsd"), parser))


def test_fixed_alto_validates_and_only_words_and_reading_order_change(cli, tmp_path):
    schema = alto_schema()
    assert schema.validate(etree.parse(str(FIXTURE))), schema.error_log
    page = tmp_path / "p01.xml"
    shutil.copy(FIXTURE, page)
    before = page.read_text(encoding="utf-8")
    done = subprocess.run([str(cli), "fix", str(page)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    after = page.read_text(encoding="utf-8")
    assert after != before
    # The repaired file is valid ALTO 4.4.
    assert schema.validate(etree.parse(str(page))), schema.error_log
    # Byte diff: removed lines are word elements whose CONTENT changed;
    # added lines are those words again, or the ReadingOrder element.
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    word = re.compile(r'CONTENT="[^"]*"')
    assert all("<String " in line for line in removed), removed
    assert {word.sub("", line) for line in removed} == {word.sub("", line) for line in added if "<String " in line}
    order = [line for line in added if "<String " not in line]
    assert order, "the reading order is written"
    element = re.compile(r"^\s*</?(ReadingOrder|OrderedGroup|ElementRef)\b")
    assert all(element.match(line) for line in order), order
    # Every reference is to an element of the page.
    ids = set(re.findall(r' ID="([^"]+)"', before))
    refs = re.findall(r'<ElementRef ID="[^"]+" REF="([^"]+)"/>', after)
    assert refs and all(ref in ids for ref in refs)
    # The fixed point: a second run changes nothing.
    subprocess.run([str(cli), "fix", str(page)], check=True, capture_output=True)
    assert page.read_text(encoding="utf-8") == after
