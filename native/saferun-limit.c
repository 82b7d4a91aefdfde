/*
 * saferun-limit: runs a program under resource limits, measures it, and reports one line of JSON.
 * Built once by saferun with the system g++ (as C, static when it can), cached by this file's hash.
 *
 * One run, the result written to a file:
 *   saferun-limit --result FILE [--stdin FILE] [--stdout FILE] [--stderr FILE] [--cwd DIR] [--make-cwd]
 *                 [--cpu-ms N] [--wall-ms N] [--as-kb N] [--stack-kb N] [--fsize N] [--nproc N]
 *                 [--uid N] [--kill-all] -- PROGRAM ARGS...
 * Many runs of one program, a request a line on stdin, a result a line on stdout:
 *   saferun-limit --serve [--kill-all] -- PROGRAM ARGS...
 *   request: RUN_DIR \t STDIN_FILE(or empty) \t CPU_MS \t WALL_MS \t AS_KB \t STACK_KB \t FSIZE \t NPROC \t UID
 *   (RUN_DIR is created; the program runs in RUN_DIR/work with RUN_DIR/stdout and RUN_DIR/stderr.)
 *
 * CPU time (user + sys) and peak RSS come from wait4() of the program and of every descendant
 * left behind: this process is a child subreaper, so orphans come back to it and count too.
 * The CPU limit is enforced by polling the program's CPU clock (RLIMIT_CPU is a whole-second
 * backstop); the wall limit by the monotonic clock. Either way the program is measured when killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct options {
  const char *result, *in, *out, *err, *cwd;
  long long cpu_ms, wall_ms, as_kb, stack_kb, fsize, nproc, uid;
  int kill_all, make_cwd, serve;
  pid_t parent;
  char **argv;
};

struct outcome {
  double cpu_ms, wall_ms;
  long maxrss_kb;
  long long stdout_bytes, stderr_bytes;
  int status, exited;
  const char *limit;
  char error[64];
};

static sigset_t chld, term;
static int signals = -1; // a signalfd for SIGCHLD and SIGTERM

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
    if (strcmp(a, "--make-cwd") == 0) { o->make_cwd = 1; continue; }
    if (strcmp(a, "--serve") == 0) { o->serve = 1; continue; }
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
  if ((!o->result && !o->serve) || !o->argv || !o->argv[0]) fail_usage("need --result or --serve, and -- PROGRAM");
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
  if (redirect(o->in && o->in[0] ? o->in : "/dev/null", 0, O_RDONLY) != 0) goto fail;
  if (redirect(o->out, 1, O_WRONLY | O_CREAT | O_TRUNC) != 0) goto fail;
  if (redirect(o->err, 2, O_WRONLY | O_CREAT | O_TRUNC) != 0) goto fail;
  if (o->cwd && chdir(o->cwd) != 0) { stage = "chdir"; goto fail; }
  // The work dir is the program's home and temp dir: the only place it may write.
  if (o->cwd) {
    setenv("HOME", o->cwd, 1);
    setenv("TMPDIR", o->cwd, 1);
  }
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
  // Set after setuid (which clears it): should the helper die, the program dies with it.
  prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (getppid() != o->parent) _exit(127);
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

static void count(struct outcome *r, const struct rusage *ru) {
  r->cpu_ms += ru->ru_utime.tv_sec * 1e3 + ru->ru_utime.tv_usec / 1e3 + ru->ru_stime.tv_sec * 1e3 + ru->ru_stime.tv_usec / 1e3;
  if (ru->ru_maxrss > r->maxrss_kb) r->maxrss_kb = ru->ru_maxrss;
}

/* Reaps whatever is left, counting it; bounded, since a process that left the group may outlive a group kill. */
static void reap_rest(const struct options *o, struct outcome *r) {
  int thorough = o->kill_all || o->uid > 0;
  double until = now_ms() + (thorough ? 5000 : 300);
  struct rusage ru;
  while (now_ms() < until) {
    pid_t p = wait4(-1, NULL, WNOHANG, &ru);
    if (p < 0) return; // ECHILD: nothing left
    if (p > 0) count(r, &ru);
    else {
      struct timespec ts = { 0, 1000000 };
      nanosleep(&ts, NULL);
    }
  }
}

/* Sleeps until a child changes state or `ms` pass. Returns 1 when the run is aborted: SIGTERM,
 * or (serving) the end of stdin, since the judge closes it to abort. */
static int wait_for_news(const struct options *o, int ms) {
  struct pollfd fds[2] = { { signals, POLLIN, 0 }, { o->serve ? 0 : -1, POLLIN, 0 } };
  if (poll(fds, 2, ms) <= 0) return 0;
  struct signalfd_siginfo info;
  int aborted = 0;
  while (read(signals, &info, sizeof info) == sizeof info)
    if (info.ssi_signo == SIGTERM) aborted = 1;
  if (fds[1].revents & (POLLIN | POLLHUP)) {
    char c;
    if (read(0, &c, 1) <= 0) aborted = 1;
  }
  return aborted;
}

static void run_once(const struct options *o, struct outcome *r) {
  memset(r, 0, sizeof *r);
  if (o->make_cwd && o->cwd) {
    // The program's private writable dir, owned by its uid; the dir above it only traversable.
    char parent[4096];
    snprintf(parent, sizeof parent, "%s/..", o->cwd);
    if (mkdir(o->cwd, 0700) != 0 && errno != EEXIST) { snprintf(r->error, sizeof r->error, "mkdir %d", errno); return; }
    if (o->uid > 0 && (chown(o->cwd, (uid_t)o->uid, (gid_t)o->uid) != 0 || chmod(parent, 0711) != 0)) { snprintf(r->error, sizeof r->error, "chown %d", errno); return; }
  }
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) { snprintf(r->error, sizeof r->error, "pipe %d", errno); return; }
  // SIGTERM (the run was aborted) waits until the program is killed and reaped, then ends us.
  sigprocmask(SIG_BLOCK, &term, NULL);
  struct options self = *o;
  self.parent = getpid();
  o = &self;
  double started = now_ms();
  pid_t pid = fork();
  if (pid < 0) { snprintf(r->error, sizeof r->error, "fork %d", errno); close(report[0]); close(report[1]); return; }
  if (pid == 0) {
    close(report[0]);
    start_program(o, report[1]);
  }
  close(report[1]);
  ssize_t got = read(report[0], r->error, sizeof r->error - 1);
  close(report[0]);
  if (got <= 0) r->error[0] = 0;

  clockid_t clock;
  int have_clock = clock_getcpuclockid(pid, &clock) == 0;
  struct rusage ru;
  double ended = started;
  while (!r->exited) {
    pid_t p;
    while ((p = wait4(-1, &r->status, WNOHANG, &ru)) > 0) {
      count(r, &ru);
      if (p == pid) { r->exited = 1; ended = now_ms(); break; }
    }
    if (r->exited) break;
    double wall = now_ms() - started, cpu = cpu_of(clock, have_clock);
    if (!r->limit && o->cpu_ms > 0 && cpu >= o->cpu_ms) r->limit = "cpu";
    if (!r->limit && o->wall_ms > 0 && wall >= o->wall_ms) r->limit = "wall";
    if (r->limit) {
      kill_program(o, pid);
      if (wait4(pid, &r->status, 0, &ru) == pid) { count(r, &ru); r->exited = 1; ended = now_ms(); }
      break;
    }
    double wait = 100;
    if (o->cpu_ms > 0 && o->cpu_ms - cpu < wait) wait = o->cpu_ms - cpu;
    if (o->wall_ms > 0 && o->wall_ms - wall < wait) wait = o->wall_ms - wall;
    if (wait < 1) wait = 1;
    if (wait_for_news(o, (int)(wait + 0.999))) r->limit = "aborted";
    if (r->limit) {
      kill_program(o, pid);
      if (wait4(pid, &r->status, 0, &ru) == pid) { count(r, &ru); r->exited = 1; ended = now_ms(); }
      break;
    }
  }
  // Descendants left behind (the subreaper collects them all): kill, reap and count them.
  siginfo_t info;
  if (!(waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 && errno == ECHILD)) {
    kill_program(o, pid);
    reap_rest(o, r);
  }
  r->wall_ms = ended - started;
  struct stat st;
  r->stdout_bytes = o->out && stat(o->out, &st) == 0 ? (long long)st.st_size : -1;
  r->stderr_bytes = o->err && stat(o->err, &st) == 0 ? (long long)st.st_size : -1;
  // Drop SIGCHLDs already counted, so the next run's wait starts clean.
  struct signalfd_siginfo info_;
  while (read(signals, &info_, sizeof info_) == sizeof info_)
    if (info_.ssi_signo == SIGTERM) r->limit = "aborted";
  if (r->limit && strcmp(r->limit, "aborted") == 0) _exit(143);
  sigprocmask(SIG_UNBLOCK, &term, NULL);
}

static void print_outcome(FILE *out, const struct outcome *r) {
  fprintf(out, "{\"cpuMs\":%.3f,\"wallMs\":%.3f,\"memoryKb\":%ld,\"stdoutBytes\":%lld,\"stderrBytes\":%lld,", r->cpu_ms, r->wall_ms, r->maxrss_kb,
          r->stdout_bytes, r->stderr_bytes);
  if (r->exited && WIFEXITED(r->status)) fprintf(out, "\"exitCode\":%d,\"signal\":null,", WEXITSTATUS(r->status));
  else if (r->exited && WIFSIGNALED(r->status)) fprintf(out, "\"exitCode\":null,\"signal\":%d,", WTERMSIG(r->status));
  else fprintf(out, "\"exitCode\":null,\"signal\":null,");
  fprintf(out, "\"limit\":%s%s%s,", r->limit ? "\"" : "", r->limit ? r->limit : "null", r->limit ? "\"" : "");
  if (r->error[0]) fprintf(out, "\"error\":\"%s\"}\n", r->error);
  else fprintf(out, "\"error\":null}\n");
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

/* The run dir is reused: whatever the last program left in its work dir goes (links are not followed). */
static void clear_dir(const char *dir) {
  static int stale = 0;
  if (access(dir, F_OK) != 0) return;
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  if (access(dir, F_OK) == 0) {
    // Could not empty it (a non-root program made part of it unwritable): move it aside.
    char aside[4200];
    snprintf(aside, sizeof aside, "%s-stale-%d", dir, ++stale);
    rename(dir, aside);
  }
}

/* One request line: RUN_DIR, STDIN, CPU_MS, WALL_MS, AS_KB, STACK_KB, FSIZE, NPROC, UID, tab-separated. */
static int serve_one(const struct options *base, char *line) {
  char *field[9];
  int n = 0;
  for (char *p = line; n < 9; n++) {
    field[n] = p;
    p = strchr(p, n == 8 ? '\n' : '\t');
    if (!p) { n++; break; }
    *p++ = 0;
  }
  if (n < 9) return -1;
  struct options o = *base;
  static char cwd[4096], out[4096], err[4096];
  snprintf(cwd, sizeof cwd, "%s/work", field[0]);
  snprintf(out, sizeof out, "%s/stdout", field[0]);
  snprintf(err, sizeof err, "%s/stderr", field[0]);
  mkdir(field[0], 0755);
  clear_dir(cwd);
  o.cwd = cwd, o.out = out, o.err = err, o.make_cwd = 1;
  o.in = field[1];
  o.cpu_ms = atoll(field[2]), o.wall_ms = atoll(field[3]), o.as_kb = atoll(field[4]), o.stack_kb = atoll(field[5]);
  o.fsize = atoll(field[6]), o.nproc = atoll(field[7]), o.uid = atoll(field[8]);
  struct outcome r;
  run_once(&o, &r);
  print_outcome(stdout, &r);
  fflush(stdout);
  return 0;
}

int main(int argc, char **argv) {
  struct options o;
  parse(argc, argv, &o);
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  // The server itself dies with its parent, so a killed judge leaves nothing running.
  if (o.serve) prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  sigaddset(&chld, SIGTERM); // the set a run waits on
  signals = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signals < 0) fail_usage("signalfd");
  signal(SIGPIPE, SIG_IGN);
  if (o.serve) {
    char line[16384];
    while (fgets(line, sizeof line, stdin))
      if (serve_one(&o, line) != 0) fail_usage("malformed request");
    return 0;
  }
  struct outcome r;
  run_once(&o, &r);
  FILE *out = fopen(o.result, "w");
  if (!out) fail_usage("cannot write the result file");
  print_outcome(out, &r);
  fclose(out);
  return 0;
}
