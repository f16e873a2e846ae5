#!/bin/sh
# SwanShell's daemon as the load-test responder: turns the SS_* environment of strongswan/inner.sh (see its
# start_responder_cmd) into a libreswan-style ipsec.conf and ipsec.secrets, then execs the daemon (`pluto --nofork`)
# with the Memory kernel back end, so that the PID measured is the daemon's.
#   SWANSHELL         the swanshell executable (bench/run.sh sets it): the certificate store's cmdlets
#   SWANSHELL_DAEMON  the daemon executable, swanshell-pluto as a platform publish makes it (default: $SWANSHELL)
# SS_AUTH=pubkey: the anchor's SS_CERT_DIR (ca.pem, resp.pem, resp.key, as strongSwan's pki writes them) goes into a
# certificate store of our own, as a user puts certificates in one (Initialize-IpsecCertificateStore,
# Import-IpsecCertificate, Test-IpsecCertificateStore -SetTrust); the conn signs with leftcert=resp and takes any
# initiator whose certificate chains to the trusted CA. A Child SA the initiator asks for (SS_CHILD=libipsec) goes
# into the Memory kernel back end: the conn has the subnets for it either way.
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

W=$SS_WORKDIR
mkdir -p "$W/run"
case "$SS_AUTH" in
    psk) auth="authby=secret" store="" ;;
    pubkey)
        : "${SS_CERT_DIR:?}"
        # the certificate and its key in one file, so that the key is stored with it under the name leftcert= gives
        # (a line break between them: a PEM file may end without one)
        { cat "$SS_CERT_DIR/resp.pem"; echo; cat "$SS_CERT_DIR/resp.key"; } > "$W/resp.pem"
        chmod 600 "$W/resp.pem"
        SS_STORE=$W/certstore SS_RESP_PEM=$W/resp.pem "$SWANSHELL" -NoProfile -Command '
            $ErrorActionPreference = "Stop"
            $null = Initialize-IpsecCertificateStore -StorePath $env:SS_STORE -Force
            $null = Import-IpsecCertificate -StorePath $env:SS_STORE -Path "$env:SS_CERT_DIR/ca.pem"
            $null = Import-IpsecCertificate -StorePath $env:SS_STORE -Path $env:SS_RESP_PEM -Name resp
            $null = Test-IpsecCertificateStore -StorePath $env:SS_STORE -SetTrust'
        rm "$W/resp.pem"
        # RSA or ECDSA, whichever key the certificate has; the initiators sign with the same kind
        auth="authby=rsasig,ecdsa
    leftcert=resp" store="nssdir=$W/certstore" ;;
    *) echo "swanshell-responder: SS_AUTH=$SS_AUTH: psk or pubkey" >&2; exit 2 ;;
esac
cat > "$W/ipsec.conf" <<EOF
config setup
    listen=$SS_RESP_ADDR
    secretsfile=$W/ipsec.secrets
    # all load comes from one address: no cookies, no per-peer half-open limit (charon: dos_protection = no)
    ddos-mode=unlimited
    max-halfopen-ike=1000000
    # the load reuses IDs and traffic selectors across IKE SAs: keep them all (the libreswan responder does the same)
    uniqueids=no
    $store

conn resp
    left=$SS_RESP_ADDR
    leftid=@$SS_RESP_ID
    leftsubnet=$SS_RESP_TS
    right=%any
    rightid=%any
    rightsubnet=$SS_INIT_TS
    $auth
    ike=$ike
    esp=aes_gcm128
    auto=add
EOF
# the PSK (unused with certificates: the keys stay in the store)
printf '@%s %%any : PSK "%s"\n' "$SS_RESP_ID" "$SS_PSK" > "$W/ipsec.secrets"
chmod 600 "$W/ipsec.secrets"
exec "${SWANSHELL_DAEMON:-$SWANSHELL}" pluto --nofork --rundir "$W/run" --config "$W/ipsec.conf" --kernel memory \
    --ike-port "$SS_RESP_PORT" --nat-port "${SS_NAT_PORT:-4500}"
