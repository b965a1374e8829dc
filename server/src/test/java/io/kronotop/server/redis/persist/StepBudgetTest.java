package io.kronotop.server.redis.persist;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StepBudgetTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StepBudget budget = new StepBudget(now::get);

    @Test
    void shouldGiveAStepAQuarterOfTheTimeSinceThePreviousOneEnded() {
        budget.end();
        now.addAndGet(4_000_000L); // 4 ms of other work
        budget.begin(StepBudget.MAX_WAITED_STEP_NANOS);
        assertThat(budget.more()).isTrue();
        now.addAndGet(999_999L);
        assertThat(budget.more()).isTrue();
        now.addAndGet(1L); // 1 ms into the step
        assertThat(budget.more()).isFalse();
    }

    @Test
    void shouldCapAStepAfterALongPause() {
        budget.end();
        now.addAndGet(1_000_000_000L);
        budget.begin(StepBudget.MAX_WAITED_STEP_NANOS);
        now.addAndGet(StepBudget.MAX_WAITED_STEP_NANOS - 1);
        assertThat(budget.more()).isTrue();
        now.addAndGet(1L);
        assertThat(budget.more()).isFalse();
    }

    @Test
    void shouldGiveAStepRightAfterAnotherNoMoreThanItsFirstChunk() {
        budget.begin(StepBudget.MAX_WAITED_STEP_NANOS);
        now.addAndGet(10_000L);
        budget.end();
        budget.begin(StepBudget.MAX_WAITED_STEP_NANOS);
        assertThat(budget.more()).isFalse();
    }

    @Test
    void shouldGiveAStepCappedAtZeroOneChunk() {
        budget.end();
        now.addAndGet(40_000_000L);
        budget.begin(0);
        assertThat(budget.more()).isFalse();
    }

    @Test
    void shouldAllowNothingOutsideAStep() {
        now.addAndGet(50_000_000L);
        assertThat(budget.more()).as("before the first step").isFalse();
        budget.begin(StepBudget.MAX_WAITED_STEP_NANOS);
        assertThat(budget.more()).isTrue();
        budget.end();
        assertThat(budget.more()).as("after the step ended").isFalse();
    }
}
