"""CSV/Excel firm lists with a column mapping: end to end, units, codes, and clear errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from coopscope.errors import InputError, OptionError, SchemaError
from coopscope.firms.screen import screen
from coopscope.sources.firm_tables import load_firm_table, read_store_firms, uscc_valid, write_store_firms

HEADER = (
    "企业名称,统一社会信用代码,所属行业代码,主导产品,省份,营业收入(万元),主营业务收入(万元),"
    "研发费用(万元),从业人员,资产负债率,发明专利,成立年份"
)
ROWS = [
    "深圳示例机器人有限公司,91440300708461136T,35,工业机器人、减速器,广东省,18000,17000,1500,420,45%,12,2012",
    '苏州示例传感科技股份有限公司,9144030071526726XG,3976,MEMS传感器,江苏省,"9,500",9000,700,160,0.38,4,2016',
]
MAPPING = {
    "name": "企业名称",
    "registration_no": "统一社会信用代码",
    "industry_code": "所属行业代码",
    "products_text": "主导产品",
    "region": "省份",
    "revenue": "营业收入(万元)",
    "main_business_revenue": "主营业务收入(万元)",
    "rd_expense": "研发费用(万元)",
    "employees": "从业人员",
    "debt_ratio": "资产负债率",
    "invention_patents": "发明专利",
    "founded_year": "成立年份",
}


def write_csv(tmp_path: Path, rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "little-giants.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding=encoding)
    return path


def load(path: Path, **kw: object) -> object:
    args = {"mapping": MAPPING, "country": "CHN", "currency": "CNY", "unit": "万元", "fiscal_year": 2024, **kw}
    return load_firm_table(path, **args)  # type: ignore[arg-type]


def test_chinese_list_loads_with_units_industry_and_usd(tmp_path: Path) -> None:
    data = load(write_csv(tmp_path, ROWS))
    firms = {r["registration_no"]: r for r in data.firms.to_pylist()}  # type: ignore[attr-defined]
    robot = firms["91440300708461136T"]
    assert robot["firm_id"] == "CHN:91440300708461136T" and robot["industry_code"] == "35"
    assert (robot["isic4"], robot["industry_system"], robot["chain_position"]) == ("282", "GB/T4754-2017", "equipment")
    assert firms["9144030071526726XG"]["industry_code"] == "39"  # 4-digit class 3976 → division 39
    fin = {r["firm_id"]: r for r in data.financials.to_pylist()}  # type: ignore[attr-defined]
    row = fin["CHN:91440300708461136T"]
    assert row["revenue"] == 18000 * 1e4 and row["currency"] == "CNY" and row["fiscal_year"] == 2024
    assert row["debt_ratio"] == pytest.approx(0.45)
    assert row["revenue_usd"] == pytest.approx(1.8e8 / row["fx_units_per_usd"])
    assert fin["CHN:9144030071526726XG"]["revenue"] == 9500 * 1e4  # "9,500" with a thousands comma
    assert fin["CHN:9144030071526726XG"]["debt_ratio"] == pytest.approx(0.38)


def test_loaded_list_is_screened(tmp_path: Path) -> None:
    rows = {r["firm_id"]: r for r in screen(load(write_csv(tmp_path, ROWS))).to_pylist()}  # type: ignore[arg-type]
    robot = rows["CHN:91440300708461136T"]
    assert robot["size_class"] == "medium"
    assert robot["specialised_result"] == "cannot decide"  # one year only: growth and 2-year R&D need more
    assert "main-business growth" in robot["specialised_reason"]


def test_excel_list(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(HEADER.split(","))
    sheet.append(
        ["示例精密有限公司", "91350100M000100Y43", "34", "数控机床", "福建省", 30000, 29000, 2000, 650, 0.52, 8, 2008]
    )
    path = tmp_path / "list.xlsx"
    book.save(path)
    data = load(path, sheet="名单")
    assert data.firms["industry_code"].to_pylist() == ["34"]  # type: ignore[attr-defined]
    assert data.financials["employees"].to_pylist() == [650.0]  # type: ignore[attr-defined]
    with pytest.raises(InputError, match=r"no sheet 'x'.*名单"):
        load(path, sheet="x")


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (
            "甲公司,91440300708461136T,35,机器人,广东省,18000万,17000,1500,420,45%,12,2012",
            ["line 2", "营业收入(万元)", "'18000万' is not a number", "Hint:"],
        ),
        (
            "甲公司,91440300708461136X,35,机器人,广东省,18000,17000,1500,420,45%,12,2012",
            ["line 2", "统一社会信用代码", "check character"],
        ),
        (
            "甲公司,91440300708461136T,35,机器人,广东省,18000,17000,1500,420,45%,12,2012,extra",
            ["line 2", "more fields than the header"],
        ),
        (",91440300708461136T,35,机器人,广东省,18000,17000,1500,420,45%,12,2012", ["line 2", "企业名称", "name"]),
    ],
    ids=["number", "uscc", "fields", "name"],
)
def test_malformed_rows_name_file_line_and_column(tmp_path: Path, row: str, words: list[str]) -> None:
    path = write_csv(tmp_path, [ROWS[1], row])
    with pytest.raises(InputError) as info:
        load(path)
    text = str(info.value).replace("line 3", "line 2")  # the bad row is the file's third line
    assert str(path) in text and all(w in text for w in words), text


def test_bad_row_line_number_is_exact(tmp_path: Path) -> None:
    bad = ROWS[0].replace("18000", "1.8e4万")
    with pytest.raises(InputError, match=r"line 3, column '营业收入\(万元\)'"):
        load(write_csv(tmp_path, [ROWS[1], bad]))


def test_missing_column_lists_what_the_file_has(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"企业名称.*not found.*the file has: 公司,"):
        load(write_csv(tmp_path, ["x,1"], header="公司,收入"))


def test_wrong_encoding_hints_at_gb18030(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gb18030"):
        load(write_csv(tmp_path, ROWS, encoding="gb18030"))
    assert load(write_csv(tmp_path, ROWS, encoding="gb18030"), encoding="gb18030").firms.num_rows == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"unit": "斤"}, "--unit"),
        ({"fiscal_year": None}, "--year"),
        ({"mapping": {"revenue": "营业收入(万元)"}}, "name"),
    ],
)
def test_option_errors(tmp_path: Path, kw: dict[str, object], words: str) -> None:
    with pytest.raises(OptionError, match=words):
        load(write_csv(tmp_path, ROWS), **kw)


def test_uscc_check_character() -> None:
    assert uscc_valid("91350100M000100Y43")  # the GB 32100-2015 worked example
    assert not uscc_valid("91350100M000100Y44")
    assert not uscc_valid("91350100M000100Y4")


def test_store_round_trip_and_merge(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = load(write_csv(tmp_path, ROWS[:1]))
    write_store_firms(store, first)  # type: ignore[arg-type]
    write_store_firms(store, load(write_csv(tmp_path, ROWS)), merge=True)  # type: ignore[arg-type]
    back = read_store_firms(store)
    assert sorted(back.firms["firm_id"].to_pylist()) == ["CHN:91440300708461136T", "CHN:9144030071526726XG"]
    assert back.financials.num_rows == 2
