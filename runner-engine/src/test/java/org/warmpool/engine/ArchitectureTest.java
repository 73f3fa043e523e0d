package org.warmpool.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine's boundaries, as rules that run with every build (docs/architecture.md explains them). */
class ArchitectureTest {
    static JavaClasses engine;

    @BeforeAll
    static void importTheEngine() {
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.warmpool.engine");
    }

    @Test
    void onlyTheDockerPackageTouchesDockerJava() {
        noClasses().that().resideOutsideOfPackage("org.warmpool.engine.docker..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .because("docker-java stays behind ContainerRuntime, so the rest can run on any engine or a fake")
                .check(engine);
    }

    @Test
    void theEngineKnowsNoJavaFx() {
        noClasses().should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("the engine is a library and a headless server; only the console draws")
                .check(engine);
    }

    @Test
    void theApiDependsOnNothingElseInTheEngine() {
        classes().that().resideInAPackage("org.warmpool.engine.api..")
                .should().onlyDependOnClassesThat().resideOutsideOfPackage("org.warmpool.engine..")
                .orShould().dependOnClassesThat().resideInAPackage("org.warmpool.engine.api..")
                .because("the one door is what others build on; the house behind it may change")
                .check(engine);
    }

    @Test
    void theGatewayNeverTalksToDockerItself() {
        noClasses().that().resideInAPackage("org.warmpool.engine.gateway..")
                .should().dependOnClassesThat().resideInAPackage("org.warmpool.engine.docker..")
                .because("submissions reach containers only through the engine's run path")
                .check(engine);
    }

    @Test
    void noCyclesBetweenTheEnginesPackages() {
        slices().matching("org.warmpool.engine.(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void everyEngineClassLivesInAPackageOfItsOwnConcern() {
        noClasses().should().resideInAPackage("org.warmpool.engine")
                .because("a class in the root package would sit outside the cycle check").check(engine);
    }

    @Test
    void noMainClassIsOverFiveHundredLines() throws IOException {
        assertThat(longerThan(Path.of("src/main/java"), 500)).as("main classes over 500 lines").isEmpty();
    }

    /** Source files with more than {@code lines} lines, as "path: n lines". */
    static List<String> longerThan(Path root, int lines) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).map(p -> {
                try {
                    long n = Files.lines(p).count();
                    return n > lines ? root.relativize(p) + ": " + n + " lines" : null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).filter(java.util.Objects::nonNull).sorted().toList();
        }
    }
}
