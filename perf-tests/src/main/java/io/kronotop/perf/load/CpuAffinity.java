package io.kronotop.perf.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pins the calling thread to a set of CPUs with Linux's {@code sched_setaffinity(2)}, through the FFM API. Used to
 * give the generator's event-loop threads and the server fixed cores when two clients are compared at one
 * connection: there the round trip depends on whether the scheduler puts client and server on one core or two,
 * and a run that catches the other placement differs by a factor of two or three.
 */
public final class CpuAffinity {
    private static final Logger LOG = LoggerFactory.getLogger(CpuAffinity.class);
    /** Bytes of the CPU mask handed to the kernel: room for 1,024 CPUs. */
    private static final int MASK_BYTES = 128;
    private static final MethodHandle SET_AFFINITY = lookup();

    private CpuAffinity() {
    }

    /** Whether pinning works here (Linux with {@code sched_setaffinity} in the C library). */
    public static boolean available() {
        return SET_AFFINITY != null;
    }

    /**
     * Restricts the calling thread to {@code cpus}.
     *
     * @return true if the kernel accepted the mask; false (logged) when pinning is not available or refused
     */
    public static boolean pinCurrentThread(List<Integer> cpus) {
        if (SET_AFFINITY == null || cpus.isEmpty()) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(MASK_BYTES);
            for (int cpu : cpus) {
                if (cpu < 0 || cpu >= MASK_BYTES * 8) {
                    throw new IllegalArgumentException("no such CPU: " + cpu);
                }
                long word = mask.getAtIndex(ValueLayout.JAVA_LONG, cpu / 64);
                mask.setAtIndex(ValueLayout.JAVA_LONG, cpu / 64, word | (1L << (cpu % 64)));
            }
            int rc = (int) SET_AFFINITY.invokeExact(0, (long) MASK_BYTES, mask);
            if (rc != 0) {
                LOG.warn("sched_setaffinity({}) refused", cpus);
                return false;
            }
            return true;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sched_setaffinity failed", e);
        }
    }

    /** Parses a CPU list as taskset writes it: {@code 1}, {@code 0,2}, {@code 0-3}. */
    public static List<Integer> parse(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("bad CPU list: " + list);
            }
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return List.copyOf(cpus);
    }

    @SuppressWarnings("restricted") // a downcall into the C library, enabled by --enable-native-access (bin/perf)
    private static MethodHandle lookup() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        Linker linker = Linker.nativeLinker();
        Optional<MemorySegment> symbol = linker.defaultLookup().find("sched_setaffinity");
        return symbol.map(s -> linker.downcallHandle(s, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS))).orElse(null);
    }
}
