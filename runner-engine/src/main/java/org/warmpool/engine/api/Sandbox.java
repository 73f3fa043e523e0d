package org.warmpool.engine.api;

/**
 * The cyber-dojo contract inside a container, which start points and images rely on: who runs
 * {@code cyber-dojo.sh}, and where its files are. Never root.
 */
public final class Sandbox {
    /** The {@code sandbox} user's uid. */
    public static final int UID = 41966;
    /** The {@code sandbox} group's gid. */
    public static final int GID = 51966;
    /** {@code uid:gid}, as Docker takes a user. */
    public static final String USER = UID + ":" + GID;
    /** The sandbox user's home. */
    public static final String HOME = "/home/sandbox";
    /** Where the submission's files arrive, and where {@code cyber-dojo.sh} runs. */
    public static final String DIR = "/sandbox";

    private Sandbox() {
    }
}
