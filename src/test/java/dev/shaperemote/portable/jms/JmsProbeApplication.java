package dev.shaperemote.portable.jms;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JMS probe: a tiny test WAR ({@code shape-jms-probe.war}) that {@code PortableJmsIT} deploys beside the worker,
 * so that a test outside the server can queue a call on the server's own broker (Liberty's messaging engine, Payara
 * Server's OpenMQ) through the connection factory the worker reads. Never part of the worker's WAR.
 */
@ApplicationPath("/")
public class JmsProbeApplication extends Application {}
