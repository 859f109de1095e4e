package dev.shaperemote.worker;

import javax.cache.CacheManager;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.logging.Logger;

/**
 * The JCache manager of the server's own data grid, for a fleet whose servers already form one cluster: Payara
 * Server's Domain Data Grid, whose manager Payara binds in JNDI at {@value #CACHE_MANAGER} (Payara Micro, clustered,
 * binds the same name; not tried there).
 *
 * <p>{@code Caching.getCachingProvider} cannot give it: Payara never registers its provider with {@code Caching}, so
 * a provider that class returns starts a Hazelcast instance of its own, and on Payara that fails outright (Payara's
 * web class loader delegates to the server first, so the classes are Payara's Hazelcast 5.3 while the service files
 * are the WAR's 5.5: {@code NoSuchMethodError}). The manager belongs to the server: the worker never closes it.
 */
final class ServerGrid {
    static final String CACHE_MANAGER = "payara/CacheManager";
    private static final Logger LOG = Logger.getLogger(ServerGrid.class.getName());

    private ServerGrid() {}

    /** The server's JCache manager; IllegalStateException when this server has no data grid. */
    static CacheManager cacheManager() {
        Object found;
        try {
            found = new InitialContext().lookup(CACHE_MANAGER);
        } catch (NamingException e) {
            throw new IllegalStateException("Hazelcast's provider without shape.worker.fleet.members uses the server's own"
                    + " data grid (Payara's, JNDI " + CACHE_MANAGER + "), which this server does not have: list the"
                    + " fleet's members in shape.worker.fleet.members", e);
        }
        if (!(found instanceof CacheManager manager)) {
            throw new IllegalStateException("JNDI " + CACHE_MANAGER + " holds a " + found.getClass().getName()
                    + " that is not this application's javax.cache.CacheManager (is cache-api loaded from the WAR first?)");
        }
        LOG.info(() -> "connections and blobs are in the server's data grid: JNDI " + CACHE_MANAGER + ", "
                + manager.getCachingProvider().getClass().getName() + " " + manager.getURI());
        return manager;
    }
}
