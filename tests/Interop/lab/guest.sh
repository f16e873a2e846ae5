#!/bin/bash
# guest.sh - the interop scenarios, inside the guest that interop.sh boots (PID 1's child, on an overlay of the
# host root; the run directory is shared read-write with the host over 9p).
#
#   guest.sh RUNDIR                      set up once (modules, namespaces, swanshell agents), then run every
#                                        scenario of $SCENARIOS, each as its own process with a time limit
#   guest.sh --scenario NAME RUNDIR      one scenario; writes RUNDIR/results/NAME.result
#
# Topology (fixed for the whole boot; "mid" routes, or NATs west when a scenario turns masquerading on):
#   west: lan0 10.1.0.1/24, w0 192.168.1.2/24 --- mid: mw 192.168.1.1/24, me 198.51.100.1/24 --- east: e0 198.51.100.2/24, lan0 10.2.0.1/24
# mid has no route to 10.1/10.2, so traffic between the LANs only flows through a tunnel.
set -u
# Functions at the end of a pipeline (conn_lines | swanshell_start) run in this shell, so that fail ends the scenario.
shopt -s lastpipe

W_OUT=192.168.1.2 E_OUT=198.51.100.2 MID_E=198.51.100.1
W_LAN=10.1.0.1 E_LAN=10.2.0.1 W_NET=10.1.0.0/24 E_NET=10.2.0.0/24
# In west's subnet but on no interface: the ondemand conn's leftsourceip, which routing adds.
W_SRC=10.1.0.77
PSK=interop-west-east-preshared-key

up() { local u _; read -r u _ </proc/uptime; echo "$u"; }
since() { awk -v a="$1" -v b="$(up)" 'BEGIN{printf "%.1f", b-a}'; }
log() { echo "[guest $(up)] $*"; }
past() { awk -v a="$1" -v b="$(up)" -v t="$2" 'BEGIN{exit !(b-a>t)}'; }

# ------------------------------------------------------------------ the boot
setup_boot() {
  modprobe -a xfrm_user esp4 veth dummy nf_tables nft_chain_nat nft_masq nf_conntrack || return 1
  modprobe -a -q aesni_intel ghash_clmulni_intel gcm seqiv echainiv authenc cbc hmac sha256_generic sha512_generic 2>/dev/null
  local ns
  for ns in west mid east; do ip netns add $ns && ip -n $ns link set lo up || return 1; done
  ip link add w0 netns west type veth peer name mw netns mid &&
  ip link add e0 netns east type veth peer name me netns mid &&
  ip -n west addr add $W_OUT/24 dev w0 && ip -n mid addr add 192.168.1.1/24 dev mw &&
  ip -n mid addr add $MID_E/24 dev me && ip -n east addr add $E_OUT/24 dev e0 &&
  ip -n west link add lan0 type dummy && ip -n east link add lan0 type dummy &&
  ip -n west addr add $W_LAN/24 dev lan0 && ip -n east addr add $E_LAN/24 dev lan0 || return 1
  for ns in west mid east; do
    for dev in $(ip -n $ns -o link show | awk -F': ' '$2 != "lo" {sub(/@.*/, "", $2); print $2}'); do ip -n $ns link set "$dev" up; done
  done
  ip netns exec mid sysctl -qw net.ipv4.ip_forward=1 &&
  ip -n west route add default via 192.168.1.1 &&
  ip -n east route add default via $MID_E
}

# start_agent SIDE: a swanshell session in the namespace that runs the scenarios' cmdlets (agent.ps1)
start_agent() {
  local side=$1
  mkdir -p /run/lab/$side
  rm -f /run/lab/$side/agent.fifo /run/lab/$side/agent.ready
  mkfifo /run/lab/$side/agent.fifo
  setsid ip netns exec "$side" "$SWANSHELL" -NoProfile -File "$RUN/agent.ps1" -Queue /run/lab/$side/agent.fifo \
    -Ready /run/lab/$side/agent.ready >"$RUN/agent-$side.log" 2>&1 </dev/null &
  echo $! >/run/lab/$side/agent.pid
}

# reset: what one scenario may leave behind must not reach the next (the agents stay)
reset_lab() {
  local ns p keep
  for ns in west mid east; do
    keep=$(cat /run/lab/$ns/agent.pid 2>/dev/null)
    for p in $(ip netns pids $ns 2>/dev/null); do
      [ "$p" = "$keep" ] || kill -9 "$p" 2>/dev/null
    done
    ip -n $ns xfrm state flush; ip -n $ns xfrm policy flush
  done
  ip netns exec mid nft flush ruleset 2>/dev/null
}

run_all() {
  . "$RUN/config.env"
  export RUN
  echo "LAB-EVENT guest-start uptime=$(up)"
  local t s
  t=$(up)
  setup_boot || { for s in $SCENARIOS; do echo "FAIL: guest setup (modules, namespaces) failed" >"$RUN/results/$s.result"; done; return 1; }
  log "modules and namespaces ready in $(since "$t")s"
  t=$(up)
  # One agent, in west: swanshell's first start is the slowest step of the boot (about a minute on a quiet host).
  start_agent west
  while [ ! -e /run/lab/west/agent.ready ] && ! past "$t" 1200 && kill -0 "$(cat /run/lab/west/agent.pid)" 2>/dev/null; do sleep 0.5; done
  log "swanshell agent ready in $(since "$t")s"
  for s in $SCENARIOS; do
    log "SCENARIO $s: start"
    timeout -k 10 "$SCENARIO_TIMEOUT" bash "$RUN/guest.sh" --scenario "$s" "$RUN" >"$RUN/$s.log" 2>&1
    local rc=$?
    [ -s "$RUN/results/$s.result" ] || echo "FAIL: no result (exit $rc; timeout ${SCENARIO_TIMEOUT}s is 124)" >"$RUN/results/$s.result"
    [ $rc = 124 ] && sed -i "1s/.*/FAIL: scenario timeout (${SCENARIO_TIMEOUT}s); $(head -1 "$RUN/results/$s.result" | sed 's/[\/&]/\\&/g')/" "$RUN/results/$s.result"
    echo "SCENARIO $s: $(head -1 "$RUN/results/$s.result")"
    reset_lab
  done
  timeout 10 sh -c "echo exit >/run/lab/west/agent.fifo"
  dmesg >"$RUN/dmesg.txt" 2>&1
}

# ------------------------------------------------------------------ one scenario: results
RESULT_LINES=()
note() { RESULT_LINES+=("$1=$2"); log "$1=$2"; }
finish() {
  local verdict=${1:-PASS}
  collect_logs
  { echo "$verdict"; printf '%s\n' "${RESULT_LINES[@]}"; } >"$RUN/results/$SC.result"
  log "$SC: $verdict"
  exit 0
}
fail() { log "FAIL: $*"; finish "FAIL: $*"; }
collect_logs() {
  local ns
  for ns in west east; do
    { ip -n $ns -s xfrm state; ip -n $ns xfrm policy; } >"$SCDIR/xfrm-$ns.txt" 2>&1
    [ -f "/run/lab/$ns/$SC/run/pluto.log" ] && cp "/run/lab/$ns/$SC/run/pluto.log" "$SCDIR/$ns-swanshell.log"
  done
}

# ------------------------------------------------------------------ peers
# conn_lines LOCAL REMOTE LOCAL_ID REMOTE_ID LOCAL_SUBNET REMOTE_SUBNET: a conn as both products read it
conn_lines() {
  printf '\tleft=%s\n\tleftid=@%s\n\tright=%s\n\trightid=@%s\n\tauthby=secret\n' "$1" "$3" "$2" "$4"
  [ -n "$5" ] && printf '\tleftsubnet=%s\n' "$5"
  [ -n "$6" ] && printf '\trightsubnet=%s\n' "$6"
  return 0
}

# agent SIDE TIMEOUT <<<SCRIPT: runs SCRIPT in SIDE's swanshell agent; prints what it Emitted; status 1 if it threw
agent() {
  local side=$1 tmo=$2 req t seq
  # Numbered in a file: callers often run this in a subshell ($(agent ...)).
  seq=$(($(cat "$SCDIR/.agent-seq" 2>/dev/null || echo 0) + 1))
  echo $seq >"$SCDIR/.agent-seq"
  req=$SCDIR/ps-$seq-$side.ps1
  cat >"$req"
  t=$(up)
  timeout 30 sh -c "echo '$req' >/run/lab/$side/agent.fifo" || { echo "ERROR: the $side agent takes no requests"; return 1; }
  while [ ! -e "$req.done" ]; do
    past "$t" "$tmo" && { echo "ERROR: no answer from the $side agent within ${tmo}s"; return 1; }
    sleep 0.2
  done
  cat "$req.out"
  log "agent $side #$seq: $(since "$t")s" >&2
  [ "$(cat "$req.done")" = 0 ]
}

wait_agent() {
  local side=$1 t
  t=$(up)
  while [ ! -e /run/lab/$side/agent.ready ]; do
    kill -0 "$(cat /run/lab/$side/agent.pid)" 2>/dev/null || fail "the swanshell agent in $side exited (agent-$side.log)"
    past "$t" 60 && fail "the swanshell agent in $side was not ready"
    sleep 0.5
  done
}

# swanshell_start SIDE CONN_NAME <<<CONN_LINES: ipsec.conf + ipsec.secrets (and $SWANSHELL_SETUP's lines in config setup), then the daemon: in west through
# Invoke-IpsecSetup -Action Start in the agent; in east (which has no agent: a second swanshell session costs another
# minute of TCG) as the cmdlet starts it, "swanshell pluto", in that namespace. The west agent still reaches it
# through its control socket (a path in the shared file system) for Get-IpsecStatus and Stop.
swanshell_start() {
  local side=$1 name=$2 dir=/run/lab/$1/$SC t
  mkdir -p "$dir"
  local lines
  lines=$(cat)
  # auto=add unless the scenario says otherwise: the daemon loads conns with an auto= other than ignore, as pluto does.
  case "$lines" in *auto=*) ;; *) lines+=$'\n\tauto=add' ;; esac
  printf 'config setup\n\tsecretsfile=%s/ipsec.secrets\n%s\nconn %s\n%s\n' "$dir" "${SWANSHELL_SETUP:-}" "$name" "$lines" >"$dir/ipsec.conf"
  printf '@west @east : PSK "%s"\n' "$PSK" >"$dir/ipsec.secrets"
  chmod 600 "$dir/ipsec.secrets"
  cp "$dir/ipsec.conf" "$SCDIR/$side-ipsec.conf"
  wait_agent west
  t=$(up)
  if [ "$side" = west ]; then
    agent west 300 <<EOF || fail "Invoke-IpsecSetup -Action Start in west failed"
\$s = Invoke-IpsecSetup -Action Start -RunDirectory '$dir/run' -Config '$dir/ipsec.conf' -TimeoutSec 280
\$s | Out-Default
Emit "pid \$(\$s.ProcessId)"
EOF
  else
    mkdir -p "$dir/run"
    setsid ip netns exec "$side" "$SWANSHELL" pluto --rundir "$dir/run" --config "$dir/ipsec.conf" --kernel xfrm \
      >"$SCDIR/$side-swanshell.out" 2>&1 </dev/null &
    wait_for 300 grep -q "daemon started" "$dir/run/pluto.log" || fail "the SwanShell daemon in $side did not start (see $side-swanshell.log)"
  fi
  note "T_${side^^}_SWANSHELL_START" "$(since "$t")"
}

# libreswan_start SIDE CONN_NAME <<<CONN_LINES: pluto with its own files (two plutos share one file system)
libreswan_start() {
  local side=$1 name=$2 dir=/run/lab/$1/$SC i t
  t=$(up)
  mkdir -p "$dir/nss" "$dir/run"
  { printf 'config setup\n\tlogfile=%s\n\tlogappend=yes\n\tplutodebug=none\n\tdumpdir=%s/run\n\nconn %s\n\tikev2=insist\n' \
      "$SCDIR/$side-pluto.log" "$dir" "$name"; cat; } >"$dir/ipsec.conf"
  printf '@west @east : PSK "%s"\n' "$PSK" >"$dir/ipsec.secrets"
  chmod 600 "$dir/ipsec.secrets"
  cp "$dir/ipsec.conf" "$SCDIR/$side-ipsec.conf"
  [ -e "$dir/nss/cert9.db" ] || ipsec initnss --nssdir "$dir/nss" >"$SCDIR/$side-initnss.log" 2>&1 || fail "ipsec initnss in $side failed"
  rm -f "$dir/run/pluto.ctl"
  setsid ip netns exec "$side" ipsec pluto --nofork --config "$dir/ipsec.conf" --secretsfile "$dir/ipsec.secrets" \
    --rundir "$dir/run" --nssdir "$dir/nss" --ipsecdir "$dir" >>"$SCDIR/$side-pluto.out" 2>&1 </dev/null &
  echo $! >"$dir/pluto.pid"
  for i in $(seq 600); do [ -S "$dir/run/pluto.ctl" ] && break; sleep 0.1; done
  [ -S "$dir/run/pluto.ctl" ] || fail "pluto in $side did not create its control socket"
  whack_auto "$side" --add "$name" || fail "ipsec auto --add $name in $side failed"
  note "T_${side^^}_LIBRESWAN_START" "$(since "$t")"
}

whack_auto() {
  local side=$1 dir=/run/lab/$1/$SC
  shift
  timeout 120 ip netns exec "$side" ipsec auto --config "$dir/ipsec.conf" --ctlsocket "$dir/run/pluto.ctl" "$@" >>"$SCDIR/$side-whack.log" 2>&1
}

# kill_pluto SIDE: pluto dies without a word; what it left in the kernel goes too, so that a new pluto starts clean
kill_pluto() {
  kill -9 "$(cat /run/lab/$1/$SC/pluto.pid)" 2>/dev/null
  sleep 0.5
  ip -n "$1" xfrm state flush; ip -n "$1" xfrm policy flush
}

# strongswan_start SIDE CONN_NAME <<<SWANCTL_CONNECTION: charon (strongSwan 5.9 from the debootstrap chroot) in the
# side's namespace, with /proc, /dev and a tmpfs /run in the private mount namespace of its "ip netns exec", so that
# they vanish with it; swanctl reaches its vici socket through nsenter into that mount namespace (swanctl_in).
strongswan_start() {
  local side=$1 name=$2 t i
  [ -x "$SS_ROOT/usr/sbin/charon-systemd" ] || fail "no strongSwan chroot at $SS_ROOT"
  t=$(up)
  mkdir -p "/run/lab/$side"
  cat >"$SS_ROOT/etc/strongswan.d/zz-interop.conf" <<EOF
charon-systemd {
  journal {
    default = -1
  }
  filelog {
    stderr {
      default = 1
      time_format = %T
      flush_line = yes
    }
  }
}
charon { install_routes = no }
EOF
  { echo "connections {"; echo "  $name {"; cat; echo "  }"; echo "}"; } >"$SS_ROOT/etc/swanctl/conf.d/interop.conf"
  cp "$SS_ROOT/etc/swanctl/conf.d/interop.conf" "$SCDIR/$side-swanctl.conf"
  setsid ip netns exec "$side" sh -c "mount --bind /proc '$SS_ROOT/proc' && mount --bind /dev '$SS_ROOT/dev' &&
      mount -t tmpfs tmpfs '$SS_ROOT/run' && exec chroot '$SS_ROOT' /usr/sbin/charon-systemd" >"$SCDIR/$side-charon.log" 2>&1 </dev/null &
  echo $! >"/run/lab/$side/$SC.charon.pid"
  for i in $(seq 600); do swanctl_in "$side" --stats >/dev/null 2>&1 && break; sleep 0.1; done
  swanctl_in "$side" --load-all --noprompt >>"$SCDIR/$side-swanctl.log" 2>&1 || fail "swanctl --load-all in $side failed (see $side-swanctl.log)"
  note "T_${side^^}_STRONGSWAN_START" "$(since "$t")"
}

swanctl_in() {
  local side=$1
  shift
  timeout 120 nsenter -t "$(cat "/run/lab/$side/$SC.charon.pid")" -m -n chroot "$SS_ROOT" swanctl "$@"
}

# make_pki: an ECDSA P-256 CA and certificates for west and east (subject "O=SwanShell Interop, CN=<side>", a DNS
# name for each), west's as a PKCS#12 file with its key and the CA, east's in strongSwan's swanctl directories.
PKI_PASSWORD=interop-p12-password
make_pki() {
  local pki=$SCDIR/pki side
  mkdir -p "$pki"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/ca.key" -out "$pki/ca.pem" \
    -days 30 -subj "/O=SwanShell Interop/CN=Interop CA" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign >>"$pki/openssl.log" 2>&1 || fail "openssl: no CA"
  for side in west east; do
    # A file, not <(...): the guest has no /dev/fd.
    printf 'subjectAltName=DNS:%s\nkeyUsage=critical,digitalSignature\n' "$side" >"$pki/$side.ext"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/$side.key" -out "$pki/$side.csr" \
      -subj "/O=SwanShell Interop/CN=$side" >>"$pki/openssl.log" 2>&1 &&
    openssl x509 -req -in "$pki/$side.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 30 -out "$pki/$side.pem" \
      -extfile "$pki/$side.ext" >>"$pki/openssl.log" 2>&1 ||
      fail "openssl: no certificate for $side"
  done
  openssl pkcs12 -export -inkey "$pki/west.key" -in "$pki/west.pem" -certfile "$pki/ca.pem" -name west \
    -passout "pass:$PKI_PASSWORD" -out "$pki/west.p12" >>"$pki/openssl.log" 2>&1 || fail "openssl: no PKCS#12 file for west"
  cp "$pki/ca.pem" "$SS_ROOT/etc/swanctl/x509ca/interop-ca.pem" && cp "$pki/east.pem" "$SS_ROOT/etc/swanctl/x509/east.pem" &&
    cp "$pki/east.key" "$SS_ROOT/etc/swanctl/private/east.key" || fail "cannot put east's certificate into the strongSwan chroot"
}

# west_store: west's certificate store made with the cmdlets, as an operator makes it (initnss, import, checknss --settrusts)
west_store() {
  local store=/run/lab/west/$SC/store out
  mkdir -p "/run/lab/west/$SC"
  wait_agent west
  out=$(agent west 120 <<EOF
\$pw = [System.Security.SecureString]::new(); '$PKI_PASSWORD'.ToCharArray() | ForEach-Object { \$pw.AppendChar(\$_) }
Initialize-IpsecCertificateStore -StorePath '$store' | Out-Default
Import-IpsecCertificate -Path '$SCDIR/pki/west.p12' -Password \$pw -Name west -StorePath '$store' | Out-Default
Test-IpsecCertificateStore -SetTrust -StorePath '$store' | Out-Default
Get-IpsecCertificate -StorePath '$store' | ForEach-Object { Emit "cert \$(\$_.Name) \$(\$_.IsCertificateAuthority)" }
EOF
  ) || fail "west's certificate store: $out"
  echo "$out" >"$SCDIR/west-store.txt"
  SWANSHELL_SETUP=$'\tnssdir='"$store"$'\n'
}

# ------------------------------------------------------------------ kernel state and traffic
esp_states() { ip -n "$1" xfrm state 2>/dev/null | grep -c 'proto esp'; }
out_policies() { ip -n "$1" xfrm policy 2>/dev/null | grep -c 'dir out'; }
spis() { ip -n "$1" xfrm state 2>/dev/null | awk '/proto esp/ {print $4}' | sort | tr '\n' ' '; }

# wait_tunnel TIMEOUT SIDES...: >= 2 ESP states and an outbound policy in each
wait_tunnel() {
  local tmo=$1 t ns ok
  shift
  t=$(up)
  while :; do
    ok=1
    for ns in "$@"; do { [ "$(esp_states $ns)" -ge 2 ] && [ "$(out_policies $ns)" -ge 1 ]; } || ok=0; done
    [ $ok = 1 ] && { note T_TUNNEL "$(since "$t")"; return 0; }
    past "$t" "$tmo" && return 1
    sleep 0.2
  done
}

# wait_for TIMEOUT COMMAND...: until COMMAND succeeds
wait_for() {
  local tmo=$1 t
  shift
  t=$(up)
  until "$@"; do past "$t" "$tmo" && return 1; sleep 0.5; done
}

# traffic NAME FROM_NS SRC DST COUNT: pings through the tunnel while mid captures on its east side; ESP (or
# ESP-in-UDP) both ways for every reply and no cleartext ICMP on the wire, or the scenario fails
traffic() {
  local name=$1 ns=$2 src=$3 dst=$4 count=$5 cap i rx esp_out esp_in clear
  cap=$SCDIR/$name.pcap
  ip netns exec mid tcpdump -Z root --immediate-mode -U -n -i me -w "$cap" >"$SCDIR/$name-tcpdump.log" 2>&1 &
  local cap_pid=$!
  for i in $(seq 100); do grep -q 'listening on' "$SCDIR/$name-tcpdump.log" && break; sleep 0.1; done
  ip netns exec "$ns" ping -n -c "$count" -i 0.2 -W 3 -I "$src" "$dst" >"$SCDIR/$name-ping.txt" 2>&1
  sleep 1
  kill -INT $cap_pid 2>/dev/null; wait $cap_pid 2>/dev/null
  rx=$(awk '/packets transmitted/ {print $4}' "$SCDIR/$name-ping.txt")
  rx=${rx:-0}
  local espf='(esp or (udp port 4500 and udp[8:4] != 0))'
  esp_out=$(tcpdump -n -r "$cap" "$espf and dst host $E_OUT" 2>/dev/null | wc -l)
  esp_in=$(tcpdump -n -r "$cap" "$espf and src host $E_OUT" 2>/dev/null | wc -l)
  clear=$(tcpdump -n -r "$cap" icmp 2>/dev/null | wc -l)
  note "${name^^}" "$rx/$count replies, ESP to east $esp_out, from east $esp_in, clear ICMP $clear"
  [ "$rx" = "$count" ] || fail "$name: $rx/$count ping replies"
  [ "$esp_out" -ge "$rx" ] && [ "$esp_in" -ge "$rx" ] || fail "$name: too few ESP packets on the wire ($esp_out to east, $esp_in from east)"
  [ "$clear" = 0 ] || fail "$name: $clear cleartext ICMP packets on the wire"
}

# status SIDE CONN: Get-IpsecStatus in the side's agent; sets STATUS_* from the first Child SA
status() {
  local side=$1 conn=$2 out
  out=$(agent west 120 <<EOF
\$s = @(Get-IpsecStatus -RunDirectory '/run/lab/$side/$SC/run' -Name '$conn')
\$s | Out-Default
\$s.IkeSas | Out-Default
\$s.ChildSas | Out-Default
foreach (\$c in \$s) {
    Emit "conn \$(\$c.Name) \$(\$c.State)"
    foreach (\$i in \$c.IkeSas) { Emit "remoteid \$(\$i.RemoteId)"; Emit "ike \$(\$i.InitiatorSpi) \$(\$i.ResponderSpi) \$(\$i.Encryption) \$(\$i.Prf) \$(\$i.KeyExchange) \$(\$i.NatDetected)" }
    foreach (\$h in \$c.ChildSas) {
        Emit "child \$(\$h.InboundSpi) \$(\$h.OutboundSpi) \$(\$h.Encryption) \$(if (\$h.Integrity) { \$h.Integrity } else { '-' }) \$(\$h.BytesIn) \$(\$h.BytesOut) \$(\$h.PacketsIn) \$(\$h.PacketsOut) \$(\$h.UdpEncapsulation) \$(\$h.State)"
    }
}
EOF
  ) || fail "Get-IpsecStatus in $side failed: $out"
  echo "$out" >>"$SCDIR/status-$side.txt"
  STATUS_CONN=$(echo "$out" | awk '$1 == "conn" {print $3; exit}')
  STATUS_IKE=$(echo "$out" | awk '$1 == "ike" {$1 = ""; print; exit}')
  STATUS_IKE_COUNT=$(echo "$out" | grep -c '^ike ')
  STATUS_REMOTE_ID=$(echo "$out" | sed -n 's/^remoteid //p' | head -1)
  STATUS_CHILD_COUNT=$(echo "$out" | grep -c '^child ')
  read -r _ STATUS_IN_SPI STATUS_OUT_SPI STATUS_ENC STATUS_INTEG STATUS_BYTES_IN STATUS_BYTES_OUT STATUS_PKTS_IN STATUS_PKTS_OUT STATUS_ENCAP STATUS_CHILD_STATE \
    <<<"$(echo "$out" | grep '^child ' | tail -1)"
}

# status_shows_child SIDE CONN: the Child SA in Get-IpsecStatus is the one in the kernel, with algorithms and counters
status_shows_child() {
  local side=$1 conn=$2 kernel
  status "$side" "$conn"
  note "STATUS_${side^^}" "state=$STATUS_CONN ike=[$STATUS_IKE] child=[in ${STATUS_IN_SPI:-?} out ${STATUS_OUT_SPI:-?} ${STATUS_ENC:-?}/${STATUS_INTEG:-?} ${STATUS_BYTES_IN:-?}B/${STATUS_PKTS_IN:-?}p in ${STATUS_BYTES_OUT:-?}B/${STATUS_PKTS_OUT:-?}p out encap=${STATUS_ENCAP:-?}]"
  [ "$STATUS_CONN" = Established ] || fail "Get-IpsecStatus in $side: state $STATUS_CONN, not Established"
  [ -n "${STATUS_ENC:-}" ] && [ "$STATUS_ENC" != - ] || fail "Get-IpsecStatus in $side: no Child SA with an encryption algorithm"
  kernel=$(spis "$side")
  case " $kernel " in *" 0x$STATUS_IN_SPI "*) ;; *) fail "Get-IpsecStatus in $side: inbound SPI $STATUS_IN_SPI is not in the kernel ($kernel)" ;; esac
  case " $kernel " in *" 0x$STATUS_OUT_SPI "*) ;; *) fail "Get-IpsecStatus in $side: outbound SPI $STATUS_OUT_SPI is not in the kernel ($kernel)" ;; esac
}

# counters_move SIDE CONN FROM_NS SRC DST: more pings make Get-IpsecStatus's byte and packet counters grow
counters_move() {
  local side=$1 conn=$2 bin bout pin pout
  status_shows_child "$side" "$conn"
  bin=$STATUS_BYTES_IN bout=$STATUS_BYTES_OUT pin=$STATUS_PKTS_IN pout=$STATUS_PKTS_OUT
  [ "$pin" -gt 0 ] && [ "$pout" -gt 0 ] || fail "Get-IpsecStatus in $side: no packets counted after traffic ($pin in, $pout out)"
  ip netns exec "$3" ping -n -c 3 -i 0.2 -W 3 -I "$4" "$5" >/dev/null 2>&1
  status_shows_child "$side" "$conn"
  note "COUNTERS_${side^^}" "in ${bin}B/${pin}p -> ${STATUS_BYTES_IN}B/${STATUS_PKTS_IN}p, out ${bout}B/${pout}p -> ${STATUS_BYTES_OUT}B/${STATUS_PKTS_OUT}p"
  [ "$STATUS_BYTES_IN" -gt "$bin" ] && [ "$STATUS_BYTES_OUT" -gt "$bout" ] && [ "$STATUS_PKTS_IN" -gt "$pin" ] && [ "$STATUS_PKTS_OUT" -gt "$pout" ] ||
    fail "Get-IpsecStatus in $side: counters did not move with traffic"
}

# stop_leaves_nothing SIDE: Invoke-IpsecSetup -Action Stop, then no SA and no policy in the side's namespace
stop_leaves_nothing() {
  local side=$1 why=$2 out
  out=$(agent west 120 <<EOF
Invoke-IpsecSetup -Action Stop -RunDirectory '/run/lab/$side/$SC/run' -TimeoutSec 60 -WarningVariable w -ErrorAction Continue 2>&1 | Out-Default
foreach (\$m in \$w) { Emit "warning \$m" }
\$after = Invoke-IpsecSetup -Action Status -RunDirectory '/run/lab/$side/$SC/run'
Emit "running \$(\$after.Running)"
EOF
  )
  echo "$out" >"$SCDIR/stop-$side-$why.txt"
  echo "$out" | grep -qx 'running False' || fail "$why: the daemon in $side still runs after Invoke-IpsecSetup -Action Stop: $out"
  local sas pols
  sas=$(ip -n "$side" xfrm state | grep -c '^src') pols=$(ip -n "$side" xfrm policy | grep -c '^src')
  note "STOP_${why^^}" "$sas SAs, $pols policies left in $side"
  [ "$sas" = 0 ] && [ "$pols" = 0 ] || fail "$why: Invoke-IpsecSetup -Action Stop left $sas SAs and $pols policies in $side"
}

# ------------------------------------------------------------------ scenarios
# 1. SwanShell (west) <-> libreswan (east), host to host, PSK; SwanShell initiates or responds.
scenario_libreswan() {
  local initiator=$1
  conn_lines $E_OUT $W_OUT east west "" "" | libreswan_start east hosts
  conn_lines $W_OUT $E_OUT west east "" "" | swanshell_start west hosts
  if [ "$initiator" = swanshell ]; then
    local out
    out=$(agent west 150 <<<"Start-IpsecConnection hosts -RunDirectory '/run/lab/west/$SC/run' | Out-Default") ||
      fail "Start-IpsecConnection hosts failed: $out"
  else
    whack_auto east --up hosts || fail "libreswan's ipsec auto --up hosts failed"
  fi
  wait_tunnel 90 west east || fail "no ESP SAs and policies in both namespaces"
  traffic ping west $W_OUT $E_OUT 5
  counters_move west hosts west $W_OUT $E_OUT
  stop_leaves_nothing west stop
}

# 2. SwanShell (west) <-> strongSwan (east), subnet to subnet, ECDSA certificates from one CA; SwanShell's store is
# made with the cmdlets. SwanShell initiates or responds; both sides see the other's certificate DN as its ID.
scenario_strongswan() {
  local initiator=$1 out
  make_pki
  west_store
  strongswan_start east nets <<EOF
    version = 2
    local_addrs = $E_OUT
    remote_addrs = $W_OUT
    proposals = aes256gcm16-prfsha256-x25519, aes256gcm16-prfsha256-ecp256, default
    local {
      auth = pubkey
      certs = east.pem
      id = "O=SwanShell Interop, CN=east"
    }
    remote {
      auth = pubkey
      id = "O=SwanShell Interop, CN=west"
    }
    children {
      nets {
        local_ts = $E_NET
        remote_ts = $W_NET
        esp_proposals = aes256gcm16, aes256-sha256, default
        mode = tunnel
      }
    }
EOF
  printf '\tleft=%s\n\tleftcert=west\n\tleftid=%%fromcert\n\tleftsubnet=%s\n\tright=%s\n\trightid="O=SwanShell Interop, CN=east"\n\trightsubnet=%s\n\tauthby=ecdsa\n' \
    $W_OUT $W_NET $E_OUT $E_NET | swanshell_start west nets
  if [ "$initiator" = swanshell ]; then
    out=$(agent west 150 <<<"Start-IpsecConnection nets -RunDirectory '/run/lab/west/$SC/run' | Out-Default") ||
      fail "Start-IpsecConnection nets failed: $out"
  else
    swanctl_in east --initiate --child nets --timeout 90 >>"$SCDIR/east-swanctl.log" 2>&1 || fail "strongSwan's swanctl --initiate failed (see east-swanctl.log)"
  fi
  wait_tunnel 90 west east || fail "no ESP SAs and policies in both namespaces"
  traffic ping west $W_LAN $E_LAN 5
  counters_move west nets west $W_LAN $E_LAN
  note REMOTE_ID "$STATUS_REMOTE_ID"
  [ "$STATUS_REMOTE_ID" = "O=SwanShell Interop, CN=east" ] || fail "Get-IpsecStatus shows the peer as '$STATUS_REMOTE_ID', not its certificate's DN"
  swanctl_in east --list-sas >"$SCDIR/east-sas.txt" 2>&1
  grep -q 'O=SwanShell Interop, CN=west' "$SCDIR/east-sas.txt" || fail "strongSwan does not show west's certificate DN as the peer (east-sas.txt)"
  stop_leaves_nothing west stop
}

# 6. The peer's daemon dies (kill -9 pluto): liveness finds out. As initiator with auto=start SwanShell restarts the
# connection (libreswan 5's dpdaction); as responder with auto=add it clears the Child SA. Then Stop cleans up,
# also after kill -9 of our own daemon.
scenario_peer_dies() {
  local initiator=$1 auto=add old
  [ "$initiator" = swanshell ] && auto=start
  { conn_lines $E_OUT $W_OUT east west "" ""; printf '\tdpddelay=5\n'; } | libreswan_start east hosts
  { conn_lines $W_OUT $E_OUT west east "" ""; printf '\tdpddelay=3\n\tdpdtimeout=10\n\tauto=%s\n' $auto; } | swanshell_start west hosts
  [ "$initiator" = swanshell ] || whack_auto east --up hosts || fail "libreswan's ipsec auto --up hosts failed"
  wait_tunnel 90 west east || fail "no ESP SAs and policies in both namespaces"
  traffic ping west $W_OUT $E_OUT 3
  old=$(spis west)
  local t
  t=$(up)
  kill_pluto east
  wait_for 60 sh -c "[ \"\$(ip -n west xfrm state | grep -c 'proto esp')\" = 0 ]" ||
    fail "60 s after pluto died, SwanShell still has its ESP SAs ($(spis west))"
  note T_DEAD_DETECTED "$(since "$t")"
  status west hosts
  note STATUS_AFTER_DEATH "state=$STATUS_CONN children=$STATUS_CHILD_COUNT"
  [ "$STATUS_CHILD_COUNT" = 0 ] || fail "Get-IpsecStatus still lists a Child SA after the peer died"
  # The peer comes back: SwanShell restarts the connection (initiator), or the peer starts it again (responder).
  conn_lines $E_OUT $W_OUT east west "" "" | libreswan_start east hosts
  [ "$initiator" = swanshell ] || whack_auto east --up hosts || fail "libreswan's ipsec auto --up hosts (again) failed"
  wait_tunnel 120 west east || fail "the connection did not come back after the peer restarted"
  traffic ping-again west $W_OUT $E_OUT 3
  [ "$(spis west)" != "$old" ] || fail "the SPIs did not change: no new Child SA"
  if [ "$initiator" = swanshell ]; then
    stop_leaves_nothing west stop
  else
    kill -9 "$(cat /run/lab/west/$SC/run/pluto.pid)" || fail "no pid file of the SwanShell daemon"
    sleep 1
    note AFTER_KILL9 "$(esp_states west) ESP SAs left by the killed daemon"
    [ "$(esp_states west)" -ge 2 ] || fail "the killed daemon's SAs were already gone: the test proves nothing"
    stop_leaves_nothing west stop-after-kill9
  fi
}

# 3. SwanShell <-> SwanShell, auto=ondemand: the first packet hits the trap (ACQUIRE), the tunnel comes up and
# traffic flows; Stop-IpsecConnection keeps the trap, Remove-IpsecRoute removes it. West's leftsourceip is an
# address it lacks: routing adds it, and the route that gives it to local traffic for east's subnet (the first ping
# names no source), and Remove-IpsecRoute takes both away.
scenario_ondemand() {
  { conn_lines $E_OUT $W_OUT east west $E_NET $W_NET; } | swanshell_start east nets
  { conn_lines $W_OUT $E_OUT west east $W_NET $E_NET; printf '\tleftsourceip=%s\n\tauto=ondemand\n' $W_SRC; } | swanshell_start west nets
  ip -n west xfrm policy | grep -q 'dir out' || fail "no trap policy in west after starting with auto=ondemand"
  [ "$(esp_states west)" = 0 ] || fail "ESP SAs before any traffic"
  local route
  route=$(ip -n west route get $E_LAN 2>&1)
  note SOURCE_ROUTE "$route"
  ip -n west addr show dev lo | grep -q "inet $W_SRC/32" || fail "leftsourceip $W_SRC was not added to west"
  case "$route" in *"src $W_SRC "*) ;; *) fail "traffic to $E_LAN does not leave with leftsourceip $W_SRC: $route" ;; esac
  local t
  t=$(up)
  wait_for 120 ip netns exec west ping -n -c 1 -W 2 $E_LAN >/dev/null || fail "no ping (from leftsourceip) answered within 120 s of the first one"
  note T_FIRST_REPLY "$(since "$t")"
  grep -q "matched its trap" "/run/lab/west/$SC/run/pluto.log" || fail "the west daemon did not log an ACQUIRE"
  traffic ping west $W_LAN $E_LAN 5
  counters_move west nets west $W_LAN $E_LAN
  local out
  out=$(agent west 120 <<EOF
Stop-IpsecConnection nets -RunDirectory '/run/lab/west/$SC/run' | Out-Default
EOF
  ) || fail "Stop-IpsecConnection failed: $out"
  ip -n west xfrm policy | grep -q 'dir out' || fail "Stop-IpsecConnection removed the trap of the routed conn"
  out=$(agent west 120 <<EOF
Remove-IpsecRoute nets -RunDirectory '/run/lab/west/$SC/run' | Out-Default
EOF
  ) || fail "Remove-IpsecRoute failed: $out"
  local pols
  # Not counting the IKE sockets' own bypass policies ("socket in/out"): they go with the daemon.
  pols=$(ip -n west xfrm policy | grep -cE '^\s*dir (in|out|fwd)')
  note AFTER_UNROUTE "$pols policies, $(esp_states west) ESP SAs in west"
  [ "$pols" = 0 ] || fail "Remove-IpsecRoute left $pols policies"
  ip -n west addr show dev lo | grep -q "$W_SRC" && fail "Remove-IpsecRoute left the leftsourceip $W_SRC on lo"
  [ -z "$(ip -n west route show table 221)" ] || fail "Remove-IpsecRoute left routes in table 221: $(ip -n west route show table 221)"
  ip netns exec west ping -n -c 2 -W 1 -I $W_LAN $E_LAN >/dev/null && fail "pings still answered after Remove-IpsecRoute"
  stop_leaves_nothing west stop
}

# 5. A NAT (masquerade in mid) between the peers: NAT-T moves IKE to 4500 and ESP into UDP. SwanShell behind the
# NAT initiates to libreswan, or answers libreswan behind the NAT.
scenario_nat() {
  local ours=$1 theirs conn
  ip netns exec mid nft -f - <<EOF || fail "nft masquerade setup failed"
table ip interop {
  chain masq {
    type nat hook postrouting priority srcnat;
    oifname "me" masquerade
  }
  chain fromeast {
    type filter hook forward priority filter;
    ct state established,related accept
    iifname "me" drop
  }
}
EOF
  if [ "$ours" = west ]; then
    conn_lines $E_OUT %any east west $E_NET $W_NET | libreswan_start east nets
    conn_lines $W_OUT $E_OUT west east $W_NET $E_NET | swanshell_start west nets
    out=$(agent west 150 <<<"Start-IpsecConnection nets -RunDirectory '/run/lab/west/$SC/run' | Out-Default") ||
      fail "Start-IpsecConnection nets failed: $out"
  else
    conn_lines $E_OUT %any east west $E_NET $W_NET | swanshell_start east nets
    conn_lines $W_OUT $E_OUT west east $W_NET $E_NET | libreswan_start west nets
    whack_auto west --up nets || fail "libreswan's ipsec auto --up nets failed"
  fi
  wait_tunnel 90 west east || fail "no ESP SAs and policies in both namespaces"
  traffic ping west $W_LAN $E_LAN 5
  local espudp plain
  espudp=$(tcpdump -n -r "$SCDIR/ping.pcap" 'udp port 4500 and udp[8:4] != 0' 2>/dev/null | wc -l)
  plain=$(tcpdump -n -r "$SCDIR/ping.pcap" esp 2>/dev/null | wc -l)
  note NAT_T "ESP in UDP 4500: $espudp, plain ESP: $plain"
  [ "$espudp" -ge 10 ] && [ "$plain" = 0 ] || fail "ESP did not go in UDP 4500 through the NAT"
  status_shows_child "$ours" nets
  [ "$STATUS_ENCAP" = True ] || fail "Get-IpsecStatus does not show UDP encapsulation"
  counters_move "$ours" nets west $W_LAN $E_LAN
  stop_leaves_nothing "$ours" stop
}

# 4. Rekey under traffic with short lifetimes: the side with the shorter ones rekeys the Child SA and the IKE SA;
# pings keep flowing, the old SAs are deleted.
scenario_rekey() {
  local ours=$1 short=$'\tsalifetime=40s\n\tikelifetime=70s\n\trekeymargin=20s\n\trekeyfuzz=0%\n' long=$'\tsalifetime=1h\n\tikelifetime=2h\n'
  local mine theirs
  if [ "$ours" = initiator ]; then mine=$short theirs=$long; else mine=$long theirs=$short; fi
  { conn_lines $E_OUT $W_OUT east west $E_NET $W_NET; printf '%s' "$theirs"; } | libreswan_start east nets
  { conn_lines $W_OUT $E_OUT west east $W_NET $E_NET; printf '%s' "$mine"; } | swanshell_start west nets
  local out
  out=$(agent west 150 <<<"Start-IpsecConnection nets -RunDirectory '/run/lab/west/$SC/run' | Out-Default") ||
    fail "Start-IpsecConnection nets failed: $out"
  wait_tunnel 90 west east || fail "no ESP SAs and policies in both namespaces"
  status west nets
  local ike0=$STATUS_IKE child0="$STATUS_IN_SPI $STATUS_OUT_SPI"
  ip netns exec west ping -n -i 0.5 -W 2 -w 75 -I $W_LAN $E_LAN >"$SCDIR/ping-rekey.txt" 2>&1 &
  local ping_pid=$! t
  t=$(up)
  wait $ping_pid
  local tx rx
  tx=$(awk '/packets transmitted/ {print $1}' "$SCDIR/ping-rekey.txt") rx=$(awk '/packets transmitted/ {print $4}' "$SCDIR/ping-rekey.txt")
  status west nets
  note REKEY "ike [$ike0] -> [$STATUS_IKE], child [$child0] -> [$STATUS_IN_SPI $STATUS_OUT_SPI], pings $rx/$tx, ESP SAs west $(esp_states west) east $(esp_states east)"
  [ "$STATUS_CONN" = Established ] || fail "not established after the rekeys"
  [ "$child0" != "$STATUS_IN_SPI $STATUS_OUT_SPI" ] || fail "the Child SA was not rekeyed"
  [ "$ike0" != "$STATUS_IKE" ] || fail "the IKE SA was not rekeyed"
  [ "$STATUS_IKE_COUNT" = 1 ] || fail "$STATUS_IKE_COUNT IKE SAs after the rekey"
  [ $((tx - rx)) -le 4 ] || fail "$((tx - rx)) of $tx pings lost across the rekeys"
  [ "$(esp_states west)" -le 4 ] || fail "old Child SAs were not deleted ($(esp_states west) ESP SAs in west)"
  traffic ping west $W_LAN $E_LAN 5
  stop_leaves_nothing west stop
}

run_scenario() {
  SC=$1
  SCDIR=$RUN/$SC
  mkdir -p "$SCDIR"
  local t
  t=$(up)
  case "$SC" in
    libreswan-initiator) scenario_libreswan swanshell ;;
    libreswan-responder) scenario_libreswan libreswan ;;
    strongswan-initiator) scenario_strongswan swanshell ;;
    strongswan-responder) scenario_strongswan strongswan ;;
    peer-dies-initiator) scenario_peer_dies swanshell ;;
    peer-dies-responder) scenario_peer_dies libreswan ;;
    ondemand) scenario_ondemand ;;
    nat-initiator) scenario_nat west ;;
    nat-responder) scenario_nat east ;;
    rekey-initiator) scenario_rekey initiator ;;
    rekey-responder) scenario_rekey responder ;;
    *) fail "unknown scenario $SC" ;;
  esac
  note T_SCENARIO "$(since "$t")"
  finish PASS
}

if [ "${1:-}" = --scenario ]; then
  RUN=$3
  . "$RUN/config.env"
  run_scenario "$2"
fi
RUN=$1
run_all
