// SPDX-License-Identifier: GPL-2.0
/*
 * rawgen - send one prebuilt Ethernet frame out of a device, as fast as the
 * kernel takes it, for a given time: the decapsulation benchmark's
 * generator (make bench). pktgen cannot build GRE, so the NVGRE frames come
 * from here.
 *
 * usage: rawgen IFNAME SECONDS HEXFRAME
 *
 * It sends with sendmmsg(), 64 frames a call, through PACKET_QDISC_BYPASS
 * (straight to the driver's ndo_start_xmit, no qdisc). Each frame becomes
 * an ordinary linear skb, as from any sender; a TX ring would be cheaper
 * but ties its frames up until the receiver frees their skbs, which
 * paces the generator by the path under test. Prints the number of frames
 * handed to the device.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64
#define MAXLEN	2048

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "rawgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	static struct mmsghdr msgs[BATCH];
	static unsigned char frame[MAXLEN];
	unsigned long long sent = 0;
	struct iovec iov;
	int fd, one = 1, n;
	size_t len, i;
	double end;

	if (argc != 4) {
		fprintf(stderr, "usage: rawgen IFNAME SECONDS HEXFRAME\n");
		return 2;
	}
	len = strlen(argv[3]) / 2;
	if (len < 14 || len > sizeof(frame)) {
		fprintf(stderr, "rawgen: frame of %zu bytes\n", len);
		return 2;
	}
	for (i = 0; i < len; i++) {
		unsigned int b;

		if (sscanf(argv[3] + 2 * i, "%2x", &b) != 1) {
			fprintf(stderr, "rawgen: bad hex at %zu\n", 2 * i);
			return 2;
		}
		frame[i] = b;
	}
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex)
		die(argv[1]);

	/* Protocol 0: the socket receives nothing. */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)))
		die("setsockopt");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind");
	iov.iov_base = frame;
	iov.iov_len = len;
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	end = now() + atof(argv[2]);
	while (now() < end) {
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n < 0) {
			if (errno == ENOBUFS || errno == EAGAIN)
				continue;
			die("sendmmsg");
		}
		sent += n;
	}
	printf("%llu\n", sent);
	return 0;
}
