/* replay.c: runs a libFuzzer harness over files without libFuzzer, so the seed corpus
 * (and any saved finding) replays in the ordinary test run with gcc.
 * Usage: replay FILE_OR_DIR... ; exits non-zero when a path cannot be read, and aborts
 * (through the harness's FUZZ_CHECK) when an invariant fails. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path, long *count)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 1; }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *p = realloc(buf, cap *= 2);
            if (!p) { free(buf); buf = NULL; }
            else buf = p;
        }
    }
    fclose(f);
    if (!buf) { fprintf(stderr, "%s: out of memory\n", path); return 1; }
    /* An exact-size copy, so a read past the end is caught by a sanitizer or valgrind. */
    unsigned char *exact = malloc(n ? n : 1);
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    (*count)++;
    return 0;
}

static int run_path(const char *path, long *count)
{
    struct stat st;
    if (stat(path, &st) != 0) { perror(path); return 1; }
    if (!S_ISDIR(st.st_mode)) return run_file(path, count);
    DIR *d = opendir(path);
    if (!d) { perror(path); return 1; }
    int fail = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        fail |= run_path(sub, count);
    }
    closedir(d);
    return fail;
}

int main(int argc, char **argv)
{
    long count = 0;
    int fail = 0;
    for (int i = 1; i < argc; i++) fail |= run_path(argv[i], &count);
    printf("%s: %ld inputs replayed%s\n", argc > 0 ? argv[0] : "replay", count,
           fail ? ", some paths unreadable" : "");
    return fail || count == 0;
}
