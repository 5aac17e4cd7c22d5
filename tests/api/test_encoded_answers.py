"""The kept encodings of pathway answers: one computation per question, least recently used out."""

from __future__ import annotations

import asyncio

import pytest

from skillscape.api.runtime import EncodedAnswers


def test_concurrent_requests_for_one_question_share_one_computation() -> None:
    made: list[str] = []

    async def scenario() -> list[bytes]:
        answers = EncodedAnswers(4)
        gate = asyncio.Event()

        async def make() -> bytes:
            made.append("q")
            await gate.wait()
            return b"answer"

        waiting = [asyncio.create_task(answers.get("q", make)) for _ in range(5)]
        await asyncio.sleep(0)
        gate.set()
        found = await asyncio.gather(*waiting)
        found.append(await answers.get("q", make))
        return found

    assert asyncio.run(scenario()) == [b"answer"] * 6
    assert made == ["q"]


def test_the_least_recently_used_question_is_computed_again_and_zero_keeps_nothing() -> None:
    made: list[str] = []

    def maker(key: str):  # type: ignore[no-untyped-def]
        async def make() -> bytes:
            made.append(key)
            return key.encode()

        return make

    async def scenario(entries: int) -> None:
        answers = EncodedAnswers(entries)
        for key in ("a", "b", "a", "c", "b", "a"):
            assert await answers.get(key, maker(key)) == key.encode()

    asyncio.run(scenario(2))
    # a is used again, so c pushes b out; b pushes a out; a is computed again
    assert made == ["a", "b", "c", "b", "a"]
    made.clear()
    asyncio.run(scenario(0))
    assert made == ["a", "b", "a", "c", "b", "a"]


def test_a_failed_computation_is_not_kept() -> None:
    calls = 0

    async def scenario() -> bytes:
        answers = EncodedAnswers(4)

        async def failing() -> bytes:
            nonlocal calls
            calls += 1
            raise RuntimeError("worker gone")

        async def working() -> bytes:
            nonlocal calls
            calls += 1
            return b"ok"

        with pytest.raises(RuntimeError, match="worker gone"):
            await answers.get("q", failing)
        return await answers.get("q", working)

    assert asyncio.run(scenario()) == b"ok"
    assert calls == 2
