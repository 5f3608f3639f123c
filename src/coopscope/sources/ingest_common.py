"""Writing checked trade batches to the store as one or several sources, all or nothing.

A file may hold several (basis, HS revision) groups — a Comtrade extract with reporter-side imports
and partner-side exports, coded in H4 for early years and H5 later. Each group becomes one source
in the manifest. All groups are staged under the one store lock and checked for clashes before the
first is published, so an error leaves the store as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import InputError, UnknownCodeError
from coopscope.options import check_bool
from coopscope.store import SourceRecord, Store, Transaction


@dataclass(frozen=True)
class Group:
    """Canonical, checked trade batches of one basis and HS revision, with notes for the manifest."""

    basis: str
    hs_revision: str
    batches: list[pa.Table]
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Committed:
    """One group's manifest record and whether it was already in the store (then nothing was written)."""

    record: SourceRecord
    already_ingested: bool


def group_sha256(file_sha256: str, group: Group, n_groups: int) -> str:
    """The source checksum of a group: the file's own when it is the only group, else derived from it."""
    if n_groups == 1:
        return file_sha256
    return hashlib.sha256(f"{file_sha256}:{group.basis}:{group.hs_revision}".encode()).hexdigest()


def commit_groups(
    store_dir: Path | str,
    groups: list[Group],
    *,
    file_sha256: str,
    location: str,
    kind: str,
    release: str = "",
    synthetic: bool = False,
    replace: bool = False,
    details: dict[str, Any] | None = None,
) -> list[Committed]:
    """Publish each group as a source (``details`` shared by all); skip groups already ingested."""
    replace = check_bool("replace", replace)
    store = Store.open(store_dir, create=True)
    out: list[Committed] = []
    with store.transaction() as first:
        todo = []
        for group in groups:
            sha = group_sha256(file_sha256, group, len(groups))
            found = first.find_source(sha)
            out += [Committed(found, True)] if found is not None else []
            todo += [(group, sha)] if found is None else []
        if not replace:
            for group, _ in todo:
                years = {int(y) for b in group.batches for y in b.column("year").unique().to_pylist()}
                store.check_no_overlap(sorted(years), group.hs_revision, group.basis)
        txs = [first] + [Transaction(store) for _ in todo[1:]] if todo else []
        try:
            for tx, (group, _) in zip(txs, todo, strict=True):
                for batch in group.batches:
                    tx.write_trade(batch)
            for tx, (group, sha) in zip(txs, todo, strict=True):
                record = tx.commit_source(
                    location=location,
                    sha256=sha,
                    kind=kind,
                    hs_revision=group.hs_revision,
                    release=release,
                    basis=group.basis,
                    synthetic=synthetic,
                    details={**(details or {}), **group.details, "file_sha256": file_sha256},
                    replace=replace,
                )
                out.append(Committed(record, False))
        finally:
            for tx in txs[1:]:
                tx.close()
    return out


@cache
def known_economies() -> frozenset[str]:
    """ISO3 codes of economies: the package's country table and BACI's labels (former economies too)."""
    from coopscope.classify.countries import country_table
    from coopscope.sources.baci import load_country_table

    return frozenset(country_table()["iso3"].to_pylist()) | frozenset(load_country_table(None).values())


def check_codes(table: pa.Table, lines: Any, source: str, revision: str) -> None:
    """Exporters and importers must be known economies, products codes of ``revision``.

    Products are checked where the revision's code list is complete (HS17, HS22); an
    UnknownCodeError names the first line and the codes.
    """
    for column in ("exporter", "importer"):
        known = pc.is_in(table[column], pa.array(sorted(known_economies())))
        _raise_unknown(table, known, lines, column, source, "country", "use ISO3 codes of economies (e.g. KOR)")
    if revision in ("HS17", "HS22") and all(len(p) == 6 for p in pc.unique(table["product"]).to_pylist()):
        from coopscope.classify.hs import valid_hs6_codes

        codes = valid_hs6_codes(revision)
        if codes is None:
            return
        known = pc.is_in(table["product"], pa.array(sorted(codes)))
        _raise_unknown(table, known, lines, "product", source, f"{revision} product", f"use {revision} six-digit codes")


def _raise_unknown(table: pa.Table, known: Any, lines: Any, column: str, source: str, kind: str, hint: str) -> None:
    if pc.all(known).as_py():
        return
    bad = pc.invert(known)
    first = lines[pc.index(bad, True).as_py()]
    codes = pc.unique(pc.filter(table[column], bad)).to_pylist()
    raise UnknownCodeError.codes(
        kind, [str(c) for c in codes], f"{source}, line {first}, column '{column}'", hint + "."
    )


def check_header(names: list[str], source: str, line: int = 1) -> None:
    """A header naming a column twice is refused (which of the two holds the data?)."""
    twice = [n for n in names if n and names.count(n) > 1]
    if twice:
        raise InputError.at(
            source, "the column appears twice in the header", "keep one of them.", line=line, column=twice[0]
        )
