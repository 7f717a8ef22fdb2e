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
    SuperRef,
    ValRef,
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


#: Last attribute of a held mark ``self.aclose.<if-coroutine>``: the ``except RuntimeError:``
#: handler of a ``try`` that starts ``self.aclose()`` as a task on the running loop
#: (``asyncio.create_task(self.aclose())``). When the method is a coroutine function, making
#: the coroutine runs none of its code and only starting it can raise the error, where no loop
#: runs: the handler is then :data:`NO_RUNNING_LOOP` code. A sync method's body runs in the
#: ``try`` and may raise it anywhere. The mark never resolves to a lock.
IF_COROUTINE = "<if-coroutine>"


def if_coroutine_mark(method: SelfRef) -> SelfRef:
    """The held mark of a handler that runs where no loop does if ``method`` is a coroutine
    function (:data:`IF_COROUTINE`)."""
    return SelfRef(method.owner, (*method.attrs, IF_COROUTINE))


def off_the_loop(site: CallSite, index: ProjectIndex) -> bool:
    """Whether ``site`` never runs on an event loop's thread: in the child process of an
    ``os.fork()`` (:data:`FORK_CHILD`), or where the code tested that no asyncio loop runs in
    its thread (:data:`NO_RUNNING_LOOP`, and :data:`IF_COROUTINE` when the method it names is a
    coroutine function), unless the project imports trio (on trio's thread no asyncio loop
    runs either)."""
    for held in site.held:
        mark = held[0]
        if mark == FORK_CHILD:
            return True
        if index.imports_trio:
            continue
        if mark == NO_RUNNING_LOOP:
            return True
        if type(mark) is SelfRef and mark.attrs and mark.attrs[-1] == IF_COROUTINE:
            value = index.resolve(SelfRef(mark.owner, mark.attrs[:-1]))
            if value is not None and value[0] == "func":
                fn = index.functions.get(str(value[1]))
                if fn is not None and fn.is_async:
                    return True
    return False


#: The held marks that are no lock: what a branch's test showed of where the code runs (the
#: handler marks that end in :data:`IF_COROUTINE` name a method, and are told by that ending).
MARKS = frozenset({FORK_CHILD, NO_RUNNING_LOOP})


def _class_of_instance(index: ProjectIndex, ref: Ref | None) -> tuple[str, str] | None:
    """The class ``ref`` is known to be an instance of: ``("ext", dotted name)`` for a library
    class, ``("class", qualname)`` for one of the project's; None when unknown."""
    if ref is None:
        return None
    value = index.resolve(ref)
    if value is None or value[0] != "inst" or value[1] is None:
        return None
    inner = value[1]
    if inner[0] == "ext" or inner[0] == "class":
        return str(inner[0]), str(inner[1])
    return None


def instance_of(index: ProjectIndex, ref: Ref | None, modules: tuple[str, ...]) -> bool:
    """Whether ``ref`` is known to be an instance of a class from one of ``modules``."""
    known = _class_of_instance(index, ref)
    if known is None:
        return False
    kind, name = known
    if kind == "ext":
        return name.startswith(modules)
    return any(ancestor.startswith(modules) for ancestor in index.class_ancestors(name))


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


#: Calls that run a client's network loop on the calling thread.
_PAHO_OWN_LOOPS = (f"{PAHO_CLIENT}.loop_forever", f"{PAHO_CLIENT}.loop")


def paho_kind(scheduled: ScheduledCallback) -> bool:
    """Whether ``scheduled`` has the form of a paho-mqtt callback (an ``on_message`` store, a
    ``message_callback_add()``): only :func:`paho_callback` says whether it is one."""
    return scheduled.method in PAHO_CALLBACKS or scheduled.method == "message_callback_add"


def paho_callback(index: ProjectIndex, scheduled: ScheduledCallback) -> bool:
    """Whether ``scheduled`` gives a paho-mqtt client a callback: ``client.on_message = f``
    (``method`` is the attribute) or ``client.message_callback_add(sub, f)``, on a client the
    analysis types as paho's (``mqtt.Client(...)``, an annotation), whose class is paho's or a
    project subclass that does not define the attribute itself (a property that wraps what it
    is given, say)."""
    if scheduled.method in PAHO_CALLBACKS:
        return _paho_client(index, scheduled.receiver, scheduled.method)
    if scheduled.method == "message_callback_add" and scheduled.taker is not None:
        return index.name_of(index.resolve(scheduled.taker)) in _PAHO_TAKERS
    return False


def paho_thread_start(
    index: ProjectIndex, scheduled: ScheduledCallback, storer: str
) -> tuple[str, int, int] | None:
    """The ``loop_start()`` call (function, line, column) that starts the network thread of the
    paho-mqtt client ``storer`` gives a callback (:func:`paho_callback`), or None.

    The call must be made on the same object: the same attribute of ``self`` in the same
    class, a subclass, or a base class whose method making the call the storer's class does
    not override; the same module variable; the same local or parameter, in the same
    function, when that function runs no client's loop itself (``loop_forever()``, two locals
    of one kind cannot be told apart). A program that drives the loop itself runs the
    callbacks on its own thread; so does a sibling class of the one that starts a thread."""
    receiver = scheduled.receiver
    if receiver is None or not paho_callback(index, scheduled):
        return None
    for started, function, line, column in index.receivers_of(_PAHO_LOOP_START):
        if _started_same(index, receiver, storer, started, function):
            return function, line, column
    return None


def _started_same(
    index: ProjectIndex, receiver: Ref, storer: str, started: Ref, function: str
) -> bool:
    if isinstance(receiver, ValRef):
        return (
            receiver == started
            and function == storer
            and not any(
                other == receiver and where == storer
                for own in _PAHO_OWN_LOOPS
                for other, where, _, _ in index.receivers_of(own)
            )
        )
    if isinstance(receiver, GlobalRef):
        return receiver == started
    if type(receiver) is not type(started) or not isinstance(receiver, SelfRef | ClsRef):
        return False
    assert isinstance(started, SelfRef | ClsRef)
    if receiver.attrs != started.attrs:
        return False
    if receiver.owner == started.owner or receiver.owner in index.class_ancestors(started.owner):
        return True  # the storer's class or a base of the class that starts the thread
    if started.owner not in index.class_ancestors(receiver.owner):
        return False  # siblings
    # A base class starts it: in the method the storer's class inherits, or in an override
    # that calls it through ``super()``.
    method = function.rpartition(".")[2]
    value = index.resolve(SelfRef(receiver.owner, (method,)))
    if value == ("func", function):
        return True
    if value is None or value[0] != "func":
        return False
    override = index.functions.get(str(value[1]))
    return override is not None and any(
        isinstance(site.callee, SuperRef) and site.callee.attrs == (method,)
        for site in override.calls
    )


def _paho_client(index: ProjectIndex, ref: Ref | None, attribute: str) -> bool:
    """Whether ``ref`` is known to be a paho-mqtt client whose ``attribute`` is paho's."""
    known = _class_of_instance(index, ref)
    if known is None:
        return False
    kind, name = known
    if kind == "ext":
        return name == PAHO_CLIENT
    ancestors = list(index.class_ancestors(name))
    if PAHO_CLIENT not in ancestors:
        return False
    # A method, a property or a class-level value of that name replaces paho's property; a
    # callback the class stores on ``self`` (``self.on_connect = ...``) goes through it.
    return not any(
        attribute in cls.methods or attribute in cls.properties or attribute in cls.class_vars
        for ancestor in ancestors
        if (cls := index.classes.get(ancestor)) is not None
    )


def known_handoff(index: ProjectIndex, scheduled: ScheduledCallback) -> bool:
    """Whether ``scheduled`` is known to hand its function to the loop or to a thread (or to
    a paho-mqtt client, which calls it: :func:`paho_callback`)."""
    method = scheduled.method
    if paho_kind(scheduled):
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
