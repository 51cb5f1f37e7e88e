/* api.c: halchemy._core.Api, the Python type over hc_api: its settings as properties and
 * request(), which builds a transfer, runs it with the GIL released, and hands back the
 * request and response as plain Python values for the package to wrap. */
#include <signal.h>

#include "glue.h"

typedef struct {
    PyObject_HEAD
    hc_api *api;
} ApiObject;

static int Api_init(ApiObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"load_config", NULL};
    int load_config = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|p", kwlist, &load_config)) return -1;
    if (self->api) return 0;
    hc_error err = {0};
    hc_code rc = load_config ? hc_api_new(&self->api, &err) : hc_api_new_default(&self->api, &err);
    if (rc != HC_OK) { hcpy_raise(&err); return -1; }
    return 0;
}

/* A heap type's instance holds a reference to its type, released here (after tp_free). */
static void Api_dealloc(ApiObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    hc_api_delete(self->api);
    freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    tp_free(self);
    Py_DECREF(tp);
}

/* ---- settings (SPEC §2): by name, through the core's table ------------------------- */

/* set(group, name, value, as_json=False): group None for a top-level setting; as_json: the
 * value is a mapping given as JSON object text (a group such as error_handling). */
static PyObject *Api_set(ApiObject *self, PyObject *args)
{
    const char *group = NULL, *name = NULL;
    PyObject *value;
    int as_json = 0;
    if (!PyArg_ParseTuple(args, "zsO|p", &group, &name, &value, &as_json)) return NULL;
    hc_value v;
    PyObject *type_name = NULL;
    if (!hcpy_value(value, &v, &type_name)) { Py_XDECREF(type_name); return NULL; }
    if (as_json && v.kind == HC_VALUE_STRING) v.kind = HC_VALUE_JSON;
    hc_error err = {0};
    hc_code rc = hc_api_set(self->api, HC_LANG_PYTHON, group, name, &v, &err);
    Py_DECREF(type_name);
    if (rc != HC_OK) return hcpy_raise(&err);
    Py_RETURN_NONE;
}

/* set_option(name, value, as_json=False): a constructor keyword (hc_api_set_option). */
static PyObject *Api_set_option(ApiObject *self, PyObject *args)
{
    const char *name = NULL;
    PyObject *value;
    int as_json = 0;
    if (!PyArg_ParseTuple(args, "sO|p", &name, &value, &as_json)) return NULL;
    hc_value v;
    PyObject *type_name = NULL;
    if (!hcpy_value(value, &v, &type_name)) { Py_XDECREF(type_name); return NULL; }
    if (as_json && v.kind == HC_VALUE_STRING) v.kind = HC_VALUE_JSON;
    hc_error err = {0};
    hc_code rc = hc_api_set_option(self->api, HC_LANG_PYTHON, name, &v, &err);
    Py_DECREF(type_name);
    if (rc != HC_OK) return hcpy_raise(&err);
    Py_RETURN_NONE;
}

static PyObject *Api_get(ApiObject *self, PyObject *args)
{
    const char *name = NULL;
    if (!PyArg_ParseTuple(args, "s", &name)) return NULL;
    hc_value v;
    hc_error err = {0};
    if (hc_api_get(self->api, HC_LANG_PYTHON, name, &v, &err) != HC_OK) return hcpy_raise(&err);
    switch (v.kind) {
    case HC_VALUE_BOOL: return PyBool_FromLong(v.boolean);
    case HC_VALUE_NUMBER: return PyFloat_FromDouble(v.number);
    case HC_VALUE_STRING: return hcpy_take_str((char *)v.string);
    default: Py_RETURN_NONE;
    }
}

static PyObject *get_headers_json(ApiObject *self, void *c) { (void)c; return hcpy_take_str(hc_api_headers_json(self->api)); }
static PyObject *get_closed(ApiObject *self, void *c) { (void)c; return PyBool_FromLong(hc_api_closed(self->api)); }

static PyGetSetDef Api_getset[] = {
    {"headers_json", (getter)get_headers_json, NULL, NULL, NULL},
    {"closed", (getter)get_closed, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- headers and config ------------------------------------------------------------ */

static PyObject *call_json(ApiObject *self, PyObject *args, hc_code (*fn)(hc_api *, const char *, hc_error *))
{
    const char *text;
    if (!PyArg_ParseTuple(args, "s", &text)) return NULL;
    hc_error err = {0};
    if (fn(self->api, text, &err) != HC_OK) return hcpy_raise(&err);
    Py_RETURN_NONE;
}

static PyObject *replace_headers(ApiObject *self, PyObject *args) { return call_json(self, args, hc_api_replace_headers); }
static PyObject *merge_headers(ApiObject *self, PyObject *args) { return call_json(self, args, hc_api_merge_headers); }
static PyObject *load_config(ApiObject *self, PyObject *args) { return call_json(self, args, hc_api_load_config); }

static PyObject *remove_header(ApiObject *self, PyObject *args)
{
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name)) return NULL;
    hc_api_remove_header(self->api, name);
    Py_RETURN_NONE;
}

/* ---- requests ---------------------------------------------------------------------- */

/* (method, url, template_values, parameters, headers, data, content_type, self_href,
 *  etag_header, etag_value, document_url, etag_source, link_literal, conflict_retries,
 *  timeout_set, timeout, trace): timeout_set and trace bools, timeout a float (SPEC §13);
 *  the items from template_values to etag_source are a str or None (data and etag_source
 *  also bytes: data's bytes are sent as is), link_literal a bool, conflict_retries an int. The strings are borrowed from the
 *  argument tuple, which outlives the call. */
int hcpy_parse_opts(PyObject *args, hc_request_opts *o)
{
    memset(o, 0, sizeof *o);
    Py_ssize_t source_len = 0, value_len = 0;
    PyObject *data = Py_None;
    /* etag_value as z#: a server's field may hold a NUL, which the core refuses only when
     * it would be sent (SPEC §8, §12) */
    if (!PyArg_ParseTuple(args, "O&O&|zzzOO&O&O&z#O&z#pipdp", hcpy_text, &o->method, hcpy_text,
                            &o->url, &o->template_values, &o->parameters, &o->headers,
                            &data, hcpy_opt_text, &o->content_type, hcpy_opt_text,
                            &o->self_href, hcpy_opt_text, &o->etag_header,
                            &o->etag_value, &value_len, hcpy_opt_text, &o->document_url, &o->etag_source,
                            &source_len, &o->link_literal, &o->conflict_retries,
                            &o->timeout_set, &o->timeout, &o->trace))
        return 0;
    o->etag_value_len = (size_t)value_len;
    /* data: JSON text (str), bytes sent as is (SPEC §9), or None */
    if (PyBytes_Check(data)) {
        Py_ssize_t n = 0;
        char *raw = NULL;
        if (PyBytes_AsStringAndSize(data, &raw, &n) < 0) return 0;
        o->raw_body = raw;
        o->raw_body_len = (size_t)n;
    } else if (data != Py_None) {
        o->data = PyUnicode_AsUTF8AndSize(data, NULL);
        if (!o->data) return 0;
    }
    return 1;
}

static PyObject *Api_url(ApiObject *self, PyObject *args)
{
    hc_request_opts o;
    if (!hcpy_parse_opts(args, &o)) return NULL;
    char *out = NULL;
    hc_error err = {0};
    if (hc_api_url(self->api, &o, &out, &err) != HC_OK) return hcpy_raise(&err);
    return hcpy_take_str(out);
}

PyObject *hcpy_result_tuple(const hc_transfer *t, int traced)
{
    size_t req_len = 0, body_len = 0;
    const char *req_body = hc_transfer_request_body(t, &req_len);
    const char *body = hc_transfer_response_body(t, &body_len);
    const hc_error *err = hc_transfer_error(t);
    PyObject *req_headers = hcpy_headers_list(hc_transfer_request_headers(t));
    PyObject *resp_headers = hcpy_headers_list(hc_transfer_response_headers(t));
    if (!req_headers || !resp_headers) {
        Py_XDECREF(req_headers);
        Py_XDECREF(resp_headers);
        return NULL;
    }
    PyObject *req_body_obj = req_body ? PyBytes_FromStringAndSize(req_body, (Py_ssize_t)req_len)
                                      : (Py_INCREF(Py_None), Py_None);
    /* SPEC §9: the body's value by the core's verdict (values.c), or its text */
    size_t offset = 0;
    hc_json_kind kind = hc_transfer_body_json(t, &offset);
    PyObject *value = hcpy_body_value(body, body_len, kind, offset);
    if (!req_body_obj || !value) {
        Py_DECREF(req_headers);
        Py_DECREF(resp_headers);
        Py_XDECREF(req_body_obj);
        Py_XDECREF(value);
        return NULL;
    }
    /* SPEC §13: the redirect hops and, when asked for, the trace lines, as JSON text */
    PyObject *history = hcpy_take_str(hc_transfer_history_json(t));
    PyObject *trace = traced ? hcpy_take_str(hc_transfer_trace_json(t)) : (Py_INCREF(Py_None), Py_None);
    if (!history || !trace) {
        Py_DECREF(req_headers);
        Py_DECREF(resp_headers);
        Py_DECREF(req_body_obj);
        Py_DECREF(value);
        Py_XDECREF(history);
        Py_XDECREF(trace);
        return NULL;
    }
    return Py_BuildValue("(ssNNiNNy#NizNIiNN)", hc_transfer_method(t), hc_transfer_url(t),
                         req_headers, req_body_obj, hc_transfer_status(t),
                         hcpy_from_core(hc_transfer_reason(t)), resp_headers, body,
                         (Py_ssize_t)body_len, value,
                         (int)hc_transfer_raise(t),
                         err->code ? hc_code_name(err->code) : NULL,
                         hcpy_from_core(err->code ? err->message : NULL), (unsigned)err->curl_code,
                         hc_transfer_conflict_retries(t), history, trace);
}

/* SPEC §13: the core's warning when verify is off, once per Api, on the `halchemy` logger
 * at WARNING. 0 with an exception when logging itself failed. */
int hcpy_log_verify_warning(hc_api *api)
{
    char *text = hc_api_verify_warning(api);
    if (!text) return 1;
    PyObject *logging = PyImport_ImportModule("logging");
    PyObject *logger = logging ? PyObject_CallMethod(logging, "getLogger", "s", "halchemy") : NULL;
    PyObject *r = logger ? PyObject_CallMethod(logger, "warning", "ss", "%s", text) : NULL;
    hc_free(text);
    Py_XDECREF(logging);
    Py_XDECREF(logger);
    Py_XDECREF(r);
    return r != NULL;
}

/* SPEC §13 Ctrl-C: only Python's main thread handles signals, and only when a Python
 * handler is installed for SIGINT (the default one is). Python's main thread is the
 * thread that imported threading's main_thread: its ident is read once. */
static unsigned long main_ident;
static int have_main_ident;

static int wants_signal_checks(void)
{
    if (!have_main_ident) {
        PyObject *threading = PyImport_ImportModule("threading");
        PyObject *main = threading ? PyObject_CallMethod(threading, "main_thread", NULL) : NULL;
        PyObject *ident = main ? PyObject_GetAttrString(main, "ident") : NULL;
        Py_XDECREF(threading);
        Py_XDECREF(main);
        if (!ident) { PyErr_Clear(); return 0; }
        main_ident = PyLong_AsUnsignedLong(ident);
        Py_DECREF(ident);
        if (PyErr_Occurred()) { PyErr_Clear(); return 0; }
        have_main_ident = 1;
    }
    if (PyThread_get_thread_ident() != main_ident) return 0;
    struct sigaction sa;
    if (sigaction(SIGINT, NULL, &sa) != 0) return 1;
    return sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN;
}

/* Between the waits of a transfer on the main thread: the GIL is taken back for
 * PyErr_CheckSignals, which runs Python's signal handlers (SIGINT: KeyboardInterrupt). A
 * handler that raised stops the transfer; its exception stays set for the caller. */
typedef struct {
    PyThreadState *ts;
} signal_check;

static int check_signals(void *ud)
{
    signal_check *c = ud;
    PyEval_RestoreThread(c->ts);
    int stop = PyErr_CheckSignals() < 0;
    c->ts = PyEval_SaveThread();
    return stop;
}

#define HCPY_CHECK_INTERVAL_MS 50 /* SPEC §13: an interrupt is seen within this */

static PyObject *Api_request(ApiObject *self, PyObject *args)
{
    hc_request_opts o;
    if (!hcpy_parse_opts(args, &o)) return NULL;
    hc_transfer *t = NULL;
    hc_error err = {0};
    if (hc_transfer_new(self->api, &o, &t, &err) != HC_OK) return hcpy_raise(&err);
    if (!hcpy_log_verify_warning(self->api)) { hc_transfer_delete(t); return NULL; }
    hc_code rc;
    if (wants_signal_checks()) {
        signal_check c;
        c.ts = PyEval_SaveThread();
        rc = hc_transfer_perform_checked(t, check_signals, &c, HCPY_CHECK_INTERVAL_MS);
        PyEval_RestoreThread(c.ts);
    } else {
        Py_BEGIN_ALLOW_THREADS
        rc = hc_transfer_perform(t);
        Py_END_ALLOW_THREADS
    }
    if (rc == HC_EINTERRUPTED) {
        hc_transfer_delete(t);
        if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
        return NULL;
    }
    PyObject *r = hcpy_result_tuple(t, o.trace);
    hc_transfer_delete(t);
    return r;
}

/* ---- SPEC §13: cookies and lifetime ------------------------------------------------- */

static PyObject *Api_cookie_jar_json(ApiObject *self, PyObject *unused)
{
    (void)unused;
    char *out = NULL;
    hc_error err = {0};
    if (hc_api_cookie_jar_json(self->api, &out, &err) != HC_OK) return hcpy_raise(&err);
    return hcpy_take_str(out);
}

static PyObject *Api_clear_cookies(ApiObject *self, PyObject *unused)
{
    (void)unused;
    hc_error err = {0};
    if (hc_api_clear_cookies(self->api, &err) != HC_OK) return hcpy_raise(&err);
    Py_RETURN_NONE;
}

static PyObject *Api_close(ApiObject *self, PyObject *unused)
{
    (void)unused;
    Py_BEGIN_ALLOW_THREADS
    hc_api_close(self->api);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyMethodDef Api_methods[] = {
    {"set", (PyCFunction)Api_set, METH_VARARGS, "set(group, name, value, as_json=False): a setting by name (SPEC §2)."},
    {"set_option", (PyCFunction)Api_set_option, METH_VARARGS, "set_option(name, value, as_json=False): a constructor keyword."},
    {"get", (PyCFunction)Api_get, METH_VARARGS, "get(name) -> the setting's value."},
    {"replace_headers", (PyCFunction)replace_headers, METH_VARARGS, "Default headers become this JSON object."},
    {"merge_headers", (PyCFunction)merge_headers, METH_VARARGS, "Merges a JSON object over the default headers."},
    {"remove_header", (PyCFunction)remove_header, METH_VARARGS, "Removes one default header (absent: ignored)."},
    {"load_config", (PyCFunction)load_config, METH_VARARGS, "Applies a .halchemy INI file."},
    {"url", (PyCFunction)Api_url, METH_VARARGS, "The absolute URL a request would go to."},
    {"request", (PyCFunction)Api_request, METH_VARARGS, "Sends a request; returns a tuple of results."},
    {"cookie_jar_json", (PyCFunction)Api_cookie_jar_json, METH_NOARGS, "The cookie jar as JSON text (SPEC §13)."},
    {"clear_cookies", (PyCFunction)Api_clear_cookies, METH_NOARGS, "Empties the cookie jar."},
    {"close", (PyCFunction)Api_close, METH_NOARGS, "Closes the kept-alive connections; later requests raise (code closed)."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot Api_slots[] = {
    {Py_tp_doc, (void *)"The core's Api: settings, default headers and the connection pool."},
    {Py_tp_new, (void *)PyType_GenericNew},
    {Py_tp_init, (void *)Api_init},
    {Py_tp_dealloc, (void *)Api_dealloc},
    {Py_tp_methods, Api_methods},
    {Py_tp_getset, Api_getset},
    {0, NULL},
};

static PyType_Spec Api_spec = {
    "halchemy._core.Api", sizeof(ApiObject), 0, Py_TPFLAGS_DEFAULT, Api_slots,
};

static PyObject *api_type; /* borrowed from the module, which holds it as long as we run */

PyObject *hcpy_api_type(void)
{
    PyObject *tp = PyType_FromSpec(&Api_spec);
    api_type = tp;
    return tp;
}

hc_api *hcpy_api_of(PyObject *o)
{
    if (!api_type || !PyObject_TypeCheck(o, (PyTypeObject *)api_type)) {
        PyErr_SetString(PyExc_TypeError, "expected a halchemy._core.Api");
        return NULL;
    }
    return ((ApiObject *)o)->api;
}
