/* values.c: Python values from a response body, by the core's verdict (SPEC §9 v2).
 *
 * The core has already checked the text (hc_json_body: strict RFC 8259, UTF-8, at most
 * HC_JSON_MAX_DEPTH levels), so this builder trusts its structure and never fails on syntax.
 * It is ours rather than json.loads because json.loads recurses and raises RecursionError
 * well before 1,000 levels when called from inside a program's own call stack; this one
 * keeps its open containers in an array. The values are what json.loads gives for the same
 * text: dict (a repeated key keeps its first place and its last value), list, str, int
 * (exact; beyond sys.get_int_max_str_digits() the nearest float, as JavaScript gives), float
 * (1e400 is inf), True, False, None. */
#include "glue.h"

#include <stdlib.h>
#include <string.h>

typedef struct builder {
    const unsigned char *s;
    size_t n, i;
    PyObject *memo; /* member names seen, so repeated keys share one str */
    char *scratch;  /* a string's bytes after its escapes, or a number's text */
    size_t scap;
} builder;

static void skip_ws(builder *b)
{
    while (b->i < b->n) {
        unsigned char c = b->s[b->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        b->i++;
    }
}

static int reserve(builder *b, size_t need)
{
    if (need <= b->scap) return 1;
    size_t cap = b->scap ? b->scap : 256;
    while (cap < need) cap *= 2;
    char *p = PyMem_Realloc(b->scratch, cap);
    if (!p) { PyErr_NoMemory(); return 0; }
    b->scratch = p;
    b->scap = cap;
    return 1;
}

static unsigned hex4(const unsigned char *p)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = p[k];
        v = v * 16 + (c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10));
    }
    return v;
}

/* b->s[b->i] is an opening quote; the checked text guarantees a closing one and well-formed
 * escapes and UTF-8. */
static PyObject *build_string(builder *b)
{
    size_t start = ++b->i, i = start;
    const unsigned char *s = b->s;
    while (s[i] != '"' && s[i] != '\\') i++;
    if (s[i] == '"') {
        b->i = i + 1;
        return PyUnicode_DecodeUTF8((const char *)s + start, (Py_ssize_t)(i - start), NULL);
    }
    /* escapes: the string's bytes (never longer than its text) go to scratch */
    size_t end = i;
    while (s[end] != '"') end += s[end] == '\\' ? 2 : 1;
    if (!reserve(b, end - start + 1)) return NULL;
    char *o = b->scratch;
    size_t k = 0;
    for (i = start; i < end;) {
        unsigned char c = s[i];
        if (c != '\\') { o[k++] = (char)c; i++; continue; }
        unsigned char e = s[i + 1];
        i += 2;
        switch (e) {
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'n': o[k++] = '\n'; break;
        case 'r': o[k++] = '\r'; break;
        case 't': o[k++] = '\t'; break;
        case 'u': {
            unsigned cp = hex4(s + i);
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* checked: a low surrogate escape follows */
                cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(s + i + 2) - 0xDC00);
                i += 6;
            }
            if (cp < 0x80) {
                o[k++] = (char)cp;
            } else if (cp < 0x800) {
                o[k++] = (char)(0xC0 | (cp >> 6));
                o[k++] = (char)(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                o[k++] = (char)(0xE0 | (cp >> 12));
                o[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[k++] = (char)(0x80 | (cp & 0x3F));
            } else {
                o[k++] = (char)(0xF0 | (cp >> 18));
                o[k++] = (char)(0x80 | ((cp >> 12) & 0x3F));
                o[k++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                o[k++] = (char)(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: o[k++] = (char)e; /* " \ / */
        }
    }
    b->i = end + 1;
    return PyUnicode_DecodeUTF8(o, (Py_ssize_t)k, NULL);
}

static PyObject *build_number(builder *b)
{
    size_t start = b->i, i = start;
    int is_float = 0;
    const unsigned char *s = b->s;
    while (i < b->n) {
        unsigned char c = s[i];
        if (c == '.' || c == 'e' || c == 'E') is_float = 1;
        else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) break;
        i++;
    }
    b->i = i;
    size_t len = i - start;
    if (!reserve(b, len + 1)) return NULL;
    memcpy(b->scratch, s + start, len);
    b->scratch[len] = '\0';
    if (!is_float) {
        if (len <= 18) return PyLong_FromLongLong(strtoll(b->scratch, NULL, 10));
        PyObject *v = PyLong_FromString(b->scratch, NULL, 10);
        if (v || !PyErr_ExceptionMatches(PyExc_ValueError)) return v;
        PyErr_Clear(); /* more digits than int_max_str_digits: the nearest float, as in JS */
    }
    double d = PyOS_string_to_double(b->scratch, NULL, NULL); /* overflow: +-inf */
    if (d == -1.0 && PyErr_Occurred()) return NULL;
    return PyFloat_FromDouble(d);
}

/* A scalar at b->i (not '{' or '['). */
static PyObject *build_scalar(builder *b)
{
    unsigned char c = b->s[b->i];
    if (c == '"') return build_string(b);
    if (c == 't') { b->i += 4; Py_RETURN_TRUE; }
    if (c == 'f') { b->i += 5; Py_RETURN_FALSE; }
    if (c == 'n') { b->i += 4; Py_RETURN_NONE; }
    return build_number(b);
}

static PyObject *build_key(builder *b)
{
    PyObject *key = build_string(b);
    if (!key) return NULL;
    PyObject *shared = PyDict_SetDefault(b->memo, key, key); /* borrowed */
    if (!shared) { Py_DECREF(key); return NULL; }
    Py_INCREF(shared);
    Py_DECREF(key);
    skip_ws(b);
    b->i++; /* ':' */
    skip_ws(b);
    return shared;
}

PyObject *hcpy_json_value(const char *text, size_t len)
{
    builder b = {(const unsigned char *)text, len, 0, NULL, NULL, 0};
    PyObject *stack[HC_JSON_MAX_DEPTH]; /* open containers */
    PyObject *keys[HC_JSON_MAX_DEPTH];  /* in an open object: the member being read */
    int depth = 0;
    PyObject *result = NULL, *v = NULL;
    if (!(b.memo = PyDict_New())) return NULL;
    skip_ws(&b);
    for (;;) {
        /* read one value at b.i: a scalar, or open a container */
        unsigned char c = b.s[b.i];
        if (c == '{' || c == '[') {
            PyObject *cont = c == '{' ? PyDict_New() : PyList_New(0);
            if (!cont) goto fail;
            b.i++;
            skip_ws(&b);
            if (b.s[b.i] == (c == '{' ? '}' : ']')) {
                b.i++;
                v = cont;
            } else {
                stack[depth] = cont;
                keys[depth] = NULL;
                depth++;
                if (c == '{' && !(keys[depth - 1] = build_key(&b))) goto fail;
                continue;
            }
        } else if (!(v = build_scalar(&b))) {
            goto fail;
        }
        /* v is complete: add it to the open container, closing those that end here */
        for (;;) {
            if (depth == 0) { result = v; v = NULL; goto done; }
            PyObject *top = stack[depth - 1];
            int rc = keys[depth - 1] ? PyDict_SetItem(top, keys[depth - 1], v) : PyList_Append(top, v);
            Py_CLEAR(v);
            Py_CLEAR(keys[depth - 1]);
            if (rc < 0) goto fail;
            skip_ws(&b);
            if (b.s[b.i] == ',') {
                b.i++;
                skip_ws(&b);
                if (PyDict_CheckExact(top) && !(keys[depth - 1] = build_key(&b))) goto fail;
                break; /* the next member or item */
            }
            b.i++; /* '}' or ']' */
            v = top;
            depth--;
        }
    }
fail:
    Py_XDECREF(v);
    while (depth > 0) {
        depth--;
        Py_XDECREF(keys[depth]);
        Py_DECREF(stack[depth]);
    }
done:
    Py_DECREF(b.memo);
    PyMem_Free(b.scratch);
    return result;
}

PyObject *hcpy_body_value(const char *body, size_t len, hc_json_kind kind, size_t offset)
{
    if (kind == HC_JSON_OBJECT || kind == HC_JSON_OTHER)
        return hcpy_json_value(body + offset, len - offset);
    return PyUnicode_DecodeUTF8(body ? body : "", (Py_ssize_t)(body ? len : 0), "replace");
}
