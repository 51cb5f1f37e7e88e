/* glue.h: what the CPython glue files share: raising a core error as the Python exception
 * the package chose for its code, and converting header sets to Python lists. */
#ifndef HC_PY_GLUE_H
#define HC_PY_GLUE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "halchemy.h"

/* Raises the exception made by the package's error factory for err; returns NULL. */
PyObject *hcpy_raise(const hc_error *err);
/* [(name, value), ...] for a header set. New reference. */
PyObject *hcpy_headers_list(const hc_headers *h);
/* A Python str from a core string the caller must hc_free(); frees it. */
PyObject *hcpy_take_str(char *s);

extern PyTypeObject hcpy_ApiType;

#endif
