import csv
import io

from click.testing import CliRunner

from coopscope.classify import hs
from coopscope.cli import main


def _run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_search_finds_photoresist():
    result = _run("products", "search", "photoresist", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["product"] for r in rows] == ["370790"]
    assert rows[0]["matched_in"] == "ai-area reason"


def test_search_in_descriptions():
    result = _run("products", "search", "hydrogen fluoride", "--format", "csv")
    assert "281111" in {r["product"] for r in csv.DictReader(io.StringIO(result.output))}


def test_show_lists_every_lens_and_links():
    result = _run("products", "show", "370790", "--format", "csv")
    assert result.exit_code == 0
    fields = {r["field"]: r["value"] for r in csv.DictReader(io.StringIO(result.output))}
    assert fields["mpe_class"] == "materials"
    assert fields["section"].startswith("VI ")
    assert fields["chapter"].startswith("37 ")
    assert fields["ai_areas"] == "ai-semiconductors"
    assert fields["maps to HS17"] == "370790"
    assert fields["tech_class"] == "medium-high"
    assert "end_use=INT" in fields["bec5 (HS17 370790)"]


def test_show_unknown_code_exits_1():
    result = CliRunner().invoke(main, ["products", "show", "999"])
    assert result.exit_code == 1
    assert "not known: 999" in result.output


def test_stats_prints_counts_that_add_up():
    result = _run("products", "stats", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    for revision in ("HS17", "HS22"):
        for lens in ("mpe_class", "tech_class"):
            total = sum(int(r["codes"]) for r in rows if r["hs_revision"] == revision and r["lens"] == lens)
            assert total == len(hs.valid_hs6_codes(revision))


def test_areas_command_reports_a_bad_file(tmp_path):
    bad = tmp_path / "a.csv"
    bad.write_text("product,area,stage,reason\n999998,x,parts,y\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["products", "areas", "--areas", str(bad)])
    assert result.exit_code == 1
    assert "999998 (line 2)" in result.output
