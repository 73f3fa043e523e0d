package org.warmpool.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's boundary with the engine, as rules that run with every build (docs/architecture.md). */
class ConsoleArchitectureTest {
    static JavaClasses console;

    @BeforeAll
    static void importTheConsole() {
        console = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.warmpool.app");
    }

    @Test
    void theConsoleUsesTheEngineOnlyThroughItsApi() {
        noClasses().that().resideInAPackage("org.warmpool.app..")
                .should().dependOnClassesThat(resideInAPackage("org.warmpool.engine..")
                        .and(resideOutsideOfPackage("org.warmpool.engine.api..")))
                .because("the console is one client of the engine's one door, like the CLI")
                .check(console);
    }

    /** The rule above is not vacuous: the console's tests, which may use engine internals, do. */
    @Test
    void theRuleCatchesAClassThatReachesBehindTheApi() {
        JavaClasses withTests = new ClassFileImporter().importPackages("org.warmpool.app");
        assertThatThrownBy(() -> noClasses().that().resideInAPackage("org.warmpool.app..")
                .should().dependOnClassesThat(resideInAPackage("org.warmpool.engine..")
                        .and(resideOutsideOfPackage("org.warmpool.engine.api..")))
                .check(withTests)).as("checked against the tests too").isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.warmpool.engine.server.WarmpoolServer");
    }

    @Test
    void theConsoleTalksToNoDockerAndNoJournalItself() {
        noClasses().that().resideInAPackage("org.warmpool.app..")
                .should().dependOnClassesThat().resideInAnyPackage("com.github.dockerjava..", "java.sql..", "org.java_websocket..")
                .because("Docker, the journal and the WebSocket are the engine's").check(console);
    }

    @Test
    void noMainClassIsOverFiveHundredLines() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(root)) {
            tooLong = files.filter(p -> p.toString().endsWith(".java")).map(p -> {
                try {
                    long n = Files.lines(p).count();
                    return n > 500 ? root.relativize(p) + ": " + n + " lines" : null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(Objects::nonNull).toList();
        }
        assertThat(tooLong).as("main classes over 500 lines").isEmpty();
    }
}
