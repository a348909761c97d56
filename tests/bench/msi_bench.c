// SPDX-License-Identifier: GPL-2.0
/*
 * MSI benchmark: the cost of MSI vector allocation and lookup
 *
 * Not part of the series: scripts/build-bench.sh builds this one source out
 * of tree against each kernel it compares, so that it measures both. It binds
 * QEMU's ivshmem-doorbell device (vectors=2048) for MSI-X and, on kernels
 * with PCI/IMS, QEMU's edu device for IMS, runs once at load time and
 * prints one line per figure:
 *
 *   msi_bench: <test> n=<vectors> ns=<median ns per operation> rel=<median
 *              relative cost> bytes=<slab bytes per vector>
 *
 *   msix_dyn      pci_msix_alloc_irq_at() + pci_msix_free_irq() of one vector
 *   msix_dyn_n    the same for n vectors in a row (MSI_ANY_INDEX), then
 *                 freed: the cost per vector as the table fills
 *   lookup        msi_get_virq() on a device holding n MSI-X vectors
 *   lookup_floor  what such a lookup is made of, on a private xarray of n
 *                 entries: mutex_lock(), xa_load(), mutex_unlock()
 *   control       a loop of dependent loads in this module's own memory and
 *                 code, with no call into the kernel: identical in both
 *                 kernels, so it measures the speed of the guest itself
 *   control_end   the same, once the other figures are taken
 *   msix_mem      slab bytes per MSI-X vector (pci_alloc_irq_vectors())
 *   floor         irq_domain_alloc_irqs() + irq_dispose_mapping() of one
 *                 vector straight on the device's MSI parent domain, n in a
 *                 row (irq_domain_free_irqs() is not exported; for these
 *                 domains irq_dispose_mapping() calls it)
 *   ims           pci_ims_alloc_irq() + pci_ims_free_irq(), n in a row
 *
 * Each figure is the median of BENCH_REPS repetitions. Right after each
 * repetition a probe walks the control's table (PROBE_OPS loads) and the
 * repetition's time is divided by the probe's: rel is the cost of one
 * operation in thousandths of a control load. The guest's speed under TCG
 * drifts by up to a quarter within one boot; a repetition and its probe are
 * a few milliseconds apart, so rel compares kernels where ns cannot.
 */
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/msi.h>
#include <linux/pci.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

/*
 * PCI/IMS is built with PCI_MSI_IRQ_DOMAIN here. Kernels since 6.2 have
 * neither the option nor PCI/IMS, so the IMS figures exist only here.
 */
#ifdef CONFIG_PCI_MSI_IRQ_DOMAIN
#define HAVE_PCI_IMS	1
#else
#define HAVE_PCI_IMS	0
#endif

#define BENCH_REPS	15
#define BENCH_MAX	8192

static const unsigned int counts[] = { 1, 16, 256, 2048, 8192 };

static struct pci_dev *ivshmem_dev, *edu_dev;
static unsigned int *virqs;
static struct msi_map *maps;

static u64 median(u64 *v, unsigned int n)
{
	unsigned int i, j;
	u64 t;

	/* Insertion sort: n is small. */
	for (i = 1; i < n; i++) {
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
	return v[n / 2];
}

#define CONTROL_SIZE	2048
#define CONTROL_OPS	65536
#define PROBE_OPS	16384

static u32 *control_table;

/*
 * Dependent loads in this module's memory: ns per 1000 loads. The loop is
 * written in assembly so that both kernels run the same three instructions
 * per load: each kernel's compiler flags shape a loop in C differently
 * (one inlined it and counted down, the other did not), which an
 * instruction counting guest clock (run-bench.sh) sees.
 */
static noinline u64 control_walk(unsigned int ops)
{
	unsigned long idx = 0, n = ops;
	u64 t0 = ktime_get_ns();

	/* Each load's address is the value of the one before: no overlap. */
	asm volatile("1:\tmovl (%[tab],%[idx],4), %k[idx]\n\t"
		     "decq %[n]\n\t"
		     "jnz 1b"
		     : [idx] "+r" (idx), [n] "+r" (n)
		     : [tab] "r" (control_table)
		     : "memory", "cc");
	return (ktime_get_ns() - t0) * 1000 / ops;
}

/* The repetitions of one figure: raw and relative to the probe after each */
struct figure {
	u64		ns[BENCH_REPS];
	u64		rel[BENCH_REPS];
	unsigned int	reps;
};

static void figure_add(struct figure *f, u64 ns)
{
	u64 probe = max_t(u64, control_walk(PROBE_OPS), 1);

	f->ns[f->reps] = ns;
	f->rel[f->reps] = div64_u64(ns * 1000000, probe);
	f->reps++;
}

static long slab_bytes(void)
{
	return (global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) +
		global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B)) * PAGE_SIZE;
}

static void report(const char *test, unsigned int n, struct figure *f, long bytes)
{
	if (!f || !f->reps) {
		pr_info("msi_bench: %s n=%u bytes=%ld\n", test, n, bytes);
		return;
	}
	pr_info("msi_bench: %s n=%u ns=%llu rel=%llu bytes=%ld\n", test, n,
		median(f->ns, f->reps), median(f->rel, f->reps), bytes);
}

/*
 * (a) MSI-X vectors added next to entry 0 while MSI-X stays enabled, n in
 * a row (MSI_ANY_INDEX), then removed; @rounds times per repetition.
 */
static int bench_msix_dyn(struct pci_dev *pdev, const char *name, unsigned int n,
			  unsigned int rounds)
{
	struct figure f = { };
	unsigned int i, r, got = 0;
	int rep, ret;
	u64 t0;

	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSIX);
	if (ret < 0)
		return ret;
	ret = 0;
	for (rep = 0; rep < BENCH_REPS && !ret; rep++) {
		t0 = ktime_get_ns();
		for (r = 0; r < rounds && !ret; r++) {
			for (got = 0; got < n; got++) {
				maps[got] = pci_msix_alloc_irq_at(pdev, MSI_ANY_INDEX, NULL);
				if (maps[got].index < 0) {
					ret = maps[got].index;
					break;
				}
			}
			for (i = 0; i < got; i++)
				pci_msix_free_irq(pdev, maps[i]);
		}
		figure_add(&f, (ktime_get_ns() - t0) / ((u64)n * rounds));
	}
	pci_free_irq_vectors(pdev);
	if (ret) {
		pr_err("msi_bench: %s n=%u stops at %u vectors: %d\n", name, n, got, ret);
		return ret;
	}
	report(name, n, &f, 0);
	return 0;
}

/* (b) msi_get_virq() on a device with n MSI-X vectors, and their memory */
static int bench_lookup(struct pci_dev *pdev, unsigned int n)
{
	unsigned int i, sum = 0;
	struct figure f = { };
	long before;
	int rep, ret = 0;
	u64 t0;

	/* Interrupt descriptors of earlier figures are freed after a grace period. */
	rcu_barrier();
	before = slab_bytes();
	ret = pci_alloc_irq_vectors(pdev, n, n, PCI_IRQ_MSIX);
	if (ret < 0)
		return ret;
	report("msix_mem", n, NULL, (slab_bytes() - before) / (long)n);

	for (rep = 0; rep < BENCH_REPS; rep++) {
		t0 = ktime_get_ns();
		for (i = 0; i < 4096; i++)
			sum += msi_get_virq(&pdev->dev, i % n);
		figure_add(&f, (ktime_get_ns() - t0) / 4096);
	}
	pci_free_irq_vectors(pdev);
	if (!sum)
		return -ENOENT;
	report("lookup", n, &f, 0);
	return 0;
}

static DEFINE_XARRAY(floor_xa);
static DEFINE_MUTEX(floor_lock);

/* The primitives of a lookup, on a private xarray of n entries */
static int bench_lookup_floor(unsigned int n)
{
	struct figure f = { };
	unsigned long sum = 0;
	unsigned int i;
	int rep, ret = 0;
	u64 t0;

	for (i = 0; i < n; i++) {
		ret = xa_err(xa_store(&floor_xa, i, xa_mk_value(i + 1), GFP_KERNEL));
		if (ret)
			goto out;
	}
	for (rep = 0; rep < BENCH_REPS; rep++) {
		t0 = ktime_get_ns();
		for (i = 0; i < 4096; i++) {
			mutex_lock(&floor_lock);
			sum += xa_to_value(xa_load(&floor_xa, i % n));
			mutex_unlock(&floor_lock);
		}
		figure_add(&f, (ktime_get_ns() - t0) / 4096);
	}
	report("lookup_floor", n, &f, 0);
out:
	xa_destroy(&floor_xa);
	return sum ? ret : -ENOENT;
}

/*
 * The control: no kernel code, so the same instructions in both kernels.
 * Its ns (per 1000 loads) tell the guest's speed; its rel is 1000000 (one
 * operation is 1000 loads) as far as a probe stands for the repetition
 * before it, in both kernels alike.
 */
static void bench_control(const char *name)
{
	struct figure f = { };
	int rep;

	for (rep = 0; rep < BENCH_REPS; rep++)
		figure_add(&f, control_walk(CONTROL_OPS));
	/* ns per 1000 loads, so that the figure has digits to compare. */
	report(name, CONTROL_SIZE, &f, 0);
}

/* (d) the floor: vectors straight from the device's MSI parent domain */
static int bench_floor(struct pci_dev *pdev, unsigned int n)
{
	struct irq_domain *parent = dev_get_msi_domain(&pdev->dev);
	struct msi_desc desc = { .dev = &pdev->dev };
	struct irq_alloc_info info;
	struct figure f = { };
	unsigned int i;
	int rep, virq;
	u64 t0;

	if (!parent)
		return -ENODEV;
	for (rep = 0; rep < BENCH_REPS; rep++) {
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++) {
			memset(&info, 0, sizeof(info));
			info.type = X86_IRQ_ALLOC_TYPE_PCI_MSIX;
			info.desc = &desc;
			virq = irq_domain_alloc_irqs(parent, 1, NUMA_NO_NODE, &info);
			if (virq < 0)
				break;
			virqs[i] = virq;
		}
		n = i;
		for (i = 0; i < n; i++)
			irq_dispose_mapping(virqs[i]);
		figure_add(&f, n ? (ktime_get_ns() - t0) / n : 0);
		if (virq < 0)
			return virq;
	}
	report("floor", n, &f, 0);
	return 0;
}

#if HAVE_PCI_IMS
/* An IMS chip with its table in memory: as cheap as a chip can be. */
struct bench_ims_entry {
	struct msi_msg	msg;
	bool		masked;
};

static struct bench_ims_entry *ims_table;

static struct bench_ims_entry *bench_entry(struct irq_data *d)
{
	return &ims_table[irq_data_get_msi_desc(d)->msi_index];
}

static void bench_ims_mask(struct irq_data *d)
{
	bench_entry(d)->masked = true;
}

static void bench_ims_unmask(struct irq_data *d)
{
	bench_entry(d)->masked = false;
}

static void bench_ims_write_msg(struct irq_data *d, struct msi_msg *msg)
{
	bench_entry(d)->msg = *msg;
}

static const struct msi_domain_template bench_ims_template = {
	.name	= "BENCH-IMS",
	.chip = {
		.irq_mask		= bench_ims_mask,
		.irq_unmask		= bench_ims_unmask,
		.irq_write_msi_msg	= bench_ims_write_msg,
	},
};

/* (c) IMS vectors allocated and freed, n in a row, and their memory */
static int bench_ims(struct pci_dev *pdev, unsigned int n)
{
	long before = 0, used = 0, left = 0;
	struct figure f = { };
	struct msi_map map;
	unsigned int i;
	int rep;
	u64 t0;

	for (rep = 0; rep < BENCH_REPS; rep++) {
		if (!rep) {
			rcu_barrier();
			before = slab_bytes();
		}
		t0 = ktime_get_ns();
		for (i = 0; i < n; i++) {
			map = pci_ims_alloc_irq(pdev, NULL, NULL);
			if (map.index < 0)
				break;
			virqs[i] = map.virq;
		}
		if (!rep)
			used = slab_bytes() - before;
		n = i;
		for (i = 0; i < n; i++) {
			map.index = i;
			map.virq = virqs[i];
			pci_ims_free_irq(pdev, map);
		}
		figure_add(&f, n ? (ktime_get_ns() - t0) / n : 0);
		if (!rep) {
			/* Interrupt descriptors are freed after a grace period. */
			rcu_barrier();
			left = slab_bytes() - before;
		}
		if (map.index < 0) {
			pr_info("msi_bench: ims stops at %u vectors: %d\n", n, map.index);
			break;
		}
	}
	report("ims", n, &f, n ? used / (long)n : 0);
	pr_info("msi_bench: ims_left n=%u bytes=%ld\n", n, left);
	return 0;
}

static int bench_ims_all(struct pci_dev *pdev)
{
	unsigned int i;
	int ret = 0;

	ims_table = kvcalloc(BENCH_MAX, sizeof(*ims_table), GFP_KERNEL);
	if (!ims_table)
		return -ENOMEM;
	if (pci_create_ims_domain(pdev, &bench_ims_template, BENCH_MAX, NULL)) {
		for (i = 1; i < ARRAY_SIZE(counts); i++)
			bench_ims(pdev, counts[i]);
		pci_remove_ims_domain(pdev);
	} else {
		ret = -ENODEV;
	}
	kvfree(ims_table);
	return ret;
}
#endif

static int bench_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	int ret = pcim_enable_device(pdev);

	if (ret)
		return ret;
	pci_set_master(pdev);
	if (pdev->vendor == PCI_VENDOR_ID_REDHAT_QUMRANET)
		ivshmem_dev = pdev;
	else
		edu_dev = pdev;
	return 0;
}

static const struct pci_device_id bench_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1110) },
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};

static struct pci_driver bench_driver = {
	.name		= "msi_bench",
	.id_table	= bench_ids,
	.probe		= bench_probe,
};

static int __init msi_bench_init(void)
{
	unsigned int i;
	int ret;

	virqs = kvcalloc(BENCH_MAX, sizeof(*virqs), GFP_KERNEL);
	maps = kvcalloc(BENCH_MAX, sizeof(*maps), GFP_KERNEL);
	control_table = kvmalloc_array(CONTROL_SIZE, sizeof(*control_table), GFP_KERNEL);
	if (!virqs || !maps || !control_table) {
		ret = -ENOMEM;
		goto free;
	}
	/* An odd stride makes the walk visit every entry. */
	for (i = 0; i < CONTROL_SIZE; i++)
		control_table[i] = (i * 1103 + 7) % CONTROL_SIZE;
	ret = pci_register_driver(&bench_driver);
	if (ret)
		goto free;
	if (!ivshmem_dev) {
		pr_err("msi_bench: no ivshmem-doorbell device\n");
		ret = -ENODEV;
		goto unregister;
	}

	bench_control("control");
	bench_msix_dyn(ivshmem_dev, "msix_dyn", 1, 64);
	/* Entry 0 is taken: 2047 is as many as the 2048 entries leave. */
	for (i = 1; i < ARRAY_SIZE(counts) && counts[i] <= 2048; i++)
		bench_msix_dyn(ivshmem_dev, "msix_dyn_n", min(counts[i], 2047U), 1);
	for (i = 0; i < ARRAY_SIZE(counts) && counts[i] <= 2048; i++) {
		ret = bench_lookup(ivshmem_dev, counts[i]);
		if (ret)
			pr_err("msi_bench: lookup n=%u failed: %d\n", counts[i], ret);
		ret = bench_lookup_floor(counts[i]);
		if (ret)
			pr_err("msi_bench: lookup_floor n=%u failed: %d\n", counts[i], ret);
	}
	for (i = 1; i < ARRAY_SIZE(counts); i++)
		bench_floor(ivshmem_dev, counts[i]);
#if HAVE_PCI_IMS
	if (edu_dev) {
		ret = bench_ims_all(edu_dev);
		if (ret)
			pr_err("msi_bench: ims failed: %d\n", ret);
	}
#endif
	/* Again at the end: how much the guest's speed drifted meanwhile. */
	bench_control("control_end");
	pr_info("msi_bench: done\n");
	ret = 0;
unregister:
	pci_unregister_driver(&bench_driver);
free:
	kvfree(control_table);
	kvfree(maps);
	kvfree(virqs);
	return ret;
}
module_init(msi_bench_init);

static void __exit msi_bench_exit(void)
{
}
module_exit(msi_bench_exit);

MODULE_DESCRIPTION("MSI vector allocation and lookup benchmark");
MODULE_LICENSE("GPL");
