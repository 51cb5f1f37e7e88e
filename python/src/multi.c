/* multi.c: halchemy._core.Multi, many transfers of one Api on one asyncio loop (SPEC §14).
 * It wraps hc_multi and only relays: libcurl's socket and timer wishes go to two Python
 * callables (the package's driver maps them to loop.add_reader/add_writer/call_later), the
 * driver calls action() when the loop says a socket is ready or the timer is due, and
 * action() hands back the finished transfers' results, built as Api.request builds them. */
#include "glue.h"

typedef struct {
    PyObject_HEAD
    hc_multi *m;
    PyObject *api;       /* the halchemy._core.Api: its pool outlives every transfer */
    PyObject *on_socket; /* callable(fd, what): what is HC_POLL_IN|HC_POLL_OUT or HC_POLL_REMOVE */
    PyObject *on_timer;  /* callable(ms): -1 no timer, 0 as soon as possible */
    PyObject *pending;   /* token -> int (the hc_transfer's address), transfers in the multi */
    PyObject *done;      /* a list the socket/timer callbacks' action() fills, or NULL */
    int quiet;           /* no Python callbacks any more (clear/dealloc) */
} MultiObject;

/* hc_transfer userdata: what the finished transfer is for. */
typedef struct {
    PyObject *token; /* strong */
    int traced;
} slot;

static void on_socket(void *ud, int fd, int what, void *socketp)
{
    (void)socketp;
    MultiObject *self = ud;
    if (self->quiet || !self->on_socket) return;
    PyObject *r = PyObject_CallFunction(self->on_socket, "ii", fd, what);
    if (r) Py_DECREF(r);
    else PyErr_WriteUnraisable(self->on_socket);
}

static void on_timer(void *ud, long timeout_ms)
{
    MultiObject *self = ud;
    if (self->quiet || !self->on_timer) return;
    PyObject *r = PyObject_CallFunction(self->on_timer, "l", timeout_ms);
    if (r) Py_DECREF(r);
    else PyErr_WriteUnraisable(self->on_timer);
}

static int Multi_init(MultiObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"api", "on_socket", "on_timer", NULL};
    PyObject *api, *sock, *timer;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOO", kwlist, &api, &sock, &timer)) return -1;
    if (self->m) {
        PyErr_SetString(PyExc_RuntimeError, "Multi is already initialised");
        return -1;
    }
    if (!hcpy_api_of(api)) return -1;
    if (!PyCallable_Check(sock) || !PyCallable_Check(timer)) {
        PyErr_SetString(PyExc_TypeError, "on_socket and on_timer must be callable");
        return -1;
    }
    if (!(self->pending = PyDict_New())) return -1;
    Py_INCREF(api);
    Py_INCREF(sock);
    Py_INCREF(timer);
    self->api = api;
    self->on_socket = sock;
    self->on_timer = timer;
    if (!(self->m = hc_multi_new(on_socket, on_timer, self))) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void free_transfer(hc_transfer *t)
{
    if (!t) return;
    slot *s = hc_transfer_userdata(t);
    hc_transfer_delete(t);
    if (s) {
        Py_XDECREF(s->token);
        PyMem_Free(s);
    }
}

static hc_transfer *transfer_of(PyObject *address)
{
    return PyLong_AsVoidPtr(address);
}

/* The error of a request the Multi no longer runs: closed before it finished (SPEC §13,
 * §14), or any request added after close(). */
static void closed_error(hc_error *err, int in_flight)
{
    memset(err, 0, sizeof *err);
    err->code = HC_ECLOSED;
    snprintf(err->message, sizeof err->message, "%s",
             in_flight ? "the AsyncApi was closed while this request was in flight: it was "
                         "aborted and no response will come"
                       : "the AsyncApi is closed: no request can be sent after close()");
}

/* Takes every transfer out and frees it, then the multi (closing its connections). When
 * `settle` is given, (token, exception) of each unfinished one is appended to it. */
static void shutdown_multi(MultiObject *self, PyObject *settle)
{
    if (self->pending) {
        hc_error err;
        closed_error(&err, 1);
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(self->pending, &pos, &key, &value)) {
            hc_transfer *t = transfer_of(value);
            if (!t) { PyErr_Clear(); continue; }
            if (settle) {
                PyObject *exc = hcpy_error(&err);
                PyObject *pair = exc ? PyTuple_Pack(2, key, exc) : NULL;
                if (!pair || PyList_Append(settle, pair) < 0) PyErr_Clear();
                Py_XDECREF(exc);
                Py_XDECREF(pair);
            }
            if (self->m) hc_multi_cancel(self->m, t);
            free_transfer(t);
        }
        PyDict_Clear(self->pending);
    }
    if (self->m) {
        /* finished in an action but not yet taken: never handed out, freed here */
        hc_transfer *t;
        while ((t = hc_multi_next_done(self->m))) free_transfer(t);
        hc_multi_delete(self->m); /* its sockets' REMOVE calls reach on_socket unless quiet */
        self->m = NULL;
    }
}

static int Multi_traverse(MultiObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->api);
    Py_VISIT(self->on_socket);
    Py_VISIT(self->on_timer);
    Py_VISIT(self->pending);
    return 0;
}

static int Multi_clear(MultiObject *self)
{
    self->quiet = 1;
    shutdown_multi(self, NULL); /* transfers before their Api */
    Py_CLEAR(self->pending);
    Py_CLEAR(self->on_socket);
    Py_CLEAR(self->on_timer);
    Py_CLEAR(self->api);
    return 0;
}

static void Multi_dealloc(MultiObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Multi_clear(self);
    freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    tp_free(self);
    Py_DECREF(tp);
}

/* add(token, *request) -> None: builds the transfer from Api.request's arguments (a bad
 * template, header or body raises here, nothing sent) and starts it; its result comes back
 * from action() paired with token. */
static PyObject *Multi_add(MultiObject *self, PyObject *args)
{
    hc_error err = {0};
    if (!self->m) {
        closed_error(&err, 0);
        return hcpy_raise(&err);
    }
    Py_ssize_t n = PyTuple_Size(args);
    if (n < 3) {
        PyErr_SetString(PyExc_TypeError, "add(token, method, url, ...)");
        return NULL;
    }
    PyObject *token = PyTuple_GetItem(args, 0);
    PyObject *rest = PyTuple_GetSlice(args, 1, n);
    if (!token || !rest) { Py_XDECREF(rest); return NULL; }
    hc_request_opts o;
    hc_transfer *t = NULL;
    PyObject *address = NULL;
    slot *s = NULL;
    if (!hcpy_parse_opts(rest, &o)) goto fail;
    if (hc_transfer_new(hcpy_api_of(self->api), &o, &t, &err) != HC_OK) {
        hcpy_raise(&err);
        goto fail;
    }
    if (!hcpy_log_verify_warning(hcpy_api_of(self->api))) goto fail;
    if (!(s = PyMem_Malloc(sizeof *s))) { PyErr_NoMemory(); goto fail; }
    Py_INCREF(token);
    s->token = token;
    s->traced = o.trace;
    hc_transfer_set_userdata(t, s);
    s = NULL; /* freed with t from here on */
    if (!(address = PyLong_FromVoidPtr(t)) || PyDict_SetItem(self->pending, token, address) < 0)
        goto fail;
    if (hc_multi_add(self->m, t, &err) != HC_OK) {
        PyDict_DelItem(self->pending, token);
        hcpy_raise(&err);
        goto fail;
    }
    Py_DECREF(address);
    Py_DECREF(rest);
    Py_RETURN_NONE;
fail:
    free_transfer(t);
    Py_XDECREF(address);
    Py_DECREF(rest);
    return NULL;
}

/* The finished transfers as a list of (token, result), or None when there are none. */
static PyObject *take_done(MultiObject *self)
{
    PyObject *list = NULL;
    hc_transfer *t;
    while (self->m && (t = hc_multi_next_done(self->m))) {
        slot *s = hc_transfer_userdata(t);
        PyObject *result = hcpy_result_tuple(t, s->traced);
        PyObject *pair = result ? PyTuple_Pack(2, s->token, result) : NULL;
        Py_XDECREF(result);
        if (PyDict_DelItem(self->pending, s->token) < 0) PyErr_Clear();
        free_transfer(t);
        if (!pair) { Py_XDECREF(list); return NULL; }
        if (!list && !(list = PyList_New(0))) { Py_DECREF(pair); return NULL; }
        int rc = PyList_Append(list, pair);
        Py_DECREF(pair);
        if (rc < 0) { Py_DECREF(list); return NULL; }
    }
    if (!list) Py_RETURN_NONE;
    return list;
}

/* action(fd, events) -> list of (token, result) or None: fd is ready for events
 * (HC_POLL_IN|HC_POLL_OUT), or -1 when the timer is due. */
static PyObject *Multi_action(MultiObject *self, PyObject *args)
{
    int fd, events;
    if (!PyArg_ParseTuple(args, "ii", &fd, &events)) return NULL;
    if (!self->m) Py_RETURN_NONE;
    hc_multi_action(self->m, fd, events);
    return take_done(self);
}

/* cancel(token) -> bool: SPEC §14, the awaiting task was cancelled: the transfer leaves the
 * multi (its connection closed, not left to finish) and is freed now. False when token is
 * not in flight (finished already). */
static PyObject *Multi_cancel(MultiObject *self, PyObject *token)
{
    if (!self->pending) Py_RETURN_FALSE;
    PyObject *address = PyDict_GetItemWithError(self->pending, token);
    if (!address) {
        if (PyErr_Occurred()) return NULL;
        Py_RETURN_FALSE;
    }
    hc_transfer *t = transfer_of(address);
    if (!t) return NULL;
    if (self->m) hc_multi_cancel(self->m, t);
    if (PyDict_DelItem(self->pending, token) < 0) return NULL; /* address dies here */
    free_transfer(t);
    Py_RETURN_TRUE;
}

/* close() -> [(token, exception)] of the requests still in flight, each exception a
 * HalchemyError with code "closed" for the driver to settle them with: every transfer is
 * taken out and freed, the multi and its connections closed; add() then raises (code
 * closed). Idempotent. */
static PyObject *Multi_close(MultiObject *self, PyObject *unused)
{
    (void)unused;
    PyObject *settle = PyList_New(0);
    if (!settle) return NULL;
    shutdown_multi(self, settle);
    return settle;
}

static PyObject *get_running(MultiObject *self, void *c)
{
    (void)c;
    return PyLong_FromLong(self->pending ? (long)PyDict_Size(self->pending) : 0);
}

static PyObject *get_closed(MultiObject *self, void *c)
{
    (void)c;
    return PyBool_FromLong(self->m == NULL);
}

static PyGetSetDef Multi_getset[] = {
    {"running", (getter)get_running, NULL, "Transfers added and not yet handed out.", NULL},
    {"closed", (getter)get_closed, NULL, "True after close().", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef Multi_methods[] = {
    {"add", (PyCFunction)Multi_add, METH_VARARGS, "add(token, method, url, ...): starts a transfer (Api.request's arguments)."},
    {"action", (PyCFunction)Multi_action, METH_VARARGS, "action(fd, events) -> [(token, result)] or None."},
    {"cancel", (PyCFunction)Multi_cancel, METH_O, "cancel(token) -> bool: aborts and frees a transfer in flight."},
    {"close", (PyCFunction)Multi_close, METH_NOARGS, "close() -> [(token, exception)] in flight; frees everything."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Multi_slots[] = {
    {Py_tp_doc, (void *)"Transfers of one Api driven by an event loop (hc_multi)."},
    {Py_tp_new, (void *)PyType_GenericNew},
    {Py_tp_init, (void *)Multi_init},
    {Py_tp_dealloc, (void *)Multi_dealloc},
    {Py_tp_traverse, (void *)Multi_traverse},
    {Py_tp_clear, (void *)Multi_clear},
    {Py_tp_methods, Multi_methods},
    {Py_tp_getset, Multi_getset},
    {0, NULL},
};

static PyType_Spec Multi_spec = {
    "halchemy._core.Multi", sizeof(MultiObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    Multi_slots,
};

PyObject *hcpy_multi_type(void)
{
    return PyType_FromSpec(&Multi_spec);
}
