/*
 * tree.c - inheritance and overrides on libconfig trees.
 *
 * libconfig 1.5 has no include hook and no override option, so this is our
 * own code: read the base (recursively), then copy the derived file's
 * settings into the base's tree.  libconfig exposes a setting's file and
 * line as struct fields; copies get those of the setting they were copied
 * from, so an error in an override names the derived file and its line.
 * The configs of all files stay alive as long as the tree, because the
 * copied settings point at their file names.
 */
/* realpath(3) is an X/Open function. */
#define _XOPEN_SOURCE 700

#include "tree.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "setting.h"


void ls_tree_free(ls_tree *t)
{
    for (size_t i = 0; i < t->n_cfg; i++) {
        config_destroy(t->cfg[i]);
        free(t->cfg[i]);
        free(t->files[i]);
        free(t->given[i]);
        free(t->text[i]);
    }
    for (size_t i = 0; i < t->n_overrides; i++) {
        free(t->overrides[i].path);
        free(t->overrides[i].file);
        free(t->overrides[i].was_file);
    }
    free(t->overrides);
    memset(t, 0, sizeof *t);
}

/*
 * libconfig 1.5 reads an integer literal without an L suffix as a 32-bit
 * int and wraps one that does not fit (5000000000 becomes 705032704, and
 * 0x100000005 becomes 5), with no error.  We catch that before libconfig
 * sees the text: scan it, skip strings and comments, and reject every
 * integer literal without the suffix outside the 32-bit range, and every
 * literal beyond 64 bits (which libconfig saturates, suffix or not).
 * (libconfig 1.7 promotes such literals itself; the check is then merely
 * redundant.)  Files pulled in with @include are not scanned.
 */

/* A character of a libconfig setting name: [A-Za-z0-9_*-]. */
static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '*' || c == '-';
}

/* Checks the number that starts at p (a digit; text is NUL-terminated)
 * and sets *next past it. */
static int check_number(const char *text, const char *p, int line,
                        const char *file, const char **next, ls_error *e)
{
    int neg = p > text && p[-1] == '-';
    int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    const char *q = p + (hex ? 2 : 0);
    while (hex ? (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') ||
                     (*q >= 'A' && *q <= 'F')
               : *q >= '0' && *q <= '9')
        q++;
    if (!hex && (*q == '.' || *q == 'e' || *q == 'E')) { /* a float */
        while ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' ||
               *q == 'E' || ((*q == '+' || *q == '-') &&
                             (q[-1] == 'e' || q[-1] == 'E')))
            q++;
        *next = q;
        return LS_OK;
    }
    int n = (int)(q - p), suffixed = *q == 'L';
    *next = q + strspn(q, "L");
    errno = 0;
    int too_wide;
    if (hex) {
        unsigned long long v = strtoull(p, NULL, 16);
        too_wide = errno == ERANGE;
        if (!too_wide && !suffixed && v > INT_MAX)
            return ls_error_set(e, LS_EINPUT, file, line, NULL,
                                "the integer %.*s does not fit in 31 bits, "
                                "and libconfig would silently wrap it; write "
                                "it with an L suffix: %.*sL", n, p, n, p);
    } else {
        const char *d = p + strspn(p, "0"); /* leading zeros do not count */
        if (d == q)
            return LS_OK;
        too_wide = q - d > 19;
        long long v = 0;
        if (!too_wide) {
            char buf[24];
            snprintf(buf, sizeof buf, "%s%.*s", neg ? "-" : "", (int)(q - d),
                     d);
            v = strtoll(buf, NULL, 10);
            too_wide = errno == ERANGE;
        }
        if (!too_wide && !suffixed && (v > INT_MAX || v < INT_MIN))
            return ls_error_set(e, LS_EINPUT, file, line, NULL,
                                "the integer %s%.*s does not fit in 32 bits, "
                                "and libconfig would silently wrap it; write "
                                "it with an L suffix: %s%.*sL", neg ? "-" : "",
                                n, p, neg ? "-" : "", n, p);
    }
    if (too_wide)
        return ls_error_set(e, LS_EINPUT, file, line, NULL, "the integer "
                            "%s%.*s does not fit in 64 bits", neg ? "-" : "",
                            n, p);
    return LS_OK;
}

/* Checks every integer literal of the NUL-terminated text of file. */
static int check_literals(const char *text, const char *file, ls_error *e)
{
    const char *p = text;
    int line = 1;
    while (*p) {
        if (*p == '\n') {
            line++;
            p++;
        } else if (*p == '"') {
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1] != '\0')
                    p++;
                if (*p == '\n')
                    line++;
            }
            p += *p == '"';
        } else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
                line += *p == '\n';
            p += *p ? 2 : 0;
        } else if (name_char(*p) && *p != '-') { /* a name or a number */
            /* A number starts after neither a name nor a '.'; a '-' is a
             * sign unless a name goes before it ("x-5" is a name). */
            const char *before = p > text ? p - 1 : NULL;
            if (before != NULL && *before == '-')
                before = before > text ? before - 1 : NULL;
            int starts = *p >= '0' && *p <= '9' &&
                         !(before != NULL && (name_char(*before) ||
                                              *before == '.'));
            if (starts) {
                int rc = check_number(text, p, line, file, &p, e);
                if (rc != LS_OK)
                    return rc;
            } else {
                while (name_char(*p))
                    p++;
            }
        } else {
            p++;
        }
    }
    return LS_OK;
}

int ls_tree_read_text(const char *file, char **text, ls_error *e)
{
    *text = NULL;
    FILE *fp = fopen(file, "rb");
    if (fp == NULL)
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "cannot open: %s",
                            strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(fp);
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "is a directory, "
                            "not a scenario file");
    }
    size_t len = 0, cap = 0;
    int rc = LS_OK;
    char *buf = NULL;
    for (;;) {
        if (len + 1 >= cap) {
            if (cap >= LS_TREE_MAX_BYTES) {
                rc = ls_error_set(e, LS_EINPUT, file, 0, NULL, "is larger "
                                  "than %u MB, not a scenario file",
                                  LS_TREE_MAX_BYTES >> 20);
                break;
            }
            cap = cap ? 2 * cap : 65536;
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                rc = ls_error_oom(e);
                break;
            }
            buf = grown;
        }
        size_t got = fread(buf + len, 1, cap - 1 - len, fp);
        len += got;
        if (got == 0) {
            if (ferror(fp))
                rc = ls_error_set(e, LS_EINPUT, file, 0, NULL,
                                  "cannot read: %s", strerror(errno));
            break;
        }
    }
    fclose(fp);
    if (rc != LS_OK) {
        free(buf);
        return rc;
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "contains a NUL "
                            "byte, not a scenario file");
    }
    *text = buf;
    return LS_OK;
}

/* If line `line` of text assigns a number with a decimal comma
 * ("p = 0,5;"), a libconfig syntax error, writes a hint into hint. */
static void comma_hint(const char *text, int line, char *hint, size_t n)
{
    for (int i = 1; i < line && text != NULL; i++) {
        text = strchr(text, '\n');
        text = text != NULL ? text + 1 : NULL;
    }
    if (text == NULL)
        return;
    size_t len = strcspn(text, "\n");
    for (const char *eq = memchr(text, '=', len); eq != NULL;
         eq = memchr(eq + 1, '=', len - (size_t)(eq + 1 - text))) {
        const char *v = eq + 1 + strspn(eq + 1, " \t");
        const char *d = v + (*v == '-');
        size_t a = strspn(d, "0123456789");
        if (a == 0 || d[a] != ',' || d[a + 1] < '0' || d[a + 1] > '9')
            continue;
        size_t b = strspn(d + a + 1, "0123456789");
        snprintf(hint, n, " (a decimal comma? write decimals with a point: "
                 "%.*s.%.*s)", (int)(d - v + a), v, (int)b, d + a + 1);
        return;
    }
}

/* Names file as the origin of every setting under s that has none (the
 * settings of a config parsed from a string). */
static void set_file(config_setting_t *s, const char *file)
{
    if (s->file == NULL)
        s->file = file;
    int n = config_setting_length(s);
    if (config_setting_is_aggregate(s))
        for (int i = 0; i < n; i++)
            set_file(config_setting_get_elem(s, (unsigned)i), file);
}

/* A group that is a value (a distribution or a schedule), not a section. */
static int is_value_group(const config_setting_t *s)
{
    return config_setting_type(s) == CONFIG_TYPE_GROUP &&
           (config_setting_get_member(s, "dist") != NULL ||
            config_setting_get_member(s, "schedule") != NULL);
}

/* The file name given to settings that come from the command line. */
static const char *const cmdline = "--set";

/* Copies src (and everything under it) as a new child `name` of parent
 * (name NULL inside lists and arrays), keeping src's file and line, or
 * marking it as from the command line when `from_cmdline`. */
static config_setting_t *copy(config_setting_t *parent, const char *name,
                              const config_setting_t *src, int from_cmdline)
{
    int type = config_setting_type(src);
    config_setting_t *d = config_setting_add(parent, name, type);
    if (d == NULL)
        return NULL;
    d->line = from_cmdline ? 0 : src->line;
    d->file = from_cmdline ? cmdline : src->file;
    switch (type) {
    case CONFIG_TYPE_INT:
        config_setting_set_int(d, config_setting_get_int(src));
        break;
    case CONFIG_TYPE_INT64:
        config_setting_set_int64(d, config_setting_get_int64(src));
        break;
    case CONFIG_TYPE_FLOAT:
        config_setting_set_float(d, config_setting_get_float(src));
        break;
    case CONFIG_TYPE_BOOL:
        config_setting_set_bool(d, config_setting_get_bool(src));
        break;
    case CONFIG_TYPE_STRING:
        config_setting_set_string(d, config_setting_get_string(src));
        break;
    default: /* group, list, array */
        for (int i = 0; i < config_setting_length(src); i++) {
            const config_setting_t *c =
                config_setting_get_elem(src, (unsigned)i);
            if (copy(d, type == CONFIG_TYPE_GROUP ? config_setting_name(c)
                                                  : NULL, c, from_cmdline) ==
                NULL)
                return NULL;
        }
    }
    return d;
}

static int record(ls_tree *t, const config_setting_t *now,
                  const char *file, int line, const char *was_file,
                  int was_line, ls_error *e)
{
    ls_override *o = realloc(t->overrides,
                             (t->n_overrides + 1) * sizeof *o);
    if (o == NULL)
        return ls_error_oom(e);
    t->overrides = o;
    char path[LS_ERROR_PATH_MAX];
    ls_setting_path(now, path, sizeof path);
    o = &t->overrides[t->n_overrides];
    o->path = strdup(path);
    o->file = strdup(file ? file : "");
    o->was_file = strdup(was_file ? was_file : "");
    o->line = line;
    o->was_line = was_line;
    if (!o->path || !o->file || !o->was_file) {
        free(o->path);
        free(o->file);
        free(o->was_file);
        return ls_error_oom(e);
    }
    t->n_overrides++;
    return LS_OK;
}

/* Replaces (or adds) child `name` of parent by a copy of src. */
static int replace(ls_tree *t, config_setting_t *parent, const char *name,
                   const config_setting_t *src, const char *file, int line,
                   ls_error *e)
{
    config_setting_t *old = config_setting_get_member(parent, name);
    const char *was_file = old ? old->file : NULL;
    int was_line = old ? (int)old->line : 0;
    char was[LS_ERROR_FILE_MAX];
    snprintf(was, sizeof was, "%s", was_file ? was_file : "");
    if (old != NULL)
        config_setting_remove(parent, name);
    config_setting_t *now = copy(parent, name, src,
                                 file != NULL && strcmp(file, cmdline) == 0);
    if (now == NULL)
        return ls_error_oom(e);
    return record(t, now, file, line, was, was_line, e);
}

/* Merges setting src into group dst. */
static int merge(ls_tree *t, config_setting_t *dst,
                 const config_setting_t *src, ls_error *e)
{
    const char *name = config_setting_name(src);
    config_setting_t *old = config_setting_get_member(dst, name);
    if (old != NULL && config_setting_type(old) == CONFIG_TYPE_GROUP &&
        config_setting_type(src) == CONFIG_TYPE_GROUP &&
        !is_value_group(old) && !is_value_group(src)) {
        for (int i = 0; i < config_setting_length(src); i++) {
            int rc = merge(t, old, config_setting_get_elem(src, (unsigned)i),
                           e);
            if (rc != LS_OK)
                return rc;
        }
        return LS_OK;
    }
    return replace(t, dst, name, src, src->file, (int)src->line, e);
}

/* The names of group g's children, NULL-terminated, into names[cap]. */
static void child_names(const config_setting_t *g, const char **names,
                        size_t cap)
{
    size_t n = 0;
    for (int i = 0; g != NULL && i < config_setting_length(g) && n + 1 < cap;
         i++) {
        const char *nm =
            config_setting_name(config_setting_get_elem(g, (unsigned)i));
        if (nm != NULL)
            names[n++] = nm;
    }
    names[n] = NULL;
}

/* A name libconfig accepts: a letter or '*', then letters, digits, '_',
 * '-' or '*'. */
static int valid_name(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '*'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
              *s == '*'))
            return 0;
    return 1;
}

/* Applies one override: the setting at dotted path gets a copy of value.
 * Intermediate groups must exist; the last name may be new (the loader
 * then checks that it is a known setting). */
static int apply(ls_tree *t, const char *path, const config_setting_t *value,
                 const char *file, int line, ls_error *e)
{
    char buf[LS_ERROR_PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf ||
        path[0] == '\0')
        return ls_error_set(e, LS_EINPUT, file, line, path,
                            "not a setting path (expected e.g. "
                            "models.regional.turbines)");
    if (strstr(buf, "..") != NULL || buf[0] == '.' ||
        buf[strlen(buf) - 1] == '.')
        return ls_error_set(e, LS_EINPUT, file, line, path,
                            "has an empty part (expected names joined by "
                            "single dots)");
    if (strcmp(buf, "base") == 0 || strncmp(buf, "base.", 5) == 0 ||
        strcmp(buf, "set") == 0 || strncmp(buf, "set.", 4) == 0)
        return ls_error_set(e, LS_EINPUT, file, line, path,
                            "cannot be overridden (expected a path into "
                            "scenario, models, balance, weather or targets)");
    config_setting_t *g = config_root_setting(t->root);
    char *save = NULL, *part = strtok_r(buf, ".", &save);
    while (part != NULL) {
        char *next = strtok_r(NULL, ".", &save);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP ||
            is_value_group(g)) {
            char at[LS_ERROR_PATH_MAX];
            ls_setting_path(g, at, sizeof at);
            return ls_error_set(e, LS_EINPUT, file, line, path,
                                "'%s' is not a group (expected a path to a "
                                "setting inside a group)", at);
        }
        if (next == NULL) {
            if (!valid_name(part))
                return ls_error_set(e, LS_EINPUT, file, line, path,
                                    "'%s' is not a setting name (expected "
                                    "a letter, then letters, digits, _ or "
                                    "-)", part);
            return replace(t, g, part, value, file, line, e);
        }
        config_setting_t *c = config_setting_get_member(g, part);
        if (c == NULL) {
            const char *names[64];
            child_names(g, names, 64);
            const char *hint = ls_suggest(part, names);
            if (hint != NULL)
                return ls_error_set(e, LS_EINPUT, file, line, path,
                                    "no setting '%s' here (did you mean "
                                    "'%s'?)", part, hint);
            return ls_error_set(e, LS_EINPUT, file, line, path,
                                "no setting '%s' here", part);
        }
        g = c;
        part = next;
    }
    return LS_OK;
}

static int read_file(ls_tree *t, const char *file, ls_error *e)
{
    if (t->n_cfg == LS_TREE_MAX_FILES)
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "more than %d files "
                            "in an inheritance chain", LS_TREE_MAX_FILES);
    config_t *cfg = calloc(1, sizeof *cfg);
    if (cfg == NULL)
        return ls_error_oom(e);
    config_init(cfg);
    config_set_auto_convert(cfg, 1);
    /* Read once, check, then parse the same bytes (a pipe can be read
     * only once). */
    char *text = NULL, *given = strdup(file);
    int rc = given != NULL ? ls_tree_read_text(file, &text, e)
                           : (int)ls_error_oom(e);
    if (rc == LS_OK)
        rc = check_literals(text, file, e);
    if (rc == LS_OK && config_read_string(cfg, text) != CONFIG_TRUE) {
        const char *msg = config_error_text(cfg);
        char hint[96] = "";
        if (config_error_file(cfg) == NULL)
            comma_hint(text, config_error_line(cfg), hint, sizeof hint);
        rc = ls_error_set(e, LS_EINPUT,
                          config_error_file(cfg) ? config_error_file(cfg)
                                                 : file,
                          config_error_line(cfg), NULL, "%s%s%s",
                          strstr(msg, "syntax") ? "" : "syntax error: ", msg,
                          hint);
    }
    if (rc == LS_OK)
        set_file(config_root_setting(cfg), given);
    if (rc != LS_OK) {
        free(text);
        free(given);
        config_destroy(cfg);
        free(cfg);
        return rc;
    }
    t->cfg[t->n_cfg] = cfg;
    t->files[t->n_cfg] = NULL;
    t->given[t->n_cfg] = given;
    t->text[t->n_cfg] = text;
    t->n_cfg++;
    return LS_OK;
}

static int load(ls_tree *t, const char *file, const char **chain,
                size_t depth, config_t **out, ls_error *e);

/* The file name of base setting `base` of `file`, relative to that file's
 * directory unless absolute, into path (of PATH_MAX bytes). */
static void base_path(const char *file, const char *name, char *path)
{
    const char *slash = strrchr(file, '/');
    if (name[0] == '/' || slash == NULL)
        snprintf(path, PATH_MAX, "%s", name);
    else
        snprintf(path, PATH_MAX, "%.*s/%s", (int)(slash - file), file, name);
}

/* Loads the base named by setting `base` of file (chain[0..depth] are the
 * files inheriting it) and merges file's own settings (root) over it into
 * *merged. */
static int load_base(ls_tree *t, const char *file,
                     const config_setting_t *base,
                     const config_setting_t *root, const char **chain,
                     size_t depth, config_t **merged, ls_error *e)
{
    if (config_setting_type(base) != CONFIG_TYPE_STRING)
        return ls_setting_error(e, base, NULL, "is %s (expected the base "
                                "scenario's file name as a string)",
                                ls_setting_type_name(
                                    config_setting_type(base)));
    const char *name = config_setting_get_string(base);
    char path[PATH_MAX], bcanon[PATH_MAX];
    base_path(file, name, path);
    if (realpath(path, bcanon) == NULL)
        return ls_setting_error(e, base, NULL, "cannot open '%s': %s", path,
                                strerror(errno));
    for (size_t i = 0; i <= depth; i++)
        if (strcmp(chain[i], bcanon) == 0)
            return ls_setting_error(e, base, NULL, "'%s' inherits itself (a "
                                    "cycle of base files)", name);
    if (depth + 1 >= LS_TREE_MAX_FILES)
        return ls_setting_error(e, base, NULL, "more than %d files in the "
                                "inheritance chain", LS_TREE_MAX_FILES);
    int rc = load(t, path, chain, depth + 1, merged, e);
    if (rc != LS_OK)
        return rc;
    t->root = *merged;
    config_setting_t *dst = config_root_setting(*merged);
    for (int i = 0; i < config_setting_length(root) && rc == LS_OK; i++) {
        const config_setting_t *c = config_setting_get_elem(root, (unsigned)i);
        const char *nm = config_setting_name(c);
        if (strcmp(nm, "base") != 0 && strcmp(nm, "set") != 0)
            rc = merge(t, dst, c, e);
    }
    return rc;
}

/* Applies a file's `set = ( ("path", value), ... );` in order. */
static int apply_set_list(ls_tree *t, const config_setting_t *set,
                          ls_error *e)
{
    if (config_setting_type(set) != CONFIG_TYPE_LIST)
        return ls_setting_error(e, set, NULL, "is %s (expected a list of "
                                "(\"path\", value) pairs)",
                                ls_setting_type_name(config_setting_type(set)));
    for (int i = 0; i < config_setting_length(set); i++) {
        const config_setting_t *p = config_setting_get_elem(set, (unsigned)i);
        const config_setting_t *k = config_setting_get_elem(p, 0);
        if (config_setting_type(p) != CONFIG_TYPE_LIST ||
            config_setting_length(p) != 2 ||
            config_setting_type(k) != CONFIG_TYPE_STRING)
            return ls_setting_error(e, p, NULL, "expected a (\"path\", "
                                    "value) pair");
        int rc = apply(t, config_setting_get_string(k),
                       config_setting_get_elem(p, 1), p->file, (int)p->line,
                       e);
        if (rc != LS_OK)
            return rc;
    }
    return LS_OK;
}

/* Loads file (index `depth` of the chain being read) and returns in *out
 * the config holding the merged settings. */
static int load(ls_tree *t, const char *file, const char **chain,
                size_t depth, config_t **out, ls_error *e)
{
    char canon[PATH_MAX];
    if (realpath(file, canon) == NULL)
        snprintf(canon, sizeof canon, "%s", file);
    int rc = read_file(t, file, e);
    if (rc != LS_OK)
        return rc;
    config_t *cfg = t->cfg[t->n_cfg - 1];
    t->files[t->n_cfg - 1] = strdup(canon);
    chain[depth] = t->files[t->n_cfg - 1];
    config_setting_t *root = config_root_setting(cfg);
    const config_setting_t *base = config_setting_get_member(root, "base");
    const config_setting_t *set = config_setting_get_member(root, "set");
    config_t *merged = cfg;
    if (base != NULL &&
        (rc = load_base(t, file, base, root, chain, depth, &merged, e)) !=
            LS_OK)
        return rc;
    t->root = merged;
    if (set != NULL && (rc = apply_set_list(t, set, e)) != LS_OK)
        return rc;
    /* `base` and `set` are consumed here; the merged tree keeps neither,
     * except in a file with no base, where they sit in its own tree and
     * are removed now. */
    if (merged == cfg) {
        if (config_setting_get_member(root, "set") != NULL)
            config_setting_remove(root, "set");
        if (config_setting_get_member(root, "base") != NULL)
            config_setting_remove(root, "base");
    }
    *out = merged;
    return LS_OK;
}

/* Writes the libconfig text "v = VALUE;" of a --set value into text (len
 * bytes): a plain integer gets libconfig's L suffix, so that one beyond 32
 * bits is not wrapped (check_literals explains why). */
static void set_text(const char *value, char *text, size_t len)
{
    const char *val = value + strspn(value, " \t");
    size_t vlen = strlen(val);
    while (vlen > 0 && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t'))
        vlen--;
    const char *digits = val + (*val == '-' || *val == '+');
    int hex = digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
    size_t nd = hex ? 2 + strspn(digits + 2, "0123456789abcdefABCDEF")
                    : strspn(digits, "0123456789");
    int plain = nd > (hex ? 2u : 0u) && digits + nd == val + vlen;
    snprintf(text, len, "v = %.*s%s;", (int)vlen, val, plain ? "L" : "");
}

/* Parses the value of a --set as libconfig does (a bare word is a string)
 * into v, which the caller destroys.  LS_OK or LS_EINPUT at path. */
static int parse_set_value(config_t *v, const char *value, const char *path,
                           ls_error *e)
{
    size_t len = strlen(value) + 16;
    char *text = malloc(len);
    if (text == NULL)
        return ls_error_oom(e);
    set_text(value, text, len);
    if (check_literals(text, cmdline, e) != LS_OK) {
        free(text);
        char msg[LS_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", e != NULL ? e->msg : "");
        return ls_error_set(e, LS_EINPUT, cmdline, 0, path, "%s", msg);
    }
    int ok = config_read_string(v, text) == CONFIG_TRUE &&
             config_setting_length(config_root_setting(v)) == 1;
    if (!ok) {
        config_destroy(v);
        config_init(v);
        snprintf(text, len, "v = \"%s\";", value);
        ok = strchr(value, '"') == NULL &&
             config_read_string(v, text) == CONFIG_TRUE &&
             config_setting_length(config_root_setting(v)) == 1;
    }
    free(text);
    if (!ok)
        return ls_error_set(e, LS_EINPUT, cmdline, 0, path, "cannot read the "
                            "value '%s' (expected a number, a string or a "
                            "group { ... })", value);
    return LS_OK;
}

/* Applies one command-line override "path=value". */
static int set_one(ls_tree *t, const char *arg, ls_error *e)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg)
        return ls_error_set(e, LS_EINPUT, cmdline, 0, NULL,
                            "'%s' is not path=value", arg);
    char path[LS_ERROR_PATH_MAX];
    snprintf(path, sizeof path, "%.*s", (int)(eq - arg), arg);
    config_t v;
    config_init(&v);
    config_set_auto_convert(&v, 1);
    int rc = parse_set_value(&v, eq + 1, path, e);
    if (rc == LS_OK)
        rc = apply(t, path,
                   config_setting_get_member(config_root_setting(&v), "v"),
                   cmdline, 0, e);
    config_destroy(&v);
    return rc;
}

int ls_tree_load(ls_tree *t, const char *file, const char *const *sets,
                 size_t n, ls_error *e)
{
    memset(t, 0, sizeof *t);
    const char *chain[LS_TREE_MAX_FILES];
    config_t *merged = NULL;
    int rc = load(t, file, chain, 0, &merged, e);
    if (rc == LS_OK)
        t->root = merged;
    for (size_t i = 0; i < n && rc == LS_OK; i++)
        rc = set_one(t, sets[i], e);
    if (rc != LS_OK) {
        if (e != NULL && e->file[0] == '\0' && rc == LS_EINPUT)
            snprintf(e->file, sizeof e->file, "%s", file);
        ls_tree_free(t);
    }
    return rc;
}
