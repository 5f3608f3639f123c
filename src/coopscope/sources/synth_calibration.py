"""Calibration of the SYNTHETIC world on real aggregates packaged with coopscope.

Export mass of country c in HS6 product p and year t (USD)::

    mass[t, c, p] = world[t] · total[t, c] · chapter[t, c, ch(p)] · mix[c, p]

* ``chapter[2017]``: the real 2017 exports of each country by HS chapter
  (``sources/data/world-exports-hs2-2017.csv``, Open Trade Statistics / UN Comtrade);
* ``chapter[1999]`` and ``mix``: the real 1998–2000 SITC Rev.2 4-digit export matrix mapped to HS6
  (``data/world_exports_sitc2_4d_avg_1998_2000.csv`` through ``data/hs2022_sitc2.csv``). An SITC
  value is split evenly over the HS6 codes that map to it. The concordance's group codes
  (``7640``: the 3-digit group 764) reach every 4-digit code of the group; the HS codes created
  after 1992 that it maps wrongly are corrected in ``sources/data/synth-sitc2-overrides.csv`` (each
  with its reason: integrated circuits 854231–854239 are SITC 776.4, chip-making machines 8486 are
  SITC 728.4); HS17 codes absent from the concordance take the SITC codes of their HS4 heading (else
  their chapter). So every HS6 code of the revision carries trade. ``mix[c, ·]`` is country c's own
  within-chapter mix shrunk by ``SHRINK`` towards the world's (the world's alone where c exported
  nothing in the chapter);
* HS6 specialisation (:func:`hs6_specialisation`, drawn from the seed): heavy-tailed country ×
  HS6 factors inside each HS4 heading that leave every HS4 total unchanged, so that single HS6
  products have dominant exporters as in real data;
* growth paths: ``λ(t) = clip((t − 1999) / 18, 0, 1)``; chapter shares move linearly and each
  country's share of world exports geometrically from 1998–2000 to 2017; beyond 2017 the
  structure stays that of 2017 (no later data) and only the level grows;
* ``world[t]``: the 2017 aggregate's total, growing 6.3 % a year before 2017 (world merchandise
  exports roughly tripled 1999–2017, WTO) and 3 % after — stated assumptions, not data;
* Taiwan (BACI code 490, absent from UN data): ASSUMPTION — Korea's structure with HS 85
  weighted twice (electronics about half of Taiwan's exports), total 50 % of Korea's in 2017 and
  80 % in 1998–2000 (public orders of magnitude).

Importers' demand (:func:`demand`) follows their own industries. Products fall into demand groups:
the HS4 headings named as inputs in ``sources/data/synth-input-links.csv`` (chips 8542, chip-making
equipment 8486, car parts 8708 …) and the rest of each chapter. A country's demand for group ``g``
is 0.4 × the world's share of ``g`` + 0.6 × its own chapter output (export shares) times the input
links (a stated, coarse input–output assumption: electronics use chips and chip-making equipment,
garments use fabric, steel uses ore and coal; chapters without stated links use the world's mix),
spread within the group by the world's mix.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import scipy.sparse as sp

REFERENCE_YEAR, BASE_YEAR = 2017, 1999
SHRINK = 0.1
SPECIALISATION_SIGMA = 2.2
GROWTH_BEFORE, GROWTH_AFTER = 0.063, 0.03
# Taiwan (assumption, module docstring): Korea's structure, chapter 85 weighted twice, and its size
# relative to Korea's in 2017 and in 1998–2000.
TAIWAN_LIKE, TAIWAN_HS2, TAIWAN_HS2_FACTOR, TAIWAN_2017, TAIWAN_1999 = "KOR", "85", 2.0, 0.5, 0.8


@dataclass(frozen=True)
class Calibration:
    """Fixed structure of the world (arrays: n_c countries, n_p products, n_ch chapters).

    ``chapter_of``: (n_p,) chapter index of each product; ``mix``: (n_c, n_p), sums to 1 within
    each (country, chapter); ``share_1999``/``share_2017``: (n_c, n_ch) chapter shares of each
    country's exports, rows sum to 1; ``total_1999``/``total_2017``: (n_c,) shares of world
    exports; ``groups``/``group_of``: demand groups (chapters and linked HS4 headings) and (n_p,)
    each product's group; ``links``: (n_ch, n_g) stated input shares, rows sum to 1 or are 0 (no
    stated links); ``world_2017``: USD.
    """

    chapters: list[str]
    chapter_of: np.ndarray
    groups: list[str]
    group_of: np.ndarray
    mix: np.ndarray
    share_1999: np.ndarray
    share_2017: np.ndarray
    total_1999: np.ndarray
    total_2017: np.ndarray
    links: np.ndarray
    world_2017: float


def _text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text("utf-8")


def _rows(package: str, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(package, name))))


@cache
def _sitc_matrix() -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], tuple[str, ...]]:
    """The 1998–2000 matrix as parallel arrays (ISO3, SITC code, value) and its sorted SITC codes."""
    path = resources.files("coopscope.sources").joinpath("data", "world_exports_sitc2_4d_avg_1998_2000.csv")
    table = pacsv.read_csv(
        io.BytesIO(path.read_bytes()),
        convert_options=pacsv.ConvertOptions(column_types={"country": pa.string(), "product": pa.string()}),
    )
    country = np.char.upper(table["country"].to_numpy(zero_copy_only=False).astype(str))
    product = table["product"].to_numpy(zero_copy_only=False).astype(str)
    value = table["value"].to_numpy(zero_copy_only=False).astype(float)
    return (country, product, value), tuple(sorted(set(product.tolist())))


def sitc_codes_of(products: list[str], known: tuple[str, ...]) -> list[list[str]]:
    """SITC Rev.2 4-digit codes of the matrix reached by each HS6 code (see module docstring)."""
    rows = _rows("coopscope.sources", "data/hs2022_sitc2.csv")
    fixed = {r["hs6"]: r["sitc2_4d"] for r in _rows("coopscope.sources", "data/synth-sitc2-overrides.csv")}
    groups: dict[str, list[str]] = {}
    for s in known:
        groups.setdefault(s[:3] + "0", []).append(s)
    have = set(known)

    def expand(code: str) -> list[str]:
        return [code] if code in have else groups.get(code, [])

    by_hs6 = {r["HS6_6d"]: expand(fixed.get(r["HS6_6d"], r["SITC2_4d"])) for r in rows}
    by_hs4: dict[str, set[str]] = {}
    by_hs2: dict[str, set[str]] = {}
    for code, found in by_hs6.items():
        by_hs4.setdefault(code[:4], set()).update(found)
        by_hs2.setdefault(code[:2], set()).update(found)
    return [
        by_hs6.get(p) or sorted(by_hs4.get(p[:4], ())) or sorted(by_hs2.get(p[:2], ())) or ["9310"] for p in products
    ]


def _hs_values_1999(iso3: list[str], products: list[str]) -> np.ndarray:
    """(n_c, n_p) 1998–2000 exports spread from SITC codes over the HS6 codes mapped to them."""
    matrix, known = _sitc_matrix()
    col = {s: k for k, s in enumerate(known)}
    pairs = [(col[s], p) for p, codes in enumerate(sitc_codes_of(products, known)) for s in codes if s in col]
    s_idx, p_idx = np.array(pairs).T
    per_sitc = np.bincount(s_idx, minlength=len(known)).astype(float)
    spread = sp.csr_matrix((1.0 / per_sitc[s_idx], (s_idx, p_idx)), shape=(len(known), len(products)))
    country, product, value = matrix
    row = {c: k for k, c in enumerate(iso3)}
    rows = np.array([row.get(c, -1) for c in country])
    cols = np.searchsorted(np.array(known), product)
    real = np.zeros((len(iso3), len(known)))
    np.add.at(real, (rows[rows >= 0], cols[rows >= 0]), value[rows >= 0])
    return np.asarray((sp.csr_matrix(real) @ spread).todense())


def _chapter_sum(values: np.ndarray, chapter_of: np.ndarray, n_ch: int) -> np.ndarray:
    """(n_c, n_p) → (n_c, n_ch) sums over the products of each chapter.

    Each sum adds its products left to right (``bincount`` keeps the input order), the order in
    which a sparse product with a one-hot matrix added them before: the same numbers, 50× faster.
    """
    n_c = values.shape[0]
    bins = (np.arange(n_c)[:, None] * n_ch + chapter_of[None, :]).reshape(-1)
    return np.bincount(bins, weights=values.reshape(-1), minlength=n_c * n_ch).reshape(n_c, n_ch)


def _exports_2017(iso3: list[str], chapters: list[str]) -> np.ndarray:
    row, col = {c: k for k, c in enumerate(iso3)}, {h: k for k, h in enumerate(chapters)}
    out = np.zeros((len(iso3), len(chapters)))
    for r in _rows("coopscope.sources", "data/world-exports-hs2-2017.csv"):
        c, h = row.get(r["country"]), col.get(r["hs2"])
        if c is not None and h is not None:
            out[c, h] += float(r["export_value_usd"])
    return out


@cache
def _link_rows() -> tuple[tuple[str, str, float], ...]:
    return tuple(
        (r["using_hs2"], r["input_hs"], float(r["weight"]))
        for r in _rows("coopscope.sources", "data/synth-input-links.csv")
    )


def _groups(products: list[str]) -> tuple[list[str], np.ndarray]:
    """Demand groups: HS4 headings named as inputs, and each chapter's other products."""
    headings = {code for _, code, _ in _link_rows() if len(code) == 4}
    keys = [p[:4] if p[:4] in headings else p[:2] for p in products]
    groups = sorted(set(keys))
    return groups, np.searchsorted(groups, keys)


def _links(chapters: list[str], groups: list[str]) -> np.ndarray:
    """(n_ch, n_g) stated input shares of each using chapter (rows of 0 where none is stated)."""
    row, col = {h: k for k, h in enumerate(chapters)}, {g: k for k, g in enumerate(groups)}
    stated = np.zeros((len(chapters), len(groups)))
    for using, used, weight in _link_rows():
        if using in row and used in col:
            stated[row[using], col[used]] += weight
    return _rows_to_shares(stated)


def _add_taiwan(values: np.ndarray, iso3: list[str], chapters: list[str], total: float) -> None:
    """Fill Taiwan's row in place from Korea's (the module docstring's assumption)."""
    if "TWN" not in iso3 or TAIWAN_LIKE not in iso3:
        return
    like = values[iso3.index(TAIWAN_LIKE)].copy()
    if TAIWAN_HS2 in chapters:
        like[chapters.index(TAIWAN_HS2)] *= TAIWAN_HS2_FACTOR
    values[iso3.index("TWN")] = like / max(like.sum(), 1e-300) * total


def calibrate(iso3: list[str], products: list[str]) -> Calibration:
    """The world's structure for these countries and HS6 codes (module docstring)."""
    chapters = sorted({p[:2] for p in products})
    chapter_of = np.searchsorted(chapters, [p[:2] for p in products])
    hs99 = _hs_values_1999(iso3, products)
    if "TWN" in iso3 and "KOR" in iso3:
        hs99[iso3.index("TWN")] = hs99[iso3.index("KOR")] * TAIWAN_1999
    ch99 = _chapter_sum(hs99, chapter_of, len(chapters))
    ex17 = _exports_2017(iso3, chapters)
    _add_taiwan(ex17, iso3, chapters, ex17[iso3.index("KOR")].sum() * TAIWAN_2017)
    _fill_missing(ch99, ex17)
    mix = _within_chapter_mix(hs99, ch99, chapter_of)
    groups, group_of = _groups(products)
    return Calibration(
        chapters,
        chapter_of,
        groups,
        group_of,
        mix,
        _rows_to_shares(ch99),
        _rows_to_shares(ex17),
        ch99.sum(axis=1) / ch99.sum(),
        ex17.sum(axis=1) / ex17.sum(),
        _links(chapters, groups),
        float(ex17.sum()),
    )


def _fill_missing(ch99: np.ndarray, ex17: np.ndarray) -> None:
    """Economies missing from one source take the other's structure (in place); from both: a small average."""
    w99, w17 = ch99.sum(), ex17.sum()
    no99, no17 = ch99.sum(axis=1) == 0, ex17.sum(axis=1) == 0
    ch99[no99 & ~no17] = ex17[no99 & ~no17] * (w99 / w17)
    ex17[no17 & ~no99] = ch99[no17 & ~no99] * (w17 / w99)
    neither = no99 & no17
    ch99[neither] = ch99.mean(axis=0) * 1e-3
    ex17[neither] = ex17.mean(axis=0) * 1e-3


def _rows_to_shares(values: np.ndarray) -> np.ndarray:
    total = values.sum(axis=1, keepdims=True)
    return np.divide(values, total, out=np.zeros_like(values), where=total > 0)


def _within_chapter_mix(hs99: np.ndarray, ch99: np.ndarray, chapter_of: np.ndarray) -> np.ndarray:
    """(n_c, n_p): own within-chapter mix shrunk towards the world's; the world's where none."""
    world = hs99.sum(axis=0)
    world_ch = np.bincount(chapter_of, weights=world, minlength=ch99.shape[1])
    count = np.bincount(chapter_of, minlength=ch99.shape[1])
    world_mix = np.where(world_ch[chapter_of] > 0, world / np.maximum(world_ch[chapter_of], 1e-300), 0.0)
    world_mix = np.where(world_ch[chapter_of] > 0, world_mix, 1.0 / count[chapter_of])
    own_total = _chapter_sum(hs99, chapter_of, ch99.shape[1])[:, chapter_of]
    own = np.divide(hs99, own_total, out=np.zeros_like(hs99), where=own_total > 0)
    return np.where(own_total > 0, (1 - SHRINK) * own + SHRINK * world_mix[None, :], world_mix[None, :])


def hs6_specialisation(cal: Calibration, products: list[str], rng: np.random.Generator) -> np.ndarray:
    """(n_c, n_p) heavy-tailed HS6 specialisation inside each HS4 heading, zero-sum at HS4 level.

    Log-normal factors (σ = ``SPECIALISATION_SIGMA``) rescaled so that each country's exports of each
    HS4 heading stay those of the calibration: real HS6 trade is far more concentrated than an even
    split of SITC codes, but the aggregates the world is calibrated on are untouched.
    """
    keys, heading = np.unique([p[:4] for p in products], return_inverse=True)
    z = rng.lognormal(0.0, SPECIALISATION_SIGMA, size=cal.mix.shape)
    before = _chapter_sum(cal.mix, heading, keys.size)  # sums over each heading's products
    after = _chapter_sum(cal.mix * z, heading, keys.size)
    return z * np.divide(before, after, out=np.ones_like(before), where=after > 0)[:, heading]


def progress_of(year: int) -> float:
    """λ(t): 0 up to 1999, 1 from 2017, linear between."""
    return float(np.clip((year - BASE_YEAR) / (REFERENCE_YEAR - BASE_YEAR), 0.0, 1.0))


def world_total(cal: Calibration, year: int) -> float:
    """World exports in USD in ``year`` (module docstring: stated growth assumptions)."""
    rate = GROWTH_BEFORE if year < REFERENCE_YEAR else GROWTH_AFTER
    return cal.world_2017 * float(np.exp(rate * (year - REFERENCE_YEAR)))


def chapter_exports(cal: Calibration, year: int) -> np.ndarray:
    """(n_c, n_ch) exports in USD by country and chapter in ``year``, on the growth path."""
    lam = progress_of(year)
    tiny = 1e-12
    log_total = (1 - lam) * np.log(cal.total_1999 + tiny) + lam * np.log(cal.total_2017 + tiny)
    total = np.exp(log_total) / np.exp(log_total).sum()
    share = (1 - lam) * cal.share_1999 + lam * cal.share_2017
    return world_total(cal, year) * total[:, None] * share


def mass(cal: Calibration, year: int) -> np.ndarray:
    """(n_c, n_p) calibrated export mass in USD for ``year``."""
    return chapter_exports(cal, year)[:, cal.chapter_of] * cal.mix


def demand(cal: Calibration, exports: np.ndarray) -> np.ndarray:
    """(n_c, n_g) import demand in USD by country and demand group: its industries' inputs.

    ``exports``: (n_c, n_p) the year's mass. A country imports about as much as it exports; its
    demand for product p is ``demand[:, group(p)] × world_mix(exports)[p]`` (module docstring).
    """
    n_g = len(cal.groups)
    by_chapter = _chapter_sum(exports, cal.chapter_of, len(cal.chapters))
    world_g = np.bincount(cal.group_of, weights=exports.sum(axis=0), minlength=n_g)
    world_g = world_g / world_g.sum()
    links = np.where(cal.links.sum(axis=1, keepdims=True) > 0, cal.links, world_g[None, :])
    wants = 0.4 * world_g[None, :] + 0.6 * _rows_to_shares(by_chapter) @ links
    return by_chapter.sum(axis=1)[:, None] * wants


def world_mix(cal: Calibration, exports: np.ndarray) -> np.ndarray:
    """(n_p,) each product's share of world exports within its demand group."""
    world_p = exports.sum(axis=0)
    by_group = np.bincount(cal.group_of, weights=world_p, minlength=len(cal.groups))
    return world_p / np.maximum(by_group[cal.group_of], 1e-300)


def product_demand(cal: Calibration, exports: np.ndarray) -> np.ndarray:
    """(n_c, n_p) import demand in USD by country and HS6 product."""
    return demand(cal, exports)[:, cal.group_of] * world_mix(cal, exports)[None, :]
