package dev.skillmerge.eval.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skillmerge.eval.data.Jsonl;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs model-written Python in a fresh folder per job, with OS isolation as strong as this machine allows
 * ({@link Isolation}), resource limits, a wall-clock timeout, and the whole process tree killed at the end.
 * The in-process layers live in {@code sandbox_harness.py}. Thread-safe: jobs run in parallel, each with its
 * own folder and (when running as root) its own uid.
 */
public final class PythonSandbox {
    private static final String MOUNT_SCRIPT = "mount --bind \"$1\" \"$1\""
            + " && mount -t tmpfs -o size=16m,mode=1777 tmpfs /dev/shm"
            + " && mount -o remount,bind,ro /"
            + " && cd \"$1\"" // the working directory was opened before the bind mount: re-enter it
            + " && exec setpriv --reuid=\"$2\" --regid=\"$2\" --clear-groups --no-new-privs -- \"$3\" -s -B \"$4\" \"$1\"";
    private static final int UID_SLOTS = 64;
    private static volatile PythonSandbox shared;

    private final Isolation isolation;
    private final String python;
    private final Path root;
    private final Path harness;
    private final BlockingQueue<Integer> uids;

    private PythonSandbox(Isolation isolation, String python, Path root, Path harness) {
        this.isolation = isolation;
        this.python = python;
        this.root = root;
        this.harness = harness;
        this.uids = new ArrayBlockingQueue<>(UID_SLOTS);
        // Uids of their own per concurrent job (far above any real account), different per JVM: RLIMIT_NPROC
        // counts per uid, so one job's fork bomb cannot starve another job or another process of the machine.
        int base = 1_900_000_000 + (int) (ProcessHandle.current().pid() % 100_000) * UID_SLOTS;
        for (int i = 0; i < UID_SLOTS; i++) {
            uids.add(base + i);
        }
    }

    /** The sandbox of this JVM, detected on first use: {@code SKILLMERGE_PYTHON} overrides the interpreter. */
    public static PythonSandbox shared() throws IOException, InterruptedException {
        PythonSandbox s = shared;
        if (s == null) {
            synchronized (PythonSandbox.class) {
                s = shared;
                if (s == null) {
                    s = detect(Optional.ofNullable(System.getenv("SKILLMERGE_PYTHON")));
                    shared = s;
                }
            }
        }
        return s;
    }

    /** Tries each isolation level, strongest first, with each python3 found, and keeps the first that runs a probe. */
    public static PythonSandbox detect(Optional<String> pythonOverride) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("skillmerge-sandbox-");
        // Others may traverse (the job's uid must reach its folder and the harness) but not list.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
        root.toFile().deleteOnExit();
        Path harness = root.resolve("sandbox_harness.py");
        try (InputStream in = PythonSandbox.class.getResourceAsStream("sandbox_harness.py")) {
            if (in == null) {
                throw new IOException("sandbox_harness.py is missing from the eval-hooks jar");
            }
            Files.copy(in, harness);
        }
        Files.setPosixFilePermissions(harness, PosixFilePermissions.fromString("rw-r--r--"));
        harness.toFile().deleteOnExit();
        boolean root0 = "root".equals(System.getProperty("user.name"));
        List<Isolation> levels = root0 ? List.of(Isolation.NAMESPACES, Isolation.UNPRIVILEGED_UID, Isolation.CURRENT_USER)
                : List.of(Isolation.CURRENT_USER);
        List<String> tried = new ArrayList<>();
        for (Isolation level : levels) {
            for (String candidate : pythonCandidates(pythonOverride)) {
                PythonSandbox sandbox = new PythonSandbox(level, candidate, root, harness);
                try {
                    SandboxResult probe = sandbox.runProgram("import sys\nassert sys.version_info >= (3, 8)\n", 3,
                            SandboxLimits.humanEval().withTimeout(Duration.ofSeconds(30)));
                    if (probe.passed()) {
                        return sandbox;
                    }
                    tried.add(level.name().toLowerCase(Locale.ROOT) + " with " + candidate + ": " + probe.reason());
                } catch (IOException e) {
                    tried.add(level.name().toLowerCase(Locale.ROOT) + " with " + candidate + ": " + e.getMessage());
                }
            }
        }
        throw new IOException("no python3 (3.8 or newer) runs in the code sandbox; set SKILLMERGE_PYTHON. Tried: " + String.join("; ", tried));
    }

    private static Set<String> pythonCandidates(Optional<String> override) {
        Set<String> out = new LinkedHashSet<>();
        override.ifPresent(out::add);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "python3");
                if (Files.isExecutable(p)) {
                    out.add(p.toString());
                }
            }
        }
        for (String p : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
            if (Files.isExecutable(Path.of(p))) {
                out.add(p);
            }
        }
        return out;
    }

    public Isolation isolation() {
        return isolation;
    }

    public String python() {
        return python;
    }

    /** One line for summaries and benchmarks: interpreter and isolation. */
    public String describe() {
        return python + " in " + isolation.description();
    }

    /** Runs {@code program} in a fresh namespace; passes when it raises nothing within {@code seconds}. */
    public SandboxResult runProgram(String program, double seconds, SandboxLimits limits) throws IOException, InterruptedException {
        ObjectNode job = Jsonl.MAPPER.createObjectNode();
        job.put("mode", "program");
        job.put("program", program);
        job.put("seconds", seconds);
        return run(job, limits, Optional.empty());
    }

    /**
     * Runs a job of the harness (see sandbox_harness.py for the modes). {@code expectedPickle}, when given, is
     * placed in the job folder as expected.pkl; a job that writes expected.pkl returns its bytes.
     */
    public SandboxResult run(ObjectNode job, SandboxLimits limits, Optional<byte[]> expectedPickle) throws IOException, InterruptedException {
        Integer uid = isolation == Isolation.CURRENT_USER ? null : uids.take();
        Path jobRoot = Files.createTempDirectory(root, "job-");
        try {
            Path work = Files.createDirectory(jobRoot.resolve("work"));
            ObjectNode limitsJson = job.putObject("limits");
            limitsJson.put("memory_bytes", limits.memoryBytes());
            limitsJson.put("cpu_seconds", limits.timeout().toSeconds() + 1);
            limitsJson.put("file_bytes", limits.fileBytes());
            limitsJson.put("processes", limits.processes());
            limitsJson.put("own_uid", uid != null);
            Files.writeString(work.resolve("job.json"), Jsonl.line(job));
            if (expectedPickle.isPresent()) {
                Files.write(work.resolve("expected.pkl"), expectedPickle.get());
            }
            if (uid != null) {
                Files.setAttribute(work, "unix:uid", uid);
                Files.setAttribute(work, "unix:gid", uid);
                Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx------"));
                Files.setPosixFilePermissions(jobRoot, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Path log = jobRoot.resolve("harness.log");
            ProcessBuilder builder = new ProcessBuilder(command(work, uid)).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            builder.environment().put("LANG", "C.UTF-8");
            builder.environment().put("PYTHONIOENCODING", "utf-8");
            // The environment is ours alone (cleared above), so no -E: a fixed hash seed makes the reference and
            // the candidate, run in different processes, iterate sets of strings in the same order (Mbpp/2).
            builder.environment().put("PYTHONHASHSEED", "0");
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                killTree(process);
            }
            Path resultFile = work.resolve("result.json");
            if (!finished) {
                return SandboxResult.failed("timed out after " + limits.timeout().toSeconds() + " s");
            }
            if (!Files.exists(resultFile)) {
                return SandboxResult.failed("the program ended the interpreter (exit code " + process.exitValue() + ")" + logTail(log));
            }
            JsonNode result;
            try {
                result = Jsonl.MAPPER.readTree(Files.readString(resultFile));
            } catch (IOException e) {
                return SandboxResult.failed("unreadable result: " + e.getMessage());
            }
            Path pickle = work.resolve("expected.pkl");
            Optional<byte[]> produced = expectedPickle.isEmpty() && Files.exists(pickle) ? Optional.of(Files.readAllBytes(pickle)) : Optional.empty();
            return new SandboxResult("passed".equals(result.path("status").asText()), result.path("reason").asText(), Optional.of(result), produced);
        } finally {
            deleteTree(jobRoot);
            if (uid != null) {
                uids.add(uid);
            }
        }
    }

    private List<String> command(Path work, Integer uid) {
        List<String> cmd = new ArrayList<>();
        switch (isolation) {
            case NAMESPACES -> cmd.addAll(List.of("unshare", "--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc",
                    "/bin/sh", "-c", MOUNT_SCRIPT, "sh", work.toString(), uid.toString(), python, harness.toString()));
            case UNPRIVILEGED_UID -> cmd.addAll(List.of("setsid", "setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "--no-new-privs", "--", python, "-s", "-B", harness.toString(), work.toString()));
            case CURRENT_USER -> {
                if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                    cmd.add("/usr/bin/setsid");
                }
                cmd.addAll(List.of(python, "-s", "-B", harness.toString(), work.toString()));
            }
        }
        return cmd;
    }

    /**
     * Kills everything the job started. In a PID namespace killing its first process is enough (the kernel
     * kills the rest); otherwise the job is the leader of its own session and process group, so the group
     * is killed, which also reaches children that were re-parented away from it.
     */
    private void killTree(Process process) throws InterruptedException {
        long pid = process.pid();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (isolation != Isolation.NAMESPACES) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // no kill(1): the descendants were already killed one by one above
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : ": " + lines.getLast().strip();
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
