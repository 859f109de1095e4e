package dev.shaperemote.worker;

import dev.shaperemote.lang.CompileLimits;
import dev.shaperemote.vm.Budgets;
import dev.shaperemote.vm.JitSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every tunable of the worker, read once from MicroProfile Config under {@code shape.worker.}.
 * Defaults live in META-INF/microprofile-config.properties; docs/OPERATIONS.md lists each key.
 */
@ApplicationScoped
public class WorkerConfig {
    @Inject @ConfigProperty(name = "shape.worker.pool.size") int poolSize;
    @Inject @ConfigProperty(name = "shape.worker.queue.size") int queueSize;
    @Inject @ConfigProperty(name = "shape.worker.retry-after-seconds") int retryAfterSeconds;
    @Inject @ConfigProperty(name = "shape.worker.call.timeout-ms") long callTimeoutMs;
    @Inject @ConfigProperty(name = "shape.worker.budget.instructions") long maxInstructions;
    @Inject @ConfigProperty(name = "shape.worker.budget.memory-bytes") long maxMemoryBytes;
    @Inject @ConfigProperty(name = "shape.worker.budget.call-depth") int maxCallDepth;
    @Inject @ConfigProperty(name = "shape.worker.budget.output-bytes") long maxOutputBytes;
    @Inject @ConfigProperty(name = "shape.worker.jit") String jit;
    @Inject @ConfigProperty(name = "shape.worker.jit.threshold") int jitThreshold;
    @Inject @ConfigProperty(name = "shape.worker.compile.max-source-bytes") long compileMaxSourceBytes;
    @Inject @ConfigProperty(name = "shape.worker.cache.provider") String cacheProvider;
    @Inject @ConfigProperty(name = "shape.worker.cache.max-entries") int cacheMaxEntries;
    @Inject @ConfigProperty(name = "shape.worker.cache.max-bytes") long cacheMaxBytes;
    @Inject @ConfigProperty(name = "shape.worker.connection.idle-expiry-seconds") long idleExpirySeconds;
    @Inject @ConfigProperty(name = "shape.worker.connection.max-count") int maxConnections;
    @Inject @ConfigProperty(name = "shape.worker.sidecar.threshold-bytes") long sidecarThresholdBytes;
    @Inject @ConfigProperty(name = "shape.worker.execute.max-request-bytes") long executeMaxRequestBytes;
    @Inject @ConfigProperty(name = "shape.worker.wire.max-stream-bytes") long wireMaxStreamBytes;
    @Inject @ConfigProperty(name = "shape.worker.wire.max-decompressed-bytes") long wireMaxDecompressedBytes;
    @Inject @ConfigProperty(name = "shape.worker.websocket.max-message-bytes") long websocketMaxMessageBytes;
    @Inject @ConfigProperty(name = "shape.worker.fleet.members") Optional<String> fleetMembers;
    @Inject @ConfigProperty(name = "shape.worker.fleet.port") int fleetPort;
    @Inject @ConfigProperty(name = "shape.worker.fleet.address") Optional<String> fleetAddress;
    @Inject @ConfigProperty(name = "shape.worker.fleet.cluster-name") String fleetClusterName;

    /**
     * How this worker joins a fleet's cluster: the members to reach (host:port, this one among them or not), its
     * own member port, the address it binds and announces (empty: Hazelcast picks one), the cluster's name.
     */
    public record Fleet(List<String> members, int port, Optional<String> address, String clusterName) {}

    public int poolSize() { return Math.max(1, poolSize); }

    public int queueSize() { return Math.max(0, queueSize); }

    public int retryAfterSeconds() { return Math.max(1, retryAfterSeconds); }

    /** The wall-clock budget of one call, queue wait included. */
    public Duration callTimeout() { return Duration.ofMillis(callTimeoutMs); }

    /** Every run's limits, and whether its hot functions are compiled (the worker's setting, not the JVM's {@code shape.jit} property). */
    public Budgets budgets() { return new Budgets(maxInstructions, maxMemoryBytes, maxCallDepth, maxOutputBytes, jit()); }

    /** {@code shape.worker.jit}: {@code on} or {@code off} ({@code true}/{@code false} too); anything else stops the worker's start. */
    public JitSettings jit() {
        boolean on = switch (jit.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("shape.worker.jit is on or off, not '" + jit + "'");
        };
        return new JitSettings(on, Math.max(0, jitThreshold));
    }

    /** How large Execute/Validate source may be (CompileError past it). */
    public CompileLimits compileLimits() { return CompileLimits.DEFAULT.withMaxSourceBytes(Math.max(0, compileMaxSourceBytes)); }

    public String cacheProvider() { return cacheProvider; }

    public int cacheMaxEntries() { return cacheMaxEntries; }

    public long cacheMaxBytes() { return cacheMaxBytes; }

    public Duration idleExpiry() { return Duration.ofSeconds(idleExpirySeconds); }

    public int maxConnections() { return maxConnections; }

    public long sidecarThresholdBytes() { return sidecarThresholdBytes; }

    public long executeMaxRequestBytes() { return executeMaxRequestBytes; }

    public long wireMaxStreamBytes() { return wireMaxStreamBytes; }

    public long wireMaxDecompressedBytes() { return wireMaxDecompressedBytes; }

    /** The fleet's member list and this member's settings; {@code members} is empty for a single server. */
    public Fleet fleet() {
        List<String> members = fleetMembers.map(m -> Arrays.stream(m.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
        return new Fleet(members, fleetPort, fleetAddress.map(String::strip).filter(a -> !a.isEmpty()), fleetClusterName);
    }

    /** Largest WebSocket binary message (one frame); past it the container closes the session (1009). */
    public long websocketMaxMessageBytes() { return websocketMaxMessageBytes; }
}
