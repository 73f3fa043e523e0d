package org.warmpool.engine.run;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The regular files in a tar of /sandbox, by path relative to it. */
final class SandboxTar {
    private SandboxTar() {
    }

    /** Reads what it can: a tar cut short (by a cap, or a run that changed files meanwhile) gives the files before the cut. */
    static Map<String, byte[]> files(byte[] tar) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.isFile()) {
                    String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                    files.put(name, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            // the files before the cut are still worth returning
        }
        return files;
    }
}
