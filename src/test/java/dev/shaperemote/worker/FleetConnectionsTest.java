package dev.shaperemote.worker;

import dev.shaperemote.bytecode.FunctionBlob;
import dev.shaperemote.bytecode.FunctionHash;
import dev.shaperemote.lang.ShapeCompiler;
import dev.shaperemote.remote.BlobCache;
import dev.shaperemote.remote.RemoteErrorKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three workers' stores joined as one Hazelcast cluster on loopback, in this JVM: a connection and its blobs made
 * through one store are seen through the others, concurrent writers keep each other's blobs, and the fleet keeps a
 * connection when the member that made it leaves.
 */
class FleetConnectionsTest {
    private static final String HAZELCAST = "com.hazelcast.cache.HazelcastCachingProvider";
    private static final List<ConnectionStore> stores = new ArrayList<>();

    @BeforeAll
    static void joinThreeMembers() throws IOException {
        String cluster = "shape-test-" + UUID.randomUUID();
        List<Integer> ports = List.of(freePort(), freePort(), freePort());
        String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (int port : ports) {
            stores.add(ConnectionRegistry.open(config(members, port, cluster), FleetConnectionsTest.class.getClassLoader(), c -> { }));
        }
    }

    @AfterAll
    static void leave() {
        for (ConnectionStore s : stores) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // one test closes a member itself
            }
        }
    }

    @Test
    void withoutAMemberListAServerWithoutADataGridSaysToListTheMembers() {
        WorkerConfig c = config("", 0, "unused");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConnectionRegistry.open(c, FleetConnectionsTest.class.getClassLoader(), x -> { }));
        assertTrue(e.getMessage().contains("payara/CacheManager") && e.getMessage().contains("shape.worker.fleet.members"), e.getMessage());
    }

    static WorkerConfig config(String members, int port, String cluster) {
        WorkerConfig c = new WorkerConfig();
        c.cacheProvider = HAZELCAST;
        c.cacheMaxEntries = 4;
        c.cacheMaxBytes = 1 << 20;
        c.idleExpirySeconds = 600;
        c.fleetMembers = Optional.of(members);
        c.fleetPort = port;
        c.fleetAddress = Optional.of("127.0.0.1");
        c.fleetClusterName = cluster;
        return c;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<FunctionBlob> blobs(String prefix, int n) {
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < n; i++) src.append("fn ").append(prefix).append(i).append("(x) { x + ").append(i).append(" }\n");
        List<FunctionBlob> out = new ArrayList<>();
        var program = ShapeCompiler.compile(src.toString());
        for (int i = 0; i < n; i++) {
            String name = prefix + i;
            out.add(program.blobs().values().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow());
        }
        return out;
    }

    private static List<FunctionHash> hashes(List<FunctionBlob> blobs) { return blobs.stream().map(FunctionBlob::contentHash).toList(); }

    @Test
    void aConnectionAndItsBlobsMadeOnOneWorkerAreKnownOnTheOthers() {
        assertInstanceOf(FleetConnections.class, stores.get(0), "Hazelcast's provider stores by value: the fleet's store");
        String token = Tokens.next();
        Connection made = stores.get(0).create(token, "alice", Instant.now());
        List<FunctionBlob> sent = blobs("g", 2);
        made.blobs().insertBlobs(sent);

        for (ConnectionStore other : stores.subList(1, 3)) {
            Connection seen = other.get(token);
            assertNotNull(seen, "the token works on every worker");
            assertEquals("alice", seen.principal());
            assertEquals(hashes(sent), seen.blobs().filterKnown(hashes(sent)), "negotiation on another worker knows the blobs");
            FunctionBlob back = seen.blobs().get(sent.get(1).contentHash());
            assertEquals(sent.get(1).contentHash(), back.contentHash());
            assertArrayEquals(sent.get(1).instructions(), back.instructions());
            assertEquals(2, seen.blobs().size());
        }
        assertTrue(stores.get(2).all().stream().anyMatch(c -> c.token().equals(token)));

        assertTrue(stores.get(1).remove(stores.get(1).get(token)), "deleted on one worker");
        assertNull(stores.get(0).get(token), "gone on all");
    }

    @Test
    void eachConnectionKeepsItsOwnLinesAndItsOwnBound() {
        String token = Tokens.next();
        BlobCache alice = stores.get(0).create(token, "alice", Instant.now()).blobs();
        FunctionBlob shifted = ShapeCompiler.compile("\n\n\nfn g0(x) { x + 0 }").blobs().values().stream()
                .filter(b -> b.name().equals("g0")).findFirst().orElseThrow();
        FunctionBlob plain = blobs("g", 1).get(0);
        assertEquals(plain.contentHash(), shifted.contentHash());

        String other = Tokens.next();
        stores.get(1).create(other, "bob", Instant.now()).blobs().insertBlobs(List.of(plain));
        alice.insertBlobs(List.of(shifted));
        FunctionBlob seen = stores.get(2).get(token).blobs().get(shifted.contentHash());
        assertEquals(shifted.sourceMap().get(0)[1], seen.sourceMap().get(0)[1], "alice's copy names alice's lines");

        List<FunctionBlob> six = blobs("h", 6);
        alice.insertBlobs(six);
        BlobCache again = stores.get(1).get(token).blobs();
        assertEquals(4, again.size(), "at most max-entries blobs per connection");
        assertEquals(hashes(six.subList(2, 6)), again.filterKnown(hashes(six)), "the oldest went first");
    }

    @Test
    void aStoreWhoseClusterIsGoneAnswersOverloadedNotAStackTrace() throws IOException {
        int port = freePort();
        WorkerConfig config = config("127.0.0.1:" + port, port, "shape-test-alone-" + UUID.randomUUID());
        config.retryAfterSeconds = 2;
        ConnectionRegistry registry = new ConnectionRegistry();
        registry.config = config;
        registry.store = ConnectionRegistry.open(config, getClass().getClassLoader(), c -> { });
        String token = registry.store.create(Tokens.next(), "alice", Instant.now()).token();
        assertEquals("alice", registry.find(token, "alice").principal());

        registry.store.close(); // the member leaves: its cluster is gone
        WorkerFailure refused = assertThrows(WorkerFailure.class, () -> registry.find(token, "alice"));
        assertEquals(503, refused.status());
        assertEquals(RemoteErrorKind.Overloaded, refused.kind());
        assertEquals(2, refused.retryAfterSeconds());
        assertTrue(refused.getMessage().contains("retry"), refused.getMessage());
    }

    @Test
    void eachWorkerOfTheFleetAllowsItsShareOfACallersCallsInFlight() {
        ConnectionRegistry registry = new ConnectionRegistry();
        registry.store = stores.get(0);
        assertEquals(3, registry.members(), "the cluster has formed");
        Quotas quotas = new Quotas();
        quotas.calls = 16;
        quotas.connections = 100;
        quotas.registry = registry;
        quotas.config = config("127.0.0.1:1", 1, "unused");
        assertEquals(5, quotas.share(Quotas.Kind.CALLS), "16 calls in flight across 3 workers: 5 on each, 15 at most");
        assertEquals(100, quotas.share(Quotas.Kind.CONNECTIONS), "connections are counted fleet-wide, not shared out");
        List<Quotas.Permit> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) held.add(quotas.take("dave", Quotas.Kind.CALLS));
        WorkerFailure refused = assertThrows(WorkerFailure.class, () -> quotas.take("dave", Quotas.Kind.CALLS));
        assertEquals(429, refused.status());
        assertTrue(refused.getMessage().contains("fleet of 3"), refused.getMessage());
        quotas.take("erin", Quotas.Kind.CALLS).close(); // another caller is not held up
        held.forEach(Quotas.Permit::close);
    }

    @Test
    void workersAddingBlobsToOneConnectionAtOnceKeepEachOthers() throws Exception {
        String token = Tokens.next();
        stores.get(0).create(token, "carol", Instant.now());
        List<FunctionBlob> left = blobs("l", 2), right = blobs("r", 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = pool.submit(() -> stores.get(1).get(token).blobs().insertBlobs(left));
            Future<?> b = pool.submit(() -> stores.get(2).get(token).blobs().insertBlobs(right));
            a.get();
            b.get();
        } finally {
            pool.shutdownNow();
        }
        List<FunctionHash> all = new ArrayList<>(hashes(left));
        all.addAll(hashes(right));
        assertEquals(4, stores.get(0).get(token).blobs().filterKnown(all).size(), "no writer lost the other's blobs");
    }
}
