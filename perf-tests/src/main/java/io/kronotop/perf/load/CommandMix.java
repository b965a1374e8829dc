package io.kronotop.perf.load;

/**
 * Picks the next command by smooth weighted round-robin: over every cycle of {@code sum(weights)} picks,
 * command {@code i} is chosen exactly {@code weights[i]} times, spread evenly. Owner: one client.
 */
final class CommandMix {
    private final int[] weights;
    private final int[] current;
    private final int total;

    CommandMix(int[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        int sum = 0;
        for (int w : weights) {
            if (w < 0) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            sum += w;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
        this.weights = weights.clone();
        this.current = new int[weights.length];
        this.total = sum;
    }

    int next() {
        int best = 0;
        for (int i = 0; i < weights.length; i++) {
            current[i] += weights[i];
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return best;
    }

    int cycleLength() {
        return total;
    }
}
