#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real etcd (Debian's etcd-server) for the host tests, on loopback, in
# a temporary directory, on free ports. Sourced, with tap-lib.sh (its
# free_port):
#
#   etcd_start DIR      start a one-member cluster whose data lives in
#                       DIR; sets ETCD_URL (http://127.0.0.1:PORT) and
#                       ETCD_PID; waits until it answers
#   etcd_start_tls DIR CA CERT KEY
#                       the same over https, the server's certificate
#                       CERT, clients' certificates required (signed by
#                       CA); curl checks health with CERT too
#   etcd_stop           kill it (SIGKILL: as a crash)
#   etcd_restart        start it again on the same ports and data
#   etcdctl_ ARGS...    etcdctl against it
#   etcd_make_pki DIR   a CA (ca.pem), a server certificate for
#                       127.0.0.1 (server.pem, server.key; also a client
#                       one: etcd's own gateway presents it) and a
#                       client's (client.pem, client.key), in DIR

ETCD_BIN=${ETCD_BIN:-/usr/bin/etcd}
ETCDCTL_BIN=${ETCDCTL_BIN:-/usr/bin/etcdctl}

ETCD_TLS=()
ETCD_CURL_TLS=()

_etcd_run() {
	# --logger zap: with 3.4's default logger, the warning of a slow read
	# dereferences a nil logger and etcd panics on a stalled machine.
	"$ETCD_BIN" --name vswtest --data-dir "$ETCD_DIR/data" "${ETCD_TLS[@]}" \
		--listen-client-urls "$ETCD_URL" \
		--advertise-client-urls "$ETCD_URL" \
		--listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
		--initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
		--initial-cluster "vswtest=http://127.0.0.1:$ETCD_PEER_PORT" \
		--logger zap --log-level error \
		>>"$ETCD_DIR/etcd.log" 2>&1 &
	ETCD_PID=$!
	# Wait until it serves: /health says so (bounded, 30 s).
	local i
	for ((i = 0; i < 300; i++)); do
		if curl -sf -m 1 "${ETCD_CURL_TLS[@]}" "$ETCD_URL/health" 2>/dev/null |
		   grep -q '"health":"true"'; then
			return 0
		fi
		kill -0 "$ETCD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "# etcd did not start; its log:" >&2
	sed 's/^/#   /' "$ETCD_DIR/etcd.log" >&2
	return 1
}

etcd_start() {
	ETCD_DIR=$1
	mkdir -p "$ETCD_DIR"
	ETCD_URL="http://127.0.0.1:$(free_port)"
	ETCD_PEER_PORT=$(free_port)
	_etcd_run
}

etcd_start_tls() {
	ETCD_DIR=$1
	mkdir -p "$ETCD_DIR"
	ETCD_URL="https://127.0.0.1:$(free_port)"
	ETCD_PEER_PORT=$(free_port)
	ETCD_TLS=(--cert-file "$3" --key-file "$4" --trusted-ca-file "$2"
		  --client-cert-auth)
	ETCD_CURL_TLS=(--cacert "$2" --cert "$3" --key "$4")
	_etcd_run
}

etcd_stop() {
	[[ -n ${ETCD_PID:-} ]] || return 0
	kill -KILL "$ETCD_PID" 2>/dev/null
	wait "$ETCD_PID" 2>/dev/null
	ETCD_PID=
}

etcd_restart() {
	_etcd_run
}

etcdctl_() {
	ETCDCTL_API=3 "$ETCDCTL_BIN" --endpoints "$ETCD_URL" "$@"
}

_etcd_cert() {	# DIR NAME SUBJECT EXTENSIONS
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$1/$2.key" -out "$1/$2.csr" -subj "$3" &&
	openssl x509 -req -in "$1/$2.csr" -CA "$1/ca.pem" \
		-CAkey "$1/ca.key" -CAcreateserial -days 1 \
		-out "$1/$2.pem" -extfile <(printf '%s\n' "$4")
}

etcd_make_pki() {
	mkdir -p "$1" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -keyout "$1/ca.key" -out "$1/ca.pem" -days 1 \
		-subj /CN=vsw-test-ca &&
	_etcd_cert "$1" server /CN=127.0.0.1 "subjectAltName=IP:127.0.0.1
extendedKeyUsage=serverAuth,clientAuth" &&
	_etcd_cert "$1" client /CN=hv1 "extendedKeyUsage=clientAuth"
}
