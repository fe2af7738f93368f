#!/usr/bin/env python3
"""raw-protocol.py - the gdbstub at the packet level, where gdb itself cannot be steered:
acks and QStartNoAckMode, qSupported, target.xml in pieces, vFile host I/O (open, pread,
fstat, close and their errors), g/p/P, m of unmapped memory
(an error, vemu survives), M and X (binary with escaped bytes) writes, Z0/z0, vCont step
and continue, the ^C interrupt byte while the guest runs, an unsupported watchpoint, k,
and D (detach: the program runs on to its own exit status).

    tests/gdb/raw-protocol.py build/vemu-aarch64 build/tests/gdb/gdb-target [native|tci]

Prints PASS/FAIL per check; exits 1 on any failure.
"""
import os
import re
import socket
import subprocess
import sys
import time

vemu, prog = sys.argv[1], sys.argv[2]
accel = sys.argv[3] if len(sys.argv) > 3 else "native"
failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    if not ok:
        failures += 1


def symbols():
    out = subprocess.run(["nm", prog], capture_output=True, text=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Stub:
    def __init__(self, mode):
        self.port = free_port()
        self.proc = subprocess.Popen([vemu, "-accel", accel, "-g", str(self.port), prog, mode],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=20)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        self.acks = True
        self.buf = b""

    def byte(self):
        if not self.buf:
            self.buf = self.sock.recv(65536)
            if not self.buf:
                raise EOFError("connection closed")
        c, self.buf = self.buf[:1], self.buf[1:]
        return c

    def send(self, payload):
        if isinstance(payload, str):
            payload = payload.encode()
        self.sock.sendall(b"$" + payload + b"#%02x" % (sum(payload) & 0xFF))
        if self.acks:
            c = self.byte()
            assert c == b"+", "expected an ack, got %r" % c

    def recv(self):
        while self.byte() != b"$":
            pass
        raw = b""
        while True:
            c = self.byte()
            if c == b"#":
                break
            raw += c
        csum = int(self.byte() + self.byte(), 16)
        assert csum == sum(raw) & 0xFF, "bad checksum on %r" % raw
        if self.acks:
            self.sock.sendall(b"+")
        out, i = b"", 0
        while i < len(raw):
            if raw[i:i + 1] == b"}":
                out += bytes([raw[i + 1] ^ 0x20])
                i += 2
            else:
                out += raw[i:i + 1]
                i += 1
        return out

    def ask(self, payload):
        self.send(payload)
        return self.recv()

    def finish(self):
        try:
            return self.proc.wait(timeout=20)
        finally:
            self.sock.close()
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


def le64(hexstr):
    return int.from_bytes(bytes.fromhex(hexstr), "little")


syms = symbols()

# --- session 1: the spinning program ---
s = Stub("spin")
r = s.ask("qSupported:multiprocess+;swbreak+;xmlRegisters=i386").decode()
check("qSupported announces PacketSize and target.xml",
      "PacketSize=4000" in r and "qXfer:features:read+" in r and "QStartNoAckMode+" in r, r)
check("QStartNoAckMode", s.ask("QStartNoAckMode") == b"OK")
s.acks = False
r = s.ask("?").decode()
m = re.match(r"T05thread:([0-9a-f]+);", r)
check("initial stop is SIGTRAP with a thread", m is not None, r)
tid = m.group(1) if m else "1"
xml, off = b"", 0
while True:
    part = s.ask("qXfer:features:read:target.xml:%x,%x" % (off, 0x100))
    xml += part[1:]
    off += len(part) - 1
    if part[:1] != b"m":
        break
check("target.xml read in 256-byte pieces",
      b"org.gnu.gdb.aarch64.core" in xml and b"org.gnu.gdb.aarch64.fpu" in xml and
      b'<reg name="v31" bitsize="128"' in xml and b"<architecture>aarch64</architecture>" in xml,
      xml[:200].decode(errors="replace"))
check("unknown qXfer annex is an error",
      s.ask("qXfer:features:read:other.xml:0,100").startswith(b"E"))
g = s.ask("g").decode()
check("g returns 33x8 + 4 + 32x16 + 4 + 4 bytes", len(g) == 2 * (33 * 8 + 4 + 32 * 16 + 8),
      "%d hex digits" % len(g))
pc = s.ask("p20").decode()
check("p20 (pc) agrees with g", pc == g[2 * 8 * 32:2 * 8 * 33], pc)
check("P0 writes x0", s.ask("P0=efcdab8967452301") == b"OK")
check("p0 reads it back", s.ask("p0") == b"efcdab8967452301")
check("p of a register that does not exist", s.ask("p99").startswith(b"E"))
check("m of unmapped memory is an error", s.ask("m0,4") == b"E14")
check("m of an address past the guest is an error", s.ask("mffffffffffff0000,8") == b"E14")
sc = syms["scratch"]
check("m reads the guest's variable", s.ask("m%x,4" % sc) == b"78563412")
check("M writes guest memory", s.ask("M%x,4:efbeadde" % sc) == b"OK")
check("m sees the M write", s.ask("m%x,4" % sc) == b"efbeadde")
binary = bytes([0x23, 0x24, 0x7D, 0x2A])  # '#', '$', '}', '*': sent escaped
s.send(b"X%x,4:" % sc + b"".join(b"}" + bytes([c ^ 0x20]) for c in binary))
check("X writes binary data", s.recv() == b"OK")
check("m sees the X write", s.ask("m%x,4" % sc) == b"23247d2a")
check("M to unmapped memory is an error", s.ask("M0,1:00") == b"E14")
def hexs(text):
    return text.encode().hex()


r = s.ask("qXfer:exec-file:read::0,fff")
check("qXfer:exec-file:read names the program",
      r[:1] == b"l" and os.path.samefile(r[1:].decode(), prog), repr(r))
check("vFile:setfs", s.ask("vFile:setfs:0") == b"F0")
check("vFile:open of a missing file is ENOENT",
      s.ask("vFile:open:%s,0,0" % hexs("/no/such/file")) == b"F-1,2")
check("vFile:open for writing is refused (EACCES)",
      s.ask("vFile:open:%s,1,1a4" % hexs(prog)) == b"F-1,d")
r = s.ask("vFile:open:%s,0,0" % hexs(os.path.abspath(prog))).decode()
check("vFile:open of the program", re.match(r"F[0-9a-f]+$", r) is not None, r)
vfd = r[1:]
r = s.ask("vFile:pread:%s,4,0" % vfd)
check("vFile:pread reads its ELF header", r == b"F4;\x7fELF", repr(r))
r = s.ask("vFile:fstat:%s" % vfd)
size = int.from_bytes(r[4 + 28:4 + 36], "big") if r.startswith(b"F40;") else -1
check("vFile:fstat gives its size", size == os.path.getsize(prog), repr(r[:8]))
check("vFile:close", s.ask("vFile:close:%s" % vfd) == b"F0")
check("vFile:close again is EBADF", s.ask("vFile:close:%s" % vfd) == b"F-1,9")
check("vFile:pread of a closed file is EBADF", s.ask("vFile:pread:%s,4,0" % vfd) == b"F-1,9")
check("watchpoints are not supported (empty reply)", s.ask("Z2,%x,4" % sc) == b"")
spin = syms["spin_iter"]
check("Z0 inserts a breakpoint", s.ask("Z0,%x,4" % spin) == b"OK")
r = s.ask("vCont;c").decode()
check("continue stops at the breakpoint", r.startswith("T05thread:" + tid), r)
check("pc is the breakpoint", le64(s.ask("p20").decode()) == spin)
check("z0 removes it", s.ask("z0,%x,4" % spin) == b"OK")
r = s.ask("vCont;s:%s;c" % tid).decode()
check("vCont step stops again", r.startswith("T05"), r)
check("the step ran one instruction", le64(s.ask("p20").decode()) == spin + 4)
s.send("vCont;c")
time.sleep(0.3)
s.sock.sendall(b"\x03")
r = s.recv().decode()
check("^C stops the running guest with SIGINT", r.startswith("T02thread:"), r)
check("the stub is still alive after all that", s.ask("qC").decode() == "QC" + tid)
s.sock.sendall(b"$k#6b")
rc = s.finish()
check("k kills the process", rc == -9, "status %r" % rc)

# --- session 2: threads; a step of a thread blocked in read() with the others stopped
# never ends by itself: ^C must still stop the process ---
s = Stub("threads")
s.ask("QStartNoAckMode")
s.acks = False
main_tid = re.match(r"T05thread:([0-9a-f]+);", s.ask("?").decode()).group(1)
s.ask("Z0,%x,4" % syms["threads_ready"])
r = s.ask("vCont;c").decode()
check("threads: breakpoint in the main thread", r.startswith("T05thread:" + main_tid), r)
tids = s.ask("qfThreadInfo").decode()[1:].split(",")
check("threads: three threads listed", len(tids) == 3 and main_tid in tids, repr(tids))
check("threads: qsThreadInfo ends the list", s.ask("qsThreadInfo") == b"l")
check("threads: T says a listed thread is alive", s.ask("T" + tids[-1]) == b"OK")
check("threads: T says a made-up thread is not", s.ask("T7fffffff").startswith(b"E"))
stepped, interrupted = 0, 0
for t in tids:
    if t == main_tid:
        continue
    s.send("vCont;s:" + t)
    s.sock.settimeout(1.0)
    try:
        r = s.recv().decode()
    except socket.timeout:
        s.sock.settimeout(20)
        s.sock.sendall(b"\x03")
        r = s.recv().decode()
        interrupted += r.startswith("T02")
    else:
        stepped += r.startswith("T05thread:" + t)
    s.sock.settimeout(20)
check("threads: the spinning thread steps alone", stepped == 1, "%d steps" % stepped)
check("threads: ^C stops a step stuck in read()", interrupted == 1, "%d" % interrupted)
s.sock.sendall(b"$k#6b")
rc = s.finish()
check("threads: k kills the process", rc == -9, "status %r" % rc)

# --- session 3: detach, the program runs on ---
s = Stub("basic")
s.ask("?")
check("D is acknowledged", s.ask("D") == b"OK")
rc = s.finish()
out = s.proc.stdout.read().decode()
check("after D the program runs to its exit status", rc == 3 and "hello from" in out,
      "status %r, output %r" % (rc, out))

# --- session 4: gdb goes away (connection closed) with a breakpoint set ---
s = Stub("basic")
s.ask("?")
s.ask("Z0,%x,4" % syms["fp_set"])
s.sock.close()
rc = s.proc.wait(timeout=20)
out = s.proc.stdout.read().decode()
check("a closed connection lets the program run to its exit status, breakpoints gone",
      rc == 3 and "hello from" in out, "status %r, output %r" % (rc, out))

# --- session 5: gdb goes away while the program runs ---
s = Stub("spin")
s.ask("QStartNoAckMode")
s.acks = False
s.ask("Z0,%x,4" % syms["spin_iter"])
s.ask("vCont;c")
s.ask("z0,%x,4" % syms["spin_iter"])
s.send("vCont;c")
time.sleep(0.3)
s.sock.close()
time.sleep(0.5)
check("a connection closed while running: the program runs on", s.proc.poll() is None,
      "status %r" % s.proc.poll())
s.proc.kill()
s.proc.wait()

print("%d failed" % failures)
sys.exit(1 if failures else 0)
