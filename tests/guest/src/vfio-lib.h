/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-lib.h - what the guest's VFIO test programs share (vfio-msix.c,
 * vfio-mdev.c): opening a device through the VFIO group/container API,
 * VFIO_DEVICE_SET_IRQS on the MSI-X index, eventfds, /proc/interrupts,
 * the pause handshake with the shell and the "bad <case>" verdicts.
 *
 * Include it after defining struct dev, with at least the members
 * "int container, group, fd", and READY_FILE and GO_FILE (the pause files).
 */
#ifndef VFIO_LIB_H
#define VFIO_LIB_H

#include <errno.h>
#include <fcntl.h>
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

#define PROC_INTERRUPTS	"/proc/interrupts"
#define MSIX		VFIO_PCI_MSIX_IRQ_INDEX
#define TRIGGER_FDS	(VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_DATA_EVENTFD)
#define TRIGGER_NONE	(VFIO_IRQ_SET_ACTION_TRIGGER | VFIO_IRQ_SET_DATA_NONE)

static int pause_steps;
static int bad_fail;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

static const char *errname(int err)
{
	const char *n;

	if (!err)
		return "0";
	n = strerrorname_np(err);
	return n ? n : "E?";
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * vfio_open: open the device @name (a PCI address or an mdev UUID) whose
 * sysfs directory is @sysdev: a type 1 container, its IOMMU group, the
 * device fd. Dies with the reason on any failure.
 */
static void vfio_open(struct dev *d, const char *sysdev, const char *name)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	char path[600], link[256], *grp;
	ssize_t n;
	int v;

	snprintf(path, sizeof(path), "%s/iommu_group", sysdev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		die("%s: %s (no such device, or no IOMMU group?)", path, strerror(errno));
	link[n] = '\0';
	grp = strrchr(link, '/');
	grp = grp ? grp + 1 : link;

	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		die("/dev/vfio/vfio: %s", strerror(errno));
	v = ioctl(d->container, VFIO_GET_API_VERSION);
	if (v != VFIO_API_VERSION)
		die("VFIO_GET_API_VERSION: %d, want %d", v, VFIO_API_VERSION);
	if (ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1_IOMMU) <= 0)
		die("VFIO_CHECK_EXTENSION(VFIO_TYPE1_IOMMU): not supported");

	snprintf(path, sizeof(path), "/dev/vfio/%s", grp);
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		die("%s: %s", path, strerror(errno));
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &gs))
		die("VFIO_GROUP_GET_STATUS: %s", strerror(errno));
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		die("group %s is not viable (all its devices must be bound to VFIO)", grp);
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		die("VFIO_GROUP_SET_CONTAINER: %s", strerror(errno));
	/* An emulated IOMMU group (mdev) attaches to a type 1 container too */
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))
		die("VFIO_SET_IOMMU(VFIO_TYPE1_IOMMU): %s", strerror(errno));
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, name);
	if (d->fd < 0)
		die("VFIO_GROUP_GET_DEVICE_FD(%s): %s", name, strerror(errno));
}

/* vfio_region: the offset of a readable, writable region; its size in @size */
static uint64_t vfio_region(struct dev *d, unsigned int index, uint64_t *size)
{
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = index };

	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &ri))
		die("VFIO_DEVICE_GET_REGION_INFO %u: %s", index, strerror(errno));
	if (!(ri.flags & VFIO_REGION_INFO_FLAG_READ) || !(ri.flags & VFIO_REGION_INFO_FLAG_WRITE))
		die("region %u is not readable and writable (flags 0x%x)", index, ri.flags);
	*size = ri.size;
	return ri.offset;
}

static int irq_info(struct dev *d, unsigned int index, struct vfio_irq_info *ii)
{
	memset(ii, 0, sizeof(*ii));
	ii->argsz = sizeof(*ii);
	ii->index = index;
	return ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, ii) ? -errno : 0;
}

/* set_irqs_raw: VFIO_DEVICE_SET_IRQS, header as given, @len bytes of @data; 0 or -errno */
static int set_irqs_raw(struct dev *d, uint32_t argsz, uint32_t flags, uint32_t index,
			uint32_t start, uint32_t count, const void *data, size_t len)
{
	struct vfio_irq_set *s;
	int ret;

	s = calloc(1, sizeof(*s) + len);
	if (!s)
		die("out of memory");
	s->argsz = argsz;
	s->flags = flags;
	s->index = index;
	s->start = start;
	s->count = count;
	if (len)
		memcpy(s->data, data, len);
	ret = ioctl(d->fd, VFIO_DEVICE_SET_IRQS, s) ? -errno : 0;
	free(s);
	return ret;
}

/* set_irqs: MSI-X triggers start..start+count-1 from @fds, or NULL: DATA_NONE */
static int set_irqs(struct dev *d, unsigned int start, unsigned int count, const int32_t *fds)
{
	size_t len = fds ? count * sizeof(int32_t) : 0;

	return set_irqs_raw(d, sizeof(struct vfio_irq_set) + len,
			    fds ? TRIGGER_FDS : TRIGGER_NONE, MSIX, start, count, fds, len);
}

static int set_one(struct dev *d, unsigned int vector, int32_t fd)
{
	return set_irqs(d, vector, 1, &fd);
}

/* msix_disable: DATA_NONE with count 0 disables the index, every trigger goes */
static int msix_disable(struct dev *d)
{
	return set_irqs(d, 0, 0, NULL);
}

static int new_eventfd(void)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	if (fd < 0)
		die("eventfd: %s", strerror(errno));
	return fd;
}

/* wait_event: the eventfd's count (consumed) once it is readable; 0 on timeout */
static uint64_t wait_event(int efd, int ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t v = 0;
	int r;

	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		die("poll: %s", strerror(errno));
	if (!r)
		return 0;
	if (read(efd, &v, sizeof(v)) != sizeof(v))
		return 0;
	return v;
}

/*
 * proc_irq: the Linux irq whose /proc/interrupts action is exactly @name,
 * or -1; its count summed over the CPUs in @count.
 */
static int proc_irq(const char *name, unsigned long long *count)
{
	char *line = NULL, *tok, *save, *last, *end;
	size_t cap = 0;
	int irq = -1;
	FILE *f = fopen(PROC_INTERRUPTS, "r");

	if (!f)
		die("%s: %s", PROC_INTERRUPTS, strerror(errno));
	while (irq < 0 && getline(&line, &cap, f) > 0) {
		unsigned long long sum = 0;
		int first;

		line[strcspn(line, "\n")] = '\0';
		last = strrchr(line, ' ');
		if (!last || strcmp(last + 1, name))
			continue;
		tok = strtok_r(line, " \t", &save);
		first = tok ? (int)strtol(tok, &end, 10) : -1;
		if (!tok || *end != ':')
			continue;
		while ((tok = strtok_r(NULL, " \t", &save))) {
			unsigned long long v = strtoull(tok, &end, 10);

			if (*end)
				break;
			sum += v;
		}
		irq = first;
		if (count)
			*count = sum;
	}
	free(line);
	fclose(f);
	return irq;
}

/* proc_actions: how many /proc/interrupts actions start with @prefix and end with @suffix */
static int proc_actions(const char *prefix, const char *suffix)
{
	size_t cap = 0, pl = strlen(prefix), sl = strlen(suffix);
	char *line = NULL;
	int n = 0;
	FILE *f = fopen(PROC_INTERRUPTS, "r");

	if (!f)
		die("%s: %s", PROC_INTERRUPTS, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		char *last;
		size_t l;

		line[strcspn(line, "\n")] = '\0';
		last = strrchr(line, ' ');
		last = last ? last + 1 : line;
		l = strlen(last);
		if (l >= pl + sl && !strncmp(last, prefix, pl) && !strcmp(last + l - sl, suffix))
			n++;
	}
	free(line);
	fclose(f);
	return n;
}

/*
 * pause_step: with -p, tell the shell that @step is reached (READY_FILE)
 * and wait up to 120 s for its GO_FILE.
 */
static void pause_step(const char *step)
{
	long long deadline = now_us() + 120 * 1000000LL;
	FILE *f;

	if (!pause_steps)
		return;
	f = fopen(READY_FILE ".tmp", "w");
	if (!f || fprintf(f, "%s\n", step) < 0 || fclose(f) || rename(READY_FILE ".tmp", READY_FILE))
		die("cannot write %s: %s", READY_FILE, strerror(errno));
	printf("READY %s\n", step);
	fflush(stdout);
	while (access(GO_FILE, F_OK)) {
		if (now_us() > deadline)
			die("step %s: no %s within 120 s", step, GO_FILE);
		sleep_ms(20);
	}
	unlink(GO_FILE);
	unlink(READY_FILE);
}

/* verdict: one line per bad-input case; @ok: the result is the expected one */
static void verdict(const char *name, int r, int ok, const char *note)
{
	printf("bad %s: errno=%s %s%s%s\n", name, errname(-r), ok ? "ok" : "UNEXPECTED",
	       note && *note ? " " : "", note ? note : "");
	if (!ok)
		bad_fail = 1;
}

#endif /* VFIO_LIB_H */
