/* module.c: the halchemy._core extension module: its functions over the core's pure rules
 * (templates, HAL lookups, status specs) and the hook through which the Python package
 * tells native code which exception class to raise for each core error code. */
#include <math.h>
#include <string.h>

#include "glue.h"

static PyObject *error_factory; /* callable(code_name, message) -> exception instance */

PyObject *hcpy_error(const hc_error *err)
{
    if (!error_factory) {
        PyErr_SetString(PyExc_RuntimeError, "halchemy's error factory is not set");
        return NULL;
    }
    return PyObject_CallFunction(error_factory, "ss", hc_code_name(err->code), err->message);
}

PyObject *hcpy_raise(const hc_error *err)
{
    if (err->code == HC_ENOMEM) return PyErr_NoMemory();
    PyObject *exc = NULL;
    if (error_factory)
        exc = PyObject_CallFunction(error_factory, "ss", hc_code_name(err->code), err->message);
    if (exc) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    } else if (!PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, err->message);
    }
    return NULL;
}

PyObject *hcpy_from_core(const char *s)
{
    if (!s) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

PyObject *hcpy_headers_list(const hc_headers *h)
{
    size_t n = h ? hc_headers_count(h) : 0;
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (!list) return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *pair = Py_BuildValue("(NN)", hcpy_from_core(hc_headers_name(h, i)),
                                       hcpy_from_core(hc_headers_value(h, i)));
        if (!pair) { Py_DECREF(list); return NULL; }
        PyList_SetItem(list, (Py_ssize_t)i, pair); /* steals pair; i is in range */
    }
    return list;
}

PyObject *hcpy_type_name(PyObject *o)
{
    return PyObject_GetAttrString((PyObject *)Py_TYPE(o), "__name__");
}

PyObject *hcpy_take_str(char *s)
{
    if (!s) return PyErr_NoMemory();
    PyObject *o = PyUnicode_FromString(s);
    hc_free(s);
    return o;
}

int hcpy_text(PyObject *o, void *out)
{
    if (!PyUnicode_Check(o)) {
        PyObject *name = hcpy_type_name(o);
        if (name) {
            PyErr_Format(PyExc_TypeError, "expected a str, got %U", name);
            Py_DECREF(name);
        }
        return 0;
    }
    Py_ssize_t n = 0;
    const char *s = PyUnicode_AsUTF8AndSize(o, &n);
    if (!s) return 0;
    hc_error err = {0};
    if (hc_check_text(s, (size_t)n, &err) != HC_OK) { hcpy_raise(&err); return 0; }
    *(const char **)out = s;
    return 1;
}

int hcpy_opt_text(PyObject *o, void *out)
{
    if (o == Py_None) { *(const char **)out = NULL; return 1; }
    return hcpy_text(o, out);
}

int hcpy_value(PyObject *o, hc_value *v, PyObject **keep)
{
    memset(v, 0, sizeof *v);
    *keep = hcpy_type_name(o);
    if (!*keep) return 0;
    if (!(v->type_name = PyUnicode_AsUTF8AndSize(*keep, NULL))) return 0;
    if (o == Py_None) {
        v->kind = HC_VALUE_NULL;
    } else if (PyBool_Check(o)) {
        v->kind = HC_VALUE_BOOL;
        v->boolean = o == Py_True;
    } else if (PyLong_Check(o) || PyFloat_Check(o)) {
        v->kind = HC_VALUE_NUMBER;
        v->number = PyFloat_AsDouble(o);
        if (v->number == -1 && PyErr_Occurred()) {
            if (!PyErr_ExceptionMatches(PyExc_OverflowError)) return 0;
            PyErr_Clear(); /* an int too big for a double: out of range, said by the core */
            v->number = HUGE_VAL;
        }
    } else if (PyUnicode_Check(o)) {
        Py_ssize_t n = 0;
        v->kind = HC_VALUE_STRING;
        v->string = PyUnicode_AsUTF8AndSize(o, &n);
        if (!v->string) return 0;
        v->length = (size_t)n;
    } else {
        v->kind = HC_VALUE_OTHER;
    }
    return 1;
}

/* The core's tables as JSON text (SPEC §2, §10): the package builds from them. */
static PyObject *errors_table(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return hcpy_take_str(hc_errors_json());
}

static PyObject *settings_table(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return hcpy_take_str(hc_settings_json(HC_LANG_PYTHON));
}

static PyObject *set_error_factory(PyObject *self, PyObject *fn)
{
    (void)self;
    if (!PyCallable_Check(fn)) {
        PyErr_SetString(PyExc_TypeError, "the error factory must be callable");
        return NULL;
    }
    PyObject *old = error_factory;
    Py_INCREF(fn);
    error_factory = fn;
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

static PyObject *expand(PyObject *self, PyObject *args)
{
    (void)self;
    const char *tmpl, *values = NULL;
    if (!PyArg_ParseTuple(args, "O&|z", hcpy_text, &tmpl, &values)) return NULL;
    char *out = NULL;
    hc_error err = {0};
    if (hc_uritemplate_expand(tmpl, values, &out, &err) != HC_OK) return hcpy_raise(&err);
    return hcpy_take_str(out);
}

/* (href, templated, self_href or None, deprecation or None) of rel in a _links JSON text
 * (None: no _links), chosen by a JSON object of link criteria (SPEC §11; hc_hal_find). */
static PyObject *follow_link(PyObject *self, PyObject *args)
{
    (void)self;
    const char *links, *rel, *criteria = NULL;
    if (!PyArg_ParseTuple(args, "zO&|z", &links, hcpy_text, &rel, &criteria)) return NULL;
    hc_link link;
    hc_error err = {0};
    if (hc_hal_find(links, rel, criteria, &link, &err) != HC_OK) return hcpy_raise(&err);
    PyObject *r = Py_BuildValue("(sNzz)", link.href, PyBool_FromLong(link.templated),
                                link.self_href, link.deprecation);
    hc_link_clear(&link);
    return r;
}

/* Whether _links (JSON text; None: no _links) has rel, CURIEs included. */
static PyObject *has_rel(PyObject *self, PyObject *args)
{
    (void)self;
    const char *links, *rel;
    if (!PyArg_ParseTuple(args, "zO&", &links, hcpy_text, &rel)) return NULL;
    int has = 0;
    hc_error err = {0};
    if (hc_hal_has_rel(links, rel, &has, &err) != HC_OK) return hcpy_raise(&err);
    return PyBool_FromLong(has);
}

/* The warning for following a deprecated link to url, or None when already given. */
static PyObject *deprecation_notice(PyObject *self, PyObject *args)
{
    (void)self;
    const char *url, *deprecation;
    if (!PyArg_ParseTuple(args, "ss", &url, &deprecation)) return NULL;
    char *notice = hc_deprecation_notice(url, deprecation);
    if (!notice) Py_RETURN_NONE;
    return hcpy_take_str(notice);
}

static PyObject *url_resolve(PyObject *self, PyObject *args)
{
    (void)self;
    const char *base, *document, *href;
    if (!PyArg_ParseTuple(args, "O&O&O&", hcpy_text, &base, hcpy_opt_text, &document, hcpy_text, &href)) return NULL;
    char *out = NULL;
    hc_error err = {0};
    if (hc_url_resolve(base, document, href, &out, &err) != HC_OK) return hcpy_raise(&err);
    return hcpy_take_str(out);
}

static PyObject *encode_reference(PyObject *self, PyObject *args)
{
    (void)self;
    const char *href;
    if (!PyArg_ParseTuple(args, "O&", hcpy_text, &href)) return NULL;
    char *out = NULL;
    hc_error err = {0};
    if (hc_url_encode_reference(href, &out, &err) != HC_OK) return hcpy_raise(&err);
    return hcpy_take_str(out);
}

/* The SPEC §8 If-Match rule by itself (for the shared vectors; requests apply it inside
 * hc_transfer_new): (method, link_href, self_href, etag_header, etag_value, etag_source). */
static PyObject *if_match(PyObject *self, PyObject *args)
{
    (void)self;
    const char *method, *link, *self_href, *header, *value, *source;
    if (!PyArg_ParseTuple(args, "O&O&O&O&O&z", hcpy_text, &method, hcpy_opt_text, &link, hcpy_opt_text,
                          &self_href, hcpy_opt_text, &header, hcpy_opt_text, &value, &source))
        return NULL;
    char *field = hc_etag_field_exact(value, source, "_etag");
    const char *r = hc_if_match(method, link, self_href, header, field);
    PyObject *o = r ? PyUnicode_FromString(r) : (Py_INCREF(Py_None), Py_None);
    hc_free(field);
    return o;
}

static PyObject *hal_check(PyObject *self, PyObject *args)
{
    (void)self;
    const char *json;
    if (!PyArg_ParseTuple(args, "s", &json)) return NULL;
    hc_error err = {0};
    if (hc_hal_check(json, &err) != HC_OK) return hcpy_raise(&err);
    Py_RETURN_NONE;
}

/* "one" or "many" for _embedded[rel]; expect is "one", "many" or None. */
static PyObject *hal_embedded(PyObject *self, PyObject *args)
{
    (void)self;
    const char *json, *rel, *expect = NULL;
    if (!PyArg_ParseTuple(args, "sO&|O&", &json, hcpy_text, &rel, hcpy_opt_text, &expect)) return NULL;
    hc_multiplicity want = HC_ANY, found = HC_ANY;
    hc_error err = {0};
    if (hc_multiplicity_parse(expect, &want, &err) != HC_OK) return hcpy_raise(&err);
    if (hc_hal_embedded(json, rel, want, &found, &err) != HC_OK) return hcpy_raise(&err);
    return PyUnicode_FromString(found == HC_MANY ? "many" : "one");
}

static PyObject *hal_collection(PyObject *self, PyObject *args)
{
    (void)self;
    const char *json, *field;
    if (!PyArg_ParseTuple(args, "sO&", &json, hcpy_text, &field)) return NULL;
    hc_error err = {0};
    if (hc_hal_collection(json, field, &err) != HC_OK) return hcpy_raise(&err);
    Py_RETURN_NONE;
}

/* to_json(value, lenient=False) -> str: the JSON text the core reads (values.c). */
static PyObject *to_json(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "to_json(value, lenient=False)");
        return NULL;
    }
    int lenient = 0;
    if (nargs == 2 && (lenient = PyObject_IsTrue(args[1])) < 0) return NULL;
    return hcpy_to_json(args[0], lenient);
}

static PyObject *status_matches(PyObject *self, PyObject *args)
{
    (void)self;
    const char *spec;
    int status, match = 0;
    if (!PyArg_ParseTuple(args, "O&i", hcpy_opt_text, &spec, &status)) return NULL;
    hc_error err = {0};
    if (hc_status_matches(spec, status, &match, &err) != HC_OK) return hcpy_raise(&err);
    return PyBool_FromLong(match);
}

/* The HTTPError message (SPEC §10), built by the core for both languages. */
static PyObject *http_error_message(PyObject *self, PyObject *args)
{
    (void)self;
    const char *method, *url, *reason;
    int status;
    if (!PyArg_ParseTuple(args, "ssis", &method, &url, &status, &reason)) return NULL;
    return hcpy_take_str(hc_http_error_message(method, url, status, reason));
}

/* SPEC §13 redaction, the core's one rule: the value to show for a header, and a URL with
 * its password as ***. */
static PyObject *header_shown(PyObject *self, PyObject *args)
{
    (void)self;
    const char *name, *value;
    if (!PyArg_ParseTuple(args, "ss", &name, &value)) return NULL;
    return hcpy_from_core(hc_header_shown(name, value));
}

static PyObject *url_redacted(PyObject *self, PyObject *args)
{
    (void)self;
    const char *url;
    if (!PyArg_ParseTuple(args, "s", &url)) return NULL;
    return hcpy_take_str(hc_url_redacted(url));
}

static PyMethodDef functions[] = {
    {"header_shown", header_shown, METH_VARARGS, "header_shown(name, value) -> the value to show (credentials redacted)"},
    {"url_redacted", url_redacted, METH_VARARGS, "url_redacted(url) -> url with its password as ***"},
    {"set_error_factory", set_error_factory, METH_O, "Sets callable(code, message) -> exception."},
    {"errors_table", errors_table, METH_NOARGS, "errors_table() -> JSON text of the error kinds (SPEC §10)"},
    {"settings_table", settings_table, METH_NOARGS, "settings_table() -> JSON text of the settings (SPEC §2)"},
    {"expand", expand, METH_VARARGS, "expand(template, values_json=None) -> str"},
    {"follow_link", follow_link, METH_VARARGS, "follow_link(links_json, rel, criteria_json=None) -> (href, templated, self_href, deprecation)"},
    {"has_rel", has_rel, METH_VARARGS, "has_rel(links_json, rel) -> bool"},
    {"deprecation_notice", deprecation_notice, METH_VARARGS, "deprecation_notice(url, deprecation) -> str | None"},
    {"url_resolve", url_resolve, METH_VARARGS, "url_resolve(base, document, href) -> str"},
    {"encode_reference", encode_reference, METH_VARARGS, "encode_reference(href) -> str"},
    {"if_match", if_match, METH_VARARGS, "if_match(method, link, self, header, value, source) -> str | None"},
    {"hal_check", hal_check, METH_VARARGS, "hal_check(resource_json): raises unless well-formed HAL"},
    {"hal_embedded", hal_embedded, METH_VARARGS, "hal_embedded(resource_json, rel, expect=None) -> 'one'|'many'"},
    {"hal_collection", hal_collection, METH_VARARGS, "hal_collection(resource_json, field): raises unless a HAL list"},
    {"to_json", (PyCFunction)(void (*)(void))to_json, METH_FASTCALL, "to_json(value, lenient=False) -> JSON text for the core"},
    {"status_matches", status_matches, METH_VARARGS, "status_matches(spec, status) -> bool"},
    {"http_error_message", http_error_message, METH_VARARGS, "http_error_message(method, url, status, reason) -> str"},
    {NULL, NULL, 0, NULL},
};

static int module_clear(PyObject *m)
{
    (void)m;
    Py_CLEAR(error_factory);
    return 0;
}

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "halchemy._core", "The halchemy C core.", -1, functions,
    NULL, NULL, module_clear, NULL,
};

/* Default visibility said here: setup.py builds with -fvisibility=hidden, and before 3.9
 * PyMODINIT_FUNC did not export the symbol itself (on 3.8 the import failed: "dynamic module
 * does not define module export function (PyInit__core)"). */
__attribute__((visibility("default"))) PyMODINIT_FUNC PyInit__core(void)
{
    PyObject *m = PyModule_Create(&moduledef);
    if (!m) return NULL;
    /* halchemy.__version__: the core's one version (package.json's, compiled in). */
    if (PyModule_AddStringConstant(m, "version", hc_version()) < 0) { Py_DECREF(m); return NULL; }
    PyObject *api = hcpy_api_type();
    if (!api || PyModule_AddObject(m, "Api", api) < 0) { /* steals api on success */
        Py_XDECREF(api);
        Py_DECREF(m);
        return NULL;
    }
    PyObject *multi = hcpy_multi_type();
    if (!multi || PyModule_AddObject(m, "Multi", multi) < 0) {
        Py_XDECREF(multi);
        Py_DECREF(m);
        return NULL;
    }
    /* what Multi's on_socket callback receives (halchemy.h HC_POLL_*) */
    if (PyModule_AddIntConstant(m, "POLL_IN", HC_POLL_IN) < 0 ||
        PyModule_AddIntConstant(m, "POLL_OUT", HC_POLL_OUT) < 0 ||
        PyModule_AddIntConstant(m, "POLL_REMOVE", HC_POLL_REMOVE) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
