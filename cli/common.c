/*
 * common.c - what every command does the same way: load a scenario, say
 * what went wrong, write the outputs asked for, show progress, time.
 *
 * Messages go to stderr from rank 0 only (under MPI every rank meets the
 * same bad input); stdout carries results only.
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "../outputs/output.h"
#include "../sim/mpi.h"

/* The signal that asked the run to stop (SIGINT or SIGTERM), 0 if none. */
static volatile sig_atomic_t stop_signal;

/* First SIGINT/SIGTERM: ask the run to stop at the next block.  A second
 * one: remove the temporaries now and leave. */
static void on_signal(int sig)
{
    if (stop_signal != 0) {
        ls_output_discard();
        _exit(128 + sig);
    }
    stop_signal = sig;
}

void ls_cli_signals(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    /* A signal ignored on entry stays ignored (a background job's SIGINT,
     * nohup), as the shell meant. */
    static const int sigs[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
}

int ls_cli_signal(void)
{
    return stop_signal;
}

int ls_cli_interrupted(void)
{
    /* Rank 0's signal decides for every rank, so all stop together. */
    return ls_mpi_bcast_int(stop_signal);
}

int ls_cli_stopped(int sig)
{
    ls_output_discard();
    if (ls_mpi_rank() == 0)
        fprintf(stderr, "leusden: interrupted by %s; no output was written\n",
                sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM"
                                                          : "a signal");
    return 128 + sig;
}

int ls_cli_claim(const ls_cli *o, const ls_scenario *sc)
{
    /* The heads list every file values came from, the scenario's first. */
    for (size_t i = 0; i < sc->n_heads; i++)
        ls_output_protect(sc->heads[i].file);
    for (size_t i = 0; o->writers != NULL && o->writers[i].option != NULL;
         i++) {
        ls_error err;
        ls_error_clear(&err);
        int is_dir = strcmp(o->writers[i].arg, "DIR") == 0;
        if (o->dest[i] != NULL &&
            ls_output_claim(o->dest[i], is_dir, &err) != LS_OK)
            return ls_cli_error(&err);
    }
    ls_error err;
    ls_error_clear(&err);
    if (o->experiments != NULL &&
        ls_output_claim(o->experiments, 0, &err) != LS_OK)
        return ls_cli_error(&err);
    return LS_OK;
}

int ls_cli_error(const ls_error *e)
{
    if (ls_mpi_rank() != 0)
        return e->status;
    char buf[LS_ERROR_MSG_MAX + LS_ERROR_FILE_MAX + LS_ERROR_PATH_MAX + 16];
    fprintf(stderr, "leusden: %s\n", ls_error_format(e, buf, sizeof buf));
    return e->status;
}

int ls_cli_usage_error(const char *fmt, const char *arg)
{
    if (ls_mpi_rank() != 0)
        return LS_EINPUT;
    /* The argument is the user's: shown escaped, on one line. */
    char safe[LS_ERROR_MSG_MAX];
    ls_escape(safe, sizeof safe, arg, (size_t)-1);
    fputs("leusden: ", stderr);
    fprintf(stderr, fmt, safe);
    fputs(" (try 'leusden --help')\n", stderr);
    return LS_EINPUT;
}

int ls_cli_load(ls_scenario *sc, const char *file, const ls_cli *o)
{
    ls_error err;
    ls_error_clear(&err);
    if (ls_scenario_load_set(sc, file, o->sets, o->n_sets, &err) != LS_OK)
        return ls_cli_error(&err);
    if (o->have_seed)
        sc->seed = o->seed;
    return LS_OK;
}

int ls_cli_nonfinite(const ls_scenario *sc, const ls_accum *acc)
{
    ls_error err;
    ls_error_set(&err, LS_ERUNTIME, sc->file, 0, NULL,
                 "%llu metric values came out non-finite (NaN or "
                 "infinity), so the results would be wrong; check the "
                 "scenario's extreme values, or report a model bug",
                 (unsigned long long)acc->nonfinite);
    return ls_cli_error(&err);
}

int ls_cli_stdout_done(void)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "leusden: writing to stdout failed: %s\n",
                errno ? strerror(errno) : "write error");
        return LS_ERUNTIME;
    }
    return LS_OK;
}

int ls_cli_write(const ls_cli *o, const void *results)
{
    ls_error err;
    ls_error_clear(&err);
    for (size_t i = 0; o->writers != NULL && o->writers[i].option != NULL;
         i++) {
        if (o->dest[i] == NULL)
            continue;
        int sig = stop_signal;
        if (sig != 0)
            return ls_cli_stopped(sig);
        if (o->writers[i].write(o->dest[i], results, &err) != LS_OK) {
            ls_output_discard();
            return ls_cli_error(&err);
        }
    }
    int sig = stop_signal;
    if (sig != 0)
        return ls_cli_stopped(sig);
    if (ls_output_finish(&err) != LS_OK)
        return ls_cli_error(&err);
    return LS_OK;
}

int ls_cli_threads(const ls_cli *o)
{
#ifdef _OPENMP
    /* OMP_THREAD_LIMIT caps what OpenMP will run, so report that. */
    int n = o->threads ? (int)o->threads : omp_get_num_procs();
    int limit = omp_get_thread_limit();
    return n < limit ? n : limit;
#else
    (void)o;
    return 1;
#endif
}

int ls_cli_show_progress(const ls_cli *o)
{
    return !o->quiet && isatty(STDERR_FILENO) && ls_mpi_rank() == 0;
}

void ls_cli_progress(uint64_t done, uint64_t total, double secs,
                     double width, double precision)
{
    double rate = secs > 0 ? (double)done / secs : 0;
    int bar = total > 0 ? (int)(30.0 * (double)done / (double)total) : 0;
    char b[31];
    for (int i = 0; i < 30; i++)
        b[i] = i < bar ? '#' : '.';
    b[30] = '\0';
    if (precision > 0)
        fprintf(stderr, "\r[%s] %llu paths, %.3g paths/s, longest "
                        "arm %.4f (goal %.4f)\033[K", b,
                (unsigned long long)done, rate, width, precision);
    else
        fprintf(stderr, "\r[%s] %3.0f%% %llu/%llu paths, %.3g paths/s, "
                        "ETA %.1f s\033[K", b,
                100.0 * (double)done / (double)total,
                (unsigned long long)done, (unsigned long long)total, rate,
                rate > 0 ? (double)(total - done) / rate : 0);
}

double ls_cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Linux's VmHWM, because getrusage's ru_maxrss survives exec: started
 * from a large process (a Python script), it reports the parent's. */
double ls_cli_peak_rss_mb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        long kb;
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) {
            fclose(f);
            return (double)kb / 1024.0;
        }
    }
    if (f != NULL)
        fclose(f);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

const char *ls_cli_ranks_note(void)
{
    static char buf[32];
    if (ls_mpi_size() == 1)
        return "";
    snprintf(buf, sizeof buf, " x %d ranks", ls_mpi_size());
    return buf;
}
