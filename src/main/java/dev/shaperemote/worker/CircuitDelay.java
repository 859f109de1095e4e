package dev.shaperemote.worker;

import dev.shaperemote.worker.jms.ReplySender;
import dev.shaperemote.worker.jobs.JobStore;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How long an open circuit stays open, as the Retry-After of the Overloaded answer it causes: the delay of a
 * guarded method's {@code @CircuitBreaker} as Fault Tolerance resolves it (configuration by method, by class, then
 * globally, else the annotation), in whole seconds, at least 1.
 */
public final class CircuitDelay {
    /** The methods of the call path that have a circuit breaker: the cache provider, the job store, JMS replies. */
    static final List<Method> GUARDED = List.of(
            method(ConnectionRegistry.class, "intern"), method(JobStore.class, "request"), method(ReplySender.class, "send"));

    private CircuitDelay() {}

    /** The longest delay of {@link #GUARDED}: the Retry-After when the open circuit is not known. */
    public static int longestSeconds() {
        Config config = ConfigProvider.getConfig(CircuitDelay.class.getClassLoader());
        return GUARDED.stream().mapToInt(m -> seconds(m, config)).max().orElse(1);
    }

    static int seconds(Method method, Config config) {
        CircuitBreaker declared = method.getAnnotation(CircuitBreaker.class);
        long delay = value(config, method, "delay", Long.class).orElse(declared.delay());
        ChronoUnit unit = value(config, method, "delayUnit", ChronoUnit.class).orElse(declared.delayUnit());
        long millis = Duration.of(delay, unit).toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }

    /** A @CircuitBreaker parameter from configuration, in Fault Tolerance's order of precedence. */
    private static <T> Optional<T> value(Config config, Method method, String parameter, Class<T> type) {
        String cls = method.getDeclaringClass().getName();
        for (String key : new String[] {cls + "/" + method.getName() + "/CircuitBreaker/" + parameter,
                cls + "/CircuitBreaker/" + parameter, "CircuitBreaker/" + parameter}) {
            Optional<T> v = config.getOptionalValue(key, type);
            if (v.isPresent()) return v;
        }
        return Optional.empty();
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(name) && m.isAnnotationPresent(CircuitBreaker.class))
                .findFirst().orElseThrow(() -> new IllegalStateException(type.getName() + "." + name + " has no @CircuitBreaker"));
    }
}
