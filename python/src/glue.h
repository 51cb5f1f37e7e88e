/* glue.h: what the CPython glue files share: raising a core error as the Python exception
 * the package chose for its code, and converting header sets to Python lists. */
#ifndef HC_PY_GLUE_H
#define HC_PY_GLUE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "halchemy.h"

/* Raises the exception made by the package's error factory for err; returns NULL. */
PyObject *hcpy_raise(const hc_error *err);
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
 * failure. A str's text is borrowed from it. */
int hcpy_value(PyObject *o, hc_value *v);

extern PyTypeObject hcpy_ApiType;

#endif
