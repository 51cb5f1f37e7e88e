"""Start the Spring Data REST app of this folder for the interop tests (see ../CONTRACT.md).

Builds target/halchemy-spring-interop.jar with Maven when it is missing or older than the
pom or any source file (one build at a time, under a lock, so two test runners starting
together do not build over each other), starts it on 127.0.0.1 with a free port, waits
until it answers, prints exactly its base URL as the first line of stdout, and serves
until SIGTERM (or SIGINT), which it forwards to Java before waiting for it to exit.
Everything else (Maven's and Java's output) goes to stderr. Python 3 standard library only.

After a build the jar is also extracted (target/app/) and a class-data-sharing archive
(target/app.jsa) is made by one training start: later starts load the classes from it,
which halves the start (about 3 s instead of 6 to 7 s on the 2-core machine). When that
step fails, the plain jar is started instead.
"""
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TARGET = os.path.join(HERE, "target")
JAR = os.path.join(TARGET, "halchemy-spring-interop.jar")
PORT_MARKER = "HALCHEMY_INTEROP_PORT="
START_SECONDS = 300
APP_DIR = os.path.join(TARGET, "app")
APP_JAR = os.path.join(APP_DIR, "halchemy-spring-interop.jar")
ARCHIVE = os.path.join(TARGET, "app.jsa")
ARCHIVE_STAMP = os.path.join(TARGET, "app.jsa.stamp")
ARCHIVE_LOG = os.path.join(TARGET, "app.jsa.log")  # the JVM warns about every class it skips
SERVER_ARGS = ["--server.address=127.0.0.1", "--server.port=0"]
JAVA_FLAGS = [
    "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
]


def log(message):
    sys.stderr.write(f"serve.py (spring): {message}\n")
    sys.stderr.flush()


def newest_source_mtime():
    newest = os.path.getmtime(os.path.join(HERE, "pom.xml"))
    for folder, _dirs, files in os.walk(os.path.join(HERE, "src")):
        for name in files:
            newest = max(newest, os.path.getmtime(os.path.join(folder, name)))
    return newest


def jar_is_stale():
    return not os.path.exists(JAR) or os.path.getmtime(JAR) < newest_source_mtime()


def build_if_needed():
    os.makedirs(TARGET, exist_ok=True)
    with open(os.path.join(TARGET, ".serve-build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if jar_is_stale():
            build_jar()
        if archive_stamp() != read_file(ARCHIVE_STAMP):
            make_archive()


def read_file(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return None


def java_binary():
    java_home = os.environ.get("JAVA_HOME")
    return os.path.join(java_home, "bin", "java") if java_home else (shutil.which("java") or "java")


def archive_stamp():
    """What the archive was made from: this jar and this Java (it is valid for those only)."""
    java = os.path.realpath(shutil.which(java_binary()) or java_binary())
    parts = [JAR, str(os.path.getmtime(JAR)), java]
    parts.append(str(os.path.getmtime(java)) if os.path.exists(java) else "?")
    return "\n".join(parts) + "\n"


def make_archive():
    """Extracts the jar and records the classes of one start in ARCHIVE (JDK 13+ dynamic CDS)."""
    for stale in (ARCHIVE, ARCHIVE_STAMP):
        if os.path.exists(stale):
            os.remove(stale)
    shutil.rmtree(APP_DIR, ignore_errors=True)
    started = time.monotonic()
    steps = [
        ("extracting the jar",
         [java_binary(), "-Djarmode=tools", "-jar", JAR, "extract", "--destination", APP_DIR]),
        ("the training start",
         [java_binary(), *JAVA_FLAGS, f"-XX:ArchiveClassesAtExit={ARCHIVE}",
          "-Dspring.context.exit=onRefresh", "-jar", APP_JAR, *SERVER_ARGS]),
    ]
    with open(ARCHIVE_LOG, "wb") as output:
        for what, command in steps:
            try:
                result = subprocess.run(command, cwd=HERE, stdin=subprocess.DEVNULL, stdout=output,
                                        stderr=subprocess.STDOUT, timeout=START_SECONDS)
                failure = f"exit code {result.returncode}" if result.returncode != 0 else None
            except (OSError, subprocess.SubprocessError) as e:
                failure = str(e)
            if failure:
                log(f"no class-data archive ({what} failed: {failure}, see {ARCHIVE_LOG}); "
                    "the plain jar is started")
                return
    if os.path.exists(ARCHIVE) and os.path.exists(APP_JAR):
        with open(ARCHIVE_STAMP, "w", encoding="utf-8") as f:
            f.write(archive_stamp())
        log(f"class-data archive made in {time.monotonic() - started:.1f} s")


def build_jar():
    mvn = shutil.which("mvn")
    if mvn is None:
        log("Maven (mvn) is not on PATH: install it (Debian: apt-get install maven)")
        sys.exit(1)
    log("building the jar with Maven (the first time downloads the dependencies)")
    started = time.monotonic()
    result = subprocess.run([mvn, "-q", "-B", "-ntp", "-Dstyle.color=never", "-DskipTests",
                             "package"], cwd=HERE, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Maven 3.8 with -q still writes colour resets; only real messages are passed on.
    output = re.sub(rb"\x1b\[[0-9;]*m", b"", result.stdout).decode("utf-8", "replace")
    if output.strip():
        sys.stderr.write(output)
    if result.returncode != 0 or not os.path.exists(JAR):
        log(f"the Maven build failed (exit code {result.returncode})")
        sys.exit(1)
    # Maven leaves a jar it finds up to date as it was (e.g. after a touch): mark it current.
    os.utime(JAR)
    log(f"built in {time.monotonic() - started:.1f} s")


def java_command():
    if read_file(ARCHIVE_STAMP) == archive_stamp() and os.path.exists(APP_JAR):
        return [java_binary(), *JAVA_FLAGS, f"-XX:SharedArchiveFile={ARCHIVE}", "-jar", APP_JAR,
                *SERVER_ARGS]
    return [java_binary(), *JAVA_FLAGS, "-jar", JAR, *SERVER_ARGS]


def die_with_parent():
    """In the child: get SIGTERM when serve.py dies, so no Java is ever left behind."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except Exception:  # not Linux: the SIGTERM forwarding below still applies
        pass


def wait_until_answering(base, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/customers/A375", timeout=5) as reply:
                if reply.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    return False


def main():
    stopping = threading.Event()
    proc = None

    def on_signal(signum, _frame):
        stopping.set()
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        elif proc is None:
            sys.exit(0)  # during the build: subprocess.run kills Maven or Java on the way out

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    build_if_needed()

    started = time.monotonic()
    proc = subprocess.Popen(java_command(), cwd=HERE, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=sys.stderr,
                            preexec_fn=die_with_parent)
    deadline = started + START_SECONDS
    port = None
    for raw in proc.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith(PORT_MARKER):
            port = line[len(PORT_MARKER):].strip()
            break
        sys.stderr.write(line + "\n")
        if time.monotonic() > deadline:
            break
    if not port or not port.isdigit():
        if proc.poll() is None:
            proc.terminate()
            proc.wait(30)
        log(f"Java did not report its port (exit code {proc.returncode})")
        sys.exit(1)

    # The rest of Java's stdout goes to stderr, so that the pipe never fills up.
    def drain():
        for raw in proc.stdout:
            sys.stderr.write(raw.decode("utf-8", "replace"))
            sys.stderr.flush()

    threading.Thread(target=drain, daemon=True).start()

    base = f"http://127.0.0.1:{port}"
    if not wait_until_answering(base, deadline):
        proc.terminate()
        proc.wait(30)
        log(f"{base} did not answer in time")
        sys.exit(1)
    log(f"started in {time.monotonic() - started:.1f} s")
    sys.stdout.write(base + "\n")
    sys.stdout.flush()

    code = proc.wait()
    sys.exit(0 if stopping.is_set() else code)


if __name__ == "__main__":
    main()
