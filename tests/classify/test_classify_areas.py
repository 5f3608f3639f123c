import pytest

from coopscope.classify import lenses
from coopscope.classify.areas import AREA_IDS, STAGES, load_areas
from coopscope.errors import InputError, UnknownCodeError

HEADER = "product,area,stage,reason\n"


@pytest.mark.parametrize("revision", ["HS22", "HS17"])
def test_shipped_file_is_valid_and_covers_every_area_and_stage(revision):
    table = load_areas(revision=revision)
    assert table.column_names == ["product", "area", "stage", "reason"]
    pairs = set(zip(table["area"].to_pylist(), table["stage"].to_pylist(), strict=True))
    assert {(a, s) for a in AREA_IDS for s in STAGES} <= pairs
    assert set(table["area"].to_pylist()) == set(AREA_IDS)
    assert all(len(r) > 10 for r in table["reason"].to_pylist())


@pytest.mark.parametrize(
    ("code", "area", "stage"),
    [
        ("848620", "ai-semiconductors", "equipment"),
        ("370790", "ai-semiconductors", "materials"),
        ("281111", "ai-semiconductors", "materials"),
        ("854232", "ai-semiconductors", "parts"),
        ("850760", "smart-mobility", "parts"),
        ("852610", "smart-mobility", "parts"),
        ("901813", "digital-health", "equipment"),
        ("847950", "robotics", "equipment"),
        ("848340", "robotics", "parts"),
        ("902830", "smart-city", "equipment"),
    ],
)
def test_supply_chain_anchors(code, area, stage):
    rows = load_areas().to_pylist()
    assert {"product": code, "area": area, "stage": stage} in [
        {k: r[k] for k in ("product", "area", "stage")} for r in rows
    ]


def _write(tmp_path, text, name="my-areas.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_replaces_the_shipped_one(tmp_path):
    path = _write(
        tmp_path, "# my own\n" + HEADER + "300490,pharma,materials,medicaments\n847950,robotics,equipment,robots\n"
    )
    table = load_areas(path)
    assert table["product"].to_pylist() == ["300490", "847950"]
    rows = {r["product"]: r for r in lenses("HS22", areas_file=path).to_pylist()}
    assert rows["300490"]["ai_areas"] == "pharma"
    assert rows["848620"]["ai_areas"] == ""


def test_unknown_code_names_file_and_line(tmp_path):
    path = _write(tmp_path, HEADER + "848620,robotics,equipment,ok\n\n123456,robotics,parts,nope\n")
    with pytest.raises(UnknownCodeError, match=r"my-areas\.csv: 1 HS22 product code.*123456 \(line 4\)"):
        load_areas(path)


def test_code_valid_in_one_revision_only(tmp_path):
    path = _write(tmp_path, HEADER + "852580,smart-city,equipment,cameras\n")
    assert load_areas(path, revision="HS17").num_rows == 1
    with pytest.raises(UnknownCodeError, match="852580"):
        load_areas(path, revision="HS22")
    marked = _write(
        tmp_path, "product,area,stage,reason,revisions\n852580,smart-city,equipment,cameras,HS17\n", "m.csv"
    )
    assert load_areas(marked, revision="HS22").num_rows == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("848620,robotics,equipment,a\n848620,robotics,parts,b\n", r"line 3: product 848620 is listed twice.*line 2"),
        ("848620,robotics,tools,a\n", r"line 2: stage 'tools' is not known"),
        ("48620,robotics,equipment,a\n", r"line 2: product '48620' is not a six-digit"),
        ("848620,Robotics Area,equipment,a\n", r"line 2: area id 'Robotics Area'"),
        ("848620,robotics,equipment,\n", r"line 2: product 848620 has no reason"),
        ("848620,robotics,equipment,masks, reticles\n", r"line 2: more fields than the header"),
    ],
    ids=["duplicate", "stage", "short-code", "area-id", "no-reason", "unquoted-comma"],
)
def test_bad_lines(tmp_path, body, message):
    with pytest.raises(InputError, match=message):
        load_areas(_write(tmp_path, HEADER + body))


def test_missing_column_and_missing_file(tmp_path):
    with pytest.raises(InputError, match=r"missing column.*reason"):
        load_areas(_write(tmp_path, "product,area,stage\n848620,robotics,equipment\n"))
    with pytest.raises(InputError, match="not found"):
        load_areas(tmp_path / "nope.csv")


def test_same_code_in_two_areas_is_allowed():
    rows = [r for r in load_areas().to_pylist() if r["product"] == "854231"]
    assert {r["area"] for r in rows} == {"ai-semiconductors", "smart-mobility"}
