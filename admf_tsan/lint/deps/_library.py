"""The library side of the walk: library modules read lazily, within a per-run budget."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from admf_tsan.lint.analysis.facts import ModuleFacts
from admf_tsan.lint.analysis.index import ProjectIndex, Value
from admf_tsan.lint.deps.flow import FunctionOutline
from admf_tsan.lint.deps.locate import Environment
from admf_tsan.lint.deps.store import DependencyStore, LibraryModule

__all__ = ["LibraryBudget", "LibraryIndex"]


@dataclass
class LibraryBudget:
    """What one run may still read: library modules and function summaries."""

    modules: int
    summaries: int
    exhausted: bool = False

    def take_module(self) -> bool:
        if self.modules <= 0:
            self.exhausted = True
            return False
        self.modules -= 1
        return True

    def take_summary(self) -> bool:
        if self.summaries <= 0:
            self.exhausted = True
            return False
        self.summaries -= 1
        return True


class LibraryIndex(ProjectIndex):
    """An index over library modules, read lazily when a name resolved needs them."""

    def __init__(
        self,
        env: Environment,
        store: DependencyStore,
        external: Iterable[str],
        project_packages: frozenset[str],
        budget: LibraryBudget,
        notes: list[str],
    ) -> None:
        super().__init__((), external)
        self.env = env
        self.store = store
        self.project_packages = project_packages
        self.budget = budget
        self.notes = notes
        self.outlines: dict[str, FunctionOutline] = {}
        self.aliases: dict[str, dict[str, list[str]]] = {}
        #: The library files read this run (the result cache checks them on the next run).
        self.loaded: list[str] = []
        self._tried: set[str] = set()

    def _dotted(self, dotted: str) -> Value:
        if dotted not in self.functions:
            self._load_for(dotted)
        return super()._dotted(dotted)

    def _module_member(self, module: str, name: str, seen: frozenset[str] = frozenset()) -> Value:
        facts = self.modules.get(module)
        if facts is not None:
            for star in facts.star_imports:
                if star not in self.modules:
                    self._load_for(star)
            symbol = facts.symbols.get(name)
            alias = self.aliases.get(module, {}).get(name)
            if (
                alias
                and alias[0] != name
                and symbol is not None
                and symbol[0] == "var"
                and symbol[1] is None
            ):
                # Bound twice (``if TYPE_CHECKING: ... else: ...``): read the runtime binding.
                value = self._module_member(module, alias[0], seen | {module})
                for attr in alias[1:]:
                    if value is None:
                        return None
                    value = self._attr(value, attr)
                return value
        return super()._module_member(module, name, seen)

    def _load_for(self, dotted: str) -> None:
        if dotted in self._tried or dotted.partition(".")[0] in self.project_packages:
            return
        self._tried.add(dotted)
        source = self.env.find_prefix(dotted)
        if source is None or source.module in self.modules:
            return
        if not self.budget.take_module():
            return
        self.loaded.append(source.path)
        try:
            library = self.store.load(source)
        except (OSError, ValueError) as error:
            self.notes.append(f"skipped {source.path}: cannot read it ({error})")
            self.modules[source.module] = ModuleFacts(source.path, source.module, {}, (), (), ())
            return
        broken = [f for f in library.facts.findings if f.code.startswith("ADMF00")]
        if broken:
            self.notes.append(f"skipped {source.path}: {broken[0].message}")
        self.add(library)

    def add(self, library: LibraryModule) -> None:
        facts = library.facts
        self.modules[facts.module] = facts
        for fn in facts.functions:
            self.functions[fn.qualname] = fn
            self.function_module[fn.qualname] = facts
        for cls in facts.classes:
            self.classes[cls.qualname] = cls
        self.outlines.update(library.outlines)
        self.aliases[facts.module] = library.aliases
        self._top_level_packages = self._top_level_packages | {facts.module.partition(".")[0]}
