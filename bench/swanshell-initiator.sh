#!/bin/sh
# SwanShell's IKE engine as the load-test initiator (bench/Handshake): the --initiator-cmd hook of
# strongswan/run.sh. Reads the SS_* environment of strongswan/inner.sh and prints driver.py's JSON.
#   HANDSHAKE  the Handshake executable (bench/run.sh sets it)
# SS_AUTH=pubkey: each identity c<i> signs with SS_CERT_DIR/c<i>.pem and .key, the responder's chain must end at
# SS_CERT_DIR/ca.pem. SS_CHILD=libipsec (the anchor's Child SA variant): one Child SA per IKE SA, in IKE_AUTH.
set -eu
: "${HANDSHAKE:?}" "${SS_RESP_ADDR:?}" "${SS_RESP_PORT:?}" "${SS_RESP_ID:?}" "${SS_PSK:?}" "${SS_IKE_PROPOSAL:?}"
: "${SS_N:?}" "${SS_CONC:?}" "${SS_WARM:?}" "${SS_IDS:?}" "${SS_RESP_PID:?}"
case "$SS_IKE_PROPOSAL" in
    aes128gcm16-prfsha256-ecp256)     group=ecp256 ;;
    aes128gcm16-prfsha256-modp2048)   group=modp2048 ;;
    aes128gcm16-prfsha256-curve25519) group=x25519 ;;
    *) echo "swanshell-initiator: no group for $SS_IKE_PROPOSAL" >&2; exit 2 ;;
esac
case "${SS_AUTH:-psk}" in
    psk) set -- --psk "$SS_PSK" ;;
    pubkey) set -- --cert-dir "${SS_CERT_DIR:?}" ;;
    *) echo "swanshell-initiator: SS_AUTH=$SS_AUTH: psk or pubkey" >&2; exit 2 ;;
esac
case "${SS_CHILD:-none}" in
    none) children=0 ;;
    libipsec) children=1 ;;
    *) echo "swanshell-initiator: SS_CHILD=$SS_CHILD: none or libipsec" >&2; exit 2 ;;
esac
# port 10500 (SS_INIT_PORT), as the strongSwan initiator: the responder's NAT-D hashes see what we bound
exec "$HANDSHAKE" --remote "$SS_RESP_ADDR:$SS_RESP_PORT" --local "127.0.0.2:${SS_INIT_PORT:-10500}" "$@" \
    --group "$group" --child-sas "$children" --resp-id "$SS_RESP_ID" -n "$SS_N" -c "$SS_CONC" -w "$SS_WARM" \
    --ids "$SS_IDS" --resp-pid "$SS_RESP_PID" --max-seconds "${SS_MAX_SECONDS:-300}"
