/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor host's own counters, as sflow_host.txt defines them, from
 * /proc (and uname, statvfs, /etc/machine-id). Every parser takes the text
 * of one file, so that the tests feed them fixtures; hc_read() reads the
 * real files.
 */
#ifndef VSW_HOSTCOUNTERS_H
#define VSW_HOSTCOUNTERS_H

#include <stdint.h>

#include "sflow.h"

struct host_counters {
	struct sflow_host_descr descr;
	struct sflow_host_cpu cpu;
	struct sflow_host_memory mem;
	struct sflow_host_disk_io disk;
	struct sflow_host_net_io net;
};

/* Each returns 0, or -1 if the text lacks what it must have. */
int hc_parse_loadavg(const char *text, struct sflow_host_cpu *c);
/* /proc/stat; @hz: clock ticks per second (sysconf(_SC_CLK_TCK)). */
int hc_parse_stat(const char *text, long hz, struct sflow_host_cpu *c);
int hc_parse_uptime(const char *text, struct sflow_host_cpu *c);
/* The first "cpu MHz" of /proc/cpuinfo; 0 (unknown) if there is none. */
void hc_parse_cpuinfo(const char *text, struct sflow_host_cpu *c);
int hc_parse_meminfo(const char *text, struct sflow_host_memory *m);
/* /proc/vmstat: pgpgin, pgpgout, pswpin, pswpout (absent ones stay 0). */
void hc_parse_vmstat(const char *text, struct sflow_host_memory *m);
/* Whole disks only: no partitions, loop, ram, zram, dm or md devices. */
int hc_parse_diskstats(const char *text, struct sflow_host_disk_io *d);
/* Every interface but lo. */
int hc_parse_net_dev(const char *text, struct sflow_host_net_io *n);

/*
 * Sizes of the filesystems on block devices of /proc/mounts text, each
 * device once, through @fsstat (statvfs() in the daemon, a fake in the
 * tests): total, free, and the fullest one's use in hundredths of a
 * percent (-1 if there is none).
 */
typedef int (*hc_fsstat_fn)(const char *path, uint64_t *total,
			    uint64_t *avail, uint64_t *used);
void hc_parse_mounts(const char *text, hc_fsstat_fn fsstat,
		     struct sflow_host_disk_io *d);

/* sFlow machine_type of a uname machine string ("x86_64": 3). */
uint32_t hc_machine_type(const char *machine);
/* 32 hex digits (/etc/machine-id) into 16 bytes; -1 if it is not that. */
int hc_parse_machine_id(const char *text, uint8_t uuid[16]);

/*
 * Read everything from the files under @root ("" for the real ones) and
 * the running system. Missing files leave their counters at 0.
 */
void hc_read(struct host_counters *h, const char *root);

#endif /* VSW_HOSTCOUNTERS_H */
