package dev.shaperemote.worker.admin;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers the worker's MBeans ({@code dev.shaperemote:type=Pool|Caches|Worker}) on the platform MBean
 * server when the application starts and unregisters them when it stops, so Admin Center, JConsole and the
 * JMX REST connector see them, and a redeploy never finds stale ones in the way.
 */
@ApplicationScoped
public class AdminMBeans {
    public static final String DOMAIN = "dev.shaperemote";
    private static final Logger LOG = Logger.getLogger(AdminMBeans.class.getName());

    @Inject
    WorkerAdmin admin;

    private final List<ObjectName> registered = new ArrayList<>();

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        register("Pool", PoolMXBean.class);
        register("Caches", CachesMXBean.class);
        register("Worker", WorkerMXBean.class);
    }

    private <T> void register(String type, Class<T> view) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = new ObjectName(DOMAIN, "type", type);
            if (server.isRegistered(name)) server.unregisterMBean(name); // left by an application that did not stop cleanly
            // One object per view (an MXBean object may be registered only once), defined by the interface alone.
            server.registerMBean(new StandardMBean(view.cast(Proxy.newProxyInstance(view.getClassLoader(), new Class<?>[] {view},
                    this::forward)), view, true), name);
            synchronized (registered) {
                registered.add(name);
            }
        } catch (JMException e) {
            LOG.log(Level.WARNING, "could not register the " + type + " MBean; the admin REST path still works", e);
        }
    }

    private Object forward(Object proxy, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(admin, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @PreDestroy
    void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (registered) {
            for (ObjectName name : registered) {
                try {
                    server.unregisterMBean(name);
                } catch (JMException e) {
                    LOG.log(Level.FINE, "MBean " + name + " was already gone", e);
                }
            }
            registered.clear();
        }
    }
}
