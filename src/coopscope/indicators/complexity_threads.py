"""How many threads the BLAS library behind NumPy may use while complexity is computed: one.

Complexity runs with one BLAS thread (:func:`coopscope.indicators.complexity_year.year_arrays`):

* the same digits whatever the number of cores: a BLAS splits a product over its threads, and
  the rounding of the sums changes with their number (density and COG moved by about 1e-16
  between one and two threads), so a rebuild on a busier or larger machine changed digits
  (the kernels OpenBLAS picks for a processor can still differ between processor kinds);
* far less CPU for the small products: fitness makes about a thousand C × P matrix–vector
  products, and split over threads they cost more than they save, most of all on a busy machine,
  where a thread that waits for its partner spins (one demo year of fitness took 8 CPU seconds
  with two OpenBLAS threads, 0.8 with one);
* the large P × P products lose little (they run near the core's peak), and ``coopscope build``
  computes complexity beside the engine's dependence query, which uses the other cores.

``threadpoolctl`` is used when it is installed; otherwise OpenBLAS (as bundled with NumPy
wheels, or found among the process's loaded libraries) is called directly. With any other
BLAS, or none found, the limit is a no-op.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

_PREFIXES = ("scipy_openblas", "openblas")
_SUFFIXES = ("64_", "_64_", "")


class _Holders:
    """How many blocks (in any thread) run under the limit, and how to undo it when none does."""

    lock = threading.Lock()
    count = 0
    restore: Callable[[], None] | None = None


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with one BLAS thread; the setting comes back when the last such block ends.

    Blocks may overlap across threads (``coopscope build`` computes two years at once): the
    limit is set by the first and lifted by the last, never in the middle of another's work.
    """
    with _Holders.lock:
        if _Holders.count == 0:
            _Holders.restore = _limit_to_one()
        _Holders.count += 1
    try:
        yield
    finally:
        with _Holders.lock:
            _Holders.count -= 1
            if _Holders.count == 0 and _Holders.restore is not None:
                _Holders.restore()
                _Holders.restore = None


def _limit_to_one() -> Callable[[], None] | None:
    """Set one BLAS thread; returns what restores the previous setting (None: nothing to limit)."""
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        threadpool_limits = None
    if threadpool_limits is not None:
        limiter = threadpool_limits(limits=1, user_api="blas")
        return limiter.restore_original_limits  # type: ignore[no-any-return, unused-ignore]
    control = _openblas()
    if control is None:
        return None
    get, set_ = control
    before = get()
    set_(1)
    return lambda: set_(before)


@cache
def _openblas() -> tuple[Callable[[], int], Callable[[int], None]] | None:
    """The get/set thread-count functions of the OpenBLAS that NumPy loaded, if any."""
    for path in _candidates():
        try:
            lib = ctypes.CDLL(str(path))
        except OSError:
            continue
        for prefix in _PREFIXES:
            for suffix in _SUFFIXES:
                get = getattr(lib, f"{prefix}_get_num_threads{suffix}", None)
                set_ = getattr(lib, f"{prefix}_set_num_threads{suffix}", None)
                if get is not None and set_ is not None:
                    get.restype, set_.argtypes = ctypes.c_int, [ctypes.c_int]
                    return _bound(get, set_)
    return None


def _bound(get: Callable[[], int], set_: Callable[[int], object]) -> tuple[Callable[[], int], Callable[[int], None]]:
    def read() -> int:
        return int(get())

    def write(count: int) -> None:
        set_(int(count))

    return read, write


def _candidates() -> list[Path]:
    """OpenBLAS libraries: those bundled beside NumPy's wheel, then those the process has loaded."""
    import numpy

    root = Path(numpy.__file__).resolve().parent
    found = [p for folder in (root.parent / "numpy.libs", root / ".dylibs") for p in sorted(folder.glob("*openblas*"))]
    maps = Path("/proc/self/maps")
    if sys.platform.startswith("linux") and maps.exists():
        for line in maps.read_text(encoding="utf-8", errors="replace").splitlines():
            path = Path(line.split()[-1]) if "openblas" in line else None
            if path is not None and path.is_file() and path not in found:
                found.append(path)
    return found
