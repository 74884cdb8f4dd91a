package dev.skillmerge.eval.code;

/**
 * The OS-level isolation the sandbox found on this machine, strongest first. Every level also has the
 * in-process layers of the harness (resource limits, the audit hook) and a killed process tree on timeout.
 */
public enum Isolation {
    /**
     * Root with working {@code unshare}: new mount, network and PID namespaces (no network, only loopback;
     * killing the namespace's first process kills every process the code started), the root file system
     * read-only except the job folder, a private /dev/shm, and an unprivileged uid of the job's own so that
     * RLIMIT_NPROC holds (the kernel does not apply it to root).
     */
    NAMESPACES("namespaces: no network, read-only file system except the job folder, own PID space, unprivileged uid"),
    /** Root without namespaces (e.g. a container without CAP_SYS_ADMIN): an unprivileged uid of the job's own. */
    UNPRIVILEGED_UID("unprivileged uid of its own, new session; network not isolated"),
    /** Not root: the current user, a new session, RLIMIT_NPROC above the user's current process count. */
    CURRENT_USER("current user, new session; network not isolated");

    private final String description;

    Isolation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
