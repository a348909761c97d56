// SPDX-License-Identifier: GPL-2.0
/*
 * msiinfo - list a PCI device's interrupt vectors as a user sees them:
 * each entry of /sys/bus/pci/devices/<dev>/msi_irqs with its mode and the
 * count and name /proc/interrupts gives for that irq.
 *
 * usage: msiinfo /sys/bus/pci/devices/<BDF>
 * Output: "<irq> <mode> <count> <name>" per vector, sorted by irq.
 * Exit 1 when the device has no msi_irqs directory.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct irqinfo {
	unsigned long long count;
	char name[64];
	int found;
};

static void lookup(int irq, struct irqinfo *info)
{
	char line[4096], *tok, *save;
	FILE *f = fopen("/proc/interrupts", "r");

	memset(info, 0, sizeof(*info));
	strcpy(info->name, "-");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		tok = strtok_r(line, " \t\n", &save);
		if (!tok || atoi(tok) != irq || tok[strlen(tok) - 1] != ':')
			continue;
		info->found = 1;
		while ((tok = strtok_r(NULL, " \t\n", &save))) {
			char *end;
			unsigned long long v = strtoull(tok, &end, 10);

			if (*end == '\0')
				info->count += v;
			snprintf(info->name, sizeof(info->name), "%s", tok);
		}
		break;
	}
	fclose(f);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(int argc, char **argv)
{
	char path[512], mode[16];
	struct irqinfo info;
	struct dirent *de;
	int irqs[4096], n = 0, i;
	DIR *d;

	if (argc != 2) {
		fprintf(stderr, "usage: %s /sys/bus/pci/devices/<BDF>\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/msi_irqs", argv[1]);
	d = opendir(path);
	if (!d)
		return 1;
	while ((de = readdir(d)) && n < 4096) {
		if (de->d_name[0] >= '0' && de->d_name[0] <= '9')
			irqs[n++] = atoi(de->d_name);
	}
	closedir(d);
	qsort(irqs, n, sizeof(int), cmp_int);

	for (i = 0; i < n; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/msi_irqs/%d", argv[1], irqs[i]);
		f = fopen(path, "r");
		if (!f || !fgets(mode, sizeof(mode), f))
			strcpy(mode, "?\n");
		if (f)
			fclose(f);
		mode[strcspn(mode, "\n")] = '\0';
		lookup(irqs[i], &info);
		printf("%d %s %llu %s\n", irqs[i], mode, info.count, info.found ? info.name : "-");
	}
	return 0;
}
