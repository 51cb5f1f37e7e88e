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

#include <stdint.h>
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
    PyObject *shared = PyDict_GetItemWithError(b->memo, key); /* borrowed */
    if (shared) {
        Py_INCREF(shared);
        Py_DECREF(key);
    } else if (PyErr_Occurred() || PyDict_SetItem(b->memo, key, key) < 0) {
        Py_DECREF(key);
        return NULL;
    } else {
        shared = key;
    }
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

/* ---- Python values as JSON text (SPEC §9 v2) --------------------------------------------
 *
 * The text the core reads for a request body, template values, parameters, headers and the
 * HAL helpers' resource. It is what json.dumps(value, ensure_ascii=False,
 * separators=(",", ":")) writes, with three differences: no recursion (a value nested
 * 100,000 levels is written, and the core then refuses what is deeper than its 1,000
 * levels, with its own message); a str's surrogate code points (never valid in UTF-8) are
 * written as JavaScript's JSON.stringify writes a string's UTF-16 units: a high one followed
 * by a low one is the pair's character, and any other one a \uXXXX escape, which the core
 * refuses with the same message in both languages; a cycle is a TypeError (json:
 * ValueError). Otherwise the same: dict (and subclasses; keys str, int, float, bool
 * or None, written as json writes them), list and tuple, str, int (int.__repr__'s digits,
 * exact), float (float.__repr__; NaN and +-Infinity as the tokens NaN, Infinity and
 * -Infinity, which the core refuses naming the token), True, False, None; any other type is
 * json's TypeError "Object of type X is not JSON serializable", or, when lenient (the HAL
 * helpers, as json.dumps(default=str) did), its str(). */

#define SCAN_DEPTH 32 /* cycles: the first open containers are compared one by one */

typedef struct frame {
    PyObject *obj;   /* the open container (a strong reference) */
    PyObject *items; /* a dict that is not exactly a dict: a list of its items() */
    Py_ssize_t pos;  /* the next index, or PyDict_Next's position */
    char kind;       /* 'd' dict by PyDict_Next, 'i' dict by items, 'l' list, 't' tuple */
    char first;      /* nothing written in it yet */
} frame;

typedef struct encoder {
    char *p;
    size_t n, cap;
    int high; /* a byte >= 0x80 was written */
    int lenient;
    frame *f;
    size_t depth, fcap;
    /* cycles beyond SCAN_DEPTH: the open containers f[SCAN_DEPTH..depth) by address, open
     * addressing with linear probing. They leave in the reverse order they came, so a
     * leaving one's slot is simply emptied: no container still present ever probed past it. */
    const void **set;
    size_t setcap, setn;
    char local[1024];
    frame flocal[64];
} encoder;

static int grow(encoder *e, size_t more)
{
    size_t need = e->n + more;
    if (need <= e->cap) return 1;
    size_t cap = e->cap * 2;
    while (cap < need) cap *= 2;
    char *p = e->p == e->local ? PyMem_Malloc(cap) : PyMem_Realloc(e->p, cap);
    if (!p) { PyErr_NoMemory(); return 0; }
    if (e->p == e->local) memcpy(p, e->local, e->n);
    e->p = p;
    e->cap = cap;
    return 1;
}

#define PUT(e, c) ((e)->p[(e)->n++] = (char)(c))

static int put(encoder *e, const char *s, size_t len)
{
    if (!grow(e, len)) return 0;
    memcpy(e->p + e->n, s, len);
    e->n += len;
    return 1;
}

static const char hexdigits[] = "0123456789abcdef";

/* The escape of an ASCII byte as json writes it (ensure_ascii=False): 0 none, 'u' \u00XX. */
static const char ascii_escape[128] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    0, 0, '"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\\', 0, 0, 0,
};

/* Room for this is made by the caller (6 bytes). */
static void put_u_escape(encoder *e, Py_UCS4 c)
{
    PUT(e, '\\');
    PUT(e, 'u');
    PUT(e, hexdigits[(c >> 12) & 0xF]);
    PUT(e, hexdigits[(c >> 8) & 0xF]);
    PUT(e, hexdigits[(c >> 4) & 0xF]);
    PUT(e, hexdigits[c & 0xF]);
}

/* One code point below 0x80 that needs an escape; room made by the caller (6 bytes). */
static void put_ascii_escape(encoder *e, Py_UCS4 c)
{
    char esc = ascii_escape[c];
    if (esc == 'u') {
        put_u_escape(e, c);
    } else {
        PUT(e, '\\');
        PUT(e, esc);
    }
}

/* A str's UTF-8 bytes u[0..len) as a JSON string. surrogates: u is the "surrogatepass"
 * encoding of a str holding surrogate code points (each one ED A0..BF xx), else it is
 * valid UTF-8 and its bytes >= 0x80 are copied as they are. */
/* Whether one of the 8 bytes in x needs a look of its own: below 0x20, '"' or '\\' (a byte
 * >= 0x80 is not flagged; a flag may be wrong only in a byte after a rightly flagged one). */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t special8(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
    return ((x - ONES * 0x20) & ~x & HIGHS) | ((q - ONES) & ~q & HIGHS) | ((b - ONES) & ~b & HIGHS);
}

static inline __attribute__((always_inline)) int put_utf8(encoder *e, const unsigned char *u,
                                                           size_t len, int surrogates)
{
    /* Room for the quotes and the bytes; an escape (6 bytes) or a pair's character first
     * makes room for itself and for each byte left. */
    if (!grow(e, len + 2)) return 0;
    PUT(e, '"');
    size_t i = 0, run = 0;
    uint64_t seen = 0; /* the bytes passed, or-ed: a byte >= 0x80 among them */
    for (;;) {
        /* Passed a word at a time while none of its bytes needs a look of its own (the
         * limited API gives a str as UTF-8, copied as it is), then a byte at a time. */
        if (!surrogates) {
            uint64_t x;
            while (i + 8 <= len && (memcpy(&x, u + i, 8), !special8(x))) {
                seen |= x;
                i += 8;
            }
        }
        unsigned char c = 0;
        while (i < len) {
            c = u[i];
            if (c < 0x80 ? ascii_escape[c] != 0 : surrogates && c == 0xED && u[i + 1] >= 0xA0)
                break;
            seen |= c;
            i++;
        }
        if (i >= len) break;
        memcpy(e->p + e->n, u + run, i - run);
        e->n += i - run;
        if (!grow(e, len - i + 7)) return 0;
        if (c < 0x80) {
            put_ascii_escape(e, c);
            run = ++i;
            continue;
        }
        /* a surrogate: a high one followed by a low one is the pair's character (as
         * JavaScript writes it), any other one a \uXXXX escape, which the core refuses */
        seen |= 0x80;
        Py_UCS4 cp = 0xD000 | ((Py_UCS4)(u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F);
        if (cp <= 0xDBFF && i + 5 < len && u[i + 3] == 0xED && u[i + 4] >= 0xB0) {
            Py_UCS4 low = 0xD000 | ((Py_UCS4)(u[i + 4] & 0x3F) << 6) | (u[i + 5] & 0x3F);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            PUT(e, 0xF0 | (cp >> 18));
            PUT(e, 0x80 | ((cp >> 12) & 0x3F));
            PUT(e, 0x80 | ((cp >> 6) & 0x3F));
            PUT(e, 0x80 | (cp & 0x3F));
            i += 6;
        } else {
            put_u_escape(e, cp);
            i += 3;
        }
        run = i;
    }
    memcpy(e->p + e->n, u + run, i - run);
    e->n += i - run;
    PUT(e, '"');
    if (seen & HIGHS) e->high = 1;
    return 1;
}

/* The limited API reads a str only as UTF-8 (PyUnicode_AsUTF8AndSize: for an ASCII str its
 * own bytes, for another one a UTF-8 copy the str caches). A str holding a surrogate has
 * none: it is read through the "surrogatepass" encoding instead. */
static __attribute__((noinline)) int put_surrogates(encoder *e, PyObject *s);

static int put_string(encoder *e, PyObject *s)
{
    Py_ssize_t len = 0;
    const char *u = PyUnicode_AsUTF8AndSize(s, &len);
    if (u) return put_utf8(e, (const unsigned char *)u, (size_t)len, 0);
    return put_surrogates(e, s);
}

static int put_surrogates(encoder *e, PyObject *s)
{
    Py_ssize_t len = 0;
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return 0;
    PyErr_Clear();
    PyObject *b = PyUnicode_AsEncodedString(s, "utf-8", "surrogatepass");
    if (!b) return 0;
    char *raw = NULL;
    int ok = PyBytes_AsStringAndSize(b, &raw, &len) == 0
             && put_utf8(e, (const unsigned char *)raw, (size_t)len, 1);
    Py_DECREF(b);
    return ok;
}

/* An int's digits: int.__repr__, as json writes an int (or an int subclass such as an
 * IntEnum). Beyond sys.get_int_max_str_digits() Python refuses (ValueError), as json does. */
static int put_int(encoder *e, PyObject *v)
{
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (x == -1 && PyErr_Occurred()) return 0;
    if (!overflow) {
        char buf[24], *q = buf + sizeof buf;
        unsigned long long u = x < 0 ? 0ULL - (unsigned long long)x : (unsigned long long)x;
        do { *--q = (char)('0' + u % 10); u /= 10; } while (u);
        if (x < 0) *--q = '-';
        return put(e, q, (size_t)(buf + sizeof buf - q));
    }
    /* int.__repr__ itself: an int subclass (an IntEnum) may have its own __repr__ */
    PyObject *r = PyLong_CheckExact(v) ? PyObject_Repr(v)
                                       : PyObject_CallMethod((PyObject *)&PyLong_Type, "__repr__", "O", v);
    if (!r) return 0;
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(r, &len);
    int ok = s && put(e, s, (size_t)len);
    Py_DECREF(r);
    return ok;
}

/* float.__repr__ (the shortest text that reads back the same), or NaN/Infinity/-Infinity. */
static int put_float(encoder *e, double d)
{
    if (d != d) return put(e, "NaN", 3);
    if (d > 1.7976931348623157e308) return put(e, "Infinity", 8);
    if (d < -1.7976931348623157e308) return put(e, "-Infinity", 9);
    char *s = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (!s) return 0;
    int ok = put(e, s, strlen(s));
    PyMem_Free(s);
    return ok;
}

static int not_serializable(PyObject *v)
{
    PyObject *name = hcpy_type_name(v);
    if (!name) return 0;
    PyErr_Format(PyExc_TypeError, "Object of type %S is not JSON serializable", name);
    Py_DECREF(name);
    return 0;
}

/* A member name as json writes it: a str as is; a float, True, False, None or an int as
 * their JSON text, quoted. */
static int put_key(encoder *e, PyObject *k)
{
    if (PyUnicode_CheckExact(k) || PyUnicode_Check(k)) return put_string(e, k);
    if (!PyFloat_Check(k) && k != Py_True && k != Py_False && k != Py_None && !PyLong_Check(k)) {
        PyObject *name = hcpy_type_name(k);
        if (name) {
            PyErr_Format(PyExc_TypeError, "keys must be str, int, float, bool or None, not %.100U",
                         name);
            Py_DECREF(name);
        }
        return 0;
    }
    if (!grow(e, 1)) return 0;
    PUT(e, '"');
    int ok = PyFloat_Check(k) ? put_float(e, PyFloat_AsDouble(k))
             : k == Py_True   ? put(e, "true", 4)
             : k == Py_False  ? put(e, "false", 5)
             : k == Py_None   ? put(e, "null", 4)
                              : put_int(e, k);
    if (!ok || !grow(e, 1)) return 0;
    PUT(e, '"');
    return 1;
}

/* A value that is not a list, tuple or dict. */
static int put_scalar(encoder *e, PyObject *v)
{
    PyTypeObject *t = Py_TYPE(v); /* the exact types first, as in container_kind */
    if (t == &PyUnicode_Type) return put_string(e, v);
    if (t == &PyLong_Type) return put_int(e, v);
    if (t == &PyFloat_Type) return put_float(e, PyFloat_AsDouble(v));
    if (PyUnicode_Check(v)) return put_string(e, v);
    if (v == Py_None) return put(e, "null", 4);
    if (v == Py_True) return put(e, "true", 4);
    if (v == Py_False) return put(e, "false", 5);
    if (PyLong_Check(v)) return put_int(e, v);
    if (PyFloat_Check(v)) return put_float(e, PyFloat_AsDouble(v));
    if (!e->lenient) return not_serializable(v);
    PyObject *s = PyObject_Str(v);
    if (!s) return 0;
    int ok = put_string(e, s);
    Py_DECREF(s);
    return ok;
}

static size_t slot_of(const void *p, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 32) & (cap - 1);
}

static void set_add(encoder *e, const void *p)
{
    size_t i = slot_of(p, e->setcap);
    while (e->set[i]) i = (i + 1) & (e->setcap - 1);
    e->set[i] = p;
    e->setn++;
}

/* Whether container c is open already (a cycle); -1 when out of memory. */
static int is_open(encoder *e, PyObject *c)
{
    size_t scan = e->depth < SCAN_DEPTH ? e->depth : SCAN_DEPTH;
    for (size_t k = 0; k < scan; k++)
        if (e->f[k].obj == c) return 1;
    if (e->depth <= SCAN_DEPTH) return 0;
    for (size_t i = slot_of(c, e->setcap); e->set[i]; i = (i + 1) & (e->setcap - 1))
        if (e->set[i] == c) return 1;
    return 0;
}

/* Opens container c (a new reference, taken over): '{' or '[', a frame, and its place in
 * the cycle set. */
static int open_container(encoder *e, PyObject *c, char kind)
{
    if (is_open(e, c)) {
        PyErr_SetString(PyExc_TypeError, "Circular reference detected");
        goto fail;
    }
    if (e->depth == e->fcap) {
        size_t cap = e->fcap * 2;
        frame *f = e->f == e->flocal ? PyMem_Malloc(cap * sizeof *f)
                                     : PyMem_Realloc(e->f, cap * sizeof *f);
        if (!f) { PyErr_NoMemory(); goto fail; }
        if (e->f == e->flocal) memcpy(f, e->flocal, e->depth * sizeof *f);
        e->f = f;
        e->fcap = cap;
    }
    if (e->depth >= SCAN_DEPTH) {
        if ((e->setn + 1) * 2 > e->setcap) { /* rebuilt in the order they came */
            size_t cap = e->setcap ? e->setcap * 2 : 256;
            const void **set = PyMem_Calloc(cap, sizeof *set);
            if (!set) { PyErr_NoMemory(); goto fail; }
            PyMem_Free(e->set);
            e->set = set;
            e->setcap = cap;
            e->setn = 0;
            for (size_t k = SCAN_DEPTH; k < e->depth; k++) set_add(e, e->f[k].obj);
        }
        set_add(e, c);
    }
    PyObject *items = NULL;
    if (kind == 'd' && !PyDict_CheckExact(c)) { /* its own items(), as json reads it */
        if (!(items = PyMapping_Items(c))) goto fail_set;
        kind = 'i';
    }
    if (!grow(e, 1)) { Py_XDECREF(items); goto fail_set; }
    PUT(e, kind == 'l' || kind == 't' ? '[' : '{');
    e->f[e->depth++] = (frame){c, items, 0, kind, 1};
    return 1;
fail_set:
    if (e->depth >= SCAN_DEPTH) { /* take c out again: it came last */
        size_t i = slot_of(c, e->setcap);
        while (e->set[i] != c) i = (i + 1) & (e->setcap - 1);
        e->set[i] = NULL;
        e->setn--;
    }
fail:
    Py_DECREF(c);
    return 0;
}

static void close_container(encoder *e)
{
    frame *f = &e->f[--e->depth];
    if (e->depth >= SCAN_DEPTH) {
        size_t i = slot_of(f->obj, e->setcap);
        while (e->set[i] != f->obj) i = (i + 1) & (e->setcap - 1);
        e->set[i] = NULL;
        e->setn--;
    }
    Py_XDECREF(f->items);
    Py_DECREF(f->obj);
}

/* 'l', 't', 'd' for a container, 0 for anything else, in json's order of checks (a str
 * subclass is a str, a list or tuple subclass a list). */
static char container_kind(PyObject *v)
{
    /* the exact types first, by address: the limited API's PyXxx_Check is a call */
    PyTypeObject *t = Py_TYPE(v);
    if (t == &PyUnicode_Type || t == &PyLong_Type || t == &PyFloat_Type || v == Py_None
        || t == &PyBool_Type)
        return 0;
    if (t == &PyDict_Type) return 'd';
    if (t == &PyList_Type) return 'l';
    if (t == &PyTuple_Type) return 't';
    if (PyUnicode_Check(v) || PyLong_Check(v) || PyFloat_Check(v)) return 0;
    if (PyList_Check(v)) return 'l';
    if (PyTuple_Check(v)) return 't';
    if (PyDict_Check(v)) return 'd';
    return 0;
}

PyObject *hcpy_to_json(PyObject *value, int lenient)
{
    encoder e;
    e.p = e.local;
    e.n = 0;
    e.cap = sizeof e.local;
    e.high = 0;
    e.lenient = lenient;
    e.f = e.flocal;
    e.depth = 0;
    e.fcap = sizeof e.flocal / sizeof *e.flocal;
    e.set = NULL;
    e.setcap = e.setn = 0;
    PyObject *result = NULL;
    PyObject *v = value; /* the next value to write: a strong reference */
    Py_INCREF(v);
    for (;;) {
        char kind = container_kind(v);
        if (kind) {
            if (!open_container(&e, v, kind)) goto fail;
        } else {
            int ok = put_scalar(&e, v);
            Py_DECREF(v);
            if (!ok) goto fail;
        }
        /* the next value: in the innermost open container, closing those that end */
        for (;;) {
            if (e.depth == 0) goto done;
            frame *f = &e.f[e.depth - 1];
            PyObject *key = NULL, *item = NULL;
            switch (f->kind) {
            case 'l':
                if (f->pos < PyList_Size(f->obj)) item = PyList_GetItem(f->obj, f->pos++);
                break;
            case 't':
                if (f->pos < PyTuple_Size(f->obj)) item = PyTuple_GetItem(f->obj, f->pos++);
                break;
            case 'd':
                if (!PyDict_Next(f->obj, &f->pos, &key, &item)) item = NULL;
                break;
            default: /* 'i' */
                if (f->pos < PyList_Size(f->items)) {
                    PyObject *pair = PyList_GetItem(f->items, f->pos++);
                    if (!PyTuple_Check(pair) || PyTuple_Size(pair) != 2) {
                        PyErr_SetString(PyExc_ValueError, "items must return 2-tuples");
                        goto fail;
                    }
                    key = PyTuple_GetItem(pair, 0);
                    item = PyTuple_GetItem(pair, 1);
                }
            }
            if (!item) {
                if (!grow(&e, 1)) goto fail;
                PUT(&e, f->kind == 'l' || f->kind == 't' ? ']' : '}');
                close_container(&e);
                continue;
            }
            Py_INCREF(item); /* held while written: str() of a lenient value may run code */
            if (!f->first) {
                if (!grow(&e, 1)) { Py_DECREF(item); goto fail; }
                PUT(&e, ',');
            }
            f->first = 0;
            if (key) {
                Py_INCREF(key);
                int ok = put_key(&e, key) && grow(&e, 1);
                Py_DECREF(key);
                if (!ok) { Py_DECREF(item); goto fail; }
                PUT(&e, ':');
            }
            v = item;
            break;
        }
    }
done:
    /* ASCII (no byte >= 0x80 written) is read by the decoder's ASCII fast path */
    result = e.high ? PyUnicode_DecodeUTF8(e.p, (Py_ssize_t)e.n, NULL)
                    : PyUnicode_DecodeASCII(e.p, (Py_ssize_t)e.n, NULL);
fail:
    while (e.depth > 0) close_container(&e);
    if (e.p != e.local) PyMem_Free(e.p);
    if (e.f != e.flocal) PyMem_Free(e.f);
    PyMem_Free(e.set);
    return result;
}
