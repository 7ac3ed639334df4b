#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The etcd client against a real etcd on loopback: test_etcd.sh TEST_ETCD
# (the built tests/userland/test_etcd). Plain HTTP, failover to a second
# endpoint while the first is down, compaction, leases, then user and
# password authentication (auth enabled on the same etcd), and TLS with
# client certificates on a second etcd (a CA made here). TAP.

here=$(cd "$(dirname "$0")" && pwd)
bin=$1
# shellcheck source=tests/userland/etcd-lib.sh
. "$here/etcd-lib.sh"
# shellcheck source=tests/userland/tap-lib.sh
. "$here/tap-lib.sh"

tmp=$(mktemp -d)
trap 'etcd_stop; [[ -n ${KEEP:-} ]] || rm -rf "$tmp"' EXIT

if ! etcd_start "$tmp/etcd"; then
	not_ok "etcd starts"
	done_testing
	exit 1
fi
dead="http://127.0.0.1:$(free_port)"

out=$("$bin" "$ETCD_URL" "$dead")
status=$?
echo "$out"
n=$(grep -c '^\(not \)\{0,1\}ok ' <<<"$out")

# Authentication: a root user (etcd wants one before auth is enabled).
if ! {
	etcdctl_ user add root:rootpw &&
	etcdctl_ user grant-role root root &&
	etcdctl_ auth enable
} >"$tmp/auth.log" 2>&1; then
	sed 's/^/# /' "$tmp/auth.log"
	status=1
fi
out=$(TAP_START=$n "$bin" --auth "$ETCD_URL" root rootpw)
((status |= $?))
echo "$out"
n=$((n + $(grep -c '^\(not \)\{0,1\}ok ' <<<"$out")))
# TLS: a CA, the server's certificate (for 127.0.0.1; also a client
# certificate: etcd's own gateway presents it), a client's.
etcd_stop
pki=$tmp/pki
if etcd_make_pki "$pki" >"$tmp/pki.log" 2>&1 &&
   etcd_start_tls "$tmp/etcd-tls" "$pki/ca.pem" "$pki/server.pem" \
	"$pki/server.key"; then
	out=$(TAP_START=$n "$bin" --tls "$ETCD_URL" "$pki/ca.pem" \
		"$pki/client.pem" "$pki/client.key")
	((status |= $?))
	echo "$out"
	n=$((n + $(grep -c '^\(not \)\{0,1\}ok ' <<<"$out")))
else
	sed 's/^/# /' "$tmp/pki.log"
	not_ok "a TLS etcd starts"
	status=1
fi
done_testing
exit "$status"
