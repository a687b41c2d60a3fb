"""The Python reference itself, on hand-computed cases (the same ones the Rust unit tests use)."""
import math

import numpy as np

import reference as ref


def test_window_starts():
    assert ref.window_starts(5, 10, 3) == [0]
    assert ref.window_starts(11, 10, 3) == [0, 1]
    assert ref.window_starts(24, 10, 3) == [0, 7, 14]
    assert ref.window_starts(25, 10, 3) == [0, 7, 14, 15]


def test_decode_spec():
    opt = ref.Options(top_k=2)
    feats = ref.features([50], [60, 61, 62], opt)
    offsets = [(0, 1), (2, 3), (4, 5)]  # "가 나 다" in code points
    start = np.array([[9.0, 0, 0, 0, 5, 1, 0]])
    end = np.array([[9.0, 0, 0, 1, 1, 6, 0]])
    out = ref.decode(start, end, feats, offsets, opt)
    assert (out[0][1], out[0][2]) == (2, 5)
    z = sum(math.exp(v) for v in [9, 0, 5, 1])
    assert abs(out[0][3] - math.exp(5) / z) < 1e-12
    assert (out[1][1], out[1][2]) == (4, 5)
