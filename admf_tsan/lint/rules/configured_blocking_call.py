"""ADMF113: a call listed in ``blocking-calls`` of ``[tool.admf-tsan]`` inside a coroutine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from admf_tsan.lint.blocking import BlockingCallRule, BlockingEntry
from admf_tsan.lint.rule import Invalid

if TYPE_CHECKING:
    from admf_tsan.lint.ftypes import LintConfig


class ConfiguredBlockingCall(BlockingCallRule):
    """ADMF113: a call your configuration declares blocking is made inside a coroutine.

    List your project's or your dependencies' blocking calls in `pyproject.toml`, as dotted names
    the way they are imported (`pkg.*` matches everything under `pkg`):

    ```toml
    [tool.admf-tsan]
    blocking-calls = ["boto3.client", "mylib.db.Session.query", "legacy_sdk.*"]
    ```

    They are then treated like the built-in catalogue, directly (this rule) and through helper
    functions (ADMF120).

    Fix: run the call in a thread with `await asyncio.to_thread(...)`, or use an async API.
    """

    code = "ADMF113"
    name = "configured-blocking-call"
    ADVICE: ClassVar[str] = (
        "it is listed in `blocking-calls`; run it with `await asyncio.to_thread(...)`"
    )
    VALID: ClassVar[list[str]] = [
        "import asyncio, mylib\n\nasync def f():\n    await asyncio.to_thread(mylib.fetch)\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import mylib\n\nasync def f():\n    mylib.fetch()\n",
            message="`mylib.fetch()` blocks the event loop",
        ),
    ]
    #: What the generic example test configures for this rule's examples.
    EXAMPLE_CONFIG: ClassVar[dict[str, list[str]]] = {"blocking-calls": ["mylib.fetch"]}

    @classmethod
    def configured_blocking(cls, config: LintConfig) -> Iterator[BlockingEntry]:
        yield from super().configured_blocking(config)
        for pattern in config.blocking_calls:
            yield BlockingEntry(cls.code, pattern, cls.ADVICE)
