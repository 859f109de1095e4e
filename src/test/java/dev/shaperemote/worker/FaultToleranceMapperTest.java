package dev.shaperemote.worker;

import dev.shaperemote.remote.RemoteErrorKind;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceDefinitionException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultToleranceMapperTest {
    @Test
    void eachOutcomeHasItsKindStatusAndRetryAfter() {
        WorkerFailure timeout = FaultToleranceMapper.map(new TimeoutException(), 1, 7);
        assertEquals(RemoteErrorKind.Timeout, timeout.kind());
        assertEquals(503, timeout.status());

        WorkerFailure full = FaultToleranceMapper.map(new BulkheadException(), 2, 7);
        assertEquals(RemoteErrorKind.Overloaded, full.kind());
        assertEquals(503, full.status());
        assertEquals(2, full.retryAfterSeconds());

        WorkerFailure open = FaultToleranceMapper.map(new CircuitBreakerOpenException(), 2, 7);
        assertEquals(RemoteErrorKind.Overloaded, open.kind());
        assertEquals(7, open.retryAfterSeconds(), "an open circuit asks the caller to wait for its delay");

        WorkerFailure other = FaultToleranceMapper.map(new FaultToleranceDefinitionException("bad"), 3, 7);
        assertEquals(RemoteErrorKind.Overloaded, other.kind());
        assertEquals(3, other.retryAfterSeconds());
        for (WorkerFailure f : List.of(timeout, full, open, other)) {
            assertFalse(f.getMessage().contains("Exception"), "no class names for the caller: " + f.getMessage());
        }
    }

    @Test
    void everyGuardedMethodHasACircuitAndTheLongestDelayIsTheFallbackRetryAfter() {
        assertEquals(3, CircuitDelay.GUARDED.size());
        Config none = config(Map.of());
        for (Method m : CircuitDelay.GUARDED) assertTrue(CircuitDelay.seconds(m, none) >= 1, m.toString());
    }

    @Test
    void aCircuitsDelayFollowsFaultTolerancesConfigurationOrderAndRoundsUp() {
        Method intern = CircuitDelay.GUARDED.get(0);
        String cls = intern.getDeclaringClass().getName();
        assertEquals(10, CircuitDelay.seconds(intern, config(Map.of())), "the annotation's 10 000 ms");
        assertEquals(3, CircuitDelay.seconds(intern, config(Map.of("CircuitBreaker/delay", "2500"))));
        assertEquals(4, CircuitDelay.seconds(intern, config(Map.of("CircuitBreaker/delay", "2500", cls + "/CircuitBreaker/delay", "4000"))));
        assertEquals(60, CircuitDelay.seconds(intern, config(Map.of(cls + "/CircuitBreaker/delay", "4000",
                cls + "/intern/CircuitBreaker/delay", "1", cls + "/intern/CircuitBreaker/delayUnit", "MINUTES"))));
        assertEquals(1, CircuitDelay.seconds(intern, config(Map.of(cls + "/intern/CircuitBreaker/delay", "0"))), "at least a second");
    }

    /** A configuration of these values alone, converting to Long and ChronoUnit as Fault Tolerance's keys need. */
    private static Config config(Map<String, String> values) {
        return new Config() {
            @Override public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
                String v = values.get(name);
                if (v == null) return Optional.empty();
                if (type == Long.class) return Optional.of(type.cast(Long.valueOf(v)));
                if (type == ChronoUnit.class) return Optional.of(type.cast(ChronoUnit.valueOf(v)));
                return Optional.of(type.cast(v));
            }

            @Override public <T> T getValue(String name, Class<T> type) {
                return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
            }

            @Override public ConfigValue getConfigValue(String name) { throw new UnsupportedOperationException(); }

            @Override public Iterable<String> getPropertyNames() { return values.keySet(); }

            @Override public Iterable<ConfigSource> getConfigSources() { return List.of(); }

            @Override public <T> Optional<Converter<T>> getConverter(Class<T> type) { return Optional.empty(); }

            @Override public <T> T unwrap(Class<T> type) { throw new IllegalArgumentException(); }
        };
    }
}
