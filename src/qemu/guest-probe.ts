// The guest side of the real-Linux oracle: a small static aarch64 program (C source below,
// compiled on the host with aarch64-linux-gnu-gcc -static) that the initramfs' /init runs once
// per case. It finds the SEA-notified GHESv2 source in the HEST (ACPI 6.5 §18.3.2.8), writes a
// Generic Error Status Block into that source's block through /dev/mem (body first, Block
// Status last), makes a child process load from a physical address nothing decodes (QEMU turns
// the decode error into a synchronous external abort from EL0), and reports through /dev/kmsg
// what the child got (signal, si_code, si_addr), the block status and read-ack afterwards and
// /proc/meminfo HardwareCorrupted. Every report line starts "ARMRAS " so the host finds it in
// the console between the kernel's own lines. Facts: ../shared/reference/linux-under-qemu.md §3-§5.
//
// Commands (argv[1]):
//   hest                 report the GHESv2/SEA source (id, block length, register and block PAs)
//   case <n> <file>      inject the case file <file> as case <n>
// Case file lines: "patch <byte offset>" (replace the 8-byte PA there by a free RAM page, keeping
// the offset in the page), "check <pa>" (report /proc/kpageflags of that page), "hex <bytes>".

/** Physical address the child loads from: nothing decodes it on QEMU virt (§4). */
export const UNDECODED_PA = 0x0b000000n;
/** First pfn searched for free pages (upper half of 1 GiB of RAM at 0x40000000). */
export const FREE_PAGE_SEARCH_FROM = 0x60000n;

export const PROBE_C = String.raw`
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int kmsg = -1;
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  char buf[960];
  va_list ap;
  int n = snprintf(buf, sizeof buf, "ARMRAS ");
  va_start(ap, fmt);
  n += vsnprintf(buf + n, sizeof buf - n, fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof buf) n = sizeof buf - 1;
  if (kmsg < 0) kmsg = open("/dev/kmsg", O_WRONLY);
  if (kmsg < 0 || write(kmsg, buf, n) < 0) { fputs(buf, stdout); fputc('\n', stdout); }
}

struct source { unsigned id, blocklen; uint64_t reg, block, ack, preserve, wr; int found; };

static uint8_t hest[65536];

static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }

/* mmap the page(s) holding [pa, pa+len) through /dev/mem; returns a pointer to pa. */
static volatile uint8_t *map_pa(uint64_t pa, size_t len) {
  static int fd = -1;
  if (fd < 0) fd = open("/dev/mem", O_RDWR | O_SYNC);
  if (fd < 0) return NULL;
  uint64_t base = pa & ~(uint64_t)4095;
  size_t span = (size_t)((pa + len + 4095) & ~(uint64_t)4095) - (size_t)base;
  void *m = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)base);
  if (m == MAP_FAILED) return NULL;
  return (volatile uint8_t *)m + (pa - base);
}

static uint64_t rdphys64(uint64_t pa) { volatile uint8_t *p = map_pa(pa, 8); return p ? *(volatile uint64_t *)p : ~0ULL; }

/* ACPI 6.5 Table 18.3: size of each HEST entry type this walk may meet. */
static int entry_size(const uint8_t *e, size_t left) {
  switch (rd16(e)) {
    case 0: return 40 + 32 * e[36];
    case 1: return 48 + 32 * e[44];
    case 2: return 28;
    case 6: return 48;
    case 7: return 44;
    case 8: return 56;
    case 9: return 64;
    case 10: return 92;
    case 11: return 56 + 32 * e[52];
    case 12: return (int)(left >= 8 ? rd32(e + 4) : 0);
    default: return 0;
  }
}

static struct source find_source(void) {
  struct source s = {0};
  int fd = open("/sys/firmware/acpi/tables/HEST", O_RDONLY);
  if (fd < 0) { say("ERROR no HEST (/sys/firmware/acpi/tables/HEST: %s)", strerror(errno)); return s; }
  ssize_t n = read(fd, hest, sizeof hest);
  close(fd);
  if (n < 40) { say("ERROR HEST too short (%zd bytes)", n); return s; }
  uint32_t count = rd32(hest + 36);
  size_t at = 40;
  for (uint32_t i = 0; i < count && at + 4 <= (size_t)n; i++) {
    const uint8_t *e = hest + at;
    int size = entry_size(e, (size_t)n - at);
    if (size <= 0 || at + size > (size_t)n) break;
    if (rd16(e) == 10 && e[32] == 8 && !s.found) {
      s.found = 1;
      s.id = rd16(e + 2);
      s.reg = rd64(e + 24);
      s.blocklen = rd32(e + 60);
      s.ack = rd64(e + 68);
      s.preserve = rd64(e + 76);
      s.wr = rd64(e + 84);
    }
    at += size;
  }
  if (!s.found) { say("ERROR the HEST has no GHESv2 source notified by SEA"); return s; }
  s.block = rdphys64(s.reg);
  return s;
}

static void hex_line(const char *tag, const uint8_t *b, size_t len) {
  char out[900];
  for (size_t off = 0; off < len; off += 400) {
    size_t k = len - off < 400 ? len - off : 400, j = 0;
    for (size_t i = 0; i < k; i++) j += sprintf(out + j, "%02x", b[off + i]);
    say("%s %zu %s", tag, off, out);
  }
}

static long hw_corrupted(void) {
  FILE *f = fopen("/proc/meminfo", "r");
  char line[256];
  long kb = -1;
  if (!f) return -1;
  while (fgets(line, sizeof line, f)) if (sscanf(line, "HardwareCorrupted: %ld kB", &kb) == 1) break;
  fclose(f);
  return kb;
}

static int kpf = -1;
static uint64_t kpageflags(uint64_t pfn) {
  uint64_t v = ~0ULL;
  if (kpf < 0) kpf = open("/proc/kpageflags", O_RDONLY);
  if (kpf < 0 || pread(kpf, &v, 8, (off_t)(pfn * 8)) != 8) return ~0ULL;
  return v;
}

/*
 * A free page at or above *next, from the middle of a run of 64+ free pages (KPF_BUDDY, bit 10,
 * is set on every page of a free buddy block; KPF_HWPOISON is bit 19). A page deep inside a large
 * free block is unlikely to be handed out (say, to the child's fork) before memory_failure() runs,
 * as the edge of a small one can be. Falls back to the first free page found.
 */
static uint64_t free_page(uint64_t *next) {
  const uint64_t BUDDY = 1ULL << 10;
  uint64_t fallback = 0;
  for (uint64_t pfn = *next; pfn < *next + 0x40000; pfn++) {
    if (kpageflags(pfn) != BUDDY) continue;
    if (!fallback) fallback = pfn;
    uint64_t run = 1;
    while (run < 1024 && kpageflags(pfn + run) == BUDDY) run++;
    if (run >= 64) { *next = pfn + run; return pfn + run / 2; }
    pfn += run - 1;
  }
  if (fallback) *next = fallback + 1;
  return fallback;
}

static int pipefd[2];
static void on_bus(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  char b[96];
  int n = snprintf(b, sizeof b, "%d %d %lx", sig, si->si_code, (unsigned long)si->si_addr);
  if (write(pipefd[1], b, n) < 0) _exit(3);
  _exit(0);
}

static int hexval(int c) { return c <= '9' ? c - '0' : (c | 32) - 'a' + 10; }

static int run_case(int n, const char *file, struct source s) {
  static uint8_t blk[65536];
  size_t len = 0;
  uint64_t patches[32], checks[32];
  int np = 0, nc = 0;
  FILE *f = fopen(file, "r");
  if (!f) { say("RESULT %d {\"error\":\"cannot open %s\"}", n, file); return 1; }
  static char line[200000];
  while (fgets(line, sizeof line, f)) {
    unsigned long long v;
    if (sscanf(line, "patch %llu", &v) == 1 && np < 32) patches[np++] = v;
    else if (sscanf(line, "check %llx", &v) == 1 && nc < 32) checks[nc++] = v;
    else if (!strncmp(line, "hex ", 4)) {
      for (char *p = line + 4; p[0] && p[1] && p[0] != '\n' && len < sizeof blk; p += 2) blk[len++] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
    }
  }
  fclose(f);
  if (!s.found) { say("RESULT %d {\"error\":\"no GHESv2 SEA source\"}", n); return 1; }
  if (len > s.blocklen) { say("RESULT %d {\"error\":\"block of %zu bytes is longer than the source's error block length %u\"}", n, len, s.blocklen); return 1; }
  static uint64_t next = 0;
  if (!next) next = ${FREE_PAGE_SEARCH_FROM.toString()}ULL;
  for (int i = 0; i < np; i++) {
    uint64_t off = patches[i];
    if (off + 8 > len) continue;
    uint64_t old = rd64(blk + off), pfn = free_page(&next);
    uint64_t pa = (pfn << 12) | (old & 4095);
    memcpy(blk + off, &pa, 8);
    say("PATCH %d %llu 0x%llx", n, (unsigned long long)off, (unsigned long long)pa);
    if (nc < 32) checks[nc++] = pa;
  }
  for (int i = 0; i < nc; i++) say("PAGE %d 0x%llx 0x%llx", n, (unsigned long long)checks[i], (unsigned long long)kpageflags(checks[i] >> 12));
  volatile uint8_t *b = map_pa(s.block, s.blocklen);
  if (!b) { say("RESULT %d {\"error\":\"cannot map the error status block at 0x%llx: %s\"}", n, (unsigned long long)s.block, strerror(errno)); return 1; }
  long before = hw_corrupted();
  uint64_t ack0 = rdphys64(s.ack);
  say("CASE-BEGIN %d", n);
  /* Body first, Block Status last (ACPI 6.5 §18.3.2.7.1: non-zero Block Status = a record is here). */
  for (size_t i = 4; i < len; i++) b[i] = blk[i];
  for (size_t i = len; i < s.blocklen; i++) b[i] = 0; /* the kernel reads what the header sizes */
  __sync_synchronize();
  uint32_t status = len >= 4 ? rd32(blk) : 0;
  *(volatile uint32_t *)b = status;
  __sync_synchronize();
  if (pipe(pipefd) < 0) return 1;
  pid_t child = fork();
  if (child == 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, NULL);
    volatile uint8_t *u = map_pa(${UNDECODED_PA.toString()}ULL, 4);
    if (!u) { if (write(pipefd[1], "map", 3) < 0) _exit(3); _exit(2); }
    say("LOAD %d %d 0x%lx", n, (int)getpid(), (unsigned long)u);
    (void)*(volatile uint32_t *)u;
    if (write(pipefd[1], "none", 4) < 0) _exit(3);
    _exit(1);
  }
  close(pipefd[1]);
  char res[96] = {0};
  ssize_t got = 0, r;
  while ((r = read(pipefd[0], res + got, sizeof res - 1 - got)) > 0) got += r;
  close(pipefd[0]);
  int wst = 0;
  waitpid(child, &wst, 0);
  struct timespec ts = {0, 500000000};
  nanosleep(&ts, NULL);
  uint32_t after = *(volatile uint32_t *)b;
  uint64_t ack = rdphys64(s.ack);
  long hwc = hw_corrupted();
  int sig = 0, code = 0;
  unsigned long addr = 0;
  int have = sscanf(res, "%d %d %lx", &sig, &code, &addr) == 3;
  say("RESULT %d {\"pid\":%d,\"signal\":%d,\"siCode\":%d,\"siAddr\":\"0x%lx\",\"child\":\"%s\",\"exit\":%d,\"termsig\":%d,"
      "\"blockStatus\":\"0x%08x\",\"readAckBefore\":\"0x%llx\",\"readAck\":\"0x%llx\",\"hwCorruptedBefore\":%ld,\"hwCorrupted\":%ld}",
      n, (int)child, have ? sig : 0, have ? code : 0, have ? addr : 0UL, have ? "signal" : res,
      WIFEXITED(wst) ? WEXITSTATUS(wst) : -1, WIFSIGNALED(wst) ? WTERMSIG(wst) : 0,
      after, (unsigned long long)ack0, (unsigned long long)ack, before, hwc);
  say("CASE-END %d", n);
  return 0;
}

int main(int argc, char **argv) {
  struct source s = find_source();
  if (argc >= 2 && !strcmp(argv[1], "hest")) {
    if (!s.found) return 1;
    say("HEST {\"sourceId\":%u,\"errorBlockLength\":%u,\"statusAddressRegister\":\"0x%llx\",\"block\":\"0x%llx\",\"readAck\":\"0x%llx\",\"readAckPreserve\":\"0x%llx\",\"readAckWrite\":\"0x%llx\"}",
        s.id, s.blocklen, (unsigned long long)s.reg, (unsigned long long)s.block, (unsigned long long)s.ack, (unsigned long long)s.preserve, (unsigned long long)s.wr);
    uint32_t hlen = rd32(hest + 4);
    hex_line("HESTHEX", hest, hlen < sizeof hest ? hlen : sizeof hest);
    return 0;
  }
  if (argc >= 4 && !strcmp(argv[1], "case")) return run_case(atoi(argv[2]), argv[3], s);
  fprintf(stderr, "usage: ghes-inject hest | case <n> <file>\n");
  return 2;
}
`;
