package dev.shaperemote.worker.admin;

import dev.shaperemote.worker.CallAdmission;
import dev.shaperemote.worker.Connection;
import dev.shaperemote.worker.ConnectionRegistry;
import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.jms.JmsListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The operator's view of the worker and its actions, behind both the JMX MBeans and {@code /api/v1/admin}:
 * one implementation, so the two can never disagree.
 */
@ApplicationScoped
public class WorkerAdmin implements PoolMXBean, CachesMXBean, WorkerMXBean {
    private static final Logger LOG = Logger.getLogger(WorkerAdmin.class.getName());

    @Inject
    CallAdmission admission;
    @Inject
    ConnectionRegistry connections;
    @Inject
    MetricRegistry metrics;
    @Inject
    JmsListener jms;
    @Inject
    WorkerConfig config;

    @Override public int getSize() { return admission.poolSize(); }

    @Override public int getActive() { return admission.runningCount(); }

    @Override public int getQueued() { return admission.queueDepth(); }

    @Override public long getRejected() { return admission.rejectedCount(); }

    @Override public long getLongestStopMillis() { return admission.longestStopMillis(); }

    @Override public int getConnections() { return connections.activeCount(); }

    @Override public int getFleetMembers() { return connections.members(); }

    @Override
    public long getEntries() {
        long n = 0;
        for (Connection c : connections.connections()) n += c.blobs().size();
        return n;
    }

    @Override
    public long getBytes() {
        long n = 0;
        for (Connection c : connections.connections()) n += c.blobs().bytes();
        return n;
    }

    @Override public long getHits() { return connections.totalHits(); }

    @Override public long getMisses() { return connections.totalMisses(); }

    @Override public long getEvictions() { return connections.totalEvictions(); }

    @Override
    public boolean evictConnection(String token) {
        boolean evicted = connections.evictBlobs(token);
        if (evicted) LOG.info("Operator evicted the blob cache of one connection");
        return evicted;
    }

    @Override
    public int clearAll() {
        int n = connections.clearAllBlobs();
        LOG.info("Operator cleared the blob caches of " + n + " connection(s)");
        return n;
    }

    @Override
    public Map<String, Long> getCallsByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        for (Map.Entry<MetricID, Counter> e : metrics.getCounters((id, m) -> id.getName().equals("shape.calls")).entrySet()) {
            String kind = e.getKey().getTags().getOrDefault("kind", "none");
            byKind.merge("none".equals(kind) ? "ok" : kind, e.getValue().getCount(), Long::sum);
        }
        return byKind;
    }

    @Override public boolean isDraining() { return admission.isDraining(); }

    @Override
    public void drain() {
        admission.drain();
        LOG.info("Shape worker draining: new calls are refused with Overloaded, " + getActive() + " running and "
                + getQueued() + " queued finish");
    }

    @Override
    public void undrain() {
        admission.undrain();
        LOG.info("Shape worker takes new calls again");
    }

    @Override public String getJmsListener() { return jms.state(); }

    @Override
    public void pauseJmsListener() {
        try {
            jms.pause(config.callTimeout().toMillis() + 5_000); // a message being answered finishes first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Shape worker JMS listener paused: requests wait on the queue");
    }

    @Override
    public void resumeJmsListener() {
        jms.resume();
        LOG.info("Shape worker JMS listener takes requests again");
    }
}
