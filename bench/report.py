#!/usr/bin/env python3
"""Turns what bench/run.sh collected in a work directory into the results file (markdown on stdout).

Inputs in the directory: meta.txt (key=value), handshake.txt (PAIR/RESULT/FAILED lines of strongswan/run.sh),
scale.txt (SCALE and SAS lines of control-plane.ps1), crypto/*.csv (BenchmarkDotNet's CSV reports). Each is optional.
"""
import csv
import os
import sys

NAMES = {"strongswan": "strongSwan 5.9.8", "swanshell": "SwanShell"}


def kv(line):
    return dict(p.split("=", 1) for p in line.split() if "=" in p)


def num(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def read_handshake(path):
    runs, pair = [], None
    if not os.path.exists(path):
        return runs
    for line in open(path):
        if line.startswith("PAIR "):
            pair = kv(line)
        elif line.startswith("RESULT ") and pair:
            runs.append(dict(pair, **{"r_" + k: v for k, v in kv(line).items()}))
            pair = None
        elif line.startswith("FAILED "):
            # why= is free text, the rest of the line
            head, _, why = line.rstrip("\n").partition(" why=")
            runs.append(dict(kv(head), failed_run="1", why=why.strip()))
            pair = None
    return runs


def variant(r):
    """The row's scenario: its name, and whether each IKE SA brought up a Child SA."""
    child = r.get("child", "none")
    return r.get("scenario"), child


def variant_label(scenario, child):
    return scenario if child == "none" else f"{scenario} + Child SA"


def held(r):
    ike, child = num(r.get("r_resp_ike_sas")), num(r.get("r_resp_child_sas"))
    show = lambda v: "–" if v is None or v < 0 else fmt(v)
    return f"{show(ike)} / {show(child)}"


def handshake_section(runs, out):
    out.append("## 1. Handshake rate: IKE SAs, closed loop\n")
    out.append("Each row is one pair (responder ← initiator) in its own network namespace on loopback, "
               "C exchanges in flight, K = 100 initiator identities, AES-GCM-128 / PRF-HMAC-SHA256. "
               "psk-*: a pre-shared key with Curve25519, ECP-256 or MODP-2048. ecdsa-p256 and rsa2048: ECP-256, "
               "and certificates from one CA (strongSwan's pki, made by the anchor): the responder's, and one "
               "certificate with its own key per initiator identity; each side sends its certificate and checks the "
               "other's chain to the CA. SwanShell's responder has them in its certificate store "
               "(Initialize-IpsecCertificateStore, Import-IpsecCertificate, Test-IpsecCertificateStore -SetTrust; "
               "`leftcert=`), SwanShell's initiator loads them from the PEM files.\n")
    out.append("Childless rows bring up the IKE SA alone (RFC 6023). \"+ Child SA\" rows bring up one Child SA in each "
               "IKE_AUTH (tunnel, 127.0.1.1 ↔ 127.0.2.1, AES-GCM-128): strongSwan installs it into kernel-libipsec "
               "(userspace ESP; this kernel has XFRM but no ESP), SwanShell's responder into its Memory kernel back "
               "end; SwanShell's initiator (bench/Handshake, the load generator) negotiates it and installs it nowhere, "
               "so its CPU per SA is the negotiation alone.\n")
    out.append("CPU per SA is each daemon's utime+stime over the window (from /proc), KiB per SA its RSS growth "
               "over the N SAs, which stay established. SwanShell's responder is the daemon as a platform "
               "publish ships it (`swanshell-pluto`, compiled ahead of time) with the Memory kernel back end; SwanShell's initiator is bench/Handshake (the IKE engine over UDP). \"Held\": the "
               "established IKE SAs and installed Child SAs the responder lists after the run (warm-up included).\n")
    out.append("| scenario | responder ← initiator | ok / n | SAs/s | responder CPU-ms/SA | initiator CPU-ms/SA "
               "| responder KiB/SA | latency p50 / p99 ms | held: IKE / Child SAs | others' CPU s in the window |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    by = {}
    for r in runs:
        label = f"{NAMES.get(r.get('resp'), r.get('resp'))} ← {NAMES.get(r.get('init'), r.get('init'))}"
        name = variant_label(*variant(r))
        if r.get("failed_run"):
            out.append(f"| {name} | {label} | run failed: {r.get('why') or 'no message'} | – | – | – | – | – | – | – |")
            continue
        by[variant(r) + (r["resp"], r["init"])] = r
        ok = f"{r['r_ok']} / {r['r_n']}" + (f" ({r['r_failed']} failed)" if r.get("r_failed") not in ("0", None) else "")
        out.append(f"| {name} | {label} | {ok} | {fmt(num(r['r_sas_per_s']))} "
                   f"| {fmt(num(r['r_resp_cpu_ms_per_sa']), 2)} | {fmt(num(r['r_init_cpu_ms_per_sa']), 2)} "
                   f"| {fmt(num(r['r_resp_kb_per_sa']), 1)} | {r['r_lat_ms_p50']} / {r['r_lat_ms_p99']} "
                   f"| {held(r)} | {r.get('r_other_cpu_s', '–')} |")
    out.append("")

    out.append("### Ratios (SwanShell / strongSwan, same run) and the targets\n")
    out.append("| scenario | responder SAs/s (same strongSwan initiator) | responder CPU-ms/SA (target ≤ 0.5) "
               "| responder KiB/SA (target ≤ 0.5) | SwanShell↔SwanShell / strongSwan↔strongSwan SAs/s (target ≥ 2) "
               "| initiator CPU-ms/SA (same strongSwan responder) |")
    out.append("|---|---|---|---|---|---|")
    variants = []
    for (s, child, _, _) in by:
        if (s, child) not in variants:
            variants.append((s, child))
    for v in variants:
        ss = by.get(v + ("strongswan", "strongswan"))
        sw_resp = by.get(v + ("swanshell", "strongswan"))
        sw_init = by.get(v + ("strongswan", "swanshell"))
        sw_sw = by.get(v + ("swanshell", "swanshell"))

        def r(a, b, key):
            if not a or not b:
                return "–"
            x = ratio(num(a[key]), num(b[key]))
            return "–" if x is None else f"{x:.2f}×"
        out.append(f"| {variant_label(*v)} | {r(sw_resp, ss, 'r_sas_per_s')} | {r(sw_resp, ss, 'r_resp_cpu_ms_per_sa')} "
                   f"| {r(sw_resp, ss, 'r_resp_kb_per_sa')} | {r(sw_sw, ss, 'r_sas_per_s')} "
                   f"| {r(sw_init, ss, 'r_init_cpu_ms_per_sa')} |")
    out.append("")
    status = [r for r in runs if r.get("r_status_ms")]
    if status:
        out.append("### Get-IpsecStatus against the SwanShell responder holding the SAs of its run\n")
        out.append("| scenario | initiator | established IKE SAs | Get-IpsecStatus ms | … \\| Where-Object State -ne Added ms |")
        out.append("|---|---|---|---|---|")
        for r in status:
            out.append(f"| {variant_label(*variant(r))} | {NAMES.get(r['init'])} | {r.get('r_resp_ike_sas')} "
                       f"| {r['r_status_ms']} | {r.get('r_status_where_ms', '–')} |")
        out.append("")
    return by


def scale_section(path, out):
    if not os.path.exists(path):
        return
    lines = open(path).readlines()
    rows = [kv(line) for line in lines if line.startswith("SCALE ")]
    sas = [kv(line) for line in lines if line.startswith("SAS ")]
    ups = [kv(line) for line in lines if line.startswith("UP ")]
    out.append("## 2. Control-plane scale (Memory kernel back end)\n")
    out.append("Start to ready: `Invoke-IpsecSetup -Action Start` with N `auto=add` conns until it returns "
               "(the daemon answers with its conns loaded). Add all: one `Add-IpsecConnection -AllConnections` "
               "into a daemon started empty. Add one: a single `Add-IpsecConnection NAME` with N conns loaded "
               "(mean of 10); it must not grow with N. Idle RSS: the daemon with N conns, no SAs. "
               "Each cell is wall-clock ms, then in brackets the CPU ms of the daemon + of the cmdlet's process "
               "(for start: the daemon's CPU from exec to ready). On a loaded machine the wall clock mostly "
               "measures the load; the CPU time is what the operation costs.\n")
    out.append("| conns | start to ready ms (target ≤ 2,000 at 10k) | idle RSS MiB | Get-IpsecStatus ms "
               "| … \\| Where-Object ms | Add all ms (target ≤ 5,000 at 10k) | Add one ms |")
    out.append("|---|---|---|---|---|---|---|")

    def cpu(r, key, digits=0):
        d, c = num(r.get(f"{key}_daemon_cpu_ms")), num(r.get(f"{key}_client_cpu_ms"))
        return "" if d is None or c is None else f" [{fmt(d, digits)} + {fmt(c, digits)}]"
    for r in rows:
        start_cpu = num(r.get("start_daemon_cpu_ms"))
        out.append(f"| {fmt(num(r['count']))} | {fmt(num(r['start_ready_ms']))}{'' if start_cpu is None else f' [{fmt(start_cpu)}]'} "
                   f"| {fmt(num(r['idle_rss_kb']) / 1024, 1)} "
                   f"| {fmt(num(r['status_ms']))}{cpu(r, 'status')} | {fmt(num(r['status_where_ms']))} "
                   f"| {fmt(num(r['add_all_ms']))}{cpu(r, 'add_all')} | {fmt(num(r['add_one_ms']), 1)}{cpu(r, 'add_one', 1)} |")
    if rows:
        out.append(f"\nDaemon RSS at idle with no conns: {fmt(num(rows[0]['empty_idle_rss_kb']) / 1024, 1)} MiB.\n")
    if sas:
        out.append("### Established IKE SAs: Get-IpsecStatus and memory per SA\n")
        out.append("N childless IKE SAs (PSK, Curve25519, bench/Handshake as the initiator, 16 in flight) into a responder "
                   "daemon with one `right=%any` conn, after a warm-up of 20. Memory per SA: the daemon's RSS growth, "
                   "and its managed heap growth after a full GC (dotnet-gcdump), over the N SAs. The daemon here is the "
                   "ReadyToRun `swanshell pluto` (a natively compiled daemon has no heap to dump; the objects per SA are "
                   "the same); the rest of this file measures the native `swanshell-pluto`.\n")
        out.append("| IKE SAs | SAs/s | daemon CPU-ms/SA | RSS B/SA | managed heap B/SA (target ≤ 5,120) "
                   "| Get-IpsecStatus ms (target ≤ 1,000 at 10k) | … \\| Where-Object ms |")
        out.append("|---|---|---|---|---|---|---|")
        for r in sas:
            heap = num(r.get("heap_per_sa_b"))
            out.append(f"| {fmt(num(r['count']))} | {fmt(num(r['sas_per_s']))} | {fmt(num(r['daemon_cpu_ms_per_sa']), 2)} "
                       f"| {fmt(num(r['rss_per_sa_b']))} | {'not measured' if heap is None else fmt(heap)} "
                       f"| {fmt(num(r['status_ms']))}{cpu(r, 'status')} | {fmt(num(r['status_where_ms']))} |")
        out.append("")
    if ups:
        out.append("### Bringing tunnels up with Start-IpsecConnection -AsJob\n")
        out.append("N conns in an initiator daemon (127.0.0.2), each its own IKE SA and Child SA (PSK, Curve25519, "
                   "AES-GCM-128) to one `right=%any` conn of a responder daemon (127.0.0.1), both on the Memory kernel "
                   "back end: `Start-IpsecConnection -Name (all) -AsJob` until the job completes, every tunnel "
                   "established on both sides. CPU per tunnel must not grow with N.\n")
        out.append("| tunnels | up ms | tunnels/s | initiator daemon CPU-ms/tunnel | responder daemon CPU-ms/tunnel "
                   "| cmdlet process CPU-ms/tunnel |")
        out.append("|---|---|---|---|---|---|")
        for r in ups:
            n = num(r["count"])
            out.append(f"| {fmt(n)} | {fmt(num(r['up_ms']))} | {fmt(num(r['tunnels_per_s']))} "
                       f"| {fmt(num(r['initiator_cpu_ms']) / n, 2)} | {fmt(num(r['responder_cpu_ms']) / n, 2)} "
                       f"| {fmt(num(r['client_cpu_ms']) / n, 2)} |")
        out.append("")


def microseconds(text):
    value, _, unit = text.replace(",", "").partition(" ")
    factor = {"ns": 0.001, "us": 1, "μs": 1, "ms": 1000, "s": 1e6}.get(unit.strip(), None)
    return float(value) * factor if factor is not None else None


def crypto_section(path, out, by):
    if not os.path.isdir(path) and not os.path.exists(path + "-cpu.txt"):
        return
    cpu = {}
    if os.path.exists(path + "-cpu.txt"):
        for line in open(path + "-cpu.txt"):
            if line.startswith("CRYPTO "):
                r = kv(line)
                cpu[(r["method"], "" if r["group"] == "-" else r["group"])] = num(r["cpu_us"])
    rows = []
    for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
        rows += [dict(r, Type=name.split("-report")[0].rsplit(".", 1)[-1]) for r in csv.DictReader(open(os.path.join(path, name)))]
    out.append("## 3. Crypto per IKE SA\n")
    out.append("CPU µs: process CPU time per operation (`Crypto cpu`), which a busy machine does not inflate; "
               "BenchmarkDotNet µs: its wall-clock mean, trustworthy only on an idle machine.\n")
    out.append("| benchmark | group | CPU µs | BenchmarkDotNet µs | allocated |")
    out.append("|---|---|---|---|---|")
    wall = {}
    for r in rows:
        wall[(r["Method"], r.get("Group", ""))] = (microseconds(r.get("Mean", "")), r.get("Allocated", ""), r.get("Type", ""))
    for key in sorted(set(cpu) | set(wall)):
        us, allocated, kind = wall.get(key, (None, "", ""))
        out.append(f"| {kind + '.' if kind else ''}{key[0]} | {key[1]} | {fmt(cpu.get(key), 1)} | {fmt(us, 1)} | {allocated} |")
    out.append("")
    per = {k: cpu.get(k, v[0]) for k, v in wall.items()} | cpu
    kdf = per.get(("SkeyseedAndIkeSaKeys", ""))
    # scenario -> (key exchange group, AUTH work: 2 PSK AUTHs, or the verify of the peer's signature + our own)
    scenarios = {"psk-x25519": ("CURVE25519", "psk"), "psk-ecp256": ("ECP_256", "psk"), "psk-modp2048": ("MODP_2048", "psk"),
                 "ecdsa-p256": ("ECP_256", "EcdsaP256VerifyAndSign"), "rsa2048": ("ECP_256", "Rsa2048VerifyAndSign")}
    out.append("### How close the responder is to the crypto limit\n")
    out.append("Crypto floor = key exchange + SKEYSEED/keys + AUTH: for PSK 2 × PSK AUTH (verify the peer's, compute ours), "
               "for certificates the verify of the peer's signature and our own signature (the check of the CA's "
               "signature on the peer's certificate is not in it: the floor is a lower bound there). Engine = both "
               "engines of one in-process childless PSK handshake (initiator and responder) / 2. CPU µs where measured. "
               "Daemon = the responder's measured CPU-ms/SA above (childless, strongSwan initiator).\n")
    out.append("| scenario | crypto floor µs | engine, per side µs | SwanShell daemon µs | strongSwan daemon µs | daemon / floor |")
    out.append("|---|---|---|---|---|---|")
    for scenario, (group, auth_work) in scenarios.items():
        ke = per.get(("ResponderKeyExchange", group))
        auth = per.get(("PskAuthentication" if auth_work == "psk" else auth_work, ""))
        if auth is not None and auth_work == "psk":
            auth *= 2
        if ke is None or kdf is None or auth is None:
            continue
        floor = ke + kdf + auth
        engine = per.get(("ChildlessIkeSa", group)) if auth_work == "psk" else None
        sw = by.get((scenario, "none", "swanshell", "strongswan"))
        ss = by.get((scenario, "none", "strongswan", "strongswan"))
        sw_us = num(sw["r_resp_cpu_ms_per_sa"]) * 1000 if sw else None
        ss_us = num(ss["r_resp_cpu_ms_per_sa"]) * 1000 if ss else None
        times = ratio(sw_us, floor)
        out.append(f"| {scenario} | {fmt(floor)} | {fmt(engine / 2 if engine else None)} | {fmt(sw_us)} | {fmt(ss_us)} "
                   f"| {'–' if times is None else f'{times:.1f}×'} |")
    out.append("")

def main():
    work = sys.argv[1]
    meta = {}
    if os.path.exists(os.path.join(work, "meta.txt")):
        meta = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(work, "meta.txt")) if "=" in line)
    out = [f"# Benchmark results, {meta.get('date', '?')}\n",
           f"- Machine: {meta.get('host', '?')}; .NET SDK {meta.get('dotnet', '?')}; SwanShell commit {meta.get('commit', '?')}.",
           f"- Parameters: {meta.get('params', '?')}.",
           f"- Load average at start / end: {meta.get('loadavg_start', '?')} / {meta.get('loadavg_end', '?')}.",
           "- The machine is shared with other builds: absolute numbers move by tens of percent between runs. "
           "The ratios between rows of ONE run are what counts; the pairs of a scenario run one after another. "
           "The last column of the first table says how much CPU other processes took during each window.",
           "- Produced by `bench/run.sh`; see bench/README.md.\n"]
    by = handshake_section(read_handshake(os.path.join(work, "handshake.txt")), out) \
        if os.path.exists(os.path.join(work, "handshake.txt")) else {}
    scale_section(os.path.join(work, "scale.txt"), out)
    crypto_section(os.path.join(work, "crypto"), out, by)
    print("\n".join(out))


if __name__ == "__main__":
    main()
