"""Whether a function handed over (``loop.call_soon(f)``, ``Thread(target=f)``) really goes to
the event loop or to a worker thread: the receiver's type decides, never the method's name.

A project's own ``scheduler.call_soon(coro_fn)`` or ``jobs.submit(fn)`` may await what it is
given; only a receiver known to be an asyncio loop (or a ``concurrent.futures`` executor, a
thread class) makes the hand-off what its name says. An unknown receiver is no evidence.

Code that runs only in the child process of an ``os.fork()`` is handed to another process:
its calls carry the :data:`FORK_CHILD` mark (:func:`off_the_loop`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from admf_tsan.lint.analysis.facts import (
    CallSite,
    ClsRef,
    GlobalRef,
    Ref,
    ScheduledCallback,
    SelfRef,
)

if TYPE_CHECKING:
    from admf_tsan.lint.analysis.index import ProjectIndex

#: Loop methods whose callback runs on the event-loop thread.
LOOP_METHODS = frozenset({"call_soon", "call_soon_threadsafe", "call_later", "call_at"})
_LOOP_MODULES = ("asyncio.", "uvloop.")
_EXECUTOR_MODULES = ("concurrent.futures.", "multiprocessing.pool.")
#: Hand-offs without a receiver: the called function itself must be one of these.
_THREAD_TAKERS = ("threading.Thread", "threading.Timer", "asyncio.to_thread")

#: The held mark of code that runs only in the child process of an ``os.fork()``: the branch
#: of ``if pid == 0:`` / ``if not pid:`` (or the ``else`` of ``if pid:`` / ``pid != 0`` /
#: ``pid > 0``), and the rest of the function after ``if pid != 0: return pid`` at its top
#: level, where ``pid`` is a local assigned ``os.fork()`` earlier in the function (the lock
#: walk puts it in ``held``). That code runs in another process: what it blocks on is not the
#: parent's thread or event loop. The mark never resolves to a lock (it is no dotted name).
FORK_CHILD = GlobalRef("<fork-child>")


#: The held mark of code that runs only where no event loop runs in the thread: the branch of
#: ``if running is None:`` (or ``not running``, or the ``else`` of ``if running:``) where
#: ``running`` is a local bound only to ``asyncio.get_running_loop()``,
#: ``asyncio._get_running_loop()`` or ``None`` (the ``try: running = get_running_loop() except
#: RuntimeError: running = None`` idiom), ``if asyncio._get_running_loop() is None:``, the
#: ``else`` of ``if loop.is_running():`` on a local bound only to ``asyncio.get_event_loop()``
#: (inside a coroutine that is the running loop), and an ``except RuntimeError:`` handler of a
#: ``try`` that calls ``asyncio.get_running_loop()``; also the rest of the function after such a
#: test at its top level whose other branch returns (``if running is not None: return ...``).
#: Code there is not on an event loop's thread: nothing it does blocks a loop, and a loop it
#: runs to completion is no nested one. The mark never resolves to a lock.
NO_RUNNING_LOOP = GlobalRef("<no-running-loop>")


def off_the_loop(site: CallSite, index: ProjectIndex) -> bool:
    """Whether ``site`` never runs on an event loop's thread: in the child process of an
    ``os.fork()`` (:data:`FORK_CHILD`), or where the code tested that no asyncio loop runs in
    its thread (:data:`NO_RUNNING_LOOP`), unless the project imports trio (on trio's thread
    no asyncio loop runs either)."""
    for held in site.held:
        if held[0] == FORK_CHILD:
            return True
        if held[0] == NO_RUNNING_LOOP and not index.imports_trio:
            return True
    return False


#: The held marks that are no lock: what a branch's test showed of where the code runs.
MARKS = frozenset({FORK_CHILD, NO_RUNNING_LOOP})


def instance_of(index: ProjectIndex, ref: Ref | None, modules: tuple[str, ...]) -> bool:
    """Whether ``ref`` is known to be an instance of a class from one of ``modules``."""
    if ref is None:
        return False
    value = index.resolve(ref)
    if value is None or value[0] != "inst" or value[1] is None:
        return False
    inner = value[1]
    if inner[0] == "ext":
        return str(inner[1]).startswith(modules)
    if inner[0] == "class":
        return any(name.startswith(modules) for name in index.class_ancestors(inner[1]))
    return False


#: The class of a paho-mqtt client, and the attributes that take the callbacks its network
#: loop calls (``client.on_message = handle``): whichever thread runs that loop runs them.
PAHO_CLIENT = "paho.mqtt.client.Client"
PAHO_CALLBACKS = frozenset(
    {
        "on_connect",
        "on_connect_fail",
        "on_disconnect",
        "on_message",
        "on_publish",
        "on_subscribe",
        "on_unsubscribe",
    }
)
#: ``client.message_callback_add(sub, handle)``: a callback for the messages of one topic.
_PAHO_TAKERS = frozenset({f"{PAHO_CLIENT}.message_callback_add"})
#: ``client.loop_start()``: paho runs its network loop, and every callback, in a thread of its
#: own.
_PAHO_LOOP_START = f"{PAHO_CLIENT}.loop_start"


def paho_callback(index: ProjectIndex, scheduled: ScheduledCallback) -> bool:
    """Whether ``scheduled`` gives a paho-mqtt client a callback: ``client.on_message = f``
    (``method`` is the attribute) or ``client.message_callback_add(sub, f)``, on a client the
    analysis types as paho's (``mqtt.Client(...)``, an annotation)."""
    if scheduled.method in PAHO_CALLBACKS:
        return _instance_of_class(index, scheduled.receiver, PAHO_CLIENT)
    if scheduled.method == "message_callback_add" and scheduled.taker is not None:
        return index.name_of(index.resolve(scheduled.taker)) in _PAHO_TAKERS
    return False


def paho_thread_callback(index: ProjectIndex, scheduled: ScheduledCallback) -> bool:
    """Whether ``scheduled`` gives a paho-mqtt client a callback that paho's own thread runs:
    the project starts that client's network thread (``loop_start()`` on the same attribute
    of an instance of the same class, a base or a subclass, or on the same module variable or
    kind of local). A program that drives the loop itself (``loop_forever()``,
    ``loop_read()`` from an event loop's reader callbacks) runs the callbacks on its own
    thread; so does a sibling class of the one that starts a thread."""
    if not paho_callback(index, scheduled) or scheduled.receiver is None:
        return False
    return any(
        _same_object(index, scheduled.receiver, started)
        for started in index.receivers_of(_PAHO_LOOP_START)
    )


def _same_object(index: ProjectIndex, one: Ref, other: Ref) -> bool:
    """Whether ``one`` and ``other`` may be the same object: equal references, or the same
    attributes of ``self`` in classes one of which derives from the other."""
    if one == other:
        return True
    if type(one) is not type(other) or not isinstance(one, SelfRef | ClsRef):
        return False
    assert isinstance(other, SelfRef | ClsRef)
    return one.attrs == other.attrs and (
        other.owner in index.class_ancestors(one.owner)
        or one.owner in index.class_ancestors(other.owner)
    )


def _instance_of_class(index: ProjectIndex, ref: Ref | None, name: str) -> bool:
    """Whether ``ref`` is known to be an instance of the class ``name`` (or a subclass)."""
    if ref is None:
        return False
    value = index.resolve(ref)
    if value is None or value[0] != "inst" or value[1] is None:
        return False
    inner = value[1]
    if inner[0] == "ext":
        return str(inner[1]) == name
    if inner[0] == "class":
        return name in index.class_ancestors(inner[1])
    return False


def known_handoff(index: ProjectIndex, scheduled: ScheduledCallback) -> bool:
    """Whether ``scheduled`` is known to hand its function to the loop or to a thread (or to
    a paho-mqtt client, which calls it: :func:`paho_callback`)."""
    method = scheduled.method
    if method in PAHO_CALLBACKS or method == "message_callback_add":
        return paho_callback(index, scheduled)
    if method in LOOP_METHODS or method == "run_in_executor":
        return instance_of(index, scheduled.receiver, _LOOP_MODULES)
    if method == "submit":
        return instance_of(index, scheduled.receiver, _EXECUTOR_MODULES)
    taker = None if scheduled.taker is None else index.resolve(scheduled.taker)
    if taker is None:
        return False
    if taker[0] == "ext":
        return str(taker[1]) in _THREAD_TAKERS
    if taker[0] == "class":
        return any(name in _THREAD_TAKERS for name in index.class_ancestors(taker[1]))
    return False
