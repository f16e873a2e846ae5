#!/bin/bash
# Runs INSIDE the private network namespace (and the private mount namespace
# that `ip netns exec` creates).  Called by run.sh; not meant to be run alone.
#
# Starts two stock charon-systemd daemons from the chroot (responder on
# 127.0.0.1:500, initiator on 127.0.0.2:10500), loads their swanctl configs,
# drives N initiations through the initiator's vici socket with driver.py, and
# prints one RESULT line per scenario.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
: "${SS_CHROOT:?}" "${SS_RUN_IN:?}" "${SS_N:?}" "${SS_CONC:?}" "${SS_WARM:?}"
: "${SS_SCENARIOS:?}" "${SS_CHILD:?}" "${SS_TABLE_SIZE:?}" "${SS_TABLE_SEGMENTS:?}"
: "${SS_LOGLEVEL:?}" "${SS_MAX_SECONDS:?}" "${SS_IDS:?}"
SS_RESPONDER=${SS_RESPONDER:-strongswan}
C=$SS_CHROOT
RUN_HOST=$C$SS_RUN_IN

PIDS=()
MOUNTED=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${PIDS[@]}"; do
        wait_gone "$p" 20 || kill -KILL "$p" 2>/dev/null || true
    done
    local i
    for ((i=${#MOUNTED[@]}-1; i>=0; i--)); do
        umount "${MOUNTED[$i]}" 2>/dev/null || umount -l "${MOUNTED[$i]}" 2>/dev/null || true
    done
}
wait_gone() { # pid seconds
    local i
    for ((i=0; i<$2*10; i++)); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    return 1
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

# --- network: loopback only, inside this private netns -----------------------
ip link set lo up
ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true    # initiator IKE address
# CHILD_SA traffic-selector addresses (used with --child libipsec).  They need
# "scope global": charon ignores host-scope addresses (the default for
# 127.0.0.0/8) when it looks for the local address of a traffic selector.
# No packet is ever sent to them.
ip addr add 127.0.1.1/32 dev lo scope global   # initiator side
ip addr add 127.0.2.1/32 dev lo scope global   # responder side

# --- chroot mounts (private to this mount namespace; undone in cleanup) -------
mount -t proc proc "$C/proc";   MOUNTED+=("$C/proc")
mount --bind /dev "$C/dev";     MOUNTED+=("$C/dev")

ssver=$(chroot "$C" dpkg-query -W -f '${Version}' charon-systemd)

in_chroot() { chroot "$C" /usr/bin/env "$@"; }

status_field() { # pid field -> kB
    awk -v f="$2:" '$1==f {print $2}' "/proc/$1/status"
}

stats() { # which (resp|init) dir
    in_chroot swanctl --stats --uri "unix://$SS_RUN_IN/$2/$1.vici" 2>/dev/null || true
}

make_certs() { # ecdsa|rsa K: CA, responder cert, K initiator keys+certs c<i>
    local t=$1 k=$2 d=$C/ssload/certs/$1
    mkdir -p "$d"
    local gen
    if [ "$t" = ecdsa ]; then gen="--type ecdsa --size 256"; else gen="--type rsa --size 2048"; fi
    [ -s "$d/resp.pem" ] || in_chroot sh -ec "
        cd /ssload/certs/$t
        pki --gen $gen --outform pem > ca.key
        pki --self --ca --lifetime 3650 --in ca.key --dn 'CN=ssload $t CA' --outform pem > ca.pem
        pki --gen $gen --outform pem > resp.key
        pki --pub --in resp.key --type priv | pki --issue --lifetime 3650 \
            --cacert ca.pem --cakey ca.key --dn 'CN=resp.ssload.test' \
            --san resp.ssload.test --outform pem > resp.pem"
    # one key per identity, like distinct clients.  (With one RSA key shared by
    # 100 certificates the 5.9.8 initiator needed ~8.5 instead of ~2.1 ms CPU
    # per SA; ECDSA was not affected.)
    [ -s "$d/c$((k - 1)).pem" ] || in_chroot sh -ec "
        cd /ssload/certs/$t
        i=0
        while [ \$i -lt $k ]; do
            if [ ! -s c\$i.pem ]; then
                pki --gen $gen --outform pem > c\$i.key
                pki --pub --in c\$i.key --type priv | pki --issue --lifetime 3650 \
                    --cacert ca.pem --cakey ca.key --dn \"CN=c\$i.ssload.test\" \
                    --san c\$i.ssload.test --outform pem > c\$i.pem
            fi
            i=\$((i + 1))
        done"
}

# initiator swanctl.conf: repeat the #BEGIN-CONN..#END-CONN block for i = 0..K-1
expand_conns() { # template K
    awk -v k="$2" '
        /^#BEGIN-CONN/ { inb = 1; next }
        /^#END-CONN/   { for (i = 0; i < k; i++) { t = blk; gsub(/@I@/, i, t); printf "%s", t }
                         inb = 0; next }
        inb { blk = blk $0 "\n"; next }
        { print }' "$1"
}

# scenario name -> "IKE proposal|auth|cert type"
scenario_def() {
    case "$1" in
        psk-ecp256)      echo "aes128gcm16-prfsha256-ecp256|psk|" ;;
        psk-ecp256-cbc)  echo "aes128-sha256-ecp256|psk|" ;;
        psk-modp2048)    echo "aes128gcm16-prfsha256-modp2048|psk|" ;;
        psk-x25519)      echo "aes128gcm16-prfsha256-curve25519|psk|" ;;
        ecdsa-p256)      echo "aes128gcm16-prfsha256-ecp256|pubkey|ecdsa" ;;
        rsa2048)         echo "aes128gcm16-prfsha256-ecp256|pubkey|rsa" ;;
        *) echo "unknown scenario $1" >&2; return 1 ;;
    esac
}

PLUGINS="random nonce openssl kdf pem pkcs1 pkcs8 x509 pubkey constraints revocation kernel-netlink socket-default vici"
CHILD_ARG=()
if [ "$SS_CHILD" = libipsec ]; then
    # userspace ESP: CHILD_SAs are negotiated AND installed (in libipsec, not the
    # kernel); must be loaded before kernel-netlink to take the kernel_ipsec role
    PLUGINS="random nonce openssl kdf pem pkcs1 pkcs8 x509 pubkey constraints revocation kernel-libipsec kernel-netlink socket-default vici"
    CHILD_ARG=(--child net)
fi

json_field() { # file (path in the chroot) key -> value of a top-level number
    in_chroot python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2" 2>/dev/null || echo 0
}

busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }

wait_idle() { # wait up to $SS_WAIT_IDLE s until others use < 10 % of one CPU (3 s samples)
    local deadline=$((SECONDS + ${SS_WAIT_IDLE:-0})) a b hz
    hz=$(getconf CLK_TCK)
    while :; do
        a=$(busy_ticks); sleep 3; b=$(busy_ticks)
        [ $(( (b - a) * 100 / (3 * hz) )) -lt 10 ] && return 0
        if [ $SECONDS -ge $deadline ]; then
            echo "warning: machine not idle ($(( (b - a) * 100 / (3 * hz) ))% of one CPU busy); measuring anyway" >&2
            return 0
        fi
    done
}

# strongSwan proposal -> libreswan ike= (PSK scenarios only)
lsw_ike() {
    case "$1" in
        aes128gcm16-prfsha256-ecp256)     echo "aes_gcm128-sha2_256-dh19" ;;
        aes128-sha256-ecp256)             echo "aes128-sha2_256-dh19" ;;
        aes128gcm16-prfsha256-modp2048)   echo "aes_gcm128-sha2_256-modp2048" ;;
        aes128gcm16-prfsha256-curve25519) echo "aes_gcm128-sha2_256-dh31" ;;
        *) echo "no libreswan mapping for $1" >&2; return 1 ;;
    esac
}

# start_responder_libreswan DIR PROPOSAL: host libreswan pluto on 127.0.0.1:500; sets RESP_PID
start_responder_libreswan() {
    local L=$1/lsw ike
    ike=$(lsw_ike "$2") || return 1
    mkdir -p "$L/nss" "$L/run"
    cat > "$L/ipsec.conf" <<EOC
config setup
	logfile=$L/pluto.log
	logappend=no
	plutodebug=none
	uniqueids=no
	dumpdir=$L/run

conn resp
	ikev2=insist
	authby=secret
	left=127.0.0.1
	leftid=@resp.ssload.test
	leftsubnet=127.0.2.1/32
	right=%any
	rightid=%any
	rightsubnet=127.0.1.1/32
	ike=$ike
	esp=aes_gcm128
	auto=add
EOC
    printf '@resp.ssload.test %%any : PSK "ssload-preshared-key-0123456789abcdef"\n' > "$L/ipsec.secrets"
    chmod 600 "$L/ipsec.secrets"
    ipsec initnss --nssdir "$L/nss" > "$L/initnss.log" 2>&1 || { cat "$L/initnss.log" >&2; return 1; }
    # --force-unlimited: no DDoS "busy" mode, like dos_protection = no for charon
    # --listen: all test addresses sit on lo, and 4.10 aborts ("two interfaces match")
    # when it listens on more than the one it answers on
    /usr/libexec/ipsec/pluto --nofork --force-unlimited --listen 127.0.0.1 --config "$L/ipsec.conf" \
        --secretsfile "$L/ipsec.secrets" --rundir "$L/run" --nssdir "$L/nss" --ipsecdir "$L" \
        > "$L/pluto.stdout" 2>&1 &
    RESP_PID=$!
    PIDS+=("$RESP_PID")
    local i
    for ((i=0; i<100; i++)); do [ -S "$L/run/pluto.ctl" ] && break; sleep 0.1; done
    [ -S "$L/run/pluto.ctl" ] || { echo "pluto did not start, see $L" >&2; return 1; }
    ipsec auto --config "$L/ipsec.conf" --ctlsocket "$L/run/pluto.ctl" --add resp > "$L/add.log" 2>&1 \
        || { cat "$L/add.log" >&2; return 1; }
    ipsec whack --ctlsocket "$L/run/pluto.ctl" --listen > /dev/null 2>&1 || true
}

# hook_env DIR PROPOSAL AUTH CERTDIR: what the responder and initiator hooks are told (HOOK_ENV)
hook_env() {
    HOOK_ENV=(SS_RESP_ADDR=127.0.0.1 SS_RESP_PORT=500 SS_RESP_ID=resp.ssload.test
        SS_REMOTE_IDS="c*.ssload.test" SS_PSK=ssload-preshared-key-0123456789abcdef
        SS_IKE_PROPOSAL="$2" SS_ESP_PROPOSAL=aes128gcm16 SS_AUTH="$3" SS_CERT_DIR="$4"
        SS_RESP_TS=127.0.2.1/32 SS_INIT_TS=127.0.1.1/32 SS_WORKDIR="$1/hook")
}

# start_responder_cmd DIR: any responder, via the --responder-cmd hook; sets RESP_PID
start_responder_cmd() {
    mkdir -p "$1/hook"
    env "${HOOK_ENV[@]}" sh -c "$SS_RESPONDER_CMD" > "$1/hook/stdout" 2>&1 &
    RESP_PID=$!
    PIDS+=("$RESP_PID")
    local i
    for ((i=0; i<300; i++)); do
        # ready once something in this netns listens on UDP 500 (0x01F4)
        awk 'NR>1 && $2 ~ /:01F4$/ {f=1} END {exit !f}' /proc/net/udp /proc/net/udp6 2>/dev/null && return 0
        if ! kill -0 "$RESP_PID" 2>/dev/null; then
            # the hook's last words say why (a config it could not make, a daemon that refused it)
            tail -n 5 "$1/hook/stdout" >&2
            echo "responder hook exited, see $1/hook" >&2; return 1
        fi
        sleep 0.1
    done
    echo "responder hook did not bind UDP 500 in 30 s" >&2; return 1
}

run_scenario() {
    local name=$1 def prop auth ctype
    def=$(scenario_def "$name")
    IFS='|' read -r prop auth ctype <<<"$def"
    local D=$RUN_HOST/$name DI=$SS_RUN_IN/$name
    mkdir -p "$D"/{resp,init}-swanctl/{x509,x509ca,private}
    local resp_cert="" init_cert=""
    if [ "$auth" = pubkey ]; then
        make_certs "$ctype" "$SS_IDS"
        local cd=$C/ssload/certs/$ctype i
        for side in resp init; do
            cp "$cd/ca.pem" "$D/$side-swanctl/x509ca/"
        done
        cp "$cd/resp.pem" "$D/resp-swanctl/x509/"
        cp "$cd/resp.key" "$D/resp-swanctl/private/"
        for ((i = 0; i < SS_IDS; i++)); do
            cp "$cd/c$i.pem" "$D/init-swanctl/x509/"
            cp "$cd/c$i.key" "$D/init-swanctl/private/"
        done
        resp_cert="            certs = resp.pem"
        init_cert="            certs = c@I@.pem"
    fi
    local sedargs=(-e "s|@LOAD@|$PLUGINS|" -e "s|@RUNDIR@|$DI|g"
        -e "s|@TABLE_SIZE@|$SS_TABLE_SIZE|" -e "s|@TABLE_SEGMENTS@|$SS_TABLE_SEGMENTS|"
        -e "s|@LOGLEVEL@|$SS_LOGLEVEL|" -e "s|@RESP_THREADS@|16|"
        -e "s|@INIT_THREADS@|$((SS_CONC + 16))|"
        -e "s|@PROPOSALS@|$prop|" -e "s|@ESP_PROPOSALS@|aes128gcm16|" -e "s|@AUTH@|$auth|g"
        -e "s|@RESP_CERT@|$resp_cert|" -e "s|@INIT_CERT@|$init_cert|")
    sed "${sedargs[@]}" "$HERE/strongswan-resp.conf.in" > "$D/resp.conf"
    sed "${sedargs[@]}" "$HERE/strongswan-init.conf.in" > "$D/init.conf"
    sed "${sedargs[@]}" "$HERE/swanctl-resp.conf.in" > "$D/resp-swanctl/swanctl.conf"
    sed "${sedargs[@]}" "$HERE/swanctl-init.conf.in" > "$D/init-swanctl/swanctl.conf.tmpl"
    expand_conns "$D/init-swanctl/swanctl.conf.tmpl" "$SS_IDS" > "$D/init-swanctl/swanctl.conf"
    rm "$D/init-swanctl/swanctl.conf.tmpl"

    local side pid
    local -A PID
    local RESP_PID resp_impl="strongswan-$ssver" sides="resp init" init_impl="strongswan-$ssver"
    local HOOK_ENV
    hook_env "$D" "$prop" "$auth" "${ctype:+$C/ssload/certs/$ctype}"
    case "$SS_RESPONDER" in
        strongswan) ;;
        libreswan)
            [ "$auth" = psk ] || { echo "libreswan responder: PSK scenarios only" >&2; return 1; }
            start_responder_libreswan "$D" "$prop" || return 1
            resp_impl="libreswan-$(ipsec --version 2>/dev/null | awk '{print $2}')"
            PID[resp]=$RESP_PID sides=init ;;
        cmd)
            start_responder_cmd "$D" || return 1
            resp_impl="hook"
            PID[resp]=$RESP_PID sides=init ;;
        *) echo "unknown responder $SS_RESPONDER" >&2; return 1 ;;
    esac
    if [ -n "${SS_INITIATOR_CMD:-}" ]; then
        sides=${sides% init}; sides=${sides#init}
        init_impl=hook
    fi
    for side in $sides; do
        # chroot and env exec, so $! is charon's own PID
        chroot "$C" /usr/bin/env STRONGSWAN_CONF="$DI/$side.conf" /usr/sbin/charon-systemd \
            > "$D/$side.stdout" 2>&1 &
        pid=$!
        PIDS+=("$pid")
        PID[$side]=$pid
        local i
        for ((i=0; i<100; i++)); do
            [ -S "$D/$side.vici" ] && break
            kill -0 "$pid" 2>/dev/null || { echo "charon ($side) died, see $D" >&2; return 1; }
            sleep 0.1
        done
        [ -S "$D/$side.vici" ] || { echo "no vici socket for $side" >&2; return 1; }
        in_chroot SWANCTL_DIR="$DI/$side-swanctl" swanctl --load-all --noprompt \
            --uri "unix://$DI/$side.vici" > "$D/$side-load.txt" 2>&1 \
            || { cat "$D/$side-load.txt" >&2; return 1; }
    done

    local rss_r0 rss_i0=0
    if [ -n "${SS_INITIATOR_CMD:-}" ]; then
        # the hook warms up itself, then reads the responder's RSS "before"
        wait_idle
        env "${HOOK_ENV[@]}" SS_RESP_PID="${PID[resp]}" SS_N="$SS_N" SS_CONC="$SS_CONC" SS_WARM="$SS_WARM" \
            SS_IDS="$SS_IDS" SS_MAX_SECONDS="$SS_MAX_SECONDS" sh -c "$SS_INITIATOR_CMD" \
            > "$D/driver.json" 2> "$D/initiator.stderr" &
        pid=$!
        PIDS+=("$pid")
        wait "$pid" || true
        if ! in_chroot python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$DI/driver.json" 2>/dev/null; then
            tail -n 5 "$D/initiator.stderr" >&2
            echo "the initiator hook printed no result, see $D/initiator.stderr" >&2; return 1
        fi
        rss_r0=$(json_field "$DI/driver.json" resp_rss_before_kb)
    else
        # warm-up (first use of crypto, thread arenas, ...); counted in "before"
        in_chroot python3 /ssload/driver.py --socket "$DI/init.vici" --ike init --ids "$SS_IDS" \
            "${CHILD_ARG[@]}" -n "$SS_WARM" -c 1 > "$D/warmup.json"
        sleep 1
        wait_idle
        rss_r0=$(status_field "${PID[resp]}" VmRSS); rss_i0=$(status_field "${PID[init]}" VmRSS)
        [ "$SS_RESPONDER" = strongswan ] && stats resp "$name" > "$D/resp-stats-before.txt"

        # in the background + wait, so that a TERM to this script is handled at once
        chroot "$C" /usr/bin/env python3 /ssload/driver.py --socket "$DI/init.vici" --ike init \
            --ids "$SS_IDS" "${CHILD_ARG[@]}" -n "$SS_N" -c "$SS_CONC" --max-seconds "$SS_MAX_SECONDS" \
            --pids "resp=${PID[resp]},init=${PID[init]}" > "$D/driver.json" &
        pid=$!
        PIDS+=("$pid")
        wait "$pid"
    fi
    sleep 2
    local rss_r1 rss_i1=0 hwm_r hwm_i=0
    rss_r1=$(status_field "${PID[resp]}" VmRSS); hwm_r=$(status_field "${PID[resp]}" VmHWM)
    if [ -n "${SS_INITIATOR_CMD:-}" ]; then
        rss_i0=$(json_field "$DI/driver.json" init_rss_before_kb)
        rss_i1=$(json_field "$DI/driver.json" init_rss_after_kb)
        hwm_i=$(json_field "$DI/driver.json" init_hwm_kb)
    else
        rss_i1=$(status_field "${PID[init]}" VmRSS); hwm_i=$(status_field "${PID[init]}" VmHWM)
        stats init "$name" > "$D/init-stats-after.txt"
    fi
    local extra=""
    if [ "$SS_RESPONDER" = cmd ] && [ -n "${SS_RESPONDER_STATUS_CMD:-}" ]; then
        extra=$(env "${HOOK_ENV[@]}" sh -c "$SS_RESPONDER_STATUS_CMD" 2> "$D/hook/status.stderr" | tail -n 1) || true
    fi
    local ike_r=-1 child_r=-1     # -1: the responder has no way to ask it
    case "$SS_RESPONDER" in
        strongswan)
            stats resp "$name" > "$D/resp-stats-after.txt"
            in_chroot swanctl --list-sas --raw --uri "unix://$DI/resp.vici" > "$D/resp-list-sas.raw" 2>/dev/null || true
            ike_r=$(grep -c 'state=ESTABLISHED' "$D/resp-list-sas.raw" || true)
            child_r=$(grep -o 'state=INSTALLED' "$D/resp-list-sas.raw" | wc -l || true)
            rm -f "$D/resp-list-sas.raw" ;;
        libreswan)
            ipsec whack --ctlsocket "$D/lsw/run/pluto.ctl" --showstates > "$D/resp-states.txt" 2>&1 || true
            ike_r=$(grep -c 'ESTABLISHED_IKE_SA' "$D/resp-states.txt" || true)
            child_r=$(grep -c 'ESTABLISHED_CHILD_SA' "$D/resp-states.txt" || true) ;;
    esac

    # stop both daemons (SIGTERM; SIGKILL after 20 s)
    for side in "${!PID[@]}"; do kill -TERM "${PID[$side]}" 2>/dev/null || true; done
    for side in "${!PID[@]}"; do
        wait_gone "${PID[$side]}" 20 || kill -KILL "${PID[$side]}" 2>/dev/null || true
    done
    PIDS=()

    chroot "$C" python3 - "$DI/driver.json" "$extra" <<EOF | tee -a "$RUN_HOST/results.txt" ${SS_RESULTS_FILE:+"$SS_RESULTS_FILE"}
import json, sys, os
d = json.load(open(sys.argv[1]))
ncpu = os.cpu_count()
cpu = d["cpu_s"]
tot = cpu["resp"] + cpu["init"] + d["cpu_s_driver"]
ok = d["ok"]
per = lambda a, b: round((b - a) / ok, 2) if ok else None
fields = [
    ("impl", "$resp_impl"), ("init_impl", "$init_impl"), ("scenario", "$name"), ("child", "$SS_CHILD"),
    ("ike", "$prop"), ("auth", "$auth${ctype:+-}$ctype"),
    ("n", $SS_N), ("conc", $SS_CONC), ("ids", $SS_IDS), ("ok", ok), ("failed", d["failed"]),
    ("resp_ike_sas", $ike_r), ("resp_child_sas", $child_r),
    ("wall_s", d["wall_s"]), ("sas_per_s", d["sas_per_s"]),
    ("lat_ms_p50", d["lat_ms_p50"]), ("lat_ms_p99", d["lat_ms_p99"]),
    ("cpu_resp_s", cpu["resp"]), ("cpu_init_s", cpu["init"]), ("cpu_driver_s", d["cpu_s_driver"]),
    ("cpu_util_pct", round(100 * tot / (d["wall_s"] * ncpu), 1)),
    ("other_cpu_s", d.get("other_cpu_s")),
    ("resp_cpu_ms_per_sa", round(1000 * cpu["resp"] / ok, 3) if ok else None),
    ("init_cpu_ms_per_sa", round(1000 * cpu["init"] / ok, 3) if ok else None),
    ("resp_rss_before_kb", $rss_r0), ("resp_rss_after_kb", $rss_r1), ("resp_hwm_kb", $hwm_r),
    ("resp_kb_per_sa", per($rss_r0, $rss_r1)),
    ("init_rss_before_kb", $rss_i0), ("init_rss_after_kb", $rss_i1), ("init_hwm_kb", $hwm_i),
    ("init_kb_per_sa", per($rss_i0, $rss_i1)),
]
extra = dict(kv.split("=", 1) for kv in sys.argv[2].split() if "=" in kv)
fields = [(k, extra.pop(k, v)) for k, v in fields] + sorted(extra.items())
if d["errors"]:
    fields.append(("errors", json.dumps(d["errors"], separators=(",", ":")).replace(" ", "_")))
print("RESULT " + " ".join("%s=%s" % kv for kv in fields), flush=True)
EOF
}

IFS=',' read -r -a scen <<<"$SS_SCENARIOS"
for s in "${scen[@]}"; do
    run_scenario "$s"     # not in a pipeline: PIDS must stay visible to cleanup
done
