#!/bin/sh
# SwanShell's daemon as the load-test responder: turns the SS_* environment of strongswan/inner.sh (see its
# start_responder_cmd) into a libreswan-style ipsec.conf and ipsec.secrets, then execs `swanshell pluto --nofork`
# with the Memory kernel back end, so that the PID measured is the daemon's.
#   SWANSHELL  the swanshell executable (bench/run.sh sets it)
set -eu
: "${SWANSHELL:?}" "${SS_WORKDIR:?}" "${SS_RESP_ADDR:?}" "${SS_RESP_PORT:?}" "${SS_RESP_ID:?}" "${SS_PSK:?}"
: "${SS_IKE_PROPOSAL:?}" "${SS_AUTH:?}" "${SS_RESP_TS:?}" "${SS_INIT_TS:?}"

# strongSwan proposal -> libreswan ike=
case "$SS_IKE_PROPOSAL" in
    aes128gcm16-prfsha256-ecp256)     ike="aes_gcm128-sha2_256;dh19" ;;
    aes128-sha256-ecp256)             ike="aes128-sha2_256;dh19" ;;
    aes128gcm16-prfsha256-modp2048)   ike="aes_gcm128-sha2_256;modp2048" ;;
    aes128gcm16-prfsha256-curve25519) ike="aes_gcm128-sha2_256;dh31" ;;
    *) echo "swanshell-responder: no ike= for $SS_IKE_PROPOSAL" >&2; exit 2 ;;
esac
[ "$SS_AUTH" = psk ] || { echo "swanshell-responder: only PSK scenarios so far (SS_AUTH=$SS_AUTH)" >&2; exit 2; }

W=$SS_WORKDIR
mkdir -p "$W/run"
cat > "$W/ipsec.conf" <<EOF
config setup
    listen=$SS_RESP_ADDR
    secretsfile=$W/ipsec.secrets
    # all load comes from one address: no cookies, no per-peer half-open limit (charon: dos_protection = no)
    ddos-mode=unlimited
    max-halfopen-ike=1000000
    # the load reuses IDs and traffic selectors across IKE SAs: keep them all (the libreswan responder does the same)
    uniqueids=no

conn resp
    left=$SS_RESP_ADDR
    leftid=@$SS_RESP_ID
    leftsubnet=$SS_RESP_TS
    right=%any
    rightid=%any
    rightsubnet=$SS_INIT_TS
    authby=secret
    ike=$ike
    esp=aes_gcm128
    auto=add
EOF
printf '@%s %%any : PSK "%s"\n' "$SS_RESP_ID" "$SS_PSK" > "$W/ipsec.secrets"
chmod 600 "$W/ipsec.secrets"
exec "$SWANSHELL" pluto --nofork --rundir "$W/run" --config "$W/ipsec.conf" --kernel memory \
    --ike-port "$SS_RESP_PORT" --nat-port "${SS_NAT_PORT:-4500}"
