/* server.h: starts the repository's test server (tests/server/server.py), or another
 * server script of the same contract (tests/hostile/server.py), as a child process for
 * the C tests and stops it again; its first stdout line is its base URL. */
#ifndef HC_TEST_SERVER_H
#define HC_TEST_SERVER_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct test_server {
    pid_t pid;
    char base[128];
} test_server;

/* script: relative to the repository root; args: its arguments, NULL-terminated (NULL:
 * "--port 0"). */
static inline int test_server_start_args(test_server *s, const char *script,
                                         const char *const *args)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", HC_ROOT, script);
    static const char *const port0[] = {"--port", "0", NULL};
    if (!args) args = port0;
    const char *argv[32] = {"python3", path};
    int n = 2;
    for (; *args && n < 31; args++) argv[n++] = *args;
    argv[n] = NULL;
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execvp("python3", (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    s->pid = pid;
    s->base[0] = '\0';
    if (!f || !fgets(s->base, sizeof s->base, f)) {
        if (f) fclose(f);
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        return -1;
    }
    fclose(f);
    s->base[strcspn(s->base, "\r\n")] = '\0';
    return 0;
}

static inline int test_server_start_script(test_server *s, const char *script)
{
    return test_server_start_args(s, script, NULL);
}

static inline int test_server_start(test_server *s)
{
    return test_server_start_script(s, "tests/server/server.py");
}

static inline void test_server_stop(test_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
}

#endif
