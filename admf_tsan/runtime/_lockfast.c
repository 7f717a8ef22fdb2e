/* The hot paths of CheckedLock / CheckedRLock in C: acquire, release, __enter__, __exit__.
 *
 * admf_tsan/runtime/_locks.py is the specification: every method here does what the pure
 * Python method of the same name in _PyLockCore / _PyRLockCore does, step for step, and calls
 * back into the same Python slow paths (_new_pair, _contended), looked up in _locks' globals
 * at each call so that they stay replaceable. The extension is optional: without it (or with
 * ADMF_TSAN_PURE_PYTHON=1) the Python classes run alone.
 *
 * What C saves: the Python frames of the wrapper methods, the argument handling, and the
 * thread_state.held lookup (a threading.local attribute), which is cached per thread in the
 * thread state's dict (PyThreadState_GetDict) the first time the thread takes a lock, when
 * thread_state is a real per-thread local. The cache holds the same list object
 * thread_state.held holds; nothing rebinds that attribute.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    PyObject *inner;  /* _inner: the real lock */
    PyObject *klass;  /* _class: the LockClass */
    PyObject *after;  /* _after: the class's set of checked successors */
    PyObject *holder; /* _holder: the held list of the thread that took the lock, or None */
    PyObject *try_;   /* _try: inner.acquire */
    PyObject *unlock; /* _unlock: inner.release */
    PyObject *owned;     /* RLock: inner._is_owned, bound on first use (not an attribute) */
    PyObject *owned_for; /* the inner lock ``owned`` was bound to */
} CoreObject;

/* Set once by configure(): the hooks object, the threading.local, _locks' globals. */
static PyObject *g_hooks = NULL;
/* Where hooks.active lives in the hooks object when it is a __slots__ slot of an ordinary
 * class (Hooks is): read directly, 0 when unknown (then PyObject_GetAttr). */
static Py_ssize_t g_active_offset = 0;
static PyObject *g_thread_state = NULL;
static PyObject *g_globals = NULL;
/* Whether thread_state is a real per-OS-thread local (_thread._local), so that the held list
 * may be cached in the thread state's dict; not for a local of another kind (gevent patches
 * threading.local into a per-greenlet one). */
static int g_cache_held = 0;

static PyObject *s_active, *s_held, *s_after, *s_new_pair, *s_contended, *s_is_owned;
static PyObject *s_remove, *s_append, *s_pop, *s_held_key, *s_blocking, *s_timeout;
static PyObject *g_minus_one;
static PyObject *g_args_false;   /* (False,) */
static PyObject *g_args_default; /* (True, -1) */

static PyTypeObject LockCoreType;

/* -- helpers --------------------------------------------------------------------------- */

static int
missing(CoreObject *self, const char *name)
{
    PyErr_Format(PyExc_AttributeError, "'%.100s' object has no attribute '%s'",
                 Py_TYPE(self)->tp_name, name);
    return -1;
}

/* hooks.active, as a truth value (-1 on error). */
static int
hooks_active(void)
{
    if (g_hooks == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "admf_tsan.runtime._lockfast is not configured");
        return -1;
    }
    PyObject *value;
    if (g_active_offset > 0
        && (value = *(PyObject **)((char *)g_hooks + g_active_offset)) != NULL) {
        Py_INCREF(value);
    }
    else {
        value = PyObject_GetAttr(g_hooks, s_active);
        if (value == NULL) {
            return -1;
        }
    }
    int result = value == Py_True ? 1 : (value == Py_False ? 0 : PyObject_IsTrue(value));
    Py_DECREF(value);
    return result;
}

/* thread_state.held (a new reference), cached in the thread state's dict. */
static PyObject *
get_held(void)
{
    PyObject *cache = g_cache_held ? PyThreadState_GetDict() : NULL; /* borrowed */
    if (cache != NULL) {
        PyObject *held = PyDict_GetItemWithError(cache, s_held_key);
        if (held != NULL) {
            return Py_NewRef(held);
        }
        if (PyErr_Occurred()) {
            return NULL;
        }
    }
    PyObject *held = PyObject_GetAttr(g_thread_state, s_held);
    if (held == NULL) {
        return NULL;
    }
    if (cache != NULL && PyList_CheckExact(held) && PyDict_SetItem(cache, s_held_key, held) < 0) {
        Py_DECREF(held);
        return NULL;
    }
    return held;
}

static int
truth(PyObject *value)
{
    if (value == Py_True) {
        return 1;
    }
    if (value == Py_False || value == Py_None) {
        return 0;
    }
    return PyObject_IsTrue(value);
}

#define CALL_MASK (METH_VARARGS | METH_FASTCALL | METH_NOARGS | METH_O | METH_KEYWORDS | METH_METHOD)

/* What cfunction_call would return, without its checks on a well-behaved C function. */
static PyObject *
c_result(PyObject *result)
{
    if (result == NULL && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_SystemError, "lock method returned NULL without an exception");
    }
    return result;
}

/* ``try_(False)``. When ``try_`` is a bound C method taking (args, kwargs), the C lock's
 * acquire is, its C function is called with a prepared ``(False,)``: the generic call would
 * build the one-tuple and go through tp_call for every acquire. */
static PyObject *
call_try_nonblocking(PyObject *try_)
{
    if (PyCFunction_CheckExact(try_)
        && (PyCFunction_GET_FLAGS(try_) & CALL_MASK) == (METH_VARARGS | METH_KEYWORDS)) {
        PyCFunctionWithKeywords function =
            (PyCFunctionWithKeywords)(void (*)(void))PyCFunction_GET_FUNCTION(try_);
        return c_result(function(PyCFunction_GET_SELF(try_), g_args_false, NULL));
    }
    PyObject *no = Py_False;
    return PyObject_Vectorcall(try_, &no, 1, NULL);
}

/* ``method()``; a bound C method without arguments (the C lock's release, the C RLock's
 * _is_owned) is called directly. */
static PyObject *
call_no_args(PyObject *method)
{
    if (PyCFunction_CheckExact(method)
        && (PyCFunction_GET_FLAGS(method) & CALL_MASK) == METH_NOARGS) {
        return c_result(PyCFunction_GET_FUNCTION(method)(PyCFunction_GET_SELF(method), NULL));
    }
    return PyObject_Vectorcall(method, NULL, 0, NULL);
}

/* A function of _locks looked up at call time (slow paths only). New reference. */
static PyObject *
locks_global(PyObject *name)
{
    PyObject *function = PyDict_GetItemWithError(g_globals, name);
    if (function == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_NameError, "name '%U' is not defined", name);
        }
        return NULL;
    }
    return Py_NewRef(function);
}

/* ``held[-1]._after`` (new reference); held is a non-empty sequence. */
static PyObject *
top_after(PyObject *held)
{
    PyObject *top;
    if (PyList_CheckExact(held)) {
        top = Py_NewRef(PyList_GET_ITEM(held, PyList_GET_SIZE(held) - 1));
    }
    else {
        PyObject *index = PyLong_FromLong(-1);
        if (index == NULL) {
            return NULL;
        }
        top = PyObject_GetItem(held, index);
        Py_DECREF(index);
        if (top == NULL) {
            return NULL;
        }
    }
    PyObject *after;
    if (PyObject_TypeCheck(top, &LockCoreType) && ((CoreObject *)top)->after != NULL) {
        after = Py_NewRef(((CoreObject *)top)->after);
    }
    else {
        after = PyObject_GetAttr(top, s_after);
    }
    Py_DECREF(top);
    return after;
}

/* The checked body shared by Lock and RLock once checking is known to apply:
 *
 *     held = thread_state.held
 *     if held and self._class not in held[-1]._after and blocking:
 *         _new_pair(held, self)
 *     if self._try(False):
 *         held.append(self)
 *         self._holder = held
 *         return True
 *     return _contended(self, blocking, timeout, held)
 */
static PyObject *
checked_acquire(CoreObject *self, PyObject *blocking, PyObject *timeout)
{
    PyObject *held = get_held();
    if (held == NULL) {
        return NULL;
    }
    int nonempty = PyList_CheckExact(held) ? PyList_GET_SIZE(held) > 0 : PyObject_IsTrue(held);
    if (nonempty < 0) {
        goto error;
    }
    if (nonempty) {
        PyObject *after = top_after(held);
        if (after == NULL) {
            goto error;
        }
        if (self->klass == NULL) {
            Py_DECREF(after);
            missing(self, "_class");
            goto error;
        }
        int seen = PySequence_Contains(after, self->klass);
        Py_DECREF(after);
        if (seen < 0) {
            goto error;
        }
        if (!seen) {
            int wait = truth(blocking);
            if (wait < 0) {
                goto error;
            }
            if (wait) {
                PyObject *new_pair = locks_global(s_new_pair);
                if (new_pair == NULL) {
                    goto error;
                }
                PyObject *args[2] = {held, (PyObject *)self};
                PyObject *result = PyObject_Vectorcall(new_pair, args, 2, NULL);
                Py_DECREF(new_pair);
                if (result == NULL) {
                    goto error;
                }
                Py_DECREF(result);
            }
        }
    }
    if (self->try_ == NULL) {
        missing(self, "_try");
        goto error;
    }
    PyObject *try_ = Py_NewRef(self->try_);
    PyObject *got = call_try_nonblocking(try_);
    Py_DECREF(try_);
    if (got == NULL) {
        goto error;
    }
    int taken = truth(got);
    Py_DECREF(got);
    if (taken < 0) {
        goto error;
    }
    if (taken) {
        int appended;
        if (PyList_CheckExact(held)) {
            appended = PyList_Append(held, (PyObject *)self);
        }
        else {
            PyObject *result = PyObject_CallMethodOneArg(held, s_append, (PyObject *)self);
            appended = result == NULL ? -1 : 0;
            Py_XDECREF(result);
        }
        if (appended < 0) {
            goto error;
        }
        Py_XSETREF(self->holder, held); /* the reference get_held() gave */
        Py_RETURN_TRUE;
    }
    PyObject *contended = locks_global(s_contended);
    if (contended == NULL) {
        goto error;
    }
    PyObject *args[4] = {(PyObject *)self, blocking, timeout, held};
    PyObject *result = PyObject_Vectorcall(contended, args, 4, NULL);
    Py_DECREF(contended);
    Py_DECREF(held);
    return result;
error:
    Py_DECREF(held);
    return NULL;
}

/* ``self._try(blocking, timeout)``: checking is off. */
static PyObject *
plain_acquire(CoreObject *self, PyObject *blocking, PyObject *timeout)
{
    if (self->try_ == NULL) {
        missing(self, "_try");
        return NULL;
    }
    PyObject *try_ = Py_NewRef(self->try_);
    PyObject *result;
    if (blocking == Py_True && timeout == g_minus_one && PyCFunction_CheckExact(try_)
        && (PyCFunction_GET_FLAGS(try_) & CALL_MASK) == (METH_VARARGS | METH_KEYWORDS)) {
        /* acquire() with the defaults, on a C lock: the prepared (True, -1), as in
         * call_try_nonblocking */
        PyCFunctionWithKeywords function =
            (PyCFunctionWithKeywords)(void (*)(void))PyCFunction_GET_FUNCTION(try_);
        result = c_result(function(PyCFunction_GET_SELF(try_), g_args_default, NULL));
    }
    else {
        PyObject *args[2] = {blocking, timeout};
        result = PyObject_Vectorcall(try_, args, 2, NULL);
    }
    Py_DECREF(try_);
    return result;
}

/* ``acquire(self, blocking=True, timeout=-1)``: the arguments, as Python binds them. */
static int
parse_acquire(const char *name, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
              PyObject **blocking, PyObject **timeout)
{
    *blocking = Py_True;
    *timeout = g_minus_one;
    if (nargs > 2) {
        PyErr_Format(PyExc_TypeError,
                     "%s() takes from 1 to 3 positional arguments but %zd were given", name,
                     nargs + 1);
        return -1;
    }
    if (nargs > 0) {
        *blocking = args[0];
    }
    if (nargs > 1) {
        *timeout = args[1];
    }
    if (kwnames == NULL) {
        return 0;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, i);
        PyObject *value = args[nargs + i];
        Py_ssize_t position;
        if (PyUnicode_Compare(key, s_blocking) == 0) {
            position = 0;
        }
        else if (PyUnicode_Compare(key, s_timeout) == 0) {
            position = 1;
        }
        else {
            if (PyErr_Occurred()) {
                return -1;
            }
            PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", name,
                         key);
            return -1;
        }
        if (position < nargs) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%U'", name,
                         key);
            return -1;
        }
        if (position == 0) {
            *blocking = value;
        }
        else {
            *timeout = value;
        }
    }
    return 0;
}

/* ``held.pop()`` of the top entry, or, when the top is another lock (released out of
 * order, or not tracked), ``held.remove(self)`` when self is in held. */
static int
drop(CoreObject *self, PyObject *held)
{
    if (PyList_CheckExact(held)) {
        Py_ssize_t size = PyList_GET_SIZE(held);
        if (size == 0) { /* the Python pop() would raise */
            PyErr_SetString(PyExc_IndexError, "pop from empty list");
            return -1;
        }
        PyObject *top = PyList_GET_ITEM(held, size - 1);
        if (top == (PyObject *)self) {
            /* del held[-1], keeping the storage: list.pop() (and del) give the memory back
             * when the list empties, and the next append allocates it again; the stack goes
             * from 0 to a few entries and back all the time. A list whose allocation exceeds
             * its size is an ordinary list (list.pop() leaves one too). */
            Py_SET_SIZE(held, size - 1);
            PyList_SET_ITEM(held, size - 1, NULL);
            Py_DECREF(top);
            return 0;
        }
    }
    else {
        PyObject *top = PyObject_CallMethodNoArgs(held, s_pop);
        if (top == NULL) {
            return -1;
        }
        int same = top == (PyObject *)self;
        if (!same) {
            PyObject *result = PyObject_CallMethodOneArg(held, s_append, top);
            Py_DECREF(top);
            if (result == NULL) {
                return -1;
            }
            Py_DECREF(result);
        }
        else {
            Py_DECREF(top);
            return 0;
        }
    }
    int found = PySequence_Contains(held, (PyObject *)self);
    if (found <= 0) {
        return found;
    }
    PyObject *result = PyObject_CallMethodOneArg(held, s_remove, (PyObject *)self);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

/* ``self._unlock()``: 0, or -1 with the exception set. */
static int
unlock(CoreObject *self)
{
    if (self->unlock == NULL) {
        return missing(self, "_unlock");
    }
    PyObject *release = Py_NewRef(self->unlock);
    PyObject *result = call_no_args(release);
    Py_DECREF(release);
    if (result == NULL) {
        return -1;
    }
    Py_DECREF(result);
    return 0;
}

/* ``inner._is_owned()`` as a truth value (-1 on error). */
static int
inner_is_owned(CoreObject *self)
{
    if (self->inner == NULL) {
        return missing(self, "_inner");
    }
    if (self->owned == NULL || self->owned_for != self->inner) {
        /* Bound once per inner lock rather than looked up per call; _inner is set once. */
        PyObject *inner = Py_NewRef(self->inner);
        PyObject *bound = PyObject_GetAttr(inner, s_is_owned);
        if (bound == NULL) {
            Py_DECREF(inner);
            return -1;
        }
        Py_XSETREF(self->owned, bound);
        Py_XSETREF(self->owned_for, inner);
    }
    PyObject *method = Py_NewRef(self->owned);
    PyObject *result = call_no_args(method); /* a no-argument call, direct for a C method */
    Py_DECREF(method);
    if (result == NULL) {
        return -1;
    }
    int owned = truth(result);
    Py_DECREF(result);
    return owned;
}

/* -- Lock ------------------------------------------------------------------------------- */

/*     if hooks.active: <checked_acquire>
 *     return self._try(blocking, timeout) */
static PyObject *
lock_acquire_with(CoreObject *self, PyObject *blocking, PyObject *timeout)
{
    int active = hooks_active();
    if (active < 0) {
        return NULL;
    }
    if (active) {
        return checked_acquire(self, blocking, timeout);
    }
    return plain_acquire(self, blocking, timeout);
}

static PyObject *
lock_acquire(CoreObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *blocking, *timeout;
    if (parse_acquire("acquire", args, nargs, kwnames, &blocking, &timeout) < 0) {
        return NULL;
    }
    return lock_acquire_with(self, blocking, timeout);
}

static PyObject *
lock_enter(CoreObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *blocking, *timeout;
    if (parse_acquire("__enter__", args, nargs, kwnames, &blocking, &timeout) < 0) {
        return NULL;
    }
    return lock_acquire_with(self, blocking, timeout);
}

/* Lock:   self._unlock(); held = self._holder; if held: <drop>
 * RLock:  inner.release(); held = self._holder; if held and not inner._is_owned(): <drop>
 * (``reentrant``: an RLock, whose entry stays until its outermost release). */
static PyObject *
release_with(CoreObject *self, int reentrant)
{
    if (unlock(self) < 0) {
        return NULL;
    }
    if (self->holder == NULL) {
        missing(self, "_holder");
        return NULL;
    }
    PyObject *held = Py_NewRef(self->holder);
    int nonempty = PyList_CheckExact(held) ? PyList_GET_SIZE(held) > 0 : PyObject_IsTrue(held);
    if (nonempty > 0) {
        int owned = reentrant ? inner_is_owned(self) : 0;
        if (owned < 0) {
            nonempty = -1;
        }
        else if (!owned) {
            nonempty = drop(self, held) < 0 ? -1 : 0;
        }
    }
    Py_DECREF(held);
    if (nonempty < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
lock_release(CoreObject *self, PyObject *Py_UNUSED(ignored))
{
    return release_with(self, 0);
}

static PyObject *
check_exit_args(Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_Format(PyExc_TypeError, "__exit__() takes 4 positional arguments but %zd were given",
                     nargs + 1);
        return NULL;
    }
    return Py_None;
}

static PyObject *
lock_exit(CoreObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (check_exit_args(nargs) == NULL) {
        return NULL;
    }
    return lock_release(self, NULL);
}

/* -- RLock ------------------------------------------------------------------------------ */

/*     if hooks.active and not inner._is_owned(): <checked_acquire>
 *     return inner.acquire(blocking, timeout) */
static PyObject *
rlock_acquire_with(CoreObject *self, PyObject *blocking, PyObject *timeout)
{
    int active = hooks_active();
    if (active < 0) {
        return NULL;
    }
    if (active) {
        int owned = inner_is_owned(self);
        if (owned < 0) {
            return NULL;
        }
        if (!owned) {
            return checked_acquire(self, blocking, timeout);
        }
    }
    return plain_acquire(self, blocking, timeout);
}

static PyObject *
rlock_acquire(CoreObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *blocking, *timeout;
    if (parse_acquire("acquire", args, nargs, kwnames, &blocking, &timeout) < 0) {
        return NULL;
    }
    return rlock_acquire_with(self, blocking, timeout);
}

static PyObject *
rlock_enter(CoreObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    PyObject *blocking, *timeout;
    if (parse_acquire("__enter__", args, nargs, kwnames, &blocking, &timeout) < 0) {
        return NULL;
    }
    return rlock_acquire_with(self, blocking, timeout);
}

static PyObject *
rlock_release(CoreObject *self, PyObject *Py_UNUSED(ignored))
{
    return release_with(self, 1);
}

static PyObject *
rlock_exit(CoreObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (check_exit_args(nargs) == NULL) {
        return NULL;
    }
    return rlock_release(self, NULL);
}

/* -- the types -------------------------------------------------------------------------- */

static int
core_traverse(CoreObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->inner);
    Py_VISIT(self->klass);
    Py_VISIT(self->after);
    Py_VISIT(self->holder);
    Py_VISIT(self->try_);
    Py_VISIT(self->unlock);
    Py_VISIT(self->owned);
    Py_VISIT(self->owned_for);
    return 0;
}

static int
core_clear(CoreObject *self)
{
    Py_CLEAR(self->inner);
    Py_CLEAR(self->klass);
    Py_CLEAR(self->after);
    Py_CLEAR(self->holder);
    Py_CLEAR(self->try_);
    Py_CLEAR(self->unlock);
    Py_CLEAR(self->owned);
    Py_CLEAR(self->owned_for);
    return 0;
}

static void
core_dealloc(CoreObject *self)
{
    PyObject_GC_UnTrack(self);
    core_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMemberDef core_members[] = {
    {"_inner", T_OBJECT_EX, offsetof(CoreObject, inner), 0, NULL},
    {"_class", T_OBJECT_EX, offsetof(CoreObject, klass), 0, NULL},
    {"_after", T_OBJECT_EX, offsetof(CoreObject, after), 0, NULL},
    {"_holder", T_OBJECT_EX, offsetof(CoreObject, holder), 0, NULL},
    {"_try", T_OBJECT_EX, offsetof(CoreObject, try_), 0, NULL},
    {"_unlock", T_OBJECT_EX, offsetof(CoreObject, unlock), 0, NULL},
    {NULL},
};

static PyMethodDef lock_methods[] = {
    {"acquire", (PyCFunction)(void (*)(void))lock_acquire, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"__enter__", (PyCFunction)(void (*)(void))lock_enter, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"release", (PyCFunction)lock_release, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)(void (*)(void))lock_exit, METH_FASTCALL, NULL},
    {NULL},
};

static PyMethodDef rlock_methods[] = {
    {"acquire", (PyCFunction)(void (*)(void))rlock_acquire, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"__enter__", (PyCFunction)(void (*)(void))rlock_enter, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"release", (PyCFunction)rlock_release, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)(void (*)(void))rlock_exit, METH_FASTCALL, NULL},
    {NULL},
};

static PyTypeObject LockCoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "admf_tsan.runtime._lockfast.LockCore",
    .tp_doc = "The C hot path of CheckedLock (see admf_tsan/runtime/_locks.py).",
    .tp_basicsize = sizeof(CoreObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_dealloc = (destructor)core_dealloc,
    .tp_traverse = (traverseproc)core_traverse,
    .tp_clear = (inquiry)core_clear,
    .tp_members = core_members,
    .tp_methods = lock_methods,
};

static PyTypeObject RLockCoreType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "admf_tsan.runtime._lockfast.RLockCore",
    .tp_doc = "The C hot path of CheckedRLock (see admf_tsan/runtime/_locks.py).",
    .tp_basicsize = sizeof(CoreObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)core_traverse,
    .tp_clear = (inquiry)core_clear,
    .tp_methods = rlock_methods,
};

/* -- the module ------------------------------------------------------------------------- */

/* The offset of ``active`` in ``hooks`` when the attribute is a plain object slot of its class
 * (a member descriptor, no __getattribute__ / __getattr__ override, not shadowed in the
 * instance), else 0. */
static Py_ssize_t
active_slot_offset(PyObject *hooks)
{
    PyTypeObject *type = Py_TYPE(hooks);
    if (type->tp_getattro != PyObject_GenericGetAttr || type->tp_dictoffset != 0) {
        return 0;
    }
    PyObject *descr = _PyType_Lookup(type, s_active); /* borrowed */
    if (descr == NULL || !Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        return 0;
    }
    PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
    if (member->type != T_OBJECT_EX || (member->flags & READONLY)) {
        return 0;
    }
    return member->offset;
}

static PyObject *
configure(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyDict_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError,
                        "configure(hooks, thread_state, globals: dict, cache_held: bool)");
        return NULL;
    }
    int cache_held = PyObject_IsTrue(args[3]);
    if (cache_held < 0) {
        return NULL;
    }
    g_cache_held = cache_held;
    Py_XSETREF(g_hooks, Py_NewRef(args[0]));
    g_active_offset = active_slot_offset(args[0]);
    Py_XSETREF(g_thread_state, Py_NewRef(args[1]));
    Py_XSETREF(g_globals, Py_NewRef(args[2]));
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL,
     "configure(hooks, thread_state, globals, cache_held): the objects the hot paths read; "
     "_new_pair and _contended are looked up in globals at each call; cache_held allows "
     "caching thread_state.held per OS thread."},
    {NULL},
};

static struct PyModuleDef lockfast_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "admf_tsan.runtime._lockfast",
    .m_doc = "C hot paths of the checked locks (optional; admf_tsan/runtime/_locks.py).",
    .m_size = -1,
    .m_methods = module_methods,
};

static int
intern(PyObject **slot, const char *text)
{
    *slot = PyUnicode_InternFromString(text);
    return *slot == NULL ? -1 : 0;
}

PyMODINIT_FUNC
PyInit__lockfast(void)
{
    if (intern(&s_active, "active") < 0 || intern(&s_held, "held") < 0
        || intern(&s_after, "_after") < 0 || intern(&s_new_pair, "_new_pair") < 0
        || intern(&s_contended, "_contended") < 0 || intern(&s_is_owned, "_is_owned") < 0
        || intern(&s_remove, "remove") < 0 || intern(&s_append, "append") < 0
        || intern(&s_pop, "pop") < 0 || intern(&s_blocking, "blocking") < 0
        || intern(&s_timeout, "timeout") < 0
        || intern(&s_held_key, "admf_tsan.runtime._lockfast.held") < 0) {
        return NULL;
    }
    g_minus_one = PyLong_FromLong(-1);
    g_args_false = PyTuple_Pack(1, Py_False);
    g_args_default = g_minus_one == NULL ? NULL : PyTuple_Pack(2, Py_True, g_minus_one);
    if (g_minus_one == NULL || g_args_false == NULL || g_args_default == NULL) {
        return NULL;
    }
    if (PyType_Ready(&LockCoreType) < 0) {
        return NULL;
    }
    RLockCoreType.tp_base = &LockCoreType;
    if (PyType_Ready(&RLockCoreType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&lockfast_module);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "LockCore", (PyObject *)&LockCoreType) < 0
        || PyModule_AddObjectRef(module, "RLockCore", (PyObject *)&RLockCoreType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
