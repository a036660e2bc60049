/*
 * registry.c - the one table of model types.
 *
 * Like Lua's linit.c, one static NULL-terminated table lists every model;
 * configuration looks types up by name here, and the test suite loops over
 * it to run the same invariant tests on every model.  Adding a model is one
 * extern declaration and one line in the table.
 */
#include "model.h"

#include <string.h>

extern const ls_model_type ls_model_testbed;

const ls_model_type *const ls_model_types[] = {
    &ls_model_testbed,
    NULL,
};

const ls_model_type *ls_model_find(const char *name)
{
    for (size_t i = 0; ls_model_types[i] != NULL; i++)
        if (strcmp(ls_model_types[i]->name, name) == 0)
            return ls_model_types[i];
    return NULL;
}

size_t ls_model_metric_count(const ls_model_type *t)
{
    size_t n = 0;
    while (t->metrics[n].name != NULL)
        n++;
    return n;
}
