// SPDX-License-Identifier: GPL-2.0
/*
 * sflow_pcap FILE: datagrams of every kind vsw-sflowd sends, written as a
 * pcap file (UDP to port 6343) for tshark to decode in test_sflowd.sh.
 * They come from the agent itself, fed psample samples of real frames:
 * local delivery, NVGRE out, NVGRE in, drops, interface and host counters
 * (of this machine), and enough flow samples to split into several
 * datagrams. Prints what it wrote: "datagrams N flow F counters C".
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "hostcounters.h"
#include "psample.h"
#include "sample.h"
#include "vswinfo.h"

static FILE *out;
static unsigned int ndgram;

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* One datagram as Ethernet / IPv4 / UDP in a pcap record. */
static void write_packet(void *ctx, const void *buf, size_t len)
{
	uint8_t pkt[14 + 20 + 8 + SFLOW_DATAGRAM_MAX] = { 0 };
	uint8_t *ip = pkt + 14, *udp = ip + 20;
	uint32_t rec[4];

	(void)ctx;
	memcpy(pkt, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00",
	       14);
	ip[0] = 0x45;
	put16(ip + 2, 20 + 8 + len);
	put16(ip + 4, ndgram);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, "\xc0\xa8\x04\x0b\xc0\xa8\x04\x64", 8);
	put16(ip + 10, csum(ip, 20));
	put16(udp, 40000);
	put16(udp + 2, SFLOW_PORT);
	put16(udp + 4, 8 + len);
	memcpy(udp + 8, buf, len);
	rec[0] = 1700000000 + ndgram;
	rec[1] = 0;
	rec[2] = rec[3] = 14 + 20 + 8 + len;
	fwrite(rec, sizeof(rec), 1, out);
	fwrite(pkt, rec[2], 1, out);
	ndgram++;
}

/* An Ethernet / IPv4 / UDP frame from 10.0.0.5:4000 to @dst:5000. */
static size_t frame(uint8_t *f, const char *src_mac, const char *dst_mac,
		    const char *dst, size_t len)
{
	uint8_t *ip = f + 14, *udp = ip + 20;

	memset(f, 0, len);
	memcpy(f, dst_mac, 6);
	memcpy(f + 6, src_mac, 6);
	put16(f + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, len - 14);
	ip[8] = 64;
	ip[9] = 17;
	inet_pton(AF_INET, "10.0.0.5", ip + 12);
	inet_pton(AF_INET, dst, ip + 16);
	put16(ip + 10, csum(ip, 20));
	put16(udp, 4000);
	put16(udp + 2, 5000);
	put16(udp + 4, len - 34);
	memcpy(udp + 8, "vsw sample", 10);
	return len;
}

int main(int argc, char **argv)
{
	static const uint32_t pcap_hdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0,
					      65535, 1 };
	uint8_t f1[98], f2[1000];
	struct topo_switch sw = { .name = "sw0", .has_uplink = true,
				  .uplink = 3, .has_pa = true };
	struct sflow_if_counters ifc[3] = { 0 };
	struct sample_list pools = { 0 };
	struct sample_info pool[2];
	struct host_counters host;
	struct psample_pkt p;
	struct topo t = { 0 };
	struct agent a;
	uint32_t seq = 0;
	int i;

	if (argc != 2 || !(out = fopen(argv[1], "wb"))) {
		fprintf(stderr, "usage: sflow_pcap FILE\n");
		return 2;
	}
	fwrite(pcap_hdr, sizeof(pcap_hdr), 1, out);
	inet_pton(AF_INET, "192.168.4.11", &sw.pa);
	if (topo_add_switch(&t, &sw) || topo_add_port(&t, 7, 5001, 0) ||
	    topo_add_port(&t, 9, 5001, 0) ||
	    agent_init(&a, sw.pa, 1, 0, write_packet, NULL))
		return 1;

	frame(f1, "\x02\x00\x50\x01\x00\x05", "\x02\x00\x50\x01\x00\x09",
	      "10.0.0.9", sizeof(f1));
	frame(f2, "\x02\x00\x50\x01\x00\x05", "\x02\x00\x50\x01\x00\x07",
	      "10.0.0.7", sizeof(f2));
	for (i = 0; i < 40; i++) {
		memset(&p, 0, sizeof(p));
		p.group = 1;
		p.seq = seq++;
		p.rate = 50;
		p.iif = 7;
		switch (i % 5) {
		case 0:		/* local delivery to port 9 */
			p.oif = 9;
			p.data = f1;
			p.origsize = p.data_len = sizeof(f1);
			break;
		case 1:		/* out in NVGRE, 1000 bytes, 128 sampled */
			p.oif = 3;
			p.data = f2;
			p.origsize = sizeof(f2);
			p.data_len = 128;
			p.has_tunnel = p.has_tun_id = true;
			p.tun_id = 5001;
			inet_pton(AF_INET, "192.168.4.11", &p.tun_src);
			inet_pton(AF_INET, "192.168.4.22", &p.tun_dst);
			break;
		case 2:		/* in from NVGRE on the uplink, to port 9 */
			p.iif = 3;
			p.oif = 9;
			p.data = f1;
			p.origsize = p.data_len = sizeof(f1);
			p.has_tunnel = p.has_tun_id = true;
			p.tun_id = 5001;
			inet_pton(AF_INET, "192.168.4.22", &p.tun_src);
			inet_pton(AF_INET, "192.168.4.11", &p.tun_dst);
			break;
		case 3:		/* dropped from the VM */
			p.data = f1;
			p.origsize = p.data_len = sizeof(f1);
			break;
		default:	/* dropped on the uplink before decapsulation */
			p.iif = 3;
			p.data = f1;
			p.origsize = p.data_len = 60;
			break;
		}
		agent_add_sample(&a, &p, &t, 0);
	}
	pool[0] = (struct sample_info){ .ifindex = 7, .rate = 50, .pool = 1200 };
	pool[1] = (struct sample_info){ .ifindex = 3, .rate = 50, .pool = 800 };
	pools.v = pool;
	pools.n = 2;
	agent_flush(&a, &pools, 700);

	for (i = 0; i < 3; i++) {
		ifc[i].ifindex = i == 2 ? 3 : 7 + 2 * i;
		ifc[i].type = SFLOW_IFTYPE_ETHERNET;
		ifc[i].speed = 10000000000ULL;
		ifc[i].direction = SFLOW_IFDIRECTION_FULL;
		ifc[i].status = SFLOW_IFSTATUS_ADMIN_UP | SFLOW_IFSTATUS_OPER_UP;
		ifc[i].in_octets = 123456 + i;
		ifc[i].in_ucast = 1000 + i;
		ifc[i].in_mcast = ifc[i].in_bcast = SFLOW_UNKNOWN32;
		ifc[i].out_octets = 654321 + i;
		ifc[i].out_ucast = 2000 + i;
		ifc[i].out_mcast = ifc[i].out_bcast = SFLOW_UNKNOWN32;
	}
	hc_read(&host, "");
	agent_send_counters(&a, ifc, 3, &host, 1000);
	printf("datagrams %u flow %llu counters %llu\n", ndgram,
	       (unsigned long long)a.flow_samples,
	       (unsigned long long)a.counter_samples);
	agent_free(&a);
	topo_free(&t);
	return fclose(out) ? 1 : 0;
}
