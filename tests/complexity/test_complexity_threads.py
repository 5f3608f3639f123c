"""The BLAS thread limit used by the small products of complexity (complexity_threads)."""

from __future__ import annotations

import numpy as np
import pytest

from coopscope.indicators.complexity_threads import _openblas, one_blas_thread
from coopscope.indicators.fitness import fitness_complexity


def test_the_limit_holds_inside_the_block_and_is_restored_after() -> None:
    control = _openblas()
    if control is None:
        pytest.skip("NumPy does not use OpenBLAS here: the limit is a no-op")
    get, set_ = control
    before = get()
    set_(2)
    try:
        with one_blas_thread():
            assert get() == 1
            with one_blas_thread():  # as a second thread's block would
                assert get() == 1
            assert get() == 1  # still limited: the first block has not ended
        assert get() == 2
        with pytest.raises(RuntimeError), one_blas_thread():
            raise RuntimeError("the setting comes back after an error too")
        assert get() == 2
    finally:
        set_(before)


def test_one_thread_gives_the_same_fitness_to_rounding() -> None:
    rng = np.random.default_rng(3)
    m = (rng.random((60, 400)) < 0.15).astype(np.float64)
    m[:, m.sum(axis=0) == 0] = 0.0
    free = fitness_complexity(m)
    with one_blas_thread():
        single = fitness_complexity(m)
    assert single.iterations == free.iterations
    np.testing.assert_allclose(single.fitness, free.fitness, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(single.complexity, free.complexity, rtol=1e-12, equal_nan=True)
