#!/usr/bin/env python3
"""Classroom load: a teacher sharing a session and N followers, each on its own pseudo-terminal.

Prints what a class would feel: how fast the teacher's keys answer, how long a step takes to reach every
follower, what an idle follower costs (CPU, memory), what a hung follower does to the teacher, and how
followers leave when the teacher quits. Run from the checkout after a release build:

    swift build -c release && python3 bench/classroom.py [--followers 50] [--keys 30]
"""
import argparse, fcntl, os, selectors, signal, socket, statistics, struct, subprocess, sys, tempfile, termios, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.path.join(HERE, "..", ".build", "release", "unroll")
TICKS = os.sysconf("SC_CLK_TCK")


class Pty:
    """A program on its own pseudo-terminal, with the time of its latest output."""

    def __init__(self, args, env, cols=80, rows=24):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

        def controlling_terminal():
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
                                        preexec_fn=controlling_terminal, close_fds=True)
        os.close(slave)
        self.fd = master
        os.set_blocking(master, False)
        self.last_output = 0.0
        self.bytes = 0
        self.text = b""
        self.seen = set()

    def send(self, data):
        os.write(self.fd, data)

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0


class Reader(threading.Thread):
    """Drains every terminal, so no program ever blocks on its output, and stamps each arrival."""

    def __init__(self, ptys):
        super().__init__(daemon=True)
        self.selector = selectors.DefaultSelector()
        self.lock = threading.Lock()
        for p in ptys:
            self.selector.register(p.fd, selectors.EVENT_READ, p)
        self.running = True

    def run(self):
        while self.running:
            for key, _ in self.selector.select(timeout=0.05):
                p = key.data
                try:
                    data = os.read(p.fd, 65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    self.selector.unregister(p.fd)
                    continue
                if not data:
                    self.selector.unregister(p.fd)
                    continue
                with self.lock:
                    p.last_output = time.monotonic()
                    p.bytes += len(data)
                    p.text = (p.text + data)[-8192:]
                    for word in (b"dropped", b"paused"):
                        if word in p.text[-len(data) - 16:]:
                            p.seen.add(word)


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    return False


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=50)
    parser.add_argument("--keys", type=int, default=30, help="steps the teacher takes while timing")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idle to measure CPU over")
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("build first: swift build -c release")

    root = tempfile.mkdtemp(prefix="unroll-classroom-")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", UNROLL_SHARE_DIR=root)
    env.pop("NO_COLOR", None)
    name = "bench"
    print(f"cores {os.cpu_count()}; teacher + {args.followers} followers, each on an 80x24 pty, xterm-256color")
    teacher = Pty([BINARY, "play", "--share", name, "--cell", "lstm", "--hidden", "48", "--length", "60"], env, cols=120, rows=40)
    reader = Reader([teacher])
    reader.start()
    if not wait_until(lambda: os.path.exists(f"{root}/{name}/socket"), 10):
        sys.exit("the teacher did not start sharing")

    followers = []
    for _ in range(args.followers):
        f = Pty([BINARY, "follow", name], env)
        followers.append(f)
        reader.selector.register(f.fd, selectors.EVENT_READ, f)
    if not wait_until(lambda: all(b"following" in f.text for f in followers), 30):
        sys.exit("not every follower started")
    time.sleep(1.0)

    def step(key, who_must_answer):
        start = time.monotonic()
        teacher.send(key)
        ok = wait_until(lambda: all(p.last_output > start for p in who_must_answer), 5)
        teacher_ms = (teacher.last_output - start) * 1000
        return teacher_ms, [(p.last_output - start) * 1000 for p in who_must_answer[1:]], ok

    # Keys answer, and steps reach followers.
    teacher_latency, reach = [], []
    for k in range(args.keys):
        key = b"\x1b[C" if k % 2 == 0 else b"\x1b[D"
        t_ms, f_ms, ok = step(key, [teacher] + followers)
        if not ok:
            print("  a step did not reach every follower within 5 s")
        teacher_latency.append(t_ms)
        reach.append(max(f_ms))
        time.sleep(0.15)
    print(f"teacher key -> own screen:      median {statistics.median(teacher_latency):6.1f} ms   max {max(teacher_latency):6.1f} ms")
    print(f"step -> last of {args.followers} followers:  median {statistics.median(reach):6.1f} ms   p95 {percentile(reach, 0.95):6.1f} ms   max {max(reach):6.1f} ms   (target 100 ms)")
    # A new seed or cell: every follower recomputes the model (forward, backward, spectra) itself.
    recompute = []
    for k in range(10):
        _, f_ms, _ = step(b"r" if k % 2 else b"c", [teacher] + followers)
        recompute.append(max(f_ms))
        time.sleep(0.2)
    print(f"new seed or cell -> last follower: median {statistics.median(recompute):6.1f} ms   max {max(recompute):6.1f} ms   (each recomputes the model)")

    # Idle cost.
    time.sleep(1.0)
    before = [f.cpu_seconds() for f in followers]
    teacher_before = teacher.cpu_seconds()
    bytes_before = [f.bytes for f in followers]
    time.sleep(args.idle)
    cpu = [(f.cpu_seconds() - b) / args.idle * 100 for f, b in zip(followers, before)]
    rss = [f.rss_mb() for f in followers]
    idle_bytes = sum(f.bytes - b for f, b in zip(followers, bytes_before))
    print(f"idle follower CPU over {args.idle:.0f} s:       mean {statistics.mean(cpu):.3f}%   max {max(cpu):.3f}%   (target < 0.2%)")
    print(f"idle teacher CPU:               {(teacher.cpu_seconds() - teacher_before) / args.idle * 100:.3f}%;  bytes drawn while idle: {idle_bytes}")
    print(f"follower resident memory:       mean {statistics.mean(rss):.1f} MB   max {max(rss):.1f} MB   (target <= 32 MB)")
    print(f"teacher resident memory:        {teacher.rss_mb():.1f} MB")

    # A hung follower (stopped) and a connection that never reads, while training sends progress to all.
    hung = followers[0]
    os.kill(hung.process.pid, signal.SIGSTOP)
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    silent.connect(f"{root}/{name}/socket")
    started = time.monotonic()
    cpu_before = [f.cpu_seconds() for f in followers[1:]] + [teacher.cpu_seconds()]
    teacher.send(b"t")
    wait_until(lambda: b"dropped" in teacher.seen, 12)
    dropped_after = time.monotonic() - started if b"dropped" in teacher.seen else None
    elapsed = time.monotonic() - started
    cpu_after = [f.cpu_seconds() for f in followers[1:]] + [teacher.cpu_seconds()]
    training_cpu = [(a - b) / elapsed * 100 for a, b in zip(cpu_after, cpu_before)]
    teacher.send(b" ")
    wait_until(lambda: b"paused" in teacher.seen, 5)
    teacher.send(b"\x1b")
    time.sleep(0.5)
    hung_latency, hung_reach = [], []
    for k in range(args.keys):
        t_ms, f_ms, ok = step(b"\x1b[C" if k % 2 == 0 else b"\x1b[D", [teacher] + followers[1:])
        hung_latency.append(t_ms)
        hung_reach.append(max(f_ms))
        time.sleep(0.1)
    print("with one stopped follower and one connection that never reads, after training ran:")
    print(f"  the teacher's screen said 'dropped' after {dropped_after:.1f} s" if dropped_after else "  no follower was dropped")
    print(f"  from t to the drop, training all along: each follower {statistics.mean(training_cpu[:-1]):.1f}% CPU (max {max(training_cpu[:-1]):.1f}%), "
          f"the teacher {training_cpu[-1]:.0f}% (its training thread included)")
    print(f"  teacher key -> own screen:    median {statistics.median(hung_latency):6.1f} ms   max {max(hung_latency):6.1f} ms")
    print(f"  step -> the other followers:  median {statistics.median(hung_reach):6.1f} ms   max {max(hung_reach):6.1f} ms")
    os.kill(hung.process.pid, signal.SIGCONT)
    silent.close()
    if wait_until(lambda: hung.process.poll() is not None, 10):
        print(f"  the stopped follower, resumed, exited with status {hung.process.returncode}: "
              + ("told it fell behind" if b"again" in hung.text else "(no message seen)"))
    else:
        print("  the stopped follower, resumed, is still running")

    # The teacher quits: everyone is told and leaves.
    quit_at = time.monotonic()
    teacher.send(b"q")
    live = [f for f in followers[1:]]
    wait_until(lambda: all(f.process.poll() is not None for f in live), 10)
    gone = [f for f in live if f.process.poll() is not None]
    told = sum(1 for f in gone if b"the teacher quit" in f.text)
    statuses = sorted({f.process.returncode for f in gone})
    print(f"teacher quits: {len(gone)}/{len(live)} followers exited within {(time.monotonic() - quit_at) * 1000:.0f} ms, "
          f"statuses {statuses}, {told} printed 'the teacher quit'; teacher status {teacher.process.wait(5)}")
    reader.running = False
    for f in followers:
        if f.process.poll() is None:
            f.process.kill()


if __name__ == "__main__":
    main()
