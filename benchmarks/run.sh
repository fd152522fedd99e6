#!/usr/bin/env bash
# Side-by-side benchmarks of eofpool and its peers (see docs/benchmarks.md for the latest table).
#
#   benchmarks/run.sh                  the full specification: 12 cells x 10 contenders x 3 rounds of 10 s warm-up +
#                                      10 s window, wrk beside each cell (about 2 hours on 2 cores)
#   benchmarks/run.sh --plain          the specification's 12 plain-HTTP cells x 10 contenders (the JVM socket floor
#                                      included) x 3 rounds of 10 s warm-up + 5 s window, wrk beside each cell
#                                      (about 100 minutes; docs/benchmarks.md is its 2-round form, --rounds 2)
#   benchmarks/run.sh --reduced        6 of those cells, 2 rounds of 9 s warm-up + 3 s window (about 25 minutes)
#   benchmarks/run.sh --https          the short HTTPS run behind the HTTPS section of docs/benchmarks.md: GET 1 KiB
#                                      pooled and cold (new connection + full handshake per request), c=1 and c=16,
#                                      2 rounds of 4 s warm-up + 3 s window (about 11 minutes)
#   benchmarks/run.sh micro [JMH args] the JMH micro-benchmarks with the GC profiler (ns/op and B/op); JMH args
#                                      replace the default -f 1 -wi 5 -w 1 -i 5 -r 1
#   benchmarks/run.sh [options]        any driver options, e.g. --cells get1k:c16 --contenders eofpool,httpcomponents
#                                      --rounds 1 --warmup 10 --measure 10 --profile eofpool (run with --help to list)
#
# Installs Debian's nginx and wrk when missing (apt-get, as root), builds the benchmarks module with what it needs
# (set EOFPOOL_BENCH_NO_BUILD=1 to use what is already built), and starts its own nginx on a free loopback port
# (the system's nginx is never touched); without nginx it falls back to the harness's embedded server.
# Results go to benchmarks/target/benchmark-results/ unless --out says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

install_missing() {
	local missing=()
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
	command -v wrk >/dev/null 2>&1 || missing+=(wrk)
	if [ ${#missing[@]} -eq 0 ]; then
		return
	fi
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "installing ${missing[*]} with apt-get" >&2
		apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	else
		echo "warning: ${missing[*]} missing and cannot be installed here: embedded server and/or no wrk ceiling" >&2
	fi
}

build() {
	if [ "${EOFPOOL_BENCH_NO_BUILD:-0}" = "1" ]; then
		return
	fi
	mvn -B -q -DskipTests -pl benchmarks -am package
}

classpath() {
	echo "benchmarks/target/classes:$(cat benchmarks/target/run-classpath.txt)"
}

# The plain run: every plain workload at c=1, 16, 64 and 1,000 virtual threads over 64 connections; 3 rounds of
# 10 s warm-up + 5 s window (about 100 minutes).
PLAIN=(--cells get1k:c1,get1k:c16,get1k:c64,get1k:vt1000/64,get64k:c1,get64k:c16,get64k:c64,get64k:vt1000/64,post1k:c1,post1k:c16,post1k:c64,post1k:vt1000/64
	--rounds 3 --warmup 10 --measure 5)

# The reduced run: the three workloads at c=16, GET 1 KiB at c=1 and 64, the virtual-thread cell; 2 rounds of
# 9 s warm-up + 3 s window (about 25 minutes).
REDUCED=(--cells get1k:c1,get1k:c16,get1k:c64,get64k:c16,post1k:c16,get1k:vt1000/64
	--rounds 2 --warmup 9 --measure 3)

# The HTTPS run: self-signed certificate generated at run time (keytool, PEM for nginx with openssl), nginx's TLS
# server block on a second loopback port; pooled keep-alive vs Connection: close on every request.
HTTPS=(--cells httpsget1k:c1,httpsget1k:c16,httpscoldget1k:c1,httpscoldget1k:c16
	--rounds 2 --warmup 4 --measure 3)

if [ "${1:-}" = "micro" ]; then
	shift
	build
	if [ $# -eq 0 ]; then
		set -- -f 1 -wi 5 -w 1 -i 5 -r 1
	fi
	exec java -cp "$(classpath)" org.openjdk.jmh.Main 'dev\.eofpool\.benchmarks\.micro\..*' -prof gc "$@"
fi

if [ "${1:-}" = "--help" ]; then
	build
	exec java -cp "$(classpath)" dev.eofpool.benchmarks.run.BenchmarkRun --help
fi

command_line="benchmarks/run.sh $*"
args=("$@")
if [ "${1:-}" = "--plain" ]; then
	args=("${PLAIN[@]}" "${@:2}")
elif [ "${1:-}" = "--reduced" ]; then
	args=("${REDUCED[@]}" "${@:2}")
elif [ "${1:-}" = "--https" ]; then
	args=("${HTTPS[@]}" "${@:2}")
fi

install_missing
build
exec java -cp "$(classpath)" dev.eofpool.benchmarks.run.BenchmarkRun --out benchmarks/target/benchmark-results \
	"${args[@]}" --command "$command_line"
