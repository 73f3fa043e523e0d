package org.warmpool.engine.agent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.warmpool.engine.DemoImages;
import org.warmpool.engine.archive.TarPacker;
import org.warmpool.engine.agent.AgentFrames.Frame;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the example exchange of docs/agent.md ("A complete exchange") against a real agent. Each
 * block is a list of C string literals, byte for byte, where {@code <N bytes: …>} stands for N
 * bytes of binary; in the agent's answers the values of {@code pid}, {@code ran_ms} and
 * {@code wipe_ms} (and so the lengths of the HELLO, EXIT and READY frames) may differ.
 */
class AgentDocTest {
    static final Path DOC = Path.of(System.getProperty("warmpool.assets", "assets")).resolve("../docs/agent.md").normalize();
    static final String SCRIPT = "echo hello\necho oops >&2\nexit 1\n";
    static final Pattern PLACEHOLDER = Pattern.compile("<([0-9]+) bytes[^>]*>");

    @AfterAll
    static void noContainerOfOursIsLeft() {
        AgentContainer.removeAllOfThisJvm();
        assertThat(AgentContainer.ofThisJvm(List.of())).isEmpty();
    }

    @Test
    void theBootstrapIsTheOneTheDocumentGives() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(doc).contains("/bin/bash -c '" + AgentContainer.bootstrap("SIZE", "MODE") + "'");
        int size = AgentContainer.binary().length;
        List<String> blocks = exampleBlocks();
        assertThat(blocks.get(0).strip()).isEqualTo("/bin/bash -c '" + AgentContainer.bootstrap("71024", "recycle") + "'");
        assertThat(size).as("the agent's size; the example's 71024 is only an example").isPositive();
    }

    @Test
    void theExampleExchangeHappensAsWritten() throws IOException {
        List<String> blocks = exampleBlocks();
        assertThat(blocks).hasSize(6);
        String script = SCRIPT;
        assertThat(script).hasSize(32);
        byte[] tar = TarPacker.tar(DemoImages.script(script));

        try (AgentContainer c = AgentContainer.start(DemoImages.BUSYBOX, "recycle")) {
            assertMatches(blocks.get(1), bytes(c.hello, c.afterHello));

            byte[] run = engineBytes(blocks.get(2), tar);
            c.send(run);
            List<Frame> answer = new ArrayList<>();
            Frame f;
            do {
                f = c.next(Duration.ofSeconds(60));
                answer.add(f);
            } while (!f.word().equals("READY") && !f.word().equals("BROKEN") && !f.word().startsWith("<"));
            assertMatches(blocks.get(3), bytes(answer.toArray(Frame[]::new)));

            AgentFrames.Run loop = new AgentFrames.Run().maxSeconds(2).tar(TarPacker.tar(DemoImages.script("while :; do :; done\n")));
            assertThat(new String(loop.payload(), StandardCharsets.ISO_8859_1)).startsWith("max_seconds 1\n2");
            c.send(loop.toFrame());
            Frame exit = c.next(Duration.ofSeconds(60));
            assertMatches(blocks.get(4), bytes(exit));
            assertThat(c.next(Duration.ofSeconds(60)).word()).isEqualTo("READY");

            c.send("RUN 99999999999\n".getBytes(StandardCharsets.US_ASCII));
            assertMatches(blocks.get(5), bytes(c.next(Duration.ofSeconds(60))));
            assertThat(c.next(Duration.ofSeconds(60)).word()).isEqualTo("<EOF>");
        }
    }

    /** The fenced blocks after the heading "## A complete exchange". */
    static List<String> exampleBlocks() throws IOException {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("## A complete exchange"));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)```[a-z]*\\n(.*?)```").matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static byte[] bytes(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            out.writeBytes(AgentFrames.header(f.word(), f.payload().length));
            out.writeBytes(f.payload());
        }
        return out.toByteArray();
    }

    /** A block's literals and placeholders, in order: a String for literal bytes, an Integer for N bytes of binary. */
    private static List<Object> parts(String block) {
        List<Object> parts = new ArrayList<>();
        for (String line : block.split("\n")) {
            String rest = line.strip();
            while (!rest.isEmpty()) {
                if (rest.startsWith("\"")) {
                    StringBuilder s = new StringBuilder();
                    int i = 1;
                    for (; rest.charAt(i) != '"'; i++) {
                        char ch = rest.charAt(i);
                        if (ch == '\\') {
                            char e = rest.charAt(++i);
                            s.append(switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                case '0' -> '\0';
                                case '\\' -> '\\';
                                case '"' -> '"';
                                default -> throw new IllegalArgumentException("escape \\" + e + " in " + line);
                            });
                        } else {
                            s.append(ch);
                        }
                    }
                    parts.add(s.toString());
                    rest = rest.substring(i + 1).strip();
                } else {
                    Matcher m = PLACEHOLDER.matcher(rest);
                    if (!m.lookingAt()) {
                        throw new IllegalArgumentException("neither a string nor a placeholder: " + rest);
                    }
                    parts.add(Integer.parseInt(m.group(1)));
                    rest = rest.substring(m.end()).strip();
                }
            }
        }
        return parts;
    }

    /** What the engine sends: the literals, with the tar for the placeholder (which must be its size). */
    private static byte[] engineBytes(String block, byte[] tar) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts(block)) {
            if (p instanceof Integer n) {
                assertThat(tar.length).as("the example's tar").isEqualTo(n);
                out.writeBytes(tar);
            } else {
                out.writeBytes(((String) p).getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    private static void assertMatches(String block, byte[] actual) {
        StringBuilder regex = new StringBuilder();
        Pattern variable = Pattern.compile("(?m)^((?:HELLO|EXIT|READY) )[0-9]+(\\n)|((?:pid|ran_ms|wipe_ms)=)[0-9]+");
        for (Object p : parts(block)) {
            if (p instanceof Integer n) {
                regex.append("[\\s\\S]{").append(n).append('}');
                continue;
            }
            String literal = (String) p;
            Matcher m = variable.matcher(literal);
            int at = 0;
            while (m.find()) {
                regex.append(Pattern.quote(literal.substring(at, m.start())));
                if (m.group(1) != null) {
                    regex.append(Pattern.quote(m.group(1))).append("[0-9]+").append(Pattern.quote(m.group(2)));
                } else {
                    regex.append(Pattern.quote(m.group(3))).append("[0-9]+");
                }
                at = m.end();
            }
            regex.append(Pattern.quote(literal.substring(at)));
        }
        String got = new String(actual, StandardCharsets.ISO_8859_1);
        assertThat(Pattern.compile(regex.toString()).matcher(got).matches())
                .as("the agent's bytes%n%s%nmatch the document's block%n%s", got.replaceAll("[^\\x20-\\x7e\\n]", "."), block)
                .isTrue();
    }
}
