package org.warmpool.engine.docker;

/**
 * Labels carried by every container Warmpool starts. The project label alone finds them all
 * ({@code docker ps -a --filter label=org.warmpool}); the owner label tells which engine
 * process started a container, so a second engine never reaps the containers of a live one.
 */
public final class Labels {
    /** Present on every Warmpool container; the value is always "1". */
    public static final String PROJECT = "org.warmpool";
    /** The image the container's pool serves. */
    public static final String IMAGE = "org.warmpool.image";
    /** The pool's name (the image name today; kept separate so pools may later share images). */
    public static final String POOL = "org.warmpool.pool";
    /** "host/pid/session" of the engine that created the container. */
    public static final String OWNER = "org.warmpool.owner";
    /** What the container is for: "pool" (warm), "cold", or "probe" (reading files from an image). */
    public static final String ROLE = "org.warmpool.role";

    private Labels() {
    }

    /** This machine's name, as written in {@link #OWNER}. */
    public static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The {@link #OWNER} value for a session of this process. */
    public static String owner(String session) {
        return host() + "/" + ProcessHandle.current().pid() + "/" + session;
    }

    /** Labels for a short-lived container that only reads files from an image. */
    public static java.util.Map<String, String> probe(String image, String session) {
        return java.util.Map.of(PROJECT, "1", IMAGE, image, OWNER, owner(session), ROLE, "probe");
    }
}
