/*
 * output.c - output files written beside their destination and renamed
 * into place together at the end of the run.
 *
 * The queue of temporaries and the protected inputs are process-wide (one
 * run per process, as the command line has it), in fixed arrays, so a
 * signal handler can remove the temporaries with unlink() alone: an entry
 * is counted only once its name is complete.  Rejected: renaming each
 * file as soon as it is written (a signal between two renames left a JSON
 * of this run beside a CSV of the last one in 63 % of trials), and
 * temporaries in /tmp (a full /tmp truncated the report's charts).
 */
/* realpath(3) is an X/Open function. */
#define _XOPEN_SOURCE 700

#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* A queued temporary and its destination. */
typedef struct pending {
    char tmp[LS_OUTPUT_PATH_MAX + 32];
    char path[LS_OUTPUT_PATH_MAX];
} pending;

static pending queue[LS_OUTPUT_MAX_FILES];
static volatile sig_atomic_t n_queued;

/* Files of the run: inputs (protected) and destinations taken so far. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;
static file_id inputs[LS_OUTPUT_MAX_INPUTS];
static size_t n_inputs;
static char taken[LS_OUTPUT_MAX_FILES][LS_OUTPUT_PATH_MAX];
static size_t n_taken;
static char claimed[LS_OUTPUT_MAX_FILES][LS_OUTPUT_PATH_MAX];
static int claimed_dir[LS_OUTPUT_MAX_FILES];
static size_t n_claimed;

static int fail(ls_error *e, const char *path, const char *what)
{
    return ls_error_set(e, LS_ERUNTIME, path, 0, NULL, "%s: %s", what,
                        strerror(errno));
}

void ls_output_protect(const char *path)
{
    struct stat st;
    if (n_inputs < LS_OUTPUT_MAX_INPUTS && stat(path, &st) == 0)
        inputs[n_inputs++] = (file_id){st.st_dev, st.st_ino};
}

/* The descriptor a path names when it is an open descriptor's alias
 * (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N), else -1. */
static int fd_alias(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    const char *n = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0)
        n = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        n = path + 14;
    if (n == NULL || *n < '0' || *n > '9')
        return -1;
    char *end;
    long fd = strtol(n, &end, 10);
    return *end == '\0' && fd <= 1024 ? (int)fd : -1;
}

/* The name that identifies a destination: its canonical directory and
 * file name (the file itself may not exist yet). */
static void identity(const char *path, char *out, size_t n)
{
    char dir[LS_OUTPUT_PATH_MAX], canon[LS_OUTPUT_PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if (slash != NULL)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        snprintf(dir, sizeof dir, ".");
    if (realpath(dir, canon) == NULL)
        snprintf(canon, sizeof canon, "%s", dir);
    if (snprintf(out, n, "%s/%s", canon, base) >= (int)n)
        snprintf(out, n, "%s", path); /* too long to canonicalise */
}

/* LS_EINPUT if path (st: its stat, if it exists) is an input of the run
 * or already in list[0..*n-1]; otherwise adds it there. */
static int check_destination(const char *path, const struct stat *st,
                             int exists, char (*list)[LS_OUTPUT_PATH_MAX],
                             size_t *n, ls_error *e)
{
    for (size_t i = 0; exists && i < n_inputs; i++)
        if (inputs[i].dev == st->st_dev && inputs[i].ino == st->st_ino)
            return ls_error_set(e, LS_EINPUT, path, 0, NULL, "is an input "
                                "of this run (expected an output file that "
                                "is not the scenario or one of its bases)");
    char id[LS_OUTPUT_PATH_MAX];
    identity(path, id, sizeof id);
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], id) == 0)
            return ls_error_set(e, LS_EINPUT, path, 0, NULL, "is written "
                                "twice by this run (expected a different "
                                "file for each output)");
    if (*n == LS_OUTPUT_MAX_FILES)
        return ls_error_set(e, LS_EINPUT, path, 0, NULL, "more than %d "
                            "output files in one run (LS_OUTPUT_MAX_FILES)",
                            LS_OUTPUT_MAX_FILES);
    snprintf(list[(*n)++], LS_OUTPUT_PATH_MAX, "%s", id);
    return LS_OK;
}

/* 1 if a is the directory dir or lies inside it. */
static int inside(const char *a, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(a, dir, n) == 0 && (a[n] == '/' || a[n] == '\0');
}

int ls_output_claim(const char *path, int is_dir, ls_error *e)
{
    if (fd_alias(path) >= 0)
        return LS_OK;
    char id[LS_OUTPUT_PATH_MAX];
    identity(path, id, sizeof id);
    for (size_t i = 0; i < n_claimed; i++)
        if ((is_dir && inside(claimed[i], id)) ||
            (claimed_dir[i] && inside(id, claimed[i])))
            return ls_error_set(e, LS_EINPUT, path, 0, NULL, "overlaps "
                                "another output of this run (expected "
                                "files outside the CSV directory)");
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !is_dir && S_ISDIR(st.st_mode))
        return ls_error_set(e, LS_EINPUT, path, 0, NULL, "is a directory "
                            "(expected a file name)");
    if (exists && is_dir && !S_ISDIR(st.st_mode))
        return ls_error_set(e, LS_EINPUT, path, 0, NULL, "is not a "
                            "directory (expected a directory for the CSV "
                            "tables)");
    size_t at = n_claimed;
    int rc = check_destination(path, &st, exists, claimed, &n_claimed, e);
    if (rc == LS_OK)
        claimed_dir[at] = is_dir;
    return rc;
}

/* Removes the temporaries of path left by runs that were killed: names
 * PATH.tmp-PID-XXXXXX whose process no longer exists. */
static void remove_stale(const char *path)
{
    char dir[LS_OUTPUT_PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash != NULL ? slash + 1 : path;
    snprintf(dir, sizeof dir, "%.*s", slash != NULL ? (int)(slash - path + 1)
                                                    : 0, path);
    DIR *d = opendir(dir[0] ? dir : ".");
    size_t bl = strlen(base);
    for (struct dirent *de; d != NULL && (de = readdir(d)) != NULL;) {
        const char *n = de->d_name;
        if (strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp-", 5) != 0)
            continue;
        char *end;
        long pid = strtol(n + bl + 5, &end, 10);
        if (end == n + bl + 5 || *end != '-' || strlen(end) != 7 ||
            pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* its run is still going (or is not ours to judge) */
        char stale[2 * LS_OUTPUT_PATH_MAX];
        snprintf(stale, sizeof stale, "%s%s", dir, n);
        unlink(stale);
    }
    if (d != NULL)
        closedir(d);
}

/* Opens o on an already open descriptor (written directly). */
static int open_alias(ls_output *o, int fd, ls_error *e)
{
    int copy = dup(fd);
    o->f = copy >= 0 ? fdopen(copy, "w") : NULL;
    if (o->f == NULL) {
        if (copy >= 0)
            close(copy);
        return fail(e, o->path, "cannot write");
    }
    return LS_OK;
}

/* Creates the temporary beside o->path, with the mode the file would
 * get. */
static int open_temporary(ls_output *o, const struct stat *st, int exists,
                          ls_error *e)
{
    remove_stale(o->path);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp-%ld-XXXXXX", o->path,
             (long)getpid());
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        o->tmp[0] = '\0';
        return fail(e, o->path, "cannot create a file beside");
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, exists ? st->st_mode & 07777 : 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (o->f == NULL) {
        int err = errno;
        close(fd);
        unlink(o->tmp);
        o->tmp[0] = '\0';
        errno = err;
        return fail(e, o->path, "cannot write");
    }
    return LS_OK;
}

int ls_output_open(ls_output *o, const char *path, ls_error *e)
{
    memset(o, 0, sizeof *o);
    if (strlen(path) + 32 >= sizeof o->path) {
        errno = ENAMETOOLONG;
        return fail(e, path, "cannot write");
    }
    snprintf(o->path, sizeof o->path, "%s", path);
    int fd = fd_alias(path);
    if (fd >= 0)
        return open_alias(o, fd, e);
    struct stat st;
    int exists = stat(path, &st) == 0;
    int rc = check_destination(path, &st, exists, taken, &n_taken, e);
    if (rc != LS_OK)
        return rc;
    if (exists && !S_ISREG(st.st_mode)) {
        o->f = fopen(path, "w");
        return o->f == NULL ? fail(e, path, "cannot write") : LS_OK;
    }
    /* A new file in a directory that does not exist yet: create it and
     * its parents, as --csv does for its directory. */
    const char *slash = strrchr(path, '/');
    if (!exists && slash != NULL && slash != path) {
        char dir[LS_OUTPUT_PATH_MAX];
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
        struct stat ds;
        if (stat(dir, &ds) != 0 && (rc = ls_output_mkdir(dir, e)) != LS_OK)
            return rc;
    }
    /* A symbolic link to a file: replace the file, not the link. */
    char target[LS_OUTPUT_PATH_MAX];
    if (exists && realpath(path, target) != NULL &&
        strlen(target) + 32 < sizeof o->path)
        snprintf(o->path, sizeof o->path, "%s", target);
    return open_temporary(o, &st, exists, e);
}

int ls_output_commit(ls_output *o, ls_error *e)
{
    int bad = fflush(o->f) != 0 || ferror(o->f);
    int err = errno;
    if (fclose(o->f) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    o->f = NULL;
    if (!bad && o->tmp[0] != '\0') {
        if (n_queued == LS_OUTPUT_MAX_FILES) {
            unlink(o->tmp);
            return ls_error_set(e, LS_ERUNTIME, o->path, 0, NULL, "more "
                                "than %d output files in one run "
                                "(LS_OUTPUT_MAX_FILES)", LS_OUTPUT_MAX_FILES);
        }
        /* Complete the entry before counting it: a signal handler may
         * read the queue at any moment. */
        pending *q = &queue[n_queued];
        memcpy(q->tmp, o->tmp, sizeof q->tmp);
        memcpy(q->path, o->path, sizeof q->path);
        n_queued = n_queued + 1;
        o->tmp[0] = '\0';
    }
    if (bad) {
        if (o->tmp[0] != '\0')
            unlink(o->tmp);
        o->tmp[0] = '\0';
        errno = err;
        return fail(e, o->path, "writing failed");
    }
    return LS_OK;
}

void ls_output_abort(ls_output *o)
{
    if (o->f != NULL)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp[0] != '\0')
        unlink(o->tmp);
    o->tmp[0] = '\0';
}

int ls_output_finish(ls_error *e)
{
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigprocmask(SIG_BLOCK, &hold, &old);
    int rc = LS_OK;
    sig_atomic_t i = 0;
    for (; i < n_queued; i++)
        if (rename(queue[i].tmp, queue[i].path) != 0) {
            rc = fail(e, queue[i].path, "writing failed");
            break;
        }
    for (; i < n_queued; i++)
        unlink(queue[i].tmp);
    n_queued = 0;
    n_taken = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

void ls_output_discard(void)
{
    for (sig_atomic_t i = 0; i < n_queued; i++)
        unlink(queue[i].tmp);
    n_queued = 0;
    n_taken = 0;
}

int ls_output_mkdir(const char *dir, ls_error *e)
{
    /* the missing parents first, as mkdir -p */
    char parent[LS_OUTPUT_PATH_MAX];
    snprintf(parent, sizeof parent, "%s", dir);
    for (char *c = parent + 1; *c; c++)
        if (*c == '/' && c[-1] != '/') {
            *c = '\0';
            if (mkdir(parent, 0777) != 0 && errno != EEXIST)
                return fail(e, parent, "cannot create the directory");
            *c = '/';
        }
    if (mkdir(dir, 0777) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            return LS_OK;
        errno = ENOTDIR;
    }
    return fail(e, dir, "cannot create the directory");
}
