"""Interprocedural analysis: per-module facts, the project index, the call graph."""

from __future__ import annotations

from admf_tsan.lint.analysis.callgraph import CallEdge as CallEdge
from admf_tsan.lint.analysis.callgraph import CallGraph as CallGraph
from admf_tsan.lint.analysis.callgraph import propagate as propagate
from admf_tsan.lint.analysis.callgraph import reachable as reachable
from admf_tsan.lint.analysis.facts import Acquisition as Acquisition
from admf_tsan.lint.analysis.facts import AwaitSite as AwaitSite
from admf_tsan.lint.analysis.facts import CallSite as CallSite
from admf_tsan.lint.analysis.facts import ClassFacts as ClassFacts
from admf_tsan.lint.analysis.facts import FunctionFacts as FunctionFacts
from admf_tsan.lint.analysis.facts import ModuleFacts as ModuleFacts
from admf_tsan.lint.analysis.index import ProjectIndex as ProjectIndex
