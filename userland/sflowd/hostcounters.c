// SPDX-License-Identifier: GPL-2.0
/*
 * Host counters from /proc. See hostcounters.h.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "hostcounters.h"

/* The line after @line, or NULL. */
static const char *next_line(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl ? nl + 1 : NULL;
}

/* Copy one line (without its newline) into @buf; false if too long. */
static int copy_line(char *buf, size_t size, const char *line)
{
	size_t n = strcspn(line, "\n");

	if (n >= size)
		return 0;
	memcpy(buf, line, n);
	buf[n] = '\0';
	return 1;
}

int hc_parse_loadavg(const char *text, struct sflow_host_cpu *c)
{
	unsigned int run, total;

	if (sscanf(text, "%f %f %f %u/%u", &c->load_one, &c->load_five,
		   &c->load_fifteen, &run, &total) != 5)
		return -1;
	c->proc_run = run;
	c->proc_total = total;
	return 0;
}

/* Ticks to milliseconds, wrapping like a 32-bit counter does. */
static uint32_t ticks_ms(unsigned long long ticks, long hz)
{
	return (uint32_t)(ticks * 1000ULL / (unsigned long long)hz);
}

int hc_parse_stat(const char *text, long hz, struct sflow_host_cpu *c)
{
	unsigned long long v[8] = { 0 };
	unsigned long long n;
	const char *l;
	int found = 0;

	if (hz <= 0)
		hz = 100;
	c->cpu_num = 0;
	for (l = text; l && *l; l = next_line(l)) {
		if (!strncmp(l, "cpu ", 4)) {
			/* user nice system idle iowait irq softirq steal */
			if (sscanf(l + 4, "%llu %llu %llu %llu %llu %llu %llu %llu",
				   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
				   &v[6], &v[7]) < 4)
				return -1;
			c->cpu_user = ticks_ms(v[0], hz);
			c->cpu_nice = ticks_ms(v[1], hz);
			c->cpu_system = ticks_ms(v[2], hz);
			c->cpu_idle = ticks_ms(v[3], hz);
			c->cpu_wio = ticks_ms(v[4], hz);
			c->cpu_intr = ticks_ms(v[5], hz);
			c->cpu_sintr = ticks_ms(v[6], hz);
			found = 1;
		} else if (!strncmp(l, "cpu", 3) && isdigit((unsigned char)l[3])) {
			c->cpu_num++;
		} else if (sscanf(l, "intr %llu", &n) == 1) {
			c->interrupts = (uint32_t)n;
		} else if (sscanf(l, "ctxt %llu", &n) == 1) {
			c->contexts = (uint32_t)n;
		}
	}
	return found ? 0 : -1;
}

int hc_parse_uptime(const char *text, struct sflow_host_cpu *c)
{
	double up;

	if (sscanf(text, "%lf", &up) != 1 || up < 0)
		return -1;
	c->uptime = (uint32_t)up;
	return 0;
}

void hc_parse_cpuinfo(const char *text, struct sflow_host_cpu *c)
{
	const char *l;
	double mhz;

	c->cpu_speed = 0;
	for (l = text; l && *l; l = next_line(l)) {
		if (!strncmp(l, "cpu MHz", 7) &&
		    sscanf(l + strcspn(l, ":\n"), ": %lf", &mhz) == 1) {
			c->cpu_speed = (uint32_t)(mhz + 0.5);
			return;
		}
	}
}

int hc_parse_meminfo(const char *text, struct sflow_host_memory *m)
{
	static const struct {
		const char *name;
		size_t off;
	} keys[] = {
		{ "MemTotal:", offsetof(struct sflow_host_memory, mem_total) },
		{ "MemFree:", offsetof(struct sflow_host_memory, mem_free) },
		{ "Shmem:", offsetof(struct sflow_host_memory, mem_shared) },
		{ "Buffers:", offsetof(struct sflow_host_memory, mem_buffers) },
		{ "Cached:", offsetof(struct sflow_host_memory, mem_cached) },
		{ "SwapTotal:", offsetof(struct sflow_host_memory, swap_total) },
		{ "SwapFree:", offsetof(struct sflow_host_memory, swap_free) },
	};
	unsigned long long kb;
	const char *l;
	uint64_t val;
	size_t i, len;
	int found = 0;

	for (l = text; l && *l; l = next_line(l)) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			len = strlen(keys[i].name);
			if (strncmp(l, keys[i].name, len) ||
			    sscanf(l + len, "%llu", &kb) != 1)
				continue;
			val = (uint64_t)kb * 1024;
			memcpy((char *)m + keys[i].off, &val, sizeof(val));
			found |= i == 0;
		}
	}
	return found ? 0 : -1;
}

void hc_parse_vmstat(const char *text, struct sflow_host_memory *m)
{
	unsigned long long n;
	const char *l;

	for (l = text; l && *l; l = next_line(l)) {
		if (sscanf(l, "pgpgin %llu", &n) == 1)
			m->page_in = (uint32_t)n;
		else if (sscanf(l, "pgpgout %llu", &n) == 1)
			m->page_out = (uint32_t)n;
		else if (sscanf(l, "pswpin %llu", &n) == 1)
			m->swap_in = (uint32_t)n;
		else if (sscanf(l, "pswpout %llu", &n) == 1)
			m->swap_out = (uint32_t)n;
	}
}

#define DISK_NAME_MAX	64

struct disk {
	char name[DISK_NAME_MAX];
	unsigned long long reads, sect_read, read_ms;
	unsigned long long writes, sect_written, write_ms;
};

/* Devices that are not disks, or whose I/O is counted on disks below. */
static int skipped_device(const char *name)
{
	static const char *const prefixes[] = {
		"loop", "ram", "zram", "dm-", "md",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return 1;
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* sda1 of sda, vda2 of vda, nvme0n1p1 of nvme0n1, mmcblk0p2 of mmcblk0. */
static int is_partition_of(const char *part, const char *disk)
{
	size_t n = strlen(disk);
	const char *rest = part + n;

	if (strncmp(part, disk, n) || !*rest)
		return 0;
	if (isdigit((unsigned char)disk[n - 1]) && *rest == 'p')
		rest++;
	return all_digits(rest);
}

int hc_parse_diskstats(const char *text, struct sflow_host_disk_io *d)
{
	struct disk *disks = NULL, *v, *k;
	size_t n = 0, i, j;
	const char *l;
	char line[512];
	int partition;

	for (l = text; l && *l; l = next_line(l)) {
		struct disk cur = { 0 };
		unsigned int major, minor;

		if (!copy_line(line, sizeof(line), l) ||
		    sscanf(line, "%u %u %63s %llu %*u %llu %llu %llu %*u %llu %llu",
			   &major, &minor, cur.name, &cur.reads,
			   &cur.sect_read, &cur.read_ms, &cur.writes,
			   &cur.sect_written, &cur.write_ms) != 9)
			continue;
		if (skipped_device(cur.name))
			continue;
		v = realloc(disks, (n + 1) * sizeof(*v));
		if (!v) {
			free(disks);
			return -1;
		}
		disks = v;
		disks[n++] = cur;
	}
	for (i = 0; i < n; i++) {
		k = &disks[i];
		partition = 0;
		for (j = 0; j < n && !partition; j++)
			partition = j != i && is_partition_of(k->name,
							      disks[j].name);
		if (partition)
			continue;
		d->reads += (uint32_t)k->reads;
		d->bytes_read += k->sect_read * 512;
		d->read_time += (uint32_t)k->read_ms;
		d->writes += (uint32_t)k->writes;
		d->bytes_written += k->sect_written * 512;
		d->write_time += (uint32_t)k->write_ms;
	}
	free(disks);
	return 0;
}

int hc_parse_net_dev(const char *text, struct sflow_host_net_io *n)
{
	unsigned long long rb, rp, re, rd, tb, tp, te, td;
	char line[512], *colon, *name;
	const char *l;
	int found = 0;

	for (l = text; l && *l; l = next_line(l)) {
		if (!copy_line(line, sizeof(line), l))
			continue;
		colon = strchr(line, ':');
		if (!colon)
			continue;	/* the two header lines */
		*colon = '\0';
		name = line + strspn(line, " ");
		if (sscanf(colon + 1,
			   "%llu %llu %llu %llu %*u %*u %*u %*u %llu %llu %llu %llu",
			   &rb, &rp, &re, &rd, &tb, &tp, &te, &td) != 8)
			return -1;
		found = 1;
		if (!strcmp(name, "lo"))
			continue;
		n->bytes_in += rb;
		n->pkts_in += (uint32_t)rp;
		n->errs_in += (uint32_t)re;
		n->drops_in += (uint32_t)rd;
		n->bytes_out += tb;
		n->pkts_out += (uint32_t)tp;
		n->errs_out += (uint32_t)te;
		n->drops_out += (uint32_t)td;
	}
	return found ? 0 : -1;
}

/* /proc/mounts writes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
					(s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

#define MOUNTS_MAX	256

void hc_parse_mounts(const char *text, hc_fsstat_fn fsstat,
		     struct sflow_host_disk_io *d)
{
	char seen[MOUNTS_MAX][128];
	char line[1024], dev[128], dir[512];
	uint64_t total, avail, used, pct;
	size_t nseen = 0, i;
	const char *l;

	d->part_max_used = -1;
	for (l = text; l && *l; l = next_line(l)) {
		if (!copy_line(line, sizeof(line), l) ||
		    sscanf(line, "%127s %511s", dev, dir) != 2 ||
		    strncmp(dev, "/dev/", 5))
			continue;
		for (i = 0; i < nseen; i++)
			if (!strcmp(seen[i], dev))
				break;
		if (i < nseen || nseen == MOUNTS_MAX)
			continue;
		strcpy(seen[nseen++], dev);
		unescape(dir);
		if (fsstat(dir, &total, &avail, &used) || !total)
			continue;
		d->disk_total += total;
		d->disk_free += avail;
		/* df's "Use%": of what users may have, used + available */
		pct = used + avail ? used * 10000 / (used + avail) : 0;
		if ((int64_t)pct > d->part_max_used)
			d->part_max_used = (int32_t)pct;
	}
}

uint32_t hc_machine_type(const char *m)
{
	if (!strcmp(m, "x86_64"))
		return SFLOW_MACHINE_X86_64;
	if (m[0] == 'i' && !strcmp(m + 2, "86"))
		return SFLOW_MACHINE_X86;
	if (!strncmp(m, "arm", 3) || !strcmp(m, "aarch64"))
		return SFLOW_MACHINE_ARM;
	if (!strcmp(m, "ia64"))
		return SFLOW_MACHINE_IA64;
	if (!strncmp(m, "sparc", 5))
		return SFLOW_MACHINE_SPARC;
	if (!strcmp(m, "alpha"))
		return SFLOW_MACHINE_ALPHA;
	if (!strncmp(m, "ppc", 3) || !strncmp(m, "powerpc", 7))
		return SFLOW_MACHINE_POWERPC;
	if (!strcmp(m, "m68k"))
		return SFLOW_MACHINE_M68K;
	if (!strncmp(m, "mips", 4))
		return SFLOW_MACHINE_MIPS;
	if (!strncmp(m, "parisc", 6))
		return SFLOW_MACHINE_HPPA;
	if (!strncmp(m, "s390", 4))
		return SFLOW_MACHINE_S390;
	return *m ? SFLOW_MACHINE_OTHER : SFLOW_MACHINE_UNKNOWN;
}

int hc_parse_machine_id(const char *text, uint8_t uuid[16])
{
	unsigned int b;
	int i;

	for (i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)text[i]))
			return -1;
	if (text[32] && text[32] != '\n')
		return -1;
	for (i = 0; i < 16; i++) {
		if (sscanf(text + 2 * i, "%2x", &b) != 1)
			return -1;
		uuid[i] = (uint8_t)b;
	}
	return 0;
}

/* A whole (small) file as a string; NULL if it cannot be read. */
static char *slurp(const char *root, const char *path)
{
	char name[4096], *buf = NULL, *v;
	size_t len = 0, cap = 0, n;
	FILE *f;

	snprintf(name, sizeof(name), "%s%s", root, path);
	f = fopen(name, "re");
	if (!f)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			v = realloc(buf, cap + 65536);
			if (!v)
				break;
			buf = v;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (!n)
			break;
	}
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

static int real_fsstat(const char *path, uint64_t *total, uint64_t *avail,
		       uint64_t *used)
{
	struct statvfs st;

	if (statvfs(path, &st))
		return -1;
	*total = (uint64_t)st.f_blocks * st.f_frsize;
	*avail = (uint64_t)st.f_bavail * st.f_frsize;
	*used = (uint64_t)(st.f_blocks - st.f_bfree) * st.f_frsize;
	return 0;
}

static void read_descr(struct sflow_host_descr *d, const char *root)
{
	struct utsname u;
	char *text;

	memset(d, 0, sizeof(*d));
	if (gethostname(d->hostname, sizeof(d->hostname) - 1))
		d->hostname[0] = '\0';
	d->os_name = SFLOW_OS_LINUX;
	if (!uname(&u)) {
		d->machine_type = hc_machine_type(u.machine);
		/* Longer releases are cut: the field holds 32 bytes. */
		memcpy(d->os_release, u.release,
		       strnlen(u.release, SFLOW_OS_RELEASE_MAX));
	}
	text = slurp(root, "/etc/machine-id");
	if (text && hc_parse_machine_id(text, d->uuid))
		memset(d->uuid, 0, sizeof(d->uuid));
	free(text);
}

/* Run @stmt on the text of @path under @root, if it can be read. */
#define WITH_FILE(root, path, text, stmt)		\
	do {						\
		char *text = slurp(root, path);		\
		if (text) {				\
			stmt;				\
			free(text);			\
		}					\
	} while (0)

void hc_read(struct host_counters *h, const char *root)
{
	long hz = sysconf(_SC_CLK_TCK);

	memset(h, 0, sizeof(*h));
	read_descr(&h->descr, root);
	/* -1: unknown, if /proc/loadavg cannot be read */
	h->cpu.load_one = -1.0f;
	h->cpu.load_five = -1.0f;
	h->cpu.load_fifteen = -1.0f;
	WITH_FILE(root, "/proc/loadavg", t, hc_parse_loadavg(t, &h->cpu));
	WITH_FILE(root, "/proc/stat", t, hc_parse_stat(t, hz, &h->cpu));
	WITH_FILE(root, "/proc/uptime", t, hc_parse_uptime(t, &h->cpu));
	WITH_FILE(root, "/proc/cpuinfo", t, hc_parse_cpuinfo(t, &h->cpu));
	WITH_FILE(root, "/proc/meminfo", t, hc_parse_meminfo(t, &h->mem));
	WITH_FILE(root, "/proc/vmstat", t, hc_parse_vmstat(t, &h->mem));
	WITH_FILE(root, "/proc/diskstats", t,
		  hc_parse_diskstats(t, &h->disk));
	h->disk.part_max_used = -1;
	WITH_FILE(root, "/proc/mounts", t,
		  hc_parse_mounts(t, real_fsstat, &h->disk));
	WITH_FILE(root, "/proc/net/dev", t, hc_parse_net_dev(t, &h->net));
}
