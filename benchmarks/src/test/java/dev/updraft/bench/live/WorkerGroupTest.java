package dev.updraft.bench.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class WorkerGroupTest {

    @Test
    void connectionsAreSharedEvenlyWithinThePerProcessLimit() {
        assertThat(WorkerGroup.split(19_500, 9_750, 2)).containsExactly(9_750, 9_750);
        assertThat(WorkerGroup.split(19_501, 9_750, 2)).containsExactly(6_501, 6_500, 6_500);
        assertThat(WorkerGroup.split(400, 9_750, 2)).containsExactly(200, 200);
        assertThat(WorkerGroup.split(1_000, 9_750, 1)).containsExactly(1_000);
    }

    @Test
    void everyConnectionIsAssignedAndNoWorkerIsEmpty() {
        for (int n : new int[] {1, 3, 999, 20_000, 40_001}) {
            int[] shares = WorkerGroup.split(n, 9_750, 2);
            assertThat(Arrays.stream(shares).sum()).isEqualTo(n);
            assertThat(Arrays.stream(shares).boxed().toList()).allSatisfy(s -> assertThat(s).isBetween(1, 9_750));
        }
    }
}
