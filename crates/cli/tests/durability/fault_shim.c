/* An LD_PRELOAD shim that makes the Nth call of one kind of write fail, for the I/O fault
 * harness (faults.rs). Built by the test with `cc -shared`; never part of Casebook itself.
 *
 *   CASEBOOK_FAULT_OP      write | pwrite | fsync | fdatasync | rename | link (unset: only count)
 *   CASEBOOK_FAULT_N       which call of that kind fails (1 = the first)
 *   CASEBOOK_FAULT_ERRNO   EIO (default) or ENOSPC; or KILL: instead of failing that call, the
 *                          process SIGKILLs itself just before making it (rekey_stages.rs)
 *   CASEBOOK_FAULT_REPORT  a file: "fired OP N" when the fault is injected, and the counts at exit
 *
 * write/writev and pwrite/pwrite64/pwritev count only calls on regular files (the vault, its
 * WAL, a pack), not the terminal or pipes. Calls Casebook makes with raw system calls (rustix's
 * linkat for O_TMPFILE files) do not pass through libc and are not seen here. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { OP_WRITE, OP_PWRITE, OP_FSYNC, OP_FDATASYNC, OP_RENAME, OP_LINK, OP_COUNT };
static const char *const NAMES[OP_COUNT] = {"write", "pwrite", "fsync", "fdatasync", "rename", "link"};
static int target_op = -1;
static long target_n;
static int fail_errno = EIO;
static int kill_instead;
static long counts[OP_COUNT];
static const char *report;

static void say(const char *line) {
    if (!report) return;
    int fd = (int)syscall(SYS_openat, AT_FDCWD, report, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0) return;
    syscall(SYS_write, fd, line, strlen(line));
    syscall(SYS_close, fd);
}

__attribute__((constructor)) static void shim_init(void) {
    const char *op = getenv("CASEBOOK_FAULT_OP");
    const char *n = getenv("CASEBOOK_FAULT_N");
    const char *e = getenv("CASEBOOK_FAULT_ERRNO");
    report = getenv("CASEBOOK_FAULT_REPORT");
    for (int i = 0; i < OP_COUNT; i++)
        if (op && strcmp(op, NAMES[i]) == 0) target_op = i;
    target_n = n ? atol(n) : 0;
    if (e && strcmp(e, "ENOSPC") == 0) fail_errno = ENOSPC;
    if (e && strcmp(e, "KILL") == 0) kill_instead = 1;
}

__attribute__((destructor)) static void shim_fini(void) {
    char buf[256];
    snprintf(buf, sizeof buf, "counts write=%ld pwrite=%ld fsync=%ld fdatasync=%ld rename=%ld link=%ld\n",
             counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
    say(buf);
}

/* Counts one call of `op`; nonzero when it is the one to fail. */
static int hit(int op) {
    long n = __atomic_add_fetch(&counts[op], 1, __ATOMIC_SEQ_CST);
    if (op != target_op || n != target_n) return 0;
    char buf[96];
    snprintf(buf, sizeof buf, "fired %s %ld\n", NAMES[op], n);
    say(buf);
    if (kill_instead) syscall(SYS_kill, (long)getpid(), SIGKILL);
    errno = fail_errno;
    return 1;
}

static int regular(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

#define REAL(name) \
    static __typeof__(name) *real; \
    if (!real) real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n) {
    REAL(write);
    if (regular(fd) && hit(OP_WRITE)) return -1;
    return real(fd, buf, n);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    REAL(writev);
    if (regular(fd) && hit(OP_WRITE)) return -1;
    return real(fd, iov, cnt);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    REAL(pwrite);
    if (regular(fd) && hit(OP_PWRITE)) return -1;
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
    REAL(pwrite64);
    if (regular(fd) && hit(OP_PWRITE)) return -1;
    return real(fd, buf, n, off);
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) {
    REAL(pwritev);
    if (regular(fd) && hit(OP_PWRITE)) return -1;
    return real(fd, iov, cnt, off);
}

int fsync(int fd) {
    REAL(fsync);
    if (hit(OP_FSYNC)) return -1;
    return real(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    if (hit(OP_FDATASYNC)) return -1;
    return real(fd);
}

int rename(const char *from, const char *to) {
    REAL(rename);
    if (hit(OP_RENAME)) return -1;
    return real(from, to);
}

int renameat(int fd1, const char *from, int fd2, const char *to) {
    REAL(renameat);
    if (hit(OP_RENAME)) return -1;
    return real(fd1, from, fd2, to);
}

int link(const char *from, const char *to) {
    REAL(link);
    if (hit(OP_LINK)) return -1;
    return real(from, to);
}

int linkat(int fd1, const char *from, int fd2, const char *to, int flags) {
    REAL(linkat);
    if (hit(OP_LINK)) return -1;
    return real(fd1, from, fd2, to, flags);
}
