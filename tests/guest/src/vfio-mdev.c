// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-mdev - the mediated devices of samples/vfio-mdev/edu-ims-mdev.c,
 * driven from user space as a VMM would: 8 MSI-X vectors, vector 0
 * emulated, vectors 1-7 backed by IMS vectors of the parent edu device.
 *
 * usage: vfio-mdev run UUID [-p]
 *        vfio-mdev noims UUID
 *        vfio-mdev bad UUID [ROUNDS]
 *        vfio-mdev full UUID
 *
 * The mdev must exist (echo UUID > .../mdev_supported_types/ims-edu-ims8/
 * create). It is opened through the VFIO group/container API (type 1
 * IOMMU; the mdev's group is an emulated one); BAR0 and config space are
 * accessed with pread/pwrite on the device fd. BAR0 registers (aligned
 * 32-bit little endian): 0x00 RAISE (write k), 0x04 IMS_USED, 0x08 IMS,
 * 0x0c DROPPED.
 *
 * run:   the guest with IMS: triggers on vectors 0, 1 and 7, each fired
 *        twice; vector 7's trigger removed; vector 1's replaced; all
 *        removed; the same with one SET_IRQS for 0..7; closed with IMS
 *        vectors held. -p pauses at "set" (vectors 0, 1, 7 live) and at
 *        "removed" (vector 7's trigger gone): the step name goes to
 *        /tmp/vfio-mdev.ready, "READY <step>" is printed, and the program
 *        waits (up to 120 s) until /tmp/vfio-mdev.go exists; it removes
 *        both files and goes on.
 * noims: the guest without IMS: vector 0 works, an eventfd for vectors
 *        1-7 fails with EOPNOTSUPP and changes nothing.
 * bad:   bad SET_IRQS and BAR0 input: expected errno, nothing changed;
 *        ROUNDS (200) rounds of setting and removing vector 1's trigger.
 * full:  the caller left room for exactly one IMS vector on the edu
 *        device: a block 1..2 fails after vector 1 got its IMS vector and
 *        must give it back (vector 1 alone then gets it).
 *
 * Every line of output is "<subcommand> ..."; a failure prints a line
 * starting with "FAIL:" and the program exits 1 (2 for usage errors).
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/vfio.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define READY_FILE	"/tmp/vfio-mdev.ready"
#define GO_FILE		"/tmp/vfio-mdev.go"
#ifndef MDEV_DEVICES
#define MDEV_DEVICES	"/sys/bus/mdev/devices"
#endif
#ifndef PROC_INTERRUPTS
#endif

/* The mdev: PCI ID, vectors and BAR0 registers */
#define MDEV_PCI_ID	0x11e91234u
#define NVEC		8
#define CFG_SIZE	256
#define BAR0_SIZE	4096
#define REG_RAISE	0x00
#define REG_IMS_USED	0x04
#define REG_IMS		0x08
#define REG_DROPPED	0x0c


/* An IMS raise is two edu DMAs of about 100 ms each, then the interrupt. */
#define EVENT_MS	2000
/* How long an event that must not come is waited for */
#define QUIET_MS	500
/* An fd number that is not open */
#define CLOSED_FD	900

struct dev {
	char uuid[64];
	int container, group, fd;
	int id;				/* vendor/id: names edu-mdev<id>-v<k> */
	uint64_t cfg_off, bar0_off;
};

#include "vfio-lib.h"

/* ---- config space and BAR0 through the device fd ---- */

/* bar_rw: a BAR0 access of @len bytes at @off; 0 or -errno (-EIO: short) */
static int bar_rw(struct dev *d, int write, unsigned int off, void *buf, size_t len)
{
	ssize_t r = write ? pwrite(d->fd, buf, len, d->bar0_off + off)
			  : pread(d->fd, buf, len, d->bar0_off + off);

	if (r < 0)
		return -errno;
	return r == (ssize_t)len ? 0 : -EIO;
}

static uint32_t reg(struct dev *d, unsigned int off)
{
	uint32_t v;
	int r = bar_rw(d, 0, off, &v, sizeof(v));

	if (r)
		die("BAR0 read at 0x%x: %s", off, errname(-r));
	return le32toh(v);
}

/* raise_vec: write @k to RAISE; 0 or -errno. Blocks while an IMS vector is raised. */
static int raise_vec(struct dev *d, uint32_t k)
{
	uint32_t v = htole32(k);

	return bar_rw(d, 1, REG_RAISE, &v, sizeof(v));
}

static uint32_t cfg32(struct dev *d, unsigned int off)
{
	uint32_t v;

	if (pread(d->fd, &v, sizeof(v), d->cfg_off + off) != sizeof(v))
		die("config read at 0x%x: %s", off, strerror(errno));
	return le32toh(v);
}

/* ---- VFIO ---- */

static void dev_open(struct dev *d, const char *uuid)
{
	uint64_t size;
	char path[512];
	uint32_t id;
	FILE *f;

	memset(d, 0, sizeof(*d));
	d->container = d->group = d->fd = -1;
	if (strlen(uuid) >= sizeof(d->uuid) || strspn(uuid, "0123456789abcdef-") != strlen(uuid))
		die("%s: not a lower-case UUID", uuid);
	snprintf(d->uuid, sizeof(d->uuid), "%s", uuid);

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/vendor/id", d->uuid);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", &d->id) != 1 || d->id < 0)
		die("%s: no mdev number (is the mdev bound to edu-ims-mdev?)", path);
	fclose(f);

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s", d->uuid);
	vfio_open(d, path, d->uuid);
	d->cfg_off = vfio_region(d, VFIO_PCI_CONFIG_REGION_INDEX, &size);
	if (size != CFG_SIZE)
		die("config region has %llu bytes, want %d", (unsigned long long)size, CFG_SIZE);
	d->bar0_off = vfio_region(d, VFIO_PCI_BAR0_REGION_INDEX, &size);
	if (size != BAR0_SIZE)
		die("BAR0 region has %llu bytes, want %d", (unsigned long long)size, BAR0_SIZE);
	id = cfg32(d, 0);
	if (id != MDEV_PCI_ID)
		die("config space: ID 0x%08x, want 0x%08x (1234:11e9)", id, MDEV_PCI_ID);
}

static void dev_close(struct dev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	d->fd = d->group = d->container = -1;
}

/* ---- delivery ---- */

/* drain: the eventfd's count now (consumed), without waiting */
static uint64_t drain(int efd)
{
	return wait_event(efd, 0);
}

/* fire: raise vector @k; its eventfd must count exactly 1 within EVENT_MS. Returns ms taken. */
static long fire(struct dev *d, unsigned int k, int efd, const char *what)
{
	long long t0 = now_us();
	int r = raise_vec(d, k);
	uint64_t v;

	if (r)
		die("%s: raise vector %u: %s", what, k, errname(-r));
	v = wait_event(efd, EVENT_MS);
	if (v != 1)
		die("%s: vector %u: its eventfd counted %llu within %d ms of the raise, want 1", what,
		    k, (unsigned long long)v, EVENT_MS);
	return (long)((now_us() - t0) / 1000);
}

/* quiet: @efd has no event now */
static void quiet(int efd, const char *what, const char *which)
{
	uint64_t v = drain(efd);

	if (v)
		die("%s: %s counted %llu, want 0", what, which, (unsigned long long)v);
}

/* ---- /proc/interrupts ---- */

static int vec_irq(struct dev *d, unsigned int k, unsigned long long *count)
{
	char name[48];

	snprintf(name, sizeof(name), "edu-mdev%d-v%u", d->id, k);
	return proc_irq(name, count);
}

/* mdev_lines: /proc/interrupts actions named edu-mdev<id>-v* */
static int mdev_lines(struct dev *d)
{
	char prefix[48];

	snprintf(prefix, sizeof(prefix), "edu-mdev%d-v", d->id);
	return proc_actions(prefix, "");
}

/* used_state: "" if IMS_USED and the named irqs both are @want; else why not */
static const char *used_state(struct dev *d, unsigned int want)
{
	static char why[160];
	uint32_t used = reg(d, REG_IMS_USED);
	int lines = mdev_lines(d);

	if (used == want && lines == (int)want)
		return "";
	snprintf(why, sizeof(why), "IMS_USED %u, /proc/interrupts lists %d edu-mdev%d-v* "
		 "actions, want %u", used, lines, d->id, want);
	return why;
}

static void want_used(struct dev *d, unsigned int want, const char *when)
{
	const char *st = used_state(d, want);

	if (*st)
		die("%s: %s", when, st);
}

/* want_named: exactly the vectors in @mask have an irq named edu-mdev<id>-v<k> */
static void want_named(struct dev *d, unsigned int mask, const char *when)
{
	unsigned int k;

	for (k = 0; k < NVEC; k++) {
		/*
		 * Not "(irq >= 0) != !!(mask & (1u << k))": Debian 12's gcc 12.2
		 * miscompiles that at -O1 and above (always true when the bit is set).
		 */
		int have = vec_irq(d, k, NULL) >= 0;
		int want = (mask >> k) & 1u;

		if (have != want)
			die("%s: edu-mdev%d-v%u %s in /proc/interrupts", when, d->id, k,
			    have ? "is" : "is not");
	}
}

/* ---- pause for the shell ---- */

/* ---- run ---- */

/* irq_info_ok: MSI-X 8 eventfd vectors without NORESIZE, no other interrupts */
static void irq_info_ok(struct dev *d, const char *what)
{
	struct vfio_irq_info ii;
	unsigned int i;
	int r;

	if ((r = irq_info(d, MSIX, &ii)))
		die("%s: VFIO_DEVICE_GET_IRQ_INFO(MSI-X): %s", what, errname(-r));
	if (ii.count != NVEC || ii.flags != VFIO_IRQ_INFO_EVENTFD)
		die("%s: MSI-X count %u flags 0x%x, want %u and EVENTFD only (no NORESIZE)", what,
		    ii.count, ii.flags, NVEC);
	for (i = 0; i < VFIO_PCI_NUM_IRQS; i++) {
		if (i == MSIX)
			continue;
		if ((r = irq_info(d, i, &ii)) || ii.count)
			die("%s: irq index %u: %s count %u, want count 0", what, i, errname(-r),
			    ii.count);
	}
}

static int cmd_run(struct dev *d)
{
	static const unsigned int live[] = { 0, 1, 7 };
	unsigned long long before[NVEC] = { 0 }, after;
	long ms[2][3];
	int efd[NVEC], e1b, irq1, irq7, irq, i, j, r;
	int32_t fds[NVEC];
	uint32_t dropped, ims;
	unsigned int k, o;
	uint64_t v;

	if (pause_steps) {
		unlink(GO_FILE);
		unlink(READY_FILE);
	}
	irq_info_ok(d, "run");
	ims = reg(d, REG_IMS);
	if (ims != 1)
		die("run: the IMS register reads %u, want 1 (the parent has IMS)", ims);
	want_used(d, 0, "run: at the start");
	printf("run: mdev %s id=%d: MSI-X 8 vectors, resizable; IMS=1\n", d->uuid, d->id);
	for (k = 0; k < NVEC; k++)
		efd[k] = new_eventfd();

	/* One SET_IRQS per vector */
	for (i = 0; i < 3; i++) {
		k = live[i];
		if ((r = set_one(d, k, efd[k])))
			die("run: set the trigger of vector %u: %s", k, errname(-r));
	}
	want_used(d, 2, "run: triggers on vectors 0, 1 and 7");
	want_named(d, 1u << 1 | 1u << 7, "run: triggers on vectors 0, 1 and 7");
	vec_irq(d, 1, &before[1]);
	vec_irq(d, 7, &before[7]);

	/* Each vector twice; the event is awaited before the next raise. */
	for (j = 0; j < 2; j++) {
		for (i = 0; i < 3; i++) {
			k = live[i];
			ms[j][i] = fire(d, k, efd[k], "run: fire vectors 0, 1, 7");
			for (o = 0; o < NVEC; o++)
				if (o != k)
					quiet(efd[o], "run: after raising one vector",
					      "another vector's eventfd");
		}
	}
	sleep_ms(QUIET_MS);
	for (k = 0; k < NVEC; k++) {
		v = drain(efd[k]);
		if (v)
			die("run: eventfd of vector %u counted %llu more after its 2 events", k,
			    (unsigned long long)v);
	}
	for (i = 1; i < 3; i++) {
		k = live[i];
		irq = vec_irq(d, k, &after);
		if (irq < 0 || after != before[k] + 2)
			die("run: edu-mdev%d-v%u (irq %d): /proc/interrupts count %llu -> %llu, "
			    "want +2", d->id, k, irq, before[k], after);
	}
	printf("run: vectors 0, 1, 7 fired twice each: 2 events on each eventfd, none elsewhere, "
	       "/proc +2 on v1 and v7; raise-to-event ms: v0 %ld %ld, v1 %ld %ld, v7 %ld %ld\n",
	       ms[0][0], ms[1][0], ms[0][1], ms[1][1], ms[0][2], ms[1][2]);
	pause_step("set");

	/* Vector 7's trigger removed: its IMS vector goes, a raise is dropped */
	irq1 = vec_irq(d, 1, NULL);
	if ((r = set_one(d, 7, -1)))
		die("run: remove vector 7's trigger (fd -1): %s", errname(-r));
	want_used(d, 1, "run: vector 7's trigger removed");
	want_named(d, 1u << 1, "run: vector 7's trigger removed");
	if (vec_irq(d, 1, NULL) != irq1)
		die("run: vector 1 moved from irq %d when vector 7's trigger was removed", irq1);
	dropped = reg(d, REG_DROPPED);
	if ((r = raise_vec(d, 7)))
		die("run: raise vector 7 without a trigger: %s, want it ignored", errname(-r));
	v = wait_event(efd[7], QUIET_MS);
	if (v)
		die("run: vector 7 without a trigger: its old eventfd counted %llu",
		    (unsigned long long)v);
	if (reg(d, REG_DROPPED) != dropped + 1)
		die("run: DROPPED %u -> %u after raising vector 7 without a trigger, want +1",
		    dropped, reg(d, REG_DROPPED));
	fire(d, 1, efd[1], "run: vector 7's trigger removed");
	fire(d, 0, efd[0], "run: vector 7's trigger removed");
	quiet(efd[7], "run: vector 7's trigger removed", "vector 7's old eventfd");
	printf("run: vector 7's trigger removed: IMS_USED 1, raise 7 dropped (DROPPED %u), no "
	       "event in %d ms; vectors 0 and 1 deliver\n", dropped + 1, QUIET_MS);
	pause_step("removed");

	/* Vector 1's trigger replaced: same IMS vector, the new eventfd counts */
	e1b = new_eventfd();
	if ((r = set_one(d, 1, e1b)))
		die("run: replace vector 1's trigger: %s", errname(-r));
	want_used(d, 1, "run: vector 1's trigger replaced");
	irq = vec_irq(d, 1, NULL);
	if (irq != irq1)
		die("run: replacing vector 1's trigger moved it from irq %d to %d", irq1, irq);
	fire(d, 1, e1b, "run: vector 1's trigger replaced");
	quiet(efd[1], "run: vector 1's trigger replaced", "vector 1's old eventfd");
	printf("run: vector 1's trigger replaced: same irq %d, the new eventfd counts\n", irq1);

	/* DATA_NONE, count 0: every trigger removed */
	if ((r = msix_disable(d)))
		die("run: DATA_NONE count 0: %s", errname(-r));
	want_used(d, 0, "run: all triggers removed (DATA_NONE count 0)");
	dropped = reg(d, REG_DROPPED);
	if ((r = raise_vec(d, 0)))
		die("run: raise vector 0 without a trigger: %s", errname(-r));
	if ((v = wait_event(efd[0], QUIET_MS)))
		die("run: vector 0 without a trigger: its old eventfd counted %llu",
		    (unsigned long long)v);
	if (reg(d, REG_DROPPED) != dropped + 1)
		die("run: DROPPED did not count the raise of vector 0 without a trigger");
	printf("run: all triggers removed: IMS_USED 0, raise 0 dropped\n");

	/* One SET_IRQS for 0..7: -1 for the vectors without a trigger */
	for (k = 0; k < NVEC; k++)
		fds[k] = -1;
	fds[0] = efd[0];
	fds[1] = efd[1];
	fds[7] = efd[7];
	if ((r = set_irqs(d, 0, NVEC, fds)))
		die("run: one SET_IRQS for vectors 0..7: %s", errname(-r));
	want_used(d, 2, "run: one SET_IRQS for vectors 0..7 (0, 1, 7 with triggers)");
	want_named(d, 1u << 1 | 1u << 7, "run: one SET_IRQS for vectors 0..7");
	for (i = 0; i < 3; i++) {
		k = live[i];
		fire(d, k, efd[k], "run: block 0..7");
	}
	irq7 = vec_irq(d, 7, NULL);
	/* The same block with -1 for vector 1: only vector 1 changes */
	fds[1] = -1;
	if ((r = set_irqs(d, 0, NVEC, fds)))
		die("run: SET_IRQS for vectors 0..7, vector 1 now -1: %s", errname(-r));
	want_used(d, 1, "run: block 0..7 with vector 1 now -1");
	want_named(d, 1u << 7, "run: block 0..7 with vector 1 now -1");
	if (vec_irq(d, 7, NULL) != irq7)
		die("run: vector 7 moved from irq %d when the block set its trigger again", irq7);
	fire(d, 7, efd[7], "run: block 0..7 with vector 1 now -1");
	fire(d, 0, efd[0], "run: block 0..7 with vector 1 now -1");
	for (k = 0; k < NVEC; k++)
		quiet(efd[k], "run: block 0..7", "an eventfd");
	printf("run: one SET_IRQS for 0..7: IMS_USED 2, each delivers; again with vector 1 -1: "
	       "IMS_USED 1, vector 7 kept irq %d\n", irq7);

	/* Closing the device with IMS vectors held frees them */
	fds[1] = efd[1];
	if ((r = set_irqs(d, 0, NVEC, fds)))
		die("run: SET_IRQS for vectors 0..7 before the close: %s", errname(-r));
	want_used(d, 2, "run: before the close");
	dev_close(d);
	if ((r = mdev_lines(d)))
		die("run: the device closed with vectors 1 and 7 set: %d edu-mdev%d-v* actions stay "
		    "in /proc/interrupts", r, d->id);
	printf("run: closed with vectors 1 and 7 set: their IMS vectors freed\n");
	printf("run: ok\n");
	return 0;
}

/* ---- noims ---- */

static int cmd_noims(struct dev *d)
{
	int e0 = new_eventfd(), e1 = new_eventfd(), ea = new_eventfd(), eb = new_eventfd();
	int32_t fds[2] = { ea, eb };
	uint32_t ims, dropped;
	uint64_t v;
	int r;

	irq_info_ok(d, "noims");
	ims = reg(d, REG_IMS);
	if (ims != 0)
		die("noims: the IMS register reads %u, want 0 (the parent has no IMS)", ims);
	want_used(d, 0, "noims: at the start");

	if ((r = set_one(d, 0, e0)))
		die("noims: set vector 0's trigger: %s", errname(-r));
	fire(d, 0, e0, "noims: vector 0, first");
	fire(d, 0, e0, "noims: vector 0, second");
	printf("noims: IMS=0; vector 0 fired twice: 2 events\n");

	r = set_one(d, 1, e1);
	if (r != -EOPNOTSUPP)
		die("noims: an eventfd for vector 1: %s, want EOPNOTSUPP", errname(-r));
	want_used(d, 0, "noims: after the refused vector 1");
	fire(d, 0, e0, "noims: vector 0 after the refused vector 1");
	quiet(e1, "noims: after the refused vector 1", "vector 1's eventfd");
	printf("noims: vector 1: errno=%s; vector 0 still delivers\n", errname(-r));

	r = set_irqs(d, 0, 2, fds);
	if (r != -EOPNOTSUPP)
		die("noims: block 0..1 with new eventfds: %s, want EOPNOTSUPP", errname(-r));
	want_used(d, 0, "noims: after the refused block 0..1");
	fire(d, 0, e0, "noims: vector 0 after the refused block (its old eventfd)");
	sleep_ms(100);
	quiet(ea, "noims: after the refused block 0..1", "the block's eventfd for vector 0");
	quiet(eb, "noims: after the refused block 0..1", "the block's eventfd for vector 1");
	printf("noims: block 0..1: errno=%s; vector 0 kept its old trigger\n", errname(-r));

	/* fd -1 asks for no IMS vector: accepted, nothing to remove */
	if ((r = set_one(d, 1, -1)))
		die("noims: fd -1 for vector 1: %s, want 0 (no trigger to remove)", errname(-r));
	dropped = reg(d, REG_DROPPED);
	if ((r = raise_vec(d, 1)))
		die("noims: raise vector 1 without a trigger: %s, want it ignored", errname(-r));
	if (reg(d, REG_DROPPED) != dropped + 1)
		die("noims: DROPPED did not count the raise of vector 1");
	quiet(e1, "noims: raise vector 1", "vector 1's refused eventfd");

	if ((r = msix_disable(d)))
		die("noims: DATA_NONE count 0: %s", errname(-r));
	dropped = reg(d, REG_DROPPED);
	if ((r = raise_vec(d, 0)))
		die("noims: raise vector 0 after DATA_NONE: %s", errname(-r));
	if ((v = wait_event(e0, QUIET_MS)))
		die("noims: vector 0 without a trigger: its old eventfd counted %llu",
		    (unsigned long long)v);
	if (reg(d, REG_DROPPED) != dropped + 1)
		die("noims: DROPPED did not count the raise of vector 0 without a trigger");
	want_used(d, 0, "noims: at the end");
	printf("noims: fd -1 for vector 1 accepted; raises without trigger dropped; DATA_NONE "
	       "removed vector 0's trigger\n");
	printf("noims: ok\n");
	return 0;
}

/* ---- bad ---- */


/* expect: @r must be -@want (0: success), IMS_USED and the named irqs @used */
static void expect(struct dev *d, const char *name, int r, int want, unsigned int used)
{
	const char *st = used_state(d, used);

	verdict(name, r, r == -want && !*st, *st ? st : NULL);
}

/* delivers: raise @k; only @efd counts (1) among @efd and @other; "" or why not */
static const char *delivers(struct dev *d, unsigned int k, int efd, int other)
{
	static char why[120];
	uint64_t v, o;
	int r = raise_vec(d, k);

	if (r) {
		snprintf(why, sizeof(why), "(raise %u: %s)", k, errname(-r));
		return why;
	}
	v = wait_event(efd, EVENT_MS);
	o = other >= 0 ? drain(other) : 0;
	if (v == 1 && !o)
		return "";
	snprintf(why, sizeof(why), "(raise %u: its eventfd counted %llu, the other %llu; want 1 "
		 "and 0)", k, (unsigned long long)v, (unsigned long long)o);
	return why;
}

static int cmd_bad(struct dev *d, int rounds)
{
	const size_t hdr = sizeof(struct vfio_irq_set);
	int efd0 = new_eventfd(), efd1 = new_eventfd(), enew = new_eventfd();
	int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	/* An fd number that is not open, high enough not to be handed out meanwhile */
	int closed = CLOSED_FD;
	struct vfio_irq_info ii;
	int32_t fds[4];
	uint32_t dropped, v32;
	uint16_t v16;
	uint8_t bools[2] = { 1, 0 };
	uint64_t c0, c1;
	char note[256];
	const char *st;
	long long t0;
	int r, i, irq, bad_used = 0;

	if (nul < 0)
		die("/dev/null: %s", strerror(errno));
	if (fcntl(closed, F_GETFD) != -1 || errno != EBADF)
		die("bad: fd %d is open, want a closed fd number", closed);
	want_used(d, 0, "bad: at the start");
	fds[0] = fds[1] = fds[2] = fds[3] = efd1;

	/* No trigger set: each call fails and nothing stays */
	r = set_irqs(d, 6, 3, fds);
	expect(d, "start+count beyond the 8 vectors (6+3)", r, EINVAL, 0);
	r = set_irqs(d, NVEC, 1, fds);
	expect(d, "start at 8", r, EINVAL, 0);
	r = set_one(d, 0, -2);
	expect(d, "fd -2 for vector 0", r, EINVAL, 0);
	r = set_one(d, 1, -2);
	expect(d, "fd -2 for vector 1", r, EINVAL, 0);
	r = set_one(d, 0, closed);
	expect(d, "closed fd for vector 0", r, EBADF, 0);
	r = set_one(d, 1, closed);
	expect(d, "closed fd for vector 1", r, EBADF, 0);
	r = set_one(d, 0, nul);
	expect(d, "not an eventfd (/dev/null) for vector 0", r, EINVAL, 0);
	r = set_one(d, 1, nul);
	expect(d, "not an eventfd (/dev/null) for vector 1", r, EINVAL, 0);

	/* A block 1..2 whose second fd is closed: vector 1 gets nothing */
	fds[0] = efd1;
	fds[1] = closed;
	r = set_irqs(d, 1, 2, fds);
	st = used_state(d, 0);
	dropped = reg(d, REG_DROPPED);
	i = raise_vec(d, 1);
	snprintf(note, sizeof(note), "%s%s", st, !i && reg(d, REG_DROPPED) == dropped + 1 &&
		 !drain(efd1) ? "" : "(vector 1 has a trigger: its raise was not dropped)");
	verdict("block 1..2 with a closed second fd: IMS_USED stays 0", r, r == -EBADF && !*note,
		note);

	/* Actions and indexes without vectors */
	r = set_irqs_raw(d, hdr, VFIO_IRQ_SET_ACTION_MASK | VFIO_IRQ_SET_DATA_NONE, MSIX, 0, 1,
			 NULL, 0);
	expect(d, "MASK action", r, ENOTTY, 0);
	r = set_irqs_raw(d, hdr, VFIO_IRQ_SET_ACTION_UNMASK | VFIO_IRQ_SET_DATA_NONE, MSIX, 0, 1,
			 NULL, 0);
	expect(d, "UNMASK action", r, ENOTTY, 0);
	r = set_irqs_raw(d, hdr + 4, VFIO_IRQ_SET_ACTION_MASK | VFIO_IRQ_SET_DATA_EVENTFD, MSIX, 0,
			 1, fds, 4);
	expect(d, "MASK action with an eventfd", r, ENOTTY, 0);
	r = set_irqs_raw(d, hdr + 4, TRIGGER_FDS, VFIO_PCI_MSI_IRQ_INDEX, 0, 1, fds, 4);
	expect(d, "MSI index (no vectors)", r, EINVAL, 0);
	r = set_irqs_raw(d, hdr + 4, TRIGGER_FDS, VFIO_PCI_INTX_IRQ_INDEX, 0, 1, fds, 4);
	expect(d, "INTx index (no vectors)", r, EINVAL, 0);
	r = set_irqs_raw(d, hdr + 4, TRIGGER_FDS, VFIO_PCI_NUM_IRQS, 0, 1, fds, 4);
	expect(d, "index beyond the last", r, EINVAL, 0);
	r = set_irqs_raw(d, hdr + 4, TRIGGER_FDS, MSIX, 0, 2, fds, 4);
	expect(d, "argsz without room for the second fd", r, EINVAL, 0);
	r = irq_info(d, VFIO_PCI_NUM_IRQS, &ii);
	expect(d, "GET_IRQ_INFO index beyond the last", r, EINVAL, 0);
	r = set_irqs(d, 1, 0, fds);
	expect(d, "count 0 with DATA_EVENTFD (no-op)", r, 0, 0);

	/* BAR0: aligned 32-bit accesses in 4 KiB only, RAISE up to 7 */
	r = raise_vec(d, NVEC);
	expect(d, "RAISE 8", r, EINVAL, 0);
	r = raise_vec(d, UINT32_MAX);
	expect(d, "RAISE 0xffffffff", r, EINVAL, 0);
	r = bar_rw(d, 0, REG_IMS_USED, &v16, sizeof(v16));
	expect(d, "BAR0 16-bit read", r, EINVAL, 0);
	v32 = 0;
	r = bar_rw(d, 1, 2, &v32, sizeof(v32));
	expect(d, "BAR0 unaligned 32-bit write at 0x2", r, EINVAL, 0);
	r = bar_rw(d, 0, BAR0_SIZE, &v32, sizeof(v32));
	expect(d, "BAR0 read at 4 KiB", r, EINVAL, 0);

	/* Vectors 0 and 1 set: failed calls leave both as they were */
	if ((r = set_one(d, 0, efd0)) || (r = set_one(d, 1, efd1)))
		die("bad: set vectors 0 and 1: %s", errname(-r));
	want_used(d, 1, "bad: vectors 0 and 1 set");
	irq = vec_irq(d, 1, NULL);

	fds[0] = enew;
	fds[1] = closed;
	r = set_irqs(d, 0, 2, fds);
	st = used_state(d, 1);
	snprintf(note, sizeof(note), "%s%s", st, delivers(d, 0, efd0, enew));
	verdict("block 0..1, new fd for 0, closed fd for 1: vector 0 keeps its old trigger", r,
		r == -EBADF && !*note, note);

	fds[0] = enew;
	fds[1] = nul;
	r = set_irqs(d, 1, 2, fds);
	st = used_state(d, 1);
	snprintf(note, sizeof(note), "%s%s%s", st, vec_irq(d, 1, NULL) == irq ? "" :
		 "(vector 1 changed irq)", delivers(d, 1, efd1, enew));
	verdict("block 1..2, new fd for 1, /dev/null for 2: vector 1 keeps its trigger and IMS "
		"vector", r, r == -EINVAL && !*note, note);

	fds[0] = enew;
	fds[1] = -2;
	r = set_irqs(d, 0, 2, fds);
	st = used_state(d, 1);
	snprintf(note, sizeof(note), "%s%s", st, delivers(d, 0, efd0, enew));
	verdict("block 0..1, new fd for 0, fd -2 for 1: vector 0 keeps its old trigger", r,
		r == -EINVAL && !*note, note);

	fds[0] = enew;
	fds[1] = efd1;
	r = set_irqs(d, 7, 2, fds);
	st = used_state(d, 1);
	snprintf(note, sizeof(note), "%s", st);
	verdict("block 7..8 (beyond the vectors) with valid fds", r, r == -EINVAL && !*note, note);

	/* Loopback: DATA_BOOL and DATA_NONE with a count signal the triggers */
	r = set_irqs_raw(d, hdr + 2, VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_DATA_BOOL, MSIX, 0,
			 2, bools, 2);
	c0 = wait_event(efd0, QUIET_MS);
	c1 = drain(efd1);
	snprintf(note, sizeof(note), "(vector 0 counted %llu, vector 1 %llu; want 1 and 0)",
		 (unsigned long long)c0, (unsigned long long)c1);
	verdict("loopback DATA_BOOL {1, 0} on 0..1", r, !r && c0 == 1 && !c1, note);
	r = set_irqs_raw(d, hdr, TRIGGER_NONE, MSIX, 1, 1, NULL, 0);
	c1 = wait_event(efd1, QUIET_MS);
	c0 = drain(efd0);
	snprintf(note, sizeof(note), "(vector 1 counted %llu, vector 0 %llu; want 1 and 0)",
		 (unsigned long long)c1, (unsigned long long)c0);
	verdict("loopback DATA_NONE on vector 1 (an IMS vector)", r, !r && c1 == 1 && !c0, note);

	r = msix_disable(d);
	expect(d, "DATA_NONE count 0 removes all", r, 0, 0);

	/* Rounds of set and remove on vector 1: an IMS vector each time */
	t0 = now_us();
	for (i = 0; i < rounds; i++) {
		if ((r = set_one(d, 1, efd1)))
			break;
		if (reg(d, REG_IMS_USED) != 1) {
			bad_used = 1;
			break;
		}
		if ((r = set_one(d, 1, -1)))
			break;
		if (reg(d, REG_IMS_USED) != 0) {
			bad_used = 1;
			break;
		}
	}
	snprintf(note, sizeof(note), "(%d of %d rounds in %lld ms%s)", i, rounds,
		 (now_us() - t0) / 1000, bad_used ? ", IMS_USED not 1 then 0" : "");
	verdict("rounds of set vector 1 / remove it (fd -1)", r, !r && !bad_used, note);
	msix_disable(d);
	expect(d, "nothing left after the rounds", 0, 0, 0);

	if (bad_fail)
		die("bad: unexpected results above");
	printf("bad: ok\n");
	return 0;
}

/* ---- full ---- */

static int cmd_full(struct dev *d)
{
	int e0 = new_eventfd(), e1 = new_eventfd(), e2 = new_eventfd();
	int32_t fds[2] = { e1, e2 };
	uint32_t ims, dropped;
	int r, rb;

	ims = reg(d, REG_IMS);
	if (ims != 1)
		die("full: the IMS register reads %u, want 1", ims);
	want_used(d, 0, "full: at the start");
	if ((r = set_one(d, 0, e0)))
		die("full: set vector 0's trigger: %s", errname(-r));

	/* Vector 1 takes the one free IMS vector, vector 2 finds none. */
	rb = set_irqs(d, 1, 2, fds);
	if (!rb)
		die("full: block 1..2 got 2 IMS vectors: more than one was free");
	want_used(d, 0, "full: after the failed block 1..2");
	want_named(d, 0, "full: after the failed block 1..2");
	dropped = reg(d, REG_DROPPED);
	if ((r = raise_vec(d, 1)) || reg(d, REG_DROPPED) != dropped + 1)
		die("full: raise vector 1 after the failed block: %s, DROPPED %u -> %u: want it "
		    "dropped (no trigger)", errname(-r), dropped, reg(d, REG_DROPPED));
	quiet(e1, "full: after the failed block 1..2", "vector 1's eventfd");
	fire(d, 0, e0, "full: vector 0 after the failed block 1..2");
	printf("full: block 1..2 failed with %s: no trigger, no IMS vector kept\n",
	       errname(-rb));

	/* The vector the rollback gave back */
	if ((r = set_one(d, 1, e1)))
		die("full: vector 1 alone: %s: no free IMS vector, the failed block 1..2 kept "
		    "the one it allocated for vector 1", errname(-r));
	want_used(d, 1, "full: vector 1 alone");
	want_named(d, 1u << 1, "full: vector 1 alone");
	fire(d, 1, e1, "full: vector 1 alone");

	r = set_one(d, 2, e2);
	if (!r)
		die("full: vector 2 got an IMS vector too: more than one was free");
	want_used(d, 1, "full: after vector 2 failed");
	fire(d, 1, e1, "full: vector 1 after vector 2 failed");
	quiet(e2, "full: after vector 2 failed", "vector 2's eventfd");
	printf("full: vector 1 alone got the IMS vector back and delivers; vector 2 then failed "
	       "with %s\n", errname(-r));

	if ((r = msix_disable(d)))
		die("full: DATA_NONE count 0: %s", errname(-r));
	want_used(d, 0, "full: at the end");
	printf("full: ok\n");
	return 0;
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s run UUID [-p]\n"
		"       %s noims UUID\n"
		"       %s bad UUID [ROUNDS]\n"
		"       %s full UUID\n", prog, prog, prog, prog);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *prog = argv[0], *args[4];
	struct dev d;
	int n = 0, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-p"))
			pause_steps = 1;
		else if (n < 4)
			args[n++] = argv[i];
		else
			usage(prog);
	}
	if (n < 2)
		usage(prog);
	if (!strcmp(args[0], "run") && n == 2) {
		dev_open(&d, args[1]);
		return cmd_run(&d);
	}
	if (!strcmp(args[0], "noims") && n == 2) {
		dev_open(&d, args[1]);
		return cmd_noims(&d);
	}
	if (!strcmp(args[0], "bad") && (n == 2 || n == 3)) {
		char *end;
		long rounds = n == 3 ? strtol(args[2], &end, 0) : 200;

		if (n == 3 && (*end || rounds < 0 || rounds > INT_MAX))
			usage(prog);
		dev_open(&d, args[1]);
		return cmd_bad(&d, (int)rounds);
	}
	if (!strcmp(args[0], "full") && n == 2) {
		dev_open(&d, args[1]);
		return cmd_full(&d);
	}
	usage(prog);
}
