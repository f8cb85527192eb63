package io.ferrymq.it.fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks a kept history file again: {@code -Dferrymq.fault.replay=<path printed by a failed run>}. Prints the same
 * verdict line and table as the run did.
 */
@EnabledIfSystemProperty(named = "ferrymq.fault.replay", matches = ".+")
class FaultHistoryReplayTest {
    @Test
    void replayTheCheckOfAKeptHistory() throws Exception {
        Path file = Path.of(System.getProperty("ferrymq.fault.replay"));
        Verdict v = Checker.check(file.getFileName().toString(), History.load(file));
        System.out.println(v.oneLine());
        System.out.print(v.table());
        assertTrue(v.passed(), v.oneLine());
    }
}
