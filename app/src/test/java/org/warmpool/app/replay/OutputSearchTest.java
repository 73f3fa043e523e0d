package org.warmpool.app.replay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputSearchTest {
    final OutputSearch search = new OutputSearch();

    @Test
    void textIsShownAsNumberedLines() {
        search.setText("PASSED one\nFAILED two\n", false);

        assertThat(search.lines()).extracting(OutputSearch.Line::number).containsExactly(1, 2);
        assertThat(search.lines()).extracting(OutputSearch.Line::text).containsExactly("PASSED one", "FAILED two");
        assertThat(search.noteProperty().get()).isEmpty();
        assertThat(search.matchTextProperty().get()).isEmpty();
    }

    @Test
    void everyMatchIsMarkedIgnoringCaseAndTheFirstIsCurrent() {
        search.setText("FAILED a\nok\nfailed b, failed c", false);
        search.queryProperty().set("failed");

        assertThat(search.matchCountProperty().get()).isEqualTo(3);
        assertThat(search.lines().get(0).matches()).containsExactly(new OutputSearch.Span(0, 6));
        assertThat(search.lines().get(2).matches()).containsExactly(new OutputSearch.Span(0, 6), new OutputSearch.Span(10, 16));
        assertThat(search.lines().get(2).firstMatch()).isEqualTo(1);
        assertThat(search.currentProperty().get()).isZero();
        assertThat(search.currentLineProperty().get()).isZero();
        assertThat(search.matchTextProperty().get()).isEqualTo("1 of 3");
    }

    @Test
    void nextAndPreviousJumpBetweenMatchesAndWrapRound() {
        search.setText("x\nfail 1\nx\nfail 2", false);
        search.queryProperty().set("fail");

        search.next();
        assertThat(search.currentLineProperty().get()).isEqualTo(3);
        assertThat(search.matchTextProperty().get()).isEqualTo("2 of 2");
        search.next();
        assertThat(search.currentLineProperty().get()).as("wraps to the first").isEqualTo(1);
        search.previous();
        assertThat(search.matchTextProperty().get()).isEqualTo("2 of 2");
    }

    @Test
    void whenTheCurrentMatchMovesItsLineIsAlreadyKnown() {
        search.setText("fail\nx\nx\nfail", false);
        search.queryProperty().set("fail");
        java.util.List<Integer> linesSeen = new java.util.ArrayList<>();
        search.currentProperty().addListener((o, was, now) -> linesSeen.add(search.currentLineProperty().get()));

        search.next();
        search.previous();

        assertThat(linesSeen).containsExactly(3, 0);
    }

    @Test
    void matchingLinesOnlyHidesTheRestButKeepsTheirNumbers() {
        search.setText("a\nsyntax error\nb\nsyntax error again", false);
        search.queryProperty().set("SYNTAX");
        search.onlyMatchingProperty().set(true);

        assertThat(search.lines()).extracting(OutputSearch.Line::number).containsExactly(2, 4);
        assertThat(search.currentLineProperty().get()).isZero();

        search.queryProperty().set("");
        assertThat(search.lines()).as("no query: every line").hasSize(4);
    }

    @Test
    void noMatchesIsSaid() {
        search.setText("all good", false);
        search.queryProperty().set("error");
        assertThat(search.matchTextProperty().get()).isEqualTo("no matches");
        assertThat(search.currentLineProperty().get()).isEqualTo(-1);
        search.next();
        assertThat(search.currentProperty().get()).isEqualTo(-1);
    }

    @Test
    void emptyAndTruncatedOutputAreSaidSo() {
        search.setText("", false);
        assertThat(search.noteProperty().get()).isEqualTo("(empty)");
        assertThat(search.lines()).isEmpty();
        search.setText("x".repeat(10), true);
        assertThat(search.noteProperty().get()).contains("cut at 50 KB");
    }
}
