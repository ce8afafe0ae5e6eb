"""The collector pause of the analysis leaves the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from models.gc_pause import gc_paused


@pytest.fixture(autouse=True)
def _collector_on():
    gc.enable()
    yield
    gc.enable()


def test_off_inside_and_on_again_after() -> None:
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_and_decorated_uses_restore_the_outer_state() -> None:
    @gc_paused()
    def inner() -> bool:
        return gc.isenabled()

    with gc_paused():
        assert inner() is False
        assert not gc.isenabled()  # the inner use does not turn it back on inside the outer one
    assert gc.isenabled()
    assert inner() is False  # a decorator pauses on every call, not only the first
    assert gc.isenabled()


def test_an_error_inside_still_turns_it_back_on() -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()
