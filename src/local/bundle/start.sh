#!/bin/sh
# `npm start`: node on the prebuilt bundle (start.cjs), with what node, V8 and glibc read only when a
# process starts (heap-settings.cjs holds the same values for the benches and the tests' children).
# `exec`: one process, so that Ctrl-C reaches node directly and a parent sees node's pid.
#
# NODE_EXTRA_CA_CERTS is dropped unless a DynamoDB endpoint beyond the embedded one is given: node
# parses every certificate of that file while it boots (about 45 ms for a system bundle of 140), and
# the local cloud opens no TLS connection of its own but to such an endpoint.
case " $* " in
  *" --dynamodb-endpoint"*) ;;
  *) [ -n "$WILDRYDES_DYNAMODB_ENDPOINT" ] || unset NODE_EXTRA_CA_CERTS ;;
esac
GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1" MALLOC_ARENA_MAX=2 \
  exec node --max-semi-space-size=4 --heap-growing-percent=20 "$(dirname "$0")/start.cjs" "$@"
