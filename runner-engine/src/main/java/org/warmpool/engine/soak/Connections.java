package org.warmpool.engine.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Established TCP connections to a server's ports on this machine, as the kernel lists them. */
final class Connections {
    private static final String ESTABLISHED = "01";

    private Connections() {
    }

    static int established(int... ports) throws IOException {
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[3].equals(ESTABLISHED)) {
                    continue;
                }
                String local = f[1];
                String port = local.substring(local.indexOf(':') + 1);
                for (int p : ports) {
                    if (port.equalsIgnoreCase(String.format(Locale.ROOT, "%04X", p))) {
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
