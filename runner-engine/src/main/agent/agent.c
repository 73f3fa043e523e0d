/*
 * warmpool-agent: the main process of a warm container (under docker --init).
 *
 * It reads framed run requests on stdin and answers with framed replies on
 * stdout. Every frame, both ways, is an ASCII header line "<WORD> <length>\n"
 * followed by exactly <length> payload bytes. The protocol, the bootstrap that
 * delivers this binary, and what the engine does with each answer are in
 * docs/agent.md; keep the two in step.
 *
 * The agent runs as root with only CAP_SETUID, CAP_SETGID and CAP_KILL. Every
 * process that touches the submission (tar, the script, the wipe) runs as the
 * sandbox user, in its own session, with no capabilities, and its output goes
 * to pipes the agent reads: nothing a submission writes reaches the agent's
 * stdout except as the payload of an OUT or ERR frame.
 *
 * Single-threaded; every wait is a poll() with a deadline; SIGCHLD arrives on
 * a signalfd; stdout is written without blocking through a queue, so a slow
 * engine never delays the deadline.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define PROTOCOL_VERSION "1"

#define SANDBOX_UID 41966
#define SANDBOX_GID 51966
#define SANDBOX_DIR "/sandbox"
#define AGENT_DIR_NAME ".warmpool" /* /tmp/.warmpool holds this binary; root's, 0700 */

/* Limits (docs/agent.md, "Limits"). */
#define MAX_WORD 16
#define MAX_HEADER 28                 /* 16-letter word, space, 10 digits, newline */
#define MAX_RUN_BYTES (64u << 20)     /* a whole RUN payload */
#define MAX_FIELD_NAME 32
#define MAX_ENV_ENTRIES 256
#define MAX_ENV_ENTRY (32u << 10)
#define MAX_SECONDS 3600
#define DEFAULT_OUTPUT_CAP (64u << 10)
#define MAX_OUTPUT_CAP (1u << 20)
#define DEFAULT_FILES_CAP (8u << 20)
#define MAX_FILES_CAP (64u << 20)
#define CHUNK (64u << 10)             /* largest OUT/ERR payload, and the read size */
#define TAR_MS 10000                  /* untar, and tar of the files back */
#define WIPE_MS 10000
#define KILL_MS 5000                  /* SIGKILL everything until /proc shows none */
#define DRAIN_MS 1000                 /* reading what is left in the pipes after a run */
#define REAP_MS 2000                  /* waiting for tini to reap zombies before READY */
#define NOTE_MAX 4096                 /* tar's stderr, the wipe's report */

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#define KEYCTL_CLEAR 7
#define KEYCTL_READ 11
#define KEYCTL_GET_PERSISTENT 22
#define KEY_SPEC_PROCESS_KEYRING (-2)
#define KEY_SPEC_USER_KEYRING (-4)
#define KEY_SPEC_USER_SESSION_KEYRING (-5)

static const char *DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/* ------------------------------------------------------------------ basics */

static pid_t g_self;
static int g_sigfd = -1;
static int g_recycle;
static int g_broken;          /* BROKEN was sent: no more runs */
static int g_ran;             /* oneshot: the one run happened */
static char **g_base_env;     /* the agent's environment, without the bootstrap's bash variables */

static void die(const char *what)
{
    char m[256];
    int n = snprintf(m, sizeof m, "warmpool-agent: %s: %s\n", what, strerror(errno));
    if (n > 0) {
        ssize_t ignored = write(2, m, (size_t)n);
        (void)ignored;
    }
    _exit(3);
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void nap_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) < 0 && errno == EINTR) {
    }
}

static int remaining_ms(int64_t deadline)
{
    int64_t left = deadline - now_ms();
    if (left < 0)
        return 0;
    return left > 1000000 ? 1000000 : (int)left;
}

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_reserve(struct buf *b, size_t more)
{
    if (b->cap - b->len >= more)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < more)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        die("out of memory");
    b->p = p;
    b->cap = cap;
}

static void buf_add(struct buf *b, const void *d, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->len, d, n);
    b->len += n;
}

static void buf_free(struct buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* Appends at most up to `limit` bytes in total (for short notes). */
static void buf_addf_limited(struct buf *b, size_t limit, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    size_t k = (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1;
    if (b->len >= limit)
        return;
    if (k > limit - b->len)
        k = limit - b->len;
    buf_add(b, tmp, k);
}

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

/* One line of text for a frame field: newlines and control bytes become spaces. */
static void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = ' ';
}

/* ----------------------------------------------------- frames to the engine */

static struct buf g_out;   /* frames not yet written to stdout */
static size_t g_out_off;

static void frame(const char *word, const void *payload, size_t n)
{
    char h[MAX_HEADER + 8];
    int k = snprintf(h, sizeof h, "%s %zu\n", word, n);
    buf_add(&g_out, h, (size_t)k);
    if (n)
        buf_add(&g_out, payload, n);
}

static void framef(const char *word, const char *fmt, ...)
{
    char tmp[NOTE_MAX + 512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof tmp)
        n = sizeof tmp - 1;
    frame(word, tmp, (size_t)n);
}

static int out_pending(void)
{
    return g_out.len > g_out_off;
}

static void engine_gone(void);

/* Writes what stdout takes without blocking. */
static void out_flush(void)
{
    while (out_pending()) {
        ssize_t w = write(1, g_out.p + g_out_off, g_out.len - g_out_off);
        if (w > 0) {
            g_out_off += (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else {
            engine_gone();
        }
    }
    g_out_off = 0;
    g_out.len = 0;
    if (g_out.cap > (4u << 20)) /* a FILES frame went out: give the memory back */
        buf_free(&g_out);
}

/* Waits until every queued frame is written, or the time is up. */
static void out_flush_all(int timeout_ms)
{
    int64_t end = now_ms() + timeout_ms;
    out_flush();
    while (out_pending()) {
        int left = remaining_ms(end);
        if (left == 0)
            return;
        struct pollfd p = {1, POLLOUT, 0};
        if (poll(&p, 1, left) < 0 && errno != EINTR)
            return;
        out_flush();
    }
}

/* ------------------------------------------------------ children, reaping */

static pid_t g_watch_pid = -1; /* the child whose exit status we want */
static int g_watch_status;
static int g_watch_done;

static void watch(pid_t pid)
{
    g_watch_pid = pid;
    g_watch_done = 0;
    g_watch_status = 0;
}

static void reap(void)
{
    struct signalfd_siginfo si[8];
    while (read(g_sigfd, si, sizeof si) > 0) {
    }
    for (;;) {
        int st;
        pid_t p = waitpid(-1, &st, WNOHANG);
        if (p <= 0)
            break;
        if (p == g_watch_pid) {
            g_watch_status = st;
            g_watch_done = 1;
        }
    }
}

/* Counts processes other than pid 1 (tini) and the agent; zombies count only when asked.
 * Reports one of them in `who` (pid and name) for messages. */
static int others_alive(int with_zombies, char *who, size_t whosz)
{
    DIR *d = opendir("/proc");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 1 || pid == g_self)
            continue;
        char path[64], st[512];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue; /* gone */
        ssize_t k = read(fd, st, sizeof st - 1);
        close(fd);
        if (k <= 0)
            continue;
        st[k] = 0;
        char *rp = strrchr(st, ')');
        char state = rp && rp[1] == ' ' ? rp[2] : '?';
        if (!with_zombies && (state == 'Z' || state == 'X'))
            continue;
        if (n == 0 && who) {
            char *lp = strchr(st, '(');
            int len = lp && rp && rp > lp ? (int)(rp - lp - 1) : 0;
            snprintf(who, whosz, "pid %ld (%.*s, state %c)", pid, len > 32 ? 32 : len, lp ? lp + 1 : "", state);
        }
        n++;
    }
    closedir(d);
    return n;
}

/*
 * SIGKILLs every process in the container but tini and the agent, again and
 * again until /proc shows none alive. No fork: it must work when a fork bomb
 * has used up the pids limit. Returns 0 when none is left.
 */
static int kill_all(int timeout_ms, char *who, size_t whosz)
{
    int64_t end = now_ms() + timeout_ms;
    int nap = 1;
    for (;;) {
        int r = kill(-1, SIGKILL);
        int none = r < 0 && errno == ESRCH;
        reap();
        if (none || others_alive(0, who, whosz) == 0)
            return 0;
        if (now_ms() >= end)
            return -1;
        nap_ms(nap);
        if (nap < 16)
            nap *= 2;
    }
}

/* Zombies count against the pids limit: before READY, tini must have reaped them. */
static int wait_no_processes(int timeout_ms, char *who, size_t whosz)
{
    int64_t end = now_ms() + timeout_ms;
    for (;;) {
        reap();
        if (others_alive(1, who, whosz) == 0)
            return 0;
        if (now_ms() >= end)
            return -1;
        kill(-1, SIGKILL);
        nap_ms(2);
    }
}

/* ------------------------------------------------------- cgroup counters */

/* Reads "key value" from the first of the files that exists; -1 when none is readable. */
static long long cgroup_counter(const char *const paths[], const char *key)
{
    for (int i = 0; paths[i]; i++) {
        int fd = open(paths[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        char b[2048];
        ssize_t n = read(fd, b, sizeof b - 1);
        close(fd);
        if (n <= 0)
            continue;
        b[n] = 0;
        size_t kl = strlen(key);
        for (char *line = b; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
            if (strncmp(line, key, kl) == 0 && line[kl] == ' ')
                return strtoll(line + kl + 1, NULL, 10);
        }
    }
    return -1;
}

static const char *const PIDS_EVENTS[] = {"/sys/fs/cgroup/pids/pids.events", "/sys/fs/cgroup/pids.events", NULL};
static const char *const OOM_EVENTS[] = {"/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events", NULL};

static void counter_delta(char *out, size_t sz, long long before, long long after)
{
    if (before < 0 || after < 0)
        snprintf(out, sz, "unknown");
    else
        snprintf(out, sz, "%lld", after >= before ? after - before : 0);
}

/* ------------------------------------------------- becoming the sandbox user */

/* In a forked child: own session, no inherited signal state, umask 022, the
 * sandbox user with no capabilities, cwd /sandbox. Returns 0 or an errno. */
static int become_sandbox(int keep_fd)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < 65; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, SIG_DFL);
    if (keep_fd > 3)
        syscall(SYS_close_range, 3, keep_fd - 1, 0);
    syscall(SYS_close_range, keep_fd >= 3 ? keep_fd + 1 : 3, ~0u, 0);
    setsid();
    umask(022);
    /* Under memory pressure the kernel kills the submission, not the agent. */
    int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t ignored = write(fd, "1000", 4);
        (void)ignored;
        close(fd);
    }
    gid_t g = SANDBOX_GID;
    if (setgroups(1, &g) < 0 || setresgid(g, g, g) < 0 || setresuid(SANDBOX_UID, SANDBOX_UID, SANDBOX_UID) < 0)
        return errno ? errno : EPERM;
    if (getuid() != SANDBOX_UID || geteuid() != SANDBOX_UID || getgid() != SANDBOX_GID)
        return EPERM;
    if (chdir(SANDBOX_DIR) < 0)
        return errno;
    return 0;
}

/* Status pipe messages from a child that did not get as far as exec. */
struct child_fail {
    char stage; /* 'a': could not become the sandbox user; 'e': exec failed */
    int err;
};

static void report_fail(int fd, char stage, int err)
{
    struct child_fail f = {stage, err};
    ssize_t ignored = write(fd, &f, sizeof f);
    (void)ignored;
}

static void say_stderr(const char *a, const char *b)
{
    char m[512];
    int n = snprintf(m, sizeof m, "warmpool-agent: %s: %s\n", a, b);
    if (n > 0) {
        ssize_t ignored = write(2, m, (size_t)n < sizeof m ? (size_t)n : sizeof m - 1);
        (void)ignored;
    }
}

static const char *env_get(char **env, const char *name)
{
    size_t n = strlen(name);
    for (; env && *env; env++)
        if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
            return *env + n + 1;
    return NULL;
}

/* execve through PATH (taken from the new environment), like a shell would. Returns the errno. */
static int exec_path(const char *prog, char *const argv[], char **envp)
{
    const char *path = env_get(envp, "PATH");
    if (!path || !*path)
        path = DEFAULT_PATH;
    int err = ENOENT, seen_eacces = 0;
    const char *p = path;
    for (;;) {
        const char *colon = strchr(p, ':');
        size_t dl = colon ? (size_t)(colon - p) : strlen(p);
        char full[4096];
        if (dl + 1 + strlen(prog) + 1 <= sizeof full) {
            if (dl == 0)
                snprintf(full, sizeof full, "%s", prog);
            else
                snprintf(full, sizeof full, "%.*s/%s", (int)dl, p, prog);
            execve(full, argv, envp);
            err = errno;
            if (err == EACCES)
                seen_eacces = 1;
            else if (err != ENOENT && err != ENOTDIR)
                return err;
        }
        if (!colon)
            break;
        p = colon + 1;
    }
    return seen_eacces ? EACCES : err;
}

/*
 * Forks a child that becomes the sandbox user with stdin/stdout/stderr as
 * given, then either runs fn(report_fd) or execs `prog` through PATH. When
 * exec or the switch of user fails, the child says so on its stderr, sends a
 * struct child_fail on `status_wfd` and exits (126 user, 127 exec).
 */
static pid_t spawn(const char *prog, char *const argv[], char **envp, int in_fd, int out_fd, int err_fd,
                   int status_wfd, void (*fn)(int), int fn_fd)
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    /* child */
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
        _exit(126);
    int keep = fn ? fn_fd : status_wfd;
    int err = become_sandbox(keep);
    if (err) {
        say_stderr("cannot become the sandbox user", strerror(err));
        if (!fn)
            report_fail(status_wfd, 'a', err);
        _exit(126);
    }
    if (fn) {
        fn(fn_fd);
        _exit(0); /* fn exits itself */
    }
    err = exec_path(prog, argv, envp);
    char what[64];
    snprintf(what, sizeof what, "cannot run %s", prog);
    say_stderr(what, strerror(err));
    report_fail(status_wfd, 'e', err);
    _exit(127);
}

/* ------------------------------------------------------ helper processes */

struct sink {
    int fd;           /* read end, -1 once at EOF */
    struct buf *into; /* may be NULL: count only */
    size_t cap;       /* keep at most this much */
    uint64_t total;
    int over;         /* more than cap arrived */
};

static void sink_read(struct sink *s)
{
    static char chunk[CHUNK];
    for (int i = 0; i < 16; i++) {
        ssize_t n = read(s->fd, chunk, sizeof chunk);
        if (n > 0) {
            s->total += (uint64_t)n;
            size_t room = s->into && s->into->len < s->cap ? s->cap - s->into->len : 0;
            size_t k = (size_t)n < room ? (size_t)n : room;
            if (k)
                buf_add(s->into, chunk, k);
            if ((size_t)n > k)
                s->over = 1;
        } else if (n == 0) {
            close_fd(&s->fd);
            return;
        } else if (errno == EINTR) {
            continue;
        } else {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                close_fd(&s->fd);
            return;
        }
    }
}

enum { HELPER_EXITED = 0, HELPER_TIMEOUT = -1, HELPER_OVER = -2 };

/*
 * Waits for the watched helper to exit, feeding it `in` on in_fd and reading
 * its sinks, within the time limit. Kills it (and everything of the sandbox
 * user) on a timeout or when sinks[0] goes over its cap, if stop_when_over.
 */
static int helper_wait(pid_t pid, int *in_fd, const char *in, size_t inlen, struct sink *sinks, int nsinks,
                       int timeout_ms, int stop_when_over)
{
    int64_t end = now_ms() + timeout_ms;
    size_t written = 0;
    int result = HELPER_EXITED;
    if (in_fd && *in_fd >= 0 && inlen == 0)
        close_fd(in_fd);
    for (;;) {
        reap();
        if (stop_when_over && nsinks > 0 && sinks[0].over) {
            result = HELPER_OVER;
            break;
        }
        int open_sinks = 0;
        for (int i = 0; i < nsinks; i++)
            open_sinks += sinks[i].fd >= 0;
        if (g_watch_done && open_sinks == 0)
            break;
        int left = remaining_ms(end);
        if (left == 0) {
            result = g_watch_done ? HELPER_EXITED : HELPER_TIMEOUT;
            break;
        }
        struct pollfd p[8];
        int np = 0;
        p[np++] = (struct pollfd){g_sigfd, POLLIN, 0};
        int in_at = -1, sink_at = np;
        for (int i = 0; i < nsinks; i++)
            p[np++] = (struct pollfd){sinks[i].fd, POLLIN, 0}; /* fd -1 is ignored by poll */
        if (in_fd && *in_fd >= 0) {
            in_at = np;
            p[np++] = (struct pollfd){*in_fd, POLLOUT, 0};
        }
        int out_at = -1;
        if (out_pending()) {
            out_at = np;
            p[np++] = (struct pollfd){1, POLLOUT, 0};
        }
        /* once the helper has exited, what is left in its pipes is read within DRAIN_MS */
        if (g_watch_done && left > DRAIN_MS)
            end = now_ms() + DRAIN_MS, left = DRAIN_MS;
        if (poll(p, (nfds_t)np, left) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        for (int i = 0; i < nsinks; i++)
            if (sinks[i].fd >= 0 && p[sink_at + i].revents)
                sink_read(&sinks[i]);
        if (in_at >= 0 && p[in_at].revents) {
            if (p[in_at].revents & (POLLERR | POLLHUP)) {
                close_fd(in_fd); /* the helper stopped reading */
            } else {
                ssize_t w = write(*in_fd, in + written, inlen - written);
                if (w > 0)
                    written += (size_t)w;
                else if (w < 0 && errno != EINTR && errno != EAGAIN)
                    close_fd(in_fd);
                if (written == inlen)
                    close_fd(in_fd);
            }
        }
        if (out_at >= 0 && p[out_at].revents)
            out_flush();
    }
    if (in_fd)
        close_fd(in_fd);
    if (result != HELPER_EXITED || !g_watch_done) {
        kill(pid, SIGKILL);
        kill_all(KILL_MS, NULL, 0);
        for (int i = 0; i < 50 && !g_watch_done; i++) {
            reap();
            if (!g_watch_done)
                nap_ms(2);
        }
    }
    for (int i = 0; i < nsinks; i++) {
        if (sinks[i].fd >= 0)
            sink_read(&sinks[i]);
        close_fd(&sinks[i].fd);
    }
    return result;
}

static int make_pipe(int fds[2])
{
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    return 0;
}

/* Runs `tar argv...` as the sandbox user. in: bytes for its stdin (or NULL for /dev/null).
 * out: where its stdout goes (or NULL: discarded), at most out_cap bytes kept.
 * Returns HELPER_* and fills status (wait status), err (its stderr, capped), fail (spawn problem text). */
static int run_tar(char *const argv[], const char *in, size_t inlen, struct buf *out, size_t out_cap, int stop_when_over,
                   int *status, struct buf *err, char *fail, size_t failsz, uint64_t *out_total)
{
    int inp[2] = {-1, -1}, outp[2] = {-1, -1}, errp[2] = {-1, -1}, stp[2] = {-1, -1};
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0 || (in && make_pipe(inp) < 0) || make_pipe(outp) < 0 || make_pipe(errp) < 0 || make_pipe(stp) < 0) {
        snprintf(fail, failsz, "cannot make pipes: %s", strerror(errno));
        close_fd(&devnull);
        close_fd(&inp[0]); close_fd(&inp[1]); close_fd(&outp[0]); close_fd(&outp[1]);
        close_fd(&errp[0]); close_fd(&errp[1]); close_fd(&stp[0]); close_fd(&stp[1]);
        return HELPER_TIMEOUT;
    }
    pid_t pid = spawn("tar", argv, g_base_env, in ? inp[0] : devnull, outp[1], errp[1], stp[1], NULL, -1);
    int fork_err = errno;
    close_fd(&devnull);
    close_fd(&inp[0]);
    close_fd(&outp[1]);
    close_fd(&errp[1]);
    close_fd(&stp[1]);
    if (pid < 0) {
        snprintf(fail, failsz, "cannot fork tar: %s", strerror(fork_err));
        close_fd(&inp[1]); close_fd(&outp[0]); close_fd(&errp[0]); close_fd(&stp[0]);
        return HELPER_TIMEOUT;
    }
    watch(pid);
    if (inp[1] >= 0)
        set_nonblock(inp[1]);
    set_nonblock(outp[0]);
    set_nonblock(errp[0]);
    struct sink sinks[2] = {{outp[0], out, out_cap, 0, 0}, {errp[0], err, NOTE_MAX, 0, 0}};
    int r = helper_wait(pid, in ? &inp[1] : NULL, in, inlen, sinks, 2, TAR_MS, stop_when_over);
    struct child_fail f = {0, 0};
    set_nonblock(stp[0]);
    if (read(stp[0], &f, sizeof f) == (ssize_t)sizeof f)
        snprintf(fail, failsz, "%s: %s", f.stage == 'e' ? "cannot run tar" : "cannot become the sandbox user",
                 strerror(f.err));
    close_fd(&stp[0]);
    *status = g_watch_status;
    if (out_total)
        *out_total = sinks[0].total;
    return r;
}

/* ------------------------------------------------------------- the wipe */

static struct buf g_note; /* in the wipe child: what it could not do */

static void note(const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    buf_addf_limited(&g_note, NOTE_MAX, "%s; ", tmp);
}

static unsigned g_moved;
static int g_progress;

#define WIPE_DEPTH 24 /* deeper folders are moved up to the top and removed in a later pass */

static void remove_at(int dfd, const char *name, int depth, int topfd, const char *where)
{
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno != ENOENT)
            note("stat %s/%s: %s", where, name, strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlinkat(dfd, name, 0) == 0)
            g_progress = 1;
        else if (errno != ENOENT)
            note("unlink %s/%s: %s", where, name, strerror(errno));
        return;
    }
    if (st.st_uid == SANDBOX_UID && (st.st_mode & 07777) != 0700)
        fchmodat(dfd, name, 0700, 0); /* folders the run made unreadable */
    if (depth >= WIPE_DEPTH) {
        char up[64];
        snprintf(up, sizeof up, ".warmpool-wipe-%u", g_moved++);
        if (renameat(dfd, name, topfd, up) == 0)
            g_progress = 1;
        else
            note("move up %s/%s: %s", where, name, strerror(errno));
        return;
    }
    int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) {
        note("open %s/%s: %s", where, name, strerror(errno));
        return;
    }
    DIR *d = fdopendir(sub);
    if (!d) {
        close(sub);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        remove_at(sub, e->d_name, depth + 1, topfd, where);
    }
    closedir(d);
    if (unlinkat(dfd, name, AT_REMOVEDIR) == 0)
        g_progress = 1;
    else if (errno != ENOENT && errno != ENOTEMPTY)
        note("rmdir %s/%s: %s", where, name, strerror(errno));
}

/* Removes everything in `path` but `keep` (a top-level name), pass after pass while that helps. */
static void empty_dir(const char *path, const char *keep)
{
    for (int pass = 0;; pass++) {
        int top = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (top < 0) {
            if (errno != ENOENT)
                note("open %s: %s", path, strerror(errno));
            return;
        }
        int dfd = dup(top);
        DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
        if (!d) {
            close(top);
            note("read %s: %s", path, strerror(errno));
            return;
        }
        int left = 0;
        g_progress = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || (keep && strcmp(e->d_name, keep) == 0))
                continue;
            left = 1;
            remove_at(top, e->d_name, 1, top, path);
        }
        closedir(d);
        close(top);
        if (!left)
            return;
        if (!g_progress) {
            note("%s: no progress", path);
            return;
        }
    }
}

/* The attributes an unprivileged owner can set: user.* and POSIX ACLs (security.* belong to the LSM). */
static int owner_xattr(const char *name)
{
    return !strncmp(name, "user.", 5) || !strncmp(name, "system.posix_acl", 16);
}

static void clear_xattrs(const char *path)
{
    char names[4096];
    ssize_t n = llistxattr(path, names, sizeof names);
    if (n < 0)
        return;
    for (ssize_t i = 0; i < n; i += (ssize_t)strlen(names + i) + 1)
        if (owner_xattr(names + i) && lremovexattr(path, names + i) < 0)
            note("removexattr %s %s: %s", path, names + i, strerror(errno));
}

/* Which column of /proc/sysvipc/<kind> holds the id, the owner's uid and the creator's uid. */
struct ipc_kind {
    const char *file;
    int id_col, uid_col, cuid_col;
    int kind;
};

static const struct ipc_kind IPC_KINDS[] = {
    {"/proc/sysvipc/shm", 1, 7, 9, 0},
    {"/proc/sysvipc/sem", 1, 4, 6, 1},
    {"/proc/sysvipc/msg", 1, 7, 9, 2},
};

/* Calls fn(kind, id, uid, cuid) for every object listed; returns how many there are, -1 if unreadable. */
static int ipc_each(const struct ipc_kind *k, void (*fn)(const struct ipc_kind *, long, long, long))
{
    int fd = open(k->file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct buf b = {0};
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0 && b.len < (1u << 20))
        buf_add(&b, chunk, (size_t)n);
    close(fd);
    buf_add(&b, "", 1);
    int count = 0;
    char *save = NULL;
    int first = 1;
    for (char *line = strtok_r(b.p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (first) { /* column titles */
            first = 0;
            continue;
        }
        long col[16] = {0};
        int c = 0;
        char *s2 = NULL;
        for (char *tok = strtok_r(line, " \t", &s2); tok && c < 16; tok = strtok_r(NULL, " \t", &s2))
            col[c++] = strtol(tok, NULL, 10);
        if (c <= k->cuid_col)
            continue;
        count++;
        if (fn)
            fn(k, col[k->id_col], col[k->uid_col], col[k->cuid_col]);
    }
    buf_free(&b);
    return count;
}

static void ipc_remove(const struct ipc_kind *k, long id, long uid, long cuid)
{
    if (uid != SANDBOX_UID && cuid != SANDBOX_UID)
        return;
    int r = k->kind == 0 ? shmctl((int)id, IPC_RMID, NULL)
          : k->kind == 1 ? semctl((int)id, 0, IPC_RMID)
                         : msgctl((int)id, IPC_RMID, NULL);
    if (r < 0 && errno != EINVAL && errno != EIDRM)
        note("remove %s id %ld: %s", k->file, id, strerror(errno));
}

static long keyctl3(int op, long a, long b)
{
    return syscall(SYS_keyctl, op, a, b, 0, 0);
}

/* 0: cleared and empty, or unreachable (seccomp blocks keyctl for the runs too); 1: keys are left. */
static int clear_keyrings(void)
{
    int left = 0;
    long rings[3] = {KEY_SPEC_USER_KEYRING, KEY_SPEC_USER_SESSION_KEYRING, 0};
    long persistent = keyctl3(KEYCTL_GET_PERSISTENT, -1, KEY_SPEC_PROCESS_KEYRING);
    if (persistent > 0)
        rings[2] = persistent;
    for (int i = 0; i < 3; i++) {
        if (!rings[i])
            continue;
        if (keyctl3(KEYCTL_CLEAR, rings[i], 0) < 0) {
            if (errno == EPERM || errno == ENOSYS || errno == EACCES)
                continue; /* keyctl is filtered: nothing of a run could be there */
            note("clear keyring %ld: %s", rings[i], strerror(errno));
        }
        long size = keyctl3(KEYCTL_READ, rings[i], 0);
        if (size > 0) {
            note("keyring %ld still holds %ld bytes of key ids", rings[i], size);
            left = 1;
        }
    }
    return left;
}

/* In a child, as the sandbox user: remove what a run can leave. Exit 0, or 3 when keys are left.
 * What it could not remove goes to report_fd; the agent then verifies on its own. */
static void wipe_as_sandbox(int report_fd)
{
    chmod(SANDBOX_DIR, 0755);
    clear_xattrs(SANDBOX_DIR);
    empty_dir(SANDBOX_DIR, NULL);
    chmod(SANDBOX_DIR, 0755);
    empty_dir("/tmp", AGENT_DIR_NAME);
    empty_dir("/dev/shm", NULL);
    empty_dir("/dev/mqueue", NULL);
    for (int i = 0; i < 3; i++)
        ipc_each(&IPC_KINDS[i], ipc_remove);
    int keys_left = clear_keyrings();
    if (g_note.len) {
        ssize_t ignored = write(report_fd, g_note.p, g_note.len);
        (void)ignored;
    }
    _exit(keys_left ? 3 : 0);
}

/* Names one entry of `path` other than `keep`, or returns 0 when there is none. -1: unreadable. */
static int dir_leftover(const char *path, const char *keep, char *who, size_t whosz)
{
    DIR *d = opendir(path);
    if (!d)
        return errno == ENOENT ? 0 : -1;
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || (keep && strcmp(e->d_name, keep) == 0))
            continue;
        snprintf(who, whosz, "%s/%s", path, e->d_name);
        found = 1;
        break;
    }
    closedir(d);
    return found;
}

/* The checks before READY, made by the agent itself (root, no DAC override). */
static int verify_clean(char *reason, size_t sz)
{
    char who[256] = "";
    if (wait_no_processes(REAP_MS, who, sizeof who) != 0) {
        snprintf(reason, sz, "a process is left after the wipe: %s", who);
        return -1;
    }
    const char *dirs[][2] = {{SANDBOX_DIR, NULL}, {"/tmp", AGENT_DIR_NAME}, {"/dev/shm", NULL}, {"/dev/mqueue", NULL}};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        int r = dir_leftover(dirs[i][0], dirs[i][1], who, sizeof who);
        if (r < 0) {
            snprintf(reason, sz, "%s cannot be read after the wipe: %s", dirs[i][0], strerror(errno));
            return -1;
        }
        if (r > 0) {
            snprintf(reason, sz, "%s is not empty after the wipe: %s", dirs[i][0], who);
            return -1;
        }
    }
    struct stat st;
    if (stat(SANDBOX_DIR, &st) < 0 || st.st_uid != SANDBOX_UID || st.st_gid != SANDBOX_GID || (st.st_mode & 07777) != 0755) {
        snprintf(reason, sz, "%s is not a 0755 folder of %d:%d after the wipe", SANDBOX_DIR, SANDBOX_UID, SANDBOX_GID);
        return -1;
    }
    char names[4096];
    ssize_t nx = llistxattr(SANDBOX_DIR, names, sizeof names);
    for (ssize_t i = 0; i < nx; i += (ssize_t)strlen(names + i) + 1) {
        if (owner_xattr(names + i)) {
            snprintf(reason, sz, "%s keeps the extended attribute %s after the wipe", SANDBOX_DIR, names + i);
            return -1;
        }
    }
    if (nx < 0 && errno == ERANGE) {
        snprintf(reason, sz, "%s keeps too many extended attributes after the wipe", SANDBOX_DIR);
        return -1;
    }
    for (int i = 0; i < 3; i++) {
        int n = ipc_each(&IPC_KINDS[i], NULL);
        if (n > 0) {
            snprintf(reason, sz, "%s lists %d object(s) after the wipe", IPC_KINDS[i].file, n);
            return -1;
        }
    }
    return 0;
}

static void send_broken(const char *reason)
{
    char r[NOTE_MAX + 512];
    snprintf(r, sizeof r, "%s", reason);
    one_line(r);
    frame("BROKEN", r, strlen(r));
    g_broken = 1;
}

/* Between runs, in recycle mode: kill, wipe, verify; READY or BROKEN. */
static void recycle(void)
{
    int64_t t0 = now_ms();
    char reason[NOTE_MAX + 512] = "", who[256] = "";
    if (kill_all(KILL_MS, who, sizeof who) != 0) {
        snprintf(reason, sizeof reason, "a sandbox process survived SIGKILL for %d ms: %s", KILL_MS, who);
        send_broken(reason);
        return;
    }
    int rp[2];
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0 || make_pipe(rp) < 0) {
        snprintf(reason, sizeof reason, "cannot make a pipe for the wipe: %s", strerror(errno));
        close_fd(&devnull);
        send_broken(reason);
        return;
    }
    pid_t pid = spawn(NULL, NULL, NULL, devnull, devnull, devnull, -1, wipe_as_sandbox, rp[1]);
    int fork_err = errno;
    close_fd(&devnull);
    close_fd(&rp[1]);
    if (pid < 0) {
        close_fd(&rp[0]);
        snprintf(reason, sizeof reason, "cannot fork the wipe: %s", strerror(fork_err));
        send_broken(reason);
        return;
    }
    watch(pid);
    set_nonblock(rp[0]);
    struct buf said = {0};
    struct sink s = {rp[0], &said, NOTE_MAX, 0, 0};
    int r = helper_wait(pid, NULL, NULL, 0, &s, 1, WIPE_MS, 0);
    buf_add(&said, "", 1);
    if (r == HELPER_TIMEOUT) {
        snprintf(reason, sizeof reason, "the wipe did not finish within %d ms", WIPE_MS);
    } else if (!WIFEXITED(g_watch_status) || (WEXITSTATUS(g_watch_status) != 0 && WEXITSTATUS(g_watch_status) != 3)) {
        snprintf(reason, sizeof reason, "the wipe failed (wait status %d): %s", g_watch_status, said.p);
    } else if (WEXITSTATUS(g_watch_status) == 3) {
        snprintf(reason, sizeof reason, "the sandbox user's keyrings are not empty after the wipe: %s", said.p);
    } else if (verify_clean(reason, sizeof reason) == 0) {
        framef("READY", "wipe_ms=%lld\n", (long long)(now_ms() - t0));
        buf_free(&said);
        return;
    } else if (said.len > 1) {
        size_t l = strlen(reason);
        snprintf(reason + l, sizeof reason - l, " (the wipe said: %s)", said.p);
    }
    buf_free(&said);
    send_broken(reason);
}

/* ---------------------------------------------------------------- a run */

struct run_req {
    long max_seconds;
    int files_back;
    size_t output_cap, files_cap;
    char *env[MAX_ENV_ENTRIES];
    int nenv;
    const char *tar;
    size_t tar_len;
};

struct stream {
    int fd;
    const char *word;
    uint64_t total;
    size_t sent, cap;
};

/* Reads what is there (up to one chunk) and forwards it as one frame, up to the cap; counts the rest. */
static void forward(struct stream *s)
{
    static char chunk[CHUNK];
    size_t have = 0;
    while (have < sizeof chunk) {
        ssize_t n = read(s->fd, chunk + have, sizeof chunk - have);
        if (n > 0) {
            have += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
                close_fd(&s->fd);
            break;
        }
    }
    s->total += have;
    size_t room = s->sent < s->cap ? s->cap - s->sent : 0;
    size_t k = have < room ? have : room;
    if (k) {
        frame(s->word, chunk, k);
        s->sent += k;
    }
}

static char **run_env(struct run_req *r)
{
    size_t nb = 0;
    while (g_base_env[nb])
        nb++;
    char **env = calloc(nb + (size_t)r->nenv + 1, sizeof *env);
    if (!env)
        die("out of memory");
    size_t n = 0;
    for (size_t i = 0; i < nb; i++)
        env[n++] = g_base_env[i];
    for (int j = 0; j < r->nenv; j++) {
        size_t kl = (size_t)(strchr(r->env[j], '=') - r->env[j]) + 1;
        size_t i;
        for (i = 0; i < n; i++)
            if (strncmp(env[i], r->env[j], kl) == 0)
                break;
        env[i] = r->env[j];
        if (i == n)
            n++;
    }
    env[n] = NULL;
    return env;
}

static void do_run(struct run_req *r)
{
    long long pids0 = cgroup_counter(PIDS_EVENTS, "max");
    long long oom0 = cgroup_counter(OOM_EVENTS, "oom_kill");
    const char *stage = "script";
    char reason[NOTE_MAX + 256] = "";
    char status[16] = "";
    int signo = 0;
    int64_t ran_ms = 0;
    struct stream out = {-1, "OUT", 0, 0, r->output_cap}, err = {-1, "ERR", 0, 0, r->output_cap};
    const char *files = "none";
    size_t files_bytes = 0;

    /* 1. the files, by the image's own tar, as the sandbox user */
    {
        char *argv[] = {"tar", "-xf", "-", "-C", SANDBOX_DIR, NULL};
        struct buf terr = {0};
        char fail[256] = "";
        int st = 0;
        int res = run_tar(argv, r->tar, r->tar_len, NULL, 0, 0, &st, &terr, fail, sizeof fail, NULL);
        buf_add(&terr, "", 1);
        if (fail[0] || res != HELPER_EXITED || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            stage = "untar";
            if (fail[0])
                snprintf(reason, sizeof reason, "%s", fail);
            else if (res == HELPER_TIMEOUT)
                snprintf(reason, sizeof reason, "tar -x did not finish within %d ms", TAR_MS);
            else
                snprintf(reason, sizeof reason, "tar -x failed (wait status %d): %s", st, terr.p);
            snprintf(status, sizeof status, "%d", WIFEXITED(st) && WEXITSTATUS(st) ? WEXITSTATUS(st) : 255);
        }
        buf_free(&terr);
    }

    /* 2. bash ./cyber-dojo.sh, as the sandbox user, stdin /dev/null, stdout and stderr to pipes */
    if (!strcmp(stage, "script")) {
        char **env = run_env(r);
        int op[2] = {-1, -1}, ep[2] = {-1, -1}, sp[2] = {-1, -1};
        int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
        pid_t pid = -1;
        int fork_err = 0;
        if (devnull >= 0 && make_pipe(op) == 0 && make_pipe(ep) == 0 && make_pipe(sp) == 0) {
            char *argv[] = {"bash", "./cyber-dojo.sh", NULL};
            pid = spawn("bash", argv, env, devnull, op[1], ep[1], sp[1], NULL, -1);
            fork_err = errno;
        } else {
            fork_err = errno;
        }
        int64_t start = now_ms();
        int64_t deadline = start + r->max_seconds * 1000;
        close_fd(&devnull);
        close_fd(&op[1]);
        close_fd(&ep[1]);
        close_fd(&sp[1]);
        if (pid < 0) {
            stage = "agent";
            snprintf(status, sizeof status, "255");
            snprintf(reason, sizeof reason, "cannot start the script: %s", strerror(fork_err));
            close_fd(&op[0]);
            close_fd(&ep[0]);
            close_fd(&sp[0]);
        } else {
            watch(pid);
            out.fd = op[0];
            err.fd = ep[0];
            set_nonblock(out.fd);
            set_nonblock(err.fd);
            set_nonblock(sp[0]);
            struct child_fail cf = {0, 0};
            int timed_out = 0;
            for (;;) {
                reap();
                if (g_watch_done)
                    break;
                int left = remaining_ms(deadline);
                if (left == 0) {
                    timed_out = 1;
                    break;
                }
                struct pollfd p[5];
                int np = 0;
                p[np++] = (struct pollfd){g_sigfd, POLLIN, 0};
                p[np++] = (struct pollfd){out.fd, POLLIN, 0};
                p[np++] = (struct pollfd){err.fd, POLLIN, 0};
                p[np++] = (struct pollfd){sp[0], POLLIN, 0};
                p[np++] = (struct pollfd){out_pending() ? 1 : -1, POLLOUT, 0};
                if (poll(p, (nfds_t)np, left) < 0) {
                    if (errno == EINTR)
                        continue;
                    die("poll");
                }
                if (out.fd >= 0 && p[1].revents)
                    forward(&out);
                if (err.fd >= 0 && p[2].revents)
                    forward(&err);
                if (sp[0] >= 0 && p[3].revents) {
                    ssize_t n = read(sp[0], &cf, sizeof cf);
                    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                        close_fd(&sp[0]);
                    else if (n == (ssize_t)sizeof cf)
                        close_fd(&sp[0]);
                }
                if (p[4].revents)
                    out_flush();
                /* write frames as they come: output streams */
                out_flush();
            }
            ran_ms = now_ms() - start;
            /* 3. nothing of the run outlives it: its daemons, its fork bomb */
            char who[256] = "";
            if (kill_all(KILL_MS, who, sizeof who) != 0)
                framef("LOG", "a sandbox process survived SIGKILL for %d ms: %s", KILL_MS, who);
            for (int i = 0; i < 100 && !g_watch_done; i++) {
                reap();
                if (!g_watch_done)
                    nap_ms(1);
            }
            /* what the run wrote before it ended is still in the pipes; every writer is gone */
            int64_t drain_end = now_ms() + DRAIN_MS;
            while ((out.fd >= 0 || err.fd >= 0) && remaining_ms(drain_end) > 0) {
                struct pollfd p[2] = {{out.fd, POLLIN, 0}, {err.fd, POLLIN, 0}};
                if (poll(p, 2, remaining_ms(drain_end)) < 0 && errno != EINTR)
                    break;
                if (out.fd >= 0 && p[0].revents)
                    forward(&out);
                if (err.fd >= 0 && p[1].revents)
                    forward(&err);
            }
            close_fd(&out.fd);
            close_fd(&err.fd);
            if (sp[0] >= 0) {
                struct child_fail late;
                if (read(sp[0], &late, sizeof late) == (ssize_t)sizeof late)
                    cf = late;
            }
            close_fd(&sp[0]);
            int st = g_watch_status;
            if (g_watch_done && WIFSIGNALED(st))
                signo = WTERMSIG(st);
            if (timed_out) {
                snprintf(status, sizeof status, "timeout");
                if (!signo)
                    signo = SIGKILL;
            } else if (WIFEXITED(st)) {
                snprintf(status, sizeof status, "%d", WEXITSTATUS(st));
            } else {
                snprintf(status, sizeof status, "%d", 128 + signo);
            }
            if (cf.stage == 'e') {
                stage = "exec";
                snprintf(reason, sizeof reason, "cannot run bash: %s", strerror(cf.err));
            } else if (cf.stage == 'a') {
                stage = "agent";
                snprintf(reason, sizeof reason, "cannot become the sandbox user: %s", strerror(cf.err));
            }
        }
        free(env);
    }

    /* 4. the files back: the image's tar of /sandbox, as the sandbox user, capped */
    if (r->files_back && !strcmp(stage, "script")) {
        char *argv[] = {"tar", "-cf", "-", "-C", SANDBOX_DIR, ".", NULL};
        struct buf tar = {0}, terr = {0};
        char fail[256] = "";
        int st = 0;
        uint64_t total = 0;
        int res = run_tar(argv, NULL, 0, &tar, r->files_cap, 1, &st, &terr, fail, sizeof fail, &total);
        buf_add(&terr, "", 1);
        if (fail[0]) {
            files = "failed";
            framef("LOG", "files back: %s", fail);
        } else {
            if (res == HELPER_OVER)
                files = "cut";
            else if (res == HELPER_EXITED && WIFEXITED(st) && WEXITSTATUS(st) == 0)
                files = "complete";
            else
                files = "partial";
            if (res == HELPER_OVER)
                framef("LOG", "files back: the tar of %s is over files_cap=%zu bytes; cut", SANDBOX_DIR, r->files_cap);
            else if (res == HELPER_TIMEOUT)
                framef("LOG", "files back: tar -c did not finish within %d ms", TAR_MS);
            else if (strcmp(files, "complete"))
                framef("LOG", "files back: tar -c failed (wait status %d): %s", st, terr.p);
            files_bytes = tar.len;
            frame("FILES", tar.p, tar.len);
        }
        buf_free(&tar);
        buf_free(&terr);
        /* the tar and anything it left are gone before EXIT */
        kill_all(KILL_MS, NULL, 0);
    }

    char pids_hits[24], ooms[24];
    counter_delta(pids_hits, sizeof pids_hits, pids0, cgroup_counter(PIDS_EVENTS, "max"));
    counter_delta(ooms, sizeof ooms, oom0, cgroup_counter(OOM_EVENTS, "oom_kill"));
    one_line(reason);
    framef("EXIT",
           "status=%s\nsignal=%d\nstage=%s\nran_ms=%lld\nstdout_bytes=%llu\nstderr_bytes=%llu\n"
           "pids_limit_hits=%s\noom_kills=%s\nfiles=%s\nfiles_bytes=%zu\n%s%s%s",
           status, signo, stage, (long long)ran_ms, (unsigned long long)out.total, (unsigned long long)err.total,
           pids_hits, ooms, files, files_bytes, reason[0] ? "reason=" : "", reason, reason[0] ? "\n" : "");
    out_flush();
}

/* ------------------------------------------------------- frames from the engine */

static struct buf g_in;
static size_t g_in_off;

/* Before HELLO, when it is not safe to run at all: ERROR, exit 2, and nothing killed. */
static void refuse(const char *fmt, ...)
{
    char m[512];
    int k = snprintf(m, sizeof m, "refusing to start: ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m + k, sizeof m - (size_t)k, fmt, ap);
    va_end(ap);
    one_line(m);
    frame("ERROR", m, strlen(m));
    out_flush_all(5000);
    _exit(2);
}

static void protocol_error(const char *fmt, ...)
{
    char m[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    one_line(m);
    frame("ERROR", m, strlen(m));
    out_flush_all(5000);
    kill_all(KILL_MS, NULL, 0);
    _exit(2);
}

static void engine_gone(void)
{
    /* stdout is closed: nobody can hear us; leave nothing running */
    kill_all(KILL_MS, NULL, 0);
    _exit(1);
}

/* Makes `need` bytes available in g_in after g_in_off. 1: there; 0: EOF on stdin first. */
static int in_have(size_t need)
{
    while (g_in.len - g_in_off < need) {
        if (g_in_off > 0) { /* keep what is unread at the start */
            memmove(g_in.p, g_in.p + g_in_off, g_in.len - g_in_off);
            g_in.len -= g_in_off;
            g_in_off = 0;
        }
        size_t want = need - (g_in.len - g_in_off);
        if (want < CHUNK)
            want = CHUNK;
        buf_reserve(&g_in, want);
        struct pollfd p[3] = {{0, POLLIN, 0}, {g_sigfd, POLLIN, 0}, {out_pending() ? 1 : -1, POLLOUT, 0}};
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (p[1].revents)
            reap();
        if (p[2].revents)
            out_flush();
        if (p[0].revents) {
            ssize_t n = read(0, g_in.p + g_in.len, g_in.cap - g_in.len);
            if (n > 0)
                g_in.len += (size_t)n;
            else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK))
                return 0;
        }
    }
    return 1;
}

/* Parses "<digits>" with no sign, no leading zero, at most 10 digits, value <= max. */
static int parse_len(const char *s, size_t n, unsigned long long max, unsigned long long *out)
{
    if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
        return -1;
    unsigned long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

/* Reads one header; returns 0 at a clean EOF between frames. */
static int read_header(char word[MAX_WORD + 1], unsigned long long *len)
{
    size_t i = 0;
    for (;;) {
        if (!in_have(i + 1)) {
            if (i == 0)
                return 0;
            protocol_error("stdin ended inside a frame header");
        }
        char c = g_in.p[g_in_off + i];
        i++;
        if (c == '\n')
            break;
        if (i >= MAX_HEADER)
            protocol_error("frame header longer than %d bytes", MAX_HEADER);
    }
    const char *h = g_in.p + g_in_off;
    size_t wl = 0;
    while (wl < i && h[wl] >= 'A' && h[wl] <= 'Z')
        wl++;
    if (wl == 0 || wl > MAX_WORD || h[wl] != ' ')
        protocol_error("bad frame header");
    memcpy(word, h, wl);
    word[wl] = 0;
    if (parse_len(h + wl + 1, i - wl - 2, 0xffffffffull, len) < 0)
        protocol_error("bad frame length in a %s header", word);
    g_in_off += i;
    return 1;
}

static void parse_run(const char *p, size_t n, struct run_req *r)
{
    memset(r, 0, sizeof *r);
    r->max_seconds = -1;
    r->files_back = -1;
    r->output_cap = (size_t)-1;
    r->files_cap = (size_t)-1;
    size_t pos = 0;
    while (pos < n) {
        size_t nl = pos;
        while (nl < n && nl - pos <= MAX_FIELD_NAME + 12 && p[nl] != '\n')
            nl++;
        if (nl >= n || p[nl] != '\n')
            protocol_error("RUN: bad field header at byte %zu", pos);
        size_t nm = pos;
        while (nm < nl && ((p[nm] >= 'a' && p[nm] <= 'z') || p[nm] == '_'))
            nm++;
        if (nm == pos || nm - pos > MAX_FIELD_NAME || p[nm] != ' ')
            protocol_error("RUN: bad field name at byte %zu", pos);
        char name[MAX_FIELD_NAME + 1];
        memcpy(name, p + pos, nm - pos);
        name[nm - pos] = 0;
        unsigned long long len;
        if (parse_len(p + nm + 1, nl - nm - 1, n - nl - 1, &len) < 0)
            protocol_error("RUN: bad length for field %s", name);
        const char *v = p + nl + 1;
        pos = nl + 1 + len;
        unsigned long long num;
        if (!strcmp(name, "max_seconds")) {
            if (r->max_seconds != -1 || parse_len(v, len, MAX_SECONDS, &num) < 0 || num < 1)
                protocol_error("RUN: max_seconds must be given once, 1..%d", MAX_SECONDS);
            r->max_seconds = (long)num;
        } else if (!strcmp(name, "files_back")) {
            if (r->files_back != -1 || len != 1 || (v[0] != '0' && v[0] != '1'))
                protocol_error("RUN: files_back must be given at most once, 0 or 1");
            r->files_back = v[0] == '1';
        } else if (!strcmp(name, "output_cap")) {
            if (r->output_cap != (size_t)-1 || parse_len(v, len, MAX_OUTPUT_CAP, &num) < 0)
                protocol_error("RUN: output_cap must be given at most once, 0..%u", MAX_OUTPUT_CAP);
            r->output_cap = (size_t)num;
        } else if (!strcmp(name, "files_cap")) {
            if (r->files_cap != (size_t)-1 || parse_len(v, len, MAX_FILES_CAP, &num) < 0)
                protocol_error("RUN: files_cap must be given at most once, 0..%u", MAX_FILES_CAP);
            r->files_cap = (size_t)num;
        } else if (!strcmp(name, "env")) {
            if (r->nenv >= MAX_ENV_ENTRIES)
                protocol_error("RUN: more than %d env fields", MAX_ENV_ENTRIES);
            if (len > MAX_ENV_ENTRY || memchr(v, 0, len))
                protocol_error("RUN: an env field is longer than %u bytes or holds a NUL byte", MAX_ENV_ENTRY);
            size_t k = 0;
            while (k < len && (v[k] == '_' || (v[k] >= 'A' && v[k] <= 'Z') || (v[k] >= 'a' && v[k] <= 'z') ||
                               (k > 0 && v[k] >= '0' && v[k] <= '9')))
                k++;
            if (k == 0 || k >= len || v[k] != '=')
                protocol_error("RUN: an env field is not NAME=value");
            char *e = malloc(len + 1);
            if (!e)
                die("out of memory");
            memcpy(e, v, len);
            e[len] = 0;
            r->env[r->nenv++] = e;
        } else if (!strcmp(name, "tar")) {
            if (r->tar)
                protocol_error("RUN: tar given twice");
            r->tar = v;
            r->tar_len = len;
        } else {
            protocol_error("RUN: unknown field %s", name);
        }
    }
    if (r->max_seconds == -1 || !r->tar)
        protocol_error("RUN: max_seconds and tar are required");
    if (r->files_back == -1)
        r->files_back = 0;
    if (r->output_cap == (size_t)-1)
        r->output_cap = DEFAULT_OUTPUT_CAP;
    if (r->files_cap == (size_t)-1)
        r->files_cap = DEFAULT_FILES_CAP;
}

/* ------------------------------------------------------------------ main */

static void base_env(void)
{
    extern char **environ;
    size_t n = 0;
    while (environ && environ[n])
        n++;
    g_base_env = calloc(n + 1, sizeof *g_base_env);
    if (!g_base_env)
        die("out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = environ[i];
        /* what the bootstrap's bash adds, not the image's or the container's */
        if (!strncmp(e, "_=", 2) || !strncmp(e, "SHLVL=", 6) || !strncmp(e, "PWD=", 4) || !strncmp(e, "OLDPWD=", 7))
            continue;
        g_base_env[k++] = environ[i];
    }
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "oneshot") && strcmp(argv[1], "recycle"))) {
        static const char usage[] = "usage: warmpool-agent oneshot|recycle (protocol: docs/agent.md)\n";
        ssize_t ignored = write(2, usage, sizeof usage - 1);
        (void)ignored;
        return 2;
    }
    g_recycle = !strcmp(argv[1], "recycle");
    g_self = getpid();
    /* the sandbox user can neither ptrace this process nor read its /proc files */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    signal(SIGPIPE, SIG_IGN);
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    g_sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (g_sigfd < 0)
        die("signalfd");
    set_nonblock(0);
    set_nonblock(1);
    base_env();

    /* kill(-1) must only ever reach this container's processes: refuse to start in the host's
     * pid namespace (its inode is a kernel constant) or beside processes of someone else */
    char ns[64] = "";
    ssize_t nl = readlink("/proc/self/ns/pid", ns, sizeof ns - 1);
    char who[256] = "";
    if (nl < 0 || strcmp(ns, "pid:[4026531836]") == 0)
        refuse("not in a pid namespace of its own (%s)", nl < 0 ? strerror(errno) : ns);
    if (others_alive(1, who, sizeof who) != 0)
        refuse("its pid namespace holds other processes than pid 1 and the agent: %s", who);

    framef("HELLO", "version=%s\npid=%d\nmode=%s\nuid=%d\ngid=%d\nmax_run_bytes=%u\n", PROTOCOL_VERSION, (int)g_self,
           g_recycle ? "recycle" : "oneshot", SANDBOX_UID, SANDBOX_GID, MAX_RUN_BYTES);
    if (g_recycle) {
        /* the first READY (or BROKEN) comes from the same checks as every later one */
        struct statvfs vfs;
        char reason[NOTE_MAX + 512];
        if (statvfs("/", &vfs) == 0 && !(vfs.f_flag & ST_RDONLY))
            send_broken("the root filesystem is writable: a run could leave files outside the places the wipe "
                        "empties; run recycled containers with --read-only");
        else if (verify_clean(reason, sizeof reason) != 0)
            send_broken(reason);
        else
            framef("READY", "wipe_ms=0\n");
    }
    out_flush();

    for (;;) {
        char word[MAX_WORD + 1];
        unsigned long long len;
        if (!read_header(word, &len)) {
            /* stdin closed: the engine is done with this container */
            kill_all(KILL_MS, NULL, 0);
            out_flush_all(2000);
            return 0;
        }
        if (strcmp(word, "RUN"))
            protocol_error("unknown frame %s", word);
        if (len > MAX_RUN_BYTES)
            protocol_error("RUN of %llu bytes is over the limit of %u", len, MAX_RUN_BYTES);
        if (g_broken)
            protocol_error("RUN after BROKEN: this container must be replaced");
        if (!g_recycle && g_ran)
            protocol_error("RUN after the run of a oneshot agent: this container must be replaced");
        if (!in_have((size_t)len))
            protocol_error("stdin ended inside a RUN frame");
        struct run_req req;
        parse_run(g_in.p + g_in_off, (size_t)len, &req);
        g_ran = 1;
        do_run(&req);
        for (int i = 0; i < req.nenv; i++)
            free(req.env[i]);
        g_in_off += (size_t)len;
        /* give back a large request's memory */
        if (g_in_off == g_in.len) {
            g_in.len = g_in_off = 0;
            if (g_in.cap > (1u << 20))
                buf_free(&g_in);
        }
        if (g_recycle)
            recycle();
        out_flush();
    }
}
