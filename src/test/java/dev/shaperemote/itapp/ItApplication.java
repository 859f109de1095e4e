package dev.shaperemote.itapp;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The integration-test application: helpers the tests need inside the server, kept out of the production WAR.
 * The build packs this package (and {@code client.jms.ShapeJmsClient}, which the JMS driver uses) into
 * {@code target/shape-remote-it.war} (pom.xml, maven-war-plugin execution {@code it-app}) and deploys it only to
 * the integration-test server {@code shapeIt}, at context root {@code /it}
 * ({@code src/test/liberty/configDropins/overrides/shape-remote-it.xml}). Like the worker's API, every request
 * needs a verified MicroProfile JWT bearer token ({@code src/test/itapp/WEB-INF/web.xml}).
 *
 * <p>Everything in this package goes into that WAR: keep tests themselves elsewhere.
 */
@ApplicationPath("/")
public class ItApplication extends Application {
}
