/*
 * saferun-limit: runs one program many times under limits, measures each run, reports one line of JSON a run.
 * Built once by saferun with the system g++ (as C, static when it can), cached by this file's hash.
 *
 *   saferun-limit --launch PROGRAM OPTIONS... -- COMMAND...
 *     Runs `PROGRAM --args 3 -- COMMAND...` with OPTIONS in a memory file on fd 3 and every other
 *     descriptor above 2 closed: how saferun starts bwrap, so that no host path (the binds' sources)
 *     shows in the sandbox's /proc/1/cmdline.
 *
 *   saferun-limit --serve [SESSION OPTIONS] -- PROGRAM ARGS...
 *     A request a line on stdin, a result a line on stdout; the end of stdin (or SIGTERM) aborts.
 *     --namespaces        each run in new pid, IPC, mount and cgroup namespaces, with a private
 *                         size-limited tmpfs on /dev/shm that holds its work dir (needs CAP_SYS_ADMIN)
 *     --user-namespace    the program in a user namespace of its own, as uid 1000 (the helper having
 *                         CAP_SYS_ADMIN in the sandbox's user namespace: a non-root sandbox); implies --namespaces
 *     --as-user           the namespaces without any privilege: each run's proxy starts in a user namespace
 *                         of its own that maps the helper's uid to itself; implies --namespaces
 *     --mount-proc        a fresh /proc for each run (it shows the run's processes only)
 *     --hide PATH         unmounted in each run's mount namespace, so the program never sees it
 *     --read-only PATH    remounted read-only in each run's mount namespace (a mount the program
 *                         could otherwise write, shared by the session's runs: bwrap's /dev)
 *     --cgroup ROLE=V:DIR ROLE memory, pids, cpu, kill or freezer, at cgroup version V (1 or 2), under DIR
 *     --cgroup-prefix P   the runs' cgroups are DIR/P<n>: created for a run, kept for a later one when
 *                         empty and little is charged to it, removed at the end
 *
 *   Request: fields `key=value` separated by tabs; every key once, values strict decimal numbers:
 *     run=DIR        DIR/stdout gets the output, DIR/stderr the first 64 KiB of stderr (read through a pipe,
 *                    the rest dropped), DIR/work is the work dir without --namespaces
 *     stdin=PATH     a regular file, or empty for /dev/null; a FIFO when stdout is one
 *     stdout=PATH    empty: DIR/stdout. Else a FIFO (an interactive run: its stdin and stdout are FIFOs whose
 *                    other ends a trusted interactor holds); both are opened in that order, each waiting for
 *                    its other end at most wall_ms
 *     cpu_ms wall_ms mem_kb stack_kb fsize tmpfs_kb   limits (fsize in bytes)
 *     as_kb nproc uid                                  a number, or `none`
 *
 * Structure (after isolate's keeper and proxy): this process (the keeper) prepares each run ahead of
 * time: it creates the run's cgroup (or takes a finished run's) and forks a proxy in the run's new
 * namespaces, which waits for its turn. The proxy then reads the request from stdin itself, opens the run's files, mounts its tmpfs,
 * forks the program (which joins the cgroup, drops its privileges, closes every descriptor above 2, and
 * execs), enforces the CPU and wall limits, kills and reaps everything, reads the cgroup's totals, and
 * answers on stdout itself: a request and its answer pass no other process. Meanwhile the keeper
 * prepares the next run and readies the last one's cgroup for a later run (or removes it).
 * Every system call that sets up a run is checked: a failure is reported as `error` (an internal
 * error), never as a run without the limit.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <linux/keyctl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

#define PATH_LEN 4096
#define ERROR_LEN 160
#define MAX_HIDDEN 16
#define PROGRAM_UID 1000 /* the program's uid inside its own user namespace */
#define SHM "/dev/shm"
#define SHM_WORK "/dev/shm/work"

/* ---------- small helpers ---------- */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms) {
  struct timespec ts = { (time_t)(ms / 1000), (long)((ms - (time_t)(ms / 1000) * 1000) * 1e6) };
  nanosleep(&ts, NULL);
}

static const char *errno_name(int err) {
  const char *name = strerrorname_np(err);
  return name ? name : "EUNKNOWN";
}

/* "stage: ENAME", the form every failure is reported in. */
static void set_error(char *out, const char *stage, int err) {
  snprintf(out, ERROR_LEN, "%s: %s", stage, errno_name(err));
}

static void die_usage(const char *what) {
  fprintf(stderr, "saferun-limit: %s\n", what);
  exit(125);
}

/* Strict unsigned decimal: digits only, no sign, no spaces, no overflow past `max`. */
static int parse_uint(const char *s, unsigned long long max, unsigned long long *out) {
  if (!s || !*s) return -1;
  unsigned long long v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    unsigned d = (unsigned)(*p - '0');
    if (v > (max - d) / 10) return -1;
    v = v * 10 + d;
  }
  *out = v;
  return 0;
}

static int write_all(int fd, const void *data, size_t size) {
  const char *p = data;
  while (size > 0) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    size -= (size_t)n;
  }
  return 0;
}

static int read_all(int fd, void *data, size_t size) {
  char *p = data;
  while (size > 0) {
    ssize_t n = read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    p += n;
    size -= (size_t)n;
  }
  return 0;
}

/* Writes a short string to a file that exists (a cgroup control file): no O_CREAT, whole or error. */
static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t n = strlen(text);
  ssize_t w = write(fd, text, n);
  int err = errno;
  close(fd);
  if (w != (ssize_t)n) {
    errno = w < 0 ? err : EIO;
    return -1;
  }
  return 0;
}

static ssize_t read_file(const char *path, char *buf, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, size - 1);
  int err = errno;
  close(fd);
  if (n < 0) {
    errno = err;
    return -1;
  }
  buf[n] = 0;
  return n;
}

/* The value of `key N` in a flat-keyed file such as cpu.stat or memory.events; -1 when absent. */
static long long keyed_value(const char *text, const char *key) {
  size_t len = strlen(key);
  for (const char *line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
    if (strncmp(line, key, len) == 0 && line[len] == ' ') {
      unsigned long long v;
      char number[32];
      size_t i = 0;
      for (const char *p = line + len + 1; *p >= '0' && *p <= '9' && i + 1 < sizeof number; p++) number[i++] = *p;
      number[i] = 0;
      return parse_uint(number, ULLONG_MAX / 2, &v) == 0 ? (long long)v : -1;
    }
  }
  return -1;
}

/* Marks every descriptor above 2 close-on-exec: close_range, or /proc/self/fd on an older kernel. */
static int cloexec_all_above_2(void) {
  if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return 0;
  DIR *dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int self = dirfd(dir);
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    unsigned long long fd;
    if (parse_uint(entry->d_name, INT_MAX, &fd) != 0 || fd < 3 || (int)fd == self) continue;
    if (fcntl((int)fd, F_SETFD, FD_CLOEXEC) != 0 && errno != EBADF) {
      closedir(dir);
      return -1;
    }
  }
  closedir(dir);
  return 0;
}

static void close_all_above_2(void) {
  if (syscall(SYS_close_range, 3U, ~0U, 0) == 0) return;
  if (cloexec_all_above_2() != 0) die_usage("cannot close inherited descriptors");
}

/* ---------- the session: options given once ---------- */

enum role { ROLE_MEMORY, ROLE_PIDS, ROLE_CPU, ROLE_KILL, ROLE_FREEZER, ROLES };
static const char *const ROLE_NAMES[ROLES] = { "memory", "pids", "cpu", "kill", "freezer" };

struct placement {
  int version; /* 0: not used */
  char dir[PATH_LEN];
};

struct session {
  int namespaces, user_namespace, as_user, mount_proc;
  uid_t uid; /* the helper's own, mapped to itself by --as-user */
  gid_t gid;
  const char *hidden[MAX_HIDDEN], *read_only[MAX_HIDDEN];
  int hidden_count, read_only_count;
  struct placement cgroup[ROLES];
  const char *cgroup_prefix;
  char **argv;
  int program_fd; /* the program opened once (O_PATH), so a run's mounts cannot hide it */
};

static struct session S;

static void parse_cgroup_option(const char *value) {
  const char *eq = strchr(value, '=');
  if (!eq || (eq[1] != '1' && eq[1] != '2') || eq[2] != ':' || eq[3] != '/') die_usage("--cgroup needs ROLE=V:/DIR");
  for (int r = 0; r < ROLES; r++) {
    if (strlen(ROLE_NAMES[r]) == (size_t)(eq - value) && strncmp(value, ROLE_NAMES[r], (size_t)(eq - value)) == 0) {
      if (S.cgroup[r].version) die_usage("--cgroup: a role given twice");
      if (strlen(eq + 3) >= PATH_LEN - 64) die_usage("--cgroup: path too long");
      S.cgroup[r].version = eq[1] - '0';
      strcpy(S.cgroup[r].dir, eq + 3);
      return;
    }
  }
  die_usage("--cgroup: unknown role");
}

static void parse_session(int argc, char **argv) {
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      S.argv = argv + i + 1;
      break;
    }
    if (strcmp(a, "--namespaces") == 0) S.namespaces = 1;
    else if (strcmp(a, "--user-namespace") == 0) S.user_namespace = S.namespaces = 1;
    else if (strcmp(a, "--as-user") == 0) S.as_user = S.namespaces = 1;
    else if (strcmp(a, "--mount-proc") == 0) S.mount_proc = 1;
    else if (i + 1 >= argc) die_usage("an option is missing its value");
    else if (strcmp(a, "--read-only") == 0) {
      if (S.read_only_count == MAX_HIDDEN) die_usage("too many --read-only");
      S.read_only[S.read_only_count++] = argv[++i];
    } else if (strcmp(a, "--hide") == 0) {
      if (S.hidden_count == MAX_HIDDEN) die_usage("too many --hide");
      S.hidden[S.hidden_count++] = argv[++i];
    } else if (strcmp(a, "--cgroup") == 0) parse_cgroup_option(argv[++i]);
    else if (strcmp(a, "--cgroup-prefix") == 0) S.cgroup_prefix = argv[++i];
    else die_usage("unknown option");
  }
  if (!S.argv || !S.argv[0]) die_usage("need -- PROGRAM");
  int any = 0;
  for (int r = 0; r < ROLES; r++) any |= S.cgroup[r].version != 0;
  if (any && (!S.cgroup[ROLE_MEMORY].version || !S.cgroup[ROLE_PIDS].version || !S.cgroup[ROLE_CPU].version))
    die_usage("--cgroup needs the memory, pids and cpu roles");
  if (any && (!S.cgroup_prefix || !*S.cgroup_prefix || strchr(S.cgroup_prefix, '/'))) die_usage("--cgroup-prefix needs a name");
  if ((S.mount_proc || S.hidden_count || S.read_only_count) && !S.namespaces)
    die_usage("--mount-proc, --hide and --read-only need --namespaces");
  if (S.as_user && S.user_namespace) die_usage("--as-user and --user-namespace exclude each other");
  S.uid = geteuid();
  S.gid = getegid();
}

static int cgroups_on(void) { return S.cgroup[ROLE_MEMORY].version != 0; }

/* ---------- a request ---------- */

struct request {
  char run[PATH_LEN], in[PATH_LEN], out[PATH_LEN];
  unsigned long long cpu_ms, wall_ms, mem_kb, stack_kb, fsize, tmpfs_kb;
  long long as_kb, nproc, uid; /* -1: none */
};

#define KEYS 13
static const char *const KEY_NAMES[KEYS] = { "run", "stdin", "cpu_ms", "wall_ms", "mem_kb", "stack_kb", "fsize",
                                             "tmpfs_kb", "as_kb", "nproc", "uid", "stdout", NULL };

/* Parses one request line; on a malformed one, says why in `error` and returns -1. */
static int parse_request(char *line, struct request *q, char *error) {
  memset(q, 0, sizeof *q);
  int seen[KEYS] = { 0 };
  size_t len = strlen(line);
  if (len == 0 || line[len - 1] != '\n') {
    snprintf(error, ERROR_LEN, "request: too long or not ended by a newline");
    return -1;
  }
  line[len - 1] = 0;
  for (char *field = line; field;) {
    char *next = strchr(field, '\t');
    if (next) *next++ = 0;
    char *eq = strchr(field, '=');
    if (!eq) {
      snprintf(error, ERROR_LEN, "request: a field without '='");
      return -1;
    }
    *eq = 0;
    const char *value = eq + 1;
    int k = 0;
    while (KEY_NAMES[k] && strcmp(KEY_NAMES[k], field) != 0) k++;
    if (!KEY_NAMES[k]) {
      snprintf(error, ERROR_LEN, "request: unknown key %.40s", field);
      return -1;
    }
    if (seen[k]++) {
      snprintf(error, ERROR_LEN, "request: key %s given twice", field);
      return -1;
    }
    unsigned long long v = 0;
    int bad = 0;
    if (k == 0 || k == 1 || k == 11) {
      if (strlen(value) >= PATH_LEN || (k == 0 && value[0] != '/') || (k != 0 && value[0] && value[0] != '/')) bad = 1;
      else strcpy(k == 0 ? q->run : k == 1 ? q->in : q->out, value);
    } else if (k >= 8 && strcmp(value, "none") == 0) {
      *(k == 8 ? &q->as_kb : k == 9 ? &q->nproc : &q->uid) = -1;
    } else if (parse_uint(value, 1ULL << 50, &v) != 0 || (v == 0 && k != 7)) {
      bad = 1;
    } else {
      switch (k) {
      case 2: q->cpu_ms = v; break;
      case 3: q->wall_ms = v; break;
      case 4: q->mem_kb = v; break;
      case 5: q->stack_kb = v; break;
      case 6: q->fsize = v; break;
      case 7: q->tmpfs_kb = v; break;
      case 8: q->as_kb = (long long)v; break;
      case 9: q->nproc = (long long)v; break;
      case 10: q->uid = (long long)v; bad = v > 4000000000ULL; break;
      }
    }
    if (bad) {
      snprintf(error, ERROR_LEN, "request: bad value for %s", field);
      return -1;
    }
    field = next;
  }
  for (int k = 0; KEY_NAMES[k]; k++) {
    if (!seen[k]) {
      snprintf(error, ERROR_LEN, "request: missing %s", KEY_NAMES[k]);
      return -1;
    }
  }
  if (q->out[0] && !q->in[0]) {
    snprintf(error, ERROR_LEN, "request: stdout is a FIFO, stdin must be one too");
    return -1;
  }
  if (S.namespaces && !q->tmpfs_kb) {
    snprintf(error, ERROR_LEN, "request: tmpfs_kb must be positive");
    return -1;
  }
  return 0;
}

/* ---------- a run's cgroup ---------- */

struct cgrun {
  int active;
  char name[96];
  char dir[ROLES][PATH_LEN]; /* the run's dir for each role, empty when the role is off */
  int procs[ROLES];          /* cgroup.procs of each distinct dir, opened for the program to join; -1 otherwise */
  int cpu_fd;                /* cpuacct.usage or cpu.stat, read while the run goes */
  int peak_fd, oom_fd;       /* the memory peak and the OOM kill count, read after the run */
  int limits_set;            /* the limits below are written already (guessed from the run before) */
  int resettable;            /* its memory peak can be reset (v1, or v2 from Linux 6.12): it may serve another run */
  int joined;                /* the proxy joined it ahead of the run, so the program starts in it */
  int oom_exempt;            /* and made itself the OOM killer's last choice (as root) */
  double cpu_base;           /* the cgroup's CPU time when the program was forked: the proxy's and earlier runs' */
  long long oom_base;        /* the OOM kills of earlier runs */
  unsigned long long mem_kb;
  long long nproc;
};

static void cg_close(struct cgrun *c) {
  for (int r = 0; r < ROLES; r++)
    if (c->procs[r] >= 0) close(c->procs[r]), c->procs[r] = -1;
  if (c->cpu_fd >= 0) close(c->cpu_fd), c->cpu_fd = -1;
  if (c->peak_fd >= 0) close(c->peak_fd), c->peak_fd = -1;
  if (c->oom_fd >= 0) close(c->oom_fd), c->oom_fd = -1;
}

static void cg_init(struct cgrun *c) {
  memset(c, 0, sizeof *c);
  for (int r = 0; r < ROLES; r++) c->procs[r] = -1;
  c->cpu_fd = c->peak_fd = c->oom_fd = -1;
}

static int same_dir_before(int r) {
  for (int s = 0; s < r; s++)
    if (S.cgroup[s].version && strcmp(S.cgroup[s].dir, S.cgroup[r].dir) == 0) return 1;
  return 0;
}

/* Creates the run's cgroup in each hierarchy and opens what the run needs. */
static int cg_create(struct cgrun *c, unsigned long counter, char *error) {
  cg_init(c);
  if (!cgroups_on()) return 0;
  c->active = 1;
  snprintf(c->name, sizeof c->name, "%s%lu", S.cgroup_prefix, counter);
  for (int r = 0; r < ROLES; r++) {
    if (!S.cgroup[r].version) continue;
    snprintf(c->dir[r], PATH_LEN, "%s/%s", S.cgroup[r].dir, c->name);
    if (same_dir_before(r)) continue;
    if (mkdir(c->dir[r], 0755) != 0) {
      set_error(error, "cgroup mkdir", errno);
      c->dir[r][0] = 0;
      return -1;
    }
    // Who joins writes "0" (itself), and is single-threaded then. v1's `tasks` moves that one thread:
    // the kernel skips the lock that `cgroup.procs` takes to move a whole thread group, whose writer
    // waits for an RCU grace period (measured: about 10 ms a join when runs are a few ms apart).
    char path[PATH_LEN + 32];
    snprintf(path, sizeof path, "%s/%s", c->dir[r], S.cgroup[r].version == 1 ? "tasks" : "cgroup.procs");
    c->procs[r] = open(path, O_WRONLY | O_CLOEXEC);
    if (c->procs[r] < 0) {
      set_error(error, S.cgroup[r].version == 1 ? "cgroup open tasks" : "cgroup open cgroup.procs", errno);
      return -1;
    }
  }
  int v1 = S.cgroup[ROLE_MEMORY].version == 1;
  struct { int *fd; int role; const char *file; } files[] = {
    { &c->cpu_fd, ROLE_CPU, S.cgroup[ROLE_CPU].version == 1 ? "cpuacct.usage" : "cpu.stat" },
    { &c->peak_fd, ROLE_MEMORY, v1 ? "memory.max_usage_in_bytes" : "memory.peak" },
    { &c->oom_fd, ROLE_MEMORY, v1 ? "memory.oom_control" : "memory.events" },
  };
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[PATH_LEN + 64], stage[96];
    snprintf(path, sizeof path, "%s/%s", c->dir[files[i].role], files[i].file);
    // A peak that can be reset (written through this descriptor) lets the cgroup serve later runs.
    if (files[i].fd == &c->peak_fd && (c->peak_fd = open(path, O_RDWR | O_CLOEXEC)) >= 0) {
      c->resettable = 1;
      continue;
    }
    *files[i].fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*files[i].fd < 0) {
      snprintf(stage, sizeof stage, "cgroup open %s", files[i].file);
      set_error(error, stage, errno);
      return -1;
    }
  }
  return 0;
}

static int cg_write(const struct cgrun *c, int r, const char *file, const char *value, int optional, char *error) {
  char path[PATH_LEN + 64];
  snprintf(path, sizeof path, "%s/%s", c->dir[r], file);
  if (write_file(path, value) == 0 || (optional && errno == ENOENT)) return 0;
  char stage[96];
  snprintf(stage, sizeof stage, "cgroup %s", file);
  set_error(error, stage, errno);
  return -1;
}

/* The run's limits: memory (swap included, so it cannot swap out past it) and processes. */
static int cg_set_limits(struct cgrun *c, const struct request *q, char *error) {
  if (!c->active || (c->limits_set && c->mem_kb == q->mem_kb && c->nproc == q->nproc)) return 0;
  c->limits_set = 0;
  char value[32];
  snprintf(value, sizeof value, "%llu", q->mem_kb * 1024);
  int v1 = S.cgroup[ROLE_MEMORY].version == 1;
  const char *limit = v1 ? "memory.limit_in_bytes" : "memory.max";
  const char *swap = v1 ? "memory.memsw.limit_in_bytes" : "memory.swap.max";
  // v1 refuses (EINVAL) a memory limit above memory+swap's: raising both, memory+swap goes first.
  if (cg_write(c, ROLE_MEMORY, limit, value, 0, error) != 0) {
    if (!v1 || errno != EINVAL || cg_write(c, ROLE_MEMORY, swap, value, 1, error) != 0) return -1;
    error[0] = 0;
    if (cg_write(c, ROLE_MEMORY, limit, value, 0, error) != 0) return -1;
  }
  if (cg_write(c, ROLE_MEMORY, swap, v1 ? value : "0", 1, error) != 0) return -1;
  // With namespaces the proxy waits in the cgroup too (see proxy_main): one more process, its own.
  if (q->nproc >= 0) snprintf(value, sizeof value, "%lld", q->nproc + (S.namespaces ? 1 : 0));
  else strcpy(value, "max");
  if (cg_write(c, ROLE_PIDS, "pids.max", value, 0, error) != 0) return -1;
  c->limits_set = 1;
  c->mem_kb = q->mem_kb;
  c->nproc = q->nproc;
  return 0;
}

/* CPU time of every process that ever ran in the cgroup, reaped or not, in ms; -1 when unreadable. */
static double cg_cpu_ms(const struct cgrun *c) {
  char buf[1024];
  ssize_t n = pread(c->cpu_fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return -1;
  buf[n] = 0;
  if (S.cgroup[ROLE_CPU].version == 1) {
    unsigned long long ns;
    char *end = strchr(buf, '\n');
    if (end) *end = 0;
    return parse_uint(buf, ULLONG_MAX / 2, &ns) == 0 ? ns / 1e6 : -1;
  }
  long long usec = keyed_value(buf, "usage_usec");
  return usec < 0 ? -1 : usec / 1e3;
}

/* The run's CPU time: the cgroup's, less what the proxy had used when it forked the program. */
static double cg_run_cpu_ms(const struct cgrun *c) {
  double total = cg_cpu_ms(c);
  return total < 0 ? total : total - c->cpu_base;
}

static int cg_read(const struct cgrun *c, int r, const char *file, char *buf, size_t size) {
  char path[PATH_LEN + 64];
  snprintf(path, sizeof path, "%s/%s", c->dir[r], file);
  return read_file(path, buf, size) < 0 ? -1 : 0;
}

/* Peak memory (resident, page cache and shm of every process) in KiB, and the number of OOM kills. */
static int cg_memory(const struct cgrun *c, long *peak_kb, long long *oom_kills, char *error) {
  char buf[4096];
  unsigned long long bytes;
  ssize_t n = pread(c->peak_fd, buf, sizeof buf - 1, 0);
  if (n < 0) return set_error(error, "cgroup read memory peak", errno), -1;
  buf[n] = 0;
  buf[strcspn(buf, "\n")] = 0;
  if (parse_uint(buf, ULLONG_MAX / 2, &bytes) != 0) return set_error(error, "cgroup parse memory peak", EINVAL), -1;
  *peak_kb = (long)(bytes / 1024);
  n = pread(c->oom_fd, buf, sizeof buf - 1, 0);
  if (n < 0) return set_error(error, "cgroup read oom count", errno), -1;
  buf[n] = 0;
  *oom_kills = keyed_value(buf, "oom_kill");
  if (*oom_kills < 0) return set_error(error, "cgroup parse oom count", EINVAL), -1;
  *oom_kills -= c->oom_base;
  return 0;
}

/* Pids in the cgroup (any of its dirs holds them all); returns how many, -1 on error. */
static int cg_pids(const struct cgrun *c, pid_t *pids, int max) {
  char buf[65536];
  if (cg_read(c, ROLE_PIDS, "cgroup.procs", buf, sizeof buf) != 0) return -1;
  int n = 0;
  for (char *line = strtok(buf, "\n"); line && n < max; line = strtok(NULL, "\n")) {
    unsigned long long pid;
    if (parse_uint(line, INT_MAX, &pid) == 0 && pid > 0) pids[n++] = (pid_t)pid;
  }
  return n;
}

/* Kills every process of the cgroup: cgroup.kill (v2), or frozen then killed (v1 freezer), or killed until none is left. */
static void cg_kill_all(const struct cgrun *c) {
  if (!c->active) return;
  pid_t pids[4096];
  if (S.cgroup[ROLE_KILL].version == 2) {
    char path[PATH_LEN + 32];
    snprintf(path, sizeof path, "%s/cgroup.kill", c->dir[ROLE_KILL]);
    if (write_file(path, "1") == 0) goto wait_empty;
  }
  int frozen = S.cgroup[ROLE_FREEZER].version == 1 && cg_write(c, ROLE_FREEZER, "freezer.state", "FROZEN", 0, (char[ERROR_LEN]){ 0 }) == 0;
  for (int pass = 0; pass < 1000; pass++) {
    int n = cg_pids(c, pids, 4096);
    if (n <= 0) break;
    for (int i = 0; i < n; i++) kill(pids[i], SIGKILL);
    if (frozen) break; // a frozen cgroup cannot fork: one pass reaches everyone
  }
  if (frozen) cg_write(c, ROLE_FREEZER, "freezer.state", "THAWED", 0, (char[ERROR_LEN]){ 0 });
wait_empty:
  // Killed processes leave the cgroup as they finish exiting; the totals are final once it is empty.
  for (double until = now_ms() + 2000; now_ms() < until && cg_pids(c, pids, 1) > 0;) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
    sleep_ms(0.5);
  }
}

/* Removes the run's cgroup; a dying process may hold it a moment. */
static void cg_remove(struct cgrun *c) {
  cg_close(c);
  if (!c->active) return;
  for (int r = ROLES - 1; r >= 0; r--) {
    if (!c->dir[r][0] || same_dir_before(r)) continue;
    for (double until = now_ms() + 2000; rmdir(c->dir[r]) != 0 && errno == EBUSY && now_ms() < until;) sleep_ms(1);
  }
  c->active = 0;
}

/* ---------- a finished run's cgroup serves the next ---------- */

/* Making and removing a run's cgroup (a dir in each hierarchy, its files opened, its limits written) is
 * most of what cgroups cost a run. A finished run's cgroup serves the next run instead, once no process
 * is left in it and its peak is reset to what stays charged to it (CPU time and OOM kills are counted
 * from the run's start). What stays charged (page cache that a run read first, the kernel's per-CPU
 * reserve) counts in the next run's peak and against its limit: past this much, the cgroup goes and the
 * next run gets a new one. */
#define REUSE_MAX_KB 4096L
#define SPARES 2

static struct cgrun spares[SPARES];
static int spare_count;

static void reap_exited(void);

/* Readies a finished run's cgroup for another run; -1 when it cannot serve one. */
static int cg_reset(struct cgrun *c) {
  if (!c->resettable) return -1;
  pid_t pid;
  // The last run's proxy has answered, and is exiting: it leaves the cgroup in a moment.
  for (double until = now_ms() + 2000; cg_pids(c, &pid, 1) > 0 && now_ms() < until;) {
    reap_exited();
    sleep_ms(0.2);
  }
  if (cg_pids(c, &pid, 1) != 0 || pwrite(c->peak_fd, "0", 1, 0) != 1) return -1;
  // The peak is now what stays charged; the OOM kills so far are the next run's base. (The proxy's
  // run state, `joined` and the CPU base, lives in the proxy's copy: nothing of it to reset here.)
  long left_kb;
  long long oom_kills;
  c->oom_base = 0;
  if (cg_memory(c, &left_kb, &oom_kills, (char[ERROR_LEN]){ 0 }) != 0) return -1;
  c->oom_base = oom_kills;
  return left_kb > REUSE_MAX_KB ? -1 : 0;
}

/* A finished run's cgroup: kept for another run when it can serve one, removed otherwise. */
static void cg_recycle(struct cgrun *c) {
  if (!c->active) return;
  if (spare_count < SPARES && cg_reset(c) == 0) {
    spares[spare_count++] = *c;
    c->active = 0;
    return;
  }
  cg_remove(c);
}

/* A cgroup for the next run: a finished run's, or a new one. */
static int cg_take(struct cgrun *c, unsigned long *counter, char *error) {
  if (spare_count > 0) {
    *c = spares[--spare_count];
    return 0;
  }
  return cg_create(c, ++*counter, error);
}

static void cg_remove_spares(void) {
  while (spare_count > 0) cg_remove(&spares[--spare_count]);
}

/* ---------- the proxy: one run, in the run's namespaces ---------- */

enum limit_hit { LIMIT_NONE, LIMIT_CPU, LIMIT_WALL, LIMIT_ABORTED };
static const char *const LIMIT_NAMES[] = { NULL, "cpu", "wall", "aborted" };

/* What the proxy tells the keeper, in one write on a pipe. */
struct report {
  int status, exited, limit;
  double cpu_ms, wall_ms;
  long maxrss_kb;
  long long stdout_bytes, stderr_bytes;
  char error[ERROR_LEN];
};

static void print_json_string(const char *text) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    if (*p == '"' || *p == '\\') printf("\\%c", *p);
    else if (*p < 0x20 || *p >= 0x7f) printf("\\u%04x", *p);
    else putchar(*p);
  }
  putchar('"');
}

static void print_result(const struct report *r, double cpu_ms, long memory_kb, long long oom_kills, const char *error) {
  printf("{\"cpuMs\":%.3f,\"wallMs\":%.3f,\"memoryKb\":%ld,\"stdoutBytes\":%lld,\"stderrBytes\":%lld,", cpu_ms, r->wall_ms, memory_kb,
         r->stdout_bytes, r->stderr_bytes);
  if (r->exited && WIFEXITED(r->status)) printf("\"exitCode\":%d,\"signal\":null,", WEXITSTATUS(r->status));
  else if (r->exited && WIFSIGNALED(r->status)) printf("\"exitCode\":null,\"signal\":%d,", WTERMSIG(r->status));
  else printf("\"exitCode\":null,\"signal\":null,");
  const char *limit = LIMIT_NAMES[r->limit >= 0 && r->limit <= LIMIT_ABORTED ? r->limit : 0];
  printf("\"limit\":%s%s%s,\"oomKills\":%lld,\"accounting\":\"%s\",\"error\":", limit ? "\"" : "", limit ? limit : "null",
         limit ? "\"" : "", oom_kills, cgroups_on() ? "cgroup" : "rlimit");
  if (error && *error) print_json_string(error);
  else printf("null");
  printf("}\n");
  fflush(stdout);
}

static void print_error(const char *error) {
  struct report r;
  memset(&r, 0, sizeof r);
  r.stdout_bytes = r.stderr_bytes = -1;
  print_result(&r, 0, 0, 0, error);
}

/* The first bytes of stderr kept in DIR/stderr; the rest is read and dropped (never a limit, never the disk's). */
#define STDERR_KEPT (64 * 1024)

struct run_files {
  int in, out, err;
  int err_pipe[2];     /* the program's stderr: the proxy reads it, keeps the first STDERR_KEPT bytes in `err` */
  long long err_total; /* bytes the program wrote to stderr */
  char out_path[PATH_LEN + 16], err_path[PATH_LEN + 16], work[PATH_LEN + 16];
};

static void count_rusage(struct report *r, const struct rusage *ru) {
  r->cpu_ms += ru->ru_utime.tv_sec * 1e3 + ru->ru_utime.tv_usec / 1e3 + ru->ru_stime.tv_sec * 1e3 + ru->ru_stime.tv_usec / 1e3;
  if (ru->ru_maxrss > r->maxrss_kb) r->maxrss_kb = ru->ru_maxrss;
}

/* Removes what the last run left in a reused work dir (links are not followed). */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag;
  if (ftw->level > 0) remove(path);
  return 0;
}

static void on_alarm(int sig) { (void)sig; }

/* Opens one end of a FIFO, waiting for its other end (the interactor's side) at most `ms`. A timer interrupts
 * the open every 50 ms (EINTR, no SA_RESTART), so that a signal that came just before it blocked cannot make
 * the wait endless. Returns the descriptor, or -1 with errno (ETIMEDOUT past the deadline). */
static int open_fifo_end(const char *path, int flags, unsigned long long ms) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  if (sigaction(SIGALRM, &sa, NULL) != 0) return -1;
  struct itimerval tick = { { 0, 50000 }, { 0, 50000 } }, off = { { 0, 0 }, { 0, 0 } };
  if (setitimer(ITIMER_REAL, &tick, NULL) != 0) return -1;
  double until = now_ms() + (double)ms;
  int fd;
  while ((fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC)) < 0 && errno == EINTR && now_ms() < until) {}
  int err = fd < 0 && errno == EINTR ? ETIMEDOUT : errno;
  setitimer(ITIMER_REAL, &off, NULL);
  errno = err;
  return fd;
}

/* The run's input and output files, opened here and passed as descriptors: a link is never followed. An
 * interactive run's stdin and stdout are FIFOs, opened in that order (the interactor's side opens them in the
 * same order: no deadlock); any other stdin must be a regular file (a FIFO there would block: O_NONBLOCK). */
static int open_run_files(const struct request *q, struct run_files *f, char *error) {
  f->in = f->out = f->err = -1;
  snprintf(f->out_path, sizeof f->out_path, "%s/stdout", q->run);
  snprintf(f->err_path, sizeof f->err_path, "%s/stderr", q->run);
  int fifos = q->out[0] != 0;
  f->in = fifos ? open_fifo_end(q->in, O_RDONLY, q->wall_ms)
                : open(q->in[0] ? q->in : "/dev/null", O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (f->in < 0) return set_error(error, "open stdin", errno), -1;
  struct stat st;
  if (fstat(f->in, &st) != 0) return set_error(error, "stat stdin", errno), -1;
  if (fifos && !S_ISFIFO(st.st_mode)) return set_error(error, "stdin FIFO", EINVAL), -1;
  if (!fifos && q->in[0] && !S_ISREG(st.st_mode)) return set_error(error, "stdin", S_ISDIR(st.st_mode) ? EISDIR : EINVAL), -1;
  if (!fifos && fcntl(f->in, F_SETFL, 0) != 0) return set_error(error, "fcntl stdin", errno), -1;
  if (fifos) {
    f->out = open_fifo_end(q->out, O_WRONLY, q->wall_ms);
    if (f->out < 0) return set_error(error, "open stdout FIFO", errno), -1;
    if (fstat(f->out, &st) != 0 || !S_ISFIFO(st.st_mode)) return set_error(error, "stdout FIFO", EINVAL), -1;
  } else {
    f->out = open(f->out_path, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  }
  if (f->out < 0) return set_error(error, "open stdout", errno), -1;
  f->err = open(f->err_path, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (f->err < 0) return set_error(error, "open stderr", errno), -1;
  if (pipe2(f->err_pipe, O_CLOEXEC) != 0) return set_error(error, "pipe stderr", errno), -1;
  if (fcntl(f->err_pipe[0], F_SETFL, O_NONBLOCK) != 0) return set_error(error, "fcntl stderr pipe", errno), -1;
  return 0;
}

/* The work dir: a fresh size-limited tmpfs on /dev/shm (with namespaces), else DIR/work emptied. */
static int make_work_dir(const struct request *q, struct run_files *f, char *error) {
  if (S.namespaces) {
    char options[128];
    snprintf(options, sizeof options, "size=%lluk,nr_inodes=65536,mode=1777", q->tmpfs_kb);
    if (mount("tmpfs", SHM, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) return set_error(error, "mount /dev/shm", errno), -1;
    strcpy(f->work, SHM_WORK);
  } else {
    snprintf(f->work, sizeof f->work, "%s/work", q->run);
    struct stat st;
    if (lstat(f->work, &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return set_error(error, "work dir", ENOTDIR), -1;
      nftw(f->work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
      if (rmdir(f->work) != 0 && errno != ENOENT) {
        // Could not empty it (a program made part of it unwritable): move it aside.
        char aside[PATH_LEN + 64];
        static unsigned stale;
        snprintf(aside, sizeof aside, "%s-stale-%u", f->work, ++stale);
        if (rename(f->work, aside) != 0) return set_error(error, "clear work dir", errno), -1;
      }
    }
  }
  if (mkdir(f->work, 0700) != 0) return set_error(error, "mkdir work dir", errno), -1;
  if (q->uid > 0 && chown(f->work, (uid_t)q->uid, (gid_t)q->uid) != 0) return set_error(error, "chown work dir", errno), -1;
  return 0;
}

static int set_limit(int resource, unsigned long long soft, unsigned long long hard, const char *name, char *error) {
  struct rlimit r = { (rlim_t)soft, (rlim_t)hard };
  if (setrlimit(resource, &r) == 0) return 0;
  char stage[48];
  snprintf(stage, sizeof stage, "setrlimit %s", name);
  set_error(error, stage, errno);
  return -1;
}

static int set_limits(const struct request *q, char *error) {
  unsigned long long cpu_s = (q->cpu_ms + 999) / 1000 + 1; // a backstop only: whole seconds
  if (set_limit(RLIMIT_CORE, 0, 0, "RLIMIT_CORE", error) || set_limit(RLIMIT_CPU, cpu_s, cpu_s + 1, "RLIMIT_CPU", error) ||
      set_limit(RLIMIT_STACK, q->stack_kb * 1024, q->stack_kb * 1024, "RLIMIT_STACK", error) ||
      set_limit(RLIMIT_FSIZE, q->fsize, q->fsize, "RLIMIT_FSIZE", error))
    return -1;
  if (q->as_kb >= 0 && set_limit(RLIMIT_AS, (unsigned long long)q->as_kb * 1024, (unsigned long long)q->as_kb * 1024, "RLIMIT_AS", error))
    return -1;
  // RLIMIT_NPROC counts a user's processes: only when the run's uid (or user namespace) is its own.
  int own_uid = q->uid > 0 || S.user_namespace || S.as_user;
  if (q->nproc >= 0 && own_uid && set_limit(RLIMIT_NPROC, (unsigned long long)q->nproc, (unsigned long long)q->nproc, "RLIMIT_NPROC", error))
    return -1;
  return 0;
}

static int write_proc_file(const char *path, const char *text, char *error) {
  if (write_file(path, text) == 0) return 0;
  set_error(error, path, errno);
  return -1;
}

/* The program's identity: a user namespace of its own (uid 1000 there), or a uid of its own (as root). */
static int drop_identity(const struct request *q, char *error) {
  if (S.user_namespace) {
    char map[64];
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER) != 0) return set_error(error, "unshare user namespace", errno), -1;
    // Its own /proc files are writable by it again (the proxy was not dumpable); exec makes it dumpable anyway.
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) return set_error(error, "prctl PR_SET_DUMPABLE", errno), -1;
    snprintf(map, sizeof map, "%d %u 1", PROGRAM_UID, uid);
    if (write_proc_file("/proc/self/uid_map", map, error) || write_proc_file("/proc/self/setgroups", "deny", error)) return -1;
    snprintf(map, sizeof map, "%d %u 1", PROGRAM_UID, gid);
    if (write_proc_file("/proc/self/gid_map", map, error)) return -1;
    if (setresgid(PROGRAM_UID, PROGRAM_UID, PROGRAM_UID) != 0) return set_error(error, "setresgid", errno), -1;
    if (setresuid(PROGRAM_UID, PROGRAM_UID, PROGRAM_UID) != 0) return set_error(error, "setresuid", errno), -1;
  } else if (q->uid > 0) {
    if (setgroups(0, NULL) != 0) return set_error(error, "setgroups", errno), -1;
    if (setresgid((gid_t)q->uid, (gid_t)q->uid, (gid_t)q->uid) != 0) return set_error(error, "setresgid", errno), -1;
    if (setresuid((uid_t)q->uid, (uid_t)q->uid, (uid_t)q->uid) != 0) return set_error(error, "setresuid", errno), -1;
  }
  return 0;
}

/* In the program's process: cgroup, session, files, limits, identity, descriptors, then exec. Never returns. */
static void start_program(const struct request *q, const struct cgrun *c, const struct run_files *f, pid_t proxy, int report) {
  char error[ERROR_LEN] = "";
  char stage[64];
  for (int r = 0; r < ROLES && !c->joined; r++) {
    if (c->procs[r] >= 0 && write(c->procs[r], "0", 1) != 1) {
      snprintf(stage, sizeof stage, "join cgroup %s", ROLE_NAMES[r]);
      set_error(error, stage, errno);
      goto fail;
    }
  }
  // The proxy may have made itself the OOM killer's last choice: the program must be a choice like any.
  if (c->oom_exempt && write_file("/proc/self/oom_score_adj", "0") != 0) { set_error(error, "oom_score_adj", errno); goto fail; }
  if (S.namespaces && unshare(CLONE_NEWCGROUP) != 0) { set_error(error, "unshare cgroup namespace", errno); goto fail; }
  // A session of its own: no controlling terminal to read or inject into, and a group to kill.
  if (setsid() < 0) { set_error(error, "setsid", errno); goto fail; }
  // Every other signal is at its default already (the keeper reset them all when it started).
  sigset_t none;
  sigemptyset(&none);
  if (signal(SIGPIPE, SIG_DFL) == SIG_ERR || sigprocmask(SIG_SETMASK, &none, NULL) != 0) {
    set_error(error, "signals", errno);
    goto fail;
  }
  if (dup2(f->in, 0) < 0 || dup2(f->out, 1) < 0 || dup2(f->err_pipe[1], 2) < 0) { set_error(error, "dup2", errno); goto fail; }
  if (chdir(f->work) != 0) { set_error(error, "chdir", errno); goto fail; }
  // The work dir is the program's home and temp dir: the only place it may write.
  if (setenv("HOME", f->work, 1) != 0 || setenv("TMPDIR", f->work, 1) != 0) { set_error(error, "setenv", errno); goto fail; }
  // In a user namespace of its own, RLIMIT_NPROC counts the run's own processes only: set it after.
  // Otherwise before the uid changes, while the limits can still be raised to what the run asks.
  if (S.user_namespace || S.as_user ? drop_identity(q, error) || set_limits(q, error) : set_limits(q, error) || drop_identity(q, error))
    goto fail;
  // A session keyring of its own: the judge's (systemd gives each service one) would carry keys from
  // run to run whatever the uid. ENOSYS: no keys at all; EPERM: a seccomp filter the program inherits too.
  if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS && errno != EPERM) {
    set_error(error, "keyctl join session keyring", errno);
    goto fail;
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) { set_error(error, "prctl PR_SET_NO_NEW_PRIVS", errno); goto fail; }
  // Set after the identity change (which clears it): should the proxy die, the program dies with it.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) { set_error(error, "prctl PR_SET_PDEATHSIG", errno); goto fail; }
  if (getppid() != proxy) _exit(127);
  // Nothing inherited: every descriptor above 2 closes at exec (the report pipe too, which tells the proxy it worked).
  if (cloexec_all_above_2() != 0) { set_error(error, "close_range", errno); goto fail; }
  if (S.program_fd >= 0) {
    syscall(SYS_execveat, S.program_fd, "", S.argv, environ, AT_EMPTY_PATH);
    // A script cannot run from a close-on-exec descriptor (its interpreter opens it by path): by path, then.
    if (errno == ENOENT) execv(S.argv[0], S.argv);
  } else {
    execvp(S.argv[0], S.argv);
  }
  set_error(error, "exec", errno);
fail:
  if (write(report, error, strlen(error)) < 0) {}
  _exit(127);
}

/* Kills every process of the run: its pid namespace, its uid, or its session. */
static void kill_run(const struct request *q, pid_t program) {
  kill(program, SIGKILL);
  if (S.namespaces) {
    // The proxy is the namespace's init: kill(-1) reaches every other process in it. A process with
    // SIGKILL pending cannot complete a fork, so a few passes catch a fork bomb.
    for (int i = 0; i < 3; i++)
      if (kill(-1, SIGKILL) != 0) break;
  } else if (q->uid > 0) {
    pid_t killer = fork();
    if (killer == 0) {
      if (setresgid((gid_t)q->uid, (gid_t)q->uid, (gid_t)q->uid) != 0 || setresuid((uid_t)q->uid, (uid_t)q->uid, (uid_t)q->uid) != 0) _exit(1);
      for (int i = 0; i < 3; i++)
        if (kill(-1, SIGKILL) != 0) break;
      _exit(0);
    }
    if (killer > 0) waitpid(killer, NULL, 0);
  } else {
    kill(-program, SIGKILL);
  }
}

/* Reaps whatever is left, counting it: everything in a namespace; bounded otherwise (a process that left the session survives a group kill). */
static void reap_rest(const struct request *q, struct report *r) {
  double until = now_ms() + (S.namespaces ? 10000 : q->uid > 0 ? 5000 : 300);
  struct rusage ru;
  while (now_ms() < until) {
    pid_t p = wait4(-1, NULL, WNOHANG | __WALL, &ru);
    if (p < 0) return; // ECHILD: nothing left
    if (p > 0) count_rusage(r, &ru);
    else sleep_ms(0.2);
  }
}

enum drained { DRAIN_AGAIN, DRAIN_END, DRAIN_MORE };

/* Reads what the program wrote to stderr, at most 1 MiB a call (the limits are checked between calls): the first
 * STDERR_KEPT bytes go to DIR/stderr, the rest is counted and dropped. DRAIN_END once every writer is gone. */
static enum drained drain_stderr(struct run_files *f) {
  char buf[65536];
  for (int i = 0; i < 16; i++) {
    ssize_t n = read(f->err_pipe[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return DRAIN_AGAIN;
    if (n == 0) return DRAIN_END;
    long long room = STDERR_KEPT - f->err_total;
    // A failed write (a full disk) keeps less of it; the run goes on.
    if (room > 0 && write_all(f->err, buf, (size_t)(n < room ? n : room)) != 0) f->err_total = STDERR_KEPT;
    f->err_total += n;
  }
  return DRAIN_MORE;
}

/* Waits for a child's exit, an abort (SIGTERM, or the end of the helper's stdin), or `ms`, reading stderr
 * as it comes (a program blocked on a full pipe must not stall). Returns 1 on abort. */
static int wait_for_news(int signals, int ms, struct run_files *f) {
  struct pollfd fds[3] = { { signals, POLLIN, 0 }, { 0, 0, 0 }, { f->err_pipe[0], POLLIN, 0 } };
  if (poll(fds, 3, ms) <= 0) return 0;
  if (fds[2].revents && drain_stderr(f) == DRAIN_END) {
    close(f->err_pipe[0]);
    f->err_pipe[0] = -1; // poll skips it from now on
  }
  struct signalfd_siginfo info;
  int aborted = (fds[1].revents & (POLLHUP | POLLERR)) != 0;
  while (read(signals, &info, sizeof info) == sizeof info)
    if (info.ssi_signo == SIGTERM) aborted = 1;
  return aborted;
}

/* A program running as the helper's own user, that can see its run dir, could replace its output file with
 * a link: the file it wrote is put back from the descriptor, so the judge reads what it wrote, nothing else.
 * Where the run dir is out of its sight (and of the proxy's), this finds nothing to do. */
static void restore_output(int fd, const char *path) {
  struct stat opened, named;
  if (fstat(fd, &opened) != 0) return;
  int named_ok = lstat(path, &named) == 0;
  if (named_ok && named.st_dev == opened.st_dev && named.st_ino == opened.st_ino) return;
  // Replaced: the entry goes. Gone, or out of sight (the usual case): the create below finds out.
  if (named_ok) unlink(path);
  int copy = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (copy < 0) return;
  char buf[65536];
  ssize_t n;
  for (off_t at = 0; (n = pread(fd, buf, sizeof buf, at)) > 0; at += n)
    if (write_all(copy, buf, (size_t)n) != 0) break;
  close(copy);
}

static void monitor(const struct request *q, const struct cgrun *c, pid_t pid, int signals, struct report *r, double started,
                    struct run_files *f) {
  clockid_t clock;
  int have_clock = clock_getcpuclockid(pid, &clock) == 0;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1) cores = 1;
  struct rusage ru;
  double ended = started;
  while (!r->exited) {
    pid_t p;
    while ((p = wait4(-1, &r->status, WNOHANG | __WALL, &ru)) > 0) {
      count_rusage(r, &ru);
      if (p == pid) {
        r->exited = 1;
        ended = now_ms();
        break;
      }
    }
    if (r->exited) break;
    double wall = now_ms() - started, cpu;
    if (c->active) {
      cpu = cg_run_cpu_ms(c);
    } else {
      struct timespec ts;
      cpu = r->cpu_ms + (have_clock && clock_gettime(clock, &ts) == 0 ? ts.tv_sec * 1e3 + ts.tv_nsec / 1e6 : 0);
    }
    if (!r->limit && cpu >= (double)q->cpu_ms) r->limit = LIMIT_CPU;
    if (!r->limit && wall >= (double)q->wall_ms) r->limit = LIMIT_WALL;
    if (!r->limit) {
      // Wake at the earlier limit; with cgroups every core may be burning the CPU time.
      double wait = 100, left = ((double)q->cpu_ms - cpu) / (c->active ? (double)cores : 1.0);
      if (left < wait) wait = left;
      if ((double)q->wall_ms - wall < wait) wait = (double)q->wall_ms - wall;
      if (wait < 1) wait = 1;
      if (wait_for_news(signals, (int)(wait + 0.999), f)) r->limit = LIMIT_ABORTED;
    }
    if (r->limit) {
      kill_run(q, pid);
      if (wait4(pid, &r->status, __WALL, &ru) == pid) {
        count_rusage(r, &ru);
        r->exited = 1;
        ended = now_ms();
      }
      break;
    }
  }
  r->wall_ms = ended - started;
}

/* What a proxy tells the keeper when it is done: how, and the limits it set (the next run's, most likely). */
enum outcome { DONE_RUN, DONE_EOF, DONE_ABORTED };
struct done {
  int outcome, limits_known;
  unsigned long long mem_kb;
  long long nproc;
};

/* Reads one request line from stdin, where the judge writes one line and waits for its answer.
 * Returns its length, 0 at the end of stdin, -1 on an error or a line too long. */
static ssize_t read_request_line(char *line, size_t size) {
  size_t len = 0;
  while (len == 0 || line[len - 1] != '\n') {
    if (len + 1 >= size) return -1;
    ssize_t n = read(0, line + len, size - len - 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? -1 : (ssize_t)len == 0 ? 0 : -1;
    len += (size_t)n;
  }
  line[len] = 0;
  return (ssize_t)len;
}

#define LINE_LEN (3 * PATH_LEN + 1024)

/* Runs the request: its run dir and files, its tmpfs, the program, the measurement. Fills `r`. */
static void run_request(struct cgrun *c, const struct request *q, int signals, struct report *r) {
  struct stat st;
  if (mkdir(q->run, 0755) != 0 && errno != EEXIST) return set_error(r->error, "mkdir run dir", errno);
  if (lstat(q->run, &st) != 0) return set_error(r->error, "stat run dir", errno);
  if (!S_ISDIR(st.st_mode)) return set_error(r->error, "run dir", S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR);
  if (cg_set_limits(c, q, r->error) != 0) return;
  struct run_files f = { .in = -1, .out = -1, .err = -1, .err_pipe = { -1, -1 } };
  if (open_run_files(q, &f, r->error) != 0 || make_work_dir(q, &f, r->error) != 0) return;
  for (int i = 0; i < S.hidden_count; i++)
    if (umount2(S.hidden[i], MNT_DETACH) != 0) return set_error(r->error, "unmount a hidden path", errno);
  for (int i = 0; i < S.read_only_count; i++)
    if (mount(NULL, S.read_only[i], NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) != 0)
      return set_error(r->error, "remount read-only", errno);
  int exec_report[2];
  if (pipe2(exec_report, O_CLOEXEC) != 0) return set_error(r->error, "pipe", errno);
  pid_t self = getpid();
  if (c->active && (c->cpu_base = cg_cpu_ms(c)) < 0) return set_error(r->error, "cgroup read cpu usage", errno);
  double started = now_ms();
  pid_t pid = fork();
  if (pid < 0) return set_error(r->error, "fork", errno);
  if (pid == 0) {
    close(exec_report[0]);
    start_program(q, c, &f, self, exec_report[1]);
  }
  close(exec_report[1]);
  close(f.err_pipe[1]); // the program holds the only write end: the pipe ends with the run's last process
  if (q->out[0]) {
    // The FIFOs are the program's alone: the interactor sees the end of its output (and EPIPE) when it ends.
    close(f.in), f.in = -1;
    close(f.out), f.out = -1;
  }
  ssize_t got = read(exec_report[0], r->error, sizeof r->error - 1);
  close(exec_report[0]);
  r->error[got > 0 ? got : 0] = 0;
  monitor(q, c, pid, signals, r, started, &f);
  // Descendants left behind (orphans come back to the proxy): kill, reap and count them.
  siginfo_t info;
  if (!(waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0 && errno == ECHILD)) {
    kill_run(q, pid);
    reap_rest(q, r);
  }
  // Where the program could reach its run dir (no namespaces, or a run dir outside /dev/shm), undo a swap.
  if (!q->out[0]) restore_output(f.out, f.out_path);
  // What is left in the pipe; a survivor outside the namespace may still hold it: no wait for its end then.
  for (int i = 0; f.err_pipe[0] >= 0 && i < 64 && drain_stderr(&f) == DRAIN_MORE; i++) {}
  restore_output(f.err, f.err_path);
  r->stdout_bytes = q->out[0] ? 0 : fstat(f.out, &st) == 0 ? (long long)st.st_size : -1;
  r->stderr_bytes = f.err_total;
}

/*
 * The proxy's life: set up the run's namespaces, wait for its turn, read the request from stdin itself,
 * run the program once, answer on stdout itself, tell the keeper, exit. The judge talks to the proxy
 * directly: no hop through the keeper between a request and its answer.
 */
static void proxy_main(struct cgrun *c, int go, int done_fd, int signals_inherited) {
  close(signals_inherited);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) _exit(1);
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) _exit(1);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) _exit(1);
  int signals = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  char early[ERROR_LEN] = "";
  if (signals < 0) set_error(early, "signalfd", errno);
  if (S.as_user && !early[0]) {
    // A user namespace of the proxy's own, the helper's uid mapped to itself: the privileges to set up
    // the run's namespaces. Its own /proc files are the user's again while it writes the maps.
    char map[64];
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) set_error(early, "prctl PR_SET_DUMPABLE", errno);
    snprintf(map, sizeof map, "%u %u 1", S.uid, S.uid);
    if (write_proc_file("/proc/self/uid_map", map, early) == 0 && write_proc_file("/proc/self/setgroups", "deny", early) == 0) {
      snprintf(map, sizeof map, "%u %u 1", S.gid, S.gid);
      write_proc_file("/proc/self/gid_map", map, early);
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 && !early[0]) set_error(early, "prctl PR_SET_DUMPABLE", errno);
  }
  if (S.namespaces && !early[0]) {
    // Mounts made for this run must never reach the helper's (or the host's) mount namespace.
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) set_error(early, "mount private", errno);
    else if (S.mount_proc && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) set_error(early, "mount /proc", errno);
  } else if (!early[0] && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    set_error(early, "prctl PR_SET_CHILD_SUBREAPER", errno);
  }
  // With namespaces (the kill is the pid namespace's, not the cgroup's), the proxy joins the run's cgroup
  // now, while the run before goes: a process joining a cgroup may wait for an RCU grace period (up to
  // milliseconds when none joined lately), and the program then starts in it by fork alone. Its own CPU
  // time until the fork is subtracted; it is one more process in pids.max; as root it makes itself the
  // OOM killer's last choice (the program resets that).
  if (S.namespaces && c->active && !early[0]) {
    for (int role = 0; role < ROLES && !early[0]; role++)
      if (c->procs[role] >= 0 && write(c->procs[role], "0", 1) != 1) set_error(early, "join cgroup", errno);
    if (!early[0] && S.uid == 0 && !S.user_namespace && !S.as_user)
      c->oom_exempt = write_file("/proc/self/oom_score_adj", "-1000") == 0;
    c->joined = !early[0];
  }
  // Its turn: the run before it is over. Only one proxy reads stdin at a time.
  char token;
  if (read(go, &token, 1) != 1) _exit(0); // the keeper dropped this run
  close(go);
  struct done d = { DONE_RUN, 0, 0, 0 };
  char line[LINE_LEN];
  ssize_t got = read_request_line(line, sizeof line);
  if (got == 0) d.outcome = DONE_EOF;
  struct request q;
  struct report r;
  memset(&r, 0, sizeof r);
  r.stdout_bytes = r.stderr_bytes = -1;
  if (got < 0) snprintf(r.error, ERROR_LEN, "request: too long or not ended by a newline");
  else if (got > 0 && parse_request(line, &q, r.error) == 0) {
    d.limits_known = 1, d.mem_kb = q.mem_kb, d.nproc = q.nproc;
    if (early[0]) strcpy(r.error, early);
    else run_request(c, &q, signals, &r);
    struct signalfd_siginfo info;
    while (read(signals, &info, sizeof info) == sizeof info)
      if (info.ssi_signo == SIGTERM) r.limit = LIMIT_ABORTED;
  }
  double cpu_ms = r.cpu_ms;
  long memory_kb = r.maxrss_kb;
  long long oom_kills = 0;
  if (r.limit == LIMIT_ABORTED) {
    d.outcome = DONE_ABORTED;
  } else if (d.outcome == DONE_RUN) {
    // The run's totals: with cgroups, every process's CPU time and the cgroup's peak and OOM kills. In a
    // pid namespace every process is reaped by now; without one, the cgroup is killed and emptied first.
    if (c->active && !r.error[0] && got > 0) {
      if (!S.namespaces) cg_kill_all(c);
      cpu_ms = cg_run_cpu_ms(c);
      if (cpu_ms < 0) set_error(r.error, "cgroup read cpu usage", errno);
      else cg_memory(c, &memory_kb, &oom_kills, r.error);
    }
    print_result(&r, cpu_ms, memory_kb, oom_kills, r.error);
  }
  if (write_all(done_fd, &d, sizeof d) != 0) _exit(1);
  _exit(0);
}

/* ---------- the keeper ---------- */

struct slot {
  pid_t proxy;
  int go, done; /* write end of the proxy's turn pipe, read end of its done pipe */
  struct cgrun cg;
  char error[ERROR_LEN];
};

static unsigned long run_counter;
static int keeper_signals = -1;

/* Prepares the next run ahead of its request: its cgroup and its proxy, waiting in new namespaces. */
static void prepare(struct slot *s) {
  memset(s, 0, sizeof *s);
  s->proxy = -1;
  s->go = s->done = -1;
  if (cg_take(&s->cg, &run_counter, s->error) != 0) return;
  int go[2], done[2];
  if (pipe2(go, O_CLOEXEC) != 0 || pipe2(done, O_CLOEXEC) != 0) {
    set_error(s->error, "pipe", errno);
    return;
  }
  unsigned long flags = S.namespaces ? CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNS : 0;
  if (S.as_user) flags |= CLONE_NEWUSER;
  pid_t pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0) {
    set_error(s->error, S.namespaces ? "clone with new namespaces" : "fork", errno);
    close(go[0]), close(go[1]), close(done[0]), close(done[1]);
    return;
  }
  if (pid == 0) {
    close(go[1]);
    close(done[0]);
    proxy_main(&s->cg, go[0], done[1], keeper_signals);
  }
  close(go[0]);
  close(done[1]);
  s->proxy = pid;
  s->go = go[1];
  s->done = done[0];
}

static void discard(struct slot *s) {
  if (s->go >= 0) close(s->go), s->go = -1; // the proxy reads EOF and exits
  if (s->done >= 0) close(s->done), s->done = -1;
  if (s->proxy > 0) {
    kill(s->proxy, SIGKILL);
    waitpid(s->proxy, NULL, __WALL);
    s->proxy = -1;
  }
  cg_kill_all(&s->cg);
  cg_remove(&s->cg);
}

/* Work between runs: readying (or removing) the last run's cgroup, preparing the next run. Done while a
 * run goes, and what is left once it is answered, so that none of it is between a request and its answer. */
struct chores {
  int recycle, prepare;
};

static struct slot slots[2];
static int current;
static struct cgrun finished; /* the last run's cgroup */
static struct request last_limits; /* of the last run, written ahead into the next run's cgroup */
static int last_limits_known;

/* Does one chore; returns 0 when none was left. */
static int do_chore(struct chores *c) {
  if (c->recycle) {
    c->recycle = 0;
    cg_recycle(&finished);
    return 1;
  }
  if (c->prepare) {
    c->prepare = 0;
    prepare(&slots[current]);
    // The next run most likely has the same limits (a judge's tests do): written now, not then.
    if (last_limits_known && !slots[current].error[0])
      cg_set_limits(&slots[current].cg, &last_limits, (char[ERROR_LEN]){ 0 });
    return 1;
  }
  return 0;
}

/* Waits until the proxy is done, doing chores meanwhile; forwards SIGTERM. Returns 0 when it said how. */
static int await_done(struct slot *s, struct done *d, struct chores *chores) {
  int terminated = 0;
  for (;;) {
    struct pollfd fds[2] = { { s->done, POLLIN, 0 }, { keeper_signals, POLLIN, 0 } };
    int busy = chores->recycle || chores->prepare;
    int n = poll(fds, 2, busy ? 0 : -1);
    if (n < 0 && errno != EINTR) return -1;
    if (n == 0 && busy) {
      do_chore(chores);
      continue;
    }
    if (fds[0].revents) return read_all(s->done, d, sizeof *d) == 0 ? 0 : -1;
    if (fds[1].revents) {
      struct signalfd_siginfo info;
      while (read(keeper_signals, &info, sizeof info) == sizeof info)
        if (info.ssi_signo == SIGTERM && !terminated++) kill(s->proxy, SIGTERM);
    }
  }
}

/* Reaps exited children (finished proxies, orphans the keeper inherited as a subreaper) without waiting. */
static void reap_exited(void) {
  while (waitpid(-1, NULL, WNOHANG | __WALL) > 0) {}
}

/* One turn: the prepared proxy takes the next request from stdin and answers it; meanwhile the keeper
 * prepares the one after. Returns 0 to go on, 1 at the end of stdin. */
static int serve_turn(void) {
  struct slot *s = &slots[current];
  if (s->error[0] || write(s->go, "g", 1) != 1) {
    // No proxy to take the request: it is answered here, with why.
    char line[LINE_LEN], error[ERROR_LEN];
    strcpy(error, s->error[0] ? s->error : "the run's proxy died");
    ssize_t got = read_request_line(line, sizeof line);
    if (got == 0) return 1;
    print_error(error);
    discard(s);
    prepare(s);
    return 0;
  }
  close(s->go);
  s->go = -1;
  current ^= 1;
  struct chores chores = { finished.active, 1 };
  struct done d;
  int said = await_done(s, &d, &chores);
  while (do_chore(&chores)) {}
  close(s->done);
  s->done = -1;
  s->proxy = -1;
  reap_exited();
  if (said != 0) {
    // The proxy died before it answered (it never does on its own): the request, if it took one, is lost.
    print_error("the run's proxy died");
    d.outcome = DONE_RUN, d.limits_known = 0;
  }
  if (d.limits_known) {
    last_limits.mem_kb = d.mem_kb, last_limits.nproc = d.nproc;
    last_limits_known = 1;
  }
  finished = s->cg;
  s->cg.active = 0;
  if (d.outcome == DONE_ABORTED) {
    cg_remove(&finished);
    cg_remove_spares();
    discard(&slots[current]);
    _exit(143);
  }
  return d.outcome == DONE_EOF;
}

static void serve(int argc, char **argv) {
  parse_session(argc, argv);
  close_all_above_2();
  S.program_fd = -1;
  if (strchr(S.argv[0], '/')) {
    S.program_fd = open(S.argv[0], O_PATH | O_CLOEXEC);
    if (S.program_fd < 0) die_usage("cannot open the program");
  }
  // The keeper may be in the same user and pid namespace as the program: nobody may trace it or read its memory.
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) die_usage("prctl PR_SET_DUMPABLE");
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) die_usage("prctl PR_SET_CHILD_SUBREAPER");
  // The keeper dies with its parent, so a killed judge leaves nothing running.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) die_usage("prctl PR_SET_PDEATHSIG");
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) die_usage("sigprocmask");
  keeper_signals = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (keeper_signals < 0) die_usage("signalfd");
  // An ignored signal stays ignored across exec: every run's program starts with the defaults.
  for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
  signal(SIGPIPE, SIG_IGN);
  cg_init(&finished);
  prepare(&slots[current]);
  while (serve_turn() == 0) {}
  discard(&slots[current]);
  cg_remove(&finished);
  cg_remove_spares();
}

/* `--launch PROGRAM OPTIONS... -- COMMAND...`: `PROGRAM --args 3 -- COMMAND...`, OPTIONS in a memory file
 * on fd 3, nothing else inherited. bwrap reads its options from the descriptor; only COMMAND stays on argv. */
static void launch(int argc, char **argv) {
  if (argc < 3) die_usage("--launch needs a program");
  int fd = (int)syscall(SYS_memfd_create, "saferun-args", 0);
  if (fd < 0) die_usage("memfd_create");
  int i = 3;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++)
    if (write_all(fd, argv[i], strlen(argv[i]) + 1) != 0) die_usage("write the arguments");
  if (i == argc) die_usage("--launch needs -- COMMAND");
  if (lseek(fd, 0, SEEK_SET) != 0) die_usage("lseek");
  if (fd != 3 && (dup2(fd, 3) != 3 || close(fd) != 0)) die_usage("dup2");
  if (syscall(SYS_close_range, 4U, ~0U, 0) != 0) {
    for (int other = 4; other < 65536; other++) close(other);
  }
  char **args = calloc((size_t)(argc - i) + 4, sizeof *args);
  if (!args) die_usage("out of memory");
  args[0] = argv[2];
  args[1] = "--args";
  args[2] = "3";
  for (int k = i; k < argc; k++) args[3 + k - i] = argv[k]; // "--" and COMMAND...
  execv(argv[2], args);
  die_usage("cannot exec the sandbox");
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "--launch") == 0) launch(argc, argv);
  if (argc >= 2 && strcmp(argv[1], "--serve") == 0) serve(argc, argv);
  else die_usage("usage: saferun-limit --serve [OPTIONS] -- PROGRAM ARGS... | --launch PROGRAM OPTIONS... -- COMMAND...");
  return 0;
}
