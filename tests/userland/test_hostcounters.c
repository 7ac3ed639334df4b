// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for userland/sflowd/hostcounters.c: the /proc parsers fed
 * fixture text (as Linux 6.1 writes these files), and the units sFlow
 * wants (milliseconds, bytes).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hostcounters.h"

static void loadavg(void **state)
{
	struct sflow_host_cpu c = { 0 };

	(void)state;
	assert_int_equal(hc_parse_loadavg("0.52 0.25 1.50 3/412 12345\n", &c), 0);
	assert_true(c.load_one == 0.52f);
	assert_true(c.load_five == 0.25f);
	assert_true(c.load_fifteen == 1.5f);
	assert_int_equal(c.proc_run, 3);
	assert_int_equal(c.proc_total, 412);
	assert_int_equal(hc_parse_loadavg("garbage\n", &c), -1);
}

static const char stat_text[] =
	"cpu  100 20 300 4000 50 6 7 8 0 0\n"
	"cpu0 50 10 150 2000 25 3 4 4 0 0\n"
	"cpu1 50 10 150 2000 25 3 3 4 0 0\n"
	"intr 987654 12 0 0\n"
	"ctxt 555555\n"
	"btime 1700000000\n"
	"processes 4242\n"
	"procs_running 2\n"
	"procs_blocked 0\n"
	"softirq 1 2 3\n";

static void stat(void **state)
{
	struct sflow_host_cpu c = { 0 };

	(void)state;
	assert_int_equal(hc_parse_stat(stat_text, 100, &c), 0);
	/* USER_HZ ticks of 10 ms each, into milliseconds */
	assert_int_equal(c.cpu_user, 1000);
	assert_int_equal(c.cpu_nice, 200);
	assert_int_equal(c.cpu_system, 3000);
	assert_int_equal(c.cpu_idle, 40000);
	assert_int_equal(c.cpu_wio, 500);
	assert_int_equal(c.cpu_intr, 60);
	assert_int_equal(c.cpu_sintr, 70);
	assert_int_equal(c.cpu_num, 2);
	assert_int_equal(c.interrupts, 987654);
	assert_int_equal(c.contexts, 555555);
	assert_int_equal(hc_parse_stat("intr 1\n", 100, &c), -1);
}

static void stat_wraps_like_a_counter(void **state)
{
	struct sflow_host_cpu c = { 0 };

	(void)state;
	/* 50 days of idle time: more ms than 32 bits hold, modulo 2^32 */
	assert_int_equal(hc_parse_stat("cpu 0 0 0 432000000 0 0 0\n", 100, &c),
			 0);
	assert_int_equal(c.cpu_idle, (uint32_t)4320000000ULL);
}

static void uptime_and_cpuinfo(void **state)
{
	struct sflow_host_cpu c = { 0 };

	(void)state;
	assert_int_equal(hc_parse_uptime("12345.67 23456.78\n", &c), 0);
	assert_int_equal(c.uptime, 12345);
	hc_parse_cpuinfo("processor\t: 0\nvendor_id\t: GenuineIntel\n"
			 "cpu MHz\t\t: 2399.998\ncache size\t: 16384 KB\n"
			 "processor\t: 1\ncpu MHz\t\t: 1200.000\n", &c);
	assert_int_equal(c.cpu_speed, 2400);
	hc_parse_cpuinfo("processor\t: 0\nBogoMIPS\t: 100.00\n", &c);
	assert_int_equal(c.cpu_speed, 0);
}

static void meminfo_vmstat(void **state)
{
	struct sflow_host_memory m = { 0 };

	(void)state;
	assert_int_equal(hc_parse_meminfo(
		"MemTotal:        2000000 kB\n"
		"MemFree:         1000000 kB\n"
		"MemAvailable:    1500000 kB\n"
		"Buffers:           10000 kB\n"
		"Cached:           200000 kB\n"
		"SwapCached:            0 kB\n"
		"SwapTotal:        512000 kB\n"
		"SwapFree:         256000 kB\n"
		"Shmem:              3000 kB\n"
		"ShmemHugePages:        0 kB\n", &m), 0);
	assert_int_equal(m.mem_total, 2000000ULL * 1024);
	assert_int_equal(m.mem_free, 1000000ULL * 1024);
	assert_int_equal(m.mem_buffers, 10000ULL * 1024);
	assert_int_equal(m.mem_cached, 200000ULL * 1024);
	assert_int_equal(m.mem_shared, 3000ULL * 1024);
	assert_int_equal(m.swap_total, 512000ULL * 1024);
	assert_int_equal(m.swap_free, 256000ULL * 1024);
	hc_parse_vmstat("nr_free_pages 1\npgpgin 111\npgpgout 222\n"
			"pswpin 3\npswpout 4\npgfault 5\n", &m);
	assert_int_equal(m.page_in, 111);
	assert_int_equal(m.page_out, 222);
	assert_int_equal(m.swap_in, 3);
	assert_int_equal(m.swap_out, 4);
	assert_int_equal(hc_parse_meminfo("Nothing: 1 kB\n", &m), -1);
}

/* Whole disks count; partitions, loop, ram and dm devices do not. */
static void diskstats(void **state)
{
	struct sflow_host_disk_io d = { 0 };

	(void)state;
	assert_int_equal(hc_parse_diskstats(
		"   7       0 loop0 900 0 900 9 0 0 0 0 0 9 9 0 0 0 0\n"
		"   8       0 sda 100 5 2000 30 40 6 800 50 0 70 80 0 0 0 0\n"
		"   8       1 sda1 99 5 1990 29 40 6 800 50 0 69 79 0 0 0 0\n"
		" 259       0 nvme0n1 10 0 100 3 4 0 80 5 0 7 8 0 0 0 0\n"
		" 259       1 nvme0n1p1 10 0 100 3 4 0 80 5 0 7 8 0 0 0 0\n"
		" 254       0 vda 1 0 8 1 2 0 16 2 0 3 3\n"
		" 254       1 vda1 1 0 8 1 2 0 16 2 0 3 3\n"
		" 253       0 dm-0 50 0 500 5 5 0 50 5 0 5 5 0 0 0 0\n"
		"   1       0 ram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n", &d), 0);
	assert_int_equal(d.reads, 100 + 10 + 1);
	assert_int_equal(d.bytes_read, (2000ULL + 100 + 8) * 512);
	assert_int_equal(d.read_time, 30 + 3 + 1);
	assert_int_equal(d.writes, 40 + 4 + 2);
	assert_int_equal(d.bytes_written, (800ULL + 80 + 16) * 512);
	assert_int_equal(d.write_time, 50 + 5 + 2);
}

static void net_dev(void **state)
{
	struct sflow_host_net_io n = { 0 };

	(void)state;
	assert_int_equal(hc_parse_net_dev(
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
		"    lo:    1000      10    0    0    0     0          0         0     1000      10    0    0    0     0       0          0\n"
		"  nic0: 5000000000 4000 1 2 0 0 0 3 6000 5000 3 4 0 0 0 0\n"
		"blue1:100 2 0 0 0 0 0 0 200 3 0 1 0 0 0 0\n", &n), 0);
	assert_int_equal(n.bytes_in, 5000000000ULL + 100);
	assert_int_equal(n.pkts_in, 4002);
	assert_int_equal(n.errs_in, 1);
	assert_int_equal(n.drops_in, 2);
	assert_int_equal(n.bytes_out, 6200);
	assert_int_equal(n.pkts_out, 5003);
	assert_int_equal(n.errs_out, 3);
	assert_int_equal(n.drops_out, 5);
}

/* A statvfs() stand-in: sizes by mount point. */
static int fake_fsstat(const char *path, uint64_t *total, uint64_t *avail,
		       uint64_t *used)
{
	if (!strcmp(path, "/")) {
		*total = 1000;
		*used = 250;
		*avail = 750;
		return 0;
	}
	if (!strcmp(path, "/srv/vm images")) {	/* unescaped \040 */
		*total = 4000;
		*used = 3000;
		*avail = 1000;
		return 0;
	}
	fail_msg("statvfs of %s: not a block device's filesystem", path);
	return -1;
}

static void mounts(void **state)
{
	struct sflow_host_disk_io d = { 0 };

	(void)state;
	hc_parse_mounts("proc /proc proc rw 0 0\n"
			"/dev/vda1 / ext4 rw 0 0\n"
			"tmpfs /run tmpfs rw 0 0\n"
			"/dev/vdb1 /srv/vm\\040images xfs rw 0 0\n"
			"/dev/vda1 /var/lib/bind ext4 rw 0 0\n", fake_fsstat, &d);
	assert_int_equal(d.disk_total, 5000);
	assert_int_equal(d.disk_free, 1750);
	assert_int_equal(d.part_max_used, 7500);	/* 75.00 % */

	memset(&d, 0, sizeof(d));
	hc_parse_mounts("proc /proc proc rw 0 0\n", fake_fsstat, &d);
	assert_int_equal(d.part_max_used, -1);
}

static void descr_helpers(void **state)
{
	uint8_t uuid[16];

	(void)state;
	assert_int_equal(hc_machine_type("x86_64"), SFLOW_MACHINE_X86_64);
	assert_int_equal(hc_machine_type("i686"), SFLOW_MACHINE_X86);
	assert_int_equal(hc_machine_type("aarch64"), SFLOW_MACHINE_ARM);
	assert_int_equal(hc_machine_type("s390x"), SFLOW_MACHINE_S390);
	assert_int_equal(hc_machine_type("riscv64"), SFLOW_MACHINE_OTHER);
	assert_int_equal(hc_parse_machine_id(
		"0123456789abcdef0123456789ABCDEF\n", uuid), 0);
	assert_int_equal(uuid[0], 0x01);
	assert_int_equal(uuid[7], 0xef);
	assert_int_equal(uuid[15], 0xef);
	assert_int_equal(hc_parse_machine_id("0123\n", uuid), -1);
	assert_int_equal(hc_parse_machine_id(
		"0123456789abcdef0123456789abcdefXX\n", uuid), -1);
}

/* The real files of this machine: whatever they hold, it parses. */
static void this_host(void **state)
{
	struct host_counters h;

	(void)state;
	hc_read(&h, "");
	assert_true(h.mem.mem_total > 0);
	assert_true(h.cpu.cpu_num > 0);
	assert_int_equal(h.descr.os_name, SFLOW_OS_LINUX);
	assert_true(strlen(h.descr.hostname) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loadavg),
		cmocka_unit_test(stat),
		cmocka_unit_test(stat_wraps_like_a_counter),
		cmocka_unit_test(uptime_and_cpuinfo),
		cmocka_unit_test(meminfo_vmstat),
		cmocka_unit_test(diskstats),
		cmocka_unit_test(net_dev),
		cmocka_unit_test(mounts),
		cmocka_unit_test(descr_helpers),
		cmocka_unit_test(this_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
