"""ADMF202: a lock taken against the order declared in ``lock-order``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from admf_tsan.lint.analysis.locks import LockModel
from admf_tsan.lint.ftypes import Finding
from admf_tsan.lint.rule import Invalid, ProjectContext, ProjectRule


def declared_position(order: tuple[str, ...], lock_name: str) -> int | None:
    """Where ``lock_name`` (``pkg.mod.Portfolio._lock``) sits in ``order``; entries may be
    written as a dotted suffix (``Portfolio._lock``, ``mod.CACHE_LOCK``)."""
    for position, declared in enumerate(order):
        if lock_name == declared or lock_name.endswith("." + declared):
            return position
    return None


class DeclaredLockOrder(ProjectRule):
    """ADMF202: a lock is taken while holding one that `lock-order` declares must come after it.

    `lock-order` in `[tool.admf-tsan]` lists lock classes outermost first, for example
    `lock-order = ["Portfolio._lock", "RiskManager._lock", "cache.CACHE_LOCK"]` (a dotted suffix
    of the full name is enough). Any path, direct or through calls across modules, that takes an
    earlier lock while holding a later one is reported with its steps, even if no opposite path
    exists yet: the declaration is the contract, the inversion is one commit away.

    Fix: take the locks in the declared order, or release the later lock before calling code
    that takes the earlier one.
    """

    code = "ADMF202"
    name = "declared-lock-order"
    EXAMPLE_CONFIG: ClassVar[dict[str, list[str]]] = {"lock-order": ["LEDGER", "CACHE"]}
    VALID: ClassVar[list[str]] = [
        "import threading\n\nLEDGER = threading.Lock()\nCACHE = threading.Lock()\n\n"
        "def post():\n    with LEDGER:\n        with CACHE:\n            pass\n",
    ]
    INVALID: ClassVar[list[Invalid]] = [
        Invalid(
            "import threading\n\nLEDGER = threading.Lock()\nCACHE = threading.Lock()\n\n"
            "def refresh():\n    with CACHE:\n        post()\n\n"
            "def post():\n    with LEDGER:\n        pass\n",
            message="`example.LEDGER` is declared before `example.CACHE` in `lock-order`",
        ),
    ]

    def check(self, project: ProjectContext) -> Iterable[Finding]:
        order = project.config.lock_order
        if not order:
            return
        model = project.fact(LockModel)
        seen: set[tuple[str, int, int]] = set()
        for module, fn, outer, edge, _ in model.nested():
            if edge.retaken:
                continue  # taken again where already held: no order (as for ADMF201)
            outer_at = declared_position(order, outer.name)
            inner_at = declared_position(order, edge.inner.name)
            if outer_at is None or inner_at is None or inner_at >= outer_at:
                continue
            at = edge.steps[1]
            key = (edge.inner.name, at.line, at.column)
            if key in seen:
                continue
            seen.add(key)
            message = (
                f"`{model.display(edge.inner)}` is declared before `{model.display(outer)}` in "
                f"`lock-order`, but `{model.short(fn.qualname)}()` takes it while holding "
                f"`{model.display(outer)}`; take them in the declared order"
            )
            yield project.finding(
                module, (at.line, at.column), self.code, message, related=model.related(edge.steps)
            )
