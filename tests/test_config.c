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

#include "config/setting.h"
#include "config/source.h"

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
    assert_int_equal(sc.n_metrics, 4 + ls_model_metric_count(
                                           sc.models[3].type));
    assert_string_equal(sc.metric_names[0], "x.count");
    assert_string_equal(sc.metric_names[3], "testbed.sum");
    assert_int_equal(ls_scenario_metric(&sc, "testbed.count"), 2);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
