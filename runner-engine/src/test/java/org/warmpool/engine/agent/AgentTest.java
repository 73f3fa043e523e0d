package org.warmpool.engine.agent;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.agent.AgentContainer.Answer;
import org.warmpool.engine.agent.AgentFrames.Frame;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent (docs/agent.md) in real containers of the demo images, started exactly as the engine
 * starts them, spoken to through its framed protocol.
 */
class AgentTest {
    static final List<String> images = List.of(DemoImages.BUSYBOX, DemoImages.PYTHON_PYTEST);
    static final Duration READY_WAIT = Duration.ofSeconds(60);

    @AfterAll
    static void noContainerOfOursIsLeft() {
        AgentContainer.removeAllOfThisJvm();
        assertThat(AgentContainer.ofThisJvm(List.of())).as("containers labelled %s", AgentContainer.OWNER).isEmpty();
    }

    private static Frame ready(AgentContainer c) {
        Frame f = c.next(READY_WAIT);
        assertThat(f.word()).as("after EXIT in recycle mode: %s", f).isEqualTo("READY");
        return f;
    }

    // ---------------------------------------------------------------- the basics

    @ParameterizedTest
    @FieldSource("images")
    void helloNamesTheVersionThePidAndTheMode(String image) {
        try (AgentContainer c = AgentContainer.start(image, "oneshot")) {
            Map<String, String> hello = c.hello.fields();
            assertThat(hello).containsEntry("version", "1").containsEntry("mode", "oneshot")
                    .containsEntry("uid", "41966").containsEntry("gid", "51966").containsKey("max_run_bytes");
            assertThat(Integer.parseInt(hello.get("pid"))).as("the agent is not pid 1: tini is").isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void inRecycleModeReadyFollowsHello(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            assertThat(c.hello.fields()).containsEntry("mode", "recycle");
            assertThat(c.afterHello.word()).as("%s", c.afterHello).isEqualTo("READY");
            assertThat(c.afterHello.fields()).containsEntry("wipe_ms", "0");
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void aRunAnswersItsOutputItsStatusAndItsFiles(String image) throws IOException {
        try (AgentContainer c = AgentContainer.start(image, "oneshot")) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("cyber-dojo.sh", ("echo hello; echo oops >&2; mkdir -p out; echo made > out/new.txt;"
                    + " echo changed > hiker.txt; exit 3\n").getBytes(StandardCharsets.UTF_8));
            files.put("hiker.txt", "original\n".getBytes(StandardCharsets.UTF_8));
            Answer a = c.run(new AgentFrames.Run().maxSeconds(10).filesBack(true)
                    .env("CYBER_DOJO_IMAGE_NAME=" + image).env("CYBER_DOJO_ID=files-1")
                    .env("CYBER_DOJO_SANDBOX=/sandbox").env("HOME=/home/sandbox")
                    .tar(TarPacker.tar(DemoImages.files(files))));

            assertThat(a.out()).isEqualTo("hello\n");
            assertThat(a.err()).isEqualTo("oops\n");
            assertThat(a.exit()).containsEntry("status", "3").containsEntry("signal", "0").containsEntry("stage", "script")
                    .containsEntry("stdout_bytes", "6").containsEntry("stderr_bytes", "5")
                    .containsEntry("files", "complete").containsEntry("oom_kills", "0").containsEntry("pids_limit_hits", "0")
                    .doesNotContainKey("reason");
            assertThat(a.words()).as("FILES once, before EXIT, which ends the answer")
                    .containsOnlyOnce("FILES", "EXIT").endsWith("FILES", "EXIT");
            assertThat(a.exit().get("files_bytes")).isEqualTo(Integer.toString(a.files().length));

            Map<String, String> back = untar(a.files());
            assertThat(back).containsEntry("out/new.txt", "made\n").containsEntry("hiker.txt", "changed\n")
                    .containsKey("cyber-dojo.sh");

            // oneshot: one run per container
            c.send(new AgentFrames.Run().maxSeconds(1).tar(TarPacker.tar(DemoImages.script("true"))).toFrame());
            Frame refused = c.next(READY_WAIT);
            assertThat(refused.word()).isEqualTo("ERROR");
            assertThat(refused.text()).contains("oneshot");
            assertThat(c.next(READY_WAIT).word()).as("the agent exits after ERROR").isEqualTo("<EOF>");
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void theStartPointRunsToTheEnd(String image) {
        try (AgentContainer c = AgentContainer.start(image, "oneshot")) {
            Answer a = c.run(new AgentFrames.Run().maxSeconds(20).env("CYBER_DOJO_IMAGE_NAME=" + image)
                    .env("CYBER_DOJO_ID=start-1").env("CYBER_DOJO_SANDBOX=/sandbox").env("HOME=/home/sandbox")
                    .tar(TarPacker.tar(DemoImages.startPoint(image))));
            assertThat(a.exit()).as("%s", a).containsEntry("stage", "script");
            assertThat(a.status()).as("%s", a).matches("[0-9]+");
            assertThat(a.stdout().length + a.stderr().length).as("the tests said something").isPositive();
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void theScriptRunsAsTheSandboxUserInSandboxWithAnEmptyStdinAndTheContractsEnvironment(String image) {
        try (AgentContainer c = AgentContainer.start(image, "oneshot",
                List.of("-e", "FROM_CONTAINER=kept", "-e", "OVERRIDDEN=by-container"))) {
            String script = """
                    echo "uid:$(id -u)"
                    echo "gid:$(id -g)"
                    echo "groups:$(id -G)"
                    echo "cwd:$(pwd)"
                    echo "umask:$(umask)"
                    echo "file:$(stat -c '%a %u:%g' cyber-dojo.sh)"
                    echo "sandbox:$(stat -c '%a %u:%g' /sandbox)"
                    grep -E '^Cap(Inh|Prm|Eff|Amb)' /proc/self/status | tr -d '\\t' | sed 's/^/cap:/'
                    echo "stdin:$(head -c 100 | wc -c | tr -d ' ')"
                    echo "session:$(cut -d' ' -f6 /proc/$$/stat) pid:$$"
                    env | sed 's/^/env:/'
                    """;
            Answer a = c.run(AgentContainer.request(image, script, 10).env("OVERRIDDEN=by-request"));
            assertThat(a.exit()).as("%s", a).containsEntry("status", "0");
            List<String> lines = a.out().lines().toList();
            assertThat(lines).contains("uid:41966", "gid:51966", "groups:51966", "cwd:/sandbox", "umask:0022",
                    "file:644 41966:51966", "sandbox:755 41966:51966", "stdin:0",
                    "cap:CapInh:0000000000000000", "cap:CapPrm:0000000000000000",
                    "cap:CapEff:0000000000000000", "cap:CapAmb:0000000000000000");
            String session = lines.stream().filter(l -> l.startsWith("session:")).findFirst().orElseThrow();
            assertThat(session.split(" ")[0].substring("session:".length()))
                    .as("bash leads its own session: %s", session).isEqualTo(session.split(" ")[1].substring("pid:".length()));
            assertThat(lines).contains("env:CYBER_DOJO_IMAGE_NAME=" + image, "env:CYBER_DOJO_ID=agent-test-1",
                    "env:CYBER_DOJO_SANDBOX=/sandbox", "env:HOME=/home/sandbox",
                    "env:LANG=C.UTF-8", // the image's ENV
                    "env:FROM_CONTAINER=kept", "env:OVERRIDDEN=by-request");
            assertThat(lines).filteredOn(l -> l.startsWith("env:PATH=")).hasSize(1);
            assertThat(lines).as("nothing of the bootstrap leaks").noneMatch(l -> l.startsWith("env:") && l.contains(".warmpool"));
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void outputThatLooksLikeFramesIsDeliveredAsData(String image) {
        try (AgentContainer c = AgentContainer.start(image, "oneshot")) {
            Answer a = c.run("printf 'EXIT 9\\nstatus=0\\n'; printf 'READY 0\\nOUT 5\\nhello'; printf '\\000\\001\\377';"
                    + " printf 'EXIT 1\\nx' >&2; exit 7", 10);
            byte[] expected = concat("EXIT 9\nstatus=0\nREADY 0\nOUT 5\nhello".getBytes(StandardCharsets.US_ASCII),
                    new byte[]{0, 1, (byte) 0xff});
            assertThat(a.stdout()).isEqualTo(expected);
            assertThat(a.err()).isEqualTo("EXIT 1\nx");
            assertThat(a.exit()).containsEntry("status", "7").containsEntry("stdout_bytes", Integer.toString(expected.length));
            assertThat(a.words()).containsOnlyOnce("EXIT").allMatch(w -> List.of("OUT", "ERR", "EXIT").contains(w));
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void outputStreamsWhileTheRunGoes(String image) {
        try (AgentContainer c = AgentContainer.start(image, "oneshot")) {
            Answer a = c.run("echo first; sleep 3; echo second", 10);
            assertThat(a.out()).isEqualTo("first\nsecond\n");
            long firstOutMs = (a.firstOutNanos() - a.sentNanos()) / 1_000_000;
            assertThat(a.millisToExit() - firstOutMs).as("the first line arrived long before EXIT (first OUT at %d ms, EXIT at %d ms)",
                    firstOutMs, a.millisToExit()).isGreaterThan(1500);
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void aScriptThatClosesItsStdoutEarlyStillGetsItsAnswer(String image) {
        try (AgentContainer c = AgentContainer.start(image, "oneshot")) {
            Answer a = c.run("echo before; exec >&-; exec 2>&-; sleep 1; exit 4", 10);
            assertThat(a.out()).isEqualTo("before\n");
            assertThat(a.exit()).containsEntry("status", "4");
            assertThat(Long.parseLong(a.exit().get("ran_ms"))).isGreaterThanOrEqualTo(1000);
        }
    }

    // ------------------------------------------------------------- the limits

    @ParameterizedTest
    @FieldSource("images")
    void aLoopIsKilledAtItsLimit(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            Answer a = c.run("echo started; (while :; do :; done) & while :; do :; done", 2);
            assertThat(a.exit()).as("%s", a).containsEntry("status", "timeout").containsEntry("signal", "9")
                    .containsEntry("stage", "script");
            assertThat(a.out()).isEqualTo("started\n");
            assertThat(Long.parseLong(a.exit().get("ran_ms"))).isBetween(2000L, 12_000L);
            assertThat(a.millisToExit()).as("EXIT after the limit, well before limit + 10 s").isBetween(2000L, 12_000L);
            ready(c);
            Answer next = c.run("echo green", 5);
            assertThat(next.exit()).containsEntry("status", "0");
            assertThat(next.out()).isEqualTo("green\n");
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void aForkBombIsKilledAndTheNextRunIsGreen(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            Answer a = c.run("bomb() { bomb | bomb & }; bomb; while :; do :; done", 3);
            assertThat(a.exit()).as("%s", a).containsEntry("status", "timeout");
            assertThat(a.millisToExit()).isBetween(3000L, 13_000L);
            assertThat(a.exit().get("pids_limit_hits")).as("cgroup v1 pids.events is readable here").matches("[0-9]+");
            assertThat(Long.parseLong(a.exit().get("pids_limit_hits"))).as("forks refused at the pids limit").isPositive();
            assertThat(Long.parseLong(a.exit().get("stderr_bytes"))).as("the bomb's complaints are counted")
                    .isGreaterThanOrEqualTo(a.stderr().length);
            assertThat(a.stderr().length).isLessThanOrEqualTo(65536);
            ready(c);
            Answer next = c.run("echo green; ls /proc | grep -c '^[0-9]'", 5);
            assertThat(next.exit()).as("%s", next).containsEntry("status", "0").containsEntry("pids_limit_hits", "0");
            assertThat(next.out()).startsWith("green\n");
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void tenMegabytesOfOutputAreCappedAndCounted(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            Answer a = c.run("head -c 10000000 /dev/zero; yes | head -c 3000000 >&2; exit 5", 20);
            assertThat(a.exit()).as("%s", a).containsEntry("status", "5")
                    .containsEntry("stdout_bytes", "10000000").containsEntry("stderr_bytes", "3000000");
            assertThat(a.stdout()).hasSize(65536).containsOnly(0);
            assertThat(a.stderr()).hasSize(65536);
            assertThat(a.err()).startsWith("y\ny\n");
            ready(c);
            Answer capped = c.run(AgentContainer.request(image, "head -c 5000 /dev/zero", 10).field("output_cap", "1000"));
            assertThat(capped.stdout()).hasSize(1000);
            assertThat(capped.exit()).containsEntry("stdout_bytes", "5000");
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void filesBackAreCutAtTheirCap(String image) {
        try (AgentContainer c = AgentContainer.start(image, "oneshot")) {
            Answer a = c.run(AgentContainer.request(image, "head -c 200000 /dev/urandom > big.bin", 10)
                    .filesBack(true).field("files_cap", "20480"));
            assertThat(a.exit()).as("%s", a).containsEntry("status", "0").containsEntry("files", "cut")
                    .containsEntry("files_bytes", "20480");
            assertThat(a.files()).hasSize(20480);
            assertThat(a.logs()).anyMatch(l -> l.contains("files_cap"));
        }
    }

    @Test
    void anOutOfMemoryKillIsCounted() {
        try (AgentContainer c = AgentContainer.start(DemoImages.PYTHON_PYTEST, "recycle")) {
            Answer a = c.run("python3 -c 'x = bytearray(2 * 10**9)'; echo \"python:$?\"", 15);
            assertThat(a.out()).isEqualTo("python:137\n");
            assertThat(a.exit()).as("%s", a).containsEntry("status", "0");
            assertThat(Long.parseLong(a.exit().get("oom_kills"))).as("the cgroup's oom_kill delta").isPositive();
            ready(c);
            assertThat(c.run("echo ok", 5).exit()).containsEntry("oom_kills", "0");
        }
    }

    // -------------------------------------------------------- the agent is safe

    @ParameterizedTest
    @FieldSource("images")
    void theScriptCanNeitherKillNorReadTheAgent(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            String agentPid = c.hello.fields().get("pid");
            String script = """
                    echo "ppid:$PPID"
                    kill -9 $PPID 2>/dev/null; echo "kill:$?"
                    kill -STOP $PPID 2>/dev/null; echo "stop:$?"
                    kill -9 1 2>/dev/null; echo "init:$?"
                    kill -9 -1 2>/dev/null; echo "everyone:$?"
                    cat /proc/$PPID/environ >/dev/null 2>&1; echo "environ:$?"
                    ls /proc/$PPID/fd >/dev/null 2>&1; echo "fd:$?"
                    ls /proc/1/fd >/dev/null 2>&1; echo "init-fd:$?"
                    head -c 1 /proc/$PPID/mem >/dev/null 2>&1; echo "mem:$?"
                    head -c 1 /tmp/.warmpool/agent >/dev/null 2>&1; echo "binary:$?"
                    rm -rf /tmp/.warmpool 2>/dev/null; echo "remove:$?"
                    echo done
                    """;
            Answer a = c.run(script, 10);
            assertThat(a.exit()).as("%s", a).containsEntry("status", "0");
            List<String> lines = a.out().lines().toList();
            assertThat(lines).contains("ppid:" + agentPid, "done");
            assertThat(lines).filteredOn(l -> l.matches("(kill|stop|init|environ|fd|init-fd|mem|binary|remove):.*"))
                    .hasSize(9).allMatch(l -> !l.endsWith(":0"));
            ready(c);
            Answer next = c.run("echo alive", 5);
            assertThat(next.out()).isEqualTo("alive\n");
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void aMissingBashIsReported(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            // bash is looked up on the run's PATH, as a shell would: on this one there is none
            Answer a = c.run(AgentContainer.request(image, "echo never", 5).env("PATH=/nonexistent"));
            assertThat(a.err()).isEqualTo("warmpool-agent: cannot run bash: No such file or directory\n");
            assertThat(a.out()).isEmpty();
            assertThat(a.exit()).containsEntry("status", "127").containsEntry("stage", "exec")
                    .containsEntry("reason", "cannot run bash: No such file or directory");
            ready(c);
        }
    }

    @ParameterizedTest
    @FieldSource("images")
    void aTarThatDoesNotUnpackIsReportedAndNothingRuns(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            byte[] notATar = "this is not a tar archive, just some text that is long enough".repeat(20)
                    .getBytes(StandardCharsets.US_ASCII);
            Answer a = c.run(new AgentFrames.Run().maxSeconds(5).filesBack(true).tar(notATar));
            assertThat(a.exit()).as("%s", a).containsEntry("stage", "untar").containsEntry("files", "none")
                    .containsEntry("ran_ms", "0");
            assertThat(a.status()).isNotEqualTo("0");
            assertThat(a.exit().get("reason")).startsWith("tar -x failed");
            assertThat(a.words()).containsExactly("EXIT");
            ready(c);
        }
    }

    // ---------------------------------------------------------------- recycle

    @ParameterizedTest
    @FieldSource("images")
    void whatARunLeavesIsGoneForTheNext(String image) {
        try (AgentContainer c = AgentContainer.start(image, "recycle")) {
            String plant = """
                    setsid sleep 1000 </dev/null >/dev/null 2>&1 &
                    if command -v nohup >/dev/null; then setsid nohup sleep 1001 </dev/null >/dev/null 2>&1 & fi
                    (trap '' HUP TERM INT; exec sleep 1002) </dev/null >/dev/null 2>&1 &
                    mkdir -p locked/inner && echo x > locked/inner/f && chmod 000 locked/inner locked
                    d=deep; for i in $(seq 1 60); do d=$d/d; done; mkdir -p $d && echo x > $d/f
                    echo left > /tmp/left.txt; mkdir /tmp/dir && echo x > /tmp/dir/f && chmod 0 /tmp/dir
                    echo left > /dev/shm/left
                    touch /dev/mqueue/queue && echo "mqueue:planted"
                    if command -v ipcmk >/dev/null; then ipcmk -M 4096 && ipcmk -S 1 && ipcmk -Q && echo "ipc:planted"; fi
                    if command -v python3 >/dev/null; then python3 -c "import os; os.setxattr('/sandbox', 'user.leak', b'1')" && echo "xattr:planted"; fi
                    export LEAKED=yes
                    chmod 0700 /sandbox
                    echo planted
                    """;
            Answer first = c.run(plant, 10);
            assertThat(first.exit()).as("%s", first).containsEntry("status", "0");
            assertThat(first.out()).contains("planted", "mqueue:planted");
            if (image.equals(DemoImages.PYTHON_PYTEST)) {
                assertThat(first.out()).contains("ipc:planted", "xattr:planted");
            }
            Frame ready = ready(c);
            assertThat(ready.fields()).containsKey("wipe_ms");

            String look = """
                    echo "sandbox:$(ls -A /sandbox | tr '\\n' ' ')"
                    echo "tmp:$(ls -A /tmp | tr '\\n' ' ')"
                    echo "shm:$(ls -A /dev/shm | tr '\\n' ' ')"
                    echo "mqueue:$(ls -A /dev/mqueue | tr '\\n' ' ')"
                    echo "ipc:$(cat /proc/sysvipc/shm /proc/sysvipc/sem /proc/sysvipc/msg | grep -vc key)"
                    echo "leaked:${LEAKED:-unset}"
                    echo "mode:$(stat -c %a /sandbox)"
                    for p in /proc/[0-9]*; do
                      c=$(tr '\\0' ' ' < $p/cmdline 2>/dev/null)
                      case "$c" in *sleep*) echo "proc:$c";; esac
                    done
                    if command -v python3 >/dev/null; then python3 -c "import os; print('xattr:', os.listxattr('/sandbox'))"; fi
                    """;
            Answer second = c.run(look, 10);
            assertThat(second.exit()).as("%s", second).containsEntry("status", "0");
            List<String> lines = second.out().lines().toList();
            assertThat(lines).as("%s", second).contains("sandbox:cyber-dojo.sh ", "tmp:.warmpool ", "shm:", "mqueue:",
                    "ipc:0", "leaked:unset", "mode:755");
            assertThat(lines).as("no process of the first run survived").noneMatch(l -> l.startsWith("proc:"));
            if (image.equals(DemoImages.PYTHON_PYTEST)) {
                assertThat(lines).contains("xattr: []");
            }
            ready(c);
        }
    }

    @Test
    void aRecycledContainerNeedsAReadOnlyRoot() {
        try (AgentContainer c = AgentContainer.start(DemoImages.BUSYBOX, "recycle", List.of(AgentContainer.WRITABLE_ROOT))) {
            Frame broken = c.afterHello;
            assertThat(broken.word()).isEqualTo("BROKEN");
            assertThat(broken.text()).contains("read-only");
            c.send(AgentContainer.request(DemoImages.BUSYBOX, "true", 5).toFrame());
            assertThat(c.next(READY_WAIT).word()).isEqualTo("ERROR");
        }
    }

    @Test
    void theAgentRefusesToStartBesideOtherProcesses() {
        // kill(-1) must only reach what the runs started: an agent that is not alone with tini
        // in its pid namespace says so instead of HELLO, kills nothing, and exits
        try (AgentContainer c = AgentContainer.startAfter(DemoImages.BUSYBOX, "recycle", "sleep 1000 & ")) {
            assertThat(c.hello.word()).isEqualTo("ERROR");
            // which process it names depends on how far the shell got with starting the sleep: only the refusal is certain
            assertThat(c.hello.text()).startsWith("refusing to start: its pid namespace holds other processes than pid 1 and the agent: pid ");
            assertThat(c.next(READY_WAIT).word()).isEqualTo("<EOF>");
        }
    }

    // ---------------------------------------------------------------- protocol

    @Test
    void absurdFramesAreRefused() {
        for (String bad : List.of("RUN 99999999999\n", "RUN 4294967295\n", "RUN 012\n", "run 1\n", "HELLO 0\n",
                "RUN -1\n", "RUN 5 \n", "WAYTOOLONGFRAMEWORDHERE 1\n")) {
            try (AgentContainer c = AgentContainer.start(DemoImages.BUSYBOX, "recycle")) {
                c.send(bad.getBytes(StandardCharsets.US_ASCII));
                Frame f = c.next(READY_WAIT);
                assertThat(f.word()).as("for %s", bad.trim()).isEqualTo("ERROR");
                assertThat(c.next(READY_WAIT).word()).as("then the agent exits").isEqualTo("<EOF>");
            }
        }
    }

    @Test
    void badRunPayloadsAreRefused() {
        byte[] tar = TarPacker.tar(DemoImages.script("true"));
        List<AgentFrames.Run> bad = List.of(
                new AgentFrames.Run().tar(tar),                                                  // no max_seconds
                new AgentFrames.Run().maxSeconds(5),                                             // no tar
                new AgentFrames.Run().maxSeconds(0).tar(tar),
                new AgentFrames.Run().maxSeconds(5).field("max_seconds", "5").tar(tar),
                new AgentFrames.Run().maxSeconds(5).field("output_cap", "2000000").tar(tar),
                new AgentFrames.Run().maxSeconds(5).field("colour", "red").tar(tar),
                new AgentFrames.Run().maxSeconds(5).env("1BAD=x").tar(tar),
                new AgentFrames.Run().maxSeconds(5).env("NUL=a\0b").tar(tar),
                new AgentFrames.Run().maxSeconds(5).field("tar", new byte[]{1}).tar(tar));
        try (AgentContainer c = AgentContainer.start(DemoImages.BUSYBOX, "recycle")) {
            // a field whose length runs past the end of the payload
            byte[] payload = "max_seconds 1\n5tar 100\nabc".getBytes(StandardCharsets.US_ASCII);
            c.send(AgentFrames.frame("RUN", payload));
            assertThat(c.next(READY_WAIT).word()).isEqualTo("ERROR");
        }
        for (AgentFrames.Run run : bad) {
            try (AgentContainer c = AgentContainer.start(DemoImages.BUSYBOX, "recycle")) {
                c.send(run.toFrame());
                Frame f = c.next(READY_WAIT);
                String shown = new String(run.payload(), StandardCharsets.ISO_8859_1);
                assertThat(f.word()).as("%s", shown.substring(0, Math.min(40, shown.length()))).isEqualTo("ERROR");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> untar(byte[] tar) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.isFile()) {
                    String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                    files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
