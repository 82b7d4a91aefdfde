/*
 * saferun-limit: runs one program under resource limits, measures it, and writes one line of JSON
 * to a result file. Built once by saferun with the system g++ (as C), cached by this file's hash.
 *
 *   saferun-limit --result FILE [--stdin FILE] [--stdout FILE] [--stderr FILE] [--cwd DIR]
 *                 [--cpu-ms N] [--wall-ms N] [--as-kb N] [--stack-kb N] [--fsize N] [--nproc N]
 *                 [--uid N] [--kill-all] -- PROGRAM ARGS...
 *
 * CPU time (user + sys) and peak RSS come from getrusage(RUSAGE_CHILDREN) after every descendant
 * was reaped: this process is a child subreaper, so orphans come back to it and count too.
 * The CPU limit is enforced by polling the program's CPU clock (RLIMIT_CPU is a whole-second
 * backstop); the wall limit by the monotonic clock. Either way the program is measured when killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct options {
  const char *result, *in, *out, *err, *cwd;
  long long cpu_ms, wall_ms, as_kb, stack_kb, fsize, nproc, uid;
  int kill_all;
  char **argv;
};

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void fail_usage(const char *what) {
  fprintf(stderr, "saferun-limit: %s\n", what);
  exit(125);
}

static void parse(int argc, char **argv, struct options *o) {
  memset(o, 0, sizeof *o);
  o->uid = -1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      o->argv = argv + i + 1;
      break;
    }
    if (strcmp(a, "--kill-all") == 0) { o->kill_all = 1; continue; }
    if (i + 1 >= argc) fail_usage("missing value");
    const char *v = argv[++i];
    if (strcmp(a, "--result") == 0) o->result = v;
    else if (strcmp(a, "--stdin") == 0) o->in = v;
    else if (strcmp(a, "--stdout") == 0) o->out = v;
    else if (strcmp(a, "--stderr") == 0) o->err = v;
    else if (strcmp(a, "--cwd") == 0) o->cwd = v;
    else if (strcmp(a, "--cpu-ms") == 0) o->cpu_ms = atoll(v);
    else if (strcmp(a, "--wall-ms") == 0) o->wall_ms = atoll(v);
    else if (strcmp(a, "--as-kb") == 0) o->as_kb = atoll(v);
    else if (strcmp(a, "--stack-kb") == 0) o->stack_kb = atoll(v);
    else if (strcmp(a, "--fsize") == 0) o->fsize = atoll(v);
    else if (strcmp(a, "--nproc") == 0) o->nproc = atoll(v);
    else if (strcmp(a, "--uid") == 0) o->uid = atoll(v);
    else fail_usage("unknown option");
  }
  if (!o->result || !o->argv || !o->argv[0]) fail_usage("need --result and -- PROGRAM");
}

static void set_limit(int resource, long long value) {
  struct rlimit r;
  r.rlim_cur = r.rlim_max = (rlim_t)value;
  setrlimit(resource, &r);
}

static int redirect(const char *path, int fd, int flags) {
  if (!path) return 0;
  int f = open(path, flags, 0644);
  if (f < 0) return -1;
  if (f != fd) {
    dup2(f, fd);
    close(f);
  }
  return 0;
}

/* In the child: limits, identity, then exec. Reports a failure as "stage errno" on the pipe. */
static void start_program(const struct options *o, int report) {
  char msg[64];
  const char *stage = "setup";
  setpgid(0, 0);
  signal(SIGPIPE, SIG_DFL);
  signal(SIGXFSZ, SIG_DFL);
  signal(SIGXCPU, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  stage = "open";
  if (redirect(o->in ? o->in : "/dev/null", 0, O_RDONLY) != 0) goto fail;
  if (redirect(o->out, 1, O_WRONLY | O_CREAT | O_TRUNC) != 0) goto fail;
  if (redirect(o->err, 2, O_WRONLY | O_CREAT | O_TRUNC) != 0) goto fail;
  if (o->cwd && chdir(o->cwd) != 0) { stage = "chdir"; goto fail; }
  set_limit(RLIMIT_CORE, 0);
  if (o->cpu_ms > 0) {
    long long s = (o->cpu_ms + 999) / 1000 + 1; // backstop only: whole seconds
    struct rlimit r = { (rlim_t)s, (rlim_t)(s + 1) };
    setrlimit(RLIMIT_CPU, &r);
  }
  if (o->as_kb > 0) set_limit(RLIMIT_AS, o->as_kb * 1024);
  if (o->stack_kb > 0) set_limit(RLIMIT_STACK, o->stack_kb * 1024);
  if (o->fsize > 0) set_limit(RLIMIT_FSIZE, o->fsize);
  if (o->nproc > 0) set_limit(RLIMIT_NPROC, o->nproc);
  if (o->uid > 0) {
    stage = "setuid";
    if (setgroups(0, NULL) != 0 || setgid((gid_t)o->uid) != 0 || setuid((uid_t)o->uid) != 0) goto fail;
  }
  prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  stage = "exec";
  execvp(o->argv[0], o->argv);
fail:
  snprintf(msg, sizeof msg, "%s %d", stage, errno);
  if (write(report, msg, strlen(msg)) < 0) {}
  _exit(127);
}

/* kill(-1) reaches every process this one may signal. A process with SIGKILL pending cannot
 * complete a fork, so a few passes catch a fork bomb; zombies still count, so never loop on success. */
static void kill_everyone(void) {
  for (int i = 0; i < 3; i++)
    if (kill(-1, SIGKILL) != 0) break;
}

/* Kills every process of the program: its pid namespace, its private uid, or its group. */
static void kill_program(const struct options *o, pid_t pid) {
  kill(pid, SIGKILL);
  if (o->kill_all) {
    kill_everyone();
  } else if (o->uid > 0) {
    pid_t killer = fork();
    if (killer == 0) {
      if (setgid((gid_t)o->uid) != 0 || setuid((uid_t)o->uid) != 0) _exit(1);
      kill_everyone();
      _exit(0);
    }
    if (killer > 0) waitpid(killer, NULL, 0);
  } else {
    kill(-pid, SIGKILL);
  }
}

static double cpu_of(clockid_t clock, int have_clock) {
  struct timespec ts;
  if (!have_clock || clock_gettime(clock, &ts) != 0) return 0;
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Reaps whatever is left; bounded, since a process that left the group may outlive a group kill. */
static void reap_rest(const struct options *o) {
  int thorough = o->kill_all || o->uid > 0;
  double until = now_ms() + (thorough ? 5000 : 300);
  while (now_ms() < until) {
    pid_t p = waitpid(-1, NULL, WNOHANG);
    if (p < 0) return; // ECHILD: nothing left
    if (p == 0) {
      struct timespec ts = { 0, 1000000 };
      nanosleep(&ts, NULL);
    }
  }
}

int main(int argc, char **argv) {
  struct options o;
  parse(argc, argv, &o);
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) fail_usage("pipe");

  double started = now_ms();
  pid_t pid = fork();
  if (pid < 0) fail_usage("fork");
  if (pid == 0) {
    close(report[0]);
    start_program(&o, report[1]);
  }
  close(report[1]);
  char error[64] = { 0 };
  ssize_t got = read(report[0], error, sizeof error - 1);
  close(report[0]);

  clockid_t clock;
  int have_clock = clock_getcpuclockid(pid, &clock) == 0;
  const char *limit = NULL;
  int status = 0, done = 0;
  double ended = started;
  while (!done) {
    pid_t p;
    while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
      if (p == pid) { done = 1; ended = now_ms(); break; }
    }
    if (done) break;
    double wall = now_ms() - started, cpu = cpu_of(clock, have_clock);
    if (!limit && o.cpu_ms > 0 && cpu >= o.cpu_ms) limit = "cpu";
    if (!limit && o.wall_ms > 0 && wall >= o.wall_ms) limit = "wall";
    if (limit) {
      kill_program(&o, pid);
      if (waitpid(pid, &status, 0) == pid) { done = 1; ended = now_ms(); }
      break;
    }
    double wait = 100;
    if (o.cpu_ms > 0 && o.cpu_ms - cpu < wait) wait = o.cpu_ms - cpu;
    if (o.wall_ms > 0 && o.wall_ms - wall < wait) wait = o.wall_ms - wall;
    if (wait < 1) wait = 1;
    struct timespec ts = { (time_t)(wait / 1000), (long)((wait - (long)(wait / 1000) * 1000) * 1e6) };
    sigtimedwait(&chld, NULL, &ts);
  }
  // Descendants left behind (the subreaper collects them all): kill and reap them.
  if (!(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD)) {
    kill_program(&o, pid);
    reap_rest(&o);
  }

  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  double cpu = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
  FILE *out = fopen(o.result, "w");
  if (!out) fail_usage("cannot write the result file");
  fprintf(out, "{\"cpuMs\":%.3f,\"wallMs\":%.3f,\"memoryKb\":%ld,", cpu, ended - started, ru.ru_maxrss);
  if (WIFEXITED(status)) fprintf(out, "\"exitCode\":%d,\"signal\":null,", WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) fprintf(out, "\"exitCode\":null,\"signal\":%d,", WTERMSIG(status));
  else fprintf(out, "\"exitCode\":null,\"signal\":null,");
  fprintf(out, "\"limit\":%s%s%s,", limit ? "\"" : "", limit ? limit : "null", limit ? "\"" : "");
  if (got > 0) fprintf(out, "\"error\":\"%s\"}\n", error);
  else fprintf(out, "\"error\":null}\n");
  fclose(out);
  sigprocmask(SIG_SETMASK, &old, NULL);
  return 0;
}
