package dev.shaperemote.worker;

import com.hazelcast.cache.HazelcastCacheManager;
import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.cache.HazelcastMemberCachingProvider;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;
import java.net.URI;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The worker's own member of a Hazelcast cluster, for a fleet on servers without one (Liberty): it joins the
 * members listed in configuration over TCP/IP (never multicast, never cloud discovery), and its JCache manager
 * holds the fleet's caches. Loaded only when the configured provider is Hazelcast's and a member list is set.
 */
final class FleetMember implements AutoCloseable {
    private final HazelcastInstance instance;

    private FleetMember(HazelcastInstance instance) { this.instance = instance; }

    /** Whether {@code provider} is Hazelcast's (then a member list starts {@link #join}). */
    static boolean isHazelcast(CachingProvider provider) { return provider.getClass().getName().startsWith("com.hazelcast."); }

    /** Starts this worker's member: it has joined the cluster (or formed it, alone) when this returns. */
    static FleetMember join(WorkerConfig.Fleet fleet, ClassLoader loader) {
        Config config = new Config();
        config.setClusterName(fleet.clusterName());
        config.setInstanceName("shape-worker-" + fleet.port());
        config.setClassLoader(loader);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        // The worker stops its member when the application stops; Hazelcast's own hook would race it.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A member that stops answering (killed, frozen) is dropped after 15 s instead of Hazelcast's 60: until then
        // the connections whose partitions it owned wait. Not much less: a loaded machine must not look dead.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "2");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(fleet.port()).setPortAutoIncrement(false);
        fleet.address().ifPresent(address -> {
            network.getInterfaces().setEnabled(true).setInterfaces(List.of(address));
            config.setProperty("hazelcast.socket.bind.any", "false");
            network.setPublicAddress(address + ":" + fleet.port());
        });
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(fleet.members());
        return new FleetMember(Hazelcast.newHazelcastInstance(config));
    }

    /**
     * The JCache manager of this member, from a Hazelcast member provider of its own (whichever of Hazelcast's
     * providers is configured: the generic one would take the instance for a client's). A provider keeps one manager
     * per URI and class loader, and the caches' names in the cluster follow the URI, which every worker must share:
     * a provider per member keeps two members of one JVM (the tests') apart.
     */
    CacheManager cacheManager(ClassLoader loader) {
        CachingProvider provider = new HazelcastMemberCachingProvider();
        return provider.getCacheManager(URI.create("shape-fleet"), loader, HazelcastCachingProvider.propertiesByInstanceItself(instance));
    }

    /**
     * The members of the cluster {@code manager} belongs to, as this member sees them (no network); 1 when the
     * manager is not Hazelcast's.
     */
    static IntSupplier members(CacheManager manager) {
        try {
            if (manager instanceof HazelcastCacheManager hazelcast) {
                HazelcastInstance cluster = hazelcast.getHazelcastInstance();
                return () -> cluster.getCluster().getMembers().size();
            }
        } catch (LinkageError noHazelcast) {
            // another provider that stores by value, without Hazelcast on the class path
        }
        return () -> 1;
    }

    @Override
    public void close() { instance.shutdown(); }
}
