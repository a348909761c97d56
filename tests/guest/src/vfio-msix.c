// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-msix - dynamic MSI-X through vfio-pci, driven as a VMM would, on
 * QEMU's ivshmem-doorbell device, which raises its own MSI-X vectors when
 * its doorbell is written with its own peer id.
 *
 * usage: vfio-msix [-p] info BDF
 *        vfio-msix [-p] grow BDF N
 *        vfio-msix [-p] growth BDF dyn|old KMAX
 *        vfio-msix [-p] bad BDF [ROUNDS]
 *
 * The device must be bound to vfio-pci. It is opened through the VFIO
 * group/container API (type 1 IOMMU); BAR0 and config space are accessed
 * with pread/pwrite on the device fd.
 *
 * -p: "grow" pauses twice so that a shell can inspect sysfs while the
 * vectors are enabled: it writes the step name ("both", then "removed")
 * to /tmp/vfio-msix.ready, prints "READY <step>" and waits (up to 120 s)
 * until /tmp/vfio-msix.go exists; it removes both files and goes on.
 *
 * Every line of output is "<subcommand> ..."; a failure prints a line
 * starting with "FAIL:" and the program exits 1 (2 for usage errors).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ivshmem-doorbell BAR0 registers */
#define IVSHMEM_IVPOSITION	8
#define IVSHMEM_DOORBELL	12

#define READY_FILE	"/tmp/vfio-msix.ready"
#define GO_FILE		"/tmp/vfio-msix.go"

struct dev {
	char bdf[64];
	int container, group, fd;
	uint64_t cfg_off, bar0_off, bar0_size;
	unsigned int msix_cap;		/* config offset of the MSI-X capability */
	unsigned int msix_count;	/* GET_IRQ_INFO count */
	unsigned int msix_flags;	/* GET_IRQ_INFO flags */
	uint32_t self;			/* own peer id (IVPosition) */
};

#include "vfio-lib.h"

/* ---- config space and BAR0 through the device fd ---- */

static void cfg_rw(struct dev *d, int write, unsigned int off, void *buf, size_t len)
{
	ssize_t r = write ? pwrite(d->fd, buf, len, d->cfg_off + off)
			  : pread(d->fd, buf, len, d->cfg_off + off);

	if (r != (ssize_t)len)
		die("config %s of %zu bytes at 0x%x: %s", write ? "write" : "read", len, off,
		    r < 0 ? strerror(errno) : "short");
}

static uint8_t cfg8(struct dev *d, unsigned int off)
{
	uint8_t v;

	cfg_rw(d, 0, off, &v, 1);
	return v;
}

static uint16_t cfg16(struct dev *d, unsigned int off)
{
	uint16_t v;

	cfg_rw(d, 0, off, &v, 2);
	return v;
}

static void cfg_write16(struct dev *d, unsigned int off, uint16_t v)
{
	cfg_rw(d, 1, off, &v, 2);
}

static uint32_t bar_read32(struct dev *d, unsigned int off)
{
	uint32_t v;

	if (pread(d->fd, &v, 4, d->bar0_off + off) != 4)
		die("BAR0 read at 0x%x: %s", off, strerror(errno));
	return v;
}

static int bar_write32(struct dev *d, unsigned int off, uint32_t v)
{
	return pwrite(d->fd, &v, 4, d->bar0_off + off) == 4 ? 0 : -errno;
}

static uint16_t msix_ctrl(struct dev *d)
{
	return cfg16(d, d->msix_cap + PCI_MSIX_FLAGS);
}

static int msix_enabled(uint16_t ctrl)
{
	return !!(ctrl & PCI_MSIX_FLAGS_ENABLE);
}

/* ---- VFIO ---- */

static void dev_open(struct dev *d, const char *bdf)
{
	struct vfio_irq_info ii;
	unsigned int pos, i;
	uint64_t cfg_size;
	char path[512];
	int v;

	memset(d, 0, sizeof(*d));
	snprintf(d->bdf, sizeof(d->bdf), "%s", bdf);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", bdf);
	vfio_open(d, path, bdf);
	d->cfg_off = vfio_region(d, VFIO_PCI_CONFIG_REGION_INDEX, &cfg_size);
	d->bar0_off = vfio_region(d, VFIO_PCI_BAR0_REGION_INDEX, &d->bar0_size);
	if (d->bar0_size < 16)
		die("BAR0 has %llu bytes, want the ivshmem registers", (unsigned long long)d->bar0_size);

	/* The MSI-X capability, from the capability list */
	if (!(cfg16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		die("no capability list");
	pos = cfg8(d, PCI_CAPABILITY_LIST) & ~3u;
	for (i = 0; pos >= 0x40 && i < 48; i++) {
		if (cfg8(d, pos + PCI_CAP_LIST_ID) == PCI_CAP_ID_MSIX) {
			d->msix_cap = pos;
			break;
		}
		pos = cfg8(d, pos + PCI_CAP_LIST_NEXT) & ~3u;
	}
	if (!d->msix_cap)
		die("no MSI-X capability in config space");

	if ((v = irq_info(d, MSIX, &ii)))
		die("VFIO_DEVICE_GET_IRQ_INFO(MSI-X): %s", strerror(-v));
	d->msix_count = ii.count;
	d->msix_flags = ii.flags;
	if (!d->msix_count || !(ii.flags & VFIO_IRQ_INFO_EVENTFD))
		die("MSI-X: count %u flags 0x%x, want eventfd vectors", ii.count, ii.flags);
	if (d->msix_count != (msix_ctrl(d) & PCI_MSIX_FLAGS_QSIZE) + 1u)
		die("MSI-X count %u, but the table size in config space is %u", d->msix_count,
		    (msix_ctrl(d) & PCI_MSIX_FLAGS_QSIZE) + 1u);

	/* Memory decoding for BAR0, bus mastering for the MSI-X writes */
	cfg_write16(d, PCI_COMMAND, cfg16(d, PCI_COMMAND) | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	d->self = bar_read32(d, IVSHMEM_IVPOSITION);
}

/*
 * set_irqs_raw: VFIO_DEVICE_SET_IRQS with a header as given and @len bytes
 * of @data. Returns 0 or -errno.
 */
/* ---- delivery ---- */

static int ring(struct dev *d, unsigned int vector)
{
	return bar_write32(d, IVSHMEM_DOORBELL, d->self << 16 | vector);
}

/* ring_await: ring @vector once; its eventfd must count exactly 1 within 1 s */
static void ring_await(struct dev *d, unsigned int vector, int efd, const char *what)
{
	uint64_t v;
	int r = ring(d, vector);

	if (r)
		die("%s: ring vector %u: %s", what, vector, strerror(-r));
	v = wait_event(efd, 1000);
	if (v != 1)
		die("%s: vector %u: eventfd counted %llu within 1 s, want 1", what, vector,
		    (unsigned long long)v);
}

/* ---- /proc/interrupts and sysfs ---- */

static int vec_irq(struct dev *d, unsigned int vector, unsigned long long *count)
{
	char name[128];

	snprintf(name, sizeof(name), "vfio-msix[%u](%s)", vector, d->bdf);
	return proc_irq(name, count);
}

/* triggers: how many /proc/interrupts actions are vfio-msix[*](BDF) */
static int triggers(struct dev *d)
{
	char suffix[80];

	snprintf(suffix, sizeof(suffix), "](%s)", d->bdf);
	return proc_actions("vfio-msix[", suffix);
}

/* msi_irqs: how many vectors the device's sysfs msi_irqs lists */
static int msi_irqs(struct dev *d)
{
	char path[256];
	struct dirent *de;
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/msi_irqs", d->bdf);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((de = readdir(dir)))
		if (de->d_name[0] >= '0' && de->d_name[0] <= '9')
			n++;
	closedir(dir);
	return n;
}

/* clean: MSI-X off, no vectors, no vfio-msix actions; else why not */
static const char *clean(struct dev *d)
{
	static char why[160];

	if (msix_enabled(msix_ctrl(d)))
		snprintf(why, sizeof(why), "MSI-X is enabled (control 0x%04x)", msix_ctrl(d));
	else if (msi_irqs(d))
		snprintf(why, sizeof(why), "msi_irqs lists %d vectors", msi_irqs(d));
	else if (triggers(d))
		snprintf(why, sizeof(why), "/proc/interrupts has %d vfio-msix actions", triggers(d));
	else
		return NULL;
	return why;
}

/* ---- pause for the shell ---- */

/* ---- info ---- */

static int cmd_info(struct dev *d)
{
	static const char *const names[] = { "intx", "msi", "msix" };
	struct vfio_irq_info ii;
	unsigned int i;

	for (i = VFIO_PCI_INTX_IRQ_INDEX; i <= VFIO_PCI_MSIX_IRQ_INDEX; i++) {
		int r = irq_info(d, i, &ii);

		if (r) {
			printf("%s error=%s\n", names[i], errname(-r));
			continue;
		}
		printf("%s count=%u noresize=%d eventfd=%d flags=0x%x\n", names[i], ii.count,
		       !!(ii.flags & VFIO_IRQ_INFO_NORESIZE), !!(ii.flags & VFIO_IRQ_INFO_EVENTFD),
		       ii.flags);
	}
	printf("msix cap=0x%x control=0x%04x peer=%u\n", d->msix_cap, msix_ctrl(d), d->self);
	return 0;
}

/* ---- grow ---- */

static void expect_enabled(struct dev *d, const char *when, uint16_t *ctrl)
{
	*ctrl = msix_ctrl(d);
	if (!msix_enabled(*ctrl) || (*ctrl & PCI_MSIX_FLAGS_MASKALL))
		die("%s: MSI-X control 0x%04x, want enabled and not function-masked", when, *ctrl);
}

static int cmd_grow(struct dev *d, int n)
{
	unsigned long long c0a, c0b, c5a, c5b;
	uint16_t ctrl0, ctrl1, ctrl2, ctrl3;
	int efd0 = new_eventfd(), efd5 = new_eventfd();
	int irq0, irq0b, irq5, irq5b, r, i;
	const char *why;
	uint64_t v;

	if (d->msix_count < 6)
		die("grow: MSI-X table of %u entries, need 6", d->msix_count);
	unlink(GO_FILE);
	unlink(READY_FILE);

	if ((r = set_one(d, 0, efd0)))
		die("grow: enable MSI-X with vector 0: %s", errname(-r));
	expect_enabled(d, "grow: vector 0 enabled", &ctrl0);
	for (i = 0; i < n; i++)
		ring_await(d, 0, efd0, "grow: vector 0 alone");
	irq0 = vec_irq(d, 0, &c0a);
	if (irq0 < 0)
		die("grow: no vfio-msix[0](%s) in /proc/interrupts", d->bdf);
	printf("grow: vector 0 irq=%d delivered %d/%d, /proc count=%llu, msix control=0x%04x\n",
	       irq0, n, n, c0a, ctrl0);

	if ((r = set_one(d, 5, efd5)))
		die("grow: add vector 5 while vector 0 is enabled: %s", errname(-r));
	expect_enabled(d, "grow: vector 5 added", &ctrl1);
	irq5 = vec_irq(d, 5, &c5a);
	if (irq5 < 0 || irq5 == irq0)
		die("grow: vector 5 has irq %d (vector 0: %d)", irq5, irq0);
	for (i = 0; i < n; i++) {
		ring_await(d, 0, efd0, "grow: vectors 0 and 5");
		ring_await(d, 5, efd5, "grow: vectors 0 and 5");
	}
	irq0b = vec_irq(d, 0, &c0b);
	irq5b = vec_irq(d, 5, &c5b);
	expect_enabled(d, "grow: after ringing vectors 0 and 5", &ctrl2);
	printf("grow: vector 5 irq=%d added, /proc count %llu -> %llu\n", irq5, c5a, c5b);
	printf("grow: vector 0 irq=%d -> %d, /proc count %llu -> %llu (want +%d)\n", irq0, irq0b,
	       c0a, c0b, n);
	printf("grow: msix control before=0x%04x added=0x%04x after=0x%04x\n", ctrl0, ctrl1, ctrl2);
	if (irq0b != irq0)
		die("grow: vector 0 moved from irq %d to %d", irq0, irq0b);
	if (c0b != c0a + n)
		die("grow: vector 0's /proc count went %llu -> %llu, want +%d", c0a, c0b, n);
	if (irq5b != irq5 || c5b != c5a + n)
		die("grow: vector 5 irq %d -> %d, count %llu -> %llu, want +%d", irq5, irq5b, c5a,
		    c5b, n);
	printf("grow: msi_irqs=%d triggers=%d\n", msi_irqs(d), triggers(d));
	pause_step("both");

	if ((r = set_one(d, 5, -1)))
		die("grow: remove vector 5's trigger (fd -1): %s", errname(-r));
	if (vec_irq(d, 5, NULL) >= 0)
		die("grow: vfio-msix[5] still in /proc/interrupts after its trigger was removed");
	if ((r = ring(d, 5)))
		die("grow: ring vector 5: %s", strerror(-r));
	v = wait_event(efd5, 200);
	if (v)
		die("grow: vector 5 without a trigger: its old eventfd counted %llu",
		    (unsigned long long)v);
	ring_await(d, 0, efd0, "grow: vector 0 after vector 5's trigger went");
	expect_enabled(d, "grow: vector 5's trigger removed", &ctrl3);
	if (vec_irq(d, 0, NULL) != irq0)
		die("grow: vector 0 moved from irq %d after vector 5's trigger was removed", irq0);
	printf("grow: vector 5 trigger removed: no event in 200 ms, vector 0 delivers, "
	       "msix control=0x%04x msi_irqs=%d triggers=%d\n", ctrl3, msi_irqs(d), triggers(d));
	pause_step("removed");

	if ((r = msix_disable(d)))
		die("grow: disable MSI-X: %s", errname(-r));
	if ((why = clean(d)))
		die("grow: after disabling: %s", why);
	printf("grow: disabled, msix control=0x%04x msi_irqs=0\n", msix_ctrl(d));
	printf("grow: ok\n");
	return 0;
}

/* ---- growth ---- */

struct ringer {
	int stop;
	long rung, done, delivered, lost, late, err;
};

/*
 * The ringer rings vector 0 and waits for its event: within 100 ms it is on
 * time; later, within another second, it is late; never, it is lost. It rings
 * again only after that, so that QEMU cannot coalesce two rings.
 */
static void ringer(struct dev *d, int efd, struct ringer *s)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	while (!__atomic_load_n(&s->stop, __ATOMIC_ACQUIRE)) {
		uint64_t v;
		int r = ring(d, 0);

		if (r) {
			__atomic_store_n(&s->err, -r, __ATOMIC_RELEASE);
			break;
		}
		__atomic_add_fetch(&s->rung, 1, __ATOMIC_RELEASE);
		v = wait_event(efd, 100);
		if (!v) {
			v = wait_event(efd, 1000);
			__atomic_add_fetch(v ? &s->late : &s->lost, 1, __ATOMIC_RELEASE);
		}
		__atomic_add_fetch(&s->delivered, (long)v, __ATOMIC_RELEASE);
		__atomic_add_fetch(&s->done, 1, __ATOMIC_RELEASE);
	}
	_exit(0);
}

/* wait_done: until the ringer completed @more ring cycles; 0 on timeout */
static int wait_done(struct ringer *s, long more, int ms)
{
	long target = __atomic_load_n(&s->done, __ATOMIC_ACQUIRE) + more;
	long long deadline = now_us() + ms * 1000LL;

	while (__atomic_load_n(&s->done, __ATOMIC_ACQUIRE) < target) {
		if (__atomic_load_n(&s->err, __ATOMIC_ACQUIRE) || now_us() > deadline)
			return 0;
		sleep_ms(1);
	}
	return 1;
}

static void stop_ringer(struct ringer *s, pid_t pid)
{
	int status;

	__atomic_store_n(&s->stop, 1, __ATOMIC_RELEASE);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		printf("growth: the ringer did not exit cleanly (status 0x%x)\n", status);
}

static int cmd_growth(struct dev *d, const char *mode, int kmax)
{
	int old = !strcmp(mode, "old"), k, r, fail = 0, *efds;
	struct ringer *s;
	const char *why;
	long long t0, us;
	pid_t pid;

	if (!old && strcmp(mode, "dyn"))
		die("growth: mode %s, want dyn or old", mode);
	if (kmax < 1)
		die("growth: KMAX %d, want at least 1", kmax);
	if (!old && (d->msix_flags & VFIO_IRQ_INFO_NORESIZE))
		die("growth dyn: vfio-pci reports NORESIZE for MSI-X: no dynamic MSI-X");
	if ((unsigned int)kmax > d->msix_count - 1) {
		printf("growth %s: KMAX %d clamped to %u (the MSI-X table has %u entries)\n", mode,
		       kmax, d->msix_count - 1, d->msix_count);
		kmax = d->msix_count - 1;
	}
	efds = calloc(kmax + 1, sizeof(*efds));
	if (!efds)
		die("out of memory");
	for (k = 0; k <= kmax; k++)
		efds[k] = new_eventfd();
	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		die("mmap: %s", strerror(errno));
	memset(s, 0, sizeof(*s));

	if ((r = set_one(d, 0, efds[0])))
		die("growth %s: enable MSI-X with vector 0: %s", mode, errname(-r));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		ringer(d, efds[0], s);
	if (!wait_done(s, 3, 10000)) {
		stop_ringer(s, pid);
		die("growth %s: vector 0 does not deliver before the growth (rung %ld, delivered "
		    "%ld, lost %ld, error %s)", mode, s->rung, s->delivered, s->lost,
		    errname((int)s->err));
	}

	for (k = 1; k <= kmax; k++) {
		int off = 0;

		t0 = now_us();
		if (!old) {
			r = set_one(d, k, efds[k]);
		} else {
			r = msix_disable(d);
			off = !r;
			if (!r)
				r = set_irqs(d, 0, k + 1, efds);
		}
		us = now_us() - t0;
		if (r) {
			printf("growth %s: adding vector %d failed: %s\n", mode, k, errname(-r));
			/* Stock user space would re-enable what it had */
			if (off && set_irqs(d, 0, k, efds))
				printf("growth %s: re-enabling vectors 0..%d failed too\n", mode, k - 1);
			if (r == -ENOSPC) {
				printf("growth %s: stopped at k=%d: out of CPU vectors\n", mode, k);
			} else {
				fail = 1;
			}
			break;
		}
		printf("growth %s k=%d us=%lld\n", mode, k, us);
		fflush(stdout);
		/* Let vector 0 ring at least once between additions */
		wait_done(s, 1, 3000);
	}
	wait_done(s, 3, 5000);
	stop_ringer(s, pid);
	printf("growth %s lost=%ld rung=%ld late=%ld delivered=%ld\n", mode, s->lost, s->rung,
	       s->late, s->delivered);
	if (s->err) {
		printf("growth %s: the ringer failed: %s\n", mode, errname((int)s->err));
		fail = 1;
	}
	printf("growth %s: msi_irqs=%d triggers=%d msix control=0x%04x\n", mode, msi_irqs(d),
	       triggers(d), msix_ctrl(d));
	if ((r = msix_disable(d)))
		die("growth %s: disable MSI-X: %s", mode, errname(-r));
	if ((why = clean(d)))
		die("growth %s: after disabling: %s", mode, why);
	if (fail)
		die("growth %s: see above", mode);
	return 0;
}

/* ---- bad ---- */


/* state: nothing left (@want_vectors 0) or only vector 0, live; "" or why not */
static const char *state(struct dev *d, int want_vectors, int efd0)
{
	static char why[200];
	const char *c;
	int n, t;

	if (!want_vectors) {
		c = clean(d);
		if (!c)
			return "";
		snprintf(why, sizeof(why), "(left behind: %s)", c);
		return why;
	}
	n = msi_irqs(d);
	t = triggers(d);
	if (!msix_enabled(msix_ctrl(d)) || n != want_vectors || t != 1 || vec_irq(d, 0, NULL) < 0) {
		snprintf(why, sizeof(why), "(state: control 0x%04x msi_irqs=%d triggers=%d, want "
			 "MSI-X on, %d vectors, the trigger of vector 0)", msix_ctrl(d), n, t,
			 want_vectors);
		return why;
	}
	if (ring(d, 0) || wait_event(efd0, 1000) != 1)
		return "(vector 0 does not deliver any more)";
	return "";
}

/* expect: @r must be -@want; the device in the state state() checks */
static void expect(struct dev *d, const char *name, int r, int want, int vectors, int efd0)
{
	const char *st = state(d, vectors, efd0);

	verdict(name, r, r == -want && !*st, st);
}

static int cmd_bad(struct dev *d, int rounds)
{
	const size_t hdr = sizeof(struct vfio_irq_set);
	int efd0 = new_eventfd(), efd3 = new_eventfd(), closed = new_eventfd();
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	unsigned int tbl = d->msix_count;
	int32_t fds[4];
	char note[512];
	const char *st;
	long long t0;
	int r, i;

	if (nul < 0)
		die("/dev/null: %s", strerror(errno));
	close(closed);		/* a number that is no open fd */
	if (tbl < 4)
		die("bad: MSI-X table of %u entries, need 4", tbl);
	if ((st = clean(d)))
		die("bad: the device is not clean at the start: %s", st);
	fds[0] = fds[1] = fds[2] = fds[3] = efd0;

	/* MSI-X disabled: each call fails and nothing stays */
	r = set_irqs(d, tbl - 3, 4, fds);
	expect(d, "start+count beyond the table", r, EINVAL, 0, efd0);
	r = set_irqs(d, tbl, 1, fds);
	expect(d, "start at the table size", r, EINVAL, 0, efd0);
	r = set_irqs(d, 0, 0, fds);
	st = state(d, 0, efd0);
	snprintf(note, sizeof(note), "(stock: pci_alloc_irq_vectors(1, 0) refuses)%s", st);
	verdict("count 0 eventfd while disabled", r, r < 0 && !*st, note);
	if (!r)
		msix_disable(d);
	r = set_irqs_raw(d, hdr + 4, VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_DATA_NONE |
			 VFIO_IRQ_SET_DATA_BOOL, MSIX, 0, 1, fds, 4);
	expect(d, "two data types (NONE|BOOL)", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, hdr + 4, VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_DATA_BOOL |
			 VFIO_IRQ_SET_DATA_EVENTFD, MSIX, 0, 1, fds, 4);
	expect(d, "two data types (BOOL|EVENTFD)", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, hdr + 4, VFIO_IRQ_SET_ACTION_TRIGGER, MSIX, 0, 1, fds, 4);
	expect(d, "no data type", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, hdr + 4, (1u << 6) | VFIO_IRQ_SET_DATA_EVENTFD, MSIX, 0, 1, fds, 4);
	expect(d, "unknown action (bit 6)", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, hdr + 4, VFIO_IRQ_SET_ACTION_MASK | VFIO_IRQ_SET_ACTION_TRIGGER |
			 VFIO_IRQ_SET_DATA_EVENTFD, MSIX, 0, 1, fds, 4);
	expect(d, "two actions (MASK|TRIGGER)", r, ENOTTY, 0, efd0);
	r = set_irqs_raw(d, hdr + 4, TRIGGER_FDS, VFIO_PCI_NUM_IRQS, 0, 1, fds, 4);
	expect(d, "index beyond the last", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, 8, TRIGGER_FDS, MSIX, 0, 1, fds, 4);
	expect(d, "argsz below the header", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, hdr, TRIGGER_FDS, MSIX, 0, 1, fds, 4);
	expect(d, "argsz without room for the fd", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, hdr + 4, TRIGGER_FDS, MSIX, 0, 1u << 30, fds, 4);
	expect(d, "count 1<<30", r, EINVAL, 0, efd0);
	r = set_irqs_raw(d, hdr + 4, TRIGGER_FDS, MSIX, 1, UINT32_MAX, fds, 4);
	expect(d, "count U32_MAX (start+count wraps)", r, EINVAL, 0, efd0);
	r = set_one(d, 0, closed);
	expect(d, "closed fd while disabled", r, EBADF, 0, efd0);
	r = set_one(d, 0, nul);
	expect(d, "not an eventfd (/dev/null) while disabled", r, EINVAL, 0, efd0);
	r = msix_disable(d);
	expect(d, "disable while disabled", r, EINVAL, 0, efd0);

	/* fd -2: 6.1 takes any negative fd as "no trigger" (vector allocated) */
	r = set_one(d, 0, -2);
	i = triggers(d);
	snprintf(note, sizeof(note), "(%s, triggers=%d)", !r ? "accepted as fd -1: MSI-X "
		 "enabled, vector 0 without a trigger" : "refused", i);
	verdict("fd -2 while disabled", r, (!r || r == -EINVAL) && !i, note);
	if (!r && (r = msix_disable(d)))
		verdict("disable after fd -2", r, 0, "");
	expect(d, "nothing left after fd -2", 0, 0, 0, efd0);

	/* argsz is a lower bound: only count * 4 bytes are copied */
	r = set_irqs_raw(d, 1u << 30, TRIGGER_FDS, MSIX, 0, 1, fds, 4);
	expect(d, "argsz 1<<30 with count 1 (accepted: 4 bytes copied)", r, 0, 1, efd0);
	if (!r && (r = msix_disable(d)))
		verdict("disable after argsz 1<<30", r, 0, "");
	expect(d, "nothing left after argsz 1<<30", 0, 0, 0, efd0);

	/* MSI-X enabled with vector 0: failed calls leave vector 0 alone and add none */
	if ((r = set_one(d, 0, efd0)))
		die("bad: enable MSI-X with vector 0: %s", errname(-r));
	expect(d, "vector 0 enabled", 0, 0, 1, efd0);
	r = set_one(d, 3, closed);
	expect(d, "closed fd for vector 3 while enabled", r, EBADF, 1, efd0);
	r = set_one(d, 3, nul);
	expect(d, "not an eventfd for vector 3 while enabled", r, EINVAL, 1, efd0);
	r = set_irqs(d, tbl - 1, 2, fds);
	expect(d, "start+count beyond the table while enabled", r, EINVAL, 1, efd0);
	r = set_irqs(d, 3, 0, fds);
	expect(d, "count 0 eventfd while enabled (no-op)", r, 0, 1, efd0);
	r = set_one(d, 3, -2);
	i = vec_irq(d, 3, NULL);
	st = state(d, 1, efd0);
	snprintf(note, sizeof(note), "(%s)%s", !r ? "accepted as fd -1: no vector added" :
		 "refused", i >= 0 ? "(vector 3 has a trigger)" : st);
	verdict("fd -2 for vector 3 while enabled", r, (!r || r == -EINVAL) && i < 0 && !*st, note);

	/* A block whose second fd is bad: the first one's trigger is rolled back */
	fds[0] = efd3;
	fds[1] = closed;
	r = set_irqs(d, 3, 2, fds);
	i = msi_irqs(d);
	snprintf(note, sizeof(note), "(vectors 3 and 4 without triggers; msi_irqs=%d: %s)", i,
		 i > 1 ? "vector 3 stays allocated after the rollback" : "none added");
	/* The failed call frees the vector it added for entry 3 */
	verdict("block of 2 with a closed second fd while enabled", r,
		r == -EBADF && vec_irq(d, 3, NULL) < 0 && vec_irq(d, 4, NULL) < 0 &&
		triggers(d) == 1 && i == 1, note);
	expect(d, "vector 0 still delivers after the failed block", 0, 0, 1, efd0);
	if ((r = msix_disable(d)))
		verdict("disable", r, 0, "");
	expect(d, "nothing left after disabling", 0, 0, 0, efd0);

	/* ROUNDS (1000) rounds of enable / add / disable */
	t0 = now_us();
	for (i = 0; i < rounds; i++) {
		if ((r = set_one(d, 0, efd0)) || (r = set_one(d, 3, efd3)) ||
		    (r = msix_disable(d)))
			break;
	}
	snprintf(note, sizeof(note), "(%d of %d rounds in %lld ms)", i, rounds, (now_us() - t0) / 1000);
	verdict("rounds of enable vector 0, add vector 3, disable", r, !r, note);
	if (r)
		msix_disable(d);
	expect(d, "nothing left after the rounds", 0, 0, 0, efd0);

	if (bad_fail)
		die("bad: unexpected results above");
	printf("bad: ok\n");
	return 0;
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-p] info BDF\n"
		"       %s [-p] grow BDF N\n"
		"       %s [-p] growth BDF dyn|old KMAX\n"
		"       %s [-p] bad BDF [ROUNDS]\n", prog, prog, prog, prog);
	exit(2);
}

static int number(const char *s, const char *prog)
{
	char *end;
	long v = strtol(s, &end, 0);

	if (*end || v < 0 || v > INT_MAX)
		usage(prog);
	return (int)v;
}

int main(int argc, char **argv)
{
	const char *prog = argv[0];
	struct dev d;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "-p")) {
		pause_steps = 1;
		argv++;
		argc--;
	}
	if (argc < 3)
		usage(prog);
	if (!strcmp(argv[1], "info") && argc == 3) {
		dev_open(&d, argv[2]);
		return cmd_info(&d);
	}
	if (!strcmp(argv[1], "grow") && argc == 4) {
		int n = number(argv[3], prog);

		dev_open(&d, argv[2]);
		return cmd_grow(&d, n);
	}
	if (!strcmp(argv[1], "growth") && argc == 5) {
		int kmax = number(argv[4], prog);

		dev_open(&d, argv[2]);
		return cmd_growth(&d, argv[3], kmax);
	}
	if (!strcmp(argv[1], "bad") && (argc == 3 || argc == 4)) {
		int rounds = argc == 4 ? number(argv[3], prog) : 1000;

		dev_open(&d, argv[2]);
		return cmd_bad(&d, rounds);
	}
	usage(prog);
}
