/* glue.h: what the CPython glue files share: raising a core error as the Python exception
 * the package chose for its code, and converting header sets to Python lists.
 *
 * The glue keeps to the limited API of Python 3.10 (docs/decisions.md "Wheels and the
 * stable ABI"): setup.py defines Py_LIMITED_API=0x030A0000 when it builds on 3.10 or later,
 * so that one cp310-abi3 wheel serves every later CPython; on 3.7-3.9 the same source
 * builds against the full API (everything used here exists there too). So: no access to
 * type or object structs (tp_name, tp_free, PyUnicode_DATA), no *_GET_ITEM macros. */
#ifndef HC_PY_GLUE_H
#define HC_PY_GLUE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "halchemy.h"

/* Raises the exception made by the package's error factory for err; returns NULL. */
PyObject *hcpy_raise(const hc_error *err);
/* The exception instance the package's error factory makes for err (not raised). New
 * reference; NULL with an exception. */
PyObject *hcpy_error(const hc_error *err);
/* A core string as a Python str (None for NULL). The core hands over UTF-8 (response
 * header values and reasons are transcoded there, SPEC §9); should a byte slip through
 * anyway it becomes U+FFFD, as in Node, instead of an exception that loses the response. */
PyObject *hcpy_from_core(const char *s);
/* [(name, value), ...] for a header set, each decoded with hcpy_from_core. New reference. */
PyObject *hcpy_headers_list(const hc_headers *h);
/* A Python str from a core string the caller must hc_free(); frees it. */
PyObject *hcpy_take_str(char *s);

/* PyArg "O&" converters to a `const char *` (borrowed from the str): hcpy_text takes a str,
 * hcpy_opt_text a str or None (NULL). A str holding a NUL is refused with the core's error
 * (SPEC §12), the same in both languages, instead of being cut. */
int hcpy_text(PyObject *o, void *out);
int hcpy_opt_text(PyObject *o, void *out);
/* A Python value as an hc_value for the settings (hc_api_set); 0 with an exception set on
 * failure. A str's text is borrowed from it; v->type_name is borrowed from *keep (the type's
 * name, a new reference or NULL), which the caller releases after the core's call. */
int hcpy_value(PyObject *o, hc_value *v, PyObject **keep);
/* values.c, SPEC §9: a value built from JSON text the core has checked (hc_json_check
 * accepted it). New reference; NULL with an exception only when out of memory. */
PyObject *hcpy_json_value(const char *text, size_t len);
/* A response body as the resource is built from it: the value for HC_JSON_OBJECT and
 * HC_JSON_OTHER (from body + offset), else the text (UTF-8, U+FFFD for invalid bytes). */
PyObject *hcpy_body_value(const char *body, size_t len, hc_json_kind kind, size_t offset);

/* values.c, SPEC §9: the JSON text of a Python value for the core, without recursion (the
 * rules are above hcpy_to_json in values.c). lenient: a value of any other type is written
 * as its str() (the HAL helpers) instead of a TypeError. New reference; NULL with an
 * exception. */
PyObject *hcpy_to_json(PyObject *value, int lenient);

/* The name of o's type (its __name__, as tp_name gives it for builtin and heap types) as a
 * str, a new reference; NULL with an exception. The limited API has no tp_name. */
PyObject *hcpy_type_name(PyObject *o);

/* api.c: the halchemy._core.Api type, made from its spec (a heap type); NULL with an
 * exception. */
PyObject *hcpy_api_type(void);
/* The hc_api of a halchemy._core.Api (borrowed: lives as long as o); NULL with a TypeError
 * when o is not one. */
hc_api *hcpy_api_of(PyObject *o);
/* api.c, shared by the blocking request (Api.request) and the event loop's (Multi.add):
 * the request's options from Api.request's argument tuple (strings borrowed from it; the
 * core copies what it keeps in hc_transfer_new); 0 with an exception. */
int hcpy_parse_opts(PyObject *args, hc_request_opts *o);
/* A finished transfer's results as the tuple the package's _resource_from reads. New
 * reference; NULL with an exception. */
PyObject *hcpy_result_tuple(const hc_transfer *t, int traced);
/* SPEC §13: the core's verify=false warning on the `halchemy` logger, once per Api; 0 with
 * an exception when logging failed. */
int hcpy_log_verify_warning(hc_api *api);

/* multi.c: the halchemy._core.Multi type (the asyncio driver's transfers); NULL with an
 * exception. */
PyObject *hcpy_multi_type(void);

#endif
