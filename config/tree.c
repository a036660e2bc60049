/*
 * tree.c - inheritance and overrides on libconfig trees.
 *
 * libconfig 1.5 has no include hook and no override option, so this is our
 * own code: read the base (recursively), then copy the derived file's
 * settings into the base's tree.  libconfig exposes a setting's file and
 * line as struct fields; copies get those of the setting they were copied
 * from, so an error in an override names the derived file and its line.
 * The configs of all files stay alive as long as the tree, because the
 * copied settings point at their file names.  The text of each file is
 * prepared by config/text.c (checks, @include, large groups as lists),
 * and after the parse every setting gets the file and line it was
 * written at from text.c's map.
 */
/* realpath(3) is an X/Open function. */
#define _XOPEN_SOURCE 700

#include "tree.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/names.h"
#include "setting.h"

void ls_tree_free(ls_tree *t)
{
    for (size_t i = 0; i < t->n_cfg; i++) {
        config_destroy(t->cfg[i]);
        free(t->cfg[i]);
        free(t->files[i]);
        free(t->given[i]);
        free(t->text[i]);
        ls_lines_free(&t->lines[i]);
    }
    for (size_t i = 0; i < t->n_inc_lines; i++)
        ls_lines_free(&t->inc_lines[i]);
    free(t->inc_lines);
    ls_text_files_free(t->inc, t->n_inc);
    for (size_t i = 0; i < t->n_overrides; i++) {
        free(t->overrides[i].path);
        free(t->overrides[i].file);
        free(t->overrides[i].was_file);
    }
    free(t->overrides);
    memset(t, 0, sizeof *t);
}

int ls_tree_read_text(const char *file, char **text, ls_error *e)
{
    return ls_text_read(file, text, e);
}

const ls_lines *ls_tree_lines(const ls_tree *t, const char *file)
{
    for (size_t i = 0; i < t->n_cfg; i++)
        if (t->given[i] != NULL && strcmp(t->given[i], file) == 0)
            return &t->lines[i];
    for (size_t i = 0; i < t->n_inc_lines; i++)
        if (strcmp(t->inc[i].name, file) == 0)
            return &t->inc_lines[i];
    return NULL;
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

/* Gives every setting under s the file and line it was written at: the
 * parse numbered the lines of the prepared text (config/text.c), which
 * holds the @include'd files too. */
static void place(config_setting_t *s, const ls_text *x)
{
    const char *file;
    int line;
    ls_text_where(x, (int)s->line, &file, &line);
    s->file = file;
    s->line = (unsigned)(line > 0 ? line : 0);
    int n = config_setting_length(s);
    if (config_setting_is_aggregate(s))
        for (int i = 0; i < n; i++)
            place(config_setting_get_elem(s, (unsigned)i), x);
}

/* Turns list s back into the group text.c wrote as it (g): its members'
 * names and lines, and libconfig's check that no name repeats. */
static int regroup(config_setting_t *s, ls_text_group *g, const ls_text *x,
                   ls_error *e)
{
    if (config_setting_type(s) != CONFIG_TYPE_LIST ||
        (size_t)config_setting_length(s) != g->n)
        ls_panic("a group parsed as a list has %d members, not %zu",
                 config_setting_length(s), g->n);
    ls_names seen;
    ls_names_init(&seen);
    int rc = LS_OK;
    for (size_t i = 0; i < g->n && rc == LS_OK; i++) {
        config_setting_t *c = config_setting_get_elem(s, (unsigned)i);
        c->name = g->names[i]; /* libconfig frees it with the setting */
        g->names[i] = NULL;
        c->line = (unsigned)g->lines[i];
        int added = ls_names_add(&seen, c->name, i);
        if (added < 0) {
            rc = ls_error_oom(e);
        } else if (added == 0) {
            const char *file;
            int line;
            ls_text_where(x, g->lines[i], &file, &line);
            rc = ls_error_set(e, LS_EINPUT, file, line, NULL, "syntax error: "
                              "duplicate setting name");
        }
    }
    s->type = CONFIG_TYPE_GROUP;
    ls_names_free(&seen);
    return rc;
}

/* Restores, under s, the groups text.c wrote as lists: the aggregates of
 * the tree in pre-order are its brackets in text order, and *count
 * numbers them. */
static int regroup_all(config_setting_t *s, ls_text *x, size_t *count,
                       size_t *next, ls_error *e)
{
    int n = config_setting_length(s);
    for (int i = 0; i < n; i++) {
        config_setting_t *c = config_setting_get_elem(s, (unsigned)i);
        if (!config_setting_is_aggregate(c))
            continue;
        int rc = LS_OK;
        if (*next < x->n_group && x->group[*next].ordinal == (*count)++)
            rc = regroup(c, &x->group[(*next)++], x, e);
        if (rc == LS_OK)
            rc = regroup_all(c, x, count, next, e);
        if (rc != LS_OK)
            return rc;
    }
    return LS_OK;
}

/* Adds a new child `name` (NULL in a list or array) of type `type` to
 * parent, which has no child of that name.  libconfig's own
 * config_setting_add first searches the group for the name, which makes
 * building a group of n members cost n^2/2 comparisons; a list is not
 * searched, so the child is added to the group as to a list and named
 * after.  (config_setting_t's fields are public in libconfig.h.) */
static config_setting_t *add_new(config_setting_t *parent, const char *name,
                                 int type)
{
    if (config_setting_type(parent) != CONFIG_TYPE_GROUP)
        return config_setting_add(parent, NULL, type);
    char *own = strdup(name);
    if (own == NULL)
        return NULL;
    parent->type = CONFIG_TYPE_LIST;
    config_setting_t *c = config_setting_add(parent, NULL, type);
    parent->type = CONFIG_TYPE_GROUP;
    if (c == NULL)
        free(own);
    else
        c->name = own;
    return c;
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
 * (name NULL inside lists and arrays; parent has no child of that name),
 * keeping src's file and line, or marking it as from the command line
 * when `from_cmdline`. */
static config_setting_t *copy(config_setting_t *parent, const char *name,
                              const config_setting_t *src, int from_cmdline)
{
    int type = config_setting_type(src);
    config_setting_t *d = add_new(parent, name, type);
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
    if (t->n_overrides == t->cap_overrides) {
        size_t cap = t->cap_overrides ? 2 * t->cap_overrides : 16;
        ls_override *grown = realloc(t->overrides, cap * sizeof *grown);
        if (grown == NULL)
            return ls_error_oom(e);
        t->overrides = grown;
        t->cap_overrides = cap;
    }
    ls_override *o = &t->overrides[t->n_overrides];
    o->path = ls_setting_path_dup(now);
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

/* Replaces child `old` of parent (NULL: there is none) by a copy of src,
 * named `name`. */
static int replace(ls_tree *t, config_setting_t *parent,
                   config_setting_t *old, const char *name,
                   const config_setting_t *src, const char *file, int line,
                   ls_error *e)
{
    /* The file names are the tree's, not the setting's: they outlive it. */
    const char *was_file = old ? old->file : NULL;
    int was_line = old ? (int)old->line : 0;
    if (old != NULL)
        config_setting_remove(parent, name);
    config_setting_t *now = copy(parent, name, src,
                                 file != NULL && strcmp(file, cmdline) == 0);
    if (now == NULL)
        return ls_error_oom(e);
    return record(t, now, file, line, was_file, was_line, e);
}

static int merge_group(ls_tree *t, config_setting_t *dst,
                       const config_setting_t *src, int top, ls_error *e);

/* Merges setting src into group dst, whose member of src's name is old
 * (NULL if none). */
static int merge(ls_tree *t, config_setting_t *dst, config_setting_t *old,
                 const config_setting_t *src, ls_error *e)
{
    if (old != NULL && config_setting_type(old) == CONFIG_TYPE_GROUP &&
        config_setting_type(src) == CONFIG_TYPE_GROUP &&
        !is_value_group(old) && !is_value_group(src))
        return merge_group(t, old, src, 0, e);
    return replace(t, dst, old, config_setting_name(src), src, src->file,
                   (int)src->line, e);
}

/* Merges the members of group src into group dst, in src's order; at the
 * top level (top), but for `base` and `set`.  For large groups the
 * members are matched through an index of src's names (each name of a
 * group is unique), not a search of dst per member. */
static int merge_group(ls_tree *t, config_setting_t *dst,
                       const config_setting_t *src, int top, ls_error *e)
{
    size_t n = (size_t)config_setting_length(src);
    int big = n > 1 && config_setting_length(dst) >= LS_TEXT_LIST_MEMBERS;
    config_setting_t **match = big ? calloc(n, sizeof *match) : NULL;
    ls_names index;
    ls_names_init(&index);
    int rc = big && match == NULL ? (int)ls_error_oom(e) : LS_OK;
    for (size_t j = 0; big && rc == LS_OK && j < n; j++)
        if (ls_names_add(&index, config_setting_name(config_setting_get_elem(
                                     src, (unsigned)j)), j) < 0)
            rc = ls_error_oom(e);
    for (int i = 0; big && rc == LS_OK && i < config_setting_length(dst);
         i++) {
        config_setting_t *d = config_setting_get_elem(dst, (unsigned)i);
        size_t j;
        if (ls_names_get(&index, config_setting_name(d), &j))
            match[j] = d;
    }
    for (size_t j = 0; rc == LS_OK && j < n; j++) {
        const config_setting_t *c = config_setting_get_elem(src, (unsigned)j);
        const char *nm = config_setting_name(c);
        if (top && (strcmp(nm, "base") == 0 || strcmp(nm, "set") == 0))
            continue;
        rc = merge(t, dst, big ? match[j] : config_setting_get_member(dst, nm),
                   c, e);
    }
    ls_names_free(&index);
    free(match);
    return rc;
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
    char buf[LS_SET_PATH_MAX + 1], esc[LS_ESCAPED_MAX];
    if (strlen(path) > LS_SET_PATH_MAX)
        return ls_error_set(e, LS_EINPUT, file, line, NULL, "the setting path "
                            "'%.40s...' is %zu bytes long, longer than %d "
                            "(LS_SET_PATH_MAX)", path, strlen(path),
                            LS_SET_PATH_MAX);
    if (ls_control_char(path, esc))
        return ls_error_set(e, LS_EINPUT, file, line, path, "contains the "
                            "control character %s (expected names joined "
                            "by dots)", esc);
    snprintf(buf, sizeof buf, "%s", path);
    if (path[0] == '\0')
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
            return replace(t, g, config_setting_get_member(g, part), part,
                           value, file, line, e);
        }
        config_setting_t *c = config_setting_get_member(g, part);
        if (c == NULL) {
            const char *names[LS_SETTING_MAX_NAMES + 1];
            child_names(g, names, LS_SETTING_MAX_NAMES + 1);
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

/* The text of `file` as read (the file being read or one it included),
 * or NULL. */
static const char *text_named(const ls_tree *t, const char *file,
                              const char *given, const char *text)
{
    if (file == given)
        return text;
    for (size_t i = 0; i < t->n_inc; i++)
        if (strcmp(t->inc[i].name, file) == 0)
            return t->inc[i].text;
    return NULL;
}

/* The error of a failed parse of x->text, at the file and line it is in,
 * with a hint when the line has a decimal comma. */
static int parse_error(const ls_tree *t, const config_t *cfg,
                       const ls_text *x, const char *given, const char *text,
                       ls_error *e)
{
    const char *msg = config_error_text(cfg);
    const char *file;
    int line;
    ls_text_where(x, config_error_line(cfg), &file, &line);
    if (file == NULL)
        file = given;
    char hint[96] = "";
    const char *own = text_named(t, file, given, text);
    if (own != NULL)
        comma_hint(own, line, hint, sizeof hint);
    return ls_error_set(e, LS_EINPUT, file, line, NULL, "%s%s%s",
                        strstr(msg, "syntax") ? "" : "syntax error: ", msg,
                        hint);
}

/* Indexes the lines of the @include'd files not indexed yet. */
static int index_includes(ls_tree *t, ls_error *e)
{
    if (t->n_inc == t->n_inc_lines)
        return LS_OK;
    ls_lines *grown = realloc(t->inc_lines, t->n_inc * sizeof *grown);
    if (grown == NULL)
        return ls_error_oom(e);
    t->inc_lines = grown;
    while (t->n_inc_lines < t->n_inc) {
        size_t i = t->n_inc_lines;
        if (ls_lines_init(&t->inc_lines[i], t->inc[i].text) != LS_OK)
            return ls_error_oom(e);
        t->n_inc_lines++;
    }
    return LS_OK;
}

/* Parses prepared text x (of file given, read as text) into cfg, with
 * every setting at the file and line it was written at. */
static int parse(ls_tree *t, config_t *cfg, ls_text *x, const char *given,
                 const char *text, ls_error *e)
{
    if (config_read_string(cfg, x->text) != CONFIG_TRUE)
        return parse_error(t, cfg, x, given, text, e);
    size_t count = 0, next = 0;
    int rc = regroup_all(config_root_setting(cfg), x, &count, &next, e);
    if (rc == LS_OK)
        place(config_root_setting(cfg), x);
    return rc;
}

static int read_file(ls_tree *t, const char *file, ls_error *e)
{
    if (t->n_cfg == LS_TREE_MAX_FILES)
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "more than %d files "
                            "in an inheritance chain (LS_TREE_MAX_FILES)",
                            LS_TREE_MAX_FILES);
    config_t *cfg = calloc(1, sizeof *cfg);
    if (cfg == NULL)
        return ls_error_oom(e);
    config_init(cfg);
    config_set_auto_convert(cfg, 1);
    /* Read once, check, then parse the same bytes (a pipe can be read
     * only once). */
    char *text = NULL, *given = strdup(file);
    ls_text x = {0};
    int rc = given != NULL ? ls_text_read(file, &text, e)
                           : (int)ls_error_oom(e);
    if (rc == LS_OK)
        rc = ls_text_prepare(given, text, &t->inc, &t->n_inc, &x, e);
    if (rc == LS_OK)
        rc = parse(t, cfg, &x, given, text, e);
    ls_text_free(&x);
    if (rc == LS_OK)
        rc = index_includes(t, e);
    if (rc == LS_OK && ls_lines_init(&t->lines[t->n_cfg], text) != LS_OK)
        rc = ls_error_oom(e);
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
 * directory unless absolute, into path (of PATH_MAX bytes); LS_EINPUT at
 * the setting if it does not fit. */
static int base_path(const config_setting_t *base, const char *file,
                     const char *name, char *path, ls_error *e)
{
    if (ls_text_relative(file, name, path) != 0)
        return ls_setting_error(e, base, NULL, "the file name, relative to "
                                "this file, is longer than %d bytes "
                                "(PATH_MAX)", PATH_MAX - 1);
    return LS_OK;
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
    char path[PATH_MAX], bcanon[PATH_MAX], esc[LS_ESCAPED_MAX];
    if (ls_control_char(name, esc))
        return ls_setting_error(e, base, NULL, "the file name contains the "
                                "control character %s (expected a file name "
                                "without control characters)", esc);
    int rc = base_path(base, file, name, path, e);
    if (rc != LS_OK)
        return rc;
    if (realpath(path, bcanon) == NULL)
        return ls_setting_error(e, base, NULL, "cannot open '%s': %s", path,
                                strerror(errno));
    for (size_t i = 0; i <= depth; i++)
        if (strcmp(chain[i], bcanon) == 0)
            return ls_setting_error(e, base, NULL, "'%s' inherits itself (a "
                                    "cycle of base files)", name);
    if (depth + 1 >= LS_TREE_MAX_FILES)
        return ls_setting_error(e, base, NULL, "more than %d files in the "
                                "inheritance chain (LS_TREE_MAX_FILES)",
                                LS_TREE_MAX_FILES);
    rc = load(t, path, chain, depth + 1, merged, e);
    if (rc != LS_OK)
        return rc;
    t->root = *merged;
    return merge_group(t, config_root_setting(*merged), root, 1, e);
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
    if (chain[depth] == NULL)
        return ls_error_oom(e);
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
 * bits is not wrapped (config/text.c's literal check explains why). */
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
    if (ls_text_check_literals(text, cmdline, e) != LS_OK ||
        ls_text_check_nesting(text, cmdline, e) != LS_OK) {
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
    if (eq - arg > LS_SET_PATH_MAX)
        return ls_error_set(e, LS_EINPUT, cmdline, 0, NULL, "the setting path "
                            "'%.40s...' is %zu bytes long, longer than %d "
                            "(LS_SET_PATH_MAX)", arg, (size_t)(eq - arg),
                            LS_SET_PATH_MAX);
    char path[LS_SET_PATH_MAX + 1], esc[LS_ESCAPED_MAX];
    snprintf(path, sizeof path, "%.*s", (int)(eq - arg), arg);
    if (ls_control_char(eq + 1, esc))
        return ls_error_set(e, LS_EINPUT, cmdline, 0, path, "the value "
                            "contains the control character %s (expected a "
                            "number, a string or a group { ... } on one "
                            "line)", esc);
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
    char esc[LS_ESCAPED_MAX];
    /* The name is printed with the results: keep the terminal inert. */
    if (ls_control_char(file, esc))
        return ls_error_set(e, LS_EINPUT, file, 0, NULL, "the file name "
                            "contains the control character %s (expected a "
                            "file name without control characters)", esc);
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
