/*
 * output.c - atomic output files: temporary name, then rename(2).
 *
 * The temporary file comes from mkstemp in the destination's directory
 * (rename is atomic only within one file system).  Its mode is that of the
 * file it replaces, or what a plain fopen would have given (0666 less the
 * umask), since mkstemp creates files readable by the owner only.  A
 * symbolic link is followed, so the file it points to is replaced, not the
 * link.  Several files (the CSV tables) are each atomic, not as a set.
 */
/* realpath(3) is an X/Open function. */
#define _XOPEN_SOURCE 700

#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(ls_error *e, const char *path, const char *what)
{
    return ls_error_set(e, LS_ERUNTIME, path, 0, NULL, "%s: %s", what,
                        strerror(errno));
}

int ls_output_open(ls_output *o, const char *path, ls_error *e)
{
    memset(o, 0, sizeof *o);
    if (strlen(path) + 16 >= sizeof o->path) {
        errno = ENAMETOOLONG;
        return fail(e, path, "cannot write");
    }
    snprintf(o->path, sizeof o->path, "%s", path);
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
        o->f = fopen(path, "w");
        return o->f == NULL ? fail(e, path, "cannot write") : LS_OK;
    }
    /* A symbolic link to a file: replace the file, not the link. */
    char target[LS_OUTPUT_PATH_MAX];
    if (exists && realpath(path, target) != NULL &&
        strlen(target) + 16 < sizeof o->path)
        snprintf(o->path, sizeof o->path, "%s", target);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp-XXXXXX", o->path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        o->tmp[0] = '\0';
        return fail(e, path, "cannot create a file beside");
    }
    /* The mode a plain fopen would give, or the replaced file's own. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, exists ? st.st_mode & 07777 : 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (o->f == NULL) {
        int err = errno;
        close(fd);
        unlink(o->tmp);
        errno = err;
        return fail(e, path, "cannot write");
    }
    return LS_OK;
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
    if (!bad && o->tmp[0] != '\0' && rename(o->tmp, o->path) != 0) {
        bad = 1;
        err = errno;
    }
    if (bad) {
        if (o->tmp[0] != '\0')
            unlink(o->tmp);
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
