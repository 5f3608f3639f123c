"""``coopscope fetch baci``: download a BACI release from CEPII into the cache, verify it, ingest it.

CEPII publishes each release as one zip per HS revision, ``BACI_<REV>_<RELEASE>.zip``, under
https://www.cepii.fr/DATA_DOWNLOAD/baci/data (the ``baci_base_url`` setting or ``--base-url``
points elsewhere, e.g. a mirror or a test server). The zip is kept in ``<cache_dir>/baci``.
Checks: the byte count announced by the server, the SHA-256 when one is given, and the CRC-32 of
every member of the zip (``zipfile.testzip``) before anything reaches the store.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from coopscope.errors import InputError, OptionError
from coopscope.options import HS_REVISIONS
from coopscope.sources.config import load_config
from coopscope.sources.download import Downloaded, download

# Releases this version knows, newest first, and the HS revisions CEPII publishes for each
# (BACI starts HS02 in 2002, HS07 in 2007, HS12 in 2012, HS17 in 2017, HS22 in 2022).
KNOWN_RELEASES: dict[str, tuple[str, ...]] = {
    "V202501": ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22"),
    "V202401b": ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22"),
    "V202301": ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17"),
    "V202201": ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17"),
}
DEFAULT_RELEASE = "V202401b"


@dataclass(frozen=True)
class FetchedBaci:
    """A fetched release: the download and, unless ``download_only``, the store ingest result."""

    download: Downloaded
    url: str
    ingested: object | None


def release_url(revision: str, release: str, base_url: str) -> str:
    """The address of one release zip, e.g. ``…/BACI_HS17_V202401b.zip``."""
    return f"{base_url.rstrip('/')}/{zip_name(revision, release)}"


def zip_name(revision: str, release: str) -> str:
    """BACI's file name for a release zip."""
    return f"BACI_{revision}_{release}.zip"


def check_release(revision: str, release: str, *, allow_unknown: bool = False) -> None:
    """Raise :class:`OptionError` for a revision or release this version does not know."""
    if revision not in HS_REVISIONS:
        raise OptionError(f"--revision: '{revision}' is not an HS revision.", f"use one of {', '.join(HS_REVISIONS)}.")
    if allow_unknown:
        return
    if release not in KNOWN_RELEASES:
        raise OptionError(
            f"--release: '{release}' is not a BACI release this version knows.",
            f"use one of {', '.join(KNOWN_RELEASES)} (`coopscope fetch baci --list`), "
            "or pass --any-release for a newer one.",
        )
    if revision not in KNOWN_RELEASES[release]:
        raise OptionError(
            f"--revision: BACI {release} has no {revision} file.",
            f"{release} offers {', '.join(KNOWN_RELEASES[release])}.",
        )


def known_releases() -> list[tuple[str, str]]:
    """(release, revision) pairs this version knows, newest release first."""
    return [(rel, rev) for rel, revs in KNOWN_RELEASES.items() for rev in revs]


def fetch_baci(
    revision: str,
    store_dir: Path | None,
    *,
    release: str = DEFAULT_RELEASE,
    base_url: str | None = None,
    sha256: str | None = None,
    replace: bool = False,
    allow_unknown: bool = False,
    attempts: int = 5,
    backoff_s: float = 1.0,
) -> FetchedBaci:
    """Download (or reuse from the cache) one BACI release zip, verify it and ingest it into ``store_dir``.

    With ``store_dir`` None the zip is only downloaded and verified. The ingest is
    :func:`coopscope.sources.baci.ingest_baci`; the store is left unchanged on any error.
    """
    check_release(revision, release, allow_unknown=allow_unknown)
    config = load_config()
    url = release_url(revision, release, base_url or config.get("baci_base_url"))
    target = config.cache_dir() / "baci" / zip_name(revision, release)
    got = download(url, target, sha256=sha256, attempts=attempts, backoff_s=backoff_s)
    verify_zip(got.path)
    if store_dir is None:
        return FetchedBaci(got, url, None)
    from coopscope.sources.baci import ingest_baci

    result = ingest_baci(got.path, store_dir, hs_revision=revision, replace=replace, location=url)
    return FetchedBaci(got, url, result)


def verify_zip(path: Path) -> None:
    """Check that ``path`` is a zip whose every member passes its CRC-32 check; a bad file is removed."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        path.unlink(missing_ok=True)
        raise InputError(
            f"{path}: not a readable zip ({exc}); it was removed from the cache.",
            "run the command again to download it afresh.",
        ) from exc
    if bad is not None:
        path.unlink(missing_ok=True)
        raise InputError(
            f"{path}: member '{bad}' fails its CRC-32 check; the zip was removed from the cache.",
            "run the command again to download it afresh.",
        )
