/*
 * test_config.c - the scenario loader and the setting helpers.
 *
 * The bad-input corpus lives in tests/bad/: each file's first line reads
 *   # expect: <line>: <text>
 * and loading it must fail with LS_EINPUT and the message
 *   <file>:<line>: <text...>
 * (the test checks the file and line prefix and that <text> appears).
 * Line 0 stands for "no line" (a top-level setting that is missing): the
 * message then starts "<file>: ".
 */
#include "test_util.h"

#include <gsl/gsl_errno.h>

#include <dirent.h>

#include <sys/stat.h>

#include "base/names.h"
#include "config/setting.h"
#include "config/source.h"
#include "config/text.h"
#include "config/tree.h"

static void test_good(void **unused)
{
    (void)unused;
    ls_scenario sc;
    ls_test_load(&sc,
                 "scenario = { name = \"ok\"; seed = 9007199254740993L; "
                 "start = 2018; end = 2040; rng = \"taus2\"; paths = 777; };\n"
                 "models = { x = { type = \"testbed\"; n = 3; p = 1; "
                 "mu = -2; };\n testbed = { n = 0; p = 0.5; sigma = 3; }; };\n"
                 "targets = ( { name = \"t\"; year = 2040; metric = "
                 "\"x.sum\"; op = \"<=\"; threshold = -40; } );\n"
                 "balance = { ef_gas = 0.05; };\n");
    assert_string_equal(sc.name, "ok");
    assert_true(sc.seed == 9007199254740993ULL);
    assert_int_equal(sc.year0, 2018);
    assert_int_equal(sc.year1, 2040);
    assert_int_equal(ls_scenario_years(&sc), 23);
    assert_string_equal(sc.rng->name, "taus2");
    assert_true(sc.paths == 777);
    /* In step order: the weather (always there), two sectors, then the
     * balance. */
    assert_int_equal(sc.n_models, 4);
    assert_string_equal(sc.models[0].name, "weather");
    assert_int_equal(sc.models[0].type->stage, LS_STAGE_DRIVER);
    assert_string_equal(sc.models[3].name, "balance");
    assert_int_equal(sc.models[3].type->stage, LS_STAGE_SYSTEM);
    assert_string_equal(sc.models[1].name, "x");
    assert_string_equal(sc.models[1].type->name, "testbed");
    assert_int_equal(sc.n_metrics, 6 + ls_model_metric_count(
                                           sc.models[3].type));
    assert_string_equal(sc.metric_names[0], "x.count");
    assert_string_equal(sc.metric_names[4], "testbed.sum");
    assert_int_equal(ls_scenario_metric(&sc, "testbed.count"), 3);
    assert_int_equal(ls_scenario_metric(&sc, "nope"), -1);
    assert_int_equal(sc.n_targets, 1);
    assert_int_equal(sc.targets[0].op, LS_OP_LE);
    assert_int_equal(sc.targets[0].metric, 1);
    assert_true(sc.targets[0].threshold == -40.0);
    assert_true(sc.models[1].id == ls_rng_name_id("x"));
    ls_scenario_destroy(&sc);
    ls_scenario_destroy(&sc); /* safe twice */
}

static void test_suggest(void **unused)
{
    (void)unused;
    assert_int_equal(ls_edit_distance("", ""), 0);
    assert_int_equal(ls_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(ls_edit_distance("threshold", "treshold"), 1);
    const char *const names[] = {"name", "year", "metric", "op", "threshold",
                                 NULL};
    assert_string_equal(ls_suggest("treshold", names), "threshold");
    assert_string_equal(ls_suggest("metrc", names), "metric");
    assert_null(ls_suggest("population", names));
    assert_null(ls_suggest("x", NULL));
}

/* A sweep's setter: values within the table's range are set as plain
 * numbers; out-of-range values and values the model's check hook refuses
 * are positioned errors that leave the parameters unchanged. */
static void test_set_value(void **unused)
{
    (void)unused;
    const char *src = getenv("LS_SOURCE_DIR");
    assert_non_null(src);
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/leusden.cfg", src);
    ls_scenario sc;
    ls_error e;
    assert_int_equal(ls_scenario_load(&sc, path, &e), LS_OK);
    long m = ls_scenario_instance(&sc, "homes");
    assert_true(m >= 0);
    const ls_model_type *t = sc.models[m].type;
    size_t k_nom = 0, k_stock = 0;
    for (size_t k = 0; t->spec[k].name != NULL; k++) {
        if (strcmp(t->spec[k].name, "nom0") == 0)
            k_nom = k;
        if (strcmp(t->spec[k].name, "stock0") == 0)
            k_stock = k;
    }
    assert_int_equal(ls_scenario_set_value(&sc, (size_t)m, k_nom, 30, "--vary",
                                           &e), LS_OK);
    const ls_param *nom = (const ls_param *)(const void *)(
        (const char *)sc.models[m].params + t->spec[k_nom].offset);
    assert_true(nom->dist.kind == LS_DIST_FIXED && nom->dist.a == 30);
    /* A stock smaller than nom0: the check hook refuses. */
    unsigned char before[65536];
    assert_true(t->params_size <= sizeof before);
    memcpy(before, sc.models[m].params, t->params_size);
    assert_int_equal(ls_scenario_set_value(&sc, (size_t)m, k_stock, 20,
                                           "--vary", &e), LS_EINPUT);
    /* Blamed on nom0, where the scenario wrote it. */
    assert_string_equal(e.file, path);
    assert_true(e.line > 0);
    assert_string_equal(e.path, "models.homes.nom0");
    assert_memory_equal(before, sc.models[m].params, t->params_size);
    /* Out of the table's range, and not whole for a whole parameter. */
    assert_int_equal(ls_scenario_set_value(&sc, (size_t)m, k_stock, -1,
                                           "--vary", &e), LS_EINPUT);
    assert_string_equal(e.file, "--vary");
    assert_string_equal(e.path, "models.homes.stock0");
    assert_non_null(strstr(e.msg, "out of range"));
    assert_int_equal(ls_scenario_set_value(&sc, (size_t)m, k_stock, 12000.5,
                                           "--vary", &e), LS_EINPUT);
    assert_non_null(strstr(e.msg, "whole number"));
    /* A system's parameter is addressed without "models.". */
    long b = ls_scenario_instance(&sc, "balance");
    char buf[64];
    assert_string_equal(ls_scenario_group_path(&sc, (size_t)b, buf,
                                               sizeof buf), "balance");
    ls_scenario_destroy(&sc);
}

/* Source comments and file heads, as the loader captures them. */
static void test_source_notes(void **unused)
{
    (void)unused;
    const char *text = "# Head line one\n#  indented head\n\n"
                       "# above, first\n  # above, second\nx = 1; # inline\n"
                       "y = 2;\n# only above\nz = 3;";
    char *n = ls_source_note(text, 6);
    assert_string_equal(n, "above, first above, second inline");
    free(n);
    n = ls_source_note(text, 7);
    assert_string_equal(n, "");
    free(n);
    n = ls_source_note(text, 9);
    assert_string_equal(n, "only above");
    free(n);
    n = ls_source_note(text, 99);
    assert_string_equal(n, "");
    free(n);
    char *h = ls_source_head(text);
    assert_string_equal(h, "Head line one\n indented head\n");
    free(h);
    h = ls_source_head("x = 1;\n# not a head\n");
    assert_string_equal(h, "");
    free(h);
}

/* The name map: adds, finds, refuses a second add of a name, and keeps
 * every name through its growth (issue 11, finding 10). */
static void test_names(void **unused)
{
    (void)unused;
    ls_names m;
    ls_names_init(&m);
    size_t v = 99;
    assert_int_equal(ls_names_get(&m, "x", &v), 0);
    enum { N = 20000 };
    static char keys[N][16];
    for (size_t i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "m%zu", i);
        assert_int_equal(ls_names_add(&m, keys[i], i), 1);
    }
    assert_int_equal(m.n, N);
    assert_true(2 * m.n <= m.cap);
    for (size_t i = 0; i < N; i++) {
        char k[16];
        snprintf(k, sizeof k, "m%zu", i); /* another pointer, same text */
        assert_int_equal(ls_names_get(&m, k, &v), 1);
        assert_int_equal(v, i);
    }
    assert_int_equal(ls_names_add(&m, "m7", 5), 0);
    assert_int_equal(ls_names_get(&m, "m7", &v), 1);
    assert_int_equal(v, 7);
    assert_int_equal(ls_names_get(&m, "m20000", NULL), 0);
    assert_int_equal(ls_names_get(&m, "", NULL), 0);
    assert_int_equal(ls_names_add(&m, "", 1), 1);
    assert_int_equal(ls_names_get(&m, "", &v), 1);
    ls_names_free(&m);
    assert_int_equal(ls_names_get(&m, "m1", NULL), 0);
    ls_names_free(&m); /* safe twice */
}

/* Control characters are escaped wherever text reaches a terminal, and
 * text without them is unchanged (issue 11, finding 7). */
static void test_escape(void **unused)
{
    (void)unused;
    char buf[128], esc[LS_ESCAPED_MAX];
    ls_escape(buf, sizeof buf, "plain caf\xc3\xa9 a\\b", (size_t)-1);
    assert_string_equal(buf, "plain caf\xc3\xa9 a\\b");
    ls_escape(buf, sizeof buf, "\x1b]0;x\x07\n\x7f", (size_t)-1);
    assert_string_equal(buf, "\\x1b]0;x\\x07\\x0a\\x7f");
    ls_escape(buf, sizeof buf, "a\xc2\x9b" "b\xe9\x9b", (size_t)-1);
    assert_string_equal(buf, "a\\u009bb\\xe9\\x9b");
    /* Cut by max or by the buffer: whole characters and escapes only. */
    assert_int_equal(ls_escape(buf, sizeof buf, "ab\x1b" "cd", 3), 3);
    assert_string_equal(buf, "ab\\x1b");
    assert_int_equal(ls_escape(buf, 6, "ab\x1b" "cd", (size_t)-1), 2);
    assert_string_equal(buf, "ab");
    assert_int_equal(ls_escape(buf, 4, "\xc3\xa9\xc3\xa9", (size_t)-1), 2);
    assert_string_equal(buf, "\xc3\xa9");

    assert_int_equal(ls_control_char("fine caf\xc3\xa9 \xe9t\xe9", esc), 0);
    assert_int_equal(ls_control_char("tab\there", esc), 1);
    assert_string_equal(esc, "\\x09");
    assert_int_equal(ls_control_char("x\xc2\x85", esc), 1);
    assert_string_equal(esc, "\\u0085");
    assert_int_equal(ls_control_char("x\x9b[2J", esc), 1); /* stray C1 */
    assert_string_equal(esc, "\\x9b");
    assert_int_equal(ls_control_char("\x7f", esc), 1);
    assert_string_equal(esc, "\\x7f");

    ls_error e;
    ls_error_set(&e, LS_EINPUT, "evil\x1b[2J.cfg", 3, "targets.[0].name",
                 "unknown metric 'a\nleusden: fake error'");
    char line[512];
    ls_error_format(&e, line, sizeof line);
    assert_string_equal(line, "evil\\x1b[2J.cfg:3: targets.[0].name: unknown "
                              "metric 'a\\x0aleusden: fake error'");
    ls_error_set(&e, LS_EINPUT, "plain.cfg", 0, NULL, "is %s", "fine");
    assert_string_equal(ls_error_format(&e, line, sizeof line),
                        "plain.cfg: is fine");
}

/* A setting path is whole however deep and long (the overrides of check
 * keep it), and cut at whole parts in an error. */
static void test_setting_path(void **unused)
{
    (void)unused;
    config_t c;
    config_init(&c);
    char text[4096] = "a = ";
    for (int i = 0; i < 60; i++)
        strcat(text, "{ averyveryveryverylongname = ");
    strcat(text, "1");
    for (int i = 0; i < 60; i++)
        strcat(text, "; }");
    strcat(text, ";");
    assert_int_equal(config_read_string(&c, text), CONFIG_TRUE);
    const config_setting_t *s = config_lookup(&c, "a");
    while (config_setting_is_group(s))
        s = config_setting_get_elem(s, 0);
    char *full = ls_setting_path_dup(s);
    assert_non_null(full);
    assert_int_equal(strlen(full), 1 + 60 * 26);
    char cut[64];
    ls_setting_path(s, cut, sizeof cut);
    assert_string_equal(cut, "a.averyveryveryverylongname.averyveryveryverylongname");
    free(full);
    config_destroy(&c);
}

/* The note of a line through the line index is the note found by
 * walking the text. */
static void test_lines(void **unused)
{
    (void)unused;
    const char *text = "# h\n# above\nx = 1; # inline\n\n  # a\ny = 2;\n";
    ls_lines l;
    assert_int_equal(ls_lines_init(&l, text), LS_OK);
    assert_int_equal(l.n, 7);
    for (int line = -1; line <= 9; line++) {
        char *a = ls_source_note_at(&l, line), *b = ls_source_note(text, line);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    char *n = ls_source_note_at(&l, 3);
    assert_string_equal(n, "h above inline");
    free(n);
    ls_lines_free(&l);
    ls_lines_free(&l);
}

/* Writes text to dir/name (dir made if need be). */
static void write_at(const char *dir, const char *name, const char *text)
{
    char path[1024];
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0700);
    *slash = '/';
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* @include: relative to the including file, every included file checked
 * as a scenario file is, the settings at the file and line they were
 * written at, and their source comments and file heads captured (issue
 * 11, finding 5). */
static void test_include(void **unused)
{
    (void)unused;
    char dir[] = "/tmp/leusden-inc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_at(dir, "s/main.cfg",
             "# main head\n"
             "scenario = { name = \"x\"; start = 2018; end = 2040;\n"
             "  @include \"part/seed.cfg\"\n"
             "};\n"
             "models = { testbed = {\n"
             "  @include \"part/tb.cfg\"\n"
             "  p = 0.5; }; };\n");
    write_at(dir, "s/part/seed.cfg", "seed = 7;\n");
    write_at(dir, "s/part/tb.cfg", "# tb head\n\n# trials, from tb\n"
                                   "n = 9; # inline\n@include \"mu.cfg\"");
    write_at(dir, "s/part/mu.cfg", "mu = 2;");
    char path[1024];
    snprintf(path, sizeof path, "%s/s/main.cfg", dir);
    ls_scenario sc;
    ls_error e;
    ls_error_clear(&e);
    int rc = ls_scenario_load(&sc, path, &e);
    char msg[1024];
    if (rc != LS_OK)
        fail_msg("%s", ls_error_format(&e, msg, sizeof msg));
    assert_true(sc.seed == 7);
    long m = ls_scenario_instance(&sc, "testbed");
    const ls_model_inst *tb = &sc.models[m];
    char want[1024];
    snprintf(want, sizeof want, "%s/s/part/tb.cfg", dir);
    assert_string_equal(tb->origin[0].file, want); /* n */
    assert_int_equal(tb->origin[0].line, 4);
    assert_string_equal(tb->origin[0].note, "trials, from tb inline");
    snprintf(want, sizeof want, "%s/s/part/mu.cfg", dir);
    assert_string_equal(tb->origin[2].file, want); /* mu */
    assert_int_equal(tb->origin[2].line, 1);
    assert_string_equal(tb->origin[1].file, path); /* p, after both */
    assert_int_equal(tb->origin[1].line, 7);
    int found = 0;
    for (size_t i = 0; i < sc.n_heads; i++)
        found += strcmp(sc.heads[i].text, "tb head\n") == 0;
    assert_int_equal(found, 1);
    assert_string_equal(sc.heads[0].text, "main head\n");
    ls_scenario_destroy(&sc);

    /* An included file is checked as the scenario file is. */
    write_at(dir, "s/part/seed.cfg", "\n seed = 5000000000;\n");
    assert_int_equal(ls_scenario_load(&sc, path, &e), LS_EINPUT);
    snprintf(want, sizeof want, "%s/s/part/seed.cfg:2: the integer "
             "5000000000 does not fit in 32 bits", dir);
    ls_error_format(&e, msg, sizeof msg);
    assert_true(strncmp(msg, want, strlen(want)) == 0);
    write_at(dir, "s/part/seed.cfg", "seed = 1; name2 = \"open");
    assert_int_equal(ls_scenario_load(&sc, path, &e), LS_EINPUT);
    assert_non_null(strstr(e.msg, "ends inside the string"));
    /* An error in a setting of an included file is at its file and line. */
    write_at(dir, "s/part/seed.cfg", "seed = 1;");
    write_at(dir, "s/part/mu.cfg", "\n\nmu = 2e9;");
    assert_int_equal(ls_scenario_load(&sc, path, &e), LS_EINPUT);
    snprintf(want, sizeof want, "%s/s/part/mu.cfg", dir);
    assert_string_equal(e.file, want);
    assert_int_equal(e.line, 3);
    assert_string_equal(e.path, "models.testbed.mu");
    /* A syntax error in an included file is there too. */
    write_at(dir, "s/part/mu.cfg", "mu = 1;\nmu2 = ;\n");
    assert_int_equal(ls_scenario_load(&sc, path, &e), LS_EINPUT);
    assert_string_equal(e.file, want);
    assert_int_equal(e.line, 2);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* Appends the settings under s, one line each (name, type, format, line,
 * value), to out. */
static void dump(const config_setting_t *s, char *out, size_t n)
{
    for (int i = 0; i < config_setting_length(s); i++) {
        const config_setting_t *c = config_setting_get_elem(s, (unsigned)i);
        size_t used = strlen(out);
        char value[64] = "";
        switch (config_setting_type(c)) {
        case CONFIG_TYPE_INT:
        case CONFIG_TYPE_INT64:
            snprintf(value, sizeof value, "%lld",
                     (long long)config_setting_get_int64(c));
            break;
        case CONFIG_TYPE_FLOAT:
            snprintf(value, sizeof value, "%.17g",
                     config_setting_get_float(c));
            break;
        case CONFIG_TYPE_BOOL:
            snprintf(value, sizeof value, "%d", config_setting_get_bool(c));
            break;
        case CONFIG_TYPE_STRING:
            snprintf(value, sizeof value, "'%s'", config_setting_get_string(c));
            break;
        }
        snprintf(out + used, n - used, "%s %d %d %u %s\n",
                 config_setting_name(c) ? config_setting_name(c) : "-",
                 config_setting_type(c), c->format, c->line, value);
        if (config_setting_is_aggregate(c))
            dump(c, out, n);
    }
}

/* Large groups are parsed as lists and turned back into groups: the tree
 * is the one libconfig builds from the text as written, names, types,
 * formats, values and lines alike, whatever the syntax (issue 11,
 * finding 10). */
static void test_large_groups(void **unused)
{
    (void)unused;
    static char text[16384];
    strcpy(text, "top = 1;\nbig = {\n");
    for (int i = 0; i < 40; i++) {
        char m[256];
        const char *forms[] = {
            "  a%d = %d;\n", "  b%d : %d,\n", "  c%d = 0x%xL\n",
            "  d%d = { x = %d; y = ( 1, \"s\" ); z = [1.5, 2e3]; };\n",
            "  e%d =\n    \"multi\"  # comment ; = ,\n \"part\" /* c */ ; // %d\n",
            "  f%d = true; g%d = [ ]; h%d = ( ); i%d = { };\n",
            "  j%d = -.5e-3 ;k%d=+7;\n",
        };
        int k = i % 7;
        if (k == 5)
            snprintf(m, sizeof m, forms[5], i, i, i, i);
        else if (k == 6)
            snprintf(m, sizeof m, forms[6], i, i);
        else
            snprintf(m, sizeof m, forms[k], i, i);
        strcat(text, m);
    }
    strcat(text, "};\nafter = ( { n = 1; }, { big2 = {");
    for (int i = 0; i < 20; i++) {
        char m[64];
        snprintf(m, sizeof m, " q%d = %d;", i, i);
        strcat(text, m);
    }
    strcat(text, " }; } );\n");

    config_t direct;
    config_init(&direct);
    assert_int_equal(config_read_string(&direct, text), CONFIG_TRUE);
    static char want[65536], got[65536];
    want[0] = got[0] = '\0';
    dump(config_root_setting(&direct), want, sizeof want);
    config_destroy(&direct);

    char *path = ls_test_write_cfg(text);
    ls_tree t;
    ls_error e;
    ls_error_clear(&e);
    char msg[1024];
    if (ls_tree_load(&t, path, NULL, 0, &e) != LS_OK)
        fail_msg("%s", ls_error_format(&e, msg, sizeof msg));
    dump(config_root_setting(t.root), got, sizeof got);
    assert_string_equal(got, want);
    const config_setting_t *big = config_lookup(t.root, "big");
    assert_true(config_setting_is_group(big));
    assert_non_null(config_setting_get_member(big, "d38"));
    ls_tree_free(&t);

    /* Text that is not a scenario's structure is parsed as written. */
    ls_text_file *inc = NULL;
    size_t n_inc = 0;
    ls_text x;
    assert_int_equal(ls_text_prepare("x.cfg", text, &inc, &n_inc, &x, &e),
                     LS_OK);
    assert_int_equal(x.n_group, 2);
    assert_int_equal(x.group[0].n, 30 + 5 * 4 + 5 * 2);
    assert_int_equal(x.group[1].n, 20);
    ls_text_free(&x);
    ls_text_files_free(inc, n_inc);

    /* A repeated name in a large group is libconfig's error, at its line. */
    FILE *f = fopen(path, "w");
    fputs("g = {\n", f);
    for (int i = 0; i < 30; i++)
        fprintf(f, "  m%d = %d;\n", i == 25 ? 3 : i, i);
    fputs("};\n", f);
    fclose(f);
    assert_int_equal(ls_tree_load(&t, path, NULL, 0, &e), LS_EINPUT);
    assert_int_equal(e.line, 27);
    assert_string_equal(e.msg, "syntax error: duplicate setting name");
    unlink(path);
    free(path);
}

/* The nesting check, and the metric index against a search. */
static void test_nesting_and_metrics(void **unused)
{
    (void)unused;
    ls_error e;
    char deep[256] = "v = ";
    for (int i = 0; i < LS_TREE_MAX_NESTING; i++)
        strcat(deep, "(");
    assert_int_equal(ls_text_check_nesting(deep, "x", &e), LS_OK);
    strcat(deep, "\n[");
    assert_int_equal(ls_text_check_nesting(deep, "x", &e), LS_EINPUT);
    assert_int_equal(e.line, 2);
    assert_non_null(strstr(e.msg, "(LS_TREE_MAX_NESTING)"));
    assert_int_equal(ls_text_check_nesting("s = \"((((((((\"; # [[[[", "x",
                                           &e), LS_OK);

    ls_scenario sc;
    ls_test_load(&sc, "scenario = { name = \"m\"; seed = 1; start = 2018; "
                      "end = 2040; };\nmodels = { a = { type = \"testbed\"; "
                      "n = 1; p = 0.5; }; testbed = { n = 1; p = 0.5; }; };\n");
    assert_non_null(sc.metric_index);
    for (size_t i = 0; i < sc.n_metrics; i++)
        assert_int_equal(ls_scenario_metric(&sc, sc.metric_names[i]), i);
    assert_int_equal(ls_scenario_metric(&sc, "a.nope"), -1);
    struct ls_names *index = sc.metric_index;
    sc.metric_index = NULL; /* the search, as for a scenario built by hand */
    assert_int_equal(ls_scenario_metric(&sc, "testbed.sum"), 4);
    sc.metric_index = index;
    ls_scenario_destroy(&sc);
}

static void test_missing_file(void **unused)
{
    (void)unused;
    ls_scenario sc;
    ls_error e;
    assert_int_equal(ls_scenario_load(&sc, "/nonexistent/x.cfg", &e),
                     LS_EINPUT);
    assert_string_equal(e.file, "/nonexistent/x.cfg");
    assert_non_null(strstr(e.msg, "cannot open"));
}

static void test_bad_corpus(void **unused)
{
    (void)unused;
    const char *src = getenv("LS_SOURCE_DIR");
    assert_non_null(src);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/bad", src);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int count = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 4, ".cfg") != 0)
            continue;
        char path[1536];
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        FILE *fp = fopen(path, "r");
        assert_non_null(fp);
        char first[512] = {0};
        assert_non_null(fgets(first, sizeof first, fp));
        fclose(fp);
        first[strcspn(first, "\n")] = '\0';
        /* "# expect: LINE: TEXT", or "# expect: @FILE:LINE: TEXT" when the
         * error lies in another file of the directory (a base file). */
        int line = 0, off = 0;
        char where[1536];
        snprintf(where, sizeof where, "%s", path);
        if (strncmp(first, "# expect: @", 11) == 0) {
            char other[256] = {0};
            if (sscanf(first + 11, "%255[^:]:%d: %n", other, &line, &off) !=
                    2 ||
                off == 0)
                fail_msg("%s: bad '# expect: @FILE:LINE: TEXT'", path);
            snprintf(where, sizeof where, "%s/%s", dir, other);
            off += 11;
        } else if (sscanf(first, "# expect: %d: %n", &line, &off) != 1 ||
                   off == 0) {
            fail_msg("%s: first line must be '# expect: LINE: TEXT'", path);
        }
        const char *text = first + off;

        ls_scenario sc;
        ls_error e;
        ls_error_clear(&e);
        int rc = ls_scenario_load(&sc, path, &e);
        char msg[2048], want[3800];
        ls_error_format(&e, msg, sizeof msg);
        if (line > 0)
            snprintf(want, sizeof want, "%s:%d: ", where, line);
        else
            snprintf(want, sizeof want, "%s: ", where);
        print_message("%s\n", msg);
        if (rc != LS_EINPUT || strncmp(msg, want, strlen(want)) != 0 ||
            strstr(msg, text) == NULL)
            fail_msg("%s: got status %d and\n  %s\nexpected status 2 and\n  "
                     "%s...%s", ent->d_name, rc, msg, want, text);
        count++;
    }
    closedir(d);
    assert_true(count >= 15);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_set_value),
        cmocka_unit_test(test_source_notes),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_bad_corpus),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_setting_path),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_include),
        cmocka_unit_test(test_large_groups),
        cmocka_unit_test(test_nesting_and_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
