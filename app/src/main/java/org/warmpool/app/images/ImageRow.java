package org.warmpool.app.images;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** One image Docker holds (one row per name; an image with no name gets a row by id). */
public final class ImageRow {
    /** Whether Warmpool can serve it. */
    public enum Readiness {
        CHECKING("checking…"), READY("ready"), NOT_READY("not ready"), UNKNOWN("unknown"), UNTAGGED("no name");

        private final String word;

        Readiness(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        /** {@code readiness-ready}, {@code readiness-not-ready}, … */
        public String styleClass() {
            return "readiness-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final String name;
    private final String id;
    private final long sizeBytes;
    private final String size;
    private final String created;
    private final ReadOnlyObjectWrapper<Readiness> readiness = new ReadOnlyObjectWrapper<>(Readiness.CHECKING);
    private final ReadOnlyStringWrapper why = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pool = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper fresh = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper engines = new ReadOnlyStringWrapper("");
    private java.util.List<String> lacking = java.util.List.of();

    ImageRow(String name, String id, long sizeBytes, String size, String created) {
        this.name = name;
        this.id = id;
        this.sizeBytes = sizeBytes;
        this.size = size;
        this.created = created;
    }

    /** "warmpool/busybox:latest", or the short id when the image has no name. */
    public String name() {
        return name;
    }

    /** The short image id (12 hex digits). */
    public String id() {
        return id;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** "136.2 MB". */
    public String size() {
        return size;
    }

    /** "47 minutes ago". */
    public String created() {
        return created;
    }

    public ReadOnlyObjectProperty<Readiness> readinessProperty() {
        return readiness.getReadOnlyProperty();
    }

    public Readiness readiness() {
        return readiness.get();
    }

    /** What it lacks (for not ready), why it could not be checked (unknown), or what to do (no name). */
    public ReadOnlyStringProperty whyProperty() {
        return why.getReadOnlyProperty();
    }

    /** "pool · 2 warm" when a pool serves it; empty otherwise. */
    public ReadOnlyStringProperty poolProperty() {
        return pool.getReadOnlyProperty();
    }

    /** "just loaded" for images the last load added. */
    public ReadOnlyStringProperty freshProperty() {
        return fresh.getReadOnlyProperty();
    }

    /** "local ✓ · dind-2 ✓ · dind-3 ✕": which Docker engines hold it (those that answer); empty until asked. */
    public ReadOnlyStringProperty enginesProperty() {
        return engines.getReadOnlyProperty();
    }

    /** The engines that answer and lack it: where "Copy to engine…" can send it. */
    public java.util.List<String> lacking() {
        return lacking;
    }

    void engines(String text, java.util.List<String> without) {
        lacking = java.util.List.copyOf(without);
        engines.set(text);
    }

    void checked(Readiness r, String reason) {
        why.set(reason);
        readiness.set(r);
    }

    void pool(String text) {
        pool.set(text);
    }

    void fresh(String text) {
        fresh.set(text);
    }
}
